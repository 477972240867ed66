import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startFakeZalo, type FakeZalo, type FakeZaloUser } from '../../../test/fakes/zalo/index.js';
import { GatewayError } from '../../shared/chat-gateway.js';
import { createLogger } from '../../shared/logger.js';
import { createZaloClient } from './zalo.client.js';
import { createZaloGateway, ZALO_MAX_FILE_BYTES } from './zalo.gateway.js';

// The gateway through the real axios client against the fake Zalo OA (wire format of reference §1).
const logger = createLogger({ level: 'silent' });
let fake: FakeZalo;
let lan: FakeZaloUser;
let pauses: number[];

beforeEach(async () => {
  fake = await startFakeZalo();
  lan = fake.user('Lan');
  fake.setLastInteraction(lan.id, Date.now());
  pauses = [];
});
afterEach(async () => fake?.close());

function gateway() {
  const client = createZaloClient({ apiRoot: fake.apiRoot, accessToken: async () => token() });
  const throttle = {
    pace: async () => {},
    pauseFor: async (ms: number) => {
      pauses.push(ms);
    },
  };
  return createZaloGateway({ client, logger, throttle, render: { requestInfoImageUrl: 'https://example.vn/the.png' } });
}
let current = '';
const token = () => (current ||= fake.issueTokenPair().access_token);
beforeEach(() => {
  current = '';
});

const pdf = (bytes: number) => Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(Math.max(0, bytes - 9), 0x20)]);

describe('sending through Zalo', () => {
  test('a long text arrives whole in pieces of at most 2000 characters, the buttons under the last', async () => {
    const text = Array.from({ length: 60 }, (_, i) => `Dòng ${i + 1}: ${'nội dung '.repeat(6).trim()}`).join('\n');
    await gateway().send(lan.id, { kind: 'text', text, buttons: [[{ text: 'Tham dự', data: 'rsvp:1:y' }]] });
    const sent = fake.sent(lan.id);
    expect(sent.length).toBeGreaterThan(1);
    expect(sent.map((m) => m.text).join('\n')).toBe(text);
    expect(sent.at(-1)!.buttons).toEqual([{ title: 'Tham dự', type: 'oa.query.hide', payload: 'rsvp:1:y' }]);
  });

  test('a document is uploaded once and sent by its token; the token is handed back for the next recipients', async () => {
    const g = gateway();
    const first = await g.send(lan.id, {
      kind: 'document',
      caption: 'Tài liệu tháng 12',
      file: { upload: pdf(2048), fileName: 'tai-lieu.pdf' },
    });
    expect(fake.uploads).toHaveLength(1);
    expect(first.fileId).toBe(fake.uploads[0]!.id);
    const binh = fake.user('Bình');
    fake.setLastInteraction(binh.id, Date.now());
    await g.send(binh.id, { kind: 'document', caption: 'Tài liệu tháng 12', file: { fileId: first.fileId! } });
    expect(fake.uploads).toHaveLength(1);
    expect(fake.sent(binh.id).map((m) => m.kind)).toEqual(['file', 'text']);
  });

  test('a photo goes through the image upload and arrives as an image', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(100)]);
    const r = await gateway().send(lan.id, { kind: 'document', file: { upload: png, fileName: 'anh.png' } });
    expect(fake.uploads.map((u) => u.kind)).toEqual(['image']);
    expect(r.fileId).toBe(`image:${fake.uploads[0]!.id}`);
    expect(fake.sent(lan.id).map((m) => m.kind)).toEqual(['media']);
  });

  test('its limits are told to the outbox: 5 MB documents, a 7-day reply window', () => {
    expect(gateway()).toMatchObject({ maxDocumentBytes: ZALO_MAX_FILE_BYTES, replyWindowMs: 7 * 86_400_000 });
  });

  test("the phone request is Zalo's share-info card after the text", async () => {
    await gateway().send(lan.id, { kind: 'text', text: 'Xin chia sẻ số điện thoại', requestContact: { buttonText: 'Chia sẻ' } });
    expect(fake.sent(lan.id).map((m) => m.kind)).toEqual(['text', 'request_user_info']);
  });
});

describe('what Zalo refuses', () => {
  test('someone silent for more than 7 days: outside_window, so the outbox holds the message', async () => {
    fake.setLastInteraction(lan.id, Date.now() - 8 * 86_400_000);
    const err = await gateway()
      .send(lan.id, { kind: 'text', text: 'Nhắc lịch' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ kind: 'outside_window', details: { platform: 'zalo', providerCode: -230 } });
  });

  test('the per-minute limit (-32) pauses every sender for the minute and says to wait', async () => {
    fake.rateLimitPerMinute(1);
    const g = gateway();
    await g.send(lan.id, { kind: 'text', text: 'một' });
    const err = await g.send(lan.id, { kind: 'text', text: 'hai' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'rate_limited', details: { providerCode: -32, retryAfterSec: 60 } });
    expect(pauses).toEqual([60_000]);
  });

  test('an upload token past its 7 days asks for a new upload', async () => {
    const g = gateway();
    const { fileId } = await g.send(lan.id, { kind: 'document', file: { upload: pdf(1024), fileName: 'a.pdf' } });
    fake.expireUploads();
    const err = await g.send(lan.id, { kind: 'document', file: { fileId: fileId! } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ details: { reupload: true, providerCode: -100 } });
  });

  test('a file a member sent is read from its URL, as Zalo hands it over', async () => {
    const url = fake.hostFile(pdf(3000), 'bao-cao.pdf');
    expect((await gateway().download!(url)).length).toBe(3000);
  });
});

describe('a message of several parts', () => {
  test('when Zalo refuses the caption after the file (-32), only the caption is sent again after the minute', async () => {
    let now = Date.now();
    const slow = await startFakeZalo({ now: () => now });
    try {
      const access = slow.issueTokenPair().access_token;
      const user = slow.user('Lan');
      slow.setLastInteraction(user.id, now);
      slow.rateLimitPerMinute(2); // the upload and the file; the caption is the third call
      // The shared pause: waiting it out moves the fake's minute on.
      const throttle = {
        pace: async () => {},
        pauseFor: async (ms: number) => {
          now += ms;
        },
      };
      const client = createZaloClient({ apiRoot: slow.apiRoot, accessToken: async () => access });
      const g = createZaloGateway({ client, logger, throttle });
      await g.send(user.id, {
        kind: 'document',
        caption: 'Tài liệu tháng 12',
        file: { upload: pdf(1024), fileName: 'tl.pdf' },
        buttons: [[{ text: 'Đã nhận', data: 'mack:1' }]],
      });
      expect(slow.rateLimited).toBe(1);
      expect(slow.sent(user.id).map((m) => m.kind)).toEqual(['file', 'buttons']);
    } finally {
      await slow.close();
    }
  });
});
