import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startFakeZalo, type FakeZalo } from '../../test/fakes/zalo/index.js';
import { runCommand } from '../../test/support/cli.js';
import { createTestDb, type TestDb } from '../../test/support/test-db.js';
import { createZaloClient } from '../channels/zalo/zalo.client.js';
import { createZaloTokenStore } from '../channels/zalo/zalo.tokens.js';
import { createPlatformTokensRepository } from '../modules/platform-tokens/platform-tokens.repository.js';
import { createFakeClock } from '../shared/clock.js';
import { createLogger } from '../shared/logger.js';
import { zaloTokenCommand } from './zalo-token.command.js';

// The operator of the provincial office connects the Zalo OA from a terminal.
let t: TestDb;
let fake: FakeZalo;
let env: Record<string, string>;
const clock = createFakeClock(new Date());

beforeAll(async () => {
  t = await createTestDb();
  fake = await startFakeZalo();
  env = { ZALO_APP_ID: fake.appId, ZALO_APP_SECRET: fake.appSecret, ZALO_OAUTH_ROOT: fake.oauthRoot };
});
afterAll(async () => {
  await fake?.close();
  await t?.drop();
});
beforeEach(async () => {
  await t.sql`delete from platform_tokens`;
});

async function run(args: string[], withEnv: Record<string, string> = env): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await zaloTokenCommand(args, { db: t.db, clock, out: (l) => lines.push(l), inviteLink: async () => '' }, withEnv);
  return { code, out: lines.join('\n') };
}
/** The store as the app builds it, to check that what the CLI stored is usable. */
const appStore = () =>
  createZaloTokenStore({
    db: t.db,
    clock,
    logger: createLogger({ level: 'silent' }),
    oauth: { oauthRoot: fake.oauthRoot, appId: fake.appId, appSecret: fake.appSecret },
  });
const rows = () => t.sql`select * from platform_tokens`;

describe('zalo-token', () => {
  test('an OA admin grants consent: the printed URL carries the challenge of the printed verifier, and the exchanged pair is stored and works', async () => {
    const consent = await run(['consent-url', '--redirect', 'https://chibo.example.vn/zalo/callback']);
    expect(consent.code).toBe(0);
    const url = new URL(/^http\S+/m.exec(consent.out)![0]);
    expect(url.pathname).toBe('/v4/oa/permission');
    expect(url.searchParams.get('redirect_uri')).toBe('https://chibo.example.vn/zalo/callback');
    const verifier = /code_verifier[^:]*: ([A-Za-z0-9_-]{43,})/.exec(consent.out)![1]!;
    expect(consent.out).toContain(`exchange --code <code> --verifier ${verifier}`);

    const code = fake.issueAuthorizationCode({ codeChallenge: url.searchParams.get('code_challenge')! });
    const exchanged = await run(['exchange', '--code', code, '--verifier', verifier]);
    expect(exchanged.code).toBe(0);
    expect(exchanged.out).toMatch(/Đã lưu cặp token Zalo OA \(đã mã hóa\)\. Access token hết hạn lúc \d\d:\d\d ngày/);

    const store = appStore();
    const user = fake.user('Trần Thị Tư');
    const client = createZaloClient({
      apiRoot: fake.apiRoot,
      accessToken: store.accessToken,
      refreshAccessToken: store.refreshAccessToken,
    });
    expect((await client.userDetail(user.id)).displayName).toBe('Trần Thị Tư');
    expect((await run(['status'])).out).toContain('đã cài, đang hoạt động');
  });

  test('a pair pasted from the API Explorer is stored sealed, and the output warns that shell history keeps it', async () => {
    const pair = fake.issueTokenPair();
    const r = await run(['install', '--access', pair.access_token, '--refresh', pair.refresh_token]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('HISTCONTROL=ignorespace');
    expect(r.out).not.toContain(pair.access_token);
    const dump = JSON.stringify(await rows());
    expect(dump).not.toContain(pair.access_token);
    expect(dump).not.toContain(pair.refresh_token);
    expect(await appStore().accessToken()).toBe(pair.access_token);
    const row = await createPlatformTokensRepository({ db: t.db }).find('zalo');
    expect(row!.accessExpiresAt.getTime() - clock.now().getTime()).toBe(90_000_000);
  });

  test('blank token values, a missing one or a bad lifetime are refused, and nothing is stored', async () => {
    for (const args of [
      ['install', '--access', '   ', '--refresh', 'rt'],
      ['install', '--access', 'at', '--refresh', ''],
      ['install', '--access', 'at'],
      ['install', '--access', '--refresh', 'rt'],
      ['install', '--access', 'at', '--refresh', 'rt', '--expires-in', 'một ngày'],
    ]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.out).toMatch(/không được để trống|--expires-in cần/);
    }
    expect(await rows()).toHaveLength(0);
  });

  test("a bad authorization code is explained with Zalo's code in Vietnamese, exit 1, nothing stored", async () => {
    const r = await run(['exchange', '--code', 'ma-khong-ton-tai']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Zalo từ chối (mã -118');
    expect(r.out).toContain('mã ủy quyền không hợp lệ');
    expect(r.out).toContain('Chưa lưu gì');
    const code = fake.issueAuthorizationCode({ codeChallenge: 'challenge-of-another-verifier' });
    expect((await run(['exchange', '--code', code, '--verifier', 'a'.repeat(43)])).code).toBe(1);
    expect(await rows()).toHaveLength(0);
  });

  test('an unreachable Zalo is said so, exit 1, nothing stored', async () => {
    const r = await run(['exchange', '--code', 'abc'], { ...env, ZALO_OAUTH_ROOT: 'http://127.0.0.1:9/' });
    expect(r.code).toBe(1);
    expect(r.out).toContain('Không gọi được máy chủ Zalo (ECONNREFUSED)');
    expect(await rows()).toHaveLength(0);
  });

  test('status says whether a pair is installed, when it expires and last rotated, and how to fix a dead one', async () => {
    const none = await run(['status']);
    expect(none.code).toBe(1);
    expect(none.out).toContain('Chưa cài token Zalo OA');
    expect(none.out).toContain('npm run cli -- zalo-token consent-url');

    clock.set('2026-12-01T08:00:00+07:00');
    const pair = fake.issueTokenPair();
    await run(['install', '--access', pair.access_token, '--refresh', pair.refresh_token]);
    clock.set('2026-12-01T10:30:00+07:00');
    const live = await run(['status']);
    expect(live.code).toBe(0);
    expect(live.out).toContain('Access token hết hạn lúc 09:00 ngày 02/12/2026 (còn 22 giờ 30 phút).');
    expect(live.out).toContain('Lần xoay gần nhất: 08:00 ngày 01/12/2026.');
    expect(live.out).not.toContain(pair.access_token);

    await createPlatformTokensRepository({ db: t.db }).markDead('zalo', { at: new Date('2026-12-01T11:00:00+07:00'), reason: '-14014' });
    const dead = await run(['status']);
    expect(dead.code).toBe(1);
    expect(dead.out).toContain('đã hỏng lúc 11:00 ngày 01/12/2026');
    expect(dead.out).toContain('mã -14014');
    expect(dead.out).toContain('zalo-token consent-url --redirect <url>');
    clock.set(new Date());
  });

  test('a missing sub-command or argument prints the usage or says what is missing, exit 1', async () => {
    for (const args of [[], ['rotate'], ['exchange'], ['exchange', '--code']]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.out).toContain('Cách dùng: npm run cli -- zalo-token');
    }
    for (const redirect of [[], ['--redirect', 'chibo.example.vn/cb'], ['--redirect', '']]) {
      const r = await run(['consent-url', ...redirect]);
      expect(r.code).toBe(1);
      expect(r.out).toContain('--redirect');
    }
  });

  test('without ZALO_APP_ID or ZALO_APP_SECRET the command names the missing variable', async () => {
    const noId = await run(['consent-url', '--redirect', 'https://chibo.example.vn/cb'], {});
    expect(noId).toEqual({ code: 1, out: expect.stringContaining('Thiếu biến môi trường ZALO_APP_ID') });
    const noSecret = await run(['exchange', '--code', 'abc'], { ZALO_APP_ID: fake.appId, ZALO_APP_SECRET: '' });
    expect(noSecret).toEqual({ code: 1, out: expect.stringContaining('Thiếu biến môi trường ZALO_APP_SECRET') });
    const badId = await run(['status'], { ...env, ZALO_APP_ID: 'app-abc' });
    expect(badId).toEqual({ code: 1, out: expect.stringContaining('Biến môi trường ZALO_APP_ID không hợp lệ') });
  });

  test('the command is reachable as `npm run cli -- zalo-token` and listed in the usage', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { DATABASE_URL: t.url, ...env });
    try {
      const r = await runCommand('zalo-token', 'status');
      expect(r.code).toBe(1);
      expect(r.out).toContain('Chưa cài token Zalo OA');
      expect((await runCommand('help')).out).toContain('zalo-token consent-url|exchange|install|status');
    } finally {
      for (const k of ['DATABASE_URL', 'ZALO_APP_ID', 'ZALO_APP_SECRET', 'ZALO_OAUTH_ROOT']) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    }
  });
});
