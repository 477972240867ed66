import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { chatIdentities } from '../../../src/modules/identities/identities.table.js';
import { issueBranchInvites } from '../../../src/modules/invites/invites.usecases.js';
import { bot } from '../../../src/texts/index.js';
import { startHarness, type Harness } from '../../support/app-harness.js';
import { seedBranch, seedMember } from '../../support/seed.js';
import { zaloChatWith, zaloTexts } from '../../support/zalo-chat.js';

// Onboarding on Zalo: follow the OA, share the phone through Zalo's own form, or type an invite code.
let h: Harness;
const chat = zaloChatWith(() => h);
let branchId = 0;

beforeAll(async () => {
  h = await startHarness({ zalo: true });
  const { branch } = await seedBranch(h.tdb.db);
  branchId = branch.id;
  await seedMember(h.tdb.db, branch, { fullName: 'Nguyễn Thị Lan', phone: '0912 345 678' });
  await seedMember(h.tdb.db, branch, { fullName: 'Trần Văn Hùng', phone: '0987654321' });
  await seedMember(h.tdb.db, branch, { fullName: 'Võ Thị Bích', phone: '0977000111', role: 'secretary' });
  await seedMember(h.tdb.db, branch, { fullName: 'Đỗ Văn Cường', phone: '0966000222' });
});
afterAll(async () => h?.close());

const zaloIdentity = async (userId: string) =>
  (
    await h.tdb.db
      .select()
      .from(chatIdentities)
      .where(and(eq(chatIdentities.platform, 'zalo'), eq(chatIdentities.externalId, userId)))
  )[0];

describe('onboarding on Zalo', () => {
  test("following the OA greets the person and asks for the phone with Zalo's share-info form", async () => {
    const lan = h.zalo.user('Lan');
    const sent = await chat.follow(lan);
    expect(sent.map((m) => m.kind)).toEqual(['text', 'request_user_info']);
    expect(sent[0]!.text).toBe(bot.onboarding.askPhone);
  });

  test('submitting a roster phone links the member, whose 19-digit id is kept exactly', async () => {
    const lan = h.zalo.user('Lan');
    await chat.follow(lan);
    const said = zaloTexts(await chat.submitPhone(lan, '84912345678'));
    expect(said).toContain('Nguyễn Thị Lan');
    expect(said).toContain('Chi bộ Khu phố 1');
    const identity = await zaloIdentity(lan.id);
    expect(identity).toMatchObject({ externalId: lan.id, chatId: lan.id });
  });

  test('a phone outside the roster links nothing and points to the bí thư', async () => {
    const stranger = h.zalo.user('Khách');
    expect(zaloTexts(await chat.submitPhone(stranger, '84911000000'))).toBe(bot.onboarding.unknownPhone);
    expect(await zaloIdentity(stranger.id)).toBeUndefined();
  });

  test('an invite code typed as a message links the member it was issued for', async () => {
    const [invite] = (await issueBranchInvites({ branchId, ttlDays: 14 }, { db: h.tdb.db, clock: h.clock })).filter(
      (i) => i.member.fullName === 'Trần Văn Hùng',
    );
    const hung = h.zalo.user('Hùng');
    expect(await chat.say(hung, `Mã của tôi: ${invite!.token}`)).toContain('Trần Văn Hùng');
    expect((await zaloIdentity(hung.id))?.memberId).toBe(invite!.member.id);
  });

  test('any other message from someone unlinked leads back to sharing the phone', async () => {
    const someone = h.zalo.user('Ai đó');
    expect(await chat.say(someone, 'xin chào')).toBe(bot.onboarding.askPhone);
    expect(h.zalo.sent(someone.id).at(-1)?.kind).toBe('request_user_info');
  });

  test('a member who lost their phone is moved to a new Zalo account with the code the bí thư gets from /doitaikhoan', async () => {
    const bich = h.zalo.user('Bích');
    await chat.submitPhone(bich, '84977000111');
    const oldPhone = h.zalo.user('Cường');
    await chat.submitPhone(oldPhone, '84966000222');
    const cuongId = (await zaloIdentity(oldPhone.id))!.memberId;
    const said = await chat.say(bich, '/doitaikhoan 0966000222');
    // Beside the Telegram link, the code to send to the OA on Zalo (no Zalo deep link carries one).
    const code = /gửi mã ([A-Za-z0-9_-]{32})/.exec(said)?.[1];
    expect(said).toContain('https://t.me/');
    expect(said).toContain(`https://zalo.me/${h.zalo.oaId}`);
    expect(code).toBeDefined();
    const newPhone = h.zalo.user('Cường (máy mới)');
    expect(await chat.say(newPhone, code!)).toContain('Đã chuyển sang tài khoản mới');
    expect((await zaloIdentity(newPhone.id))?.memberId).toBe(cuongId);
    expect(await zaloIdentity(oldPhone.id)).toBeUndefined();
  });
});
