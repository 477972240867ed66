import { describe, expect, test } from 'vitest';
import { GatewayError } from '../../shared/chat-gateway.js';
import { classifyZaloError, toGatewayError } from './zalo.errors.js';

const z = (error: number, message = 'x') => classifyZaloError('message/cs', { error, message })!;

describe('Zalo answers errors with HTTP 200 and a code; each code decides what happens next', () => {
  test('a success body is not an error', () => {
    expect(classifyZaloError('message/cs', { error: 0, message: 'Success', data: { message_id: 'a' } })).toBeNull();
    expect(classifyZaloError('oauth', { access_token: 'a', refresh_token: 'r', expires_in: '90000' })).toBeNull();
  });

  test('an invalid or expired access token asks for one refresh and one retry', () => {
    for (const code of [-216, -220])
      expect(z(code)).toMatchObject({ kind: 'unauthorized', details: { providerCode: code, refresh: true } });
    expect(z(-216).details.reconsent).toBeUndefined();
  });

  test('a dead refresh token asks the admins to re-consent', () => {
    for (const code of [-14014, -118])
      expect(classifyZaloError('oauth/refresh', { error: code, error_name: 'Invalid refresh token' })).toMatchObject({
        kind: 'unauthorized',
        details: { reconsent: true },
      });
    expect(z(-14014).details.refresh).toBeUndefined();
  });

  test('a user outside the 7-day window is its own kind, so the message can wait for their next interaction', () => {
    for (const code of [-230, -232]) expect(z(code)).toMatchObject({ kind: 'outside_window', details: { outsideWindow: true } });
  });

  test('the per-minute call limit backs off for a minute', () => {
    expect(z(-32, 'Your application reached limit call api')).toMatchObject({ kind: 'rate_limited', details: { retryAfterSec: 60 } });
  });

  test('payload bugs are permanent; too long and expired uploads say how to fix them', () => {
    expect(z(-201)).toMatchObject({ kind: 'bad_request' });
    expect(z(-210)).toMatchObject({ kind: 'bad_request', details: { tooLarge: true } });
    expect(z(-100)).toMatchObject({ kind: 'bad_request', details: { reupload: true } });
  });

  test('a user who unfollowed or blocked is blocked; a banned one is gone', () => {
    expect(z(-213).kind).toBe('blocked');
    expect(z(-217).kind).toBe('blocked');
    expect(z(-227).kind).toBe('not_found');
  });

  test('a send failure or an unknown code is retried', () => {
    expect(z(-200).kind).toBe('transient');
    expect(z(-99999).kind).toBe('transient');
  });

  test('a code sent as a string is read too', () => {
    expect(classifyZaloError('m', { error: '-216', message: 'Access token is invalid' })).toMatchObject({
      kind: 'unauthorized',
      details: { refresh: true },
    });
  });

  test('HTTP failures and network errors are classified without quoting the URL', () => {
    const httpError = (status: number, data: unknown = 'busy') =>
      Object.assign(new Error('Request failed https://openapi.zalo.me/...'), {
        isAxiosError: true,
        response: { status, data, headers: {} },
      });
    expect(classifyZaloError('m', httpError(503))).toMatchObject({ kind: 'transient', details: { providerCode: 503 } });
    expect(classifyZaloError('m', httpError(429))).toMatchObject({ kind: 'rate_limited', details: { retryAfterSec: 60 } });
    expect(classifyZaloError('m', httpError(400, { error: -220, message: 'expired' }))).toMatchObject({
      kind: 'unauthorized',
      details: { refresh: true },
    });
    const timeout = Object.assign(new Error('timeout of 10000ms exceeded'), { isAxiosError: true, code: 'ECONNABORTED' });
    const e = classifyZaloError('m', timeout)!;
    expect(e).toMatchObject({ kind: 'transient', details: { description: 'ECONNABORTED' } });
    expect(e.message).not.toMatch(/zalo\.me/);
  });
});

describe('into the platform-neutral port', () => {
  test('kinds the port knows pass through with code and wait', () => {
    const g = toGatewayError(z(-32));
    expect(g).toBeInstanceOf(GatewayError);
    expect(g).toMatchObject({
      kind: 'rate_limited',
      details: { platform: 'zalo', method: 'message/cs', providerCode: -32, retryAfterSec: 60 },
    });
  });

  test('a user outside the 7-day window is outside_window: the message waits for their next message', () => {
    expect(toGatewayError(z(-230)).kind).toBe('outside_window');
  });

  test('a dead refresh token pauses the channel instead of failing the message', () => {
    expect(toGatewayError(z(-14014)).kind).toBe('paused');
    expect(toGatewayError(z(-118)).kind).toBe('paused');
  });

  test('an expired upload token asks for the file to be uploaded again', () => {
    expect(toGatewayError(z(-100)).details.reupload).toBe(true);
  });
});
