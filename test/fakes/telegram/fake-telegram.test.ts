// Drives the fake Telegram server with the real telegraf client, to prove the wire format.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Telegraf, Telegram, TelegramError } from 'telegraf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeTelegram, type FakeTelegram, type FakeUser } from './index.js';

const alice: FakeUser = { id: 1001, first_name: 'Lan', last_name: 'Nguyễn', username: 'lan_ng', language_code: 'vi' };
const bob: FakeUser = { id: 1002, first_name: 'Minh' };

async function telegramError(call: Promise<unknown>): Promise<TelegramError> {
  try {
    await call;
  } catch (err) {
    expect(err).toBeInstanceOf(TelegramError);
    return err as TelegramError;
  }
  throw new Error('expected the call to fail with a TelegramError');
}

let fake: FakeTelegram;
let telegram: Telegram;

beforeEach(async () => {
  fake = await startFakeTelegram();
  telegram = new Telegram(fake.token, { apiRoot: fake.apiRoot, webhookReply: false });
});
afterEach(async () => {
  await fake.close();
});

describe('fake Telegram with the telegraf Telegram client', () => {
  it('answers getMe with the bot identity', async () => {
    const me = await telegram.getMe();
    expect(me).toMatchObject({ id: 123456, is_bot: true, first_name: 'Trợ lý Chi bộ', username: fake.botUsername });
    expect(fake.apiRoot).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('records sendMessage with its inline keyboard and returns a real-looking Message', async () => {
    const keyboard = { inline_keyboard: [[{ text: 'Có mặt', callback_data: 'attend:yes' }]] };
    const m1 = await telegram.sendMessage(alice.id, 'Họp chi bộ tối nay', { reply_markup: keyboard });
    const m2 = await telegram.sendMessage(alice.id, '<b>Nhắc</b> &amp; hỏi', { parse_mode: 'HTML' });
    expect(m1).toMatchObject({
      message_id: 1,
      chat: { id: alice.id, type: 'private' },
      text: 'Họp chi bộ tối nay',
      reply_markup: keyboard,
    });
    expect(m1.from).toMatchObject({ id: fake.botId, is_bot: true });
    expect(m2.message_id).toBe(2);
    expect(m2.text).toBe('Nhắc & hỏi'); // markup removed, as on the wire
    expect(fake.callsTo('sendMessage')[0]!.params).toEqual({ chat_id: alice.id, text: 'Họp chi bộ tối nay', reply_markup: keyboard });
    const sent = fake.sent(alice.id);
    expect(sent.map((s) => [s.message_id, s.text])).toEqual([
      [1, 'Họp chi bộ tối nay'],
      [2, '<b>Nhắc</b> &amp; hỏi'],
    ]);
    expect(sent[0]!.reply_markup).toEqual(keyboard);
    expect(fake.sent(bob.id)).toEqual([]);
  });

  it('rejects what the real server rejects, with its descriptions', async () => {
    expect((await telegramError(telegram.sendMessage(alice.id, ''))).response).toEqual({
      ok: false,
      error_code: 400,
      description: 'Bad Request: message text is empty',
    });
    expect((await telegramError(telegram.sendMessage(alice.id, 'x'.repeat(4097)))).description).toBe('Bad Request: message is too long');
    // 49 characters, but 66 bytes in UTF-8: the limit counts bytes.
    const longData = 'điểm danh: Nguyễn Thị Hồng Nhung, Đảng viên dự bị';
    const kb = { inline_keyboard: [[{ text: 'x', callback_data: longData }]] };
    expect((await telegramError(telegram.sendMessage(alice.id, 'hi', { reply_markup: kb }))).description).toBe(
      'Bad Request: BUTTON_DATA_INVALID',
    );
    const html = await telegramError(telegram.sendMessage(alice.id, 'a < b', { parse_mode: 'HTML' }));
    expect(html.description).toMatch(/^Bad Request: can't parse entities: /);
    const edit = await telegramError(telegram.editMessageText(alice.id, 99, undefined, 'x'));
    expect(edit.description).toBe('Bad Request: message to edit not found');
    const cb = await telegramError(telegram.answerCbQuery('nope'));
    expect(cb.description).toBe('Bad Request: query is too old and response timeout expired or query ID is invalid');
    expect(fake.callsTo('sendMessage').every((c) => c.error?.error_code === 400)).toBe(true);
  });

  it('edits and deletes messages', async () => {
    const m = await telegram.sendMessage(alice.id, 'v1', { reply_markup: { inline_keyboard: [[{ text: 'a', callback_data: 'a' }]] } });
    const edited = await telegram.editMessageText(alice.id, m.message_id, undefined, 'v2');
    expect(edited).toMatchObject({ text: 'v2', edit_date: expect.any(Number) });
    expect(fake.message(alice.id, m.message_id)?.reply_markup).toBeUndefined();
    const same = await telegramError(telegram.editMessageText(alice.id, m.message_id, undefined, 'v2'));
    expect(same.description).toMatch(/^Bad Request: message is not modified/);
    expect(await telegram.deleteMessage(alice.id, m.message_id)).toBe(true);
    expect((await telegramError(telegram.deleteMessage(alice.id, m.message_id))).description).toBe(
      'Bad Request: message to delete not found',
    );
  });

  it('answers 429 with retry_after when the rate limit is exceeded', async () => {
    fake.rateLimit({ perChatPerSecond: 2 });
    await telegram.sendMessage(alice.id, '1');
    await telegram.sendMessage(alice.id, '2');
    await telegram.sendMessage(bob.id, 'other chat has its own budget');
    const err = await telegramError(telegram.sendMessage(alice.id, '3'));
    expect(err.code).toBe(429);
    expect(err.parameters?.retry_after).toBeGreaterThanOrEqual(1);
    expect(err.description).toBe(`Too Many Requests: retry after ${err.parameters?.retry_after}`);
    expect(fake.stats.tooManyRequests).toBe(1);
    fake.rateLimit({ perSecond: 1 }); // a fresh limiter: the overall budget spans chats
    await telegram.sendMessage(bob.id, 'a');
    expect((await telegramError(telegram.sendMessage(alice.id, 'b'))).code).toBe(429);
    expect(fake.stats.tooManyRequests).toBe(2);
    fake.rateLimit(null);
    await telegram.sendMessage(alice.id, '3');

    fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } });
    expect((await telegramError(telegram.sendMessage(alice.id, '4'))).parameters).toEqual({ retry_after: 7 });
    await telegram.sendMessage(alice.id, '4'); // only the next call fails
    expect(fake.stats.tooManyRequests).toBe(3);
  });

  it('answers 403 once the user blocked the bot', async () => {
    fake.blockedBy(bob.id);
    const err = await telegramError(telegram.sendMessage(bob.id, 'xin chào'));
    expect(err.response).toEqual({ ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    expect(fake.sent(bob.id)).toEqual([]);
  });

  it('uploads a document by multipart, then re-sends it by file_id', async () => {
    const content = Buffer.from('%PDF-1.4 biên bản họp');
    const first = await telegram.sendDocument(alice.id, { source: content, filename: 'bien-ban.pdf' }, { caption: 'Biên bản' });
    expect(first.document).toMatchObject({ file_name: 'bien-ban.pdf', mime_type: 'application/pdf', file_size: content.length });
    expect(first.caption).toBe('Biên bản');
    const upload = fake.callsTo('sendDocument')[0]!;
    expect(upload.params).toMatchObject({
      chat_id: String(alice.id),
      caption: 'Biên bản',
      document: { filename: 'bien-ban.pdf', size: content.length },
    });

    const again = await telegram.sendDocument(bob.id, first.document.file_id);
    expect(again.document.file_id).toBe(first.document.file_id);
    expect(fake.sent().map((s) => s.document?.file_name)).toEqual(['bien-ban.pdf', 'bien-ban.pdf']);
    const bad = await telegramError(telegram.sendDocument(alice.id, 'no-such-file-id'));
    expect(bad.description).toBe('Bad Request: wrong file identifier/HTTP URL specified');

    const link = await telegram.getFileLink(first.document.file_id);
    const download = await fetch(link);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(content);
  });

  it('sends, tallies and stops polls', async () => {
    const message = await telegram.sendPoll(alice.id, 'Chọn ngày họp', ['Thứ Hai', 'Thứ Ba'], { is_anonymous: false });
    const poll = message.poll;
    expect(poll).toMatchObject({
      question: 'Chọn ngày họp',
      options: [
        { text: 'Thứ Hai', voter_count: 0 },
        { text: 'Thứ Ba', voter_count: 0 },
      ],
      total_voter_count: 0,
      is_closed: false,
      is_anonymous: false,
      type: 'regular',
      allows_multiple_answers: false,
    });
    const answer = fake.answerPoll(bob, poll.id, [1]);
    expect(answer.poll_answer).toEqual({ poll_id: poll.id, user: { id: bob.id, is_bot: false, first_name: 'Minh' }, option_ids: [1] });
    const stopped = await telegram.stopPoll(alice.id, message.message_id);
    expect(stopped).toMatchObject({
      id: poll.id,
      is_closed: true,
      total_voter_count: 1,
      options: [{ voter_count: 0 }, { voter_count: 1 }],
    });
    expect((await telegramError(telegram.stopPoll(alice.id, message.message_id))).description).toBe(
      'Bad Request: poll has already been closed',
    );

    const anonymous = await telegram.sendPoll(alice.id, 'Ẩn danh?', ['Có', 'Không']);
    expect(anonymous.poll.is_anonymous).toBe(true);
    expect(() => fake.answerPoll(bob, anonymous.poll.id, [0])).toThrow(/anonymous/);
  });

  it('stores commands set with setMyCommands and validates them', async () => {
    const commands = [
      { command: 'start', description: 'Bắt đầu' },
      { command: 'hop', description: 'Lịch họp' },
    ];
    expect(await telegram.setMyCommands(commands)).toBe(true);
    expect(await telegram.getMyCommands()).toEqual(commands);
    const bad = await telegramError(telegram.setMyCommands([{ command: 'Họp', description: 'x' }]));
    expect(bad.code).toBe(400);
  });

  it('long-polls getUpdates: wakes on injection, confirms by offset', async () => {
    const started = Date.now();
    const poll = telegram.getUpdates(50, 100, 0, undefined);
    await fake.waitForCalls('getUpdates', 1);
    const injected = fake.sendText(alice, 'xin chào');
    const updates = await poll;
    expect(Date.now() - started).toBeLessThan(900); // woken, not timed out
    expect(updates).toEqual([injected]);
    expect(injected).toMatchObject({
      message: {
        message_id: 1,
        from: { id: alice.id, is_bot: false },
        chat: { id: alice.id, type: 'private', first_name: 'Lan' },
        text: 'xin chào',
      },
    });
    expect(await telegram.getUpdates(0, 100, 0, undefined)).toHaveLength(1); // not confirmed yet
    expect(await telegram.getUpdates(0, 100, injected.update_id + 1, undefined)).toEqual([]);
    const second = fake.injectUpdate({ message: { message_id: 9, text: 'raw' } });
    expect(second.update_id).toBe(injected.update_id + 1);
    expect(await telegram.getUpdates(0, 100, 0, undefined)).toEqual([second]);
  });

  it('speaks HTTP like the real server: 401, 404, forms and query strings', async () => {
    const wrongToken = await fetch(`${fake.apiRoot}bot999:wrong/getMe`);
    expect(wrongToken.status).toBe(401);
    expect(await wrongToken.json()).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });
    const unknown = await fetch(`${fake.apiRoot}bot${fake.token}/sendTelepathy`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found' });

    const form = await fetch(`${fake.apiRoot}bot${fake.token}/sendMessage`, {
      method: 'POST',
      body: new URLSearchParams({
        chat_id: String(alice.id),
        text: 'form',
        reply_markup: '{"inline_keyboard":[[{"text":"a","callback_data":"b"}]]}',
      }),
    });
    expect(((await form.json()) as { result: { reply_markup: unknown } }).result.reply_markup).toEqual({
      inline_keyboard: [[{ text: 'a', callback_data: 'b' }]],
    });
    const query = await fetch(`${fake.apiRoot}bot${fake.token}/SENDMESSAGE?chat_id=${alice.id}&text=q`);
    expect(((await query.json()) as { result: { text: string } }).result.text).toBe('q');

    const multipart = new FormData();
    multipart.set('chat_id', String(alice.id));
    multipart.set('document', new Blob([Buffer.from('a,b\n1,2\n')]), 'ds.csv');
    const upload = await fetch(`${fake.apiRoot}bot${fake.token}/sendDocument`, { method: 'POST', body: multipart });
    expect(((await upload.json()) as { result: { document: unknown } }).result.document).toMatchObject({
      file_name: 'ds.csv',
      file_size: 8,
    });
  });
});

describe('fake Telegram with a long-polling Telegraf bot', () => {
  it('delivers injected messages and button presses to handlers exactly once', async () => {
    await fake.close();
    fake = await startFakeTelegram({ maxLongPollMs: 200 });
    const bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot, webhookReply: false } });
    const seen: string[] = [];
    const errors: unknown[] = [];
    bot.catch((err) => {
      errors.push(err);
    });
    bot.start(async (ctx) => {
      seen.push(`start:${ctx.payload}`);
      await ctx.reply('Chào đồng chí', { reply_markup: { inline_keyboard: [[{ text: 'Có', callback_data: 'attend:yes' }]] } });
    });
    bot.on('contact', (ctx) => {
      seen.push(`contact:${ctx.message.contact.phone_number}:${ctx.message.contact.user_id}`);
    });
    bot.on('text', (ctx) => {
      seen.push(`text:${ctx.message.text}`);
    });
    bot.action(/^attend:/, async (ctx) => {
      seen.push(`action:${'data' in ctx.callbackQuery ? ctx.callbackQuery.data : '?'}:${ctx.callbackQuery.message?.message_id}`);
      await ctx.answerCbQuery('Đã ghi nhận');
    });

    const launched = bot.launch(); // resolves only when polling stops
    await fake.waitForCalls('getUpdates', 1);
    fake.sendText(alice, '/start deep-link_1');
    fake.sendText(alice, 'xin chào');
    fake.sendContact(alice, { phone_number: '+84901234567' });
    await fake.waitForCalls('sendMessage', 1);
    fake.pressButton(alice, 'attend:yes');
    await fake.waitForCalls('answerCallbackQuery', 1);

    // Two more polls: the first confirms the updates, the second would see any redelivery.
    const polls = fake.callsTo('getUpdates').length;
    await fake.waitForCalls('getUpdates', polls + 2);
    bot.stop('test');
    await launched;

    expect(errors).toEqual([]);
    // telegraf handles one getUpdates batch concurrently, so only the set of events is fixed.
    // Message ids are per chat and shared with the user's messages: the reply is number 4.
    expect([...seen].sort()).toEqual(['action:attend:yes:4', `contact:+84901234567:${alice.id}`, 'start:deep-link_1', 'text:xin chào']);
    expect(fake.callsTo('answerCallbackQuery')[0]!.error).toBeUndefined();
    expect(fake.callsTo('deleteWebhook')).toHaveLength(1); // launch() clears any webhook first
  });
});

describe('fake Telegram webhook delivery', () => {
  let receiver: Server;
  afterEach(async () => {
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('posts updates with the secret header, and telegraf rejects forged ones', async () => {
    const bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot, webhookReply: false } });
    bot.on('text', (ctx) => ctx.reply(`pong: ${ctx.message.text}`));
    const callback = bot.webhookCallback('/hook', { secretToken: 'S3cret_token-1' });
    const headers: IncomingHttpHeaders[] = [];
    receiver = createServer((req, res) => {
      headers.push(req.headers);
      void callback(req, res);
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    // Telegram calls https on its four ports only; the "reverse proxy" hands the call to our listener.
    const url = 'https://bot.example.vn:8443/hook';
    fake.proxy('https://bot.example.vn:8443', `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`);
    for (const [refused, why] of [
      ['http://bot.example.vn/hook', 'Bad Request: bad webhook: HTTPS url must be provided for webhook'],
      ['https://bot.example.vn:3000/hook', 'Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443'],
    ] as const)
      expect((await telegramError(telegram.setWebhook(refused))).description).toBe(why);

    const badSecret = await telegramError(telegram.setWebhook(url, { secret_token: 'không hợp lệ' }));
    expect(badSecret.description).toBe('Bad Request: secret token contains unallowed characters');
    await telegram.setWebhook(url, { secret_token: 'S3cret_token-1' });
    expect(fake.webhook).toEqual({ url, secret_token: 'S3cret_token-1' });
    expect((await telegramError(telegram.getUpdates(0, 100, 0, undefined))).code).toBe(409);

    const update = fake.sendText(alice, 'ping');
    expect((await telegram.getWebhookInfo()).pending_update_count).toBe(1);
    const delivered = await fake.deliverToWebhook(update);
    expect(delivered.status).toBe(200);
    expect(headers[0]!['x-telegram-bot-api-secret-token']).toBe('S3cret_token-1');
    expect(headers[0]!['content-type']).toBe('application/json');
    expect(fake.sent(alice.id).map((m) => m.text)).toEqual(['pong: ping']);
    expect((await telegram.getWebhookInfo()).pending_update_count).toBe(0);

    const forged = await fake.deliverToWebhookRaw(JSON.stringify(fake.sendText(alice, 'forged')), {
      'content-type': 'application/json',
      'x-telegram-bot-api-secret-token': 'wrong',
    });
    expect(forged.status).toBe(403);
    expect(fake.sent(alice.id)).toHaveLength(1);

    await telegram.deleteWebhook();
    expect(fake.webhook).toBeNull();
  });
});
