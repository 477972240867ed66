import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import { rsvps } from '../../../src/modules/meetings/attendance.table.js';
import { meetings } from '../../../src/modules/meetings/meetings.table.js';
import type { Member } from '../../../src/modules/members/members.repository.js';
import { ensureRegularMeetings } from '../../../src/modules/meetings/schedule.usecases.js';
import { createOrgUnitsRepository } from '../../../src/modules/org-units/org-units.repository.js';
import { outbox } from '../../../src/modules/outbox/outbox.table.js';
import { bot, rsvpTexts } from '../../../src/texts/index.js';
import { eventually, startHarness, type Harness } from '../../support/app-harness.js';
import { createCycleDriver } from '../../support/cycle-driver.js';
import { seedBranch, seedMember } from '../../support/seed.js';
import { zaloButtonsOf, zaloChatWith } from '../../support/zalo-chat.js';
import { countTo, csErrorsTo, joinOnZalo, noticesTo, type ZaloMember } from '../../support/zalo-flows.js';

// The notice of the December meeting (Thursday 3/12/2026, 19:30) and the members' answers,
// all on Zalo: a button tap reaches us as a message carrying its hidden payload, and every
// acknowledgement comes back as a message (Zalo has no toast).
let h: Harness;
let cycle: ReturnType<typeof createCycleDriver>;
const chat = zaloChatWith(() => h);
let meetingId = 0;
let oldMeetingId = 0;
let sec: ZaloMember, lan: ZaloMember, hung: ZaloMember, exempt: ZaloMember;
let tu: Member;

const rsvpOf = async (memberId: number, meeting = meetingId) =>
  (
    await h.tdb.db
      .select()
      .from(rsvps)
      .where(and(eq(rsvps.meetingId, meeting), eq(rsvps.memberId, memberId)))
  )[0];

beforeAll(async () => {
  h = await startHarness({ zalo: true, start: '2026-11-28T09:00:00+07:00' });
  cycle = createCycleDriver(h);
  const db = h.tdb.db;
  const { branch } = await seedBranch(db, 'Chi bộ Khu phố 5');
  await createOrgUnitsRepository({ db }).updateSettings(branch.id, { meetingPlace: 'Nhà văn hóa khu phố' });
  sec = await joinOnZalo(h, chat, branch, { fullName: 'Phạm Văn Bí', phone: '0913000001', role: 'secretary' });
  lan = await joinOnZalo(h, chat, branch, { fullName: 'Nguyễn Thị Lan', phone: '0913000002' });
  hung = await joinOnZalo(h, chat, branch, { fullName: 'Trần Văn Hùng', phone: '0913000003' });
  exempt = await joinOnZalo(h, chat, branch, { fullName: 'Đặng Văn Miễn', phone: '0913000005', status: 'exempt' });
  // An elderly member without any chat account.
  tu = await seedMember(db, branch, { fullName: 'Võ Thị Tư', phone: '0913000004' });
  const [old] = await db
    .insert(meetings)
    .values({ branchId: branch.id, period: '2026-11', date: '2026-11-03', time: '19:30', status: 'held' })
    .returning();
  oldMeetingId = old!.id;
  await ensureRegularMeetings({ periods: ['2026-12'], branchIds: [branch.id] }, { db, clock: h.clock });
  meetingId = (
    await db
      .select()
      .from(meetings)
      .where(and(eq(meetings.branchId, branch.id), eq(meetings.period, '2026-12')))
  )[0]!.id;
});
afterAll(async () => {
  await cycle?.close();
  await h?.close();
});

describe('the notice on Zalo', () => {
  test('three days before, every active member on Zalo gets the notice with "Tham dự" and "Vắng (có lý do)" buttons that answer for this meeting', async () => {
    await cycle.sweepAt('2026-11-30T08:00');
    await eventually(() => {
      for (const p of [sec, lan, hung]) expect(noticesTo(h, p.user)).toHaveLength(1);
    });
    const notice = noticesTo(h, lan.user)[0]!;
    expect(notice.text).toContain('19:30, Thứ Năm 03/12/2026');
    expect(notice.text).toContain('Nhà văn hóa khu phố');
    expect(notice.buttons).toEqual([
      { title: rsvpTexts.buttonAttend, type: 'oa.query.hide', payload: `rsvp:${meetingId}:y` },
      { title: rsvpTexts.buttonAway, type: 'oa.query.hide', payload: `rsvp:${meetingId}:n` },
    ]);
    expect(noticesTo(h, exempt.user)).toHaveLength(0);
  });

  test('sweeping again the same day sends nothing twice', async () => {
    await cycle.sweepAt('2026-11-30T14:00');
    const written = await h.tdb.db
      .select()
      .from(outbox)
      .where(like(outbox.dedupeKey, `notice:${meetingId}:%`));
    expect(written.map((r) => r.memberId).sort()).toEqual([sec, lan, hung].map((p) => p.member.id).sort());
    for (const p of [sec, lan, hung]) expect(noticesTo(h, p.user)).toHaveLength(1);
  });
});

describe('answering by tapping', () => {
  test('tapping "Tham dự" records the answer, and the confirmation comes back as a message', async () => {
    h.clock.set('2026-11-30T19:00:00+07:00');
    const said = await chat.tap(lan.user, zaloButtonsOf(noticesTo(h, lan.user)[0])[0]!);
    expect(said).toContain('Đã ghi nhận: đồng chí tham dự buổi sinh hoạt 19:30, Thứ Năm 03/12/2026');
    expect(await rsvpOf(lan.member.id)).toMatchObject({ answer: 'attend', reason: null });
  });

  test('tapping "Vắng (có lý do)" asks for the reason, and the next message is kept as the reason', async () => {
    expect(await chat.tap(hung.user, zaloButtonsOf(noticesTo(h, hung.user)[0])[1]!)).toBe(rsvpTexts.askReason);
    expect(await chat.say(hung.user, 'Đi công tác Đà Nẵng')).toContain('Lý do: Đi công tác Đà Nẵng');
    expect(await rsvpOf(hung.member.id)).toMatchObject({ answer: 'away', reason: 'Đi công tác Đà Nẵng' });
  });

  test('a member changes the answer by tapping again', async () => {
    await chat.tap(lan.user, `rsvp:${meetingId}:n`);
    await chat.say(lan.user, 'Con ốm');
    expect(await rsvpOf(lan.member.id)).toMatchObject({ answer: 'away', reason: 'Con ốm' });
    await chat.tap(lan.user, `rsvp:${meetingId}:y`);
    expect(await rsvpOf(lan.member.id)).toMatchObject({ answer: 'attend', reason: null });
  });

  test('an old meeting\'s button gets a kind "đã qua" message and changes nothing', async () => {
    expect(await chat.tap(lan.user, `rsvp:${oldMeetingId}:n`)).toBe(rsvpTexts.passed);
    expect(await rsvpOf(lan.member.id, oldMeetingId)).toBeUndefined();
    expect(await rsvpOf(lan.member.id)).toMatchObject({ answer: 'attend' });
  });

  test('a button payload that matches no meeting gets "no longer valid" as a message and changes nothing', async () => {
    const before = await h.tdb.db.select().from(rsvps);
    expect(await chat.tap(lan.user, 'rsvp:99999999:y')).toBe(bot.buttons.stale);
    // An ordinary member cannot answer for someone else with a crafted payload.
    expect(await chat.tap(lan.user, `rsvp:${meetingId}:n:${tu.id}`)).toBe(rsvpTexts.forbidden);
    expect(await h.tdb.db.select().from(rsvps)).toEqual(before);
  });
});

describe("the bí thư's view on Zalo", () => {
  test('/tinhhinh counts who comes, who is away and why, and who has not answered', async () => {
    const summary = await chat.say(sec.user, '/tinhhinh');
    expect(summary).toContain('Đảng viên phải dự: 4');
    expect(summary).toContain('Tham dự: 1\n- Nguyễn Thị Lan');
    expect(summary).toContain('Báo vắng: 1\n- Trần Văn Hùng: Đi công tác Đà Nẵng');
    expect(summary).toContain('Chưa trả lời: 2\n- Phạm Văn Bí\n- Võ Thị Tư (chưa có tài khoản)');
    expect(summary).not.toContain('Đặng Văn Miễn');
  });

  test('an ordinary member asking for /tinhhinh is refused kindly', async () => {
    expect(await chat.say(hung.user, '/tinhhinh')).toBe(rsvpTexts.onlyLeaders);
  });
});

describe('the day before and the meeting itself', () => {
  test('the day before, only the member on Zalo who has not answered is reminded, with the same buttons', async () => {
    await cycle.sweepAt('2026-12-02T08:00');
    await eventually(() => expect(countTo(h, sec.user, 'Nhắc lịch: ngày mai')).toBe(1));
    const reminder = h.zalo.sent(sec.user.id).findLast((m) => m.text?.startsWith('Nhắc lịch'));
    expect(zaloButtonsOf(reminder)).toEqual([`rsvp:${meetingId}:y`, `rsvp:${meetingId}:n`]);
    for (const p of [lan, hung, exempt]) expect(countTo(h, p.user, 'Nhắc lịch')).toBe(0);
  });

  test('a tap on the notice after the meeting started gets "đã qua" and changes nothing', async () => {
    h.clock.set('2026-12-03T19:45:00+07:00');
    expect(await chat.tap(hung.user, `rsvp:${meetingId}:y`)).toBe(rsvpTexts.passed);
    expect(await rsvpOf(hung.member.id)).toMatchObject({ answer: 'away', reason: 'Đi công tác Đà Nẵng' });
    for (const p of [sec, lan, hung, exempt]) expect(csErrorsTo(h, p.user)).toEqual([]);
  });
});
