import type { Clock } from '../../shared/clock.js';
import type { Db } from '../../shared/db/db.js';
import { GatewayError, type Gateways, type SentMessage } from '../../shared/chat-gateway.js';
import type { Logger } from '../../shared/logger.js';
import type { OutboundMessage, StoredMessage } from '../../shared/outbound.js';
import { errorText, scrubSecrets } from '../../shared/logger.js';
import { createIdentitiesRepository } from '../identities/identities.repository.js';
import type { DeliveryKind, PrepareContext, Preparation, RenderNotice } from './delivery-kinds.js';
import { createOutboxRepository, type OutboxRow } from './outbox.repository.js';
import { holdForReplyWindow, mayWriteNow, replyWindowCutoff, rerouteToReachableAccount } from './reply-window.js';

// Long enough for a gateway that waits out a few 429s; a crashed sender's rows come back after it.
export const OUTBOX_LEASE_MS = 120_000;
const MAX_ATTEMPTS = 8;
// A row a feature asked to try again soon (an expired file id) is looked at again this soon.
const RETRY_SOON_MS = 1_000;
// A record retried this close to the end of the lease could race the next sender: give up before.
const RECORD_MARGIN_MS = 250;
// A paused channel (Zalo consent lost) waits for an operator, which takes minutes at best:
// look again this often, and pause the broadcast queue as long, without trying every message.
export const PAUSED_WAIT_MS = 5 * 60_000;

/**
 * 'held': not attempted, the recipient is outside the platform's reply window; 'rerouted': moved
 * to the member's other app, to be sent from that platform's queue (both: see reply-window.ts).
 */
export type DeliveryOutcome = 'sent' | 'failed' | 'retry_later' | 'skipped' | 'held' | 'rerouted';
/** `rateLimitedForMs`: how long the platform asked every sender to wait (a 429, a paused channel). */
export type DeliveryResult = { outcome: DeliveryOutcome; rateLimitedForMs?: number };

export type DeliveryOptions = {
  /** 'bulk': a broadcast, sent through the platforms' broadcast gateways. */
  lane?: 'interactive' | 'bulk';
  /** The broadcast lane's send slot, taken right before each platform call (SendOptions.pace). */
  pace?: () => Promise<void>;
  /** The row, already leased to this caller when it was written (outbox addLeased): no claim. */
  leased?: OutboxRow;
};
/** Send one outbox row and record the result; see createDelivery. */
export type Deliver = (outboxId: number, options?: DeliveryOptions) => Promise<DeliveryResult>;

export type DeliveryDeps = {
  db: Db;
  gateways: Gateways;
  clock: Clock;
  logger: Logger;
  /** The broadcast lane's gateways, where a platform has its own (Telegram's bulk bot client). */
  bulkGateways?: Gateways;
  leaseMs?: number;
  /** What features add to the delivery of their own messages (materials, polls). */
  kinds?: DeliveryKind[];
  /** Puts a notice into words (the conversation layer's notices). */
  renderNotice?: RenderNotice;
};

/** Backoff for transient faults: 10 s, 20 s, 40 s … capped at 30 min. */
export const retryDelayMs = (attempts: number) => Math.min(10_000 * 2 ** Math.max(0, attempts - 1), 1_800_000);

/**
 * The one delivery function, built once at start-up and used by the inbound path and every
 * worker alike. Safe to call from anywhere, any number of times: the lease makes exactly one
 * caller send a row.
 */
export function createDelivery({
  db,
  gateways,
  bulkGateways = gateways,
  clock,
  logger,
  leaseMs = OUTBOX_LEASE_MS,
  kinds = [],
  renderNotice = () => undefined,
}: DeliveryDeps): Deliver {
  const repo = createOutboxRepository({ db });
  return async function deliver(id, { lane = 'interactive', pace, leased } = {}) {
    const row = leased ?? (await repo.claim(id, clock.now(), leaseMs));
    if (!row) return { outcome: 'skipped' };
    const gateway = (lane === 'bulk' ? bulkGateways : gateways)[row.platform];
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
        for (const k of kinds) await k.rerouted?.(db, row, to);
        logger.info({ outboxId: row.id, from: row.platform, to }, "outbox message rerouted to the member's other app");
        return { outcome: 'rerouted' };
      }
      const hold = await holdForReplyWindow(db, {
        row,
        now: startedAt,
        holdUnlinked: false,
        reason: "no message from the recipient within the platform's reply window",
        unlessWroteAfter: replyWindowCutoff(startedAt, gateway.replyWindowMs),
      });
      if (hold.held) return heldResult(row, hold.noticeIds.length, logger);
    }
    const words = sayable(row.message, renderNotice);
    const prepared: Preparation =
      'fail' in words
        ? { kind: 'fail', reason: words.fail }
        : await prepare(kinds, { db, row, message: words.message, now: clock.now(), gateway });
    if (prepared.kind === 'wait') {
      await later(prepared.ms, prepared.reason, true);
      return { outcome: 'retry_later' };
    }
    if (prepared.kind === 'fail') {
      await repo.markFailed(id, prepared.reason);
      return { outcome: 'failed' };
    }
    let sent: SentMessage;
    try {
      sent = await gateway.send(row.chatId, prepared.message, { lane, ...(pace ? { pace } : {}) });
    } catch (err) {
      const retrySoon = await prepared.failed?.(err);
      if (retrySoon) {
        await later(RETRY_SOON_MS, `${errorReason(err)}: ${errorDescription(err)}`, true);
        logger.warn({ outboxId: row.id, platform: row.platform }, retrySoon);
        return { outcome: 'retry_later' };
      }
      return handleFailure(row, err, { db, clock, logger, later, startedAt });
    }
    // The platform has it. A failure to record that must not make it go out again: retry the
    // record (Postgres blips) for as long as our lease keeps other senders off the row.
    await recordSent(
      async () => {
        await prepared.sent?.(sent);
        await repo.markSent(id, sent.messageId, clock.now());
      },
      { row, logger, untilMs: Date.now() + leaseMs },
    );
    return { outcome: 'sent' };
  };
}

/**
 * Record a send, retrying a failure (0.2 s, 0.4 s … up to 5 s apart) until it succeeds or the
 * lease is about to end. After that another sender may claim the row, and a resend cannot be ruled out.
 */
async function recordSent(
  record: () => Promise<void>,
  { row, logger, untilMs }: { row: OutboxRow; logger: Logger; untilMs: number },
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await record();
      if (attempt > 0)
        logger.info({ outboxId: row.id, platform: row.platform, attempts: attempt + 1 }, 'outbox send recorded after retries');
      return;
    } catch (err) {
      // The last try comes just before the lease ends, however the backoff falls.
      const waitMs = Math.min(200 * 2 ** attempt, 5_000, untilMs - RECORD_MARGIN_MS - Date.now());
      if (waitMs <= 0) {
        logger.error({ outboxId: row.id, platform: row.platform, err: errorText(err) }, 'outbox send not recorded; it may be sent again');
        throw err;
      }
      if (attempt === 0)
        logger.warn({ outboxId: row.id, platform: row.platform, err: errorText(err) }, 'outbox send not recorded yet; retrying');
      await new Promise((r) => setTimeout(r, waitMs));
    }
  }
}

/** The stored message ready to send: a notice put into words, or why it cannot be (a newer version wrote a type this one does not know). */
function sayable(stored: StoredMessage, renderNotice: RenderNotice): { message: OutboundMessage } | { fail: string } {
  if (stored.kind !== 'notice') return { message: stored };
  const message = renderNotice(stored.notice);
  return message ? { message } : { fail: `bad_request: no words for the notice ${stored.notice.type}` };
}

/** The first feature that knows the message prepares it; any other is sent as stored. */
async function prepare(kinds: DeliveryKind[], ctx: PrepareContext): Promise<Preparation> {
  for (const k of kinds) {
    const prepared = await k.prepare?.(ctx);
    if (prepared) return prepared;
  }
  return { kind: 'send', message: ctx.message };
}

const errorReason = (err: unknown) => (err instanceof GatewayError ? err.kind : 'error');
const errorDescription = (err: unknown) => scrubSecrets(err instanceof Error ? err.message : String(err));

function heldResult(row: OutboxRow, notices: number, logger: Logger): DeliveryResult {
  logger.info({ outboxId: row.id, platform: row.platform, notices }, 'outbox message held until the recipient writes again');
  return { outcome: 'held' };
}

async function handleFailure(
  row: OutboxRow,
  err: unknown,
  {
    db,
    clock,
    logger,
    later,
    startedAt,
  }: {
    db: Db;
    clock: Clock;
    logger: Logger;
    later: (ms: number, reason: string, refund?: boolean) => Promise<void>;
    startedAt: Date;
  },
): Promise<DeliveryResult> {
  const repo = createOutboxRepository({ db });
  const reason = errorReason(err);
  const description = errorDescription(err);
  // The platform says the person is outside its window: hold, unless they wrote while we tried.
  if (err instanceof GatewayError && err.kind === 'outside_window') {
    const hold = await holdForReplyWindow(db, {
      row,
      now: clock.now(),
      holdUnlinked: true,
      reason: description,
      unlessWroteAfter: startedAt,
    });
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
