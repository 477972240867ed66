import { createHash, randomBytes } from 'node:crypto';
import axios from 'axios';
import { classifyZaloError, ZaloError } from './zalo.errors.js';
import { isRecord } from './zalo.json.js';

// OAuth v4 for OA tokens (zalo.md §2): the consent URL, the code exchange and the refresh.

export type ZaloOAuthConfig = {
  /** ZALO_OAUTH_ROOT, ending in '/'. */
  oauthRoot: string;
  appId: string;
  /** Sent as the `secret_key` header. Never logged. */
  appSecret: string;
  timeoutMs?: number;
};

export type ZaloTokenPair = {
  accessToken: string;
  refreshToken: string;
  expiresInSec: number;
  /** Only when Zalo says so (not documented; the refresh token is said to live 3 months). */
  refreshExpiresInSec?: number;
};

/** The documented access-token life (25 h), used when an answer has no readable expires_in. */
export const ZALO_ACCESS_TTL_SEC = 90_000;

/** A PKCE code_verifier: 32 random bytes → 43 base64url characters (RFC 7636 allows 43–128). */
export function newPkceVerifier(): string {
  return randomBytes(32).toString('base64url');
}

/** code_challenge = base64url_nopad(sha256(verifier)) (S256). */
export function pkceChallengeOf(verifier: string): string {
  return createHash('sha256').update(verifier, 'utf8').digest('base64url');
}

/**
 * The page an OA admin opens to grant the app access. The verifier must be kept for the
 * exchange; `state` is echoed back on the redirect so the operator can match the two.
 */
export function buildConsentUrl({
  oauthRoot,
  appId,
  redirectUri,
  state = randomBytes(8).toString('hex'),
}: {
  oauthRoot: string;
  appId: string;
  redirectUri: string;
  state?: string;
}): { url: string; codeVerifier: string; state: string } {
  const codeVerifier = newPkceVerifier();
  const url = new URL('v4/oa/permission', oauthRoot);
  url.search = new URLSearchParams({
    app_id: appId,
    redirect_uri: redirectUri,
    code_challenge: pkceChallengeOf(codeVerifier),
    state,
  }).toString();
  return { url: url.toString(), codeVerifier, state };
}

/** Seconds as Zalo sends them: a string in practice ("90000"), a number in some answers. */
function seconds(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

export function createZaloOAuth({ oauthRoot, appId, appSecret, timeoutMs = 10_000 }: ZaloOAuthConfig) {
  const http = axios.create({ baseURL: oauthRoot, timeout: timeoutMs });

  async function token(method: string, form: Record<string, string>): Promise<ZaloTokenPair> {
    let body: unknown;
    try {
      body = (
        await http.post('v4/oa/access_token', new URLSearchParams({ ...form, app_id: appId }).toString(), {
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', secret_key: appSecret },
        })
      ).data;
    } catch (err) {
      // Never rethrow the axios error: its config holds the secret_key header and the token.
      throw classifyZaloError(method, err) ?? new ZaloError('transient', { method, description: 'request failed' });
    }
    // Failure is "no access_token" plus a non-zero `error` (zalo.md §2).
    const e = classifyZaloError(method, body);
    if (e) throw e;
    if (
      !isRecord(body) ||
      typeof body.access_token !== 'string' ||
      !body.access_token ||
      typeof body.refresh_token !== 'string' ||
      !body.refresh_token
    ) {
      throw new ZaloError('transient', { method, description: 'answer without a token pair' });
    }
    const refreshExpiresInSec = seconds(body.refresh_token_expires_in);
    return {
      accessToken: body.access_token,
      refreshToken: body.refresh_token,
      // The pair is already issued (and the old refresh token spent): an unreadable lifetime
      // must not throw it away, so assume the documented 25 h.
      expiresInSec: seconds(body.expires_in) ?? ZALO_ACCESS_TTL_SEC,
      ...(refreshExpiresInSec !== undefined ? { refreshExpiresInSec } : {}),
    };
  }

  return {
    /** The code from the consent redirect (single use, ~10 min) → a new pair. */
    exchangeCode: ({ code, codeVerifier }: { code: string; codeVerifier?: string }) =>
      token('oauth/authorization_code', {
        code,
        grant_type: 'authorization_code',
        ...(codeVerifier ? { code_verifier: codeVerifier } : {}),
      }),
    /** Spends the (single-use) refresh token: the caller must store the new pair before using it. */
    refresh: (refreshToken: string) => token('oauth/refresh_token', { refresh_token: refreshToken, grant_type: 'refresh_token' }),
  };
}

export type ZaloOAuth = ReturnType<typeof createZaloOAuth>;
