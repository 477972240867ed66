import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../../../test/support/test-db.js';
import { seedBranch, seedMember } from '../../../test/support/seed.js';
import { chatIdentities } from '../identities/identities.table.js';
import type { Member } from '../members/members.repository.js';
import { outbox } from '../outbox/outbox.table.js';
import { attendance, rsvps } from './attendance.table.js';
import { decideReason, markAbsent, markPresent } from './attendance.usecases.js';
import { checkIn, closeCheckin, openCheckin, recordEnd } from './checkin.usecases.js';
import { meetings } from './meetings.table.js';
import { wordsOf } from '../../../test/support/outbox-words.js';
import { isRefusal, type CheckinRefusal } from './checkin.refusals.js';

let tdb: TestDb;
let branchId: number;
let secretary: Member, deputy: Member, lan: Member, hung: Member, cu: Member, tu: Member, nam: Member, exempt: Member, outsider: Member;
let meetingId: number;
const atStart = new Date('2026-12-03T19:30:00+07:00');
const minutes = (n: number) => new Date(atStart.getTime() + n * 60_000);
const deps = () => ({ db: tdb.db });

const link = (m: Member, chatId: string) =>
  tdb.db.insert(chatIdentities).values({ memberId: m.id, platform: 'telegram', externalId: chatId, chatId });
/** The use case's result when it is not a refusal (the test fails naming the refusal otherwise). */
function ok<T>(r: T | CheckinRefusal): T {
  if (isRefusal(r)) throw new Error(`refused: ${r.refused}`);
  return r;
}
const openOrRefuse = (extra: { actor?: Member; withCode?: boolean; now?: Date } = {}) =>
  openCheckin(
    { meetingId, actorMemberId: (extra.actor ?? secretary).id, withCode: extra.withCode ?? false, now: extra.now ?? atStart },
    deps(),
  );
const open = async (extra: Parameters<typeof openOrRefuse>[0] = {}) => ok(await openOrRefuse(extra));
const close = async (actor: Member = secretary, now = minutes(15)) =>
  ok(await closeCheckin({ meetingId, actorMemberId: actor.id, now }, deps()));
const rowOf = async (memberId: number, id = meetingId) =>
  (
    await tdb.db
      .select()
      .from(attendance)
      .where(and(eq(attendance.meetingId, id), eq(attendance.memberId, memberId)))
  )[0];
const meeting = async () => (await tdb.db.select().from(meetings).where(eq(meetings.id, meetingId)))[0]!;
const outboxFor = (prefix: string) =>
  tdb.db
    .select()
    .from(outbox)
    .where(like(outbox.dedupeKey, `${prefix}%`));

beforeAll(async () => {
  tdb = await createTestDb();
  const db = tdb.db;
  const { branch } = await seedBranch(db, 'Chi bộ Khu phố 5');
  const { branch: other } = await seedBranch(db, 'Chi bộ Khu phố 6');
  branchId = branch.id;
  secretary = await seedMember(db, branch, { fullName: 'Phạm Văn Bí', phone: '0913000001', role: 'secretary' });
  deputy = await seedMember(db, branch, { fullName: 'Lê Thị Phó', phone: '0913000002', role: 'deputy' });
  lan = await seedMember(db, branch, { fullName: 'Nguyễn Thị Lan', phone: '0913000003' });
  hung = await seedMember(db, branch, { fullName: 'Trần Văn Hùng', phone: '0913000004' });
  cu = await seedMember(db, branch, { fullName: 'Lò Văn Cụ', phone: '0913000005' }); // no chat account
  tu = await seedMember(db, branch, { fullName: 'Võ Thị Tư', phone: '0913000006' });
  nam = await seedMember(db, branch, { fullName: 'Đỗ Văn Năm', phone: '0913000007' });
  exempt = await seedMember(db, branch, { fullName: 'Đặng Văn Miễn', phone: '0913000008', status: 'exempt' });
  outsider = await seedMember(db, other, { fullName: 'Hoàng Văn Khác', phone: '0913000009', role: 'secretary' });
  for (const [m, chat] of [
    [secretary, '901'],
    [deputy, '902'],
    [lan, '903'],
    [hung, '904'],
    [tu, '906'],
    [nam, '907'],
    [exempt, '908'],
    [outsider, '909'],
  ] as const) {
    await link(m, chat);
  }
});
afterAll(async () => tdb?.drop());
beforeEach(async () => {
  await tdb.sql`truncate meetings, outbox, audit_log restart identity cascade`;
  const [row] = await tdb.db.insert(meetings).values({ branchId, period: '2026-12', date: '2026-12-03', time: '19:30' }).returning();
  meetingId = row!.id;
});

describe('opening check-in', () => {
  test('only the bí thư or phó bí thư of the branch can open check-in', async () => {
    expect(await openOrRefuse({ actor: lan })).toEqual({ refused: 'checkin.not_leader' });
    expect(await openOrRefuse({ actor: outsider })).toEqual({ refused: 'checkin.not_leader' });
    expect((await meeting()).checkinOpenedAt).toBeNull();
    expect(await open({ actor: deputy })).toMatchObject({ alreadyOpen: false });
  });

  test('opening records the start and sends every active member with a chat account a "Có mặt" button', async () => {
    const r = await open();
    expect(await meeting()).toMatchObject({ startedAt: atStart, checkinOpenedAt: atStart, checkinCode: null });
    const rows = await outboxFor(`checkin:${meetingId}:`);
    expect(rows.map((o) => o.memberId).sort()).toEqual([secretary, deputy, lan, hung, tu, nam].map((m) => m.id).sort());
    const message = wordsOf(rows[0]!);
    expect(message.kind === 'text' && message.buttons).toEqual([[{ text: '✅ Có mặt', data: `ci:${meetingId}` }]]);
    expect(r.unreachable.map((m) => m.fullName)).toEqual(['Lò Văn Cụ']);
  });

  test('opening again sends nobody a second message and keeps the recorded start', async () => {
    await open();
    const again = await open({ now: minutes(5) });
    expect(again).toMatchObject({ alreadyOpen: true, outboxIds: [] });
    expect((await meeting()).startedAt).toEqual(atStart);
  });
});

describe('checking in', () => {
  test('a member checks in while check-in is open; a second press changes nothing', async () => {
    await open();
    expect((await checkIn({ meetingId, memberId: lan.id, now: minutes(1) }, deps())).outcome).toBe('present');
    expect((await checkIn({ meetingId, memberId: lan.id, now: minutes(2) }, deps())).outcome).toBe('already_present');
    expect(await rowOf(lan.id)).toMatchObject({ status: 'present', checkedInAt: minutes(1), recordedByMemberId: lan.id });
  });

  test('with a code on, a missing or wrong code is refused and the right one checks in', async () => {
    const { code } = await open({ withCode: true });
    expect(code).toMatch(/^\d{4}$/);
    const [invite] = await outboxFor(`checkin:${meetingId}:${lan.id}`);
    expect(wordsOf(invite!).text).toContain('mã');
    const wrong = code === '0000' ? '1111' : '0000';
    expect((await checkIn({ meetingId, memberId: lan.id, now: minutes(1) }, deps())).outcome).toBe('code_required');
    expect(await checkIn({ meetingId, memberId: lan.id, code: wrong, now: minutes(1) }, deps())).toMatchObject({
      outcome: 'wrong_code',
      attemptsLeft: 4,
    });
    expect(await rowOf(lan.id)).toBeUndefined();
    expect(
      (await checkIn({ meetingId, memberId: lan.id, code: ` ${code!.slice(0, 2)} ${code!.slice(2)}`, now: minutes(2) }, deps())).outcome,
    ).toBe('present');
  });

  test('after five wrong codes a member cannot check in by code any more', async () => {
    const { code } = await open({ withCode: true });
    const wrong = code === '0000' ? '1111' : '0000';
    const outcomes = [];
    for (let i = 0; i < 5; i++)
      outcomes.push((await checkIn({ meetingId, memberId: hung.id, code: wrong, now: minutes(1) }, deps())).outcome);
    expect(outcomes).toEqual(['wrong_code', 'wrong_code', 'wrong_code', 'wrong_code', 'too_many_attempts']);
    expect((await checkIn({ meetingId, memberId: hung.id, code: code!, now: minutes(2) }, deps())).outcome).toBe('too_many_attempts');
    expect(await rowOf(hung.id)).toBeUndefined();
  });

  test('check-in is refused before it opens and after it closes, and changes nothing', async () => {
    expect((await checkIn({ meetingId, memberId: lan.id, now: atStart }, deps())).outcome).toBe('not_open');
    await open();
    await close();
    const before = await rowOf(lan.id);
    expect((await checkIn({ meetingId, memberId: lan.id, now: minutes(20) }, deps())).outcome).toBe('closed');
    expect(await rowOf(lan.id)).toEqual(before);
  });

  test("a member of another branch cannot check in to this branch's meeting", async () => {
    await open();
    expect((await checkIn({ meetingId, memberId: outsider.id, now: minutes(1) }, deps())).outcome).toBe('not_found');
    expect(await rowOf(outsider.id)).toBeUndefined();
  });
});

describe('corrections by the bí thư', () => {
  test('the bí thư checks in a member without a chat account; a member of another branch is refused', async () => {
    expect(await markPresent({ meetingId, actorMemberId: secretary.id, memberId: cu.id, now: atStart }, deps())).toEqual({
      refused: 'checkin.not_open',
    });
    await open();
    await markPresent({ meetingId, actorMemberId: secretary.id, memberId: cu.id, now: minutes(3) }, deps());
    expect(await rowOf(cu.id)).toMatchObject({ status: 'present', checkedInAt: minutes(3), recordedByMemberId: secretary.id });
    expect(await markPresent({ meetingId, actorMemberId: secretary.id, memberId: outsider.id, now: minutes(3) }, deps())).toEqual({
      refused: 'checkin.member_not_in_branch',
    });
    expect(await markPresent({ meetingId, actorMemberId: lan.id, memberId: cu.id, now: minutes(3) }, deps())).toEqual({
      refused: 'checkin.not_leader',
    });
  });
});

describe('closing check-in', () => {
  const rsvpAt = new Date('2026-12-01T08:00:00+07:00');

  async function aMeetingWithEveryCase() {
    await tdb.db.insert(rsvps).values([
      { meetingId, memberId: tu.id, answer: 'away', reason: 'Đi công tác', answeredAt: rsvpAt },
      { meetingId, memberId: hung.id, answer: 'away', reason: null, answeredAt: rsvpAt },
    ]);
    await open();
    await checkIn({ meetingId, memberId: lan.id, now: minutes(1) }, deps());
    await markPresent({ meetingId, actorMemberId: secretary.id, memberId: cu.id, now: minutes(2) }, deps());
    await checkIn({ meetingId, memberId: secretary.id, now: minutes(2) }, deps());
    // Năm's reason comes through the bí thư during the meeting and is accepted; the deputy's is not decided.
    await markAbsent({ meetingId, actorMemberId: secretary.id, memberId: nam.id, reason: 'Ốm', now: minutes(5) }, deps());
    await decideReason({ meetingId, actorMemberId: secretary.id, memberId: nam.id, accept: true, now: minutes(6) }, deps());
    await markAbsent({ meetingId, actorMemberId: secretary.id, memberId: deputy.id, reason: 'Bận việc nhà', now: minutes(5) }, deps());
  }

  test('closing records every active member: present, absent with reason, or absent without reason', async () => {
    await aMeetingWithEveryCase();
    const r = await close();
    expect(await rowOf(lan.id)).toMatchObject({ status: 'present' });
    expect(await rowOf(cu.id)).toMatchObject({ status: 'present' });
    expect(await rowOf(tu.id)).toMatchObject({
      status: 'absent_excused',
      reason: 'Đi công tác',
      reasonGivenAt: rsvpAt,
      reasonAccepted: true,
    });
    expect(await rowOf(nam.id)).toMatchObject({
      status: 'absent_excused',
      reason: 'Ốm',
      reasonGivenAt: minutes(5),
      reasonAccepted: true,
      decidedByMemberId: secretary.id,
    });
    expect(await rowOf(deputy.id)).toMatchObject({ status: 'absent_unexcused', reason: 'Bận việc nhà', reasonAccepted: null });
    expect(await rowOf(hung.id)).toMatchObject({ status: 'absent_unexcused', reason: null });
    expect(await rowOf(exempt.id)).toBeUndefined();
    expect(await meeting()).toMatchObject({ status: 'held', checkinClosedAt: minutes(15) });
    expect(r.report).toMatchObject({ present: 3, counted: 7, meetsTarget: false });
    expect(r.report.unexcused.map((m) => m.fullName).sort()).toEqual(['Lê Thị Phó', 'Trần Văn Hùng']);
    expect(r.report.excused.map((m) => m.fullName).sort()).toEqual(['Võ Thị Tư', 'Đỗ Văn Năm']);
  });

  test('the rate and flags go to the bí thư when the phó bí thư closes', async () => {
    await aMeetingWithEveryCase();
    await close(deputy);
    const sent = await outboxFor(`checkin-report:${meetingId}:`);
    expect(sent.map((o) => o.memberId)).toEqual([secretary.id]);
    expect(wordsOf(sent[0]!).text).toContain('Trần Văn Hùng');
  });

  test('closing twice changes nothing the second time', async () => {
    await aMeetingWithEveryCase();
    await close(deputy);
    const rows = await tdb.db.select().from(attendance).where(eq(attendance.meetingId, meetingId));
    const outboxCount = (await tdb.db.select().from(outbox)).length;
    const again = await close(deputy, minutes(40));
    expect(again.alreadyClosed).toBe(true);
    expect(again.report.present).toBe(3);
    expect(await tdb.db.select().from(attendance).where(eq(attendance.meetingId, meetingId))).toEqual(rows);
    expect((await tdb.db.select().from(outbox)).length).toBe(outboxCount);
    expect((await meeting()).checkinClosedAt).toEqual(minutes(15));
  });

  test('after closing, the bí thư can reject a reason from the RSVP or accept one given later', async () => {
    await aMeetingWithEveryCase();
    await close();
    await decideReason({ meetingId, actorMemberId: secretary.id, memberId: tu.id, accept: false, now: minutes(60) }, deps());
    expect(await rowOf(tu.id)).toMatchObject({
      status: 'absent_unexcused',
      reason: 'Đi công tác',
      reasonGivenAt: rsvpAt,
      reasonAccepted: false,
    });
    await decideReason({ meetingId, actorMemberId: secretary.id, memberId: deputy.id, accept: true, now: minutes(60) }, deps());
    expect(await rowOf(deputy.id)).toMatchObject({ status: 'absent_excused', reasonAccepted: true, decidedAt: minutes(60) });
    expect(
      await decideReason({ meetingId, actorMemberId: secretary.id, memberId: hung.id, accept: true, now: minutes(60) }, deps()),
    ).toEqual({ refused: 'checkin.no_reason' });
  });
});

describe('warnings over the year', () => {
  async function heldEarlier(period: string, marks: [Member, 'present' | 'absent_excused' | 'absent_unexcused'][]) {
    const [m] = await tdb.db
      .insert(meetings)
      .values({ branchId, period, date: `${period}-03`, time: '19:30', status: 'held' })
      .returning();
    await tdb.db.insert(attendance).values(marks.map(([member, status]) => ({ meetingId: m!.id, memberId: member.id, status })));
  }

  test('a member at 2 absences without reason this year, one at 3, and a 4th absence with reason in a row are flagged', async () => {
    await heldEarlier('2025-12', [
      [hung, 'absent_unexcused'],
      [lan, 'absent_unexcused'],
    ]);
    for (const period of ['2026-09', '2026-10', '2026-11']) {
      await heldEarlier(period, [
        [hung, period === '2026-11' ? 'absent_unexcused' : 'present'],
        [nam, 'absent_unexcused'],
        [tu, 'absent_excused'],
      ]);
    }
    await tdb.db.insert(rsvps).values({ meetingId, memberId: tu.id, answer: 'away', reason: 'Đi học', answeredAt: atStart });
    await open();
    for (const m of [secretary, deputy, lan, nam]) await checkIn({ meetingId, memberId: m.id, now: minutes(1) }, deps());
    await markPresent({ meetingId, actorMemberId: secretary.id, memberId: cu.id, now: minutes(1) }, deps());
    const { report } = await close();
    expect(report.atTwoUnexcused.map((m) => m.fullName)).toEqual(['Trần Văn Hùng']);
    expect(report.atThreeUnexcused).toEqual([{ memberId: nam.id, fullName: 'Đỗ Văn Năm', months: 3 }]);
    expect(report.longExcusedRuns).toEqual([{ memberId: tu.id, fullName: 'Võ Thị Tư', run: 4 }]);
  });
});

describe('the end of the meeting', () => {
  test('a regular meeting of 89 minutes is flagged short, 90 is enough', async () => {
    expect(await recordEnd({ meetingId, actorMemberId: secretary.id, now: minutes(89) }, deps())).toEqual({ refused: 'checkin.no_start' });
    await open();
    expect(ok(await recordEnd({ meetingId, actorMemberId: secretary.id, now: minutes(89) }, deps())).duration).toEqual({
      minutes: 89,
      minimum: 90,
      short: true,
    });
    // The first recorded end is kept.
    const again = await recordEnd({ meetingId, actorMemberId: secretary.id, now: minutes(95) }, deps());
    expect(again).toMatchObject({ alreadyRecorded: true, duration: { minutes: 89 } });
    await tdb.db.update(meetings).set({ endedAt: null }).where(eq(meetings.id, meetingId));
    expect(ok(await recordEnd({ meetingId, actorMemberId: deputy.id, now: minutes(90) }, deps())).duration.short).toBe(false);
  });

  test('a combined meeting needs 120 minutes', async () => {
    await tdb.db.update(meetings).set({ kind: 'combined' }).where(eq(meetings.id, meetingId));
    await open();
    expect(ok(await recordEnd({ meetingId, actorMemberId: secretary.id, now: minutes(119) }, deps())).duration).toEqual({
      minutes: 119,
      minimum: 120,
      short: true,
    });
  });

  test('an ordinary member cannot record the end', async () => {
    await open();
    expect(await recordEnd({ meetingId, actorMemberId: lan.id, now: minutes(95) }, deps())).toEqual({ refused: 'checkin.not_leader' });
  });
});
