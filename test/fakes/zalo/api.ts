// The OA Open API routes (apiRoot = https://openapi.zalo.me/): token check, the per-minute rate
// limit, /v3.0/oa/message/cs, uploads, user detail / list, OA info and quota.
//
// Uncertain points and the fake's choices:
// - Rate limit: one sliding 60 s window per app over all OA API calls (the documented 4,000/min
//   app limit, default; `rateLimitPerMinute(null)` disables it). Checked AFTER the token check;
//   refused calls do not use budget. Answers -32 "Your application reached limit call api" and
//   always sends X-RateLimit-Limit / X-RateLimit-Remain ([P], zalo.md §1.1, §7 #9).
// - 7-day window: a user with NO recorded interaction is outside it (-230). -232 is never used.
// - Success body: {error:0, message:'Success', data:{message_id, user_id, quota}}; the quota
//   object follows the [P] shape; quota_type 'reply' within 48 h, 'sub_quota' from 48 h to 7 d.
//   The GOCLAW fixture's `recipient_id` is not sent.
// - Uploads: a filename without an extension, or a type outside the list (file: PDF/DOC/DOCX;
//   image: JPG/PNG; gif: GIF), gets {error:0, message:'Success', data:{}} — "silently returns
//   empty data" (GOCLAW/SPEC). Over the size cap: -210. Missing `file` part: -201.
import type { IncomingHttpHeaders } from 'node:http';
import { messageId, opaqueToken } from './ids.js';
import { validateCs } from './messages.js';
import { parseMultipart } from './multipart.js';
import { checkAccessToken } from './oauth.js';
import { CS_WINDOW_MS, FREE_WINDOW_MS, type FakeZaloState } from './state.js';
import { oaError, type UploadKind } from './types.js';

export type ApiRequest = { method: string; path: string; headers: IncomingHttpHeaders; query: URLSearchParams; body: Buffer };
/** Filled in while handling, so the server can record params and send headers even on errors. */
export type ApiOut = { headers: Record<string, string>; params: Record<string, unknown> };

const MB = 1024 * 1024;
const UPLOAD_RULES: Record<UploadKind, { max: number; types: Record<string, string> }> = {
  image: { max: 1 * MB, types: { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png' } },
  file: {
    max: 5 * MB,
    types: {
      pdf: 'application/pdf',
      doc: 'application/msword',
      docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    },
  },
  gif: { max: 5 * MB, types: { gif: 'image/gif' } },
};

function admitRate(state: FakeZaloState, headers: Record<string, string>): void {
  const limit = state.rateLimitPerMinute;
  if (limit === null) return;
  const now = state.now();
  while (state.rateWindow.length > 0 && state.rateWindow[0]! <= now - 60_000) state.rateWindow.shift();
  headers['X-RateLimit-Limit'] = String(limit);
  if (state.rateWindow.length >= limit) {
    headers['X-RateLimit-Remain'] = '0';
    state.counters.rateLimited++;
    throw oaError(-32, 'Your application reached limit call api');
  }
  state.rateWindow.push(now);
  headers['X-RateLimit-Remain'] = String(limit - state.rateWindow.length);
}

function jsonBody(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw oaError(-201, 'body is invalid!');
  }
}

function dataParam(query: URLSearchParams): Record<string, unknown> {
  const raw = query.get('data');
  if (raw === null) return {};
  try {
    const v = JSON.parse(raw) as unknown;
    if (typeof v === 'object' && v !== null) return v as Record<string, unknown>;
  } catch {
    /* fall through */
  }
  throw oaError(-201, 'data is invalid!');
}

const ok = (data: unknown) => ({ error: 0, message: 'Success', data });

function sendCs(state: FakeZaloState, params: Record<string, unknown>): unknown {
  const v = validateCs(state, params);
  const last = state.lastInteraction.get(v.userId);
  const now = state.now();
  if (last === undefined || now - last > CS_WINDOW_MS) {
    throw oaError(-230, 'User has not interacted with the OA in the past 7 days');
  }
  const id = messageId();
  state.sent.push({
    message_id: id,
    user_id: v.userId,
    kind: v.kind,
    ...(v.text !== undefined && { text: v.text }),
    ...(v.buttons && { buttons: v.buttons }),
    message: v.message,
    at: now,
  });
  const free = now - last <= FREE_WINDOW_MS;
  const quota = {
    quota_type: free ? 'reply' : 'sub_quota',
    remain: free ? '8' : '1999',
    total: free ? '8' : '2000',
    expired_date: new Date(last + (free ? FREE_WINDOW_MS : CS_WINDOW_MS)).toISOString().slice(0, 10),
    owner_type: 'OA',
    owner_id: state.oaId,
  };
  return ok({ message_id: id, user_id: v.userId, quota });
}

function upload(state: FakeZaloState, kind: UploadKind, req: ApiRequest, params: Record<string, unknown>): unknown {
  const parts = parseMultipart(req.headers['content-type'], req.body);
  const file = parts?.find((p) => p.name === 'file' && p.filename !== undefined);
  if (!file) throw oaError(-201, 'file is invalid!');
  const filename = file.filename ?? '';
  params.file = { filename, size: file.data.length, mimeType: file.contentType };
  const rule = UPLOAD_RULES[kind];
  const ext = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase();
  const mimeType = ext === undefined ? undefined : rule.types[ext];
  if (mimeType === undefined) return ok({});
  if (file.data.length > rule.max) throw oaError(-210, 'Parameter exceeds allowable limit');
  const id = kind === 'file' ? opaqueToken('', 36) : messageId() + messageId();
  state.uploads.push({ kind, id, filename, mimeType, size: file.data.length, data: file.data, at: state.now(), expired: false });
  return ok(kind === 'file' ? { token: id } : { attachment_id: id });
}

function ddmmyyyy(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()}`;
}

function userDetail(state: FakeZaloState, params: Record<string, unknown>): unknown {
  const u = typeof params.user_id === 'string' ? state.users.get(params.user_id) : undefined;
  if (!u) throw oaError(-201, 'user_id is invalid!');
  const last = state.lastInteraction.get(u.id);
  return ok({
    user_id: u.id,
    user_id_by_app: u.idByApp,
    user_external_id: '',
    display_name: u.displayName,
    user_alias: '',
    is_sensitive: false,
    user_last_interaction_date: last === undefined ? '' : ddmmyyyy(last),
    user_is_follower: true,
    avatar: u.avatar,
    avatars: { '120': u.avatar, '240': u.avatar },
    tags_and_notes_info: { notes: [], tag_names: [] },
  });
}

export function handleApi(state: FakeZaloState, req: ApiRequest, out: ApiOut): unknown {
  const { headers, params } = out;
  if (req.method === 'GET') Object.assign(params, dataParam(req.query));
  const isJson = (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json');
  if (isJson && req.body.length > 0) {
    try {
      Object.assign(params, JSON.parse(req.body.toString('utf8')));
    } catch {
      /* recorded as-is below; the route answers -201 */
    }
  }
  const route = `${req.method} ${req.path}`;
  checkAccessToken(state, req.headers);
  admitRate(state, headers);
  const json = (): Record<string, unknown> => Object.assign(params, jsonBody(req.body));
  let body: unknown;
  switch (route) {
    case 'POST v3.0/oa/message/cs':
      body = sendCs(state, json());
      break;
    case 'POST v2.0/oa/upload/file':
      body = upload(state, 'file', req, params);
      break;
    case 'POST v2.0/oa/upload/image':
      body = upload(state, 'image', req, params);
      break;
    case 'POST v2.0/oa/upload/gif':
      body = upload(state, 'gif', req, params);
      break;
    case 'GET v3.0/oa/user/detail':
      body = userDetail(state, params);
      break;
    case 'GET v3.0/oa/user/getlist': {
      const users = [...state.users.keys()].map((user_id) => ({ user_id }));
      const offset = Number(params.offset ?? 0);
      const count = Math.min(Number(params.count ?? 50), 50);
      body = ok({ total: users.length, count, offset, users: users.slice(offset, offset + count) });
      break;
    }
    case 'GET v2.0/oa/getoa':
      body = ok({ oa_id: state.oaId, name: 'Chi bộ (fake OA)', description: '', avatar: '', cover: '', is_verified: true });
      break;
    case 'POST v3.0/oa/quota/message': {
      const p = json();
      const last = typeof p.user_id === 'string' ? state.lastInteraction.get(p.user_id) : undefined;
      body = ok({ last_interaction: last === undefined ? '' : String(last), cs_reply: { remain: 8, total: 8 } });
      break;
    }
    case 'POST v2.0/oa/message':
      throw oaError(-240, 'MessageV2 API has been shut down');
    default:
      throw oaError(-209, 'Not supported this api');
  }
  return body;
}
