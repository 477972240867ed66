import { describe, expect, test } from 'vitest';
import { parseZaloWebhook, zaloInteractingUserId } from './zalo.parse.js';

const USER = '2651040744560330253';
const OA = '1945001651380238465';
const body = (o: Record<string, unknown>) =>
  JSON.stringify({
    app_id: '840285093686170967',
    sender: { id: USER },
    recipient: { id: OA },
    timestamp: '1635041570508',
    user_id_by_app: '6280932764005168453',
    ...o,
  });
const text = (t: string, msgId = '1d19cfb48434f168a827') => body({ event_name: 'user_send_text', message: { text: t, msg_id: msgId } });
const from = { platform: 'zalo', chatId: USER, user: { externalId: USER, displayName: '' } };

describe('messages a member types to the OA', () => {
  test('a text becomes a text event deduplicated on its msg_id, replies going to the sender', () => {
    expect(parseZaloWebhook(text('Tôi sẽ đến họp'))).toEqual({
      ...from,
      updateId: '1d19cfb48434f168a827',
      type: 'text',
      text: 'Tôi sẽ đến họp',
    });
  });

  test('a text starting with / is a command, as on Telegram', () => {
    expect(parseZaloWebhook(text('/Start ABC123'))).toMatchObject({ type: 'command', command: 'start', args: 'ABC123' });
  });

  test('a tapped button arrives as the text of its hidden payload and becomes a button event', () => {
    expect(parseZaloWebhook(text('rsvp:42:y'))).toMatchObject({ type: 'button', callbackId: null, data: 'rsvp:42:y' });
    expect(parseZaloWebhook(text('pv:7:2'))).toMatchObject({ type: 'button', data: 'pv:7:2' });
    expect(parseZaloWebhook(text('gvd:k3j9x2:2026-03-05'))).toMatchObject({ type: 'button', data: 'gvd:k3j9x2:2026-03-05' });
  });

  test('ordinary sentences with a colon stay texts', () => {
    expect(parseZaloWebhook(text('Lý do: bận công tác'))).toMatchObject({ type: 'text' });
    expect(parseZaloWebhook(text('Ghi chú: đi muộn'))).toMatchObject({ type: 'text' });
  });

  test('with the known button prefixes given, a typed look-alike of another prefix stays a text', () => {
    const buttonPrefixes = new Set(['rsvp', 'pv']);
    expect(parseZaloWebhook(text('note:abc'), { buttonPrefixes })).toMatchObject({ type: 'text', text: 'note:abc' });
    expect(parseZaloWebhook(text('rsvp:1:n'), { buttonPrefixes })).toMatchObject({ type: 'button', data: 'rsvp:1:n' });
  });

  test('a user_click_button event, if Zalo sends one, is a button tap', () => {
    expect(parseZaloWebhook(body({ event_name: 'user_click_button', message: { msg_id: 'c1', payload: 'mack:9' } }))).toMatchObject({
      updateId: 'c1',
      type: 'button',
      callbackId: null,
      data: 'mack:9',
    });
  });
});

describe('photos and files a member sends', () => {
  test('a photo keeps its URL as the file reference and its caption', () => {
    const raw = body({
      event_name: 'user_send_image',
      message: {
        msg_id: 'img1',
        text: 'Ảnh buổi sinh hoạt',
        attachments: [{ type: 'image', payload: { thumbnail: 'https://t/1', url: 'https://f/1.jpg' } }],
      },
    });
    expect(parseZaloWebhook(raw)).toEqual({
      ...from,
      updateId: 'img1',
      type: 'attachment',
      kind: 'photo',
      fileId: 'https://f/1.jpg',
      caption: 'Ảnh buổi sinh hoạt',
    });
  });

  test('a file keeps its URL and file name', () => {
    const raw = body({
      event_name: 'user_send_file',
      message: {
        msg_id: 'abc009',
        attachments: [
          {
            type: 'file',
            payload: { size: '233947', name: 'bao-cao.docx', checksum: 'db8f', type: 'docx', url: 'https://f/bao-cao.docx' },
          },
        ],
      },
    });
    const e = parseZaloWebhook(raw);
    expect(e).toMatchObject({
      updateId: 'abc009',
      type: 'attachment',
      kind: 'document',
      fileId: 'https://f/bao-cao.docx',
      fileName: 'bao-cao.docx',
    });
    expect(e).not.toHaveProperty('caption');
  });

  test('an image event without an attachment is ignored', () => {
    expect(parseZaloWebhook(body({ event_name: 'user_send_image', message: { msg_id: 'x' } }))).toBeNull();
  });
});

describe('following, leaving and sharing the phone', () => {
  const follow = (name: string) =>
    JSON.stringify({
      app_id: '3206567425609033798',
      oa_id: '579745863508352884',
      user_id_by_app: '1923626015168953374',
      event_name: name,
      timestamp: '1630985527582',
      source: 'oa_profile',
      follower: { id: '8381381219617247797' },
    });

  test('following the OA is a start: the bot greets and asks for the phone', () => {
    expect(parseZaloWebhook(follow('follow'))).toEqual({
      platform: 'zalo',
      updateId: 'follow:8381381219617247797:1630985527582',
      chatId: '8381381219617247797',
      user: { externalId: '8381381219617247797', displayName: '' },
      type: 'command',
      command: 'start',
      args: '',
    });
    expect(parseZaloWebhook(follow('user_follow'))).toMatchObject({ type: 'command', command: 'start' });
  });

  test('an unfollow makes the user unreachable; the user_unfollow spelling works too', () => {
    expect(parseZaloWebhook(follow('unfollow'))).toMatchObject({ type: 'reachability', reachable: false });
    expect(parseZaloWebhook(follow('user_unfollow'))).toMatchObject({ type: 'reachability', reachable: false });
  });

  test('submitted info is a contact owned by the sender, with the name Zalo gives', () => {
    const raw = body({
      event_name: 'user_submit_info',
      timestamp: '1540368141908',
      info: { name: 'Nguyễn Văn A', phone: '84912345678', user_dob: '30/10/1999' },
    });
    expect(parseZaloWebhook(raw)).toEqual({
      platform: 'zalo',
      updateId: `user_submit_info:${USER}:1540368141908`,
      chatId: USER,
      user: { externalId: USER, displayName: 'Nguyễn Văn A' },
      type: 'contact',
      phone: '84912345678',
      ownerExternalId: USER,
    });
  });

  test('submitted info without a phone is ignored', () => {
    expect(parseZaloWebhook(body({ event_name: 'user_submit_info', info: { name: 'A' } }))).toBeNull();
  });
});

describe('what the bot must not act on', () => {
  test("the OA's own messages echoed back are ignored, so the bot never answers itself", () => {
    for (const name of ['oa_send_text', 'oa_send_image', 'oa_send_file', 'oa_send_request_user_info']) {
      expect(
        parseZaloWebhook(
          JSON.stringify({ event_name: name, sender: { id: OA }, recipient: { id: USER }, message: { text: 'rsvp:1:y', msg_id: 'e1' } }),
        ),
      ).toBeNull();
    }
  });

  test('receipts, stickers, malformed bodies and the probe are ignored', () => {
    expect(parseZaloWebhook(body({ event_name: 'user_seen_message', message: { msg_ids: ['a'] } }))).toBeNull();
    expect(parseZaloWebhook(body({ event_name: 'user_send_sticker', message: { msg_id: 's' } }))).toBeNull();
    expect(parseZaloWebhook('{not json')).toBeNull();
    expect(parseZaloWebhook('{}')).toBeNull();
  });
});

describe('ids stay exact strings end to end', () => {
  test('19-digit ids sent as bare JSON numbers keep every digit', () => {
    // 9223372036854775807 cannot be a JS number: JSON.parse would give ...5808.
    const raw =
      '{"app_id":840285093686170967,"sender":{"id":9223372036854775807},"recipient":{"id":1945001651380238465},' +
      '"message":{"text":"ok","msg_id":8765432109876543210},"timestamp":1635041570508,"event_name":"user_send_text"}';
    expect(parseZaloWebhook(Buffer.from(raw))).toEqual({
      platform: 'zalo',
      updateId: '8765432109876543210',
      chatId: '9223372036854775807',
      user: { externalId: '9223372036854775807', displayName: '' },
      type: 'text',
      text: 'ok',
    });
  });

  test('digits inside strings are left alone', () => {
    expect(parseZaloWebhook(text('Mã 12345678901234567890 nhé'))).toMatchObject({ type: 'text', text: 'Mã 12345678901234567890 nhé' });
  });

  test('an event without a msg_id is deduplicated on a hash of its raw body', () => {
    const raw = body({ event_name: 'user_send_text', timestamp: undefined, message: { text: 'a' } });
    const e = parseZaloWebhook(raw);
    expect(e?.updateId).toMatch(/^sha256:[0-9a-f]{40}$/);
    expect(parseZaloWebhook(raw)?.updateId).toBe(e?.updateId);
  });
});

describe('who has just interacted (opens the 7-day window)', () => {
  test('a message, a follow or submitted info count; echoes and receipts do not', () => {
    expect(zaloInteractingUserId({ event_name: 'user_send_sticker', sender: { id: USER } })).toBe(USER);
    expect(zaloInteractingUserId({ event_name: 'follow', follower: { id: '8' } })).toBe('8');
    expect(zaloInteractingUserId({ event_name: 'oa_send_text', sender: { id: OA } })).toBeNull();
    expect(zaloInteractingUserId({ event_name: 'user_seen_message', sender: { id: OA } })).toBeNull();
  });
});
