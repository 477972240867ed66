import { randomBytes } from 'node:crypto';
import type { Clock } from '../../shared/clock.js';
import type { DbOrTx } from '../../shared/db/db.js';
import { createAuditRepository } from '../audit/audit.repository.js';
import { reachableRecipients } from '../identities/recipients.repository.js';
import { createMembersRepository, type MemberWithBranch } from '../members/members.repository.js';
import { pathIds } from '../org-units/org-units.models.js';
import { createOrgUnitsRepository } from '../org-units/org-units.repository.js';
import { notifyMembers } from '../outbox/notify.js';
import { pollLeader } from './polls.access.js';
import { tidyDraft, validatePollDraft, type PollDraft, type PollProblem } from './polls.models.js';
import { createPollsRepository, pollMessageKey, publicPoll, type Poll } from './polls.repository.js';
import { isActiveMember } from '../members/members.models.js';

// The whole polls API for the edges (chat flows, Zalo buttons, jobs) is importable from here.
export { validatePollDraft, type PollDraft, type DraftProblem, type PollProblem, type VoteOutcome } from './polls.models.js';
export type { Poll, PollCopy } from './polls.repository.js';
export type { PollActor } from './polls.access.js';
export { recordVote, recordPlatformVote, recordOptionTap } from './votes.usecases.js';
export { pollResults, resultsView, type PollResults } from './results.usecases.js';
export { closePoll, duePolls, stopLateCopies, type ClosePollResult } from './close.usecases.js';

export type PreviewPollResult =
  | { status: 'ok'; audience: number; reachable: number; groupName: string | null }
  | { status: 'forbidden' }
  | { status: 'invalid'; problems: PollProblem[] };

export type CreatePollResult =
  | { status: 'sent'; poll: Poll; audience: number; outboxIds: number[]; unreachable: number[] }
  | { status: 'forbidden' }
  | { status: 'invalid'; problems: PollProblem[] };

type Checked =
  | { status: 'forbidden' }
  | { status: 'invalid'; problems: PollProblem[] }
  | { status: 'ok'; leader: MemberWithBranch; draft: PollDraft; audience: number[]; groupName: string | null };

/** Who may send it, to whom, and what is wrong with it. `now` absent: the deadline is not judged. */
async function check({ actor, draft, now }: { actor: MemberWithBranch; draft: PollDraft; now?: Date }, db: DbOrTx): Promise<Checked> {
  const leader = await pollLeader(db, actor.id);
  if (!leader) return { status: 'forbidden' };
  const problems: PollProblem[] = validatePollDraft(draft, { now: now ?? draft.deadline }).filter(
    (p) => now !== undefined || p !== 'deadline_past',
  );
  let groupName: string | null = null;
  if (draft.groupId !== null) {
    const group = await createOrgUnitsRepository({ db }).findById(draft.groupId);
    // Another branch's group is "not found": it is none of this branch's business.
    if (!group || group.kind !== 'group' || !pathIds(group.path).includes(leader.branchId)) problems.push('group_not_found');
    else groupName = group.name;
  }
  const roster = await createMembersRepository({ db }).listByBranch(leader.branchId);
  const audience = roster.filter((m) => isActiveMember(m) && (draft.groupId === null || m.groupId === draft.groupId)).map((m) => m.id);
  if (audience.length === 0 && !problems.includes('group_not_found')) problems.push('audience_empty');
  if (problems.length) return { status: 'invalid', problems };
  return { status: 'ok', leader, draft: tidyDraft(draft), audience, groupName };
}

/** What sending would do, before anything is stored: how many members, how many reachable in chat. */
export async function previewPoll(
  { actor, draft, now }: { actor: MemberWithBranch; draft: PollDraft; now?: Date },
  { db }: { db: DbOrTx },
): Promise<PreviewPollResult> {
  const c = await check({ actor, draft, ...(now ? { now } : {}) }, db);
  if (c.status !== 'ok') return c;
  const reachable = (await reachableRecipients(db, c.audience)).length;
  return { status: 'ok', audience: c.audience.length, reachable, groupName: c.groupName };
}

/**
 * Store the poll with its audience fixed now, and write one poll message per member to the
 * outbox. The caller dispatches `outboxIds` and schedules the close (schedulePollClose).
 */
export async function createPoll(
  { actor, draft, now }: { actor: MemberWithBranch; draft: PollDraft; now: Date },
  { db }: { db: DbOrTx; clock?: Clock },
): Promise<CreatePollResult> {
  const c = await check({ actor, draft, now }, db);
  if (c.status !== 'ok') return c;
  const { leader, draft: d, audience } = c;
  return db.transaction(async (tx) => {
    const poll = await createPollsRepository({ db: tx }).insert(
      {
        branchId: leader.branchId,
        groupId: d.groupId,
        createdByMemberId: leader.id,
        question: d.question,
        options: d.options,
        multipleChoice: d.multipleChoice,
        anonymous: d.anonymous,
        shareResults: d.shareResults,
        deadline: d.deadline,
        ballotSecret: d.anonymous ? randomBytes(32) : null,
        createdAt: now,
      },
      audience,
    );
    // Ids and settings only: the question and options are the branch's business, not the log's.
    await createAuditRepository({ db: tx }).record({
      actorMemberId: leader.id,
      actorKind: 'member',
      action: 'poll.create',
      subjectType: 'poll',
      subjectId: poll.id,
      details: {
        groupId: poll.groupId,
        options: d.options.length,
        multipleChoice: poll.multipleChoice,
        anonymous: poll.anonymous,
        shareResults: poll.shareResults,
        deadline: poll.deadline.toISOString(),
        audience: audience.length,
      },
    });
    const sent = await notifyMembers(tx, {
      memberIds: audience,
      now,
      dedupeKey: (memberId) => pollMessageKey(poll.id, memberId),
      message: { kind: 'poll', pollId: poll.id, question: poll.question, options: poll.options, multipleChoice: poll.multipleChoice },
    });
    return { status: 'sent' as const, poll: publicPoll(poll), audience: audience.length, ...sent };
  });
}

export async function findPoll({ pollId }: { pollId: number }, { db }: { db: DbOrTx }): Promise<Poll | undefined> {
  const row = await createPollsRepository({ db }).findById(pollId);
  return row && publicPoll(row);
}

/** The creator's newest poll in their branch, open or closed: what /ketqua and /dongbieuquyet act on. */
export async function latestPollOf({ memberId }: { memberId: number }, { db }: { db: DbOrTx }): Promise<Poll | undefined> {
  const member = await createMembersRepository({ db }).findById(memberId);
  const row = member && (await createPollsRepository({ db }).latestByCreator(member.branchId, memberId));
  return row && publicPoll(row);
}
