import { DelayedError, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Clock } from '../shared/clock.js';
import type { Db } from '../shared/db/db.js';
import type { Platform } from '../shared/db/enums.js';
import type { Gateways } from '../shared/chat-gateway.js';
import type { Logger } from '../shared/logger.js';
import { createOutboxRepository } from '../modules/outbox/outbox.repository.js';
import { deliverOutboxRowDetailed } from '../modules/outbox/outbox.delivery.js';
import { outboxJobId, type OutboxJob } from './outbox.jobs.js';

// Broadcasts (materials to thousands of members) go through one queue per platform whose
// BullMQ limiter is kept in Redis, so the platform's ceiling holds across every worker
// process; a per-chat slot keeps any one chat under its own limit; a 429 pauses the whole
// queue for its retry_after (Worker.RateLimitError) without counting as a failure.
export const bulkQueueName = (platform: Platform) => `bulk-${platform}`;

export type BulkLimits = { perSecond: number; perChatIntervalMs: number };

export function createBulkQueue({ connection, prefix, platform }: { connection: Redis; prefix: string; platform: Platform }) {
  return new Queue<OutboxJob>(bulkQueueName(platform), {
    connection, prefix,
    defaultJobOptions: { removeOnComplete: true, removeOnFail: true, attempts: 5, backoff: { type: 'exponential', delay: 5_000 } },
  });
}

export function createBulkWorker(deps: {
  db: Db; gateways: Gateways; clock: Clock; logger: Logger; connection: Redis; prefix: string; platform: Platform;
  limits: BulkLimits; concurrency?: number; leaseMs?: number; lockMs?: number;
}) {
  const { connection, prefix, platform, limits } = deps;
  const repo = createOutboxRepository({ db: deps.db });
  const worker: Worker<OutboxJob> = new Worker<OutboxJob>(bulkQueueName(platform), async (job, token) => {
    const [row] = await repo.findByIds([job.data.outboxId]);
    if (!row || row.status !== 'pending') return 'skipped';
    // One message per chat per interval, whichever worker sends it.
    const slot = await connection.set(`${prefix}:chat-slot:${platform}:${row.chatId}`, '1', 'PX', limits.perChatIntervalMs, 'NX');
    if (slot !== 'OK') {
      await job.moveToDelayed(Date.now() + limits.perChatIntervalMs, token);
      throw new DelayedError();
    }
    const result = await deliverOutboxRowDetailed(row.id, deps);
    if (result.rateLimitedForMs !== undefined) {
      await worker.rateLimit(result.rateLimitedForMs);
      throw Worker.RateLimitError();
    }
    // Not sent yet but due later (an upload in progress, a transient fault): come back then.
    if (result.outcome === 'retry_later') {
      const [again] = await repo.findByIds([row.id]);
      if (again?.status === 'pending') {
        await job.moveToDelayed(Math.max(Date.now() + 250, again.notBefore.getTime()), token);
        throw new DelayedError();
      }
    }
    return result.outcome;
  }, {
    connection, prefix, concurrency: deps.concurrency ?? 16,
    limiter: evenLimiter(limits.perSecond),
    ...(deps.lockMs ? { lockDuration: deps.lockMs, stalledInterval: deps.lockMs } : {}),
  });
  return worker;
}

/**
 * BullMQ's limiter counts jobs in fixed windows, so "30 per 1000 ms" lets 60 through in one
 * sliding second across a window boundary — and Telegram answers 429. A window of `duration`
 * ms with `max` jobs keeps any sliding second at max × (floor(1000 / duration) + 1) ≤ rate.
 * Among those shapes the one with the best rate after BullMQ's wake-up cost per window (a few
 * ms, measured by bench/broadcast.bench.ts) is chosen, with windows of at most 200 ms so a
 * burst stays small (30/s → 5 per 167 ms; 1,000/s → 100 per 101 ms).
 */
export function evenLimiter(perSecond: number): { max: number; duration: number } {
  const WAKE_UP_MS = 3;
  let best = { max: 1, duration: 1000 };
  let bestRate = 0;
  for (let duration = 1; duration <= 200; duration++) {
    const max = Math.floor(perSecond / (Math.floor(1000 / duration) + 1));
    const rate = (max * 1000) / (duration + WAKE_UP_MS);
    if (max >= 1 && rate > bestRate) {
      best = { max, duration };
      bestRate = rate;
    }
  }
  return best;
}

/** Hand outbox rows to the right queue: broadcasts to their platform's bulk queue. */
export function createOutboxDispatcher({ db, interactive, bulk }: {
  db: Db; interactive: Queue<OutboxJob>; bulk: Partial<Record<Platform, Queue<OutboxJob>>>;
}) {
  return async function dispatch(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    const routes = await createOutboxRepository({ db }).routes(ids);
    const byQueue = new Map<Queue<OutboxJob>, number[]>();
    for (const r of routes) {
      const q = r.lane === 'bulk' ? bulk[r.platform] ?? interactive : interactive;
      byQueue.set(q, [...(byQueue.get(q) ?? []), r.id]);
    }
    for (const [q, list] of byQueue) {
      for (let i = 0; i < list.length; i += 1000) {
        await q.addBulk(list.slice(i, i + 1000).map((outboxId) => ({ name: 'deliver', data: { outboxId }, opts: { jobId: outboxJobId(outboxId) } })));
      }
    }
  };
}
