import { createHash, timingSafeEqual } from 'node:crypto';
import { idString, isRecord, parseJsonKeepingBigInts } from './zalo.json.js';

export type ZaloSignatureKeys = {
  appId: string;
  /** The OA Secret Key from the app's webhook settings: the documented signing secret. */
  oaSecretKey: string;
  /** Tried as a fallback only because one spec claims it is the same value (reference §1.6 [U]). */
  appSecret?: string;
};

export type ZaloSignatureInput = {
  /** The body exactly as received: the mac covers these bytes, never a re-serialisation. */
  rawBody: Buffer | string;
  /** The X-ZEvent-Signature header: `mac=<hex>` or bare hex, any case. */
  signature: string | string[] | undefined;
  /** X-ZEvent-Timestamp, when present: some community code signs with it instead of the body's. */
  timestampHeader?: string | string[] | undefined;
};

export type ZaloSignatureResult =
  { ok: true; variant: string } | { ok: false; reason: 'not_configured' | 'no_signature' | 'malformed_signature' | 'mismatch' };

const first = (h: string | string[] | undefined): string | undefined => (Array.isArray(h) ? h[0] : h);

function digestOf(header: string | string[] | undefined): Buffer | null {
  const v = first(header)
    ?.trim()
    .replace(/^mac\s*=\s*/i, '')
    .trim();
  return v && /^[0-9a-f]{64}$/i.test(v) ? Buffer.from(v, 'hex') : null;
}

function bodyFields(raw: Buffer | string): { timestamp: string | null; oaIds: [string, string][] } {
  try {
    const b = parseJsonKeepingBigInts(raw);
    if (!isRecord(b)) return { timestamp: null, oaIds: [] };
    const oaIds: [string, string][] = [];
    const oaId = idString(b.oa_id);
    if (oaId) oaIds.push(['oa_id', oaId]);
    // User events name the OA as the recipient instead of an oa_id field.
    const recipient = isRecord(b.recipient) ? idString(b.recipient.id) : null;
    if (recipient && recipient !== oaId) oaIds.push(['recipient.id', recipient]);
    return { timestamp: idString(b.timestamp), oaIds };
  } catch {
    return { timestamp: null, oaIds: [] };
  }
}

/**
 * Checks X-ZEvent-Signature: mac = sha256(appId + raw body + timestamp + OA secret key), a plain
 * SHA-256 hex digest (not HMAC). The documented form is tried first; the variants the reference
 * reports from community code follow (oa_id first, header timestamp, app secret), and the match
 * is named so the caller can log which one Zalo really uses. Every variant needs a secret.
 */
export function verifyZaloSignature(input: ZaloSignatureInput, keys: ZaloSignatureKeys): ZaloSignatureResult {
  if (!keys.appId || !keys.oaSecretKey) return { ok: false, reason: 'not_configured' };
  if (first(input.signature) === undefined) return { ok: false, reason: 'no_signature' };
  const given = digestOf(input.signature);
  if (!given) return { ok: false, reason: 'malformed_signature' };

  const raw = typeof input.rawBody === 'string' ? Buffer.from(input.rawBody, 'utf8') : input.rawBody;
  const body = bodyFields(raw);
  const heads: [string, string][] = [['app_id', keys.appId], ...body.oaIds];
  const stamps: [string, string][] = [];
  if (body.timestamp) stamps.push(['body.timestamp', body.timestamp]);
  const headerTs = first(input.timestampHeader)?.trim();
  if (headerTs && headerTs !== body.timestamp) stamps.push(['header.timestamp', headerTs]);
  const secrets: [string, string][] = [['oa_secret_key', keys.oaSecretKey]];
  if (keys.appSecret && keys.appSecret !== keys.oaSecretKey) secrets.push(['app_secret', keys.appSecret]);

  for (const [secretName, secret] of secrets) {
    for (const [tsName, ts] of stamps) {
      for (const [headName, head] of heads) {
        const expected = createHash('sha256')
          .update(Buffer.concat([Buffer.from(head, 'utf8'), raw, Buffer.from(ts, 'utf8'), Buffer.from(secret, 'utf8')]))
          .digest();
        if (timingSafeEqual(given, expected)) return { ok: true, variant: `${headName}+raw_body+${tsName}+${secretName}` };
      }
    }
  }
  return { ok: false, reason: 'mismatch' };
}

/**
 * Zalo's URL-save check: an unsigned POST whose body is `{}` that must get a 200 and nothing
 * else. An empty body is treated the same (harmless: a probe changes nothing).
 */
export function isZaloProbe(rawBody: Buffer | string): boolean {
  const s = (typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8')).trim();
  if (s === '') return true;
  try {
    const b: unknown = JSON.parse(s);
    return isRecord(b) && Object.keys(b).length === 0;
  } catch {
    return false;
  }
}
