import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startFakeZalo, type FakeZalo } from '../../../test/fakes/zalo/index.js';
import { createTestDb, type TestDb } from '../../../test/support/test-db.js';
import { GatewayError } from '../../shared/chat-gateway.js';
import { createFakeClock } from '../../shared/clock.js';
import { createDb } from '../../shared/db/db.js';
import { createPlatformTokensRepository } from '../../modules/platform-tokens/platform-tokens.repository.js';
import { createZaloClient } from './zalo.client.js';
import { ZaloError } from './zalo.errors.js';
import { createZaloTokenStore, REFRESH_AHEAD_MS } from './zalo.tokens.js';

const HOUR = 3_600_000;
let t: TestDb;
let fake: FakeZalo;
const clock = createFakeClock(new Date());
const pools: { close(): Promise<void> }[] = [];
let logs: string[] = [];
let deaths: string[] = [];

beforeAll(async () => {
  t = await createTestDb();
  fake = await startFakeZalo();
});
afterAll(async () => {
  await fake?.close();
  await t?.drop();
});
beforeEach(async () => {
  await t.sql`delete from platform_tokens`;
  clock.set(new Date());
  logs = [];
  deaths = [];
});
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

/** One store as one process would build it: its own connection pool on the shared database. */
function processStore(opts: { appSecret?: string; oauthRoot?: string } = {}) {
  const pool = createDb({ url: t.url, max: 3 });
  pools.push(pool);
  const logger = pino(
    { level: 'info' },
    {
      write: (line: string) => {
        logs.push(line);
      },
    },
  );
  return createZaloTokenStore({
    db: pool.db,
    clock,
    logger,
    oauth: { oauthRoot: opts.oauthRoot ?? fake.oauthRoot, appId: fake.appId, appSecret: opts.appSecret ?? fake.appSecret },
    onDead: async (reason) => {
      deaths.push(reason);
    },
  });
}

/** Installs a pair as if pasted from the API Explorer; returns its raw values. */
async function installed(store = processStore()) {
  const p = fake.issueTokenPair();
  await store.install({ accessToken: p.access_token, refreshToken: p.refresh_token, expiresInSec: Number(p.expires_in) });
  return { store, access: p.access_token, refresh: p.refresh_token };
}

const paused = (e: unknown) => e instanceof GatewayError && e.kind === 'paused';
const oauthErrors = () => fake.callsTo('v4/oa/access_token').filter((c) => c.error);

describe('the Zalo OA token store', () => {
  test('two processes whose token was rejected at the same moment refresh once and both use the same new token', async () => {
    const { store: a, access: old } = await installed();
    const b = processStore();
    const before = fake.refreshCalls;
    const errorsBefore = oauthErrors().length;
    const [ta, tb] = await Promise.all([a.refreshAccessToken(old), b.refreshAccessToken(old)]);
    expect(fake.refreshCalls - before).toBe(1);
    expect(ta).toBe(tb);
    expect(ta).not.toBe(old);
    // The spent refresh token was never offered again (the fake would answer -14014).
    expect(oauthErrors()).toHaveLength(errorsBefore);
    expect(await processStore().accessToken()).toBe(ta);
  });

  test('many sends of one process hitting an expired token at once cause one refresh', async () => {
    const { store, access: old } = await installed();
    const before = fake.refreshCalls;
    const tokens = await Promise.all(Array.from({ length: 8 }, () => store.refreshAccessToken(old)));
    expect(fake.refreshCalls - before).toBe(1);
    expect(new Set(tokens).size).toBe(1);
  });

  test('through the Zalo client, an expired token (-216) is refreshed once, already stored in Postgres when the retry goes out', async () => {
    const { store, access: old } = await installed();
    const elsewhere = processStore();
    const user = fake.user('Nguyễn Văn Ba');
    let seenInPostgres: string | undefined;
    const client = createZaloClient({
      apiRoot: fake.apiRoot,
      accessToken: store.accessToken,
      refreshAccessToken: async (rejected) => {
        const fresh = await store.refreshAccessToken(rejected);
        seenInPostgres = await elsewhere.accessToken(); // a process with no cache reads the row
        return fresh;
      },
    });
    expect((await client.userDetail(user.id)).displayName).toBe('Nguyễn Văn Ba');
    fake.expireAccessTokens();
    const before = fake.refreshCalls;
    expect((await client.userDetail(user.id)).displayName).toBe('Nguyễn Văn Ba');
    expect(fake.refreshCalls - before).toBe(1);
    const [refused, retried] = fake.callsTo('v3.0/oa/user/detail').slice(-2);
    expect(refused!.error).toMatchObject({ error: -216 });
    expect(retried!.error).toBeUndefined();
    expect(seenInPostgres).toBeDefined();
    expect(seenInPostgres).not.toBe(old);
    expect(await store.accessToken()).toBe(seenInPostgres);
  });

  test('half an hour before the access token expires, the next send rotates it first; far from expiry nothing is asked', async () => {
    const { store, access: old } = await installed();
    const before = fake.refreshCalls;
    clock.advance(2 * HOUR);
    expect(await store.accessToken()).toBe(old);
    expect(await store.ensureFresh()).toBe('fresh');
    expect(fake.refreshCalls).toBe(before);

    clock.advance(25 * HOUR - 2 * HOUR - 30 * 60_000);
    const fresh = await store.accessToken();
    expect(fresh).not.toBe(old);
    expect(fake.refreshCalls - before).toBe(1);
    expect(await store.status()).toMatchObject({
      state: 'live',
      rotatedAt: clock.now(),
      accessExpiresAt: new Date(clock.now().getTime() + 25 * HOUR),
    });
    expect(await store.accessToken()).toBe(fresh);
    expect(fake.refreshCalls - before).toBe(1);
  });

  test('with only the periodic check and no traffic, the pair keeps rotating for four months without a human', async () => {
    const { store } = await installed();
    const other = processStore();
    const before = fake.refreshCalls;
    const errorsBefore = oauthErrors().length;
    for (let day = 0; day < 120; day++) {
      clock.advance(25 * HOUR - REFRESH_AHEAD_MS + 15 * 60_000); // a check every 15 min finds it inside the margin
      // Two workers run the check; only one refreshes.
      const results = await Promise.all([store.ensureFresh(), other.ensureFresh()]);
      expect(results.sort()).toEqual(['fresh', 'refreshed']);
    }
    expect(fake.refreshCalls - before).toBe(120);
    expect(oauthErrors()).toHaveLength(errorsBefore);
    expect(await store.status()).toMatchObject({ state: 'live' });
  });

  test('a refused refresh token marks the pair dead, alerts once, and stops calling Zalo until a new pair is installed', async () => {
    const a = processStore();
    const { access: old } = await installed(a);
    const b = processStore();
    fake.revokeRefreshTokens();
    const before = fake.refreshCalls;
    const results = await Promise.allSettled([a.refreshAccessToken(old), b.refreshAccessToken(old)]);
    expect(results.every((r) => r.status === 'rejected' && paused(r.reason))).toBe(true);
    expect(fake.refreshCalls - before).toBe(1);
    expect(deaths).toEqual(['-14014']);
    expect(await createPlatformTokensRepository({ db: t.db }).find('zalo')).toMatchObject({ deadAt: clock.now(), deadReason: '-14014' });

    // Later calls, in either process, are paused without a request to Zalo.
    await expect(a.accessToken()).rejects.toSatisfy(paused);
    await expect(b.refreshAccessToken(old)).rejects.toSatisfy(paused);
    const err = await a.accessToken().catch((e: unknown) => e);
    expect(err).toMatchObject({
      details: { platform: 'zalo', providerCode: '-14014', description: expect.stringContaining('zalo-token consent-url') },
    });
    expect(await a.ensureFresh()).toBe('dead');
    expect(await a.status()).toMatchObject({ state: 'dead', reason: '-14014' });
    expect(fake.refreshCalls - before).toBe(1);
    expect(deaths).toEqual(['-14014']);
    expect(logs.filter((l) => l.includes('"level":50') && l.includes('-14014'))).toHaveLength(1);
    expect(logs.join('\n')).not.toContain(old);

    const revived = await installed(b);
    expect(await a.accessToken()).toBe(revived.access);
    expect(await a.status()).toMatchObject({ state: 'live' });
  });

  test('without an installed pair, a send is paused with the command to run, and Zalo is not called', async () => {
    const store = processStore();
    const calls = fake.calls.length;
    const err = await store.accessToken().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({
      kind: 'paused',
      details: { platform: 'zalo', description: expect.stringContaining('npm run cli -- zalo-token') },
    });
    await expect(store.refreshAccessToken('whatever')).rejects.toSatisfy(paused);
    expect(await store.ensureFresh()).toBe('none');
    expect(await store.status()).toEqual({ state: 'none' });
    expect(fake.calls.length).toBe(calls);
  });

  test('tokens are not readable in the database, and a pair sealed with another App Secret counts as not installed', async () => {
    const { store, access, refresh } = await installed();
    const rotated = await store.refreshAccessToken(access);
    const dump = JSON.stringify(await t.sql`select * from platform_tokens`);
    for (const secret of [access, refresh, rotated]) expect(dump).not.toContain(secret);
    expect(dump).toMatch(/"access_token":"v1\.[A-Za-z0-9_-]+"/);

    const otherSecret = processStore({ appSecret: 'a-new-app-secret-0123456789' });
    await expect(otherSecret.accessToken()).rejects.toSatisfy((e) => paused(e) && String(e).includes('zalo-token'));
    await expect(otherSecret.accessToken()).rejects.toSatisfy(paused);
    expect(await otherSecret.ensureFresh()).toBe('none');
    expect(await otherSecret.status()).toMatchObject({ state: 'unreadable' });
    const warnings = logs.filter((l) => l.includes('ZALO_APP_SECRET'));
    expect(warnings).toHaveLength(1);
    expect(logs.join('\n')).not.toMatch(/fake-(at|rt)-/);
  });

  test("while Zalo's OAuth server is unreachable, sends keep the still-valid token; an expired one is an error", async () => {
    const { access } = await installed();
    const offline = processStore({ oauthRoot: 'http://127.0.0.1:9/' });
    clock.advance(25 * HOUR - 30 * 60_000);
    expect(await offline.accessToken()).toBe(access);
    expect(logs.some((l) => l.includes('proactive Zalo token refresh failed'))).toBe(true);
    await expect(offline.ensureFresh()).rejects.toBeInstanceOf(ZaloError);
    clock.advance(HOUR);
    await expect(offline.accessToken()).rejects.toMatchObject({ kind: 'transient' });
    expect(await processStore().status()).toMatchObject({ state: 'live' });
  });
});
