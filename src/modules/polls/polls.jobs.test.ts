// The deadline job lives in src/jobs/polls.jobs.ts; its test sits here with the rest of polls.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../../../test/support/test-db.js';
import { createTestRedis } from '../../../test/support/test-redis.js';
import { seedBranch, seedMember } from '../../../test/support/seed.js';
import { createFakeClock } from '../../shared/clock.js';
import { createLogger } from '../../shared/logger.js';
import { chatIdentities } from '../identities/identities.table.js';
import { createMembersRepository } from '../members/members.repository.js';
import type { Member } from '../members/members.repository.js';
import { createPoll, type Poll } from './polls.usecases.js';
import { polls } from './polls.table.js';
import { createRedis } from '../../jobs/redis.js';
import { createPollsQueue, createPollsWorker, pollCloseJobId, runPollClose, schedulePollClose } from '../../jobs/polls.jobs.js';

let t: TestDb;
let bi: Member;
const redis = createTestRedis();
const connection = createRedis(redis.url);
const queue = createPollsQueue({ connection, prefix: redis.prefix });
const NOW = new Date('2026-12-01T09:00:00+07:00');
const deadline = new Date(NOW.getTime() + 3_600_000);

const newPoll = async (): Promise<Poll> => {
  const actor = (await createMembersRepository({ db: t.db }).findById(bi.id))!;
  const r = await createPoll(
    {
      actor,
      now: NOW,
      draft: {
        question: 'Đồng ý?',
        options: ['Có', 'Không'],
        multipleChoice: false,
        anonymous: false,
        shareResults: false,
        deadline,
        groupId: null,
      },
    },
    { db: t.db },
  );
  if (r.status !== 'sent') throw new Error(r.status);
  return r.poll;
};
const statusOf = async (id: number) => (await t.db.select().from(polls).where(eq(polls.id, id)))[0]!.status;

beforeAll(async () => {
  t = await createTestDb();
  const { branch } = await seedBranch(t.db, 'Chi bộ Hàng đợi');
  bi = await seedMember(t.db, branch, { fullName: 'Phạm Văn Bí', phone: '0917000001', role: 'secretary' });
  await t.db.insert(chatIdentities).values({ memberId: bi.id, platform: 'telegram', externalId: 'b1', chatId: 'b1' });
});
afterAll(async () => {
  await queue.close();
  connection.disconnect();
  await redis.cleanup();
  await t?.drop();
});

describe('the close job', () => {
  test('one delayed job per poll, at its deadline, however often it is scheduled', async () => {
    const poll = await newPoll();
    await schedulePollClose(queue, poll, NOW);
    await schedulePollClose(queue, poll, NOW);
    const job = await queue.getJob(pollCloseJobId(poll.id));
    expect(job?.opts.delay).toBe(3_600_000);
    expect((await queue.getJobCounts('delayed')).delayed).toBe(1);
    await job!.remove();
  });

  test('the worker closes a due poll and hands its messages to delivery', async () => {
    const clock = createFakeClock(deadline);
    const poll = await newPoll();
    const dispatched: number[][] = [];
    let done!: () => void;
    const finished = new Promise<void>((r) => {
      done = r;
    });
    const workerConnection = createRedis(redis.url);
    const worker = createPollsWorker({
      db: t.db,
      clock,
      logger: createLogger({ level: 'silent' }),
      connection: workerConnection,
      prefix: redis.prefix,
      dispatch: async (ids) => {
        dispatched.push(ids);
      },
    });
    worker.on('completed', () => done());
    // The deadline has passed by the real clock: no delay.
    await schedulePollClose(queue, poll, new Date(deadline.getTime() + 1));
    await finished;
    await worker.close();
    workerConnection.disconnect();
    expect(await statusOf(poll.id)).toBe('closed');
    expect(dispatched).toHaveLength(1);
    expect(dispatched[0]!.length).toBeGreaterThan(0);
  });

  test('a job that wakes before the deadline (by the injected clock) leaves the poll open', async () => {
    const poll = await newPoll();
    const clock = createFakeClock(new Date(deadline.getTime() - 1));
    expect(await runPollClose({ pollId: poll.id }, { db: t.db, clock, dispatch: async () => {} })).toEqual({ status: 'not_due' });
    expect(await statusOf(poll.id)).toBe('open');
  });
});
