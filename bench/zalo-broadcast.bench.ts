// Zalo broadcast benchmark: N Zalo members get one message through the bulk lane, against the
// fake Zalo OA enforcing Zalo's documented per-app limit (4,000 calls a minute, -32 beyond).
// Our side paces every Zalo API call through one Redis budget (ZALO_RATE_PER_MINUTE); the run
// shows how close that gets to the limit without crossing it. Then with the fake's limit off.
//
//   npm run bench:zalo             # N = 4 000 (about a minute at Zalo's pace)
//   npm run bench:zalo -- 1000     # a shorter run
//
// A script, not a test: it prints figures. It uses its own database and Redis prefix and
// removes both. Engines: DATABASE_URL (the server) and REDIS_URL, defaulting to local ones.

import { eq, sql } from 'drizzle-orm';
import { createZaloClient } from '../src/channels/zalo/zalo.client.js';
import { createZaloGateway } from '../src/channels/zalo/zalo.gateway.js';
import { createBulkQueue, createBulkWorker, createOutboxDispatcher } from '../src/jobs/bulk.jobs.js';
import { createMessageDelivery } from '../src/jobs/delivery.js';
import { createPacer, perMinute } from '../src/jobs/pacer.js';
import { createOutboxQueue } from '../src/jobs/outbox.jobs.js';
import { createRedis } from '../src/jobs/redis.js';
import { createOutboxRepository } from '../src/modules/outbox/outbox.repository.js';
import { outbox } from '../src/modules/outbox/outbox.table.js';
import { systemClock } from '../src/shared/clock.js';
import { createDb } from '../src/shared/db/db.js';
import { createLogger } from '../src/shared/logger.js';
import { benchDatabaseName, printFiguresAndExit, REDIS_URL, scratchDatabase } from './scratch.js';
import { startFakeZalo } from '../test/fakes/zalo/index.js';

const BENCH_DB = benchDatabaseName('zalo');
const N = Number(process.argv[2] ?? 4_000);

async function run(label: string, fakePerMinute: number | null, ourPerMinute: number) {
  const scratch = await scratchDatabase(BENCH_DB);
  const { db, close } = createDb({ url: scratch.url, max: 10 });
  const fake = await startFakeZalo();
  fake.rateLimitPerMinute(fakePerMinute);
  const token = fake.issueTokenPair().access_token;
  const prefix = `benchzl_${Date.now()}`;
  const connection = createRedis(REDIS_URL);
  const logger = createLogger({ level: 'silent' });

  // N members who wrote to the OA recently (inside the 7-day window), one message each.
  const users = Array.from({ length: N }, () => fake.user());
  for (const u of users) fake.setLastInteraction(u.id, Date.now());
  const repo = createOutboxRepository({ db });
  const ids: number[] = [];
  for (let i = 0; i < N; i += 1000) {
    ids.push(
      ...(await repo.add(
        users.slice(i, i + 1000).map((u, k) => ({
          platform: 'zalo' as const,
          chatId: u.id,
          lane: 'bulk' as const,
          dedupeKey: `bench:${i + k}`,
          message: { kind: 'text' as const, text: 'Tài liệu sinh hoạt chi bộ tháng 12/2026' },
        })),
        new Date(),
      )),
    );
  }
  const throttle = createPacer({ connection, key: `${prefix}:pace:zalo-api`, rate: perMinute(ourPerMinute) });
  const client = createZaloClient({ apiRoot: fake.apiRoot, accessToken: async () => token });
  const gateway = createZaloGateway({ client, logger, throttle });
  const worker = createBulkWorker({
    db,
    connection,
    prefix,
    platform: 'zalo',
    deliver: createMessageDelivery({ db, clock: systemClock, logger, gateways: { zalo: gateway } }),
    limits: { rate: perMinute(ourPerMinute), perChatIntervalMs: 500 },
    concurrency: 32,
  });
  const bulk = { zalo: createBulkQueue({ connection, prefix, platform: 'zalo' }) };
  const dispatch = createOutboxDispatcher({ db, interactive: createOutboxQueue({ connection, prefix }), bulk });

  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  const t0 = performance.now();
  await dispatch(ids);
  for (let tick = 0; ; tick++) {
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(outbox)
      .where(eq(outbox.status, 'sent'));
    if (row!.n >= N) break;
    if (tick % 20 === 0) process.stderr.write(`  ${label}: ${row!.n}/${N} sent after ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const elapsedS = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const sends = fake.sent();
  const perUser = new Map<string, number>();
  for (const m of sends) perUser.set(m.user_id, (perUser.get(m.user_id) ?? 0) + 1);
  // The busiest sliding minute the platform saw (the limit Zalo counts).
  const at = sends.map((m) => m.at).sort((a, b) => a - b);
  let peakMinute = 0;
  for (let i = 0, j = 0; i < at.length; i++) {
    while (at[i]! - at[j]! >= 60_000) j++;
    peakMinute = Math.max(peakMinute, i - j + 1);
  }
  const achievedPerMinute = ((at.length - 1) / ((at.at(-1)! - at[0]!) / 1000)) * 60;
  const limit = Math.min(fakePerMinute ?? Infinity, ourPerMinute);
  const figures = {
    label,
    recipients: N,
    fakeLimitPerMinute: fakePerMinute ?? 'off',
    configuredPerMinute: ourPerMinute,
    endToEndSeconds: Number(elapsedS.toFixed(1)),
    achievedPerMinute: Math.round(achievedPerMinute),
    ratioToLimit: `${((achievedPerMinute / limit) * 100).toFixed(1)}%`,
    peakSlidingMinute: peakMinute,
    rateLimitedCalls: fake.rateLimited,
    duplicates: sends.length - perUser.size,
    lost: N - perUser.size,
    peakRssMb: Math.round(peakRss / 1024 / 1024),
  };
  await worker.close();
  await bulk.zalo.close();
  await fake.close();
  await close();
  await scratch.drop({ connection, prefix });
  connection.disconnect();
  return figures;
}

const results = [
  await run('Zalo pace (fake: 4,000/min)', 4000, 4000),
  await run('system ceiling (fake: no limit, ours 60,000/min)', null, 60_000),
];
printFiguresAndExit(`Zalo broadcast benchmark, ${N} recipients`, results);
