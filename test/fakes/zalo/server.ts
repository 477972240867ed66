// The HTTP side, on node:http only. Two listeners: one stands for https://openapi.zalo.me/ and
// one for https://oauth.zaloapp.com/ (separate hosts in reality, so separate ports here).
// Zalo answers API errors with HTTP 200 and a non-zero `error`; only unknown paths get a 404.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleApi, type ApiOut } from './api.js';
import { parseForm, readBody } from './multipart.js';
import { exchangeToken } from './oauth.js';
import type { FakeZaloState } from './state.js';
import { ZaloApiError } from './types.js';

function reply(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.writableEnded) return;
  const body = JSON.stringify(payload);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function route(req: IncomingMessage): { url: URL; path: string } {
  const url = new URL(req.url ?? '/', 'http://fake.invalid');
  return { url, path: decodeURIComponent(url.pathname).replace(/^\/+/, '') };
}

async function handleApiRequest(state: FakeZaloState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { url, path } = route(req);
  const body = await readBody(req);
  const method = req.method ?? 'GET';
  // Zalo's CDN (f1.zdn.vn …) stands here: public, no token, not an API call.
  if (method === 'GET' && path.startsWith('fake-cdn/')) {
    const file = state.hosted.get(path.slice('fake-cdn/'.length));
    if (!file) return reply(res, 404, { error: 404, message: 'Not Found' });
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.length });
    return void res.end(file);
  }
  if (state.apiDelayMs > 0) await new Promise((r) => setTimeout(r, state.apiDelayMs));
  const out: ApiOut = { headers: {}, params: {} };
  const at = state.now();
  try {
    const result = handleApi(state, { method, path, headers: req.headers, query: url.searchParams, body }, out);
    state.record({ method, path, params: out.params, at });
    reply(res, 200, result, out.headers);
  } catch (err) {
    if (!(err instanceof ZaloApiError)) throw err;
    state.record({ method, path, params: out.params, at, error: err.body });
    reply(res, 200, err.body, out.headers);
  }
}

async function handleOAuthRequest(state: FakeZaloState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { path } = route(req);
  const body = await readBody(req);
  const method = req.method ?? 'GET';
  if (method !== 'POST' || path !== 'v4/oa/access_token') {
    return reply(res, 404, { error: 404, message: 'Not Found' });
  }
  // Form-encoded per the docs; the fake reads the form whatever the content-type says.
  const form = parseForm(body);
  const at = state.now();
  try {
    const pair = exchangeToken(state, req.headers, form);
    state.record({ method, path, params: form, at });
    reply(res, 200, pair);
  } catch (err) {
    if (!(err instanceof ZaloApiError)) throw err;
    state.record({ method, path, params: form, at, error: err.body });
    reply(res, 200, err.body);
  }
}

type Handler = (state: FakeZaloState, req: IncomingMessage, res: ServerResponse) => Promise<void>;

async function listenOne(state: FakeZaloState, handler: Handler): Promise<{ server: Server; root: string }> {
  const server = createServer((req, res) => {
    handler(state, req, res).catch((err: unknown) => {
      // A bug in the fake itself: surface it loudly.
      console.error('fake Zalo: internal error', err);
      reply(res, 500, { error: -500, message: `fake Zalo internal error: ${String(err)}` });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, root: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

export async function listen(state: FakeZaloState): Promise<{ servers: Server[]; apiRoot: string; oauthRoot: string }> {
  const api = await listenOne(state, handleApiRequest);
  const oauth = await listenOne(state, handleOAuthRequest);
  return { servers: [api.server, oauth.server], apiRoot: api.root, oauthRoot: oauth.root };
}
