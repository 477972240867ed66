import { describe, expect, test } from 'vitest';
import { renderForTelegram, splitText } from './telegram.render.js';
import { parseTelegramUpdate } from './telegram.parse.js';

describe('rendering for Telegram', () => {
  test('a message longer than Telegram allows is split on line breaks, buttons under the last part', () => {
    const para = 'Nội dung sinh hoạt chi bộ tháng này.\n'.repeat(200);
    const calls = renderForTelegram('42', { kind: 'text', text: para, buttons: [[{ text: 'Tham dự', data: 'r:1:y' }]] });
    expect(calls.length).toBeGreaterThan(1);
    for (const c of calls) expect((c.payload.text as string).length).toBeLessThanOrEqual(4096);
    const words = (s: string) => s.split(/\s+/).filter(Boolean);
    expect(words(calls.map((c) => c.payload.text).join('\n'))).toEqual(words(para));
    expect(calls.at(-1)!.payload.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Tham dự', callback_data: 'r:1:y' }]] });
    expect(calls[0]!.payload.reply_markup).toBeUndefined();
  });

  test('a text without any break is still cut to size', () => {
    expect(splitText('x'.repeat(9000)).map((p) => p.length)).toEqual([4096, 4096, 808]);
  });

  test('a long run of emoji is cut between characters, so Telegram never gets half of one', () => {
    const calls = renderForTelegram('42', { kind: 'text', text: '🎉'.repeat(3000) });
    expect(calls.map((c) => (c.payload.text as string).length)).toEqual([4096, 1904]);
    const odd = `x${'🎉'.repeat(3000)}`;
    const parts = renderForTelegram('42', { kind: 'text', text: odd }).map((c) => c.payload.text as string);
    expect(parts.map((p) => p.length)).toEqual([4095, 1906]);
    expect(Buffer.from(parts.join(''), 'utf8').toString('utf8')).toBe(odd);
  });

  test('asking for the phone shows a one-time contact button', () => {
    const [c] = renderForTelegram('42', { kind: 'text', text: 'Chia sẻ?', requestContact: { buttonText: 'Chia sẻ' } });
    expect(c!.payload.reply_markup).toEqual({
      keyboard: [[{ text: 'Chia sẻ', request_contact: true }]],
      resize_keyboard: true,
      one_time_keyboard: true,
    });
  });
});

describe('reading Telegram updates', () => {
  const from = { id: 7, is_bot: false, first_name: 'A' };
  const chat = { id: 7, type: 'private' as const, first_name: 'A' };

  test('a deep link start carries its payload; a command addressed to the bot by name is the same command', () => {
    const e = parseTelegramUpdate({ update_id: 1, message: { message_id: 1, date: 1, chat, from, text: '/start abc_DEF-123' } } as never);
    expect(e).toMatchObject({ type: 'command', command: 'start', args: 'abc_DEF-123', updateId: '1', chatId: '7' });
    expect(
      parseTelegramUpdate({ update_id: 2, message: { message_id: 2, date: 1, chat, from, text: '/toi@tro_ly_bot' } } as never),
    ).toMatchObject({ type: 'command', command: 'toi', args: '' });
  });

  test('a contact keeps who the phone belongs to', () => {
    const e = parseTelegramUpdate({
      update_id: 3,
      message: { message_id: 3, date: 1, chat, from, contact: { phone_number: '+84912345678', first_name: 'B', user_id: 8 } },
    } as never);
    expect(e).toMatchObject({ type: 'contact', phone: '+84912345678', ownerExternalId: '8' });
  });

  test('messages in groups are not conversations with the bot', () => {
    expect(
      parseTelegramUpdate({
        update_id: 4,
        message: { message_id: 4, date: 1, chat: { id: -5, type: 'group', title: 'g' }, from, text: 'hi' },
      } as never),
    ).toBeNull();
  });
});
