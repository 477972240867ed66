import type { DbOrTx } from '../../shared/db/db.js';
import type { StoredMessage } from '../../shared/outbound.js';
import { reachableRecipients } from '../identities/recipients.repository.js';
import { createOutboxRepository } from './outbox.repository.js';

export type NotifyResult = {
  /** New outbox rows (an intent already recorded under its dedupe key adds none). */
  outboxIds: number[];
  /** Members with no reachable chat account: someone must tell them another way. */
  unreachable: number[];
};

/**
 * Write one message per member to the outbox, on each member's chat account. The dedupe key
 * makes the intent idempotent: "nag member 5 on 2026-11-26" is one row however many
 * workers, retries or restarts try to write it.
 */
export async function notifyMembers(
  db: DbOrTx,
  {
    memberIds,
    message,
    dedupeKey,
    now,
  }: {
    memberIds: number[];
    message: StoredMessage | ((memberId: number) => StoredMessage);
    dedupeKey: (memberId: number) => string;
    now: Date;
  },
): Promise<NotifyResult> {
  const unique = [...new Set(memberIds)];
  const recipients = await reachableRecipients(db, unique);
  const reached = new Set(recipients.map((r) => r.memberId));
  const outboxIds = await createOutboxRepository({ db }).add(
    recipients.map((r) => ({
      platform: r.platform,
      chatId: r.chatId,
      memberId: r.memberId,
      dedupeKey: dedupeKey(r.memberId),
      message: typeof message === 'function' ? message(r.memberId) : message,
    })),
    now,
  );
  return { outboxIds, unreachable: unique.filter((id) => !reached.has(id)) };
}
