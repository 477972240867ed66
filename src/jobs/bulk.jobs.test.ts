import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Worker } from 'bullmq';
import { telegramGatewayFor } from '../../test/support/telegram-gateway.js';
import { createIdentitiesRepository } from '../modules/identities/identities.repository.js';
import { materialFiles, materials } from '../modules/materials/materials.table.js';
import { outbox } from '../modules/outbox/outbox.table.js';
import { createOutboxRepository } from '../modules/outbox/outbox.repository.js';
import type { ChatGateway } from '../shared/chat-gateway.js';
import { systemClock } from '../shared/clock.js';
import { createLogger } from '../shared/logger.js';
import type { OutboundMessage } from '../shared/outbound.js';
import { startFakeTelegram, type FakeTelegram, type RecordedCall } from '../../test/fakes/telegram/index.js';
import { eventually } from '../../test/support/app-harness.js';
import { seedBranch, seedMember } from '../../test/support/seed.js';
import { createTestDb, type TestDb } from '../../test/support/test-db.js';
import { createTestRedis } from '../../test/support/test-redis.js';
import { createBulkQueue, createBulkWorker, createOutboxDispatcher } from './bulk.jobs.js';
import { createMessageDelivery } from './delivery.js';
import { createOutboxQueue } from './outbox.jobs.js';
import { perSecond as rate } from './pacer.js';
import { createRedis } from './redis.js';

// The broadcast lane, real Postgres, Redis and BullMQ, against the fake Telegram server.
let t: TestDb;
let fake: FakeTelegram;
let redis: ReturnType<typeof createTestRedis>;
const logger = createLogger({ level: 'silent' });
const connections: ReturnType<typeof createRedis>[] = [];
const workers: Worker[] = [];

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.drop());
beforeEach(async () => {
  fake = await startFakeTelegram();
  redis = createTestRedis();
});
afterEach(async () => {
  for (const w of workers.splice(0)) await w.close();
  for (const c of connections.splice(0)) c.disconnect();
  await fake.close();
  await redis.cleanup();
});

function lane(perSecond: number, perChatIntervalMs = 1000) {
  const connection = createRedis(redis.url);
  connections.push(connection);
  const gateway = telegramGatewayFor({ token: fake.token, apiRoot: fake.apiRoot, logger, maxRateLimitWaits: 0 });
  const worker = createBulkWorker({
    db: t.db,
    connection,
    prefix: redis.prefix,
    platform: 'telegram',
    limits: { rate: rate(perSecond), perChatIntervalMs },
    deliver: createMessageDelivery({ db: t.db, clock: systemClock, logger, gateways: { telegram: gateway } }),
  });
  workers.push(worker);
  const bulk = { telegram: createBulkQueue({ connection, prefix: redis.prefix, platform: 'telegram' }) };
  return createOutboxDispatcher({ db: t.db, interactive: createOutboxQueue({ connection, prefix: redis.prefix }), bulk });
}

async function broadcast(
  chatIds: string[],
  message: OutboundMessage = { kind: 'text', text: 'Tài liệu sinh hoạt tháng 12' },
): Promise<number[]> {
  const ids = await createOutboxRepository({ db: t.db }).add(
    chatIds.map((chatId) => ({ platform: 'telegram' as const, chatId, message })),
    new Date(),
  );
  await t.db.update(outbox).set({ lane: 'bulk' }).where(eq(outbox.status, 'pending'));
  return ids;
}

/** The most sends the fake saw in any one-second window. */
const peakPerSecond = (calls: RecordedCall[]) =>
  Math.max(0, ...calls.map((c) => calls.filter((d) => d.at >= c.at && d.at < c.at + 1000).length));
const sends = () => fake.calls.filter((c) => c.method.startsWith('send') && !c.error);
const allSent = async (ids: number[]) =>
  eventually(async () => {
    const rows = await createOutboxRepository({ db: t.db }).findByIds(ids);
    expect(rows.filter((r) => r.status !== 'sent')).toHaveLength(0);
  }, 30_000);

describe('broadcast delivery', () => {
  test('two workers together never exceed the configured rate, and everything is delivered once', async () => {
    const dispatch = lane(10);
    lane(10); // a second process on the same queue and the same limit
    const ids = await broadcast(Array.from({ length: 40 }, (_, i) => String(70_000 + i)));
    await dispatch(ids);
    await allSent(ids);
    expect(sends()).toHaveLength(40);
    expect(peakPerSecond(sends())).toBeLessThanOrEqual(10);
  }, 30_000);

  test('a worker held up between taking a message and sending it does not bunch its sends with the others', async () => {
    const dispatch = lane(10);
    lane(10);
    const ids = await broadcast(Array.from({ length: 40 }, (_, i) => String(70_500 + i)));
    // Six of the first messages are locked by another transaction for 1.5 s, so their jobs stall
    // in the claim while every other job goes on; then all six are released at once.
    const locked = ids.slice(1, 7);
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    const lock = t.sql.begin(async (tx) => {
      await tx`select id from outbox where id in ${tx(locked)} for update`;
      await held;
    });
    await dispatch(ids);
    await new Promise((r) => setTimeout(r, 1_500));
    release();
    await lock;
    await allSent(ids);
    expect(sends()).toHaveLength(40);
    expect(peakPerSecond(sends())).toBeLessThanOrEqual(10);
  }, 30_000);

  test("configured at Telegram's 30 a second against a server enforcing it, a broadcast gets no 429", async () => {
    fake.rateLimit({ perSecond: 30 });
    const dispatch = lane(30);
    lane(30);
    const ids = await broadcast(Array.from({ length: 120 }, (_, i) => String(70_800 + i)));
    await dispatch(ids);
    await allSent(ids);
    expect(fake.stats.tooManyRequests).toBe(0);
    expect(sends()).toHaveLength(120);
  }, 30_000);

  test('messages to one chat are spaced by the per-chat interval', async () => {
    const dispatch = lane(30, 1000);
    const ids = await broadcast(['71000', '71000', '71000']);
    await dispatch(ids);
    await allSent(ids);
    const at = sends()
      .map((c) => c.at)
      .sort((a, b) => a - b);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(950);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(950);
  }, 30_000);

  test('a 429 pauses the queue for its retry_after and nothing is counted as failed', async () => {
    fake.rateLimit({ perSecond: 5 });
    const dispatch = lane(20);
    const ids = await broadcast(Array.from({ length: 20 }, (_, i) => String(72_000 + i)));
    await dispatch(ids);
    await allSent(ids);
    expect(fake.stats.tooManyRequests).toBeGreaterThan(0);
    const rows = await createOutboxRepository({ db: t.db }).findByIds(ids);
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    expect(sends()).toHaveLength(20);
  }, 30_000);

  test('a published document is uploaded once and sent to everyone else by its file id', async () => {
    const { branch } = await seedBranch(t.db, 'Chi bộ Tài liệu');
    const [m] = await t.db
      .insert(materials)
      .values({
        orgUnitId: branch.id,
        source: 'cli',
        period: '2026-12',
        title: 'Tài liệu tháng 12',
        scopeUnitIds: [],
        fileName: 'tai-lieu-12.pdf',
        fileSize: 9,
        status: 'sending',
        sendAt: new Date(),
        createdAt: new Date(),
      })
      .returning();
    await t.db.insert(materialFiles).values({ materialId: m!.id, content: Buffer.from('%PDF-1.4\n') });
    const dispatch = lane(30);
    lane(30);
    const ids = await broadcast(
      Array.from({ length: 12 }, (_, i) => String(73_000 + i)),
      { kind: 'document', file: { materialId: m!.id }, caption: 'Tài liệu tháng 12' },
    );
    await dispatch(ids);
    await allSent(ids);
    const docs = sends().filter((c) => c.method === 'sendDocument');
    expect(docs).toHaveLength(12);
    expect(docs.filter((c) => typeof c.params.document !== 'string')).toHaveLength(1);
  }, 30_000);
});

describe("broadcasts to someone outside the platform's reply window", () => {
  test('a broadcast to a Zalo member silent for ten days is held, not sent, and its job ends there', async () => {
    const { branch } = await seedBranch(t.db, 'Chi bộ Cửa sổ Zalo');
    const member = await seedMember(t.db, branch, { fullName: 'Phạm Văn Dũng', phone: '0987000111' });
    const zaloId = '5550001112223334445';
    await createIdentitiesRepository({ db: t.db }).link({
      memberId: member.id,
      platform: 'zalo',
      externalId: zaloId,
      chatId: zaloId,
      at: new Date(Date.now() - 10 * 86_400_000),
    });
    let sent = 0;
    const gateway: ChatGateway = {
      platform: 'zalo',
      replyWindowMs: 7 * 86_400_000,
      async send() {
        sent += 1;
        return { messageId: String(sent) };
      },
      async answerCallback() {},
    };
    const connection = createRedis(redis.url);
    connections.push(connection);
    workers.push(
      createBulkWorker({
        db: t.db,
        connection,
        prefix: redis.prefix,
        platform: 'zalo',
        limits: { rate: rate(30), perChatIntervalMs: 1000 },
        deliver: createMessageDelivery({ db: t.db, clock: systemClock, logger, gateways: { zalo: gateway } }),
      }),
    );
    const queue = createBulkQueue({ connection, prefix: redis.prefix, platform: 'zalo' });
    const dispatch = createOutboxDispatcher({
      db: t.db,
      interactive: createOutboxQueue({ connection, prefix: redis.prefix }),
      bulk: { zalo: queue },
    });
    const ids = await createOutboxRepository({ db: t.db }).add(
      [
        {
          platform: 'zalo',
          chatId: zaloId,
          memberId: member.id,
          lane: 'bulk',
          message: { kind: 'text', text: 'Tài liệu sinh hoạt tháng 12' },
        },
      ],
      new Date(),
    );
    await dispatch(ids);
    await eventually(async () => {
      expect((await createOutboxRepository({ db: t.db }).findByIds(ids))[0]).toMatchObject({ status: 'held', attempts: 0 });
      expect(await queue.getJobCounts('wait', 'active', 'delayed', 'prioritized')).toEqual({
        wait: 0,
        active: 0,
        delayed: 0,
        prioritized: 0,
      });
    }, 10_000);
    expect(sent).toBe(0);
  }, 30_000);
});
