import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../shared/db/db.js';
import type { Platform } from '../../shared/db/enums.js';
import { members } from '../members/members.table.js';
import { outbox } from '../outbox/outbox.table.js';
import { pollAudience, pollCopies, polls, pollVotes } from './polls.table.js';

export type PollRow = typeof polls.$inferSelect;
export type PollCopy = typeof pollCopies.$inferSelect;
/** A poll as the edges see it: the ballot secret never leaves the module. */
export type Poll = Omit<PollRow, 'ballotSecret'>;

/** Outbox dedupe keys: each intent is one row however often it is written. */
export const pollMessageKey = (pollId: number, memberId: number) => `poll:${pollId}:${memberId}`;
export const pollStopKey = (pollId: number, memberId: number) => `poll-stop:${pollId}:${memberId}`;
export const pollResultKey = (pollId: number, to: number | 'creator') => `poll-result:${pollId}:${to}`;

export const publicPoll = ({ ballotSecret: _secret, ...poll }: PollRow): Poll => poll;

export function createPollsRepository({ db }: { db: DbOrTx }) {
  async function insert(values: typeof polls.$inferInsert, audience: number[]): Promise<PollRow> {
    const [poll] = await db.insert(polls).values(values).returning();
    if (audience.length) await db.insert(pollAudience).values(audience.map((memberId) => ({ pollId: poll!.id, memberId })));
    return poll!;
  }

  async function findById(id: number): Promise<PollRow | undefined> {
    const [row] = await db.select().from(polls).where(eq(polls.id, id));
    return row;
  }

  /**
   * The poll, read under a share lock: a vote and the close never interleave. The close's
   * UPDATE waits for votes in flight, and a vote that starts after it sees the poll closed.
   */
  async function findForVote(id: number): Promise<PollRow | undefined> {
    const [row] = await db.select().from(polls).where(eq(polls.id, id)).for('share');
    return row;
  }

  /** By branch first: polls_branch_idx finds the branch's few polls; the creator has no index. */
  async function latestByCreator(branchId: number, memberId: number): Promise<PollRow | undefined> {
    const [row] = await db
      .select()
      .from(polls)
      .where(and(eq(polls.branchId, branchId), eq(polls.createdByMemberId, memberId)))
      .orderBy(desc(polls.createdAt), desc(polls.id))
      .limit(1);
    return row;
  }

  async function dueIds(now: Date, limit: number): Promise<number[]> {
    const rows = await db
      .select({ id: polls.id })
      .from(polls)
      .where(and(eq(polls.status, 'open'), lte(polls.deadline, now)))
      .orderBy(asc(polls.deadline), asc(polls.id))
      .limit(limit);
    return rows.map((r) => r.id);
  }

  async function inAudience(pollId: number, memberId: number): Promise<boolean> {
    const rows = await db
      .select({ m: pollAudience.memberId })
      .from(pollAudience)
      .where(and(eq(pollAudience.pollId, pollId), eq(pollAudience.memberId, memberId)));
    return rows.length > 0;
  }

  async function audienceIds(pollId: number): Promise<number[]> {
    const rows = await db
      .select({ m: pollAudience.memberId })
      .from(pollAudience)
      .where(eq(pollAudience.pollId, pollId))
      .orderBy(asc(pollAudience.memberId));
    return rows.map((r) => r.m);
  }

  async function saveBallot(b: {
    pollId: number;
    voterKey: string;
    memberId: number | null;
    optionIds: number[];
    votedAt: Date;
  }): Promise<void> {
    await db
      .insert(pollVotes)
      .values(b)
      .onConflictDoUpdate({
        target: [pollVotes.pollId, pollVotes.voterKey],
        set: { optionIds: b.optionIds, votedAt: b.votedAt },
      });
  }

  async function ballotOf(pollId: number, voterKey: string): Promise<number[] | undefined> {
    const [row] = await db
      .select({ optionIds: pollVotes.optionIds })
      .from(pollVotes)
      .where(and(eq(pollVotes.pollId, pollId), eq(pollVotes.voterKey, voterKey)));
    return row?.optionIds;
  }

  async function deleteBallot(pollId: number, voterKey: string): Promise<void> {
    await db.delete(pollVotes).where(and(eq(pollVotes.pollId, pollId), eq(pollVotes.voterKey, voterKey)));
  }

  /** Every ballot; the voter's name only where the ballot names a member (named polls). */
  async function ballots(pollId: number): Promise<{ optionIds: number[]; memberId: number | null; fullName: string | null }[]> {
    return db
      .select({ optionIds: pollVotes.optionIds, memberId: pollVotes.memberId, fullName: members.fullName })
      .from(pollVotes)
      .leftJoin(members, eq(members.id, pollVotes.memberId))
      .where(eq(pollVotes.pollId, pollId))
      .orderBy(asc(members.fullName), asc(pollVotes.voterKey));
  }

  /**
   * Close once: only the caller whose UPDATE finds the poll open gets a row back. The ballot
   * secret goes in the same statement, and every anonymous ballot key is replaced by a random
   * one, so even a copy of the secret taken while the poll was open links nothing afterwards.
   */
  async function closeIfOpen(id: number, now: Date): Promise<PollRow | undefined> {
    const [row] = await db
      .update(polls)
      .set({ status: 'closed', closedAt: now, ballotSecret: null })
      .where(and(eq(polls.id, id), eq(polls.status, 'open')))
      .returning();
    if (row?.anonymous)
      await db
        .update(pollVotes)
        .set({ voterKey: sql`'x:' || gen_random_uuid()` })
        .where(eq(pollVotes.pollId, id));
    return row;
  }

  async function findCopy(platform: Platform, platformPollId: string): Promise<PollCopy | undefined> {
    const [row] = await db
      .select()
      .from(pollCopies)
      .where(and(eq(pollCopies.platform, platform), eq(pollCopies.platformPollId, platformPollId)));
    return row;
  }

  async function copies(pollId: number): Promise<PollCopy[]> {
    return db.select().from(pollCopies).where(eq(pollCopies.pollId, pollId)).orderBy(asc(pollCopies.memberId));
  }

  /** Copies still live of polls closed since `since`: delivered after their poll's close. */
  async function liveCopiesOfClosed(since: Date): Promise<PollCopy[]> {
    return (
      db
        .select({ copy: pollCopies })
        .from(pollCopies)
        .innerJoin(polls, eq(polls.id, pollCopies.pollId))
        // deadline ≥ since keeps the scan on polls_open_deadline_idx (status, deadline): the sweep
        // closes a poll minutes after its deadline, and a poll closed early has it still ahead.
        .where(and(eq(polls.status, 'closed'), gte(polls.deadline, since), gte(polls.closedAt, since), isNull(pollCopies.stoppedAt)))
        .then((rows) => rows.map((r) => r.copy))
    );
  }

  /**
   * A poll message still waiting in the outbox (or held for a silent Zalo member) when its poll
   * closes is not sent at all.
   * Rows leased by a sender right now go out; the sweep stops those copies afterwards.
   */
  async function cancelPendingCopies(pollId: number, audience: number[], now: Date): Promise<void> {
    // By exact keys, not LIKE: the unique index on dedupe_key finds them in a large outbox.
    for (let i = 0; i < audience.length; i += 1000) {
      const keys = audience.slice(i, i + 1000).map((memberId) => pollMessageKey(pollId, memberId));
      await db
        .update(outbox)
        .set({ status: 'failed', lastError: 'cancelled: the poll closed before delivery' })
        // Held copies too (Zalo members silent for a week): sent later they would only say "closed".
        .where(
          and(
            inArray(outbox.dedupeKey, keys),
            inArray(outbox.status, ['pending', 'held']),
            or(isNull(outbox.lockedUntil), lt(outbox.lockedUntil, now)),
          ),
        );
    }
  }

  return {
    insert,
    findById,
    findForVote,
    latestByCreator,
    dueIds,
    inAudience,
    audienceIds,
    saveBallot,
    ballotOf,
    deleteBallot,
    ballots,
    closeIfOpen,
    findCopy,
    copies,
    liveCopiesOfClosed,
    cancelPendingCopies,
  };
}

export type PollsRepository = ReturnType<typeof createPollsRepository>;
