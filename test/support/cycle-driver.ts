import { Redis } from 'ioredis';
import { createCycleQueue, sweepCycle } from '../../src/jobs/cycle.jobs.js';
import type { Harness } from './app-harness.js';
import { testRedisUrl } from './env.js';

/**
 * Drive the meeting cycle like the scheduler would: set the clock, run the sweep, and wait
 * until the service's own workers have processed every queued job.
 */
export function createCycleDriver(h: Harness) {
  const connection = new Redis(testRedisUrl, { maxRetriesPerRequest: null });
  const queue = createCycleQueue({ connection, prefix: h.prefix });

  async function drained(timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      if (Object.values(c).every((n) => n === 0)) return;
      if (Date.now() > until) throw new Error(`cycle queue not drained: ${JSON.stringify(c)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  return {
    queue,
    /** Sweep at a Vietnam local time, e.g. '2026-11-26T08:00'. */
    async sweepAt(local: string, times = 1): Promise<number> {
      h.clock.set(`${local}:00+07:00`);
      let planned = 0;
      for (let i = 0; i < times; i++) planned = await sweepCycle({ db: h.app.db, clock: h.clock, queue });
      await drained();
      return planned;
    },
    drained,
    async close() {
      await queue.close();
      connection.disconnect();
    },
  };
}
