import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { zaloConfigFragment, zaloConfigIssues, zaloEnabled } from './zalo.config.js';

const schema = z.object(zaloConfigFragment);

describe('Zalo configuration', () => {
  test('without Zalo variables the channel is off and the official hosts are the defaults', () => {
    const c = schema.parse({});
    expect(c).toMatchObject({
      ZALO_API_ROOT: 'https://openapi.zalo.me/',
      ZALO_OAUTH_ROOT: 'https://oauth.zaloapp.com/',
      ZALO_RATE_PER_MINUTE: 4000,
    });
    expect(zaloEnabled(c)).toBe(false);
    expect(zaloConfigIssues(c)).toEqual([]);
  });

  test('half a Zalo setup names the missing variables', () => {
    const c = schema.parse({ ZALO_APP_ID: '840285093686170967', ZALO_APP_SECRET: 'app-secret-1' });
    expect(zaloConfigIssues(c).map((i) => i.path)).toEqual(['ZALO_OA_SECRET_KEY']);
    expect(zaloEnabled(c)).toBe(false);
  });

  test('all three secrets turn the channel on; tests point the roots at the fake', () => {
    const c = schema.parse({
      ZALO_APP_ID: '1',
      ZALO_APP_SECRET: 'app-secret-1',
      ZALO_OA_SECRET_KEY: 'oa-secret-1',
      ZALO_API_ROOT: 'http://127.0.0.1:9999',
      ZALO_RATE_PER_MINUTE: '100',
    });
    expect(zaloEnabled(c)).toBe(true);
    expect(c.ZALO_API_ROOT).toBe('http://127.0.0.1:9999/');
    expect(c.ZALO_RATE_PER_MINUTE).toBe(100);
  });
});
