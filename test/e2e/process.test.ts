import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram/index.js';
import { createTestDb, type TestDb } from '../support/test-db.js';
import { createTestRedis } from '../support/test-redis.js';
import { eventually, freePort } from '../support/app-harness.js';
import { spawnService } from '../support/service-process.js';

// The service as operators run it: a real process, configured by environment variables.
let tdb: TestDb;
let fake: FakeTelegram;
const redis = createTestRedis();

function startService(env: Record<string, string>): { child: ChildProcess; output: () => string; exit: Promise<number | null> } {
  const child = spawnService(env, ['ignore', 'pipe', 'pipe']);
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exit };
}

beforeAll(async () => {
  tdb = await createTestDb();
  fake = await startFakeTelegram();
});
afterAll(async () => {
  await fake?.close();
  await tdb?.drop();
  await redis.cleanup();
});

describe('the service process', () => {
  test('a missing bot token stops start-up with a message naming the variable', async () => {
    const s = startService({ DATABASE_URL: tdb.url });
    expect(await s.exit).toBe(2);
    expect(s.output()).toContain('TELEGRAM_BOT_TOKEN');
  });

  test('it starts, reports healthy, and on SIGTERM stops taking updates and exits cleanly', async () => {
    // A port the OS just handed out and released: a fixed range would collide with other servers.
    const port = await freePort();
    const s = startService({
      DATABASE_URL: tdb.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: redis.prefix,
      PORT: String(port),
      HOST: '127.0.0.1',
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      SHUTDOWN_TIMEOUT_MS: '8000',
    });
    try {
      const health = await eventually(async () => {
        const r = await fetch(`http://127.0.0.1:${port}/healthz`).catch((err) => {
          throw new Error(`service not answering (${String(err)}); its output so far:\n${s.output()}`);
        });
        expect(r.status).toBe(200);
        return r.json();
      }, 30_000);
      expect(health).toEqual({ status: 'ok' });
      await eventually(() => expect(fake.callsTo('getUpdates').length).toBeGreaterThan(0), 10_000);
      s.child.kill('SIGTERM');
      expect(await s.exit).toBe(0);
      // Logs are JSON lines with ids and codes: the token never appears.
      expect(s.output()).not.toContain(fake.token.split(':')[1]);
      const polls = fake.callsTo('getUpdates').length;
      await new Promise((r) => setTimeout(r, 1200));
      expect(fake.callsTo('getUpdates').length).toBe(polls);
    } finally {
      s.child.kill('SIGKILL');
    }
  }, 60_000);
});
