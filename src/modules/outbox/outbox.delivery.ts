import type { Clock } from '../../shared/clock.js';
import type { Db } from '../../shared/db/db.js';
import { GatewayError, type Gateways } from '../../shared/chat-gateway.js';
import type { Logger } from '../../shared/logger.js';
import { scrubSecrets } from '../../shared/logger.js';
import { createIdentitiesRepository } from '../identities/identities.repository.js';
import { createOutboxRepository } from './outbox.repository.js';

// Long enough for a gateway that waits out a few 429s; a crashed sender's rows come back after it.
export const OUTBOX_LEASE_MS = 120_000;
const MAX_ATTEMPTS = 8;

export type DeliveryOutcome = 'sent' | 'failed' | 'retry_later' | 'skipped';

/** Backoff for transient faults: 10 s, 20 s, 40 s … capped at 30 min. */
export const retryDelayMs = (attempts: number) => Math.min(10_000 * 2 ** Math.max(0, attempts - 1), 1_800_000);

/**
 * Send one outbox row through its platform gateway and record the result. Safe to call
 * from anywhere, any number of times: the lease makes exactly one caller send it.
 */
export async function deliverOutboxRow(
  id: number,
  { db, gateways, clock, logger }: { db: Db; gateways: Gateways; clock: Clock; logger: Logger },
): Promise<DeliveryOutcome> {
  const repo = createOutboxRepository({ db });
  const row = await repo.claim(id, clock.now(), OUTBOX_LEASE_MS);
  if (!row) return 'skipped';
  const gateway = gateways[row.platform];
  if (!gateway) {
    await repo.release(id, new Date(clock.now().getTime() + 60_000), `no gateway for ${row.platform}`);
    return 'retry_later';
  }
  try {
    const { messageId } = await gateway.send(row.chatId, row.message);
    await repo.markSent(id, messageId, clock.now());
    return 'sent';
  } catch (err) {
    const reason = err instanceof GatewayError ? err.kind : 'error';
    const description = scrubSecrets(err instanceof Error ? err.message : String(err));
    if (err instanceof GatewayError && err.permanent) {
      await repo.markFailed(id, `${reason}: ${description}`);
      if (err.kind === 'blocked') await createIdentitiesRepository({ db }).markBlocked(row.platform, row.chatId, clock.now());
      logger.warn({ outboxId: id, platform: row.platform, reason }, 'outbox message failed permanently');
      return 'failed';
    }
    // A 429 says "not now", not "this message is broken": wait and do not count it.
    if (err instanceof GatewayError && err.kind === 'rate_limited') {
      const waitMs = (err.details.retryAfterSec ?? 1) * 1000;
      await repo.release(id, new Date(clock.now().getTime() + waitMs), `${reason}: ${description}`, { refundAttempt: true });
      logger.warn({ outboxId: id, platform: row.platform, waitMs }, 'outbox message rate limited; will retry');
      return 'retry_later';
    }
    if (row.attempts >= MAX_ATTEMPTS) {
      await repo.markFailed(id, `gave up after ${row.attempts} attempts: ${reason}`);
      logger.error({ outboxId: id, platform: row.platform, reason }, 'outbox message abandoned');
      return 'failed';
    }
    const waitMs = retryDelayMs(row.attempts);
    await repo.release(id, new Date(clock.now().getTime() + waitMs), `${reason}: ${description}`);
    logger.warn({ outboxId: id, platform: row.platform, reason, waitMs }, 'outbox message will be retried');
    return 'retry_later';
  }
}
