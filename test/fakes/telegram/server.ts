// The HTTP side: `/bot<token>/<method>` for API calls and `/file/bot<token>/<file_path>` for file
// downloads, on node:http only.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseRequest, readBody, type ParsedRequest } from './body.js';
import { canonicalMethod, dispatch } from './methods.js';
import type { FakeState } from './state.js';
import { ApiError, type ErrorBody } from './types.js';

const UNAUTHORIZED: ErrorBody = { error_code: 401, description: 'Unauthorized' };
const NOT_FOUND: ErrorBody = { error_code: 404, description: 'Not Found' };

function reply(res: ServerResponse, status: number, payload: unknown): void {
  if (res.destroyed || res.writableEnded) return; // the client gave up (aborted long poll)
  const body = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function replyError(res: ServerResponse, error: ErrorBody): void {
  const c = error.error_code;
  const status = Number.isInteger(c) && c >= 400 && c <= 599 ? c : 400;
  reply(res, status, { ok: false, ...error });
}

function serveFile(state: FakeState, res: ServerResponse, token: string, filePath: string): void {
  const file = token === state.token ? [...state.files.values()].find((f) => f.file_path === filePath) : undefined;
  if (!file) return replyError(res, NOT_FOUND);
  res.writeHead(200, { 'content-type': file.mime_type, 'content-length': file.data.length });
  res.end(file.data);
}

async function handle(state: FakeState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://fake.invalid');
  const path = decodeURIComponent(url.pathname);
  const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(path);
  if (file) return serveFile(state, res, file[1]!, file[2]!);

  const route = /^\/bot([^/]*)\/([^/]*)$/.exec(path);
  if (!route) return replyError(res, NOT_FOUND);
  if (route[1] !== state.token) return replyError(res, UNAUTHORIZED);
  const body = await readBody(req);
  const method = canonicalMethod(route[2]!);
  if (!method) {
    state.record({ method: route[2]!, params: {}, at: Date.now(), error: NOT_FOUND });
    return replyError(res, NOT_FOUND);
  }

  let parsed: ParsedRequest;
  try {
    parsed = parseRequest(req.headers['content-type'], url.searchParams, body);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    state.record({ method, params: {}, at: Date.now(), error: err.body });
    return replyError(res, err.body);
  }
  // telegraf repeats the method name as a multipart field; it is not a parameter.
  if (typeof parsed.params.method === 'string' && parsed.params.method.toLowerCase() === method.toLowerCase()) {
    delete parsed.params.method;
  }

  const clientGone = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) clientGone.abort();
  });
  if (method === 'sendMessage' && state.sendGate) await state.sendGate;
  try {
    const result = await dispatch(method, { state, ...parsed, signal: clientGone.signal });
    reply(res, 200, { ok: true, result });
  } catch (err) {
    if (err instanceof ApiError) return replyError(res, err.body);
    throw err;
  }
}

export async function listen(state: FakeState): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    handle(state, req, res).catch((err: unknown) => {
      // A bug in the fake itself: surface it loudly to the client and on stderr.
      console.error('fake Telegram: internal error', err);
      reply(res, 500, { ok: false, error_code: 500, description: `Internal Server Error: ${String(err)}` });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, port: (server.address() as AddressInfo).port };
}
