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
  materialLink?: (materialId: number) => string | null;
}) {
  const { connection, prefix, platform, limits } = deps;
  const repo = createOutboxRepository({ db: deps.db });
  const pacer = createPacer({ connection, key: `${prefix}:pace:${platform}`, perSecond: limits.perSecond });
  const worker: Worker<OutboxJob> = new Worker<OutboxJob>(bulkQueueName(platform), async (job, token) => {
    const [row] = await repo.findByIds([job.data.outboxId]);
    if (!row || row.status !== 'pending') return 'skipped';
    // One message per chat per interval, whichever worker sends it.
    const slot = await connection.set(`${prefix}:chat-slot:${platform}:${row.chatId}`, '1', 'PX', limits.perChatIntervalMs, 'NX');
    if (slot !== 'OK') {
      await job.moveToDelayed(Date.now() + limits.perChatIntervalMs, token);
      throw new DelayedError();
    }
    // Wait for this message's send slot: evenly spaced across every worker process.
    await pacer.pace();
    const result = await deliverOutboxRowDetailed(row.id, deps);
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
  }, {
    connection, prefix, concurrency: deps.concurrency ?? 16,
    // Never reached (the pacer sets the pace), but BullMQ honours worker.rateLimit() only when a
    // limiter is configured: without one a rate-limited job was picked up again at once, its lock
    // went unrenewed and it ran twice in parallel after the stall check.
    limiter: { max: 1_000_000, duration: 1_000 },
    ...(deps.lockMs ? { lockDuration: deps.lockMs, stalledInterval: deps.lockMs } : {}),
  });
  return worker;
}

/**
 * The gap between two sends, in microseconds. BullMQ's own limiter counts fixed windows (it lets
 * twice the rate through across a window boundary) and wakes up late after each window; the
 * bench measured 94% of Telegram's 30/s that way. Slots spaced 1/(rate − ½) s apart keep every
 * sliding second under the rate with ~17 ms of slack for network jitter (30/s → 33.9 ms, 29.5/s).
 */
export function paceIntervalUs(perSecond: number): number {
  // Under one a second (e.g. ZALO_RATE_PER_MINUTE below 60) the exact gap: no burst to absorb.
  return perSecond <= 1 ? Math.ceil(1_000_000 / perSecond) : Math.ceil(1_000_000 / (perSecond - 0.5));
}

// Reserve the next send slot atomically, on Redis' clock so that every process agrees; no
// slot falls inside a pause the platform asked for (KEYS[2], set on a 429).
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local last = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, last + tonumber(ARGV[1]))
local paused = redis.call('PTTL', KEYS[2])
if paused > 0 then slot = math.max(slot, now + paused * 1000) end
redis.call('SET', KEYS[1], tostring(slot), 'PX', 60000)
return { tostring(slot - now) }`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Send slots shared by every worker process: `pace()` resolves at this caller's slot, and
 * `pauseFor()` (a 429's retry_after) holds back everyone, including callers already waiting.
 */
export function createPacer({ connection, key, perSecond }: { connection: Redis; key: string; perSecond: number }) {
  const interval = paceIntervalUs(perSecond);
  const pausedKey = `${key}:paused`;
  return {
    async pace(): Promise<void> {
      for (;;) {
        const [waitUs] = (await connection.eval(RESERVE, 2, key, pausedKey, String(interval))) as [string];
        if (Number(waitUs) > 500) await sleep(Number(waitUs) / 1000);
        const paused = await connection.pttl(pausedKey);
        if (paused <= 0) return;
        await sleep(paused); // a 429 arrived while we waited: take a new slot after the pause
      }
    },
    async pauseFor(ms: number): Promise<void> {
      await connection.set(pausedKey, '1', 'PX', Math.max(1, Math.round(ms)));
    },
  };
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
