import type { DbOrTx } from '../../shared/db/db.js';
import type { Platform } from '../../shared/db/enums.js';
import { normaliseChoice, voterKey, type VoteOutcome } from './polls.models.js';
import { createPollsRepository } from './polls.repository.js';

// Votes are neither audited nor logged: for an anonymous poll, "member 12 voted at 10:02"
// next to a ballot stamped 10:02 would undo the anonymity.

/**
 * A member's answer, from any platform (Telegram poll_answer, Zalo buttons). The latest
 * answer replaces the earlier one until the deadline; an empty answer withdraws the vote.
 */
export async function recordVote(
  { pollId, memberId, optionIds, now }: { pollId: number; memberId: number; optionIds: readonly number[]; now: Date },
  { db }: { db: DbOrTx },
): Promise<VoteOutcome> {
  return db.transaction(async (tx) => {
    const repo = createPollsRepository({ db: tx });
    const poll = await repo.findForVote(pollId);
    if (!poll) return 'unknown_poll';
    // Past the deadline the poll is over, even if the close job has not run yet.
    if (poll.status !== 'open' || now.getTime() >= poll.deadline.getTime()) return 'closed';
    if (!(await repo.inAudience(pollId, memberId))) return 'not_in_audience';
    const chosen = normaliseChoice(optionIds, { optionCount: poll.options.length, multipleChoice: poll.multipleChoice });
    if (chosen === null) return 'bad_option';
    const key = voterKey(poll, memberId);
    if (chosen.length === 0) {
      await repo.deleteBallot(pollId, key);
      return 'retracted';
    }
    await repo.saveBallot({
      pollId,
      voterKey: key,
      optionIds: chosen,
      // An anonymous ballot names no member and carries no time of its own: a vote's time could
      // be matched with the member's last activity. Every ballot of the poll has its start time.
      memberId: poll.anonymous ? null : memberId,
      votedAt: poll.anonymous ? poll.createdAt : now,
    });
    return 'recorded';
  });
}

/**
 * An answer to a platform's native poll (Telegram): the platform poll id finds the copy, and
 * the copy must be the voter's own — a copy forwarded to someone else does not make them voters.
 */
export async function recordPlatformVote(
  {
    platform,
    platformPollId,
    memberId,
    optionIds,
    now,
  }: { platform: Platform; platformPollId: string; memberId: number; optionIds: readonly number[]; now: Date },
  { db }: { db: DbOrTx },
): Promise<VoteOutcome> {
  const copy = await createPollsRepository({ db }).findCopy(platform, platformPollId);
  if (!copy) return 'unknown_poll';
  if (copy.memberId !== memberId) return 'not_in_audience';
  return recordVote({ pollId: copy.pollId, memberId, optionIds, now }, { db });
}

/**
 * A tap on one option's button (platforms without native polls: Zalo). Single choice: the
 * option becomes the answer. Multiple choice: the option is added, or removed if it was
 * chosen, so a member builds the answer tap by tap. Returns the options chosen now.
 */
export async function recordOptionTap(
  { pollId, memberId, option, now }: { pollId: number; memberId: number; option: number; now: Date },
  { db }: { db: DbOrTx },
): Promise<{ outcome: VoteOutcome; chosen: number[]; options: string[] }> {
  return db.transaction(async (tx) => {
    const repo = createPollsRepository({ db: tx });
    const poll = await repo.findById(pollId);
    if (!poll) return { outcome: 'unknown_poll' as const, chosen: [], options: [] };
    let optionIds = [option];
    // A closed anonymous poll has no secret left to find a ballot with: recordVote says 'closed'.
    if (poll.multipleChoice && poll.status === 'open') {
      const current = (await repo.ballotOf(pollId, voterKey(poll, memberId))) ?? [];
      optionIds = current.includes(option) ? current.filter((o) => o !== option) : [...current, option];
    }
    const outcome = await recordVote({ pollId, memberId, optionIds, now }, { db: tx });
    const chosen = outcome === 'recorded' ? [...optionIds].sort((a, b) => a - b) : [];
    return { outcome, chosen, options: poll.options };
  });
}
