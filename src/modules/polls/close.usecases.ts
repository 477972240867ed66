import type { Clock } from '../../shared/clock.js';
import type { DbOrTx } from '../../shared/db/db.js';
import { createAuditRepository } from '../audit/audit.repository.js';
import { notifyMembers } from '../outbox/notify.js';
import { createOutboxRepository } from '../outbox/outbox.repository.js';
import { mayManagePoll, type PollActor } from './polls.access.js';
import { createPollsRepository, pollResultKey, pollStopKey, type PollCopy } from './polls.repository.js';
import { resultsView, tallyPoll } from './results.usecases.js';
import type { PollNotice } from './polls.notices.js';
import { noticeMessage } from '../../shared/outbound.js';

export type ClosePollResult = { status: 'closed'; outboxIds: number[] } | { status: 'already_closed' } | { status: 'forbidden' };

const DUE_BATCH = 500;
// A copy delivered after its poll closed is stopped by the sweep; a day covers every retry.
const LATE_COPY_WINDOW_MS = 86_400_000;

const stopMessages = (copies: PollCopy[]) =>
  copies.map((c) => ({
    platform: c.platform,
    chatId: c.chatId,
    memberId: c.memberId,
    dedupeKey: pollStopKey(c.pollId, c.memberId),
    message: { kind: 'stop_poll' as const, pollId: c.pollId, messageId: c.messageId },
  }));

/**
 * Close a poll, at its deadline (system) or early (its branch's bí thư or phó bí thư): once.
 * Every copy is stopped, the results go to the creator and, if chosen, to the audience; an
 * anonymous poll's secret is erased. Closing again changes nothing.
 */
export async function closePoll(
  { pollId, actor, now }: { pollId: number; actor: PollActor; now: Date },
  { db }: { db: DbOrTx; clock?: Clock },
): Promise<ClosePollResult> {
  const found = await createPollsRepository({ db }).findById(pollId);
  if (!found || !(await mayManagePoll(db, actor, found.branchId))) return { status: 'forbidden' };
  if (found.status === 'closed') return { status: 'already_closed' };
  return db.transaction(async (tx): Promise<ClosePollResult> => {
    const repo = createPollsRepository({ db: tx });
    // Two closers (the deadline job and the sweep, or a bí thư tapping twice): one wins here.
    const poll = await repo.closeIfOpen(pollId, now);
    if (!poll) return { status: 'already_closed' };
    const audience = await repo.audienceIds(pollId);
    await repo.cancelPendingCopies(pollId, audience, now);
    const copies = (await repo.copies(pollId)).filter((c) => c.stoppedAt === null);
    const outboxIds = await createOutboxRepository({ db: tx }).add(stopMessages(copies), now);

    const results = await tallyPoll(poll, tx);
    const message = noticeMessage({ type: 'poll.results', pollId, results: resultsView(results) } satisfies PollNotice);
    const creator = poll.createdByMemberId;
    if (creator !== null) {
      const toCreator = await notifyMembers(tx, { memberIds: [creator], message, now, dedupeKey: () => pollResultKey(pollId, 'creator') });
      outboxIds.push(...toCreator.outboxIds);
    }
    if (poll.shareResults) {
      // The creator already has them; one copy of the results is enough.
      const members = audience.filter((id) => id !== creator);
      const toMembers = await notifyMembers(tx, { memberIds: members, message, now, dedupeKey: (id) => pollResultKey(pollId, id) });
      outboxIds.push(...toMembers.outboxIds);
    }
    await createAuditRepository({ db: tx }).record({
      ...(actor.kind === 'member' ? { actorMemberId: actor.memberId, actorKind: 'member' as const } : { actorKind: 'system' as const }),
      action: 'poll.close',
      subjectType: 'poll',
      subjectId: pollId,
      details: {
        early: now.getTime() < poll.deadline.getTime(),
        voters: results.voters,
        audience: results.audience,
        copiesStopped: copies.length,
      },
    });
    return { status: 'closed', outboxIds };
  });
}

/** Open polls whose deadline has passed, oldest first. */
export async function duePolls({ now }: { now: Date }, { db }: { db: DbOrTx }): Promise<number[]> {
  return createPollsRepository({ db }).dueIds(now, DUE_BATCH);
}

/**
 * Copies that reached a member after their poll closed (the send was in flight at the close)
 * are stopped too. Idempotent: each copy's stop is one outbox row under its dedupe key.
 */
export async function stopLateCopies({ now }: { now: Date }, { db }: { db: DbOrTx }): Promise<{ outboxIds: number[] }> {
  const late = await createPollsRepository({ db }).liveCopiesOfClosed(new Date(now.getTime() - LATE_COPY_WINDOW_MS));
  return { outboxIds: await createOutboxRepository({ db }).add(stopMessages(late), now) };
}
