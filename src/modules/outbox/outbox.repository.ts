import { and, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../shared/db/db.js';
import type { Platform } from '../../shared/db/enums.js';
import type { StoredMessage } from '../../shared/outbound.js';
import { outbox } from './outbox.table.js';

export type OutboxRow = typeof outbox.$inferSelect;
export type NewOutboxMessage = {
  platform: Platform;
  chatId: string;
  message: StoredMessage;
  memberId?: number | null;
  dedupeKey?: string | null;
  notBefore?: Date;
  /** 'bulk' for broadcasts (rate-limited queue); default 'interactive'. */
  lane?: 'interactive' | 'bulk';
};

export function createOutboxRepository({ db }: { db: DbOrTx }) {
  /**
   * Record intents, due at `now` unless they say otherwise (the injected clock, not the
   * database's). A dedupe key already present is skipped. Returns the new rows' ids in order.
   */
  async function add(messages: NewOutboxMessage[], now: Date): Promise<number[]> {
    if (messages.length === 0) return [];
    const rows = await db
      .insert(outbox)
      .values(messages.map((m) => newRow(m, now)))
      .onConflictDoNothing({ target: outbox.dedupeKey })
      .returning({ id: outbox.id });
    return rows.map((r) => r.id);
  }

  /**
   * Replies about to be sent by the caller: written already leased to it (as claim would), so
   * sending them costs no claim statement and no commit of its own. Rows in order.
   */
  async function addLeased(messages: NewOutboxMessage[], now: Date, leaseMs: number): Promise<OutboxRow[]> {
    if (messages.length === 0) return [];
    const lockedUntil = new Date(now.getTime() + leaseMs);
    return db
      .insert(outbox)
      .values(messages.map((m) => ({ ...newRow(m, now), lockedUntil, attempts: 1 })))
      .returning();
  }

  function newRow(m: NewOutboxMessage, now: Date) {
    return {
      platform: m.platform,
      chatId: m.chatId,
      message: m.message,
      memberId: m.memberId ?? null,
      dedupeKey: m.dedupeKey ?? null,
      notBefore: m.notBefore ?? now,
      lane: m.lane ?? 'interactive',
      createdAt: now,
    };
  }

  /** Take a lease on a due, pending row; undefined when another sender holds it or it is done. */
  async function claim(id: number, now: Date, leaseMs: number): Promise<OutboxRow | undefined> {
    const [row] = await db
      .update(outbox)
      .set({ lockedUntil: new Date(now.getTime() + leaseMs), attempts: sql`${outbox.attempts} + 1` })
      .where(
        and(
          eq(outbox.id, id),
          eq(outbox.status, 'pending'),
          lte(outbox.notBefore, now),
          or(isNull(outbox.lockedUntil), lt(outbox.lockedUntil, now)),
        ),
      )
      .returning();
    return row;
  }

  async function markSent(id: number, providerMessageId: string, at: Date): Promise<void> {
    await db
      .update(outbox)
      .set({ status: 'sent', providerMessageId, sentAt: at, lockedUntil: null, lastError: null })
      .where(eq(outbox.id, id));
  }

  async function markFailed(id: number, reason: string): Promise<void> {
    await db.update(outbox).set({ status: 'failed', lastError: reason, lockedUntil: null }).where(eq(outbox.id, id));
  }

  /** Give the row back for a later try; a platform rate limit refunds the attempt it took. */
  async function release(id: number, notBefore: Date, reason: string, { refundAttempt = false } = {}): Promise<void> {
    await db
      .update(outbox)
      .set({
        notBefore,
        lastError: reason,
        lockedUntil: null,
        ...(refundAttempt ? { attempts: sql`greatest(${outbox.attempts} - 1, 0)` } : {}),
      })
      .where(eq(outbox.id, id));
  }

  /**
   * Not attempted: the recipient is outside the platform's reply window. Kept, unleased and with
   * the attempt refunded, until they write again (releaseHeld).
   */
  async function hold(id: number, reason: string): Promise<void> {
    await db
      .update(outbox)
      .set({
        status: 'held',
        lastError: reason,
        lockedUntil: null,
        attempts: sql`greatest(${outbox.attempts} - 1, 0)`,
      })
      .where(eq(outbox.id, id));
  }

  /**
   * The person wrote again: their held rows are due now, oldest first — except those written
   * before `staleBefore`, which are dropped: a reminder of a meeting weeks past only confuses.
   */
  async function releaseHeld(platform: Platform, chatId: string, now: Date, staleBefore?: Date): Promise<number[]> {
    if (staleBefore) {
      await db
        .update(outbox)
        .set({ status: 'failed', lastError: 'expired: held too long for its recipient to write again' })
        .where(and(eq(outbox.platform, platform), eq(outbox.chatId, chatId), eq(outbox.status, 'held'), lt(outbox.createdAt, staleBefore)));
    }
    const rows = await db
      .update(outbox)
      .set({ status: 'pending', notBefore: now, lockedUntil: null })
      .where(and(eq(outbox.platform, platform), eq(outbox.chatId, chatId), eq(outbox.status, 'held')))
      .returning({ id: outbox.id });
    return rows.map((r) => r.id).sort((a, b) => a - b);
  }

  /** Pending rows due at `dueBefore` and not leased: what the sweep hands to the workers. */
  async function dueIds(now: Date, dueBefore: Date, limit: number): Promise<number[]> {
    return (await dueRows(now, dueBefore, limit)).map((r) => r.id);
  }

  // 'pending' only: a held row waits for its recipient to write, not for the clock.
  async function dueRows(now: Date, dueBefore: Date, limit: number): Promise<{ id: number; lane: string; platform: Platform }[]> {
    return db
      .select({ id: outbox.id, lane: outbox.lane, platform: outbox.platform })
      .from(outbox)
      .where(
        and(eq(outbox.status, 'pending'), lte(outbox.notBefore, dueBefore), or(isNull(outbox.lockedUntil), lt(outbox.lockedUntil, now))),
      )
      .orderBy(outbox.notBefore, outbox.id)
      .limit(limit);
  }

  /** Lane and platform of rows, to hand each to the right queue. */
  async function routes(ids: number[]): Promise<{ id: number; lane: string; platform: Platform }[]> {
    return ids.length
      ? db.select({ id: outbox.id, lane: outbox.lane, platform: outbox.platform }).from(outbox).where(inArray(outbox.id, ids))
      : [];
  }

  async function findByIds(ids: number[]): Promise<OutboxRow[]> {
    return ids.length ? db.select().from(outbox).where(inArray(outbox.id, ids)) : [];
  }

  return { add, addLeased, claim, markSent, markFailed, release, hold, releaseHeld, dueIds, dueRows, routes, findByIds };
}

export type OutboxRepository = ReturnType<typeof createOutboxRepository>;
