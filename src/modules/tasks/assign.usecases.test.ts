import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../../../test/support/test-db.js';
import { seedBranch, seedMember } from '../../../test/support/seed.js';
import { auditLog } from '../audit/audit.table.js';
import { chatIdentities } from '../identities/identities.table.js';
import { meetings } from '../meetings/meetings.table.js';
import type { Member } from '../members/members.repository.js';
import { outbox } from '../outbox/outbox.table.js';
import { assignTask, recordResolution, resolutionOf, type AssignTaskInput } from './assign.usecases.js';
import { resolutionItems, taskAssignees, tasks } from './tasks.table.js';
import { wordsOf } from '../../../test/support/outbox-words.js';

let tdb: TestDb;
let secretary: Member, deputy: Member, committee: Member, lan: Member, hung: Member, tu: Member, exempt: Member;
let otherCommittee: Member, otherMember: Member;
let octoberId: number, novemberId: number, decemberId: number, otherMeetingId: number;
const now = new Date('2026-11-10T09:00:00+07:00');

const assign = (input: Partial<Omit<AssignTaskInput, 'actor'>> & { actor?: Member }) =>
  assignTask(
    {
      description: 'Vận động hộ gia đình đóng góp quỹ khuyến học',
      dueDate: '2026-11-30',
      now,
      ...input,
      actor: { memberId: (input.actor ?? secretary).id },
    },
    { db: tdb.db },
  );
const allTasks = () => tdb.db.select().from(tasks);
const outboxFor = (m: Member) => tdb.db.select().from(outbox).where(eq(outbox.memberId, m.id));

beforeAll(async () => {
  tdb = await createTestDb();
  const db = tdb.db;
  const { branch } = await seedBranch(db, 'Chi bộ Khu phố 7');
  const { branch: other } = await seedBranch(db, 'Chi bộ Khu phố 8');
  secretary = await seedMember(db, branch, { fullName: 'Phạm Văn Bí', phone: '0914000001', role: 'secretary' });
  deputy = await seedMember(db, branch, { fullName: 'Lê Thị Phó', phone: '0914000002', role: 'deputy' });
  committee = await seedMember(db, branch, { fullName: 'Vũ Văn Ủy', phone: '0914000003', role: 'committee_member' });
  lan = await seedMember(db, branch, { fullName: 'Nguyễn Thị Lan', phone: '0914000004' });
  hung = await seedMember(db, branch, { fullName: 'Trần Văn Hùng', phone: '0914000005' });
  tu = await seedMember(db, branch, { fullName: 'Võ Thị Tư', phone: '0914000006' });
  exempt = await seedMember(db, branch, { fullName: 'Đặng Văn Miễn', phone: '0914000007', status: 'exempt' });
  otherCommittee = await seedMember(db, other, { fullName: 'Hoàng Văn Khác', phone: '0914000008', role: 'committee_member' });
  otherMember = await seedMember(db, other, { fullName: 'Đinh Thị Ngoài', phone: '0914000009' });
  // Tư has no chat account: the assigner is told to reach her another way.
  for (const m of [secretary, deputy, committee, lan, hung, exempt, otherCommittee, otherMember]) {
    await db.insert(chatIdentities).values({ memberId: m.id, platform: 'telegram', externalId: `t${m.id}`, chatId: `t${m.id}` });
  }
  const rows = await db
    .insert(meetings)
    .values([
      { branchId: branch.id, period: '2026-10', date: '2026-10-03', time: '19:30', status: 'held' },
      { branchId: branch.id, period: '2026-11', date: '2026-11-03', time: '19:30', status: 'held' },
      { branchId: branch.id, period: '2026-12', date: '2026-12-03', time: '19:30' },
      { branchId: other.id, period: '2026-11', date: '2026-11-04', time: '19:30', status: 'held' },
    ])
    .returning();
  [octoberId, novemberId, decemberId, otherMeetingId] = rows.map((r) => r.id) as [number, number, number, number];
});
afterAll(async () => tdb?.drop());
beforeEach(async () => {
  await tdb.db.delete(tasks);
  await tdb.db.delete(resolutionItems);
  await tdb.db.delete(outbox);
  await tdb.db.delete(auditLog);
});

describe('assigning a task', () => {
  test('the bí thư assigns two members: both get it at once with the report button, tied to the last held meeting', async () => {
    const r = await assign({ assigneeIds: [lan.id, hung.id] });
    if (r.status !== 'assigned') throw new Error(r.status);
    expect(r.task).toMatchObject({ meetingId: novemberId, dueDate: '2026-11-30', wholeBranch: false, createdByMemberId: secretary.id });
    expect(r.assigneeIds.sort()).toEqual([lan.id, hung.id].sort());
    expect(r.notified).toMatchObject({ unreachable: [] });
    expect(r.notified.outboxIds).toHaveLength(2);
    const [toLan] = await outboxFor(lan);
    expect(toLan!.dedupeKey).toBe(`task:${r.task.id}:assigned:${lan.id}`);
    expect(wordsOf(toLan!)).toMatchObject({ kind: 'text', buttons: [[{ text: 'Báo cáo tiến độ', data: `tr:${r.task.id}` }]] });
    expect(wordsOf(toLan!).text).toContain('Vận động hộ gia đình đóng góp quỹ khuyến học');
    expect(wordsOf(toLan!).text).toContain('Hạn: 30/11/2026');
    const [audit] = await tdb.db.select().from(auditLog).where(eq(auditLog.action, 'task.assign'));
    expect(audit).toMatchObject({ actorMemberId: secretary.id, subjectType: 'task', subjectId: String(r.task.id) });
  });

  test('the phó bí thư and a chi ủy viên may assign too; the assigner learns who has no chat account', async () => {
    expect((await assign({ actor: deputy, assigneeIds: [lan.id] })).status).toBe('assigned');
    const r = await assign({ actor: committee, assigneeIds: [tu.id, hung.id] });
    expect(r).toMatchObject({ status: 'assigned', notified: { unreachable: [tu.id] } });
    expect(r.status === 'assigned' && r.notified.outboxIds).toHaveLength(1);
  });

  test('an ordinary member cannot assign, and nothing is written', async () => {
    expect(await assign({ actor: lan, assigneeIds: [hung.id] })).toEqual({ status: 'forbidden' });
    expect(await assign({ actor: exempt, assigneeIds: [hung.id] })).toEqual({ status: 'forbidden' });
    expect(await allTasks()).toEqual([]);
    expect(await tdb.db.select().from(outbox)).toEqual([]);
  });

  test("a chi ủy viên of another branch cannot assign to this branch's members", async () => {
    expect(await assign({ actor: otherCommittee, assigneeIds: [lan.id] })).toEqual({ status: 'bad_assignee', memberIds: [lan.id] });
    expect(await assign({ actor: secretary, assigneeIds: [lan.id, otherMember.id] })).toEqual({
      status: 'bad_assignee',
      memberIds: [otherMember.id],
    });
    expect(await allTasks()).toEqual([]);
  });

  test('an exempt member cannot be given a task', async () => {
    expect(await assign({ assigneeIds: [exempt.id] })).toEqual({ status: 'bad_assignee', memberIds: [exempt.id] });
  });

  test('the whole branch means every active member, not the exempt one', async () => {
    const r = await assign({ wholeBranch: true, assigneeIds: [exempt.id] });
    if (r.status !== 'assigned') throw new Error(r.status);
    expect(r.task.wholeBranch).toBe(true);
    const rows = await tdb.db.select().from(taskAssignees).where(eq(taskAssignees.taskId, r.task.id));
    expect(rows.map((a) => a.memberId).sort()).toEqual([secretary, deputy, committee, lan, hung, tu].map((m) => m.id).sort());
    expect(r.notified.unreachable).toEqual([tu.id]);
    expect(await outboxFor(exempt)).toEqual([]);
  });

  test('a due date in the past is refused; today is fine', async () => {
    expect(await assign({ assigneeIds: [lan.id], dueDate: '2026-11-09' })).toEqual({ status: 'due_in_past' });
    expect(await assign({ assigneeIds: [lan.id], dueDate: '2026-02-30' })).toEqual({ status: 'bad_due_date' });
    expect((await assign({ assigneeIds: [lan.id], dueDate: '2026-11-10' })).status).toBe('assigned');
  });

  test("no assignee, an empty description or another branch's meeting is refused", async () => {
    expect(await assign({ assigneeIds: [] })).toEqual({ status: 'no_assignee' });
    expect(await assign({ assigneeIds: [lan.id], description: '   ' })).toEqual({ status: 'empty_description' });
    expect(await assign({ assigneeIds: [lan.id], meetingId: otherMeetingId })).toEqual({ status: 'bad_meeting' });
    expect(await allTasks()).toEqual([]);
  });

  test('an explicit meeting of the branch is kept', async () => {
    expect(await assign({ assigneeIds: [lan.id], meetingId: octoberId })).toMatchObject({
      status: 'assigned',
      task: { meetingId: octoberId },
    });
  });
});

describe('recording a resolution', () => {
  const record = (actor: Member, meetingId: number, items: string[]) =>
    recordResolution({ actor: { memberId: actor.id }, meetingId, items, now }, { db: tdb.db });

  test("a leader records the held meeting's items in order; recording again replaces them", async () => {
    const r = await record(secretary, novemberId, ['  Hoàn thành thu quỹ khuyến học ', '', 'Ra quân dọn vệ sinh khu phố']);
    expect(r.status).toBe('recorded');
    expect((await resolutionOf({ meetingId: novemberId }, { db: tdb.db })).map((i) => [i.position, i.text])).toEqual([
      [1, 'Hoàn thành thu quỹ khuyến học'],
      [2, 'Ra quân dọn vệ sinh khu phố'],
    ]);
    await record(committee, novemberId, ['Ra quân dọn vệ sinh khu phố']);
    expect((await resolutionOf({ meetingId: novemberId }, { db: tdb.db })).map((i) => i.text)).toEqual(['Ra quân dọn vệ sinh khu phố']);
  });

  test('items a task points at are not replaced', async () => {
    const r = await record(secretary, novemberId, ['Dọn vệ sinh']);
    if (r.status !== 'recorded') throw new Error(r.status);
    expect((await assign({ assigneeIds: [lan.id], resolutionItemId: r.items[0]!.id })).status).toBe('assigned');
    expect(await record(secretary, novemberId, ['Khác'])).toEqual({ status: 'items_in_use' });
    expect((await resolutionOf({ meetingId: novemberId }, { db: tdb.db })).map((i) => i.text)).toEqual(['Dọn vệ sinh']);
  });

  test("members, meetings not yet held and other branches' meetings are refused", async () => {
    expect(await record(lan, novemberId, ['x'])).toEqual({ status: 'forbidden' });
    expect(await record(secretary, decemberId, ['x'])).toEqual({ status: 'meeting_not_held' });
    expect(await record(secretary, otherMeetingId, ['x'])).toEqual({ status: 'meeting_not_found' });
    expect(await record(secretary, novemberId, [' ', ''])).toEqual({ status: 'empty' });
    expect(await tdb.db.select().from(resolutionItems)).toEqual([]);
  });
});
