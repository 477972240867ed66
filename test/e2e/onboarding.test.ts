import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { chatIdentities } from '../../src/modules/identities/identities.table.js';
import { createInvitesRepository } from '../../src/modules/invites/invites.repository.js';
import { bot } from '../../src/texts/index.js';
import { eventually, startHarness, type Harness } from '../support/app-harness.js';
import { seedBranch, seedMember } from '../support/seed.js';

// Onboarding over long polling: the real telegraf client polls the fake Telegram server.
let h: Harness;
const lan = { id: 5001, first_name: 'Lan' };
const hung = { id: 5002, first_name: 'Hùng' };
const stranger = { id: 5003, first_name: 'Khách' };
const minh = { id: 5004, first_name: 'Minh' };

beforeAll(async () => {
  h = await startHarness();
  const { branch } = await seedBranch(h.tdb.db);
  await seedMember(h.tdb.db, branch, { fullName: 'Nguyễn Thị Lan', phone: '0912 345 678' });
  await seedMember(h.tdb.db, branch, { fullName: 'Trần Văn Hùng', phone: '0987654321' });
  await seedMember(h.tdb.db, branch, { fullName: 'Lê Văn Minh', phone: '0903111222' });
});
afterAll(async () => h?.close());

const lastText = (chatId: number) => h.fake.sent(chatId).at(-1)?.text ?? '';
const identityOf = async (userId: number) =>
  (
    await h.tdb.db
      .select()
      .from(chatIdentities)
      .where(eq(chatIdentities.externalId, String(userId)))
  )[0];

describe('onboarding on Telegram', () => {
  test('the command menu is registered in Vietnamese', async () => {
    const [call] = h.fake.callsTo('setMyCommands');
    const commands = call!.params.commands as { command: string; description: string }[];
    expect(commands.map((c) => c.command)).toContain('start');
    expect(commands.find((c) => c.command === 'trogiup')?.description).toBe('Hướng dẫn sử dụng');
  });

  test('an unknown user who sends /start is asked to share their phone number with a contact button', async () => {
    h.fake.sendText(lan, '/start');
    await eventually(() => expect(h.fake.sent(lan.id)).toHaveLength(1));
    const [msg] = h.fake.sent(lan.id);
    expect(msg!.text).toBe(bot.onboarding.askPhone);
    expect(msg!.reply_markup).toMatchObject({ keyboard: [[{ text: bot.onboarding.shareButton, request_contact: true }]] });
  });

  test('sharing their own phone that is in the roster links the account and greets them by name and branch', async () => {
    h.fake.sendContact(lan, { phone_number: '+84912345678', first_name: 'Lan', user_id: lan.id });
    await eventually(() => expect(lastText(lan.id)).toContain('Nguyễn Thị Lan'));
    expect(lastText(lan.id)).toContain('Chi bộ Khu phố 1');
    const identity = await identityOf(lan.id);
    expect(identity?.platform).toBe('telegram');
  });

  test("someone else's contact is refused and links nothing", async () => {
    h.fake.sendContact(hung, { phone_number: '84987654321', first_name: 'Hùng', user_id: 999_999 });
    await eventually(() => expect(lastText(hung.id)).toBe(bot.onboarding.notOwnContact));
    expect(await identityOf(hung.id)).toBeUndefined();
  });

  test('an unknown phone gets a polite pointer to the branch secretary and learns nothing about the roster', async () => {
    h.fake.sendContact(stranger, { phone_number: '84911000000', first_name: 'Khách', user_id: stranger.id });
    await eventually(() => expect(lastText(stranger.id)).toBe(bot.onboarding.unknownPhone));
    expect(lastText(stranger.id)).not.toMatch(/Chi bộ Khu phố|Nguyễn|Trần/);
    expect(await identityOf(stranger.id)).toBeUndefined();
  });

  test('a linked member who sends /start again is greeted, not linked again', async () => {
    const before = await identityOf(lan.id);
    h.fake.sendText(lan, '/start');
    await eventually(() =>
      expect(lastText(lan.id)).toBe(bot.onboarding.greetAgain({ fullName: 'Nguyễn Thị Lan', branchName: 'Chi bộ Khu phố 1' })),
    );
    expect((await identityOf(lan.id))?.linkedAt).toEqual(before?.linkedAt);
  });

  test('a deep-link invite links the member directly, once', async () => {
    const member = (await h.app.db.query.members.findFirst({ where: (m, { eq }) => eq(m.fullName, 'Trần Văn Hùng') }))!;
    const token = await createInvitesRepository({ db: h.tdb.db }).issue({
      memberId: member.id,
      purpose: 'invite',
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    h.fake.sendText(hung, `/start ${token}`);
    await eventually(() => expect(lastText(hung.id)).toContain('Trần Văn Hùng'));
    expect((await identityOf(hung.id))?.memberId).toBe(member.id);

    // The same link opened from another account does nothing.
    h.fake.sendText(stranger, `/start ${token}`);
    await eventually(() => expect(lastText(stranger.id)).toBe(bot.onboarding.invalidInvite));
    expect(await identityOf(stranger.id)).toBeUndefined();
  });

  test('an expired invite is refused', async () => {
    const member = (await h.app.db.query.members.findFirst({ where: (m, { eq }) => eq(m.fullName, 'Lê Văn Minh') }))!;
    const token = await createInvitesRepository({ db: h.tdb.db }).issue({
      memberId: member.id,
      purpose: 'invite',
      expiresAt: new Date(h.clock.now().getTime() - 1000),
    });
    h.fake.sendText(minh, `/start ${token}`);
    await eventually(() => expect(lastText(minh.id)).toBe(bot.onboarding.invalidInvite));
    expect(await identityOf(minh.id)).toBeUndefined();
  });

  test('a member already on another Telegram account cannot be taken over by sharing the same phone', async () => {
    const thief = { id: 5099, first_name: 'X' };
    // Telegram verifies contacts, but a SIM can change hands: moving accounts is the bí thư's call.
    h.fake.sendContact(thief, { phone_number: '84912345678', user_id: thief.id });
    await eventually(() => expect(lastText(thief.id)).toBe(bot.onboarding.memberHasOtherAccount));
    expect((await identityOf(lan.id))?.externalId).toBe(String(lan.id));
    expect(await identityOf(thief.id)).toBeUndefined();
  });
});
