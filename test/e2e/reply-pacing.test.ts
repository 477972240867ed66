import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chatIdentities } from '../../src/modules/identities/identities.table.js';
import { createOutboxRepository } from '../../src/modules/outbox/outbox.repository.js';
import { createBulkQueue, createOutboxDispatcher } from '../../src/jobs/bulk.jobs.js';
import { createOutboxQueue } from '../../src/jobs/outbox.jobs.js';
import { createRedis } from '../../src/jobs/redis.js';
import { testRedisUrl } from '../support/env.js';
import { eventually, startHarness, type Harness } from '../support/app-harness.js';
import { seedBranch, seedMember } from '../support/seed.js';

// Telegram counts every message a bot sends against one budget, replies and broadcasts alike.
// Here the fake enforces 10 a second (a sliding window) and the service is told the same.
const RATE = 10;
const MEMBERS = 20;
const FIRST_CHAT = 8101;
const BROADCAST_FROM = 9101;
const BROADCAST = 60;

let h: Harness;
const connection = createRedis(testRedisUrl);

beforeAll(async () => {
  h = await startHarness({
    mode: 'webhook',
    // The broadcast's own ceiling above the bot's budget: alone, it would take every slot.
    env: { TELEGRAM_SEND_RATE_PER_SECOND: String(RATE), TELEGRAM_RATE_PER_SECOND: String(RATE * 10) },
  });
  h.fake.rateLimit({ perSecond: RATE });
  const { branch } = await seedBranch(h.tdb.db);
  for (let i = 0; i < MEMBERS; i++) {
    const m = await seedMember(h.tdb.db, branch, { fullName: `Đảng viên ${i + 1}`, phone: `0913${String(i).padStart(6, '0')}` });
    const id = String(FIRST_CHAT + i);
    await h.tdb.db.insert(chatIdentities).values({ memberId: m.id, platform: 'telegram', externalId: id, chatId: id });
  }
});
afterAll(async () => {
  connection.disconnect();
  await h?.close();
});

async function startBroadcast(): Promise<void> {
  const ids = await createOutboxRepository({ db: h.tdb.db }).add(
    Array.from({ length: BROADCAST }, (_, i) => ({
      platform: 'telegram' as const,
      chatId: String(BROADCAST_FROM + i),
      lane: 'bulk' as const,
      message: { kind: 'text' as const, text: 'Tài liệu sinh hoạt tháng 12' },
    })),
    h.clock.now(),
  );
  const bulk = { telegram: createBulkQueue({ connection, prefix: h.prefix, platform: 'telegram' }) };
  await createOutboxDispatcher({ db: h.tdb.db, interactive: createOutboxQueue({ connection, prefix: h.prefix }), bulk })(ids);
}

const sends = () => h.fake.calls.filter((c) => c.method === 'sendMessage');
const isBroadcast = (c: { params: Record<string, unknown> }) => Number(c.params.chat_id) >= BROADCAST_FROM;

describe('replies and a broadcast share Telegram’s budget', () => {
  test('members who write during a broadcast are answered ahead of it, within the budget, without a 429', async () => {
    await startBroadcast();
    await eventually(() => expect(sends().filter(isBroadcast).length).toBeGreaterThanOrEqual(5), 10_000);

    const asked = Date.now();
    // Every member writes at once; each webhook call returns once the replies have gone out.
    const answers = await Promise.all(
      Array.from({ length: MEMBERS }, (_, i) =>
        h.fake.deliverToWebhook(h.fake.sendText({ id: FIRST_CHAT + i, first_name: `Đ${i}` }, '/lich')),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    for (let i = 0; i < MEMBERS; i++) expect(h.fake.sent(FIRST_CHAT + i)).toHaveLength(1);
    const answered = Math.max(
      ...sends()
        .filter((c) => !isBroadcast(c) && !c.error)
        .map((c) => c.at),
    );
    // At 10 a second twenty replies take two seconds. Taking turns with the broadcast's sixteen
    // waiting sends, they would take twice as long, with some thirty broadcast messages between.
    const overtaken = sends().filter((c) => isBroadcast(c) && !c.error && c.at > asked && c.at <= answered).length;
    expect(overtaken).toBeLessThanOrEqual(4);

    await eventually(() => expect(sends().filter((c) => isBroadcast(c) && !c.error).length).toBe(BROADCAST), 20_000);
    expect(sends().filter((c) => c.error?.error_code === 429)).toHaveLength(0);
  }, 40_000);
});
