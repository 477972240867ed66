import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { rsvps } from '../../src/modules/meetings/attendance.table.js';
import { meetings } from '../../src/modules/meetings/meetings.table.js';
import { remindNonResponders, sendMeetingNotice } from '../../src/modules/meetings/notice.usecases.js';
import type { Member } from '../../src/modules/members/members.repository.js';
import { unitRoles } from '../../src/modules/unit-roles/unit-roles.table.js';
import { bot, rsvpTexts } from '../../src/texts/index.js';
import { startHarness, type Harness } from '../support/app-harness.js';
import { seedBranch, seedMember } from '../support/seed.js';

// A month's notice and answers, as members and the bí thư see them in Telegram.
let h: Harness;
const secretary = { id: 9101, first_name: 'Bí thư' };
const lan = { id: 9102, first_name: 'Lan' };
const hung = { id: 9103, first_name: 'Hùng' };
const exempt = { id: 9105, first_name: 'Miễn' };
const supervisor = { id: 9106, first_name: 'Phụ trách' };
const otherSecretary = { id: 9107, first_name: 'Bí thư khác' };
type User = typeof lan;

let meetingId: number;
let oldMeetingId: number;
let tu: Member;
const ids: Record<number, number> = {};

async function deliver(outboxIds: number[]) {
  for (const id of outboxIds) {
    await h.app.deliver(id);
  }
}
const texts = (u: User) => h.fake.sent(u.id).map((m) => m.text ?? '');
const lastText = (u: User) => texts(u).at(-1) ?? '';
const notices = (u: User) => h.fake.sent(u.id).filter((m) => m.text?.startsWith('THÔNG BÁO SINH HOẠT CHI BỘ'));
const callbackData = (m: { reply_markup?: unknown }) =>
  ((m.reply_markup as { inline_keyboard?: { callback_data: string }[][] } | undefined)?.inline_keyboard ?? [])
    .flat()
    .map((b) => b.callback_data);
const say = (u: User, t: string) => h.fake.deliverToWebhook(h.fake.sendText(u, t));
async function press(u: User, data: string, messageId?: number) {
  const before = h.fake.callsTo('answerCallbackQuery').length;
  await h.fake.deliverToWebhook(h.fake.pressButton(u, data, messageId));
  const calls = await h.fake.waitForCalls('answerCallbackQuery', before + 1);
  return calls.at(-1)!.params.text as string | undefined;
}
const rsvpOf = async (memberId: number, meeting = meetingId) =>
  (
    await h.tdb.db
      .select()
      .from(rsvps)
      .where(and(eq(rsvps.meetingId, meeting), eq(rsvps.memberId, memberId)))
  )[0];
const allRsvps = async () => h.tdb.db.select().from(rsvps);

beforeAll(async () => {
  h = await startHarness({ mode: 'webhook', start: '2026-11-28T09:00:00+07:00' });
  const db = h.tdb.db;
  const { branch } = await seedBranch(db, 'Chi bộ Khu phố 5');
  const { branch: other } = await seedBranch(db, 'Chi bộ Khu phố 6');
  const people: [User | null, Parameters<typeof seedMember>[2], typeof branch][] = [
    [secretary, { fullName: 'Phạm Văn Bí', phone: '0913000001', role: 'secretary' }, branch],
    [lan, { fullName: 'Nguyễn Thị Lan', phone: '0913000002' }, branch],
    [hung, { fullName: 'Trần Văn Hùng', phone: '0913000003' }, branch],
    [exempt, { fullName: 'Đặng Văn Miễn', phone: '0913000005', status: 'exempt' }, branch],
    [supervisor, { fullName: 'Đinh Văn Phụ Trách', phone: '0913000006' }, other],
    [otherSecretary, { fullName: 'Hoàng Văn Khác', phone: '0913000007', role: 'secretary' }, other],
  ];
  for (const [user, m, b] of people) {
    const row = await seedMember(db, b, m);
    if (user) ids[user.id] = row.id;
  }
  // An elderly member without a chat account: the bí thư answers for her.
  tu = await seedMember(db, branch, { fullName: 'Võ Thị Tư', phone: '0913000004' });
  await db.insert(unitRoles).values({ orgUnitId: branch.id, memberId: ids[supervisor.id]!, role: 'supervisor' });
  for (const [user, m] of people) {
    await h.fake.deliverToWebhook(h.fake.sendContact(user!, { phone_number: m.phone, user_id: user!.id }));
  }
  const [old] = await db
    .insert(meetings)
    .values({ branchId: branch.id, period: '2026-11', date: '2026-11-03', time: '19:30', place: 'Nhà văn hóa khu phố', status: 'held' })
    .returning();
  const [next] = await db
    .insert(meetings)
    .values({ branchId: branch.id, period: '2026-12', date: '2026-12-03', time: '19:30', place: 'Nhà văn hóa khu phố' })
    .returning();
  oldMeetingId = old!.id;
  meetingId = next!.id;
});
afterAll(async () => h?.close());

describe('the meeting notice', () => {
  test('reaches every active member with the two buttons and the supervisor without buttons, not exempt members', async () => {
    const r = await sendMeetingNotice({ meetingId }, { db: h.tdb.db, clock: h.clock });
    expect(r.unreachable).toEqual([tu.id]);
    await deliver(r.outboxIds);
    for (const u of [secretary, lan, hung]) {
      const [notice] = notices(u);
      expect(notice?.text).toContain('19:30, Thứ Năm 03/12/2026');
      expect(notice?.text).toContain('Nhà văn hóa khu phố');
      expect(callbackData(notice!)).toEqual([`rsvp:${meetingId}:y`, `rsvp:${meetingId}:n`]);
    }
    const [forSupervisor] = notices(supervisor);
    expect(forSupervisor?.text).toContain('để biết');
    expect(callbackData(forSupervisor!)).toEqual([]);
    expect(notices(exempt)).toHaveLength(0);
  });

  test('sending it twice sends once; moving the meeting sends it again', async () => {
    expect((await sendMeetingNotice({ meetingId }, { db: h.tdb.db, clock: h.clock })).outboxIds).toEqual([]);
    await h.tdb.db.update(meetings).set({ date: '2026-12-04' }).where(eq(meetings.id, meetingId));
    const moved = await sendMeetingNotice({ meetingId }, { db: h.tdb.db, clock: h.clock });
    await deliver(moved.outboxIds);
    expect(moved.outboxIds).toHaveLength(4);
    expect(notices(lan)).toHaveLength(2);
    expect(notices(lan)[1]!.text).toContain('Thứ Sáu 04/12/2026');
    expect(notices(supervisor)).toHaveLength(2);
    // Back to the 3rd: that notice went out already.
    await h.tdb.db.update(meetings).set({ date: '2026-12-03' }).where(eq(meetings.id, meetingId));
    expect((await sendMeetingNotice({ meetingId }, { db: h.tdb.db, clock: h.clock })).outboxIds).toEqual([]);
  });
});

describe('answering', () => {
  test('"Tham dự" is recorded and confirmed', async () => {
    const toast = await press(lan, `rsvp:${meetingId}:y`, notices(lan)[0]!.message_id);
    expect(toast).toBe(rsvpTexts.savedToast);
    expect(lastText(lan)).toContain('Đã ghi nhận: đồng chí tham dự');
    expect(await rsvpOf(ids[lan.id]!)).toMatchObject({ answer: 'attend', reason: null });
  });

  test('"Vắng" asks for the reason and the next message is stored as the reason', async () => {
    await press(hung, `rsvp:${meetingId}:n`);
    expect(lastText(hung)).toBe(rsvpTexts.askReason);
    await say(hung, 'Đi công tác Đà Nẵng');
    expect(lastText(hung)).toContain('Lý do: Đi công tác Đà Nẵng');
    expect(await rsvpOf(ids[hung.id]!)).toMatchObject({ answer: 'away', reason: 'Đi công tác Đà Nẵng' });
  });

  test('a member changes the answer before the meeting', async () => {
    await press(lan, `rsvp:${meetingId}:n`);
    await say(lan, 'Con ốm');
    expect(await rsvpOf(ids[lan.id]!)).toMatchObject({ answer: 'away', reason: 'Con ốm' });
    await press(lan, `rsvp:${meetingId}:y`);
    expect(await rsvpOf(ids[lan.id]!)).toMatchObject({ answer: 'attend', reason: null });
  });

  test('a button of an old meeting gets "đã qua" and changes nothing', async () => {
    expect(await press(lan, `rsvp:${oldMeetingId}:n`)).toBe(rsvpTexts.passedToast);
    expect(lastText(lan)).toContain('Cuộc họp này đã qua');
    expect(await rsvpOf(ids[lan.id]!, oldMeetingId)).toBeUndefined();
  });

  test('forged button data changes nothing', async () => {
    const before = await allRsvps();
    for (const data of ['rsvp:abc:y', `rsvp:${meetingId}:maybe`, 'rsvp:99999999:y', `rsvp:${meetingId}:y:1:2`, 'rsvp:']) {
      expect(await press(lan, data)).toBe(bot.buttons.stale);
    }
    // An ordinary member answering for someone else.
    expect(await press(lan, `rsvp:${meetingId}:n:${tu.id}`)).toBe(rsvpTexts.forbidden);
    expect(await allRsvps()).toEqual(before);
  });

  test("a secretary of another branch cannot answer for this branch's member", async () => {
    expect(await press(otherSecretary, `rsvp:${meetingId}:y:${tu.id}`)).toBe(rsvpTexts.forbidden);
    expect(await rsvpOf(tu.id)).toBeUndefined();
  });
});

describe("the bí thư's tools", () => {
  test('a member trying /dangkythay or /tinhhinh is refused kindly', async () => {
    await say(hung, '/dangkythay');
    expect(lastText(hung)).toBe(rsvpTexts.onlyLeaders);
    await say(hung, '/tinhhinh');
    expect(lastText(hung)).toBe(rsvpTexts.onlyLeaders);
  });

  test('the bí thư records the answer of a member without a chat account', async () => {
    await say(secretary, '/dangkythay');
    const list = lastText(secretary);
    expect(list).toContain('Võ Thị Tư (chưa có tài khoản) — chưa trả lời');
    expect(list).not.toContain('Đặng Văn Miễn');
    const n = /(\d+)\. Võ Thị Tư/.exec(list)![1]!;
    await say(secretary, '99');
    expect(lastText(secretary)).toBe(rsvpTexts.proxyBadNumber(4));
    await say(secretary, n);
    const choose = h.fake.sent(secretary.id).at(-1)!;
    expect(choose.text).toContain('Võ Thị Tư');
    expect(callbackData(choose)).toEqual([`rsvp:${meetingId}:y:${tu.id}`, `rsvp:${meetingId}:n:${tu.id}`]);
    await press(secretary, `rsvp:${meetingId}:n:${tu.id}`, choose.message_id);
    expect(lastText(secretary)).toBe(rsvpTexts.askReasonFor('Võ Thị Tư'));
    await say(secretary, 'Nằm viện');
    expect(lastText(secretary)).toContain('đồng chí Võ Thị Tư vắng');
    expect(await rsvpOf(tu.id)).toMatchObject({ answer: 'away', reason: 'Nằm viện', recordedByMemberId: ids[secretary.id] });
  });

  test("the bí thư's summary shows who comes, who is away and why, who has not answered", async () => {
    await say(secretary, '/tinhhinh');
    const summary = lastText(secretary);
    expect(summary).toContain('Đảng viên phải dự: 4');
    expect(summary).toContain('Tham dự: 1\n- Nguyễn Thị Lan');
    expect(summary).toContain('- Trần Văn Hùng: Đi công tác Đà Nẵng');
    expect(summary).toContain('- Võ Thị Tư: Nằm viện');
    expect(summary).toContain('Chưa trả lời: 1\n- Phạm Văn Bí');
  });

  test('the commands are in the Telegram menu', () => {
    const commands = h.fake.callsTo('setMyCommands').at(-1)!.params.commands as { command: string }[];
    expect(commands.map((c) => c.command)).toEqual(expect.arrayContaining(['tinhhinh', 'dangkythay']));
  });
});

describe('the day before and the meeting itself', () => {
  test('the day-before reminder goes only to those who have not answered', async () => {
    h.clock.set('2026-12-02T08:00:00+07:00');
    const before = { lan: texts(lan).length, hung: texts(hung).length };
    const r = await remindNonResponders({ meetingId }, { db: h.tdb.db, clock: h.clock });
    await deliver(r.outboxIds);
    expect(r.outboxIds).toHaveLength(1);
    expect(lastText(secretary)).toContain('ngày mai');
    expect(callbackData(h.fake.sent(secretary.id).at(-1)!)).toEqual([`rsvp:${meetingId}:y`, `rsvp:${meetingId}:n`]);
    expect({ lan: texts(lan).length, hung: texts(hung).length }).toEqual(before);
  });

  test('a press after the meeting started gets "đã qua" and changes nothing', async () => {
    h.clock.set('2026-12-03T19:45:00+07:00');
    expect(await press(lan, `rsvp:${meetingId}:n`, notices(lan)[0]!.message_id)).toBe(rsvpTexts.passedToast);
    expect(lastText(lan)).toBe(rsvpTexts.passed);
    expect(await rsvpOf(ids[lan.id]!)).toMatchObject({ answer: 'attend' });
  });
});
