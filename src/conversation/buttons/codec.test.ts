import { describe, expect, test } from 'vitest';
import { buttonCodec, id, int, oneOf } from './codec.js';
import { ackCodec, publishConfirmCodec, publishSteps, resendCodec } from './materials.buttons.js';
import { checkinCodec, prepCodec } from './meetings.buttons.js';
import { pollSteps, pollVoteCodec } from './polls.buttons.js';
import { rsvpButtons, rsvpCodec } from './rsvp.buttons.js';
import { assignDueCodec, percentCodec, reportCodec, statusCodec } from './tasks.buttons.js';

/** What the router hands a handler: the fields after the prefix. */
const argsOf = (data: string) => data.split(':').slice(1);

describe('button data', () => {
  test('every button reads back what it wrote', () => {
    const cases = [
      [rsvpCodec, { meetingId: 12, answer: 'y' }],
      [rsvpCodec, { meetingId: 12, answer: 'n', memberId: 40 }],
      [checkinCodec, { meetingId: 7 }],
      [prepCodec, { meetingId: 7, state: 'planned' }],
      [reportCodec, { taskId: 3 }],
      [statusCodec, { taskId: 3, status: 'blocked' }],
      [percentCodec, { taskId: 3, percent: 0 }],
      [pollVoteCodec, { pollId: 5, option: 2 }],
      [ackCodec, { materialId: 9 }],
      [resendCodec, { materialId: 9 }],
      [publishSteps.mtm, { nonce: 'k3x9q1', value: '2026-12' }],
      [publishConfirmCodec, { nonce: 'k3x9q1' }],
      [pollSteps.bqd, { nonce: 'a1', value: 'd3' }],
      [assignDueCodec, { nonce: 'a1', value: '2026-12-10' }],
    ] as const;
    for (const [codec, value] of cases) {
      const data = (codec as { encode(v: unknown): string }).encode(value);
      expect(data.startsWith(`${codec.prefix}:`)).toBe(true);
      expect((codec as { decode(a: string[]): unknown }).decode(argsOf(data))).toEqual(value);
    }
  });

  test('the notice buttons keep the format members already have on their phones', () => {
    expect(
      rsvpButtons(12)
        .flat()
        .map((b) => ('data' in b ? b.data : '')),
    ).toEqual(['rsvp:12:y', 'rsvp:12:n']);
    expect(
      rsvpButtons(12, 40)
        .flat()
        .map((b) => ('data' in b ? b.data : '')),
    ).toEqual(['rsvp:12:y:40', 'rsvp:12:n:40']);
    expect(ackCodec.encode({ materialId: 9 })).toBe('mack:9');
  });

  test('forged, malformed or truncated data does not read', () => {
    const bad: [{ decode(a: string[]): unknown }, string][] = [
      [rsvpCodec, 'rsvp:0:y'],
      [rsvpCodec, 'rsvp:012:y'],
      [rsvpCodec, 'rsvp:12:maybe'],
      [rsvpCodec, 'rsvp:12'],
      [rsvpCodec, 'rsvp:12:y:40:1'],
      [rsvpCodec, 'rsvp:12:y:abc'],
      [prepCodec, 'prep:NaN:held'],
      [checkinCodec, 'ci:-3'],
      [checkinCodec, 'ci:1e3'],
      [reportCodec, 'tr:99999999999999999999'],
      [statusCodec, 'ts:3:finished'],
      [percentCodec, 'tp:3:101'],
      [percentCodec, 'tp:3:2.5'],
      [pollVoteCodec, 'pv:5:'],
      [ackCodec, 'mack:'],
      [ackCodec, 'mack:1:2'],
      [publishConfirmCodec, 'mtok:'],
      [publishConfirmCodec, 'mtok:ABC'],
      [publishConfirmCodec, 'mtok:k3x9q1:extra'],
      [publishSteps.mtu, 'mtu:k3x9q1'],
      [publishSteps.mtm, 'mtm:k3x9q1:2026/12'],
      [pollSteps.bqg, `bqg:a1:${'9'.repeat(30)}`],
    ];
    for (const [codec, data] of bad) expect(codec.decode(argsOf(data)), data).toBeNull();
  });

  test('data over the 64 bytes Telegram keeps is refused when the button is made, not sent broken', () => {
    const wide = buttonCodec('wide', { a: id, b: id, c: id, d: id, e: oneOf('x'), f: int(0, 9) });
    const n = 999_999_999_999_999;
    expect(() => wide.encode({ a: n, b: n, c: n, d: n, e: 'x', f: 1 })).toThrow(/64 bytes/);
  });
});
