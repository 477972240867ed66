import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog } from '../../src/modules/audit/audit.table.js';
import { chatIdentities } from '../../src/modules/identities/identities.table.js';
import { unitRoles } from '../../src/modules/unit-roles/unit-roles.table.js';
import { bot } from '../../src/texts/index.js';
import { eventually, startHarness, type Harness } from '../support/app-harness.js';
import { seedBranch, seedMember } from '../support/seed.js';

// Moving a member to a new Telegram account, and how the bot answers what it does not know.
let h: Harness;
const secretary = { id: 7001, first_name: 'Bí thư' };
const member = { id: 7002, first_name: 'Đảng viên' };
const newPhoneOfMember = { id: 7003, first_name: 'Đảng viên (máy mới)' };
const otherSecretary = { id: 7004, first_name: 'Bí thư khác' };
const committeeAdmin = { id: 7005, first_name: 'Quản trị' };

const lastText = (chatId: number) => h.fake.sent(chatId).at(-1)?.text ?? '';
const link = async (user: { id: number; first_name: string }, phone: string) => {
  const before = h.fake.sent(user.id).length;
  h.fake.sendContact(user, { phone_number: phone, user_id: user.id });
  await eventually(() => expect(h.fake.sent(user.id).length).toBeGreaterThan(before));
};

beforeAll(async () => {
  h = await startHarness();
  const db = h.tdb.db;
  const { committee, branch } = await seedBranch(db, 'Chi bộ 1');
  const { branch: other } = await seedBranch(db, 'Chi bộ 2');
  await seedMember(db, branch, { fullName: 'Phạm Văn Bí', phone: '0911000001', role: 'secretary' });
  await seedMember(db, branch, { fullName: 'Đỗ Thị Viên', phone: '0911000002' });
  await seedMember(db, other, { fullName: 'Hoàng Văn Khác', phone: '0911000004', role: 'secretary' });
  const adminRow = await seedMember(db, other, { fullName: 'Vũ Quản Trị', phone: '0911000005' });
  await db.insert(unitRoles).values({ orgUnitId: committee.id, memberId: adminRow.id, role: 'admin' });
  for (const [u, p] of [
    [secretary, '0911000001'],
    [member, '0911000002'],
    [otherSecretary, '0911000004'],
    [committeeAdmin, '0911000005'],
  ] as const) {
    await link(u, p);
  }
});
afterAll(async () => h?.close());

describe('moving a member to a new Telegram account', () => {
  test('an ordinary member cannot issue a relink', async () => {
    h.fake.sendText(member, '/doitaikhoan 0911000002');
    await eventually(() => expect(lastText(member.id)).toBe(bot.relink.onlySecretary));
  });

  test("a secretary of another branch cannot move this branch's member, and learns nothing", async () => {
    h.fake.sendText(otherSecretary, '/doitaikhoan 0911000002');
    await eventually(() => expect(lastText(otherSecretary.id)).toBe(bot.relink.notInScope));
    h.fake.sendText(otherSecretary, '/doitaikhoan 0999999999');
    await eventually(() => expect(h.fake.sent(otherSecretary.id).filter((m) => m.text === bot.relink.notInScope)).toHaveLength(2));
  });

  test("the branch's bí thư issues a relink link and the member's new account takes over", async () => {
    h.fake.sendText(secretary, '/doitaikhoan 0911 000 002');
    await eventually(() => expect(lastText(secretary.id)).toContain('https://t.me/'));
    const url = /https:\/\/t\.me\/\S+\?start=([A-Za-z0-9_-]+)/.exec(lastText(secretary.id))!;
    expect(url[0]).toContain(h.fake.botUsername);

    h.fake.sendText(newPhoneOfMember, `/start ${url[1]}`);
    await eventually(() => expect(lastText(newPhoneOfMember.id)).toContain('Đỗ Thị Viên'));
    const rows = await h.tdb.db
      .select()
      .from(chatIdentities)
      .where(eq(chatIdentities.externalId, String(member.id)));
    expect(rows).toHaveLength(0);
    const audit = await h.tdb.db.select().from(auditLog).where(eq(auditLog.action, 'identity.relink'));
    expect(audit).toHaveLength(1);
  });

  test('an admin of the committee above can move a member of any branch under it', async () => {
    h.fake.sendText(committeeAdmin, '/doitaikhoan 0911000004');
    await eventually(() => expect(lastText(committeeAdmin.id)).toContain('https://t.me/'));
  });
});

describe('answers to what the bot does not expect', () => {
  test('an old or forged button press is acknowledged kindly and changes nothing', async () => {
    const before = h.fake.callsTo('answerCallbackQuery').length;
    h.fake.injectUpdate({
      callback_query: {
        id: 'cb-1',
        from: { ...member, is_bot: false },
        chat_instance: 'x',
        data: 'rsvp:999:yes',
        message: { message_id: 1, date: 1, chat: { id: member.id, type: 'private' } },
      },
    });
    const calls = await h.fake.waitForCalls('answerCallbackQuery', before + 1);
    expect(calls.at(-1)!.params).toMatchObject({ callback_query_id: 'cb-1', text: bot.buttons.stale });
  });

  test('free text from a linked member gets a pointer to the help', async () => {
    h.fake.sendText(secretary, 'xin chào');
    await eventually(() => expect(lastText(secretary.id)).toBe(bot.account.notUnderstood));
  });

  test('the help lists the secretary-only command only to the secretary', async () => {
    h.fake.sendText(secretary, '/trogiup');
    await eventually(() => expect(lastText(secretary.id)).toContain('/doitaikhoan'));
    h.fake.sendText(otherSecretary, '/trogiup');
    h.fake.sendText(newPhoneOfMember, '/trogiup');
    await eventually(() => expect(lastText(newPhoneOfMember.id)).toContain('/toi'));
    expect(lastText(newPhoneOfMember.id)).not.toContain('/doitaikhoan');
  });
});
