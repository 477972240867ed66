import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createZaloClient } from './zalo.client.js';
import { ZaloError } from './zalo.errors.js';

// A few canned answers only; the wire-level tests run later against test/fakes/zalo.
type Seen = { url: string; token: string | undefined; body: string; contentType: string | undefined };
const seen: Seen[] = [];
let server: Server;
let root = '';

const read = (req: IncomingMessage) =>
  new Promise<string>((r) => {
    let s = '';
    req.setEncoding('latin1');
    req.on('data', (c: string) => (s += c));
    req.on('end', () => r(s));
  });

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = await read(req);
    const token = req.headers['access_token'] as string | undefined;
    seen.push({ url: req.url ?? '', token, body, contentType: req.headers['content-type'] });
    res.setHeader('content-type', 'application/json');
    if (token !== 'fresh') return res.end('{"error":-216,"message":"Access token is invalid"}');
    if (req.url?.startsWith('/v3.0/oa/message/cs'))
      return res.end('{"error":0,"message":"Success","data":{"message_id":"a1b2","user_id":"2468458835296197922"}}');
    if (req.url?.startsWith('/v2.0/oa/upload/file')) return res.end('{"error":0,"message":"Success","data":{"token":"TOK"}}');
    if (req.url?.startsWith('/v3.0/oa/user/detail'))
      return res.end('{"error":0,"message":"Success","data":{"user_id":9223372036854775807,"display_name":"A","user_is_follower":true}}');
    res.statusCode = 503;
    res.end('busy');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  root = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('the Zalo OA client', () => {
  test('an expired token is refreshed once and the send retried once, with the token in the access_token header', async () => {
    seen.length = 0;
    const refreshed: string[] = [];
    const client = createZaloClient({
      apiRoot: root,
      accessToken: async () => 'stale',
      refreshAccessToken: async (old) => {
        refreshed.push(old);
        return 'fresh';
      },
    });
    const body = { recipient: { user_id: '2468458835296197922' }, message: { text: 'Chào' } };
    await expect(client.sendMessage(body)).resolves.toEqual({ messageId: 'a1b2' });
    expect(refreshed).toEqual(['stale']);
    expect(seen.map((s) => [s.url, s.token])).toEqual([
      ['/v3.0/oa/message/cs', 'stale'],
      ['/v3.0/oa/message/cs', 'fresh'],
    ]);
    expect(JSON.parse(Buffer.from(seen[1]!.body, 'latin1').toString('utf8'))).toEqual(body);
  });

  test('a token still refused after the refresh is an error naming the code, never the token', async () => {
    const client = createZaloClient({
      apiRoot: root,
      accessToken: async () => 'secret-stale',
      refreshAccessToken: async () => 'secret-also-bad',
    });
    const err = await client.sendMessage({ recipient: { user_id: '1' }, message: { text: 'x' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZaloError);
    expect(err).toMatchObject({ kind: 'unauthorized', details: { providerCode: -216, refresh: true } });
    expect(JSON.stringify(err) + String(err)).not.toMatch(/secret/);
  });

  test('a file is uploaded as multipart field "file" and its token returned', async () => {
    seen.length = 0;
    const client = createZaloClient({ apiRoot: root, accessToken: async () => 'fresh' });
    await expect(client.uploadFile(Buffer.from('%PDF-1.4'), 'bien-ban.pdf')).resolves.toBe('TOK');
    expect(seen[0]!.contentType).toMatch(/^multipart\/form-data/);
    expect(seen[0]!.body).toMatch(/name="file"; filename="bien-ban.pdf"/);
  });

  test('user detail asks with a JSON data parameter and keeps a 19-digit id exact', async () => {
    seen.length = 0;
    const client = createZaloClient({ apiRoot: root, accessToken: async () => 'fresh' });
    await expect(client.userDetail('9223372036854775807')).resolves.toMatchObject({
      userId: '9223372036854775807',
      displayName: 'A',
      isFollower: true,
    });
    expect(decodeURIComponent(seen[0]!.url)).toBe('/v3.0/oa/user/detail?data={"user_id":"9223372036854775807"}');
  });
});
