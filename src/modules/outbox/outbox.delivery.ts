import type { Clock } from '../../shared/clock.js';
import type { Db } from '../../shared/db/db.js';
import { GatewayError, type Gateways } from '../../shared/chat-gateway.js';
import type { Logger } from '../../shared/logger.js';
import { scrubSecrets } from '../../shared/logger.js';
import type { OutboundMessage } from '../../shared/outbound.js';
import { createIdentitiesRepository } from '../identities/identities.repository.js';
import { markPollCopyStopped, recordPollCopy } from '../polls/poll-copies.js';
import { forgetMaterialFileId, releaseMaterialClaim, resolveMaterialDocument, saveMaterialFileId } from './delivery-files.js';
import { createOutboxRepository, type OutboxRow } from './outbox.repository.js';
import { holdForReplyWindow, mayWriteNow, replyWindowCutoff, rerouteToReachableAccount } from './reply-window.js';

// Long enough for a gateway that waits out a few 429s; a crashed sender's rows come back after it.
export const OUTBOX_LEASE_MS = 120_000;
const MAX_ATTEMPTS = 8;
// While another sender uploads a material's document, the others look again this soon.
const UPLOAD_WAIT_MS = 1_000;
// A paused channel (Zalo consent lost) waits for an operator, which takes minutes at best:
// look again this often, and pause the broadcast queue as long, without trying every message.
export const PAUSED_WAIT_MS = 5 * 60_000;

/**
 * 'held': not attempted, the recipient is outside the platform's reply window; 'rerouted': moved
 * to the member's other app, to be sent from that platform's queue (both: see reply-window.ts).
 */
export type DeliveryOutcome = 'sent' | 'failed' | 'retry_later' | 'skipped' | 'held' | 'rerouted';
export type DeliveryResult = { outcome: DeliveryOutcome; rateLimitedForMs?: number };
type Deps = {
  db: Db; gateways: Gateways; clock: Clock; logger: Logger; leaseMs?: number;
  /** Our download link for a material too large for a platform; null without a PUBLIC_URL. */
  materialLink?: (materialId: number) => string | null;
  /** The broadcast lane's send slot, taken right before each platform call (SendOptions.pace). */
  pace?: () => Promise<void>;
};

/** Backoff for transient faults: 10 s, 20 s, 40 s … capped at 30 min. */
export const retryDelayMs = (attempts: number) => Math.min(10_000 * 2 ** Math.max(0, attempts - 1), 1_800_000);

/**
 * Send one outbox row through its platform gateway and record the result. Safe to call
 * from anywhere, any number of times: the lease makes exactly one caller send it.
 */
export async function deliverOutboxRow(id: number, deps: Deps): Promise<DeliveryOutcome> {
  return (await deliverOutboxRowDetailed(id, deps)).outcome;
}

/** The same, telling a rate-limited caller how long the platform asked to wait. */
export async function deliverOutboxRowDetailed(id: number, { db, gateways, clock, logger, leaseMs = OUTBOX_LEASE_MS, materialLink, pace }: Deps): Promise<DeliveryResult> {
  const repo = createOutboxRepository({ db });
  const row = await repo.claim(id, clock.now(), leaseMs);
  if (!row) return { outcome: 'skipped' };
  const gateway = gateways[row.platform];
  const later = (ms: number, reason: string, refundAttempt = false) =>
    repo.release(id, new Date(clock.now().getTime() + ms), reason, { refundAttempt });
  if (!gateway) {
    await later(60_000, `no gateway for ${row.platform}`);
    return { outcome: 'retry_later' };
  }
  const startedAt = clock.now();
  // Before preparing: a held row must not leave a material upload claimed behind it.
  if (gateway.replyWindowMs !== undefined && !(await mayWriteNow(db, row, startedAt, gateway.replyWindowMs))) {
    const windows = Object.fromEntries(Object.entries(gateways).map(([p, g]) => [p, g?.replyWindowMs]));
    const to = await rerouteToReachableAccount(db, { row, now: startedAt, windows });
    if (to) {
      logger.info({ outboxId: row.id, from: row.platform, to }, 'outbox message rerouted to the member\'s other app');
      return { outcome: 'rerouted' };
    }
    const hold = await holdForReplyWindow(db, {
      row, now: startedAt, holdUnlinked: false, reason: 'no message from the recipient within the platform\'s reply window',
      unlessWroteAfter: replyWindowCutoff(startedAt, gateway.replyWindowMs),
    });
    if (hold.held) return heldResult(row, hold.noticeIds.length, logger);
  }
  const prepared = await prepareMessage(db, row, clock.now(), gateway.maxDocumentBytes, materialLink);
  if (prepared === 'wait') {
    await later(UPLOAD_WAIT_MS, 'waiting for the document upload', true);
    return { outcome: 'retry_later' };
  }
  if (prepared === 'gone' || prepared === 'too_large') {
    await repo.markFailed(id, prepared === 'gone' ? 'bad_request: the document is no longer available'
      : 'too_large: the file is over the platform limit and PUBLIC_URL is not set, so no download link can be given');
    return { outcome: 'failed' };
  }
  try {
    const { messageId, fileId, platformPollId } = await gateway.send(row.chatId, prepared.message, pace ? { pace } : {});
    if (prepared.uploadOf !== undefined && fileId) await saveMaterialFileId(db, prepared.uploadOf, row.platform, fileId);
    const m = row.message;
    if (m.kind === 'poll' && row.memberId !== null) {
      await recordPollCopy(db, { pollId: m.pollId, memberId: row.memberId, platform: row.platform, chatId: row.chatId, messageId, platformPollId: platformPollId ?? null });
    }
    if (m.kind === 'stop_poll') await markPollCopyStopped(db, { pollId: m.pollId, platform: row.platform, messageId: m.messageId, at: clock.now() });
    await repo.markSent(id, messageId, clock.now());
    return { outcome: 'sent' };
  } catch (err) {
    if (prepared.uploadOf !== undefined) await releaseMaterialClaim(db, prepared.uploadOf, row.platform);
    return handleFailure(row, err, { db, clock, logger, later, startedAt, sentById: prepared.sentById });
  }
}

function heldResult(row: OutboxRow, notices: number, logger: Logger): DeliveryResult {
  logger.info({ outboxId: row.id, platform: row.platform, notices }, 'outbox message held until the recipient writes again');
  return { outcome: 'held' };
}

type SentById = { materialId: number; fileId: string };
/** `uploadOf`: the material whose bytes this send uploads; `sentById`: the material sent by its stored file id. */
type Prepared = { message: OutboundMessage; uploadOf?: number; sentById?: SentById } | 'wait' | 'gone' | 'too_large';

/**
 * A published material is sent by its platform file id, uploaded by the one claimant, or —
 * over the platform's size limit — as a link to our own download route.
 */
async function prepareMessage(
  db: Db, row: OutboxRow, now: Date, maxBytes: number | undefined, materialLink: Deps['materialLink'],
): Promise<Prepared> {
  const m = row.message;
  if (m.kind !== 'document' || !('materialId' in m.file)) return { message: m };
  const doc = await resolveMaterialDocument(db, m.file.materialId, row.platform, now, maxBytes);
  if (doc.kind === 'wait' || doc.kind === 'gone') return doc.kind;
  if (doc.kind === 'too_large') {
    const link = materialLink?.(m.file.materialId);
    if (!link) return 'too_large';
    return { message: { kind: 'text', text: `${m.caption ?? doc.fileName}\n\n${doc.fileName}: ${link}`, ...(m.buttons ? { buttons: m.buttons } : {}) } };
  }
  if (doc.kind === 'file_id') return { message: { ...m, file: { fileId: doc.fileId } }, sentById: { materialId: m.file.materialId, fileId: doc.fileId } };
  return { message: { ...m, file: { upload: doc.upload, fileName: doc.fileName } }, uploadOf: m.file.materialId };
}

async function handleFailure(
  row: OutboxRow, err: unknown,
  { db, clock, logger, later, startedAt, sentById }: {
    db: Db; clock: Clock; logger: Logger; later: (ms: number, reason: string, refund?: boolean) => Promise<void>;
    startedAt: Date; sentById: SentById | undefined;
  },
): Promise<DeliveryResult> {
  const repo = createOutboxRepository({ db });
  const reason = err instanceof GatewayError ? err.kind : 'error';
  const description = scrubSecrets(err instanceof Error ? err.message : String(err));
  // The platform says the person is outside its window: hold, unless they wrote while we tried.
  if (err instanceof GatewayError && err.kind === 'outside_window') {
    const hold = await holdForReplyWindow(db, { row, now: clock.now(), holdUnlinked: true, reason: description, unlessWroteAfter: startedAt });
    if (hold.held) return heldResult(row, hold.noticeIds.length, logger);
    await later(0, `${reason}: ${description}`, true);
    return { outcome: 'retry_later' };
  }
  // Not the message's fault and not for a retry count to end: wait for the operator, however long.
  if (err instanceof GatewayError && err.kind === 'paused') {
    await later(PAUSED_WAIT_MS, `${reason}: ${description}`, true);
    logger.warn({ outboxId: row.id, platform: row.platform, waitMs: PAUSED_WAIT_MS }, 'channel paused; outbox message will be retried');
    return { outcome: 'retry_later', rateLimitedForMs: PAUSED_WAIT_MS };
  }
  // The stored file id of a material has expired on the platform (Zalo tokens live 7 days):
  // forget it, so the next try uploads the bytes again and stores the new id.
  if (err instanceof GatewayError && err.details.reupload && sentById) {
    await forgetMaterialFileId(db, sentById.materialId, row.platform, sentById.fileId);
    await later(UPLOAD_WAIT_MS, `${reason}: ${description}`, true);
    logger.warn({ outboxId: row.id, platform: row.platform, materialId: sentById.materialId }, 'material file id expired; it will be uploaded again');
    return { outcome: 'retry_later' };
  }
  if (err instanceof GatewayError && err.permanent) {
    await repo.markFailed(row.id, `${reason}: ${description}`);
    if (err.kind === 'blocked') await createIdentitiesRepository({ db }).markBlocked(row.platform, row.chatId, clock.now());
    logger.warn({ outboxId: row.id, platform: row.platform, reason }, 'outbox message failed permanently');
    return { outcome: 'failed' };
  }
  // A 429 says "not now", not "this message is broken": wait and do not count it.
  if (err instanceof GatewayError && err.kind === 'rate_limited') {
    const waitMs = (err.details.retryAfterSec ?? 1) * 1000;
    await later(waitMs, `${reason}: ${description}`, true);
    logger.warn({ outboxId: row.id, platform: row.platform, waitMs }, 'outbox message rate limited; will retry');
    return { outcome: 'retry_later', rateLimitedForMs: waitMs };
  }
  if (row.attempts >= MAX_ATTEMPTS) {
    await repo.markFailed(row.id, `gave up after ${row.attempts} attempts: ${reason}`);
    logger.error({ outboxId: row.id, platform: row.platform, reason }, 'outbox message abandoned');
    return { outcome: 'failed' };
  }
  const waitMs = retryDelayMs(row.attempts);
  await later(waitMs, `${reason}: ${description}`);
  logger.warn({ outboxId: row.id, platform: row.platform, reason, waitMs }, 'outbox message will be retried');
  return { outcome: 'retry_later' };
}
