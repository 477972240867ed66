import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { eventually } from '../../test/support/app-harness.js';
import { createTestDb, type TestDb } from '../../test/support/test-db.js';
import { createTestRedis } from '../../test/support/test-redis.js';
import { createOutboxRepository } from '../modules/outbox/outbox.repository.js';
import type { ChatGateway } from '../shared/chat-gateway.js';
import { createFakeClock } from '../shared/clock.js';
import { createDb } from '../shared/db/db.js';
import { createLogger } from '../shared/logger.js';
import { createOutboxQueue, createOutboxWorker, outboxJobId, sweepOutbox } from './outbox.jobs.js';
import { createMessageDelivery } from './delivery.js';
import { createRedis } from './redis.js';

const logger = createLogger({ level: 'silent' });
const PAST_GRACE_MS = 6_000; // the sweep leaves rows younger than 5 s to their writer

/** Counts sends per chat; a send to `holdChat` waits until `release()` is called. */
function recordingGateway(holdChat?: string) {
  const sends = new Map<string, number>();
  const started: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const gateway: ChatGateway = {
    platform: 'telegram',
    async send(chatId) {
      started.push(chatId);
      if (chatId === holdChat) await gate;
      await new Promise((r) => setTimeout(r, 2)); // let workers overlap
      sends.set(chatId, (sends.get(chatId) ?? 0) + 1);
      return { messageId: `m-${chatId}-${sends.get(chatId)}` };
    },
    async answerCallback() {},
  };
  return { gateway, sends, started, release };
}

let t: TestDb;
let redis: ReturnType<typeof createTestRedis>;
let clock: ReturnType<typeof createFakeClock>;
let stops: (() => Promise<void>)[] = [];
let connections: Redis[] = [];

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.drop();
});
beforeEach(async () => {
  await t.sql`truncate outbox restart identity cascade`;
  redis = createTestRedis();
  clock = createFakeClock('2026-11-20T09:00:00+07:00');
});
afterEach(async () => {
  for (const stop of stops.reverse()) await stop();
  for (const c of connections) await c.quit();
  stops = [];
  connections = [];
  await redis.cleanup();
});

/** One app process: its own Redis connection, outbox queue (for sweeping) and worker. */
function startProcess(gateway: ChatGateway, concurrency = 4) {
  const connection = createRedis(redis.url);
  connections.push(connection);
  const queue = createOutboxQueue({ connection, prefix: redis.prefix });
  const deliver = createMessageDelivery({ db: t.db, gateways: { telegram: gateway }, clock, logger });
  const worker = createOutboxWorker({ deliver, connection, prefix: redis.prefix, concurrency });
  worker.on('error', () => {}); // a flush under a running job makes BullMQ report the lost lock
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await worker.close();
    await queue.close();
  };
  stops.push(stop);
  return { queue, worker, stop, sweep: () => sweepOutbox({ db: t.db, clock, queue }) };
}

/** Messages committed to the outbox by a process that then crashed before sending them. */
async function writeUnsent(chatIds: string[]) {
  return createOutboxRepository({ db: t.db }).add(
    chatIds.map((chatId) => ({ platform: 'telegram' as const, chatId, message: { kind: 'text' as const, text: `Thông báo ${chatId}` } })),
    clock.now(),
  );
}
const chats = (from: number, n: number) => Array.from({ length: n }, (_, i) => String(from + i));
const statuses = async () =>
  await t.sql<{ chat_id: string; status: string; attempts: number }[]>`
  select chat_id, status::text, attempts from outbox order by id`;
async function expectAllSentOnce(sends: Map<string, number>, chatIds: string[]) {
  expect(Object.fromEntries(sends)).toEqual(Object.fromEntries(chatIds.map((c) => [c, 1])));
  expect((await statuses()).every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
}

describe('the outbox sweep and workers', () => {
  test('messages committed by a process that crashed before sending are delivered by the next sweep', async () => {
    const ids = chats(5001, 10);
    await writeUnsent(ids);
    const { gateway, sends } = recordingGateway();
    const p = startProcess(gateway);

    // Fresh rows belong to the process that wrote them: the sweep leaves them alone.
    expect(await p.sweep()).toBe(0);
    clock.advance(PAST_GRACE_MS);
    expect(await p.sweep()).toBe(10);

    await eventually(async () => expect((await statuses()).map((r) => r.status)).toEqual(Array(10).fill('sent')), 15_000);
    await expectAllSentOnce(sends, ids);
    expect(await p.sweep()).toBe(0);
  });

  test('after Redis loses the queue mid-way, the next sweep rebuilds it from Postgres and each message goes out once', async () => {
    const ids = chats(6001, 6);
    await writeUnsent(ids);
    clock.advance(PAST_GRACE_MS);
    const { gateway, sends, started, release } = recordingGateway('6001');
    const p = startProcess(gateway, 1);
    expect(await p.sweep()).toBe(6);

    // The first message is on its way; the other five wait in Redis when it is flushed.
    await eventually(() => expect(started).toEqual(['6001']), 15_000);
    await redis.cleanup();
    expect(await p.queue.count()).toBe(0);
    release();
    await eventually(async () => expect((await statuses())[0]).toMatchObject({ chat_id: '6001', status: 'sent' }), 15_000);
    expect([...sends.keys()]).toEqual(['6001']);

    // Nothing is left in Redis; Postgres still knows which messages are pending.
    expect(await p.sweep()).toBe(5);
    await eventually(async () => expect((await statuses()).map((r) => r.status)).toEqual(Array(6).fill('sent')), 15_000);
    await expectAllSentOnce(sends, ids);
    expect(await p.sweep()).toBe(0);
  });

  test('two processes sweeping again and again while both work the queue send each message exactly once', async () => {
    const ids = chats(7001, 40);
    await writeUnsent(ids);
    clock.advance(PAST_GRACE_MS);
    const { gateway, sends } = recordingGateway();
    const a = startProcess(gateway);
    const b = startProcess(gateway);

    await eventually(async () => {
      await Promise.all([a.sweep(), b.sweep(), a.sweep(), b.sweep()]);
      expect((await statuses()).filter((r) => r.status !== 'sent')).toEqual([]);
    }, 15_000);
    await expectAllSentOnce(sends, ids);
    expect(await Promise.all([a.sweep(), b.sweep()])).toEqual([0, 0]);
  });

  test('a delivery job that failed while Postgres was down does not keep its message from being swept again', async () => {
    const [id] = await writeUnsent(['8001']);
    clock.advance(PAST_GRACE_MS);
    // A worker cut off from Postgres uses up the job's last attempt: BullMQ marks it failed.
    const down = createDb({ url: 'postgres://postgres@127.0.0.1:1/x', max: 1 });
    stops.push(down.close);
    const connection = createRedis(redis.url);
    connections.push(connection);
    const queue = createOutboxQueue({ connection, prefix: redis.prefix });
    const cutOff = createOutboxWorker({
      deliver: createMessageDelivery({ db: down.db, gateways: {}, clock, logger }),
      connection,
      prefix: redis.prefix,
    });
    stops.push(async () => {
      await cutOff.close();
      await queue.close();
    });
    const failed = new Promise<Error>((resolve) => cutOff.once('failed', (_job, err) => resolve(err)));
    await queue.add('deliver', { outboxId: id! }, { jobId: outboxJobId(id!), attempts: 1 });
    expect((await failed).message).toMatch(/^Failed query: update "outbox"/);
    await cutOff.close();

    // Postgres is back: the next sweep must hand the still-pending message to a worker again.
    const { gateway, sends } = recordingGateway();
    const p = startProcess(gateway);
    expect(await p.sweep()).toBe(1);
    await eventually(async () => expect((await statuses())[0]).toMatchObject({ status: 'sent' }), 15_000);
    expect(Object.fromEntries(sends)).toEqual({ 8001: 1 });
  });
});
