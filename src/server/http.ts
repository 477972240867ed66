import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import type { Redis } from 'ioredis';
import type { Db } from '../shared/db/db.js';
import { sql } from 'drizzle-orm';

type Deps = {
  db: Db;
  redis: Redis;
  /** Telegram webhook handler, present in webhook mode. */
  telegramWebhook?: { path: string; handle(req: { secretHeader: string | undefined; body: unknown }): Promise<{ status: number }> };
  /** Zalo OA webhook, present when Zalo is configured: the handler verifies the raw bytes. */
  zaloWebhook?: {
    path: string;
    handle(req: { rawBody: Buffer; headers: Record<string, string | string[] | undefined> }): Promise<{ status: number }>;
  };
  /** Every feature's routes, each an encapsulated plugin (src/features/). */
  routes?: FastifyPluginAsync[];
  /** Readiness beyond Postgres and Redis, e.g. long polling that has stopped fetching. */
  readiness?: { name: string; ready(): boolean }[];
};

const HEALTH_TIMEOUT_MS = 2_000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
}

export function createHttpServer({ db, redis, telegramWebhook, zaloWebhook, routes = [], readiness = [] }: Deps): FastifyInstance {
  // No request logging: webhook bodies carry message text and phone numbers.
  const app = Fastify({ logger: false, bodyLimit: 1_048_576 });

  app.get('/healthz', async (_req, reply) => {
    const checks = await Promise.allSettled([
      withTimeout(db.execute(sql`select 1`), HEALTH_TIMEOUT_MS),
      withTimeout(redis.ping(), HEALTH_TIMEOUT_MS),
    ]);
    const failed = [
      ...(['postgres', 'redis'] as const).filter((_, i) => checks[i]!.status === 'rejected'),
      ...readiness.filter((r) => !r.ready()).map((r) => r.name),
    ];
    return reply.code(failed.length ? 503 : 200).send(failed.length ? { status: 'unavailable', failed } : { status: 'ok' });
  });

  if (telegramWebhook) {
    app.post(telegramWebhook.path, async (req, reply) => {
      const header = req.headers['x-telegram-bot-api-secret-token'];
      const { status } = await telegramWebhook.handle({ secretHeader: typeof header === 'string' ? header : undefined, body: req.body });
      return reply.code(status).send(status === 200 ? { ok: true } : { ok: false });
    });
  }

  if (zaloWebhook) {
    // Zalo signs the body's exact bytes: in this scope every body stays a Buffer, unparsed.
    void app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
      scope.post(zaloWebhook.path, async (req, reply) => {
        const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const { status } = await zaloWebhook.handle({ rawBody, headers: req.headers });
        return reply.code(status).send(status === 200 ? {} : { error: status });
      });
    });
  }

  for (const plugin of routes) void app.register(plugin);

  // A body that is not JSON is a bad request, answered without touching anything.
  app.setErrorHandler((err: { statusCode?: number }, _req, reply) => {
    const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
    return reply.code(status).send({ ok: false });
  });
  return app;
}
