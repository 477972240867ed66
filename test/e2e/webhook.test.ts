import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { processedUpdates } from '../../src/modules/updates/updates.table.js';
import { bot } from '../../src/texts/index.js';
import { PUBLIC_URL, startHarness, WEBHOOK_SECRET, type Harness } from '../support/app-harness.js';
import { seedBranch, seedMember } from '../support/seed.js';

// Webhook mode: the fake Telegram server POSTs updates to our HTTP server.
let h: Harness;
const lan = { id: 6001, first_name: 'Lan' };

beforeAll(async () => {
  h = await startHarness({ mode: 'webhook' });
  const { branch } = await seedBranch(h.tdb.db);
  await seedMember(h.tdb.db, branch, { fullName: 'Nguyễn Thị Lan', phone: '0912345678' });
});
afterAll(async () => h?.close());

const processedCount = async () => (await h.tdb.db.select().from(processedUpdates)).length;

describe('Telegram webhook', () => {
  test('the webhook is registered with its secret and the updates the bot uses', () => {
    expect(h.fake.webhook).toEqual(expect.objectContaining({ url: `${PUBLIC_URL}/telegram/webhook`, secret_token: WEBHOOK_SECRET }));
    expect(h.fake.callsTo('setWebhook')[0]!.params.allowed_updates).toEqual(['message', 'callback_query', 'poll_answer', 'my_chat_member']);
  });

  test('a webhook call without the secret header is refused and changes nothing', async () => {
    const update = {
      update_id: 777,
      message: { message_id: 1, date: 1, chat: { id: lan.id, type: 'private' }, from: { ...lan, is_bot: false }, text: '/start' },
    };
    const before = await processedCount();
    const missing = await h.fake.deliverToWebhookRaw(JSON.stringify(update), { 'content-type': 'application/json' });
    const wrong = await h.fake.deliverToWebhookRaw(JSON.stringify(update), {
      'content-type': 'application/json',
      'x-telegram-bot-api-secret-token': 'guess',
    });
    expect([missing.status, wrong.status]).toEqual([403, 403]);
    expect(await processedCount()).toBe(before);
    expect(h.fake.sent(lan.id)).toHaveLength(0);
  });

  test('a malformed webhook body gets 400 and changes nothing', async () => {
    const headers = { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET };
    const before = await processedCount();
    expect((await h.fake.deliverToWebhookRaw('{"not":"an update"}', headers)).status).toBe(400);
    expect((await h.fake.deliverToWebhookRaw('{broken json', headers)).status).toBe(400);
    expect(await processedCount()).toBe(before);
  });

  test('an authentic update of a shape the bot does not expect is acknowledged with 200 and changes nothing', async () => {
    const headers = { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET };
    const before = await processedCount();
    const sentBefore = h.fake.calls.filter((c) => c.method.startsWith('send')).length;
    const odd = [
      { update_id: 990_001, message: { chat: null } },
      { update_id: 990_002, message: { chat: { id: '12', type: 'private' }, from: { id: 12, first_name: 'X' }, text: '/toi' } },
      { update_id: 990_003, callback_query: { id: 7, from: { id: 1.5 }, data: 'rsvp:1:y' } },
      { update_id: 990_004, poll_answer: { poll_id: 'p', user: { id: 5 }, option_ids: 'all' } },
      { update_id: 990_005, message: { chat: { id: 9, type: 'private' }, from: { id: 9 }, photo: [null, 3] } },
    ];
    for (const body of odd) expect((await h.fake.deliverToWebhookRaw(JSON.stringify(body), headers)).status).toBe(200);
    expect(await processedCount()).toBe(before);
    expect(h.fake.calls.filter((c) => c.method.startsWith('send')).length).toBe(sentBefore);
  });

  test('the webhook answers as soon as the update is stored; the reply follows when Telegram takes it', async () => {
    const hoa = { id: 6002, first_name: 'Hoa' };
    const update = h.fake.sendText(hoa, '/start');
    const [processed, sent] = [await processedCount(), h.fake.sent(hoa.id).length];
    const release = h.fake.holdSends();
    try {
      // Straight to the service, not through the harness (which waits for the replies).
      const answer = await fetch(`${h.baseUrl}/telegram/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
        body: JSON.stringify(update),
        signal: AbortSignal.timeout(4_000),
      });
      expect(answer.status).toBe(200);
      expect(await processedCount()).toBe(processed + 1);
      expect(h.fake.sent(hoa.id)).toHaveLength(sent);
    } finally {
      release();
    }
    await h.app.idle();
    expect(
      h.fake
        .sent(hoa.id)
        .slice(sent)
        .map((m) => m.text),
    ).toEqual([bot.onboarding.askPhone]);
  });

  test('an update delivered twice is handled once', async () => {
    const update = h.fake.sendText(lan, '/start');
    expect((await h.fake.deliverToWebhook(update)).status).toBe(200);
    expect((await h.fake.deliverToWebhook(update)).status).toBe(200);
    expect(h.fake.sent(lan.id).filter((m) => m.text === bot.onboarding.askPhone)).toHaveLength(1);
  });

  test('an update redelivered after a restart is ignored', async () => {
    const update = h.fake.sendContact(lan, { phone_number: '84912345678', user_id: lan.id });
    expect((await h.fake.deliverToWebhook(update)).status).toBe(200);
    const sentBefore = h.fake.sent(lan.id).length;
    await h.restart();
    expect((await h.fake.deliverToWebhook(update)).status).toBe(200);
    expect(h.fake.sent(lan.id)).toHaveLength(sentBefore);
  });

  test('a 429 from Telegram is waited out with its retry_after and the reply still arrives', async () => {
    h.fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    const callsBefore = h.fake.callsTo('sendMessage').length;
    expect((await h.fake.deliverToWebhook(h.fake.sendText(lan, '/toi'))).status).toBe(200);
    const calls = h.fake.callsTo('sendMessage').slice(callsBefore);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.error?.error_code).toBe(429);
    expect(calls[1]!.error).toBeUndefined();
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(h.fake.sent(lan.id).at(-1)?.text).toContain('Nguyễn Thị Lan');
  });
});
