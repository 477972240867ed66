import { DelayedError, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Db } from '../shared/db/db.js';
import type { Platform } from '../shared/db/enums.js';
import { createOutboxRepository } from '../modules/outbox/outbox.repository.js';
import type { Deliver } from '../modules/outbox/outbox.delivery.js';
import { outboxJobId, type OutboxJob } from './outbox.jobs.js';
import { createPacer, type Rate } from './pacer.js';

// Broadcasts (materials to thousands of members) go through one queue per platform whose
// pace is kept in Redis, so the platform's ceiling holds across every worker
// process; a per-chat slot keeps any one chat under its own limit; a 429 pauses the whole
// queue for its retry_after (Worker.RateLimitError) without counting as a failure.
export const bulkQueueName = (platform: Platform) => `bulk-${platform}`;

export type BulkLimits = { rate: Rate; perChatIntervalMs: number };

export function createBulkQueue({ connection, prefix, platform }: { connection: Redis; prefix: string; platform: Platform }) {
  return new Queue<OutboxJob>(bulkQueueName(platform), {
    connection,
    prefix,
    defaultJobOptions: { removeOnComplete: true, removeOnFail: true, attempts: 5, backoff: { type: 'exponential', delay: 5_000 } },
  });
}

export function createBulkWorker(deps: {
  db: Db;
  deliver: Deliver;
  connection: Redis;
  prefix: string;
  platform: Platform;
  limits: BulkLimits;
  concurrency?: number;
  lockMs?: number;
}) {
  const { connection, prefix, platform, limits } = deps;
  const repo = createOutboxRepository({ db: deps.db });
  const pacer = createPacer({ connection, key: `${prefix}:pace:${platform}`, rate: limits.rate });
  const worker: Worker<OutboxJob> = new Worker<OutboxJob>(
    bulkQueueName(platform),
    async (job, token) => {
      const [row] = await repo.findByIds([job.data.outboxId]);
      if (!row || row.status !== 'pending') return 'skipped';
      // One message per chat per interval, whichever worker sends it.
      const slot = await connection.set(`${prefix}:chat-slot:${platform}:${row.chatId}`, '1', 'PX', limits.perChatIntervalMs, 'NX');
      if (slot !== 'OK') {
        await job.moveToDelayed(Date.now() + limits.perChatIntervalMs, token);
        throw new DelayedError();
      }
      // Each platform call waits for its send slot right before it is made, evenly spaced across
      // every worker process (the claim and the message's preparation come first).
      const result = await deps.deliver(row.id, { lane: 'bulk', pace: () => pacer.pace('bulk') });
      // Held: waits for the person to write. Rerouted: the sweep hands it to its new platform's queue.
      if (result.outcome === 'held' || result.outcome === 'rerouted') return result.outcome;
      // A 429, or a paused channel (Zalo consent lost): the whole queue waits, nothing is counted.
      if (result.rateLimitedForMs !== undefined) {
        await pacer.pauseFor(result.rateLimitedForMs);
        await worker.rateLimit(result.rateLimitedForMs);
        throw Worker.RateLimitError();
      }
      // Not sent yet but due later (a 429's wait, an upload in progress, a transient fault, or
      // another sender's lease): come back then instead of dropping the job.
      if (result.outcome === 'retry_later' || result.outcome === 'skipped') {
        const [again] = await repo.findByIds([row.id]);
        if (again?.status === 'pending') {
          const due = Math.max(again.notBefore.getTime(), again.lockedUntil?.getTime() ?? 0);
          await job.moveToDelayed(Math.max(Date.now() + 250, due), token);
          throw new DelayedError();
        }
      }
      return result.outcome;
    },
    {
      connection,
      prefix,
      concurrency: deps.concurrency ?? 16,
      // Never reached (the pacer sets the pace), but BullMQ honours worker.rateLimit() only when a
      // limiter is configured: without one a rate-limited job was picked up again at once, its lock
      // went unrenewed and it ran twice in parallel after the stall check.
      limiter: { max: 1_000_000, duration: 1_000 },
      ...(deps.lockMs ? { lockDuration: deps.lockMs, stalledInterval: deps.lockMs } : {}),
    },
  );
  return worker;
}

/** Hand outbox rows to the right queue: broadcasts to their platform's bulk queue. */
export function createOutboxDispatcher({
  db,
  interactive,
  bulk,
}: {
  db: Db;
  interactive: Queue<OutboxJob>;
  bulk: Partial<Record<Platform, Queue<OutboxJob>>>;
}) {
  return async function dispatch(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    const routes = await createOutboxRepository({ db }).routes(ids);
    const byQueue = new Map<Queue<OutboxJob>, number[]>();
    for (const r of routes) {
      const q = r.lane === 'bulk' ? (bulk[r.platform] ?? interactive) : interactive;
      byQueue.set(q, [...(byQueue.get(q) ?? []), r.id]);
    }
    for (const [q, list] of byQueue) {
      for (let i = 0; i < list.length; i += 1000) {
        await q.addBulk(
          list.slice(i, i + 1000).map((outboxId) => ({ name: 'deliver', data: { outboxId }, opts: { jobId: outboxJobId(outboxId) } })),
        );
      }
    }
  };
}
