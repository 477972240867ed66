// Event shapes, signature variants, forged deliveries and the richer message templates.
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeZalo, zaloMac, type FakeZalo, type FakeZaloUser } from './index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests index freely into wire JSON
type Json = Record<string, any>;
let fake: FakeZalo;
let token: string;
let minh: FakeZaloUser;
let server: Server;
const got: { headers: IncomingHttpHeaders; raw: string }[] = [];

beforeEach(async () => {
  fake = await startFakeZalo({
    appId: '840285093686170967',
    oaId: '1945001651380238465',
    oaSecretKey: 'oa-secret',
    appSecret: 'app-secret',
  });
  token = fake.issueTokenPair().access_token;
  minh = fake.user('Trần Văn Minh');
  got.length = 0;
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  fake.setWebhook(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
});
afterEach(async () => {
  await fake.close();
  await new Promise((r) => server.close(r));
});

async function api(path: string, init: { body?: unknown; form?: FormData } = {}): Promise<Json> {
  const headers: Record<string, string> = { access_token: token };
  let body: string | FormData | undefined;
  if (init.form) body = init.form;
  else if (init.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.body);
  }
  const res = await fetch(`${fake.apiRoot}${path}`, { method: 'POST', headers, ...(body !== undefined && { body }) });
  return (await res.json()) as Json;
}

describe('event builders', () => {
  it('produce the documented shapes with string ids and ms timestamps', async () => {
    const at = new Date('2026-03-01T08:00:00Z');
    expect(fake.userSendImage(minh, { caption: 'ảnh' }, { at })).toMatchObject({
      event_name: 'user_send_image',
      timestamp: String(at.getTime()),
      sender: { id: minh.id },
      message: {
        text: 'ảnh',
        msg_id: expect.stringMatching(/^[0-9a-f]{20}$/),
        attachments: [{ type: 'image', payload: { url: expect.any(String) } }],
      },
    });
    expect(fake.userSendFile(minh, { name: 'bao-cao.docx', size: 233947 }).message).toMatchObject({
      attachments: [{ type: 'file', payload: { name: 'bao-cao.docx', size: '233947', type: 'docx' } }],
    });
    expect(fake.userSubmitInfo(minh, { phone: '84912345678', name: 'Minh' })).toMatchObject({
      event_name: 'user_submit_info',
      info: { phone: '84912345678', name: 'Minh', full_address: {} },
    });
    expect(fake.oaSendEcho(minh, 'hi')).toMatchObject({
      event_name: 'oa_send_text',
      sender: { id: fake.oaId },
      recipient: { id: minh.id },
    });
    expect(fake.unfollow(minh)).toMatchObject({ event_name: 'unfollow', follower: { id: minh.id } });
    expect(fake.userSendText(minh, 'x', { msgId: 'abc' }).message).toEqual({ text: 'x', msg_id: 'abc' });
  });

  it('only user interactions open the 7-day window', async () => {
    await fake.deliver(fake.oaSendEcho(minh, 'echo'));
    await fake.deliver(fake.unfollow(minh));
    expect(fake.lastInteraction(minh.id)).toBeUndefined();
    const old = Date.now() - 10 * 24 * 3600_000;
    await fake.deliver(fake.follow(minh, { at: old }));
    expect(fake.lastInteraction(minh.id)?.getTime()).toBe(old);
    expect((await api('v3.0/oa/message/cs', { body: { recipient: { user_id: minh.id }, message: { text: 'x' } } })).error).toBe(-230);
    await fake.deliver(fake.userSubmitInfo(minh, { phone: '84912345678', name: 'Minh' }));
    expect((await api('v3.0/oa/message/cs', { body: { recipient: { user_id: minh.id }, message: { text: 'x' } } })).error).toBe(0);
  });
});

describe('signature variants and forged requests', () => {
  it('signs each variant as labelled', async () => {
    const ev = fake.userSendText(minh, 'ký');
    for (const v of ['primary', 'no-prefix', 'oa-id', 'app-secret', 'header-timestamp'] as const) {
      fake.signatureVariant = v;
      await fake.deliver(ev);
    }
    const [primary, noPrefix, oaId, appSecret, headerTs] = got;
    const raw = primary!.raw;
    expect(primary!.headers['x-zevent-signature']).toBe(`mac=${zaloMac(fake.appId, raw, ev.timestamp, 'oa-secret')}`);
    expect(noPrefix!.headers['x-zevent-signature']).toBe(zaloMac(fake.appId, raw, ev.timestamp, 'oa-secret'));
    expect(oaId!.headers['x-zevent-signature']).toBe(`mac=${zaloMac(fake.oaId, raw, ev.timestamp, 'oa-secret')}`);
    expect(appSecret!.headers['x-zevent-signature']).toBe(`mac=${zaloMac(fake.appId, raw, ev.timestamp, 'app-secret')}`);
    const hts = headerTs!.headers['x-zevent-timestamp'] as string;
    expect(hts).not.toBe(ev.timestamp);
    expect(headerTs!.headers['x-zevent-signature']).toBe(`mac=${zaloMac(fake.appId, raw, hts, 'oa-secret')}`);
    expect(zaloMac('a', 'b', 'c', 'd')).toBe(createHash('sha256').update('abcd').digest('hex'));
  });

  it('deliverRaw sends exactly the given body and headers', async () => {
    const a = await fake.deliverRaw('{"event_name":"user_send_text"}', {
      'content-type': 'application/json',
      'X-ZEvent-Signature': 'mac=00',
    });
    expect(a.status).toBe(200);
    expect(got[0]).toMatchObject({ raw: '{"event_name":"user_send_text"}', headers: { 'x-zevent-signature': 'mac=00' } });
  });
});

describe('templates and uploads', () => {
  beforeEach(() => fake.setLastInteraction(minh.id, new Date()));

  it('sends request_user_info and an uploaded image; refuses url + attachment_id and list templates', async () => {
    const info = {
      template_type: 'request_user_info',
      elements: [{ title: 'Chi bộ', subtitle: 'Xin số điện thoại', image_url: 'https://x/y.png' }],
    };
    const rcpt = { user_id: minh.id };
    expect(
      (await api('v3.0/oa/message/cs', { body: { recipient: rcpt, message: { attachment: { type: 'template', payload: info } } } })).error,
    ).toBe(0);
    const form = new FormData();
    form.append('file', new Blob([Buffer.alloc(100)], { type: 'image/png' }), 'a.png');
    const up = await api('v2.0/oa/upload/image', { form });
    expect(up.data.attachment_id).toEqual(expect.any(String));
    const media = (el: Json) => ({
      recipient: rcpt,
      message: { attachment: { type: 'template', payload: { template_type: 'media', elements: [el] } } },
    });
    expect((await api('v3.0/oa/message/cs', { body: media({ media_type: 'image', attachment_id: up.data.attachment_id }) })).error).toBe(0);
    expect(
      (await api('v3.0/oa/message/cs', { body: media({ media_type: 'image', attachment_id: up.data.attachment_id, url: 'https://x' }) }))
        .error,
    ).toBe(-201);
    const list = { recipient: rcpt, message: { attachment: { type: 'template', payload: { template_type: 'list', elements: [] } } } };
    expect((await api('v3.0/oa/message/cs', { body: list })).error).toBe(-233);
    fake.expireUploads();
    expect((await api('v3.0/oa/message/cs', { body: media({ media_type: 'image', attachment_id: up.data.attachment_id }) })).error).toBe(
      -100,
    );
    expect(fake.sent(minh.id).map((s) => s.kind)).toEqual(['request_user_info', 'media']);
  });

  it('refuses a v2 send and an unknown path with the documented codes', async () => {
    expect((await api('v2.0/oa/message', { body: {} })).error).toBe(-240);
    expect((await api('v3.0/oa/nothing', { body: {} })).error).toBe(-209);
  });
});
