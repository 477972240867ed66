import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../../../test/support/test-db.js';
import { seedBranch, seedMember } from '../../../test/support/seed.js';
import { auditLog } from '../audit/audit.table.js';
import type { Member } from '../members/members.repository.js';
import { listMyOpenTasks, reportProgress, type ReportProgressInput } from './report.usecases.js';
import { createTasksRepository, type Task } from './tasks.repository.js';
import { taskReports, tasks } from './tasks.table.js';

let tdb: TestDb;
let secretary: Member, lan: Member, hung: Member, other: Member;
let cleanup: Task, fund: Task, cancelled: Task, foreign: Task;
const at = (local: string) => new Date(`${local}+07:00`);

const report = (input: Partial<ReportProgressInput> & { task: Task; member: Member }) =>
  reportProgress(
    {
      status: 'in_progress',
      now: at('2026-11-12T08:00:00'),
      via: 'telegram',
      ...input,
      taskId: input.task.id,
      memberId: input.member.id,
    },
    { db: tdb.db },
  );
const allReports = () => tdb.db.select().from(taskReports);

beforeAll(async () => {
  tdb = await createTestDb();
  const db = tdb.db;
  const { branch } = await seedBranch(db, 'Chi bộ Thôn 2');
  const { branch: otherBranch } = await seedBranch(db, 'Chi bộ Thôn 3');
  secretary = await seedMember(db, branch, { fullName: 'Phạm Văn Bí', phone: '0915000001', role: 'secretary' });
  lan = await seedMember(db, branch, { fullName: 'Nguyễn Thị Lan', phone: '0915000002' });
  hung = await seedMember(db, branch, { fullName: 'Trần Văn Hùng', phone: '0915000003' });
  other = await seedMember(db, otherBranch, { fullName: 'Đinh Thị Ngoài', phone: '0915000004' });
  const repo = createTasksRepository({ db });
  const base = { branchId: branch.id, createdByMemberId: secretary.id, createdAt: at('2026-11-04T08:00:00') };
  cleanup = await repo.insert({ ...base, description: 'Dọn vệ sinh nhà văn hóa', dueDate: '2026-11-20' }, [lan.id, hung.id]);
  fund = await repo.insert({ ...base, description: 'Thu quỹ khuyến học', dueDate: '2026-11-15' }, [lan.id]);
  cancelled = await repo.insert({ ...base, description: 'Việc đã hủy', dueDate: '2026-11-18', cancelledAt: at('2026-11-05T08:00:00') }, [
    lan.id,
  ]);
  foreign = await repo.insert({ ...base, branchId: otherBranch.id, description: 'Việc chi bộ khác', dueDate: '2026-11-18' }, [other.id]);
});
afterAll(async () => tdb?.drop());

describe('reporting progress', () => {
  test('each report is a new row: "đang thực hiện 50%" with a note, then "hoàn thành" with a photo, both kept', async () => {
    const first = await report({ task: cleanup, member: lan, percent: 50, note: '  Đã dọn xong tầng 1  ' });
    expect(first).toMatchObject({
      status: 'saved',
      report: { status: 'in_progress', percent: 50, note: 'Đã dọn xong tầng 1', viaPlatform: 'telegram' },
    });
    const photo = { platform: 'telegram' as const, kind: 'photo' as const, fileId: 'AgACAgIAAxk-photo-1' };
    const second = await report({ task: cleanup, member: lan, status: 'done', attachment: photo, now: at('2026-11-14T08:00:00') });
    expect(second).toMatchObject({ status: 'saved', report: { status: 'done', percent: null, note: null, attachment: photo } });
    const history = await createTasksRepository({ db: tdb.db }).history(cleanup.id, lan.id);
    expect(history.map((r) => [r.status, r.percent, r.attachment?.fileId ?? null])).toEqual([
      ['in_progress', 50, null],
      ['done', null, photo.fileId],
    ]);
  });

  test('the audit row says who reported what status, never the note', async () => {
    await report({ task: fund, member: lan, status: 'blocked', note: 'Nhiều hộ đi làm ăn xa' });
    const [row] = await tdb.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'task.report'), eq(auditLog.subjectId, String(fund.id))));
    expect(row).toMatchObject({
      actorMemberId: lan.id,
      subjectType: 'task',
      subjectId: String(fund.id),
      details: expect.objectContaining({ status: 'blocked', hasNote: true }),
    });
    expect(JSON.stringify(row!.details)).not.toContain('làm ăn xa');
  });

  test("a member cannot report on someone else's task, another branch's or an unknown one: nothing changes", async () => {
    const before = await allReports();
    expect(await report({ task: fund, member: hung })).toEqual({ status: 'not_assignee' });
    expect(await report({ task: foreign, member: lan })).toEqual({ status: 'not_assignee' });
    expect(
      await reportProgress({ taskId: 987654, memberId: lan.id, status: 'done', now: new Date(), via: 'telegram' }, { db: tdb.db }),
    ).toEqual({ status: 'not_assignee' });
    expect(await allReports()).toEqual(before);
  });

  test('a cancelled task takes no report', async () => {
    const before = await allReports();
    expect(await report({ task: cancelled, member: lan, status: 'done' })).toEqual({ status: 'task_cancelled' });
    expect(await allReports()).toEqual(before);
  });

  test('a percentage goes only with "đang thực hiện", from 0 to 100', async () => {
    const before = await allReports();
    expect(await report({ task: cleanup, member: hung, status: 'done', percent: 100 })).toEqual({ status: 'bad_percent' });
    expect(await report({ task: cleanup, member: hung, percent: 101 })).toEqual({ status: 'bad_percent' });
    expect(await report({ task: cleanup, member: hung, percent: 33.5 })).toEqual({ status: 'bad_percent' });
    expect(await allReports()).toEqual(before);
    expect(await report({ task: cleanup, member: hung, percent: 0 })).toMatchObject({ status: 'saved', report: { percent: 0 } });
  });
});

describe('my open tasks', () => {
  test("lists only the member's tasks that are neither done nor cancelled, soonest due first, with the latest status", async () => {
    const lanOpen = await listMyOpenTasks({ memberId: lan.id }, { db: tdb.db });
    // Lan finished the clean-up; the fund is blocked; the cancelled task is gone.
    expect(lanOpen.map((o) => [o.task.description, o.latest?.status ?? null])).toEqual([['Thu quỹ khuyến học', 'blocked']]);
    const hungOpen = await listMyOpenTasks({ memberId: hung.id }, { db: tdb.db });
    expect(hungOpen.map((o) => [o.task.id, o.latest?.status, o.latest?.percent])).toEqual([[cleanup.id, 'in_progress', 0]]);
    expect(await listMyOpenTasks({ memberId: other.id }, { db: tdb.db })).toMatchObject([{ task: { id: foreign.id }, latest: undefined }]);
  });

  test('a new report after "hoàn thành" reopens the task for that member (the latest report counts)', async () => {
    await report({ task: cleanup, member: lan, status: 'in_progress', percent: 90, now: at('2026-11-15T08:00:00') });
    expect((await listMyOpenTasks({ memberId: lan.id }, { db: tdb.db })).map((o) => o.task.id)).toEqual([fund.id, cleanup.id]);
    expect(await tdb.db.select().from(tasks)).toHaveLength(4);
  });
});
