import { describe, expect, test } from 'vitest';
import { createTokenSealer } from './zalo.seal.js';

const secret = 'app-secret-AbCdEf0123456789';
const token = 'oa-access-token-0123456789abcdef';

describe('sealing OA tokens at rest', () => {
  test('a sealed token reads back and does not show the token', () => {
    const s = createTokenSealer(secret);
    const sealed = s.seal(token, 'access');
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(token);
    expect(s.open(sealed, 'access')).toBe(token);
  });

  test('the same token sealed twice looks different (a fresh IV each time)', () => {
    const s = createTokenSealer(secret);
    expect(s.seal(token, 'access')).not.toBe(s.seal(token, 'access'));
  });

  test('a token sealed with another App Secret, for the other column, or altered cannot be opened', () => {
    const sealed = createTokenSealer(secret).seal(token, 'access');
    expect(createTokenSealer('another-secret-0123456789').open(sealed, 'access')).toBeNull();
    expect(createTokenSealer(secret).open(sealed, 'refresh')).toBeNull();
    const flipped = sealed.slice(0, -2) + (sealed.at(-2) === 'A' ? 'B' : 'A') + sealed.at(-1);
    expect(createTokenSealer(secret).open(flipped, 'access')).toBeNull();
    expect(createTokenSealer(secret).open(token, 'access')).toBeNull();
    expect(createTokenSealer(secret).open('v1.', 'access')).toBeNull();
  });
});
