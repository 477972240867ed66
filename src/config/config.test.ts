import { describe, expect, test } from 'vitest';
import { loadConfig } from './config.js';

const base = { TELEGRAM_BOT_TOKEN: '123:abc' };

describe('configuration', () => {
  test('defaults give long polling in Vietnam time with every process role', () => {
    const c = loadConfig(base);
    expect(c).toMatchObject({ TZ: 'Asia/Ho_Chi_Minh', PROCESS_MODE: 'all', PORT: 3000, TELEGRAM_API_ROOT: 'https://api.telegram.org/' });
    expect(c.PUBLIC_URL).toBeUndefined();
    expect(Object.isFrozen(c)).toBe(true);
  });

  test('a missing bot token fails fast naming the variable, and the Zalo alternative', () => {
    expect(() => loadConfig({})).toThrow(/TELEGRAM_BOT_TOKEN is required[\s\S]*ZALO_APP_ID/);
  });

  test('a deployment may run on Zalo alone, without a Telegram bot', () => {
    const c = loadConfig({
      ZALO_APP_ID: '3206567425609033798',
      ZALO_APP_SECRET: 'app-secret-123',
      ZALO_OA_SECRET_KEY: 'oa-secret-123',
      PUBLIC_URL: 'https://bot.example.vn',
    });
    expect(c.TELEGRAM_BOT_TOKEN).toBeUndefined();
  });

  test('a bad value fails naming its variable', () => {
    expect(() => loadConfig({ ...base, PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ ...base, PROCESS_MODE: 'both' })).toThrow(/PROCESS_MODE/);
    expect(() => loadConfig({ ...base, TZ: 'Asia/Bangkok' })).toThrow(/TZ must be Asia\/Ho_Chi_Minh/);
    expect(() => loadConfig({ ...base, DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
  });

  test('the Postgres pool size is configurable, ten by default, and refuses nonsense', () => {
    expect(loadConfig(base).DATABASE_POOL_MAX).toBe(10);
    expect(loadConfig({ ...base, DATABASE_POOL_MAX: '40' }).DATABASE_POOL_MAX).toBe(40);
    expect(() => loadConfig({ ...base, DATABASE_POOL_MAX: '0' })).toThrow(/DATABASE_POOL_MAX/);
  });

  test('statements stay prepared unless a pooler in front of Postgres forbids it', () => {
    expect(loadConfig(base).DATABASE_PREPARE).toBe(true);
    expect(loadConfig({ ...base, DATABASE_PREPARE: 'false' }).DATABASE_PREPARE).toBe(false);
    expect(() => loadConfig({ ...base, DATABASE_PREPARE: 'no' })).toThrow(/DATABASE_PREPARE/);
  });

  test('webhook mode needs the webhook secret', () => {
    expect(() => loadConfig({ ...base, PUBLIC_URL: 'https://bot.example.vn' })).toThrow(/TELEGRAM_WEBHOOK_SECRET is required/);
    expect(loadConfig({ ...base, PUBLIC_URL: 'https://bot.example.vn', TELEGRAM_WEBHOOK_SECRET: 's3cret_ok' }).PUBLIC_URL).toBe(
      'https://bot.example.vn',
    );
  });

  test('a PUBLIC_URL Telegram would refuse stops the start naming the variable', () => {
    const webhook = { ...base, TELEGRAM_WEBHOOK_SECRET: 's3cret_ok' };
    expect(() => loadConfig({ ...webhook, PUBLIC_URL: 'http://bot.example.vn' })).toThrow(/PUBLIC_URL must be an https:\/\/ address/);
    expect(() => loadConfig({ ...webhook, PUBLIC_URL: 'https://bot.example.vn:3000' })).toThrow(
      /PUBLIC_URL must use port 443, 80, 88, 8443[\s\S]*uses 3000/,
    );
    expect(() => loadConfig({ ...webhook, PUBLIC_URL: 'https://bot.example.vn/?a=1' })).toThrow(/PUBLIC_URL/);
    for (const ok of [
      'https://bot.example.vn',
      'https://bot.example.vn:8443/chibo',
      'https://bot.example.vn:88',
      'https://bot.example.vn:80',
    ]) {
      expect(loadConfig({ ...webhook, PUBLIC_URL: ok }).PUBLIC_URL).toBe(ok);
    }
    // Zalo alone: Zalo needs https, but Telegram's port rule is not Zalo's.
    const zaloOnly = { ZALO_APP_ID: '3206567425609033798', ZALO_APP_SECRET: 'app-secret-123', ZALO_OA_SECRET_KEY: 'oa-secret-123' };
    expect(loadConfig({ ...zaloOnly, PUBLIC_URL: 'https://bot.example.vn:9443' }).PUBLIC_URL).toBe('https://bot.example.vn:9443');
    expect(() => loadConfig({ ...zaloOnly, PUBLIC_URL: 'http://bot.example.vn' })).toThrow(/PUBLIC_URL/);
  });

  test('an API root without a trailing slash still works with telegraf', () => {
    expect(loadConfig({ ...base, TELEGRAM_API_ROOT: 'http://127.0.0.1:9999/tg' }).TELEGRAM_API_ROOT).toBe('http://127.0.0.1:9999/tg/');
  });

  test('the error message never repeats the token', () => {
    try {
      loadConfig({ TELEGRAM_BOT_TOKEN: 'not-a-token-secretvalue' });
      expect.unreachable();
    } catch (e) {
      expect(String(e)).not.toContain('secretvalue');
    }
  });

  test('Zalo is off unless configured, and half a Zalo setup fails naming what is missing', () => {
    expect(loadConfig(base).ZALO_APP_ID).toBeUndefined();
    expect(() => loadConfig({ ...base, ZALO_APP_ID: '3206567425609033798' })).toThrow(
      /ZALO_APP_SECRET is required[\s\S]*ZALO_OA_SECRET_KEY is required/,
    );
    const c = loadConfig({
      ...base,
      ZALO_APP_ID: '3206567425609033798',
      ZALO_APP_SECRET: 'app-secret-123',
      ZALO_OA_SECRET_KEY: 'oa-secret-123',
    });
    expect(c).toMatchObject({
      ZALO_API_ROOT: 'https://openapi.zalo.me/',
      ZALO_OAUTH_ROOT: 'https://oauth.zaloapp.com/',
      ZALO_RATE_PER_MINUTE: 4000,
    });
  });
});
