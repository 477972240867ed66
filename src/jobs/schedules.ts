import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../shared/logger.js';
import { errorText } from '../shared/logger.js';

// A small fixed set of sweeps, each a BullMQ job scheduler (cron, Vietnam time). Later
// issues add theirs here: one scheduler per kind of work, never one per branch.
export const SWEEPS_QUEUE = 'sweeps';
export const TZ = 'Asia/Ho_Chi_Minh';

export type Sweep = { name: string; repeat: { pattern: string } | { every: number }; run: () => Promise<unknown> };

export async function startSweeps({
  connection,
  prefix,
  sweeps,
  logger,
  watchdogMs = 60_000,
}: {
  connection: Redis;
  prefix: string;
  sweeps: Sweep[];
  logger: Logger;
  /** How often the schedules are re-asserted, so a Redis flush heals without a restart. */
  watchdogMs?: number;
}) {
  const queue = new Queue(SWEEPS_QUEUE, { connection, prefix });
  // upsertJobScheduler is idempotent: every process calls it at start-up and then every
  // `watchdogMs`; after a Redis flush the schedules come back by themselves, and the sweeps
  // rebuild every queue from Postgres.
  const upsertAll = async () => {
    for (const s of sweeps) {
      const repeat = 'pattern' in s.repeat ? { pattern: s.repeat.pattern, tz: TZ } : { every: s.repeat.every };
      await queue.upsertJobScheduler(s.name, repeat, { name: s.name, opts: { removeOnComplete: 100, removeOnFail: 100 } });
    }
  };
  await upsertAll();
  const watchdog = setInterval(() => {
    upsertAll().catch((err) => logger.warn({ err: errorText(err) }, 'could not re-assert job schedulers'));
  }, watchdogMs);
  watchdog.unref();
  const byName = new Map(sweeps.map((s) => [s.name, s]));
  const worker = new Worker(
    SWEEPS_QUEUE,
    async (job) => {
      const sweep = byName.get(job.name);
      if (!sweep) return;
      const result = await sweep.run();
      logger.debug({ sweep: job.name, result }, 'sweep done');
      return result;
    },
    { connection, prefix, concurrency: 1 },
  );
  return { queue, worker, stopWatchdog: () => clearInterval(watchdog) };
}
