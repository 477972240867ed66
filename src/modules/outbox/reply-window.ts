import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import { outbox } from './outbox.table.js';
import type { Db, DbOrTx } from '../../shared/db/db.js';
import type { Platform } from '../../shared/db/enums.js';
import { vnDate } from '../../shared/vn-time.js';
import { noticeMessage } from '../../shared/outbound.js';
import type { OutboxNotice } from './outbox.notices.js';
import { chatIdentities } from '../identities/identities.table.js';
import { branchLeaders } from '../members/members.models.js';
import { createMembersRepository } from '../members/members.repository.js';
import { notifyMembers } from './notify.js';
import { createOutboxRepository, type OutboxRow } from './outbox.repository.js';

// Zalo lets an OA write to a person only within 7 days of their last message (else -230).
// Such messages are held, not attempted, and go out when the person next writes to us.

// We stop this much before the window's end: a send claimed just inside it may wait out a few
// 429s in the gateway, and our clock and the platform's need not agree to the second.
export const REPLY_WINDOW_MARGIN_MS = 10 * 60_000;

// What was held longer than this is dropped when the person finally writes: a month's notices
// and reminders are past by then, and the bí thư was told at the time that they did not arrive.
export const HELD_MAX_AGE_MS = 30 * 86_400_000;

/** When the chat's account last wrote to us; `linked: false` when no account is known there. */
type LastInteraction = { linked: false } | { linked: true; at: Date | null };

/** Pure: the oldest last message that still lets us write now (the margin included). */
export const replyWindowCutoff = (now: Date, windowMs: number) => new Date(now.getTime() - windowMs + REPLY_WINDOW_MARGIN_MS);

/** Pure: may we still write to someone whose last message was at `last`? */
export const insideReplyWindow = (last: Date | null, now: Date, windowMs: number) =>
  last !== null && last > replyWindowCutoff(now, windowMs);

/** `lock`: hold the accounts FOR SHARE, so an inbound touch cannot slip between read and hold. */
async function lastInteraction(db: DbOrTx, platform: Platform, chatId: string, lock = false): Promise<LastInteraction> {
  const query = db
    .select({ at: chatIdentities.lastInteractionAt })
    .from(chatIdentities)
    .where(and(eq(chatIdentities.platform, platform), eq(chatIdentities.chatId, chatId)));
  const rows = lock ? await query.for('share') : await query;
  if (rows.length === 0) return { linked: false };
  const times = rows.map((r) => r.at?.getTime()).filter((t): t is number => t !== undefined);
  return { linked: true, at: times.length ? new Date(Math.max(...times)) : null };
}

/** Whether a claimed row's recipient is inside the platform's window; unknown accounts are tried. */
export async function mayWriteNow(db: DbOrTx, row: OutboxRow, now: Date, windowMs: number): Promise<boolean> {
  const last = await lastInteraction(db, row.platform, row.chatId);
  return !last.linked || insideReplyWindow(last.at, now, windowMs);
}

export type HoldResult = { held: false } | { held: true; noticeIds: number[] };

/**
 * Hold a claimed row until its recipient writes again — unless they wrote after `unlessWroteAfter`
 * (read under a lock, so their message cannot land between this check and the hold and leave the
 * row held while they are reachable). A member's branch leaders are told, once a day.
 * `holdUnlinked`: hold even when no account is known for the chat (the platform itself said no).
 */
export async function holdForReplyWindow(
  db: Db,
  {
    row,
    unlessWroteAfter,
    reason,
    now,
    holdUnlinked,
  }: { row: OutboxRow; unlessWroteAfter: Date; reason: string; now: Date; holdUnlinked: boolean },
): Promise<HoldResult> {
  return db.transaction(async (tx) => {
    const last = await lastInteraction(tx, row.platform, row.chatId, true);
    if (!last.linked && !holdUnlinked) return { held: false };
    if (last.linked && last.at !== null && last.at > unlessWroteAfter) return { held: false };
    await createOutboxRepository({ db: tx }).hold(row.id, `outside_window: ${reason}`);
    const noticeIds = row.memberId === null ? [] : await noticeUnreachable(tx, { memberId: row.memberId, platform: row.platform, now });
    return { held: true, noticeIds };
  });
}

/**
 * Tell the member's bí thư and phó bí thư that the bot cannot reach them, at most once per
 * member and Vietnam day. The notices are left pending: the outbox sweep sends them within its
 * interval (no dispatcher reaches this far down, and a minute's delay does not matter here).
 */
async function noticeUnreachable(
  db: DbOrTx,
  { memberId, platform, now }: { memberId: number; platform: Platform; now: Date },
): Promise<number[]> {
  const members = createMembersRepository({ db });
  const member = await members.findById(memberId);
  if (!member) return [];
  const leaders = branchLeaders(await members.listByBranch(member.branchId)).filter((l) => l.id !== memberId);
  if (leaders.length === 0) return [];
  const day = vnDate(now);
  const { outboxIds } = await notifyMembers(db, {
    memberIds: leaders.map((l) => l.id),
    message: noticeMessage({ type: 'outbox.unreachable', memberId, fullName: member.fullName, platform } satisfies OutboxNotice),
    // The recipient is part of the key: the outbox's dedupe key is unique across all rows.
    dedupeKey: (to) => `unreachable:${memberId}:${day}:to:${to}`,
    now,
  });
  return outboxIds;
}

/**
 * The person wrote to us: their held messages are due now. Returns the ids, oldest first, for
 * the caller to hand to the delivery workers (the sweep finds them otherwise).
 */
export async function releaseHeldMessages(
  db: DbOrTx,
  { platform, chatId, now }: { platform: Platform; chatId: string; now: Date },
): Promise<number[]> {
  return createOutboxRepository({ db }).releaseHeld(platform, chatId, now, new Date(now.getTime() - HELD_MAX_AGE_MS));
}

/** Messages that mean the same on any platform (not a Zalo file token, not a stop of one platform's poll). */
function portable(row: OutboxRow): boolean {
  const m = row.message;
  return m.kind === 'text' || m.kind === 'poll' || (m.kind === 'document' && !('fileId' in m.file));
}

/**
 * A member outside one platform's window may be reachable on their other app (linked on both,
 * Zalo preferred but silent there for a week): the row moves to that account, in place, so a
 * feature's record of it follows it (DeliveryKind.rerouted), and is due at once. `windows`: the reply window of
 * each platform that can send now (undefined: none). Returns where it went, or null: hold it.
 */
export async function rerouteToReachableAccount(
  db: DbOrTx,
  { row, now, windows }: { row: OutboxRow; now: Date; windows: Partial<Record<Platform, number | undefined>> },
): Promise<Platform | null> {
  if (row.memberId === null || !portable(row)) return null;
  const accounts = await db
    .select({ platform: chatIdentities.platform, chatId: chatIdentities.chatId, at: chatIdentities.lastInteractionAt })
    .from(chatIdentities)
    .where(and(eq(chatIdentities.memberId, row.memberId), ne(chatIdentities.platform, row.platform), isNull(chatIdentities.blockedAt)))
    .orderBy(asc(chatIdentities.linkedAt));
  const to = accounts.find(
    (a) => a.platform in windows && (windows[a.platform] === undefined || insideReplyWindow(a.at, now, windows[a.platform]!)),
  );
  if (!to) return null;
  await db
    .update(outbox)
    .set({
      platform: to.platform,
      chatId: to.chatId,
      lockedUntil: null,
      notBefore: now,
      lastError: `rerouted: ${row.platform} reply window closed`,
      attempts: sql`greatest(${outbox.attempts} - 1, 0)`, // not a try: nothing was sent
    })
    .where(eq(outbox.id, row.id));
  return to.platform;
}
