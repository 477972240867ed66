// Webhook delivery like Zalo's event system (zalo.md §1.6): POST JSON, signed with
// `X-ZEvent-Signature: mac=<sha256 hex of appId + rawBody + timestamp + oaSecretKey>` (a plain
// SHA-256, not an HMAC), retried on a non-2xx answer, a network error or no answer within 2 s.
//
// Uncertain points and the fake's choices:
// - Signature variants (zalo.md §7 #1): 'primary' by default; `signatureVariant` picks another.
// - Retries (zalo.md §7 #2): 1 attempt + `retryDelaysMs.length` retries (default 3, delays
//   compressed to 20/40/80 ms instead of 30 s → 5 m → …); retries carry a `num_retry: <n>` header
//   (1, 2, …), the first attempt none. Every attempt is signed identically (same raw body). A slow
//   attempt is aborted at the timeout (the connection is destroyed) and counted as failed.
// - The fake never disables the webhook after the ladder; `deliver` just reports delivered=false.
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { interactingUser } from './events.js';
import type { FakeZaloState, SignatureVariant } from './state.js';

export type WebhookAttempt = {
  status: number | null;
  body: string;
  error?: 'timeout' | 'network';
  headers: Record<string, string>;
  ms: number;
};
export type DeliveryResult = { delivered: boolean; status: number | null; body: string; attempts: WebhookAttempt[] };

/** mac = sha256(first + raw + timestamp + secret), hex (the documented formula). */
export function zaloMac(first: string, raw: string, timestamp: string, secret: string): string {
  return createHash('sha256')
    .update(first + raw + timestamp, 'utf8')
    .update(secret, 'utf8')
    .digest('hex');
}

export function signatureHeaders(state: FakeZaloState, raw: string, variant: SignatureVariant): Record<string, string> {
  let timestamp = '';
  try {
    const t = (JSON.parse(raw) as { timestamp?: unknown }).timestamp;
    timestamp = t === undefined ? '' : String(t);
  } catch {
    /* unsigned-looking garbage still gets a header */
  }
  const headers: Record<string, string> = {};
  let first = state.appId;
  let secret = state.oaSecretKey;
  if (variant === 'oa-id') first = state.oaId;
  if (variant === 'app-secret') secret = state.appSecret;
  if (variant === 'header-timestamp') {
    timestamp = String(Number(timestamp || state.now()) + 1); // differs from the body's on purpose
    headers['X-ZEvent-Timestamp'] = timestamp;
  }
  const mac = zaloMac(first, raw, timestamp, secret);
  headers['X-ZEvent-Signature'] = variant === 'no-prefix' ? mac : `mac=${mac}`;
  return headers;
}

export function postOnce(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<WebhookAttempt> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : request;
  const started = Date.now();
  const all = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers };
  return new Promise((resolve) => {
    let settled = false;
    const done = (a: Omit<WebhookAttempt, 'headers' | 'ms'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...a, headers: all, ms: Date.now() - started });
    };
    const req = send(
      target,
      { method: 'POST', headers: all, ...(target.protocol === 'https:' && { rejectUnauthorized: false }) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', () => done({ status: null, body: '', error: 'network' }));
      },
    );
    const timer = setTimeout(() => {
      done({ status: null, body: '', error: 'timeout' });
      req.destroy();
    }, timeoutMs);
    req.on('error', () => done({ status: null, body: '', error: 'network' }));
    req.end(body);
  });
}

function registeredUrl(state: FakeZaloState): string {
  if (!state.webhookUrl) throw new Error('fake Zalo: no webhook URL is set (call setWebhook first)');
  return state.webhookUrl;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Signs and delivers one event, with retries. A user event counts as an interaction at once. */
export async function deliver(state: FakeZaloState, event: Record<string, unknown>): Promise<DeliveryResult> {
  const url = registeredUrl(state);
  const userId = interactingUser(event);
  if (userId !== undefined) {
    // A hand-built event for an id the fake never saw makes that user known (sends to it work).
    if (!state.users.has(userId)) {
      const idByApp = typeof event.user_id_by_app === 'string' ? event.user_id_by_app : userId;
      state.addUser({ id: userId, idByApp, displayName: 'Người dùng Zalo', avatar: '' });
    }
    state.interact(userId, Number(event.timestamp ?? state.now()) || state.now());
  }
  const raw = JSON.stringify(event);
  const signed = signatureHeaders(state, raw, state.signatureVariant);
  const attempts: WebhookAttempt[] = [];
  const delays = state.webhook.retryDelaysMs;
  for (let i = 0; i <= delays.length; i++) {
    if (i > 0) await sleep(delays[i - 1]!);
    const headers = i === 0 ? signed : { ...signed, num_retry: String(i) };
    const a = await postOnce(url, raw, headers, state.webhook.timeoutMs);
    attempts.push(a);
    if (a.status !== null && a.status >= 200 && a.status < 300) break;
  }
  const last = attempts[attempts.length - 1]!;
  const delivered = last.status !== null && last.status >= 200 && last.status < 300;
  return { delivered, status: last.status, body: last.body, attempts };
}

/** One unsigned/forged POST, no retries (e.g. the `{}` URL-save probe). */
export function deliverRaw(state: FakeZaloState, body: string, headers: Record<string, string> = {}): Promise<WebhookAttempt> {
  return postOnce(registeredUrl(state), body, headers, state.webhook.timeoutMs);
}
