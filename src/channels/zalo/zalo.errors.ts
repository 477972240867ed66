import { GatewayError, type GatewayErrorKind } from '../../shared/chat-gateway.js';
import { isRecord } from './zalo.json.js';

export type ZaloErrorKind = GatewayErrorKind;

export type ZaloErrorDetails = {
  method: string;
  providerCode?: number;
  description?: string;
  retryAfterSec?: number;
  /** The access token is invalid or expired: refresh once, then retry once. */
  refresh?: true;
  /** The refresh token is dead (or the OA withdrew consent): admins must re-consent; sends pause. */
  reconsent?: true;
  outsideWindow?: true;
  /** An uploaded attachment id/token expired (7 days): upload the file again. */
  reupload?: true;
  /** Text or file over Zalo's limit: split, or send a document as a link. */
  tooLarge?: true;
};

/** Carries the method and Zalo's code, never the token or the message text. */
export class ZaloError extends Error {
  constructor(
    readonly kind: ZaloErrorKind,
    readonly details: ZaloErrorDetails,
  ) {
    super(
      `zalo.${details.method} failed (${kind}${details.providerCode !== undefined ? ` ${details.providerCode}` : ''}): ${details.description ?? ''}`.trim(),
    );
    this.name = 'ZaloError';
  }
}

type Rule = { kind: ZaloErrorKind; flags?: Omit<ZaloErrorDetails, 'method' | 'providerCode' | 'description'> };
const MINUTE = 60;
const rule = (kind: ZaloErrorKind, flags?: Rule['flags']): Rule => (flags ? { kind, flags } : { kind });

// Reference §4 (Zalo's table via SPEC §14.2) and §2 (OAuth codes). Unknown codes are transient:
// the outbox caps retries, while a wrongly permanent answer would lose a message.
const RULES = new Map<number, Rule>([
  // The limit is per minute; waiting one window is the backoff (-211: the OA's quota).
  [-32, rule('rate_limited', { retryAfterSec: MINUTE })],
  [-211, rule('rate_limited', { retryAfterSec: 60 * MINUTE })],
  [-234, rule('rate_limited', { retryAfterSec: 60 * MINUTE })], // promotion at night (22:00–06:00)
  [-100, rule('bad_request', { reupload: true })],
  [-200, rule('transient')],
  [-201, rule('bad_request')],
  [-210, rule('bad_request', { tooLarge: true })],
  [-233, rule('bad_request')],
  [-240, rule('bad_request')],
  [-248, rule('bad_request')],
  // Token: GOCLAW also saw 216, 401 and -401 for the same meaning; ZNS uses -124.
  [-216, rule('unauthorized', { refresh: true })],
  [-220, rule('unauthorized', { refresh: true })],
  [216, rule('unauthorized', { refresh: true })],
  [401, rule('unauthorized', { refresh: true })],
  [-401, rule('unauthorized', { refresh: true })],
  [-124, rule('unauthorized', { refresh: true })],
  [-14014, rule('unauthorized', { reconsent: true })],
  [-118, rule('unauthorized', { reconsent: true })],
  [-223, rule('unauthorized', { reconsent: true })], // OA has not authorised this API
  // The OA or app itself is not usable: an operator must act.
  ...[-204, -205, -209, -212, -219, -221, -224, -242, -320, -321, -14002, -14003].map((c) => [c, rule('unauthorized')] as [number, Rule]),
  // The user: -213 unfollowed, -217 blocked, -244 refused this message type.
  [-213, rule('blocked')],
  [-217, rule('blocked')],
  [-244, rule('blocked')],
  [-227, rule('not_found')], // banned, or inactive for more than 45 days
  [-230, rule('outside_window', { outsideWindow: true })],
  [-232, rule('outside_window', { outsideWindow: true })],
  // The recipient's own receive quota: it renews with their next interaction, like the window.
  // Not rate_limited: that would pause every Zalo send for one user's quota.
  [-218, rule('outside_window', { outsideWindow: true })],
]);

function fromCode(method: string, code: number, description: string | undefined): ZaloError {
  const r = RULES.get(code) ?? rule('transient');
  return new ZaloError(r.kind, { method, providerCode: code, ...(description ? { description } : {}), ...r.flags });
}

const zaloCode = (b: unknown): number | null => {
  if (!isRecord(b)) return null;
  const c = typeof b.error === 'string' && /^-?\d+$/.test(b.error) ? Number(b.error) : b.error;
  return typeof c === 'number' && c !== 0 ? c : null;
};

const describe = (b: Record<string, unknown>): string | undefined => {
  const d = b.message ?? b.error_name ?? b.error_description ?? b.error_reason;
  return typeof d === 'string' ? d.slice(0, 200) : undefined;
};

/**
 * A failed Zalo call → ZaloError. `response` is the body Zalo answered (errors come as HTTP
 * 200 with a non-zero `error`), or what the HTTP client threw (status or network error).
 * Returns null for a body that is a success (`error` 0 or absent).
 */
export function classifyZaloError(method: string, response: unknown): ZaloError | null {
  const code = zaloCode(response);
  if (code !== null) return fromCode(method, code, describe(response as Record<string, unknown>));
  // Anything that is not a thrown error is a body Zalo answered, and without a code it succeeded.
  if (!(response instanceof Error) && !(isRecord(response) && response.isAxiosError === true)) return null;
  // An HTTP-level failure (axios error shape; no import, so this file stays transport-free).
  const r = isRecord(response) && isRecord(response.response) ? response.response : null;
  if (r) {
    const bodyCode = zaloCode(r.data);
    if (bodyCode !== null) return fromCode(method, bodyCode, describe(r.data as Record<string, unknown>));
    const status = typeof r.status === 'number' ? r.status : 0;
    const description = `HTTP ${status}`;
    if (status === 429)
      return new ZaloError('rate_limited', { method, providerCode: status, description, retryAfterSec: retryAfter(r.headers) ?? MINUTE });
    if (status === 401 || status === 403)
      return new ZaloError('unauthorized', { method, providerCode: status, description, refresh: true });
    if (status >= 400 && status < 500 && status !== 408) return new ZaloError('bad_request', { method, providerCode: status, description });
    return new ZaloError('transient', { method, providerCode: status, description });
  }
  // No response at all: a timeout or a network failure. Only the error code is kept (an axios
  // message can quote the URL, and our URLs may carry a query with a user id).
  const netCode = isRecord(response) && typeof response.code === 'string' ? response.code : 'network';
  return new ZaloError('transient', { method, description: netCode });
}

function retryAfter(headers: unknown): number | undefined {
  if (!isRecord(headers)) return undefined;
  const v = Number(headers['retry-after']);
  return Number.isFinite(v) && v > 0 ? v : undefined;
}

/** Into the platform-neutral port: a dead consent pauses the channel rather than failing messages. */
export function toGatewayError(e: ZaloError): GatewayError {
  const d = e.details;
  const kind: GatewayErrorKind = d.reconsent ? 'paused' : e.kind;
  return new GatewayError(kind, {
    platform: 'zalo',
    method: d.method,
    ...(d.providerCode !== undefined ? { providerCode: d.providerCode } : {}),
    ...(d.retryAfterSec !== undefined ? { retryAfterSec: d.retryAfterSec } : {}),
    ...(d.description !== undefined ? { description: d.description } : {}),
    ...(d.reupload ? { reupload: true } : {}),
  });
}
