import { createServer } from 'node:net';
import { loadConfig } from '../../src/config/config.js';
import { createApp, type App } from '../../src/app.js';
import { createFakeClock } from '../../src/shared/clock.js';
import { createLogger } from '../../src/shared/logger.js';
import { startFakeTelegram, type FakeTelegram } from '../fakes/telegram/index.js';
import { startFakeZalo, type FakeZalo } from '../fakes/zalo/index.js';
import { createTestDb, createTestDbOn, type TestDb } from './test-db.js';
import { createTestRedis } from './test-redis.js';

export const WEBHOOK_SECRET = 'test_webhook_secret-123';
/** The service's public address in webhook mode; the fakes reach it through their "reverse proxy". */
export const PUBLIC_URL = 'https://chibo.example.vn';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
      .listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => resolve(port));
      })
      .on('error', reject);
  });
}

export type Harness = {
  app: App;
  fake: FakeTelegram;
  tdb: TestDb;
  clock: ReturnType<typeof createFakeClock>;
  /** Where the service listens (http on loopback), behind PUBLIC_URL in webhook mode. */
  baseUrl: string;
  /** A public link the service gave out (PUBLIC_URL/…), as the test reaches it on loopback. */
  local(publicLink: string): string;
  /** The fake Zalo OA (with `zalo: true`): its clock is the service's, its webhook our route. */
  zalo: FakeZalo;
  /** The BullMQ prefix of this service's queues in Redis. */
  prefix: string;
  /** Stop the app and start a new one on the same database and Redis (a process restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
};

/**
 * The whole service — HTTP, Telegram channel, workers — on a fresh database and queue
 * prefix, talking to a fake Telegram server through the real telegraf client.
 */
export async function startHarness(
  opts: {
    mode?: 'polling' | 'webhook';
    start?: string;
    processMode?: 'all' | 'web' | 'worker';
    zalo?: boolean;
    /** false: a deployment on Zalo alone (no Telegram bot token configured). */
    telegram?: boolean;
    /** Another Postgres server than the suite's (a throwaway cluster the test stops and starts). */
    databaseServer?: string;
    /** More settings (e.g. a faster OUTBOX_SWEEP_MS for tests that wait on the sweep). */
    env?: Record<string, string>;
  } = {},
): Promise<Harness> {
  const fake = await startFakeTelegram();
  const tdb = opts.databaseServer ? await createTestDbOn(opts.databaseServer) : await createTestDb();
  const redis = createTestRedis();
  const clock = createFakeClock(opts.start ?? '2026-11-20T09:00:00+07:00');
  const zalo = opts.zalo ? await startFakeZalo({ now: () => clock.now().getTime() }) : undefined;
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  fake.proxy(PUBLIC_URL, baseUrl);
  const config = loadConfig({
    DATABASE_URL: tdb.url,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: redis.prefix,
    ...(opts.telegram === false
      ? {}
      : { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET }),
    PORT: String(port),
    HOST: '127.0.0.1',
    PROCESS_MODE: opts.processMode ?? 'all',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...(opts.mode === 'webhook' ? { PUBLIC_URL } : {}),
    ...(zalo
      ? {
          ZALO_APP_ID: zalo.appId,
          ZALO_APP_SECRET: zalo.appSecret,
          ZALO_OA_SECRET_KEY: zalo.oaSecretKey,
          ZALO_API_ROOT: zalo.apiRoot,
          ZALO_OAUTH_ROOT: zalo.oauthRoot,
          ZALO_OA_ID: zalo.oaId,
        }
      : {}),
    ...opts.env,
  });
  const logger = createLogger({ level: config.LOG_LEVEL });
  const h: Harness = {
    app: await createApp({ config, logger, clock }),
    fake,
    tdb,
    clock,
    baseUrl,
    prefix: redis.prefix,
    local: (link) => (link.startsWith(PUBLIC_URL) ? baseUrl + link.slice(PUBLIC_URL.length) : link),
    get zalo(): FakeZalo {
      if (!zalo) throw new Error('start the harness with { zalo: true }');
      return zalo;
    },
    async restart() {
      await h.app.stop();
      h.app = await createApp({ config, logger, clock });
      await h.app.start();
    },
    async close() {
      await h.app.stop();
      await fake.close();
      await zalo?.close();
      await tdb.drop();
      await redis.cleanup();
    },
  };
  // The service answers a webhook at the commit and sends the replies after it: a test's update
  // returns once they have gone out, as a member sees them before typing the next message.
  const [deliverToWebhook, deliverToWebhookRaw] = [fake.deliverToWebhook.bind(fake), fake.deliverToWebhookRaw.bind(fake)];
  const settled = async <T>(answer: Promise<T>) => {
    const r = await answer;
    await h.app.idle();
    return r;
  };
  fake.deliverToWebhook = (update) => settled(deliverToWebhook(update));
  fake.deliverToWebhookRaw = (body, headers) => settled(deliverToWebhookRaw(body, headers));
  if (zalo) {
    // As an admin would with `npm run cli -- zalo-token install`, from Zalo's API Explorer.
    const pair = zalo.issueTokenPair();
    await h.app.zaloTokens!.install({
      accessToken: pair.access_token,
      refreshToken: pair.refresh_token,
      expiresInSec: Number(pair.expires_in),
    });
    zalo.setWebhook(`${baseUrl}/zalo/webhook`);
  }
  await h.app.start();
  return h;
}

/**
 * Poll until `check` passes (state changes land asynchronously through the fake). `beforeRetry`
 * runs between looks (e.g. moving the fake clock on).
 */
export async function eventually<T>(
  check: () => T | Promise<T>,
  timeoutMs = 5000,
  { beforeRetry, pollMs = 50 }: { beforeRetry?: () => void; pollMs?: number } = {},
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > until) throw err;
      beforeRetry?.();
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }
}
