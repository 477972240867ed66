import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { like } from 'drizzle-orm';
import { createFakeClock } from '../shared/clock.js';
import { createLogger } from '../shared/logger.js';
import { chatIdentities } from '../modules/identities/identities.table.js';
import { outbox } from '../modules/outbox/outbox.table.js';
import { ensureRegularMeetings } from '../modules/meetings/schedule.usecases.js';
import { createTestDb, type TestDb } from '../../test/support/test-db.js';
import { createTestRedis } from '../../test/support/test-redis.js';
import { seedBranch, seedMember } from '../../test/support/seed.js';
import { createRedis } from './redis.js';
import { createOutboxQueue } from './outbox.jobs.js';
import { planCycleJobs } from '../modules/cycle/cycle.plan.js';
import { createCycleQueue, createCycleWorker, sweepCycle } from './cycle.jobs.js';

let t: TestDb;
const redis = createTestRedis();
const connection = createRedis(redis.url);
const clock = createFakeClock('2026-11-26T08:05:00+07:00');
const queue = createCycleQueue({ connection, prefix: redis.prefix });
const outboxQueue = createOutboxQueue({ connection, prefix: redis.prefix });

beforeAll(async () => {
  t = await createTestDb();
  const { branch } = await seedBranch(t.db, 'Chi bộ Redis');
  for (const [i, role] of (['secretary', 'deputy', 'member'] as const).entries()) {
    const m = await seedMember(t.db, branch, { fullName: `Người ${i}`, phone: `09110000${i}0`, role });
    await t.db
      .insert(chatIdentities)
      .values({ memberId: m.id, platform: 'telegram', externalId: String(900 + i), chatId: String(900 + i) });
  }
  await ensureRegularMeetings({ periods: ['2026-12'] }, { db: t.db, clock });
});
afterAll(async () => {
  await queue.close();
  await outboxQueue.close();
  connection.disconnect();
  await redis.cleanup();
  await t?.drop();
});

async function drain(): Promise<void> {
  const worker = createCycleWorker({
    db: t.db,
    clock,
    logger: createLogger({ level: 'silent' }),
    connection: createRedis(redis.url),
    prefix: redis.prefix,
    outboxQueue,
  });
  for (let i = 0; i < 200; i++) {
    const c = await queue.getJobCounts('waiting', 'active', 'delayed');
    if ((c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) === 0) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  await worker.close();
}

describe('the meeting-cycle sweep after a Redis flush', () => {
  test('jobs lost with Redis are planned again from Postgres, and each nag is still written once', async () => {
    expect(await sweepCycle({ db: t.db, clock, queue })).toBeGreaterThan(0);
    await redis.cleanup(); // the flush: every queued job is gone
    expect((await queue.getJobCounts('waiting')).waiting).toBe(0);

    await sweepCycle({ db: t.db, clock, queue });
    await drain();
    await sweepCycle({ db: t.db, clock, queue });
    await drain();
    const nags = await t.db.select().from(outbox).where(like(outbox.dedupeKey, 'prep-nag:%'));
    expect(nags.map((n) => n.chatId).sort()).toEqual(['900', '901']);
  });
});

describe('the meeting-cycle sweep for many branches', () => {
  test('planned a page of branches at a time, it queues exactly the jobs of the whole plan at once', async () => {
    for (const [i, name] of ['Chi bộ Trang 2', 'Chi bộ Trang 3'].entries()) {
      const { branch } = await seedBranch(t.db, name);
      await seedMember(t.db, branch, { fullName: `Bí thư ${name}`, phone: `09120000${i}0`, role: 'secretary' });
    }
    await ensureRegularMeetings({ periods: ['2026-12'] }, { db: t.db, clock });
    const whole = (await planCycleJobs({ now: clock.now() }, { db: t.db })).map((j) => j.jobId).sort();
    expect(whole.filter((id) => id.startsWith('prep-nag-')).length).toBeGreaterThanOrEqual(3);

    await redis.cleanup();
    expect(await sweepCycle({ db: t.db, clock, queue, pageBranches: 1 })).toBe(whole.length);
    const queued = (await queue.getJobs(['waiting', 'delayed', 'prioritized'])).map((j) => j.id).sort();
    expect(queued).toEqual(whole);
  });
});
