import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { pkceChallenge, startFakeZalo, type FakeZalo } from '../../../test/fakes/zalo/index.js';
import { ZaloError } from './zalo.errors.js';
import { buildConsentUrl, createZaloOAuth, newPkceVerifier, pkceChallengeOf } from './zalo.oauth.js';

let fake: FakeZalo;
beforeAll(async () => {
  fake = await startFakeZalo();
});
afterAll(async () => {
  await fake?.close();
});
const oauthOf = (f: FakeZalo, appSecret = f.appSecret) => createZaloOAuth({ oauthRoot: f.oauthRoot, appId: f.appId, appSecret });

describe('Zalo OAuth v4', () => {
  test('the consent URL names the app, the redirect and the S256 challenge of a fresh 43-character verifier', () => {
    const { url, codeVerifier, state } = buildConsentUrl({
      oauthRoot: 'https://oauth.zaloapp.com/',
      appId: '123456',
      redirectUri: 'https://chibo.example.vn/zalo/callback',
    });
    expect(codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const u = new URL(url);
    expect(u.origin + u.pathname).toBe('https://oauth.zaloapp.com/v4/oa/permission');
    expect(Object.fromEntries(u.searchParams)).toEqual({
      app_id: '123456',
      redirect_uri: 'https://chibo.example.vn/zalo/callback',
      code_challenge: pkceChallenge(codeVerifier),
      state,
    });
    expect(buildConsentUrl({ oauthRoot: 'https://oauth.zaloapp.com/', appId: '1', redirectUri: 'https://x.vn/' }).codeVerifier).not.toBe(
      codeVerifier,
    );
    expect(pkceChallengeOf(codeVerifier)).not.toMatch(/=/);
  });

  test('an authorization code with its PKCE verifier becomes a pair; expires_in arrives as a string and is read as seconds', async () => {
    const verifier = newPkceVerifier();
    const code = fake.issueAuthorizationCode({ codeChallenge: pkceChallengeOf(verifier) });
    const pair = await oauthOf(fake).exchangeCode({ code, codeVerifier: verifier });
    expect(pair).toEqual({
      accessToken: expect.stringMatching(/^fake-at-/),
      refreshToken: expect.stringMatching(/^fake-rt-/),
      expiresInSec: 90_000,
    });
    const [call] = fake.callsTo('v4/oa/access_token').slice(-1);
    expect(call!.params).toMatchObject({ app_id: fake.appId, grant_type: 'authorization_code', code, code_verifier: verifier });
  });

  test('a refresh spends the refresh token: a second use is refused as needing re-consent', async () => {
    const first = fake.issueTokenPair();
    const oauth = oauthOf(fake);
    const next = await oauth.refresh(first.refresh_token);
    expect(next.refreshToken).not.toBe(first.refresh_token);
    const err = await oauth.refresh(first.refresh_token).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZaloError);
    expect(err).toMatchObject({ kind: 'unauthorized', details: { method: 'oauth/refresh_token', providerCode: -14014, reconsent: true } });
    expect(String(err) + JSON.stringify(err)).not.toContain(first.refresh_token);
  });

  test('a wrong code verifier is refused (-118) and a wrong App Secret never shows up in the error', async () => {
    const code = fake.issueAuthorizationCode({ codeChallenge: pkceChallengeOf(newPkceVerifier()) });
    await expect(oauthOf(fake).exchangeCode({ code, codeVerifier: newPkceVerifier() })).rejects.toMatchObject({
      details: { providerCode: -118, reconsent: true },
    });
    const err = await oauthOf(fake, 'wrong-secret-0123456789')
      .refresh(fake.issueTokenPair().refresh_token)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZaloError);
    expect(String(err) + JSON.stringify(err)).not.toMatch(/wrong-secret|fake-rt-/);
  });
});

describe('Zalo OAuth answers the fake does not give', () => {
  let server: Server;
  let root = '';
  let answer: { status: number; body: string } = { status: 200, body: '{}' };
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(answer.body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    root = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  const oauth = () => createZaloOAuth({ oauthRoot: root, appId: '1', appSecret: 'secret-0123456789' });

  test('a numeric expires_in and an optional refresh_token_expires_in are read', async () => {
    answer = { status: 200, body: '{"access_token":"a","refresh_token":"r","expires_in":3600,"refresh_token_expires_in":"7776000"}' };
    await expect(oauth().refresh('old')).resolves.toEqual({
      accessToken: 'a',
      refreshToken: 'r',
      expiresInSec: 3600,
      refreshExpiresInSec: 7_776_000,
    });
  });

  test('a pair with an unreadable lifetime is kept with the documented 25 hours (the old refresh token is already spent)', async () => {
    answer = { status: 200, body: '{"access_token":"a","refresh_token":"r","expires_in":"soon"}' };
    await expect(oauth().refresh('old')).resolves.toEqual({ accessToken: 'a', refreshToken: 'r', expiresInSec: 90_000 });
  });

  test('a gateway error page and an answer without a pair are transient errors', async () => {
    answer = { status: 502, body: '<html>bad gateway</html>' };
    await expect(oauth().refresh('old')).rejects.toMatchObject({ kind: 'transient', details: { providerCode: 502 } });
    answer = { status: 200, body: '{"access_token":"a"}' };
    await expect(oauth().refresh('old')).rejects.toMatchObject({
      kind: 'transient',
      details: { description: 'answer without a token pair' },
    });
  });
});
