import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { attendance, rsvps } from '../../src/modules/meetings/attendance.table.js';
import { meetings } from '../../src/modules/meetings/meetings.table.js';
import type { Member } from '../../src/modules/members/members.repository.js';
import { checkinTexts as t } from '../../src/texts/index.js';
import type { FakeUser } from '../fakes/telegram/index.js';
import { chatWith } from '../support/chat.js';
import { eventually, startHarness, type Harness } from '../support/app-harness.js';
import { seedBranch, seedMember } from '../support/seed.js';

// Check-in at a branch meeting, through the Telegram fake, as the bí thư and members use it.
let h: Harness;
let meetingId: number;
let nam: Member;
const secretary = { id: 8101, first_name: 'Bí thư' };
const lan = { id: 8103, first_name: 'Lan' };
const hung = { id: 8104, first_name: 'Hùng' };
const tu = { id: 8106, first_name: 'Tư' };
const namUser = { id: 8107, first_name: 'Năm' };
const at = (hhmm: string) => `2026-12-03T${hhmm}:00+07:00`;

const { deliver, say } = chatWith(() => h);
/** Press "Có mặt" on the check-in message the member received. */
const press = (user: FakeUser) => deliver(user, h.fake.pressButton(user, `ci:${meetingId}`, checkinMessage(user)!.message_id));
const checkinMessage = (user: FakeUser) =>
  h.fake.sent(user.id).find((m) => JSON.stringify(m.reply_markup ?? '').includes(`"ci:${meetingId}"`));
const lastToast = () => h.fake.callsTo('answerCallbackQuery').at(-1)?.params.text;
const markOf = async (memberId: number) =>
  (
    await h.tdb.db
      .select()
      .from(attendance)
      .where(and(eq(attendance.meetingId, meetingId), eq(attendance.memberId, memberId)))
  )[0];

beforeAll(async () => {
  h = await startHarness({ mode: 'webhook', start: at('19:00') });
  const db = h.tdb.db;
  const { branch } = await seedBranch(db, 'Chi bộ Khu phố 7');
  await seedMember(db, branch, { fullName: 'Phạm Văn Bí', phone: '0914000001', role: 'secretary' });
  await seedMember(db, branch, { fullName: 'Nguyễn Thị Lan', phone: '0914000003' });
  await seedMember(db, branch, { fullName: 'Trần Văn Hùng', phone: '0914000004' });
  await seedMember(db, branch, { fullName: 'Lò Văn Cụ', phone: '0914000005' }); // no chat account
  const tuRow = await seedMember(db, branch, { fullName: 'Võ Thị Tư', phone: '0914000006' });
  nam = await seedMember(db, branch, { fullName: 'Đỗ Văn Năm', phone: '0914000007' });
  await seedMember(db, branch, { fullName: 'Đặng Văn Miễn', phone: '0914000008', status: 'exempt' });
  // Năm missed October's meeting without reason (and one last year, which no longer counts).
  for (const period of ['2025-11', '2026-10']) {
    const [held] = await db
      .insert(meetings)
      .values({ branchId: branch.id, period, date: `${period}-03`, time: '19:30', status: 'held' })
      .returning();
    await db.insert(attendance).values({ meetingId: held!.id, memberId: nam.id, status: 'absent_unexcused' });
  }
  const [row] = await db
    .insert(meetings)
    .values({ branchId: branch.id, period: '2026-12', date: '2026-12-03', time: '19:30' })
    .onConflictDoUpdate({
      target: [meetings.branchId, meetings.period],
      targetWhere: eq(meetings.kind, 'regular'),
      set: { date: '2026-12-03', time: '19:30' },
    })
    .returning();
  meetingId = row!.id;
  await db
    .insert(rsvps)
    .values({ meetingId, memberId: tuRow.id, answer: 'away', reason: 'Đi công tác', answeredAt: new Date(at('08:00')) });
  for (const [user, phone] of [
    [secretary, '84914000001'],
    [lan, '84914000003'],
    [hung, '84914000004'],
    [tu, '84914000006'],
    [namUser, '84914000007'],
  ] as const) {
    await h.fake.deliverToWebhook(h.fake.sendContact(user, { phone_number: phone, user_id: user.id }));
  }
});
afterAll(async () => h?.close());

describe('check-in at the meeting', () => {
  test('an ordinary member cannot open check-in', async () => {
    expect(await say(lan, '/diemdanh')).toContain(t.onlyLeaders);
    expect((await h.tdb.db.select().from(meetings).where(eq(meetings.id, meetingId)))[0]!.checkinOpenedAt).toBeNull();
  });

  test('the bí thư opens check-in and every member with an account gets a "Có mặt" button', async () => {
    h.clock.set(at('19:30'));
    const answer = await say(secretary, '/diemdanh');
    expect(answer).toContain('Đã mở điểm danh');
    expect(answer).toContain('Lò Văn Cụ');
    await eventually(() => expect([lan, hung, tu, namUser, secretary].every((u) => checkinMessage(u))).toBe(true));
  });

  test('a member presses "Có mặt" and is checked in', async () => {
    expect(await press(lan)).toContain(t.checkedIn);
    expect(lastToast()).toBe(t.checkedInToast);
  });

  test('with a code read out in the room, a wrong code is refused and the right one accepted', async () => {
    const answer = await say(secretary, '/diemdanh ma');
    const code = /Mã điểm danh: (\d{4})/.exec(answer)?.[1];
    expect(code).toBeDefined();
    expect(await press(hung)).toContain(t.askCode);
    const wrong = code === '0000' ? '1111' : '0000';
    expect(await say(hung, wrong)).toContain('Mã điểm danh chưa đúng');
    expect(await say(hung, code!)).toContain(t.checkedIn);
    expect(await say(secretary, `/ma ${code}`)).toContain(t.checkedIn);
  });

  test('the bí thư checks in a member without a chat account from the numbered list', async () => {
    const list = await say(secretary, '/danhsach');
    const n = /(\d+)\. Lò Văn Cụ \(chưa có tài khoản\) — chưa điểm danh/.exec(list)?.[1];
    expect(list).toContain('Võ Thị Tư — đã báo vắng: Đi công tác');
    expect(n).toBeDefined();
    expect(await say(secretary, `/comat ${n}`)).toContain(`Đã ghi có mặt: ${n}. Lò Văn Cụ`);
  });

  test('closing gives the bí thư the rate and the flags', async () => {
    h.clock.set(at('19:45'));
    const report = await say(secretary, '/dongdiemdanh');
    expect(report).toContain('Có mặt: 4/6 đồng chí (66,7%)');
    expect(report).toContain('- Võ Thị Tư: Đi công tác');
    expect(report).toContain('chưa đạt yêu cầu trên 85%');
    expect(report).toContain('Có đảng viên vắng không lý do: Đỗ Văn Năm.');
    expect(report).toContain('Đã vắng không lý do 2 tháng trong năm nay: Đỗ Văn Năm.');
    expect(report).not.toContain('Đặng Văn Miễn');
    expect(await markOf(nam.id)).toMatchObject({ status: 'absent_unexcused' });
  });

  test('a press on "Có mặt" after closing changes nothing', async () => {
    expect(await press(namUser)).toContain(t.closed);
    expect(lastToast()).toBe(t.closedToast);
    expect(await markOf(nam.id)).toMatchObject({ status: 'absent_unexcused', checkedInAt: null });
  });

  test('after closing, check-in cannot be reopened, and a reason given late is recorded and accepted', async () => {
    expect(await say(secretary, '/diemdanh')).toContain(t.errors['checkin.already_closed']);
    const n = /(\d+)\. Đỗ Văn Năm — vắng không lý do/.exec(await say(secretary, '/danhsach'))?.[1];
    expect(n).toBeDefined();
    expect(await say(secretary, `/vang ${n} Ốm đột xuất`)).toContain(`/chapnhan ${n}`);
    expect(await markOf(nam.id)).toMatchObject({ status: 'absent_unexcused', reason: 'Ốm đột xuất', reasonAccepted: null });
    expect(await say(secretary, `/chapnhan ${n}`)).toContain(t.reasonAccepted('Đỗ Văn Năm'));
    expect(await markOf(nam.id)).toMatchObject({ status: 'absent_excused', reasonAccepted: true });
    expect(await say(lan, `/chapnhan ${n}`)).toContain(t.onlyLeaders);
  });

  test('recording the end of a meeting shorter than 90 minutes flags it', async () => {
    h.clock.set(at('20:50'));
    expect(await say(secretary, '/ketthuchop')).toContain('80 phút, chưa đủ thời lượng tối thiểu 90 phút');
  });
});
