import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { isZaloProbe, verifyZaloSignature } from './zalo.signature.js';

const keys = { appId: '840285093686170967', oaSecretKey: 'oa-secret-key-123', appSecret: 'app-secret-456' };
// The raw body exactly as Zalo sends it, spacing included: the mac covers these bytes.
const raw =
  '{"app_id":"840285093686170967","sender":{"id":"2651040744560330253"},"recipient":{"id":"1945001651380238465"},' +
  '"message":{"text":"Y","msg_id":"1d19cfb48434f168a827"},"timestamp":"1635041570508","event_name":"user_send_text"}';
const mac = (...parts: string[]) => createHash('sha256').update(parts.join(''), 'utf8').digest('hex');
const documented = mac(keys.appId, raw, '1635041570508', keys.oaSecretKey);

describe('only webhooks signed with our secret are accepted', () => {
  test('the documented signature (app id + raw body + body timestamp + OA secret key, mac= prefix) is accepted', () => {
    expect(verifyZaloSignature({ rawBody: Buffer.from(raw), signature: `mac=${documented}` }, keys)).toEqual({
      ok: true,
      variant: 'app_id+raw_body+body.timestamp+oa_secret_key',
    });
  });

  test('the signature is accepted without the mac= prefix and in upper case', () => {
    expect(verifyZaloSignature({ rawBody: raw, signature: documented }, keys)).toMatchObject({ ok: true });
    expect(verifyZaloSignature({ rawBody: raw, signature: `MAC=${documented.toUpperCase()}` }, keys)).toMatchObject({ ok: true });
    expect(verifyZaloSignature({ rawBody: raw, signature: [` mac=${documented} `] }, keys)).toMatchObject({ ok: true });
  });

  test('a signature made with the OA id in place of the app id is accepted and named', () => {
    const follow =
      '{"app_id":"840285093686170967","oa_id":"579745863508352884","event_name":"follow","timestamp":"1630985527582","follower":{"id":"8381381219617247797"}}';
    expect(
      verifyZaloSignature({ rawBody: follow, signature: mac('579745863508352884', follow, '1630985527582', keys.oaSecretKey) }, keys),
    ).toEqual({ ok: true, variant: 'oa_id+raw_body+body.timestamp+oa_secret_key' });
    // User events name the OA as the recipient.
    expect(
      verifyZaloSignature({ rawBody: raw, signature: mac('1945001651380238465', raw, '1635041570508', keys.oaSecretKey) }, keys),
    ).toEqual({ ok: true, variant: 'recipient.id+raw_body+body.timestamp+oa_secret_key' });
  });

  test('a signature made with the X-ZEvent-Timestamp header is accepted and named', () => {
    const signature = mac(keys.appId, raw, '1635041570999', keys.oaSecretKey);
    expect(verifyZaloSignature({ rawBody: raw, signature, timestampHeader: '1635041570999' }, keys)).toEqual({
      ok: true,
      variant: 'app_id+raw_body+header.timestamp+oa_secret_key',
    });
    expect(verifyZaloSignature({ rawBody: raw, signature }, keys)).toEqual({ ok: false, reason: 'mismatch' });
  });

  test('a signature made with the app secret is accepted and named (one spec says it is the same key)', () => {
    expect(verifyZaloSignature({ rawBody: raw, signature: mac(keys.appId, raw, '1635041570508', keys.appSecret) }, keys)).toEqual({
      ok: true,
      variant: 'app_id+raw_body+body.timestamp+app_secret',
    });
  });

  test('a body changed after signing is refused, even by one character', () => {
    const forged = raw.replace('"text":"Y"', '"text":"N"');
    expect(verifyZaloSignature({ rawBody: forged, signature: `mac=${documented}` }, keys)).toEqual({ ok: false, reason: 'mismatch' });
  });

  test('the same body re-serialised (spacing changed) is refused: the mac covers the raw bytes', () => {
    const reserialised = JSON.stringify(JSON.parse(raw), null, 1);
    expect(verifyZaloSignature({ rawBody: reserialised, signature: documented }, keys)).toMatchObject({ ok: false });
  });

  test('a signature made with a wrong secret is refused', () => {
    const signature = mac(keys.appId, raw, '1635041570508', 'not-our-secret');
    expect(verifyZaloSignature({ rawBody: raw, signature }, keys)).toEqual({ ok: false, reason: 'mismatch' });
  });

  test('a hash of the public parts alone (no secret) is refused', () => {
    expect(verifyZaloSignature({ rawBody: raw, signature: mac(keys.appId, raw, '1635041570508') }, keys)).toMatchObject({ ok: false });
  });

  test('a missing or malformed header is refused', () => {
    expect(verifyZaloSignature({ rawBody: raw, signature: undefined }, keys)).toEqual({ ok: false, reason: 'no_signature' });
    expect(verifyZaloSignature({ rawBody: raw, signature: 'mac=abc' }, keys)).toEqual({ ok: false, reason: 'malformed_signature' });
    expect(verifyZaloSignature({ rawBody: raw, signature: `sha1=${documented}` }, keys)).toEqual({
      ok: false,
      reason: 'malformed_signature',
    });
  });

  test('nothing is accepted while the OA secret key is not configured', () => {
    expect(
      verifyZaloSignature({ rawBody: raw, signature: mac(keys.appId, raw, '1635041570508', '') }, { appId: keys.appId, oaSecretKey: '' }),
    ).toEqual({ ok: false, reason: 'not_configured' });
  });
});

describe("Zalo's URL-save probe", () => {
  test('the unsigned {} probe is recognised so it can be answered 200 without processing', () => {
    expect(isZaloProbe('{}')).toBe(true);
    expect(isZaloProbe(Buffer.from(' { } \n'))).toBe(true);
    expect(isZaloProbe('')).toBe(true);
  });

  test('a real event or a non-JSON body is not a probe', () => {
    expect(isZaloProbe(raw)).toBe(false);
    expect(isZaloProbe('[]')).toBe(false);
    expect(isZaloProbe('not json')).toBe(false);
  });
});
