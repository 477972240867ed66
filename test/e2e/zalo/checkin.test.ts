import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { attendance, rsvps } from '../../../src/modules/meetings/attendance.table.js';
import { meetings } from '../../../src/modules/meetings/meetings.table.js';
import { checkinTexts as t } from '../../../src/texts/index.js';
import { eventually, startHarness, type Harness } from '../../support/app-harness.js';
import { seedBranch, seedMember } from '../../support/seed.js';
import { zaloChatWith } from '../../support/zalo-chat.js';
import { csErrorsTo, joinOnZalo, withButton, type ZaloMember } from '../../support/zalo-flows.js';

// Check-in at the December meeting (3/12/2026, 19:30) of a branch whose members are on Zalo:
// the bí thư runs it by typed commands, members tap «Có mặt» (a hidden query) or type the code.
let h: Harness;
const chat = zaloChatWith(() => h);
let meetingId = 0;
let sec: ZaloMember, lan: ZaloMember, hung: ZaloMember, tu: ZaloMember, nam: ZaloMember, exempt: ZaloMember;
const at = (hhmm: string) => `2026-12-03T${hhmm}:00+07:00`;

const markOf = async (memberId: number) =>
  (
    await h.tdb.db
      .select()
      .from(attendance)
      .where(and(eq(attendance.meetingId, meetingId), eq(attendance.memberId, memberId)))
  )[0];
const tapPresent = (p: ZaloMember) => {
  expect(withButton(h, p.user, `ci:${meetingId}`), `a check-in message for ${p.member.fullName}`).toBeDefined();
  return chat.tap(p.user, `ci:${meetingId}`);
};

beforeAll(async () => {
  h = await startHarness({ zalo: true, start: at('19:00') });
  const db = h.tdb.db;
  const { branch } = await seedBranch(db, 'Chi bộ Khu phố 7');
  const join = (fullName: string, phone: string, extra = {}) => joinOnZalo(h, chat, branch, { fullName, phone, ...extra });
  sec = await join('Phạm Văn Bí', '0914000001', { role: 'secretary' });
  lan = await join('Nguyễn Thị Lan', '0914000003');
  hung = await join('Trần Văn Hùng', '0914000004');
  await seedMember(db, branch, { fullName: 'Lò Văn Cụ', phone: '0914000005' }); // no chat account
  tu = await join('Võ Thị Tư', '0914000006');
  nam = await join('Đỗ Văn Năm', '0914000007');
  exempt = await join('Đặng Văn Miễn', '0914000008', { status: 'exempt' });
  const [row] = await db.insert(meetings).values({ branchId: branch.id, period: '2026-12', date: '2026-12-03', time: '19:30' }).returning();
  meetingId = row!.id;
  await db
    .insert(rsvps)
    .values({ meetingId, memberId: tu.member.id, answer: 'away', reason: 'Đi công tác', answeredAt: new Date(at('08:00')) });
});
afterAll(async () => h?.close());

describe('check-in at the meeting, on Zalo', () => {
  test('an ordinary member cannot open check-in', async () => {
    expect(await chat.say(lan.user, '/diemdanh')).toBe(t.onlyLeaders);
    expect((await h.tdb.db.select().from(meetings).where(eq(meetings.id, meetingId)))[0]!.checkinOpenedAt).toBeNull();
  });

  test('the bí thư opens check-in by typing /diemdanh, and every active member on Zalo gets a «Có mặt» button', async () => {
    h.clock.set(at('19:30'));
    const answer = await chat.say(sec.user, '/diemdanh');
    expect(answer).toContain('Đã mở điểm danh buổi sinh hoạt 19:30, Thứ Năm 03/12/2026');
    expect(answer).toContain('Chưa có tài khoản (xin điểm danh hộ): Lò Văn Cụ.');
    await eventually(() => {
      for (const p of [sec, lan, hung, tu, nam]) expect(withButton(h, p.user, `ci:${meetingId}`)).toBeDefined();
    });
    expect(withButton(h, lan.user, `ci:${meetingId}`)!.buttons).toEqual([
      { title: t.buttonPresent, type: 'oa.query.hide', payload: `ci:${meetingId}` },
    ]);
    expect(withButton(h, exempt.user, `ci:${meetingId}`)).toBeUndefined();
  });

  test('a member taps «Có mặt» and is checked in; the acknowledgement comes back as a message', async () => {
    expect(await tapPresent(lan)).toBe(t.checkedIn);
    expect(await markOf(lan.member.id)).toMatchObject({ status: 'present' });
    expect(await tapPresent(lan)).toBe(t.alreadyPresent);
  });

  test('with a code read out in the room: the tap asks for it, a wrong code is refused, the right one is accepted, and /ma works', async () => {
    const answer = await chat.say(sec.user, '/diemdanh ma');
    const code = /Mã điểm danh: (\d{4})/.exec(answer)?.[1];
    expect(code).toBeDefined();
    expect(await tapPresent(hung)).toBe(t.askCode);
    const wrong = code === '0000' ? '1111' : '0000';
    expect(await chat.say(hung.user, wrong)).toContain('Mã điểm danh chưa đúng');
    expect(await markOf(hung.member.id)).toBeUndefined();
    expect(await chat.say(hung.user, code!)).toBe(t.checkedIn);
    expect(await chat.say(sec.user, `/ma ${code}`)).toBe(t.checkedIn);
    expect(await markOf(hung.member.id)).toMatchObject({ status: 'present' });
    expect(await markOf(sec.member.id)).toMatchObject({ status: 'present' });
  });

  test("the bí thư's /danhsach lists everyone by number, and /comat checks in the member without an account", async () => {
    const list = await chat.say(sec.user, '/danhsach');
    expect(list).toContain('(đang điểm danh)');
    expect(list).toMatch(/\d+\. Nguyễn Thị Lan — có mặt/);
    expect(list).toContain('Võ Thị Tư — đã báo vắng: Đi công tác');
    expect(list).not.toContain('Đặng Văn Miễn');
    const n = /(\d+)\. Lò Văn Cụ \(chưa có tài khoản\) — chưa điểm danh/.exec(list)?.[1];
    expect(n).toBeDefined();
    expect(await chat.say(sec.user, `/comat ${n}`)).toBe(t.markedPresent([`${n}. Lò Văn Cụ`]));
  });

  test('closing gives the bí thư on Zalo the rate and who was absent without reason', async () => {
    h.clock.set(at('19:50'));
    const report = await chat.say(sec.user, '/dongdiemdanh');
    expect(report).toContain('Có mặt: 4/6 đồng chí (66,7%)');
    expect(report).toContain('- Võ Thị Tư: Đi công tác');
    expect(report).toContain('Có đảng viên vắng không lý do: Đỗ Văn Năm.');
    expect(report).not.toContain('Đặng Văn Miễn');
    expect(await markOf(nam.member.id)).toMatchObject({ status: 'absent_unexcused' });
  });

  test('a tap on «Có mặt» after closing is answered kindly and changes nothing', async () => {
    expect(await tapPresent(nam)).toBe(t.closed);
    expect(await markOf(nam.member.id)).toMatchObject({ status: 'absent_unexcused', checkedInAt: null });
    for (const p of [sec, lan, hung, tu, nam, exempt]) expect(csErrorsTo(h, p.user)).toEqual([]);
  });
});
