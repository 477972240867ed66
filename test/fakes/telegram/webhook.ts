// Webhook delivery: POST an update to the registered url the way Telegram does (JSON body and
// the X-Telegram-Bot-Api-Secret-Token header), or a raw body for forged/malformed requests.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { FakeState } from './state.js';
import type { Update } from './types.js';

export type WebhookResponse = { status: number; body: string };

export function postRaw(url: string, body: string, headers: Record<string, string>): Promise<WebhookResponse> {
  const target = new URL(url);
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: 'POST',
        headers: { 'content-length': String(Buffer.byteLength(body)), ...headers },
        // Tests may point the webhook at a self-signed local https server.
        ...(target.protocol === 'https:' && { rejectUnauthorized: false }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The registered url, through the test's reverse proxy when its public base is routed (fake.proxy). */
function registeredUrl(state: FakeState): string {
  if (!state.webhook) throw new Error('fake Telegram: no webhook is set (call setWebhook first)');
  const { url } = state.webhook;
  for (const [base, local] of state.proxies) if (url.startsWith(base)) return local + url.slice(base.length);
  return url;
}

/** Delivers one update; a 2xx answer confirms it (it leaves the pending queue), like Telegram. */
export async function deliver(state: FakeState, update: Update): Promise<WebhookResponse> {
  const url = registeredUrl(state);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const secret = state.webhook?.secret_token;
  if (secret !== undefined) headers['x-telegram-bot-api-secret-token'] = secret;
  const res = await postRaw(url, JSON.stringify(update), headers);
  if (res.status >= 200 && res.status < 300) state.removePending(update.update_id);
  return res;
}

export function deliverRaw(state: FakeState, body: string, headers: Record<string, string>): Promise<WebhookResponse> {
  return postRaw(registeredUrl(state), body, headers);
}
