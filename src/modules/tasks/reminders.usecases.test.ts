import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { asc, like } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../../../test/support/test-db.js';
import { seedBranch, seedMember } from '../../../test/support/seed.js';
import { createFakeClock } from '../../shared/clock.js';
import { chatIdentities } from '../identities/identities.table.js';
import { planCycleJobs } from '../cycle/cycle.plan.js';
import { createMeetingsRepository } from '../meetings/meetings.repository.js';
import { recordPrep } from '../cycle/prep-record.usecases.js';
import { ensureRegularMeetings } from '../meetings/schedule.usecases.js';
import type { Member } from '../members/members.repository.js';
import { outbox } from '../outbox/outbox.table.js';
import { askForReports, sendTaskReminders } from './reminders.usecases.js';
import { createTasksRepository } from './tasks.repository.js';
import { wordsOf } from '../../../test/support/outbox-words.js';

// One branch and its tasks through the days around a due date, on a real Postgres: the sweep
// plans one job per branch and day, the job writes the reminders, the dedupe keys keep each one single.
let tdb: TestDb;
let branchId: number;
let secretary: Member, deputy: Member, mai: Member, ha: Member, lan: Member, tu: Member;
const clock = createFakeClock('2026-12-01T09:00:00+07:00');

const tasksRepo = () => createTasksRepository({ db: tdb.db });
const outboxLike = (prefix: string) =>
  tdb.db
    .select()
    .from(outbox)
    .where(like(outbox.dedupeKey, `${prefix}%`))
    .orderBy(asc(outbox.id));
const keys = async (prefix = 'task-') => (await outboxLike(prefix)).map((r) => r.dedupeKey);
const assign = (description: string, dueDate: string, who: Member[], extra: { cancelledAt?: Date; meetingId?: number } = {}) =>
  tasksRepo().insert(
    { branchId, description, dueDate, createdAt: clock.now(), ...extra },
    who.map((m) => m.id),
  );
const report = (taskId: number, m: Member, status: 'done' | 'in_progress') =>
  tasksRepo().addReport({ taskId, memberId: m.id, status, reportedAt: clock.now() });

/** Set the clock to a Vietnam local time, plan like the sweep, and run every task-reminders job planned. */
async function sweepAt(local: string) {
  clock.set(`${local}:00+07:00`);
  const jobs = (await planCycleJobs({ now: clock.now() }, { db: tdb.db })).filter((j) => j.name === 'task-reminders');
  for (const j of jobs) await runJob(j.data.branchId!, local.slice(0, 10));
  return jobs;
}
const runJob = (id: number, today: string) => tdb.db.transaction((tx) => sendTaskReminders({ branchId: id, today }, { db: tx, clock }));

beforeAll(async () => {
  tdb = await createTestDb();
  const db = tdb.db;
  const { branch } = await seedBranch(db, 'Chi bộ Khu phố 7');
  branchId = branch.id;
  secretary = await seedMember(db, branch, { fullName: 'Phạm Văn Bí', phone: '0914000001', role: 'secretary' });
  deputy = await seedMember(db, branch, { fullName: 'Lê Thị Phó', phone: '0914000002', role: 'deputy' });
  mai = await seedMember(db, branch, { fullName: 'Đỗ Thị Mai', phone: '0914000003' });
  ha = await seedMember(db, branch, { fullName: 'Hồ Văn Hà', phone: '0914000004' });
  lan = await seedMember(db, branch, { fullName: 'Lò Thị Lan', phone: '0914000005' }); // no chat account
  tu = await seedMember(db, branch, { fullName: 'Ngô Văn Tú', phone: '0914000006' });
  for (const m of [secretary, deputy, mai, ha, tu]) {
    await db.insert(chatIdentities).values({ memberId: m.id, platform: 'telegram', externalId: String(m.id), chatId: String(m.id) });
  }
});
afterAll(async () => {
  await tdb?.drop();
});
beforeEach(async () => {
  await tdb.sql`truncate tasks, outbox, meetings restart identity cascade`;
});

describe('reminders of an open task', () => {
  test('each assignee is reminded three days before and on the due date, from the reminder hour on', async () => {
    const task = await assign('Vệ sinh môi trường khu phố', '2026-12-10', [mai, ha]);
    expect(await sweepAt('2026-12-06T09:00')).toEqual([]);
    expect(await sweepAt('2026-12-07T07:30')).toEqual([]);
    const jobs = await sweepAt('2026-12-07T08:00');
    expect(jobs.map((j) => j.jobId)).toEqual([`task-reminders-${branchId}-2026-12-07`]);
    expect(await keys()).toEqual([`task-due:${task.id}:2026-12-07:${mai.id}`, `task-due:${task.id}:2026-12-07:${ha.id}`]);
    const [first] = await outboxLike('task-due:');
    expect(wordsOf(first!)).toMatchObject({ text: expect.stringContaining('còn 3 ngày'), buttons: [[{ data: `tr:${task.id}` }]] });

    await sweepAt('2026-12-08T08:00');
    await sweepAt('2026-12-09T08:00');
    expect(await keys()).toHaveLength(2);
    await sweepAt('2026-12-10T08:15');
    expect((await keys()).slice(2)).toEqual([`task-due:${task.id}:2026-12-10:${mai.id}`, `task-due:${task.id}:2026-12-10:${ha.id}`]);
    expect(wordsOf((await outboxLike(`task-due:${task.id}:2026-12-10`))[0]!)).toMatchObject({
      text: expect.stringContaining('hôm nay 10/12/2026'),
    });
  });

  test('a part reported done is no longer reminded; when every part is done the branch has nothing planned', async () => {
    clock.set('2026-12-05T10:00:00+07:00');
    const task = await assign('Vận động đóng quỹ khuyến học', '2026-12-10', [mai, ha]);
    await report(task.id, ha, 'done');
    await report(task.id, mai, 'in_progress');
    await sweepAt('2026-12-07T08:00');
    expect(await keys()).toEqual([`task-due:${task.id}:2026-12-07:${mai.id}`]);
    await report(task.id, mai, 'done');
    expect(await sweepAt('2026-12-10T08:00')).toEqual([]);
    expect(await keys()).toHaveLength(1);
  });

  test('a cancelled task is never reminded', async () => {
    await assign('Việc đã hủy', '2026-12-10', [mai], { cancelledAt: clock.now() });
    expect(await sweepAt('2026-12-07T08:00')).toEqual([]);
    expect(await sweepAt('2026-12-11T08:00')).toEqual([]);
    expect(await keys()).toEqual([]);
  });
});

describe('an overdue task', () => {
  test('is flagged once to each assignee still open and once to the bí thư, naming them', async () => {
    clock.set('2026-12-05T10:00:00+07:00');
    const task = await assign('Nộp bản kiểm điểm', '2026-12-10', [mai, lan, ha]);
    await report(task.id, ha, 'done');
    await sweepAt('2026-12-11T08:00');
    expect(await keys()).toEqual([`task-overdue:${task.id}:${mai.id}`, `task-overdue-sec:${task.id}:${secretary.id}`]);
    const [, toSecretary] = await outboxLike('task-overdue');
    expect(wordsOf(toSecretary!)).toMatchObject({ text: expect.stringContaining('chưa hoàn thành: Đỗ Thị Mai, Lò Thị Lan.') });
    expect(wordsOf(toSecretary!)).toMatchObject({ text: expect.stringContaining('xin báo trực tiếp: Lò Thị Lan.') });

    // The assignee was flagged: the next days plan nothing for it, and a stray run writes nothing.
    expect(await sweepAt('2026-12-12T08:00')).toEqual([]);
    const again = await runJob(branchId, '2026-12-13');
    expect(again.outboxIds).toEqual([]);
    expect(again.unreachable).toEqual([lan.id]);
    expect(await keys()).toHaveLength(2);
  });
});

describe('two sweeps and two workers at once', () => {
  test('plan the same job ids and write each reminder once', async () => {
    const task = await assign('Tuyên truyền nghị quyết', '2026-12-10', [mai, ha, tu]);
    clock.set('2026-12-07T08:00:00+07:00');
    const a = await planCycleJobs({ now: clock.now() }, { db: tdb.db });
    clock.set('2026-12-07T11:45:00+07:00');
    const b = await planCycleJobs({ now: clock.now() }, { db: tdb.db });
    expect(b.map((j) => j.jobId)).toEqual(a.map((j) => j.jobId));

    const results = await Promise.all([runJob(branchId, '2026-12-07'), runJob(branchId, '2026-12-07'), runJob(branchId, '2026-12-07')]);
    expect(results.flatMap((r) => r.outboxIds)).toHaveLength(3);
    expect((await keys()).sort()).toEqual([mai, ha, tu].map((m) => `task-due:${task.id}:2026-12-07:${m.id}`).sort());
  });
});

describe('recording the preparatory meeting', () => {
  test('asks each active member with an open or recently due task to report, once, with a hint to use /viec', async () => {
    clock.set('2026-11-29T20:00:00+07:00');
    await ensureRegularMeetings({ periods: ['2026-12'] }, { db: tdb.db, clock });
    const meeting = (await createMeetingsRepository({ db: tdb.db }).findRegular(branchId, '2026-12'))!;
    const open = await assign('Rà soát hộ nghèo', '2026-12-20', [mai]);
    const recent = await assign('Trồng cây xanh', '2026-11-20', [ha]);
    await report(recent.id, ha, 'done');
    const old = await assign('Dọn kênh mương', '2026-09-01', [tu]);
    await report(old.id, tu, 'done');

    const r = await recordPrep(
      {
        meetingId: meeting.id,
        actorMemberId: secretary.id,
        held: true,
        onDate: '2026-11-29',
        agenda: ['Kiểm điểm nghị quyết tháng 11'],
        keyIssues: [],
        preparerIds: [],
      },
      { db: tdb.db, clock },
    );
    expect(r.status).toBe('recorded');
    const asks = await outboxLike('task-ask:');
    expect(asks.map((a) => a.dedupeKey).sort()).toEqual([`task-ask:${meeting.id}:${mai.id}`, `task-ask:${meeting.id}:${ha.id}`].sort());
    const toMai = asks.find((a) => a.memberId === mai.id)!;
    expect(wordsOf(toMai)).toMatchObject({ text: expect.stringContaining('/viec'), buttons: [[{ data: `tr:${open.id}` }]] });
    expect(wordsOf(toMai)).toMatchObject({ text: expect.stringContaining('Rà soát hộ nghèo') });
    if (r.status === 'recorded') expect(r.notice.outboxIds).toEqual(expect.arrayContaining(asks.map((a) => a.id)));

    expect((await askForReports({ meetingId: meeting.id }, { db: tdb.db, clock })).outboxIds).toEqual([]);
  });
});
