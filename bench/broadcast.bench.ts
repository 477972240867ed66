// Broadcast benchmark: N recipients of one message through the rate-limited bulk lane, against
// the fake Telegram server enforcing Telegram's limits (30 msg/s overall, 1 msg/s per chat,
// 429 with retry_after beyond). Then the same with the fake's limit raised to 1,000 msg/s, to
// show the system's own ceiling.
//
//   npm run bench:broadcast            # N = 10 000 (about 6 minutes at Telegram's pace)
//   npm run bench:broadcast -- 2000    # a shorter run
//
// A script, not a test: it prints figures. It uses its own database and Redis prefix and
// removes both. Engines: DATABASE_URL (the server) and REDIS_URL, defaulting to local ones.

import { createBulkQueue, createBulkWorker, createOutboxDispatcher } from '../src/jobs/bulk.jobs.js';
import { createMessageDelivery } from '../src/jobs/delivery.js';
import { paceIntervalUs, perSecond } from '../src/jobs/pacer.js';
import { createOutboxQueue } from '../src/jobs/outbox.jobs.js';
import { createRedis } from '../src/jobs/redis.js';
import { telegramGatewayFor } from '../test/support/telegram-gateway.js';
import { createOutboxRepository } from '../src/modules/outbox/outbox.repository.js';
import { outbox } from '../src/modules/outbox/outbox.table.js';
import { systemClock } from '../src/shared/clock.js';
import { createDb } from '../src/shared/db/db.js';
import { createLogger } from '../src/shared/logger.js';
import { benchDatabaseName, printFiguresAndExit, REDIS_URL, scratchDatabase } from './scratch.js';
import { startFakeTelegram } from '../test/fakes/telegram/index.js';
import { eq, sql } from 'drizzle-orm';

const BENCH_DB = benchDatabaseName('broadcast');
const N = Number(process.argv[2] ?? 10_000);

async function run(label: string, fakeLimit: number, ourLimit: number) {
  const scratch = await scratchDatabase(BENCH_DB);
  const { db, close } = createDb({ url: scratch.url, max: 10 });
  const fake = await startFakeTelegram();
  fake.rateLimit({ perSecond: fakeLimit, perChatPerSecond: 1 });
  const prefix = `benchbc_${Date.now()}`;
  const connection = createRedis(REDIS_URL);
  const logger = createLogger({ level: 'silent' });

  // N recipients, one message each: what a material fan-out writes.
  const repo = createOutboxRepository({ db });
  const ids: number[] = [];
  for (let i = 0; i < N; i += 1000) {
    ids.push(
      ...(await repo.add(
        Array.from({ length: Math.min(1000, N - i) }, (_, k) => ({
          platform: 'telegram' as const,
          chatId: String(1_000_000 + i + k),
          lane: 'bulk' as const,
          dedupeKey: `bench:${i + k}`,
          message: { kind: 'text' as const, text: 'Tài liệu sinh hoạt chi bộ tháng 12/2026' },
        })),
        new Date(),
      )),
    );
  }
  const gateway = telegramGatewayFor({ token: fake.token, apiRoot: fake.apiRoot, logger, maxRateLimitWaits: 0 });
  const worker = createBulkWorker({
    db,
    connection,
    prefix,
    platform: 'telegram',
    deliver: createMessageDelivery({ db, clock: systemClock, logger, gateways: { telegram: gateway } }),
    limits: { rate: perSecond(ourLimit), perChatIntervalMs: 1000 },
    concurrency: 32,
  });
  const bulk = { telegram: createBulkQueue({ connection, prefix, platform: 'telegram' }) };
  const dispatch = createOutboxDispatcher({ db, interactive: createOutboxQueue({ connection, prefix }), bulk });

  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  const t0 = performance.now();
  await dispatch(ids);
  let sent: number;
  for (let tick = 0; ; tick++) {
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(outbox)
      .where(eq(outbox.status, 'sent'));
    sent = row!.n;
    if (sent >= N) break;
    if (tick % 20 === 0) process.stderr.write(`  ${label}: ${sent}/${N} sent after ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const elapsedS = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const sends = fake.calls.filter((c) => c.method === 'sendMessage' && !c.error);
  const perChat = new Map<string, number>();
  for (const c of sends) perChat.set(String(c.params.chat_id), (perChat.get(String(c.params.chat_id)) ?? 0) + 1);
  const [failed] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(outbox)
    .where(eq(outbox.status, 'failed'));
  // The rate the platform saw: first to last send (end-to-end time, with queueing, beside it).
  const at = sends.map((c) => c.at).sort((a, b) => a - b);
  const achieved = (at.length - 1) / ((at.at(-1)! - at[0]!) / 1000);
  const figures = {
    label,
    recipients: N,
    fakeLimitPerSecond: fakeLimit,
    configuredPerSecond: ourLimit,
    paceMs: paceIntervalUs(perSecond(ourLimit)) / 1000,
    endToEndSeconds: Number(elapsedS.toFixed(1)),
    achievedPerSecond: Number(achieved.toFixed(2)),
    ratioToLimit: `${((achieved / Math.min(fakeLimit, ourLimit)) * 100).toFixed(1)}%`,
    tooManyRequests: fake.stats.tooManyRequests,
    duplicates: sends.length - perChat.size,
    lost: N - perChat.size,
    failedRows: failed!.n,
    peakRssMb: Math.round(peakRss / 1024 / 1024),
  };
  await worker.close();
  await bulk.telegram.close();
  await fake.close();
  await close();
  await scratch.drop({ connection, prefix });
  connection.disconnect();
  return figures;
}

const results = [await run('Telegram pace (fake: 30/s, 1/s per chat)', 30, 30), await run('system ceiling (fake: 1,000/s)', 1000, 1000)];
printFiguresAndExit(`Broadcast benchmark, ${N} recipients`, results);
