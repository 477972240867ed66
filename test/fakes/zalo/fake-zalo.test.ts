// Drives the fake Zalo OA server over plain fetch, to pin down the wire format it speaks.
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pkceChallenge, startFakeZalo, type FakeZalo, type FakeZaloUser } from './index.js';

let fake: FakeZalo;
let token: string;
let lan: FakeZaloUser;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests index freely into wire JSON
type Json = Record<string, any>;

async function oauth(form: Record<string, string>, secret = fake.appSecret): Promise<Json> {
  const res = await fetch(`${fake.oauthRoot}v4/oa/access_token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', secret_key: secret },
    body: new URLSearchParams({ app_id: fake.appId, ...form }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Json;
}

async function send(body: unknown, accessToken = token): Promise<Json> {
  const res = await fetch(`${fake.apiRoot}v3.0/oa/message/cs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', access_token: accessToken },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200); // errors too come back as HTTP 200
  return (await res.json()) as Json;
}

const text = (user: FakeZaloUser, t: string) => ({ recipient: { user_id: user.id }, message: { text: t } });

beforeEach(async () => {
  fake = await startFakeZalo();
  token = fake.issueTokenPair().access_token;
  lan = fake.user('Nguyễn Thị Lan');
  fake.setLastInteraction(lan.id, new Date());
});
afterEach(async () => {
  await fake.close();
});

describe('OAuth v4', () => {
  it('exchanges a code (with PKCE) and rotates single-use refresh tokens', async () => {
    const verifier = 'v'.repeat(43);
    const code = fake.issueAuthorizationCode({ codeChallenge: pkceChallenge(verifier) });
    const pair = await oauth({ grant_type: 'authorization_code', code, code_verifier: verifier });
    expect(pair).toEqual({ access_token: expect.any(String), refresh_token: expect.any(String), expires_in: '90000' });
    expect((await oauth({ grant_type: 'authorization_code', code, code_verifier: verifier })).error).toBe(-118); // single use

    const next = await oauth({ grant_type: 'refresh_token', refresh_token: pair.refresh_token });
    expect(next.refresh_token).not.toBe(pair.refresh_token);
    const reused = await oauth({ grant_type: 'refresh_token', refresh_token: pair.refresh_token });
    expect(reused).toMatchObject({ error: -14014, error_name: expect.any(String) });
    expect(reused.access_token).toBeUndefined();
    expect(fake.refreshCalls).toBe(2);
    expect((await send(text(lan, 'hi'), next.access_token)).error).toBe(0);
    expect((await oauth({ grant_type: 'refresh_token', refresh_token: next.refresh_token }, 'wrong')).error).not.toBe(0);
  });

  it('answers -216 for an expired or unknown token, -220 when so configured or revoked', async () => {
    expect(await send(text(lan, 'x'), 'nope')).toEqual({ error: -216, message: 'Access token is invalid' });
    fake.expireAccessTokens();
    expect((await send(text(lan, 'x'))).error).toBe(-216);
    fake.expiredTokenError = -220;
    expect(await send(text(lan, 'x'))).toEqual({ error: -220, message: 'access_token is expired or removed' });
    expect(fake.calls.at(-1)).toMatchObject({ method: 'POST', path: 'v3.0/oa/message/cs', error: { error: -220 } });
    fake.accessTokenTtlSeconds = 1;
    expect(fake.issueTokenPair().expires_in).toBe('1');
  });
});

describe('POST v3.0/oa/message/cs', () => {
  it('sends text and text with buttons, with string ids and a quota object', async () => {
    const r = await send(text(lan, 'Chào đồng chí'));
    expect(r).toMatchObject({ error: 0, message: 'Success', data: { user_id: lan.id, quota: { owner_id: fake.oaId } } });
    expect(r.data.message_id).toMatch(/^[0-9a-f]{20}$/);
    expect(lan.id).toMatch(/^\d{18,19}$/);
    const buttons = [
      { title: 'Có mặt', type: 'oa.query.hide', payload: '#rsvp:yes' },
      { title: 'Vắng', type: 'oa.query.show', payload: '#rsvp:no' },
      { title: 'Web', type: 'oa.open.url', payload: { url: 'https://example.com' } },
    ];
    const body = {
      recipient: { user_id: lan.id },
      message: { text: 'Họp tối nay?', attachment: { type: 'template', payload: { buttons } } },
    };
    expect((await send(body)).error).toBe(0);
    expect(fake.sent(lan.id).map((s) => [s.kind, s.text])).toEqual([
      ['text', 'Chào đồng chí'],
      ['buttons', 'Họp tối nay?'],
    ]);
    expect(fake.sent(lan.id)[1]!.buttons).toEqual(buttons);
    const six = { ...body, message: { ...body.message, attachment: { type: 'template', payload: { buttons: [...buttons, ...buttons] } } } };
    expect((await send(six)).error).toBe(-210);
  });

  it('refuses text over 2000 characters, bad ids and unknown users', async () => {
    expect((await send(text(lan, 'đ'.repeat(2000)))).error).toBe(0);
    expect(await send(text(lan, 'x'.repeat(2001)))).toEqual({ error: -210, message: 'Parameter exceeds allowable limit' });
    expect((await send({ recipient: { user_id: Number(lan.id) }, message: { text: 'x' } })).error).toBe(-201);
    expect((await send(text({ ...lan, id: '1234567890123456789' }, 'x'))).error).toBe(-201);
    expect(fake.sent()).toHaveLength(1);
  });

  it('answers -230 outside the 7-day window and succeeds once the user interacts', async () => {
    fake.setLastInteraction(lan.id, Date.now() - 8 * 24 * 3600_000);
    expect((await send(text(lan, 'x'))).error).toBe(-230);
    const { server, url } = await receiver(() => 200);
    fake.setWebhook(url);
    expect((await fake.deliver(fake.userSendText(lan, 'alo'))).delivered).toBe(true);
    expect((await send(text(lan, 'x'))).error).toBe(0);
    server.close();
  });

  it('answers -32 past the per-minute limit, with X-RateLimit headers', async () => {
    fake.rateLimitPerMinute(2);
    expect((await send(text(lan, '1'))).error).toBe(0);
    expect((await send(text(lan, '2'))).error).toBe(0);
    const res = await fetch(`${fake.apiRoot}v3.0/oa/message/cs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', access_token: token },
      body: JSON.stringify(text(lan, '3')),
    });
    expect(((await res.json()) as Json).error).toBe(-32);
    expect([res.headers.get('x-ratelimit-limit'), res.headers.get('x-ratelimit-remain')]).toEqual(['2', '0']);
    expect(fake.rateLimited).toBe(1);
    fake.rateLimitPerMinute(null);
    expect((await send(text(lan, '4'))).error).toBe(0);
  });

  it('uploads a PDF (token) and sends it as a file; refuses > 5 MB', async () => {
    const upload = async (name: string, size: number): Promise<Json> => {
      const form = new FormData();
      form.append('file', new Blob([Buffer.alloc(size, 1)], { type: 'application/pdf' }), name);
      const res = await fetch(`${fake.apiRoot}v2.0/oa/upload/file`, { method: 'POST', headers: { access_token: token }, body: form });
      return (await res.json()) as Json;
    };
    const up = await upload('bien-ban.pdf', 2048);
    expect(up).toMatchObject({ error: 0, message: 'Success', data: { token: expect.any(String) } });
    expect(fake.uploads[0]).toMatchObject({ kind: 'file', filename: 'bien-ban.pdf', size: 2048 });
    expect((await upload('big.pdf', 5 * 1024 * 1024 + 1)).error).toBe(-210);
    expect((await upload('noext', 10)).data).toEqual({});
    const file = { recipient: { user_id: lan.id }, message: { attachment: { type: 'file', payload: { token: up.data.token } } } };
    expect((await send(file)).error).toBe(0);
    expect((await send({ ...file, message: { attachment: { type: 'file', payload: { token: 'bogus' } } } })).error).toBe(-201);
  });

  it('reads a user profile with a JSON data query param', async () => {
    const q = encodeURIComponent(JSON.stringify({ user_id: lan.id }));
    const res = await fetch(`${fake.apiRoot}v3.0/oa/user/detail?data=${q}`, { headers: { access_token: token } });
    expect(await res.json()).toMatchObject({ error: 0, data: { user_id: lan.id, display_name: 'Nguyễn Thị Lan' } });
  });
});

type Received = { headers: IncomingHttpHeaders; raw: string };

async function receiver(answer: (n: number) => number | 'hang'): Promise<{ server: Server; url: string; got: Received[] }> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') });
      const a = answer(got.length);
      if (a !== 'hang') res.writeHead(a).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  server.unref();
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/zalo`, got };
}

describe('webhook delivery', () => {
  it('signs with mac=sha256(app_id + raw body + timestamp + OA secret key)', async () => {
    const { server, url, got } = await receiver(() => 200);
    fake.setWebhook(url);
    const r = await fake.deliver(fake.userSendText(lan, 'Chào'));
    expect(r).toMatchObject({ delivered: true, status: 200 });
    const { raw, headers } = got[0]!;
    const body = JSON.parse(raw) as Json;
    expect(body).toMatchObject({
      event_name: 'user_send_text',
      app_id: fake.appId,
      sender: { id: lan.id },
      recipient: { id: fake.oaId },
      user_id_by_app: lan.idByApp,
      message: { text: 'Chào' },
    });
    expect(body.timestamp).toMatch(/^\d{13}$/);
    const mac = createHash('sha256')
      .update(fake.appId + raw + body.timestamp + fake.oaSecretKey)
      .digest('hex');
    expect(headers['x-zevent-signature']).toBe(`mac=${mac}`);
    expect(headers['num_retry']).toBeUndefined();

    await fake.deliver(fake.follow(lan));
    expect(JSON.parse(got[1]!.raw)).toMatchObject({ event_name: 'follow', oa_id: fake.oaId, follower: { id: lan.id } });
    expect((await fake.probe()).status).toBe(200);
    expect(got[2]).toMatchObject({ raw: '{}' });
    expect(got[2]!.headers['x-zevent-signature']).toBeUndefined();
    server.close();
  });

  it('retries on a 500 and on a slow answer, with num_retry', async () => {
    const { server, url, got } = await receiver((n) => (n === 1 ? 500 : n === 2 ? 'hang' : 200));
    fake.setWebhook(url);
    fake.webhookOptions.timeoutMs = 200;
    const r = await fake.deliver(fake.userSendText(lan, 'retry me'));
    expect(r.delivered).toBe(true);
    expect(r.attempts.map((a) => a.status)).toEqual([500, null, 200]);
    expect(r.attempts[1]!.error).toBe('timeout');
    expect(got.map((g) => g.headers['num_retry'])).toEqual([undefined, '1', '2']);
    expect(new Set(got.map((g) => g.raw)).size).toBe(1);
    server.closeAllConnections();
    server.close();
  });
});
