import type { DbOrTx } from '../../shared/db/db.js';
import type { ResultsView } from './polls.notices.js';
import { mayManagePoll, type PollActor } from './polls.access.js';
import { tally, turnoutPercent } from './polls.models.js';
import { createPollsRepository, publicPoll, type Poll, type PollRow } from './polls.repository.js';

export type PollResults = {
  status: 'ok';
  poll: Poll;
  /** Votes per option, in the options' order. */
  counts: number[];
  /** Members who voted (a multiple-choice ballot counts once here). */
  voters: number;
  /** Members the poll was sent to, fixed at creation. */
  audience: number;
  /** Whole percent: voters / audience. */
  turnout: number;
  /** Named polls only: who chose each option. Never present for an anonymous poll. */
  named?: { option: number; names: string[] }[];
};

/** Counts (and, for a named poll, names) of a poll; no access check: callers decide. */
export async function tallyPoll(poll: PollRow, db: DbOrTx): Promise<PollResults> {
  const repo = createPollsRepository({ db });
  const ballots = await repo.ballots(poll.id);
  const audience = (await repo.audienceIds(poll.id)).length;
  const counts = tally(
    poll.options.length,
    ballots.map((b) => b.optionIds),
  );
  const results: PollResults = {
    status: 'ok',
    poll: publicPoll(poll),
    counts,
    voters: ballots.length,
    audience,
    turnout: turnoutPercent(ballots.length, audience),
  };
  if (!poll.anonymous) {
    results.named = poll.options.map((_, option) => ({
      option,
      names: ballots.filter((b) => b.optionIds.includes(option) && b.fullName !== null).map((b) => b.fullName!),
    }));
  }
  return results;
}

/** Live or final results, for the bí thư or phó bí thư of the poll's branch. */
export async function pollResults(
  { pollId, actor }: { pollId: number; actor: PollActor },
  { db }: { db: DbOrTx },
): Promise<PollResults | { status: 'forbidden' }> {
  const poll = await createPollsRepository({ db }).findById(pollId);
  // An unknown poll and another branch's poll look the same from outside.
  if (!poll || !(await mayManagePoll(db, actor, poll.branchId))) return { status: 'forbidden' };
  return tallyPoll(poll, db);
}

/** What the results say (the close sends them; /ketqua shows the same). */
export function resultsView(r: PollResults): ResultsView {
  return {
    question: r.poll.question,
    options: r.poll.options,
    counts: r.counts,
    ...(r.named ? { named: r.named } : {}),
    voters: r.voters,
    audience: r.audience,
    turnout: r.turnout,
    anonymous: r.poll.anonymous,
    multipleChoice: r.poll.multipleChoice,
    closed: r.poll.status === 'closed',
    deadline: r.poll.deadline.toISOString(),
  };
}
