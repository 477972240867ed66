import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createBulkQueue, createOutboxDispatcher } from '../../src/jobs/bulk.jobs.js';
import { createOutboxQueue } from '../../src/jobs/outbox.jobs.js';
import { createRedis } from '../../src/jobs/redis.js';
import { createOutboxRepository } from '../../src/modules/outbox/outbox.repository.js';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram/index.js';
import { eventually } from '../support/app-harness.js';
import { spawnService } from '../support/service-process.js';
import { createTestDb, type TestDb } from '../support/test-db.js';
import { createTestRedis } from '../support/test-redis.js';

// A broadcast survives what operations throw at it: a worker process killed mid-run (SIGKILL,
// no clean-up) and a Redis flush mid-run. Postgres holds every message; nothing is lost and a
// message is sent twice only if it was in flight at the moment of the crash.
let tdb: TestDb;
let fake: FakeTelegram;
const redis = createTestRedis();
const connection = createRedis(redis.url);
const children: ChildProcess[] = [];

function startWorker(): ChildProcess {
  const child = spawnService(
    {
      DATABASE_URL: tdb.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: redis.prefix,
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      PROCESS_MODE: 'worker',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      TELEGRAM_RATE_PER_SECOND: '40',
      OUTBOX_LEASE_MS: '3000',
      JOB_LOCK_MS: '2000',
      OUTBOX_SWEEP_MS: '1000',
      SCHEDULE_WATCHDOG_MS: '2000',
    },
    'ignore',
  );
  children.push(child);
  return child;
}

async function broadcast(from: number, count: number): Promise<number[]> {
  const repo = createOutboxRepository({ db: tdb.db });
  const ids = await repo.add(
    Array.from({ length: count }, (_, i) => ({
      platform: 'telegram' as const,
      chatId: String(from + i),
      lane: 'bulk',
      message: { kind: 'text' as const, text: 'Tài liệu sinh hoạt tháng 12' },
    })),
    new Date(),
  );
  const bulk = { telegram: createBulkQueue({ connection, prefix: redis.prefix, platform: 'telegram' }) };
  await createOutboxDispatcher({ db: tdb.db, interactive: createOutboxQueue({ connection, prefix: redis.prefix }), bulk })(ids);
  return ids;
}

const sendsTo = (from: number, count: number) =>
  fake.calls.filter(
    (c) => c.method === 'sendMessage' && !c.error && Number(c.params.chat_id) >= from && Number(c.params.chat_id) < from + count,
  );
const allSent = (ids: number[]) =>
  eventually(async () => {
    const rows = await createOutboxRepository({ db: tdb.db }).findByIds(ids);
    expect(rows.filter((r) => r.status !== 'sent').length).toBe(0);
  }, 60_000);

beforeAll(async () => {
  tdb = await createTestDb();
  fake = await startFakeTelegram();
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  connection.disconnect();
  await fake?.close();
  await redis.cleanup();
  await tdb?.drop();
});

describe('a broadcast under failure', () => {
  test('a worker killed mid-broadcast and a new one started: nothing lost, duplicates only from sends in flight', async () => {
    const ids = await broadcast(90_000, 120);
    const first = startWorker();
    await eventually(() => expect(sendsTo(90_000, 120).length).toBeGreaterThanOrEqual(40), 30_000);
    first.kill('SIGKILL');
    const atKill = sendsTo(90_000, 120).length;
    expect(atKill).toBeLessThan(120);
    startWorker();
    await allSent(ids);
    const perChat = new Map<string, number>();
    for (const c of sendsTo(90_000, 120)) perChat.set(String(c.params.chat_id), (perChat.get(String(c.params.chat_id)) ?? 0) + 1);
    expect(perChat.size).toBe(120);
    const duplicates = [...perChat.values()].reduce((a, n) => a + n - 1, 0);
    // At most the worker's concurrency can be in flight at once; in practice one or two.
    expect(duplicates).toBeLessThanOrEqual(16);
  }, 90_000);

  test('a Redis flush mid-broadcast is recovered from Postgres without a restart', async () => {
    const ids = await broadcast(91_000, 80);
    await eventually(() => expect(sendsTo(91_000, 80).length).toBeGreaterThanOrEqual(20), 30_000);
    await redis.cleanup(); // queues, jobs and schedules are gone
    await allSent(ids);
    expect(new Set(sendsTo(91_000, 80).map((c) => c.params.chat_id)).size).toBe(80);
  }, 90_000);
});
