import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDb, type TestDb } from '../../test/support/test-db.js';
import { testRedisUrl } from '../../test/support/env.js';
import { createRedis } from '../jobs/redis.js';
import { createDb } from '../shared/db/db.js';
import { createHttpServer } from './http.js';

// Nothing listens on port 1: connections are refused at once.
const UNREACHABLE_POSTGRES = 'postgres://postgres@127.0.0.1:1/x';

/** A Redis client to a closed port that fails fast and does not keep reconnecting. */
function unreachableRedis(): Redis {
  const r = new Redis({
    host: '127.0.0.1',
    port: 1,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  r.on('error', () => {});
  return r;
}

let t: TestDb;
let liveRedis: Redis;
let deadRedis: Redis;
let deadDb: ReturnType<typeof createDb>;
beforeAll(async () => {
  t = await createTestDb();
  liveRedis = createRedis(testRedisUrl);
  deadRedis = unreachableRedis();
  deadDb = createDb({ url: UNREACHABLE_POSTGRES, max: 1 });
});
afterAll(async () => {
  await deadDb?.close();
  deadRedis?.disconnect();
  await liveRedis?.quit();
  await t?.drop();
});

async function healthz(deps: Parameters<typeof createHttpServer>[0]) {
  const app = createHttpServer(deps);
  try {
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    return { status: res.statusCode, body: res.json() as unknown };
  } finally {
    await app.close();
  }
}

describe('the health check', () => {
  test('answers ok when Postgres and Redis are both reachable', async () => {
    expect(await healthz({ db: t.db, redis: liveRedis })).toEqual({ status: 200, body: { status: 'ok' } });
  });

  test('reports the service unavailable, naming redis, when Redis cannot be reached', async () => {
    expect(await healthz({ db: t.db, redis: deadRedis })).toEqual({ status: 503, body: { status: 'unavailable', failed: ['redis'] } });
  });

  test('reports the service unavailable, naming postgres, when Postgres cannot be reached', async () => {
    expect(await healthz({ db: deadDb.db, redis: liveRedis })).toEqual({
      status: 503,
      body: { status: 'unavailable', failed: ['postgres'] },
    });
  });

  test('names both when neither can be reached', async () => {
    expect(await healthz({ db: deadDb.db, redis: deadRedis })).toEqual({
      status: 503,
      body: { status: 'unavailable', failed: ['postgres', 'redis'] },
    });
  });

  test('names long polling that has stopped fetching, while Postgres and Redis answer', async () => {
    let fetching = false;
    const readiness = [{ name: 'telegram-polling', ready: () => fetching }];
    expect(await healthz({ db: t.db, redis: liveRedis, readiness })).toEqual({
      status: 503,
      body: { status: 'unavailable', failed: ['telegram-polling'] },
    });
    fetching = true;
    expect(await healthz({ db: t.db, redis: liveRedis, readiness })).toEqual({ status: 200, body: { status: 'ok' } });
  });
});
