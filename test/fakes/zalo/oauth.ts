// OAuth v4: POST {oauthRoot}v4/oa/access_token, form-encoded, `secret_key: <App Secret>` header
// (zalo.md §2). Also the OA-API token check (-216 / -220).
//
// Uncertain points and the fake's choices:
// - Error body fields and texts (zalo.md §7 #10): the fake sends {error, error_name, error_reason,
//   ref_doc, error_description}, HTTP 200, no access_token. Codes: a used/unknown/expired refresh
//   token → -14014 (documented); a bad, used or expired authorization code, or a PKCE mismatch →
//   -118 "invalid_grant" (GOCLAW's invalid_grant code); a missing/wrong secret_key header or
//   app_id → -14001 (INVENTED: no source gives this code; clients should only rely on "no
//   access_token + error != 0").
// - The old access token stays valid after a refresh, until its own expiry (not documented
//   either way; GOCLAW only says both tokens rotate).
// - Expired access token on OA APIs: the checklist says -220, the issue/brief says -216 and
//   HOANGND lists both. Default -216 ("Access token is invalid", the one seen most in the
//   field); `expiredTokenError = -220` switches. A revoked token always answers -220
//   ("expired or removed"); an unknown/missing one -216.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { FakeZaloState } from './state.js';
import { oaError, ZaloApiError, type OAuthErrorBody } from './types.js';

export function oauthError(error: number, name: string, description: string): ZaloApiError {
  const body: OAuthErrorBody = {
    error,
    error_name: name,
    error_reason: name,
    ref_doc: 'https://developers.zalo.me/docs/official-account/bat-dau/xac-thuc-va-uy-quyen-cho-ung-dung-new',
    error_description: description,
  };
  return new ZaloApiError(body);
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** base64url_nopad(sha256(verifier)), the S256 PKCE challenge (zalo.md §2). */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'utf8').digest('base64url');
}

export function exchangeToken(
  state: FakeZaloState,
  headers: IncomingHttpHeaders,
  form: Record<string, string>,
): { access_token: string; refresh_token: string; expires_in: string } {
  const secret = headers['secret_key'];
  if (typeof secret !== 'string' || !safeEqual(secret, state.appSecret)) {
    throw oauthError(-14001, 'Invalid secret key', 'secret_key header is missing or wrong (fake-invented code)');
  }
  if (form.app_id !== state.appId) {
    throw oauthError(-14001, 'Invalid app id', 'app_id is missing or does not match the secret key (fake-invented code)');
  }
  const now = state.now();
  if (form.grant_type === 'refresh_token') {
    state.counters.refreshCalls++;
    const rt = form.refresh_token === undefined ? undefined : state.refreshTokens.get(form.refresh_token);
    if (!rt || rt.used || rt.expiresAt <= now) {
      throw oauthError(-14014, 'Invalid refresh token', 'Refresh token is invalid, expired or already used');
    }
    rt.used = true; // single use: the old refresh token dies now
    return state.issuePair();
  }
  if (form.grant_type === 'authorization_code') {
    state.counters.codeExchanges++;
    const code = form.code === undefined ? undefined : state.authCodes.get(form.code);
    if (!code || code.used || code.expiresAt <= now) {
      throw oauthError(-118, 'invalid_grant', 'Authorization code is invalid, expired or already used');
    }
    if (code.codeChallenge !== undefined) {
      const verifier = form.code_verifier;
      if (verifier === undefined || pkceChallenge(verifier) !== code.codeChallenge) {
        throw oauthError(-118, 'invalid_grant', 'code_verifier does not match code_challenge');
      }
    }
    code.used = true;
    return state.issuePair();
  }
  throw oauthError(-14000, 'Invalid grant_type', 'grant_type must be authorization_code or refresh_token (fake-invented code)');
}

/** Checks the bare `access_token` header of an OA API call (never `Authorization: Bearer`). */
export function checkAccessToken(state: FakeZaloState, headers: IncomingHttpHeaders): void {
  const raw = headers['access_token'];
  const token = typeof raw === 'string' ? state.accessTokens.get(raw) : undefined;
  if (!token) throw oaError(-216, 'Access token is invalid');
  if (token.revoked) throw oaError(-220, 'access_token is expired or removed');
  if (token.expiresAt <= state.now()) {
    throw state.expiredTokenError === -220 ? oaError(-220, 'access_token is expired or removed') : oaError(-216, 'Access token is invalid');
  }
}
