import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { InboundEvent } from '../conversation/inbound.js';
import { parseTelegramUpdate } from './telegram/telegram.parse.js';
import { parseZaloWebhook, zaloEventToInbound, zaloInteractingUserId } from './zalo/zalo.parse.js';

// Bodies that passed the secret or signature check are still untrusted: whatever their shape,
// the parsers give an event or null, never throw, and only ever name ids a valid update carries.

const telegramSamples = [
  {
    update_id: 1,
    message: {
      message_id: 1,
      date: 1,
      chat: { id: 11, type: 'private' },
      from: { id: 11, is_bot: false, first_name: 'Lan' },
      text: '/toi',
    },
  },
  { update_id: 2, callback_query: { id: 'cb', from: { id: 12, first_name: 'An' }, message: { chat: { id: 12 } }, data: 'rsvp:3:y' } },
  { update_id: 3, poll_answer: { poll_id: 'p1', user: { id: 13, first_name: 'Mai' }, option_ids: [0, 2] } },
  {
    update_id: 4,
    my_chat_member: { chat: { id: 14, type: 'private' }, from: { id: 14, first_name: 'Hà' }, new_chat_member: { status: 'kicked' } },
  },
  {
    update_id: 5,
    message: {
      chat: { id: 15, type: 'private' },
      from: { id: 15, first_name: 'B' },
      contact: { phone_number: '84912345678', user_id: 15 },
    },
  },
  {
    update_id: 6,
    message: {
      chat: { id: 16, type: 'private' },
      from: { id: 16, first_name: 'C' },
      photo: [{ file_id: 'a', width: 9, height: 9 }],
      caption: 'x',
    },
  },
];
const zaloSamples = [
  {
    event_name: 'user_send_text',
    timestamp: '1764'.padEnd(13, '0'),
    sender: { id: '5550001112223334445' },
    message: { msg_id: 'm1', text: 'xin chào' },
  },
  { event_name: 'follow', timestamp: '1764000000000', follower: { id: '5550001112223334446' } },
  {
    event_name: 'user_send_image',
    sender: { id: '5550001112223334447' },
    message: { msg_id: 'm2', attachments: [{ payload: { url: 'https://x/y.jpg' } }] },
  },
  { event_name: 'user_submit_info', sender: { id: '5550001112223334448' }, info: { phone: '84912345678', name: 'Lan' } },
];

/** Every path to a value inside a sample: objects' keys and arrays' indexes. */
function pathsOf(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof v !== 'object' || v === null) return [at];
  const entries = Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v);
  return [at, ...entries.flatMap(([k, x]) => pathsOf(x, [...at, k]))];
}

/** A sample with one or two of its values (a leaf or a whole branch) replaced by anything. */
const mutated = (samples: object[]) =>
  fc
    .tuple(fc.constantFrom(...samples), fc.array(fc.tuple(fc.nat(), fc.anything()), { minLength: 1, maxLength: 2 }))
    .map(([sample, changes]) => {
      const copy = structuredClone(sample) as Record<string, unknown>;
      for (const [n, value] of changes) {
        const paths = pathsOf(copy).filter((p) => p.length > 0);
        const path = paths[n % paths.length]!;
        let at = copy as Record<string | number, unknown>;
        for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
        at[path.at(-1)!] = value;
      }
      return copy;
    });

const idsAreValid = (e: InboundEvent | null, platform: 'telegram' | 'zalo') => {
  if (e === null) return true;
  const id = platform === 'telegram' ? /^-?\d{1,16}$/ : /^\d{1,32}$/;
  return e.platform === platform && id.test(e.chatId) && id.test(e.user.externalId) && typeof e.updateId === 'string';
};

describe('untrusted webhook bodies', () => {
  test('Telegram: any JSON value gives an event or null, with only valid ids', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => idsAreValid(parseTelegramUpdate(body), 'telegram')),
      { numRuns: 3000 },
    );
  });

  test('Telegram: a real update with any field replaced by anything gives an event or null, with only valid ids', () => {
    fc.assert(
      fc.property(mutated(telegramSamples), (body) => idsAreValid(parseTelegramUpdate(body), 'telegram')),
      { numRuns: 5000 },
    );
  });

  test('Zalo: any bytes, any JSON and any mutated event give an event or null, with only digit ids', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => idsAreValid(parseZaloWebhook(Buffer.from(bytes)), 'zalo')),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), (body) => idsAreValid(zaloEventToInbound(body), 'zalo')),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(mutated(zaloSamples), (body) => {
        const who = zaloInteractingUserId(body);
        return idsAreValid(parseZaloWebhook(JSON.stringify(body)), 'zalo') && (who === null || /^\d{1,32}$/.test(who));
      }),
      { numRuns: 5000 },
    );
  });

  test('the samples themselves are understood, so the properties above test real shapes', () => {
    for (const s of telegramSamples) expect(parseTelegramUpdate(s)).not.toBeNull();
    for (const s of zaloSamples) expect(parseZaloWebhook(JSON.stringify(s))).not.toBeNull();
  });
});
