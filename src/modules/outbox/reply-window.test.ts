import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import { seedBranch, seedMember } from '../../../test/support/seed.js';
import { createTestDb, type TestDb } from '../../../test/support/test-db.js';
import { createInboundProcessor } from '../../conversation/pipeline/inbound-processor.js';
import { GatewayError, type ChatGateway } from '../../shared/chat-gateway.js';
import { createFakeClock } from '../../shared/clock.js';
import type { Platform } from '../../shared/db/enums.js';
import { createLogger } from '../../shared/logger.js';
import type { OutboundMessage } from '../../shared/outbound.js';
import { createIdentitiesRepository } from '../identities/identities.repository.js';
import { materialFiles, materialPlatformFiles, materials } from '../materials/materials.table.js';
import { createMessageDelivery } from '../../jobs/delivery.js';
import { deliverRow, deliverRowDetailed } from '../../../test/support/delivery.js';
import { PAUSED_WAIT_MS } from './outbox.delivery.js';
import { createOutboxRepository } from './outbox.repository.js';
import { outbox as outboxTable } from './outbox.table.js';
import { insideReplyWindow, releaseHeldMessages, REPLY_WINDOW_MARGIN_MS } from './reply-window.js';
import { wordsOf } from '../../../test/support/outbox-words.js';
import { createRouter } from '../../conversation/pipeline/router.js';
import { featureFlows } from '../../features/index.js';

const logger = createLogger({ level: 'silent' });
const DAY = 86_400_000;
const ZALO_WINDOW_MS = 7 * DAY;
const START = '2026-11-20T09:00:00+07:00';
const reminder: OutboundMessage = { kind: 'text', text: 'Nhắc lịch sinh hoạt chi bộ tháng 11' };

/** A gateway that records every send and answers the next ones with the errors it is given. */
function recordingGateway(platform: Platform, replyWindowMs?: number) {
  const sends: { chatId: string; message: OutboundMessage }[] = [];
  const failures: GatewayError[] = [];
  const gateway: ChatGateway = {
    platform,
    ...(replyWindowMs !== undefined ? { replyWindowMs } : {}),
    async send(chatId, message) {
      const err = failures.shift();
      if (err) throw err;
      sends.push({ chatId, message });
      const uploaded = message.kind === 'document' && 'upload' in message.file;
      return { messageId: String(1000 + sends.length), ...(uploaded ? { fileId: `${platform}-file-${sends.length}` } : {}) };
    },
    async answerCallback() {},
  };
  const failNext = (kind: GatewayError['kind'], times = 1, extra: { reupload?: boolean } = {}) => {
    for (let i = 0; i < times; i++)
      failures.push(new GatewayError(kind, { platform, method: 'send', description: `simulated ${kind}`, ...extra }));
  };
  return { gateway, sends, failNext };
}

let t: TestDb;
let clock: ReturnType<typeof createFakeClock>;
let zalo: ReturnType<typeof recordingGateway>;
let telegram: ReturnType<typeof recordingGateway>;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.drop();
});
beforeEach(async () => {
  await t.sql`truncate outbox, chat_identities, members, org_units, materials, processed_updates restart identity cascade`;
  clock = createFakeClock(START);
  zalo = recordingGateway('zalo', ZALO_WINDOW_MS);
  telegram = recordingGateway('telegram');
});

const deps = () => ({ db: t.db, gateways: { zalo: zalo.gateway, telegram: telegram.gateway }, clock, logger });
const outbox = () => createOutboxRepository({ db: t.db });
const row = async (id: number) => (await outbox().findByIds([id]))[0]!;
const rowsTo = (chatId: string) => t.db.select().from(outboxTable).where(eq(outboxTable.chatId, chatId)).orderBy(outboxTable.id);

/**
 * A branch whose bí thư uses Telegram and whose phó bí thư (the member we write to) uses Zalo,
 * both linked (last written to the bot) now.
 */
async function branchWithZaloDeputy() {
  const { branch } = await seedBranch(t.db);
  const secretary = await seedMember(t.db, branch, { fullName: 'Trần Thị Bình', phone: '0912345602', role: 'secretary' });
  const deputy = await seedMember(t.db, branch, { fullName: 'Nguyễn Văn An', phone: '0912345601', role: 'deputy' });
  const member = await seedMember(t.db, branch, { fullName: 'Lê Văn Cường', phone: '0912345603' });
  const identities = createIdentitiesRepository({ db: t.db });
  await identities.link({ memberId: secretary.id, platform: 'telegram', externalId: '7001', chatId: '7001', at: clock.now() });
  await identities.link({
    memberId: deputy.id,
    platform: 'zalo',
    externalId: '2468458835296197922',
    chatId: '2468458835296197922',
    at: clock.now(),
  });
  await identities.link({ memberId: member.id, platform: 'telegram', externalId: '7003', chatId: '7003', at: clock.now() });
  return { branch, secretary, deputy, member, zaloChat: '2468458835296197922' };
}
const writeTo = async (memberId: number, chatId: string, message: OutboundMessage = reminder, platform: Platform = 'zalo') =>
  (await outbox().add([{ platform, chatId, message, memberId }], clock.now()))[0]!;

/** The phó bí thư silent on Zalo for 8 days, and two messages written for them, both held. */
async function twoHeldForDeputy() {
  const { deputy, zaloChat } = await branchWithZaloDeputy();
  clock.advance(8 * DAY);
  const first = await writeTo(deputy.id, zaloChat);
  const second = await writeTo(deputy.id, zaloChat, { kind: 'text', text: 'Nhắc đóng đảng phí tháng 11' });
  for (const id of [first, second]) expect(await deliverRow(id, deps())).toBe('held');
  return { deputy, zaloChat, first, second };
}

describe('the reply window rule', () => {
  test('a person may be written to until a few minutes before seven days after their last message', () => {
    const now = new Date(START);
    const ago = (ms: number) => new Date(now.getTime() - ms);
    expect(insideReplyWindow(ago(DAY), now, ZALO_WINDOW_MS)).toBe(true);
    expect(insideReplyWindow(ago(ZALO_WINDOW_MS - REPLY_WINDOW_MARGIN_MS - 1_000), now, ZALO_WINDOW_MS)).toBe(true);
    expect(insideReplyWindow(ago(ZALO_WINDOW_MS - REPLY_WINDOW_MARGIN_MS + 1_000), now, ZALO_WINDOW_MS)).toBe(false);
    expect(insideReplyWindow(ago(8 * DAY), now, ZALO_WINDOW_MS)).toBe(false);
    expect(insideReplyWindow(null, now, ZALO_WINDOW_MS)).toBe(false);
  });
});

describe("messages to someone outside the platform's reply window", () => {
  test('a member who wrote to the bot on Zalo yesterday is sent to normally', async () => {
    const { deputy, zaloChat } = await branchWithZaloDeputy();
    clock.advance(DAY);
    const id = await writeTo(deputy.id, zaloChat);
    expect(await deliverRow(id, deps())).toBe('sent');
    expect(zalo.sends).toEqual([{ chatId: zaloChat, message: reminder }]);
    expect((await outbox().findByIds([id]))[0]).toMatchObject({ status: 'sent', attempts: 1 });
  });

  test('a message to a Zalo member silent for more than 7 days is held, not attempted, and the bí thư is told once that day', async () => {
    const { deputy, secretary, zaloChat } = await branchWithZaloDeputy();
    clock.advance(8 * DAY);
    const first = await writeTo(deputy.id, zaloChat);
    const second = await writeTo(deputy.id, zaloChat, { kind: 'text', text: 'Nhắc đóng đảng phí tháng 11' });

    expect(await deliverRow(first, deps())).toBe('held');
    clock.advance(3_600_000);
    expect(await deliverRow(second, deps())).toBe('held');
    expect(zalo.sends).toHaveLength(0);
    for (const id of [first, second]) {
      const held = await row(id);
      expect(held).toMatchObject({ status: 'held', attempts: 0, lockedUntil: null });
      expect(held.lastError).toMatch(/^outside_window: /);
    }
    // The outbox sweep leaves held rows alone.
    expect(await outbox().dueIds(clock.now(), clock.now(), 100)).not.toContain(first);

    // Two held messages, one notice, to the bí thư only: not to the held phó bí thư, not to members.
    const notices = await rowsTo('7001');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      memberId: secretary.id,
      platform: 'telegram',
      status: 'pending',
      dedupeKey: `unreachable:${deputy.id}:2026-11-28:to:${secretary.id}`,
    });
    const notice = wordsOf(notices[0]!);
    expect(notice.kind === 'text' && notice.text).toContain('Nguyễn Văn An');
    expect(notice.kind === 'text' && notice.text).toContain('Zalo');
    expect(notice.kind === 'text' && notice.text).toContain('nhắn lại cho Trợ lý');
    expect(await rowsTo(zaloChat)).toHaveLength(2);
    expect(await rowsTo('7003')).toHaveLength(0);
    expect(await deliverRow(notices[0]!.id, deps())).toBe('sent');
    expect(telegram.sends).toHaveLength(1);

    // The next Vietnam day, a new held message brings a new notice.
    clock.set('2026-11-29T08:00:00+07:00');
    expect(await deliverRow(await writeTo(deputy.id, zaloChat), deps())).toBe('held');
    expect(await rowsTo('7001')).toHaveLength(2);
  });

  test('a member silent on Zalo but linked on Telegram gets the message on Telegram instead, and nobody is alarmed', async () => {
    const { deputy, zaloChat } = await branchWithZaloDeputy();
    await createIdentitiesRepository({ db: t.db }).link({
      memberId: deputy.id,
      platform: 'telegram',
      externalId: '7002',
      chatId: '7002',
      at: clock.now(),
    });
    clock.advance(8 * DAY);
    const id = await writeTo(deputy.id, zaloChat);
    expect(await deliverRow(id, deps())).toBe('rerouted');
    expect(zalo.sends).toEqual([]);
    expect(await row(id)).toMatchObject({ status: 'pending', platform: 'telegram', chatId: '7002', attempts: 0, notBefore: clock.now() });
    expect(await deliverRow(id, deps())).toBe('sent');
    expect(telegram.sends).toEqual([{ chatId: '7002', message: reminder }]);
    // Reached after all: no "could not reach" notice to the bí thư.
    expect(await t.db.select().from(outboxTable).where(like(outboxTable.dedupeKey, 'unreachable:%'))).toEqual([]);
  });

  test("a message tied to Zalo (a Zalo file token) is not moved to the member's other app: it is held", async () => {
    const { deputy, zaloChat } = await branchWithZaloDeputy();
    await createIdentitiesRepository({ db: t.db }).link({
      memberId: deputy.id,
      platform: 'telegram',
      externalId: '7002',
      chatId: '7002',
      at: clock.now(),
    });
    clock.advance(8 * DAY);
    const id = await writeTo(deputy.id, zaloChat, { kind: 'document', file: { fileId: 'zalo-file-token' } });
    expect(await deliverRow(id, deps())).toBe('held');
    expect(await row(id)).toMatchObject({ status: 'held', platform: 'zalo' });
  });

  test('the platform answering outside_window holds the message too, and the bí thư is told', async () => {
    const { deputy, secretary, zaloChat } = await branchWithZaloDeputy();
    clock.advance(2 * DAY); // inside the window as far as we know; the platform disagrees
    const id = await writeTo(deputy.id, zaloChat);
    zalo.failNext('outside_window');
    expect(await deliverRow(id, deps())).toBe('held');
    const held = await row(id);
    expect(held).toMatchObject({ status: 'held', attempts: 0, lockedUntil: null });
    expect(held.lastError).toMatch(/^outside_window: /);
    expect(await rowsTo('7001')).toMatchObject([{ memberId: secretary.id }]);
  });

  test('a reply to someone not linked yet is attempted, and held when the platform says they are outside the window', async () => {
    const id = (await outbox().add([{ platform: 'zalo', chatId: '99887766554433221', message: reminder }], clock.now()))[0]!;
    zalo.failNext('outside_window');
    expect(await deliverRow(id, deps())).toBe('held');
    expect(await row(id)).toMatchObject({ status: 'held', attempts: 0 });
    expect(await t.db.select().from(outboxTable)).toHaveLength(1); // no member, nobody to tell
  });

  test('when the member writes again the held messages are pending again, oldest first, and are sent', async () => {
    const { zaloChat, first, second } = await twoHeldForDeputy();

    clock.advance(DAY);
    await createIdentitiesRepository({ db: t.db }).touch('zalo', zaloChat, clock.now());
    const released = await releaseHeldMessages(t.db, { platform: 'zalo', chatId: zaloChat, now: clock.now() });
    expect(released).toEqual([first, second]);
    expect(await row(first)).toMatchObject({ status: 'pending', notBefore: clock.now(), attempts: 0 });
    for (const id of released) expect(await deliverRow(id, deps())).toBe('sent');
    expect(zalo.sends.map((s) => s.message)).toEqual([reminder, { kind: 'text', text: 'Nhắc đóng đảng phí tháng 11' }]);
    // Nothing left to release.
    expect(await releaseHeldMessages(t.db, { platform: 'zalo', chatId: zaloChat, now: clock.now() })).toEqual([]);
  });

  test('what was held for more than a month is dropped, not sent, when the member finally writes', async () => {
    const { deputy, zaloChat } = await branchWithZaloDeputy();
    clock.advance(8 * DAY);
    const old = await writeTo(deputy.id, zaloChat);
    expect(await deliverRow(old, deps())).toBe('held');
    clock.advance(25 * DAY);
    const recent = await writeTo(deputy.id, zaloChat, { kind: 'text', text: 'Nhắc đóng đảng phí tháng 12' });
    expect(await deliverRow(recent, deps())).toBe('held');
    clock.advance(10 * DAY);
    expect(await releaseHeldMessages(t.db, { platform: 'zalo', chatId: zaloChat, now: clock.now() })).toEqual([recent]);
    expect(await row(old)).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/^expired/) });
  });

  test('a message from the member releases their held messages, sent right after the reply in the order they were written', async () => {
    const { zaloChat, first } = await twoHeldForDeputy();

    clock.advance(DAY);
    const dispatched: number[] = [];
    const processor = createInboundProcessor({
      ...deps(),
      router: createRouter(featureFlows()),
      deliver: createMessageDelivery(deps()),
      inviteLink: () => 'https://example.invalid/invite',
      dispatch: async (ids) => {
        dispatched.push(...ids);
      },
    });
    expect(
      await processor.process({
        platform: 'zalo',
        updateId: 'msg-1',
        chatId: zaloChat,
        type: 'text',
        text: 'Chào Trợ lý',
        user: { externalId: zaloChat, displayName: 'An' },
      }),
    ).toBe('handled');
    await processor.settled(); // the replies go out after the commit
    // The bot's reply first, then what was held, oldest first: a queue of workers could reorder them.
    expect(zalo.sends).toHaveLength(3);
    expect(zalo.sends.slice(1).map((s) => s.message)).toEqual([reminder, { kind: 'text', text: 'Nhắc đóng đảng phí tháng 11' }]);
    expect(await row(first)).toMatchObject({ status: 'sent' });
    expect(dispatched).toEqual([]);
  });

  test('a member who blocks the bot does not release their held messages', async () => {
    const { deputy, zaloChat } = await branchWithZaloDeputy();
    clock.advance(8 * DAY);
    const id = await writeTo(deputy.id, zaloChat);
    expect(await deliverRow(id, deps())).toBe('held');
    const dispatched: number[] = [];
    const processor = createInboundProcessor({
      ...deps(),
      router: createRouter(featureFlows()),
      deliver: createMessageDelivery(deps()),
      inviteLink: () => '',
      dispatch: async (ids) => {
        dispatched.push(...ids);
      },
    });
    await processor.process({
      platform: 'zalo',
      updateId: 'unfollow-1',
      chatId: zaloChat,
      type: 'reachability',
      reachable: false,
      user: { externalId: zaloChat, displayName: 'An' },
    });
    await processor.settled();
    expect(dispatched).toEqual([]);
    expect(await row(id)).toMatchObject({ status: 'held' });
  });
});

describe('a paused channel', () => {
  test('never fails a message: 20 paused answers in a row leave it pending with no attempt used, then it is sent', async () => {
    const { deputy, zaloChat } = await branchWithZaloDeputy();
    const id = await writeTo(deputy.id, zaloChat);
    zalo.failNext('paused', 20);
    for (let i = 0; i < 20; i++) {
      expect(await deliverRowDetailed(id, deps())).toEqual({ outcome: 'retry_later', rateLimitedForMs: PAUSED_WAIT_MS });
      const after = await row(id);
      expect(after).toMatchObject({ status: 'pending', attempts: 0, lockedUntil: null });
      expect(after.notBefore).toEqual(new Date(clock.now().getTime() + PAUSED_WAIT_MS));
      clock.set(after.notBefore);
    }
    expect(await deliverRow(id, deps())).toBe('sent');
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 1 });
  });
});

describe('a material whose platform file id expired', () => {
  test('the next try uploads the document again and keeps the new file id', async () => {
    const { branch, deputy, zaloChat } = await branchWithZaloDeputy();
    const [m] = await t.db
      .insert(materials)
      .values({
        orgUnitId: branch.id,
        source: 'cli',
        period: '2026-11',
        title: 'Tài liệu sinh hoạt tháng 11',
        scopeUnitIds: [],
        fileName: 'tai-lieu-11.pdf',
        fileSize: 9,
        status: 'sent',
        sendAt: clock.now(),
        createdAt: clock.now(),
      })
      .returning();
    await t.db.insert(materialFiles).values({ materialId: m!.id, content: Buffer.from('%PDF-1.4\n') });
    await t.db.insert(materialPlatformFiles).values({ materialId: m!.id, platform: 'zalo', fileId: 'zalo-token-expired' });
    const storedFileId = async () =>
      (
        await t.db
          .select()
          .from(materialPlatformFiles)
          .where(and(eq(materialPlatformFiles.materialId, m!.id), eq(materialPlatformFiles.platform, 'zalo')))
      )[0]?.fileId;
    const id = await writeTo(deputy.id, zaloChat, {
      kind: 'document',
      file: { materialId: m!.id },
      caption: 'Tài liệu sinh hoạt tháng 11',
    });

    zalo.failNext('bad_request', 1, { reupload: true });
    expect(await deliverRow(id, deps())).toBe('retry_later');
    expect(await row(id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await storedFileId()).toBeNull();

    clock.set((await row(id)).notBefore);
    expect(await deliverRow(id, deps())).toBe('sent');
    const sent = zalo.sends[0]!.message;
    expect(sent.kind === 'document' && 'upload' in sent.file && sent.file.upload.toString()).toBe('%PDF-1.4\n');
    expect(await storedFileId()).toBe('zalo-file-1');
  });
});
