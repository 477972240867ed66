import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../../../test/support/test-db.js';
import { seedBranch, seedMember } from '../../../test/support/seed.js';
import { createFakeClock } from '../../shared/clock.js';
import { auditLog } from '../audit/audit.table.js';
import { chatIdentities } from '../identities/identities.table.js';
import type { Member } from '../members/members.repository.js';
import { unitRoles } from '../unit-roles/unit-roles.table.js';
import { outbox } from '../outbox/outbox.table.js';
import { rsvps } from './attendance.table.js';
import { meetings, prepMeetings } from './meetings.table.js';
import { remindNonResponders, rsvpSummary, sendMeetingNotice } from './notice.usecases.js';
import { answerRsvp } from './rsvp.usecases.js';
import { wordsOf } from '../../../test/support/outbox-words.js';

let tdb: TestDb;
let secretary: Member, deputy: Member, lan: Member, hung: Member, tu: Member, exempt: Member, otherSecretary: Member, supervisor: Member;
let meetingId: number;
const before = new Date('2026-11-30T09:00:00+07:00');
const atStart = new Date('2026-12-03T19:30:00+07:00');

const link = (m: Member, chatId: string) =>
  tdb.db.insert(chatIdentities).values({ memberId: m.id, platform: 'telegram', externalId: chatId, chatId });
const rsvpOf = async (memberId: number) =>
  (
    await tdb.db
      .select()
      .from(rsvps)
      .where(and(eq(rsvps.meetingId, meetingId), eq(rsvps.memberId, memberId)))
  )[0];
const answer = (memberId: number, a: 'attend' | 'away', extra: { actor?: number; reason?: string; now?: Date } = {}) =>
  answerRsvp(
    { meetingId, memberId, answer: a, reason: extra.reason, actorMemberId: extra.actor ?? memberId, now: extra.now ?? before },
    { db: tdb.db },
  );

beforeAll(async () => {
  tdb = await createTestDb();
  const db = tdb.db;
  const { branch } = await seedBranch(db, 'Chi bộ Khu phố 3');
  const { branch: other } = await seedBranch(db, 'Chi bộ Khu phố 4');
  secretary = await seedMember(db, branch, { fullName: 'Phạm Văn Bí', phone: '0912000001', role: 'secretary' });
  deputy = await seedMember(db, branch, { fullName: 'Lê Thị Phó', phone: '0912000002', role: 'deputy' });
  lan = await seedMember(db, branch, { fullName: 'Nguyễn Thị Lan', phone: '0912000003' });
  hung = await seedMember(db, branch, { fullName: 'Trần Văn Hùng', phone: '0912000004' });
  tu = await seedMember(db, branch, { fullName: 'Võ Thị Tư', phone: '0912000005' });
  exempt = await seedMember(db, branch, { fullName: 'Đặng Văn Miễn', phone: '0912000006', status: 'exempt' });
  otherSecretary = await seedMember(db, other, { fullName: 'Hoàng Văn Khác', phone: '0912000007', role: 'secretary' });
  supervisor = await seedMember(db, other, { fullName: 'Đinh Văn Phụ Trách', phone: '0912000008' });
  await db.insert(unitRoles).values({ orgUnitId: branch.id, memberId: supervisor.id, role: 'supervisor' });
  for (const [m, chat] of [
    [secretary, '801'],
    [deputy, '802'],
    [lan, '803'],
    [hung, '804'],
    [exempt, '806'],
    [supervisor, '808'],
  ] as const)
    await link(m, chat);
  const [row] = await db
    .insert(meetings)
    .values({ branchId: branch.id, period: '2026-12', date: '2026-12-03', time: '19:30', place: 'Nhà văn hóa khu phố' })
    .returning();
  meetingId = row!.id;
});
afterAll(async () => tdb?.drop());
beforeEach(async () => {
  await tdb.db.delete(rsvps);
  await tdb.db.delete(outbox);
  await tdb.db.update(meetings).set({ date: '2026-12-03', time: '19:30', status: 'scheduled' }).where(eq(meetings.id, meetingId));
});

describe('answering the meeting notice', () => {
  test('a member says they will attend, then changes to away with a reason before the meeting', async () => {
    expect((await answer(lan.id, 'attend')).status).toBe('saved');
    expect(await rsvpOf(lan.id)).toMatchObject({ answer: 'attend', reason: null, recordedByMemberId: lan.id });
    const r = await answer(lan.id, 'away', { reason: '  Đi  công tác\n Hà Nội ', now: new Date('2026-12-03T19:29:00+07:00') });
    expect(r).toMatchObject({ status: 'saved', onBehalf: false, reason: 'Đi công tác Hà Nội' });
    expect(await rsvpOf(lan.id)).toMatchObject({ answer: 'away', reason: 'Đi công tác Hà Nội' });
  });

  test('pressing "away" again keeps the reason given earlier; "attend" clears it', async () => {
    await answer(hung.id, 'away', { reason: 'Ốm' });
    await answer(hung.id, 'away');
    expect((await rsvpOf(hung.id))?.reason).toBe('Ốm');
    await answer(hung.id, 'attend');
    expect(await rsvpOf(hung.id)).toMatchObject({ answer: 'attend', reason: null });
  });

  test('every answer is audited with ids only, never the reason', async () => {
    await answer(lan.id, 'away', { reason: 'Lý do riêng tư' });
    const rows = await tdb.db.select().from(auditLog).where(eq(auditLog.action, 'rsvp.answer'));
    expect(rows.length).toBeGreaterThan(0);
    const last = rows.at(-1)!;
    expect(last).toMatchObject({ actorMemberId: lan.id, subjectType: 'meeting', subjectId: String(meetingId) });
    expect(last.details).toMatchObject({ memberId: lan.id, answer: 'away', onBehalf: false });
    expect(JSON.stringify(rows)).not.toContain('riêng tư');
  });

  test('once the meeting has started nothing changes', async () => {
    await answer(lan.id, 'attend');
    const r = await answer(lan.id, 'away', { reason: 'muộn', now: atStart });
    expect(r.status).toBe('meeting_passed');
    expect(await rsvpOf(lan.id)).toMatchObject({ answer: 'attend' });
  });

  test('a cancelled or already held meeting takes no answers', async () => {
    for (const status of ['cancelled', 'held', 'needs_date'] as const) {
      await tdb.db.update(meetings).set({ status }).where(eq(meetings.id, meetingId));
      expect((await answer(lan.id, 'attend')).status).toBe('meeting_passed');
    }
    expect(await rsvpOf(lan.id)).toBeUndefined();
  });

  test('an exempt member is outside the count and cannot answer', async () => {
    expect((await answer(exempt.id, 'attend')).status).toBe('not_active');
    expect(await rsvpOf(exempt.id)).toBeUndefined();
  });

  test('a member of another branch cannot answer for this meeting', async () => {
    expect((await answer(otherSecretary.id, 'attend')).status).toBe('not_in_branch');
  });

  test('the bí thư and the phó bí thư record answers for members of their branch', async () => {
    expect(await answer(tu.id, 'away', { actor: secretary.id, reason: 'Nằm viện' })).toMatchObject({ status: 'saved', onBehalf: true });
    expect(await rsvpOf(tu.id)).toMatchObject({ answer: 'away', reason: 'Nằm viện', recordedByMemberId: secretary.id });
    expect((await answer(tu.id, 'attend', { actor: deputy.id })).status).toBe('saved');
    expect(await rsvpOf(tu.id)).toMatchObject({ answer: 'attend', recordedByMemberId: deputy.id });
  });

  test('an ordinary member cannot answer for someone else', async () => {
    expect((await answer(tu.id, 'attend', { actor: lan.id })).status).toBe('forbidden');
    expect(await rsvpOf(tu.id)).toBeUndefined();
  });

  test("a secretary of another branch cannot answer for this branch's member", async () => {
    expect((await answer(tu.id, 'attend', { actor: otherSecretary.id })).status).toBe('forbidden');
    expect(await rsvpOf(tu.id)).toBeUndefined();
  });
});

describe('the meeting notice, the reminder and the summary', () => {
  const clock = createFakeClock(before);
  const rowsTo = async (memberId: number) => tdb.db.select().from(outbox).where(eq(outbox.memberId, memberId));

  test('every active member gets the notice with buttons, the supervisor without, exempt members nothing', async () => {
    await tdb.db
      .insert(prepMeetings)
      .values({
        meetingId,
        state: 'held',
        onDate: '2026-11-25',
        agenda: ['Kiểm điểm nghị quyết tháng 11'],
        keyIssues: ['Vệ sinh môi trường'],
        preparerIds: [hung.id],
        recordedAt: before,
      })
      .onConflictDoNothing();
    const r = await sendMeetingNotice({ meetingId }, { db: tdb.db, clock });
    expect(r.unreachable).toEqual([tu.id]);
    expect(r.outboxIds).toHaveLength(5);
    const [toLan] = await rowsTo(lan.id);
    const message = wordsOf(toLan!) as { text: string; buttons: { data: string }[][] };
    expect(message.text).toContain('Thứ Năm 03/12/2026');
    expect(message.text).toContain('Nhà văn hóa khu phố');
    expect(message.text).toContain('Kiểm điểm nghị quyết tháng 11');
    expect(message.text).toContain('Trần Văn Hùng');
    expect(message.buttons.flat().map((b) => b.data)).toEqual([`rsvp:${meetingId}:y`, `rsvp:${meetingId}:n`]);
    const [toSupervisor] = await rowsTo(supervisor.id);
    expect(wordsOf(toSupervisor!)).not.toHaveProperty('buttons');
    expect(toSupervisor!.dedupeKey).toBe(`notice:${meetingId}:2026-12-03T19:30:sup:${supervisor.id}`);
    expect(await rowsTo(exempt.id)).toHaveLength(0);
  });

  test('sending twice writes once; moving the meeting sends again', async () => {
    await sendMeetingNotice({ meetingId }, { db: tdb.db, clock });
    expect((await sendMeetingNotice({ meetingId }, { db: tdb.db, clock })).outboxIds).toEqual([]);
    await tdb.db.update(meetings).set({ date: '2026-12-04' }).where(eq(meetings.id, meetingId));
    expect((await sendMeetingNotice({ meetingId }, { db: tdb.db, clock })).outboxIds).toHaveLength(5);
    expect(await rowsTo(lan.id)).toHaveLength(2);
  });

  test('no notice for a meeting that has passed', async () => {
    const late = createFakeClock(atStart);
    expect(await sendMeetingNotice({ meetingId }, { db: tdb.db, clock: late })).toMatchObject({ outboxIds: [], skipped: 'not_open' });
  });

  test('the day-before reminder goes only to active members who have not answered', async () => {
    await answer(lan.id, 'attend');
    await answer(hung.id, 'away', { reason: 'Ốm' });
    const dayBefore = createFakeClock('2026-12-02T08:00:00+07:00');
    const r = await remindNonResponders({ meetingId }, { db: tdb.db, clock: dayBefore });
    const reached = (await tdb.db.select().from(outbox)).map((o) => o.memberId).sort();
    expect(reached).toEqual([secretary.id, deputy.id].sort());
    expect(r.unreachable).toEqual([tu.id]);
    expect(wordsOf((await rowsTo(secretary.id))[0]!).text).toContain('ngày mai');
    expect((await remindNonResponders({ meetingId }, { db: tdb.db, clock: dayBefore })).outboxIds).toEqual([]);
  });

  test('the summary counts active members only: coming, away with reasons, no answer', async () => {
    await answer(lan.id, 'attend');
    await answer(hung.id, 'away', { reason: 'Ốm' });
    await answer(tu.id, 'away', { actor: secretary.id });
    const s = (await rsvpSummary({ meetingId }, { db: tdb.db }))!;
    expect(s.counts).toEqual({ active: 5, coming: 1, away: 2, noAnswer: 2 });
    expect(s.coming.map((p) => p.fullName)).toEqual(['Nguyễn Thị Lan']);
    expect(s.away).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ fullName: 'Trần Văn Hùng', reason: 'Ốm' }),
        expect.objectContaining({ fullName: 'Võ Thị Tư', reason: null, reachable: false }),
      ]),
    );
    expect(s.noAnswer.map((p) => p.fullName).sort()).toEqual(['Lê Thị Phó', 'Phạm Văn Bí']);
  });
});
