import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { parseZaloWebhook } from '../../../src/channels/zalo/zalo.parse.js';
import { chatIdentities } from '../../../src/modules/identities/identities.table.js';
import { createInboundQueueRepository } from '../../../src/modules/updates/inbound-queue.repository.js';
import { inboundQueue } from '../../../src/modules/updates/inbound-queue.table.js';
import { processedUpdates } from '../../../src/modules/updates/updates.table.js';
import { bot } from '../../../src/texts/index.js';
import type { FakeZaloUser, SignatureVariant } from '../../fakes/zalo/index.js';
import { eventually, startHarness, type Harness } from '../../support/app-harness.js';
import { seedBranch, seedMember } from '../../support/seed.js';
import { zaloChatWith } from '../../support/zalo-chat.js';

// The Zalo webhook: signed by Zalo, answered within 2 seconds, delivered at least once.
let h: Harness;
const chat = zaloChatWith(() => h);
let lan: FakeZaloUser;

beforeAll(async () => {
  h = await startHarness({ zalo: true });
  const { branch } = await seedBranch(h.tdb.db);
  await seedMember(h.tdb.db, branch, { fullName: 'Nguyễn Thị Lan', phone: '0912345678' });
  lan = h.zalo.user('Lan');
  await chat.submitPhone(lan, '84912345678');
});
afterAll(async () => h?.close());

const processedCount = async () => (await h.tdb.db.select().from(processedUpdates)).length;
const json = { 'content-type': 'application/json' };

describe('what reaches the Zalo webhook', () => {
  test("Zalo's unsigned {} probe when the URL is saved gets 200 and changes nothing", async () => {
    const before = await processedCount();
    expect((await h.zalo.probe()).status).toBe(200);
    expect(await processedCount()).toBe(before);
  });

  test('a forged or missing signature is refused with 401 and changes nothing', async () => {
    const body = JSON.stringify(h.zalo.userSendText(lan, '/toi'));
    const before = { processed: await processedCount(), sent: h.zalo.sent(lan.id).length };
    const unsigned = await h.zalo.deliverRaw(body, json);
    const forged = await h.zalo.deliverRaw(body, { ...json, 'X-ZEvent-Signature': `mac=${'ab'.repeat(32)}` });
    // A signature Zalo made for another body does not cover this one.
    const other = h.zalo.signatureFor(JSON.stringify(h.zalo.userSendText(lan, 'xin chào')));
    const replayed = await h.zalo.deliverRaw(body, { ...json, ...other });
    expect([unsigned.status, forged.status, replayed.status]).toEqual([401, 401, 401]);
    await h.app.idle();
    expect(await processedCount()).toBe(before.processed);
    expect(await h.tdb.db.select().from(inboundQueue)).toHaveLength(0);
    expect(h.zalo.sent(lan.id)).toHaveLength(before.sent);
  });

  test.each<SignatureVariant>(['primary', 'no-prefix', 'oa-id', 'header-timestamp', 'app-secret'])(
    'an event signed the way community code reports Zalo signing (%s) is accepted',
    async (variant) => {
      h.zalo.signatureVariant = variant;
      try {
        expect(await chat.say(lan, '/toi')).toContain('Nguyễn Thị Lan');
      } finally {
        h.zalo.signatureVariant = 'primary';
      }
    },
  );

  test('the same event delivered twice is answered once', async () => {
    const event = h.zalo.userSendText(lan, '/toi', { msgId: 'a1b2c3d4e5f60718293a' });
    const first = await chat.deliver(lan, event);
    const again = await chat.deliver(lan, event);
    expect(first).toHaveLength(1);
    expect(again).toHaveLength(0);
  });

  test("the OA's own messages echoed back by Zalo are ignored (answering them would loop)", async () => {
    const before = await processedCount();
    expect(await chat.deliver(lan, h.zalo.oaSendEcho(lan, bot.account.notUnderstood))).toHaveLength(0);
    expect(await processedCount()).toBe(before);
  });

  test('the webhook answers at once even when the reply takes Zalo 3 seconds, so Zalo never retries', async () => {
    h.zalo.apiDelayMs = 3_000;
    try {
      const r = await h.zalo.deliver(h.zalo.userSendText(lan, '/toi'));
      expect(r.attempts).toHaveLength(1);
      expect(r.attempts[0]!.ms).toBeLessThan(2_000);
      expect(r.status).toBe(200);
      const before = h.zalo.sent(lan.id).length;
      await h.app.idle();
      expect(h.zalo.sent(lan.id).length).toBe(before + 1);
    } finally {
      h.zalo.apiDelayMs = 0;
    }
  }, 15_000);

  test('an event accepted just before a crash is handled by the sweep afterwards', async () => {
    // What a crash between the 200 and the handling leaves behind: the queued event only.
    const event = parseZaloWebhook(JSON.stringify(h.zalo.userSendText(lan, '/toi')))!;
    await createInboundQueueRepository({ db: h.tdb.db }).add(
      'zalo',
      event.updateId,
      event as unknown as Record<string, unknown>,
      h.clock.now(),
    );
    const before = h.zalo.sent(lan.id).length;
    h.clock.advance(15_000);
    await eventually(() => expect(h.zalo.sent(lan.id).length).toBe(before + 1), 15_000);
    await eventually(async () => expect(await h.tdb.db.select().from(inboundQueue)).toHaveLength(0));
  }, 20_000);
});

describe('a sticker', () => {
  test('is not answered, but counts as the member writing: their 7-day window opens again', async () => {
    h.clock.advance(86_400_000);
    const sticker = {
      app_id: h.zalo.appId,
      sender: { id: lan.id },
      recipient: { id: h.zalo.oaId },
      event_name: 'user_send_sticker',
      message: {
        msg_id: 'f0e1d2c3b4a596877869',
        attachments: [{ type: 'sticker', payload: { id: 'c09965c25987b0d9e996', url: 'https://zalo.example/s.png' } }],
      },
      timestamp: String(h.clock.now().getTime()),
      user_id_by_app: lan.idByApp,
    };
    expect(await chat.deliver(lan, sticker as never)).toHaveLength(0);
    const [identity] = await h.tdb.db
      .select()
      .from(chatIdentities)
      .where(and(eq(chatIdentities.platform, 'zalo'), eq(chatIdentities.externalId, lan.id)));
    expect(identity?.lastInteractionAt).toEqual(h.clock.now());
  });
});

describe('following and leaving the OA', () => {
  const identity = async (u: FakeZaloUser) =>
    (
      await h.tdb.db
        .select()
        .from(chatIdentities)
        .where(and(eq(chatIdentities.platform, 'zalo'), eq(chatIdentities.externalId, u.id)))
    )[0];

  test('a member who unfollows is unreachable; following again greets them and makes them reachable', async () => {
    await chat.deliver(lan, h.zalo.unfollow(lan));
    expect((await identity(lan))?.blockedAt).not.toBeNull();
    const greeting = await chat.follow(lan);
    expect(greeting.map((m) => m.text)).toEqual([
      bot.onboarding.greetAgain({ fullName: 'Nguyễn Thị Lan', branchName: 'Chi bộ Khu phố 1' }),
    ]);
    expect((await identity(lan))?.blockedAt).toBeNull();
  });
});
