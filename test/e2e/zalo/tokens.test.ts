import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { createIdentitiesRepository } from '../../../src/modules/identities/identities.repository.js';
import { createUnitRolesRepository } from '../../../src/modules/unit-roles/unit-roles.repository.js';
import { createOutboxRepository } from '../../../src/modules/outbox/outbox.repository.js';
import { outbox } from '../../../src/modules/outbox/outbox.table.js';
import { zaloTexts } from '../../../src/texts/index.js';
import type { FakeZaloUser } from '../../fakes/zalo/index.js';
import { eventually, startHarness, type Harness } from '../../support/app-harness.js';
import { seedBranch, seedMember } from '../../support/seed.js';
import { zaloChatWith } from '../../support/zalo-chat.js';

// The OA's OAuth pair rotates by itself; when Zalo kills it, admins hear of it and nothing is lost.
let h: Harness;
const chat = zaloChatWith(() => h);
let lan: FakeZaloUser;
let lanId = 0;
const admin = { id: 7101, first_name: 'Quản trị' };
const DAY = 86_400_000;

beforeAll(async () => {
  h = await startHarness({ zalo: true, env: { OUTBOX_SWEEP_MS: '1000' } });
  const { branch, committee } = await seedBranch(h.tdb.db);
  lanId = (await seedMember(h.tdb.db, branch, { fullName: 'Nguyễn Thị Lan', phone: '0912345678' })).id;
  const adminMember = await seedMember(h.tdb.db, branch, { fullName: 'Phạm Quản Trị', phone: '0909000111' });
  await createUnitRolesRepository({ db: h.tdb.db }).grant(adminMember.id, 'admin', committee.id);
  await createIdentitiesRepository({ db: h.tdb.db }).link({
    memberId: adminMember.id,
    platform: 'telegram',
    externalId: String(admin.id),
    chatId: String(admin.id),
    at: h.clock.now(),
  });
  lan = h.zalo.user('Lan');
  await chat.submitPhone(lan, '84912345678');
});
afterAll(async () => h?.close());

/** A reminder written for Lan on Zalo, as a sweep would. */
async function remindLan(text: string): Promise<number> {
  const [id] = await createOutboxRepository({ db: h.tdb.db }).add(
    [{ platform: 'zalo', chatId: lan.id, memberId: lanId, message: { kind: 'text', text } }],
    h.clock.now(),
  );
  return id!;
}
const rowOf = async (id: number) => (await h.tdb.db.select().from(outbox).where(eq(outbox.id, id)))[0]!;

describe('Zalo OA tokens', () => {
  test('over four months without a human the token rotates every day and messages keep going out', async () => {
    const refreshesBefore = h.zalo.refreshCalls;
    for (let day = 0; day < 120; day++) {
      h.clock.advance(DAY);
      // What the 15-minute 'zalo-token' sweep does.
      await h.app.zaloTokens!.ensureFresh();
    }
    // The first pair's refresh token (3 months) is long dead: only rotation kept the OA usable.
    expect(h.zalo.refreshCalls - refreshesBefore).toBeGreaterThanOrEqual(100);
    expect(await chat.say(lan, '/toi')).toContain('Nguyễn Thị Lan');
  }, 60_000);

  test('an access token Zalo rejects is refreshed once and the message still goes out', async () => {
    h.zalo.revokeAccessTokens();
    const refreshes = h.zalo.refreshCalls;
    expect(await chat.say(lan, '/toi')).toContain('Nguyễn Thị Lan');
    expect(h.zalo.refreshCalls).toBe(refreshes + 1);
  });

  test('a dead refresh token alerts the admins on Telegram, holds Zalo messages without losing them, and a new pair sends them', async () => {
    h.zalo.revokeAccessTokens();
    h.zalo.revokeRefreshTokens();
    const id = await remindLan('Nhắc lịch sinh hoạt chi bộ');
    // The outbox sweep takes rows older than a few seconds; its try meets -220, then -14014.
    h.clock.advance(10_000);
    await eventually(() => expect(h.fake.sent(admin.id).map((m) => m.text)).toContain(zaloTexts.consentLost('-14014')), 30_000);
    // Delivery tries while consent is missing: the message waits, its attempts untouched.
    await eventually(async () => expect((await rowOf(id)).lastError ?? '').toMatch(/^paused/), 20_000);
    expect(await rowOf(id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(h.zalo.sent(lan.id).some((m) => m.text === 'Nhắc lịch sinh hoạt chi bộ')).toBe(false);

    // An admin grants consent again (the CLI's `zalo-token install` / `exchange` do exactly this).
    const pair = h.zalo.issueTokenPair();
    await h.app.zaloTokens!.install({
      accessToken: pair.access_token,
      refreshToken: pair.refresh_token,
      expiresInSec: Number(pair.expires_in),
    });
    h.clock.advance(10 * 60_000);
    await eventually(() => expect(h.zalo.sent(lan.id).some((m) => m.text === 'Nhắc lịch sinh hoạt chi bộ')).toBe(true), 30_000);
    // The fake records the send before the row is marked sent.
    await eventually(async () => expect(await rowOf(id)).toMatchObject({ status: 'sent' }));
    // One alert per day, however many sends were refused.
    expect(h.fake.sent(admin.id).filter((m) => m.text === zaloTexts.consentLost('-14014'))).toHaveLength(1);
  }, 60_000);
});
