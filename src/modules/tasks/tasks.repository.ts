import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../shared/db/db.js';
import type { LatestReport } from './tasks.models.js';
import { taskAssignees, taskReports, tasks } from './tasks.table.js';

export type Task = typeof tasks.$inferSelect;
export type TaskReport = typeof taskReports.$inferSelect;
export type NewTask = typeof tasks.$inferInsert;

export function createTasksRepository({ db }: { db: DbOrTx }) {
  async function insert(task: NewTask, assigneeIds: number[]): Promise<Task> {
    const [row] = await db.insert(tasks).values(task).returning();
    if (assigneeIds.length)
      await db.insert(taskAssignees).values([...new Set(assigneeIds)].map((memberId) => ({ taskId: row!.id, memberId })));
    return row!;
  }

  async function findById(id: number): Promise<Task | undefined> {
    const [row] = await db.select().from(tasks).where(eq(tasks.id, id));
    return row;
  }

  async function assigneesOf(taskIds: number[]): Promise<Map<number, number[]>> {
    const out = new Map<number, number[]>(taskIds.map((id) => [id, []]));
    if (taskIds.length === 0) return out;
    const rows = await db.select().from(taskAssignees).where(inArray(taskAssignees.taskId, taskIds)).orderBy(asc(taskAssignees.memberId));
    for (const r of rows) out.get(r.taskId)?.push(r.memberId);
    return out;
  }

  /** Latest report per task and assignee (the history stays in task_reports). */
  async function latestReports(taskIds: number[]): Promise<Map<number, Map<number, LatestReport & { note: string | null }>>> {
    const out = new Map<number, Map<number, LatestReport & { note: string | null }>>(taskIds.map((id) => [id, new Map()]));
    if (taskIds.length === 0) return out;
    const rows = await db
      .selectDistinctOn([taskReports.taskId, taskReports.memberId])
      .from(taskReports)
      .where(inArray(taskReports.taskId, taskIds))
      .orderBy(taskReports.taskId, taskReports.memberId, desc(taskReports.reportedAt), desc(taskReports.id));
    for (const r of rows)
      out.get(r.taskId)?.set(r.memberId, { status: r.status, percent: r.percent, reportedAt: r.reportedAt, note: r.note });
    return out;
  }

  async function addReport(row: typeof taskReports.$inferInsert): Promise<TaskReport> {
    const [created] = await db.insert(taskReports).values(row).returning();
    return created!;
  }

  async function history(taskId: number, memberId: number): Promise<TaskReport[]> {
    return db
      .select()
      .from(taskReports)
      .where(and(eq(taskReports.taskId, taskId), eq(taskReports.memberId, memberId)))
      .orderBy(asc(taskReports.reportedAt), asc(taskReports.id));
  }

  /** Tasks assigned to a member that are not cancelled, with the member's latest status not done. */
  async function openForMember(memberId: number): Promise<Task[]> {
    const latestDone = sql<boolean>`coalesce((
      select r.status = 'done' from ${taskReports} r where r.task_id = ${tasks.id} and r.member_id = ${memberId}
      order by r.reported_at desc, r.id desc limit 1), false)`;
    return db
      .select({ task: tasks })
      .from(tasks)
      .innerJoin(taskAssignees, and(eq(taskAssignees.taskId, tasks.id), eq(taskAssignees.memberId, memberId)))
      .where(and(isNull(tasks.cancelledAt), sql`not ${latestDone}`))
      .orderBy(asc(tasks.dueDate), asc(tasks.id))
      .then((rows) => rows.map((r) => r.task));
  }

  async function forBranch(branchId: number): Promise<Task[]> {
    return db
      .select()
      .from(tasks)
      .where(and(eq(tasks.branchId, branchId), isNull(tasks.cancelledAt)))
      .orderBy(asc(tasks.dueDate), asc(tasks.id));
  }

  async function forMeeting(meetingId: number): Promise<Task[]> {
    return db
      .select()
      .from(tasks)
      .where(and(eq(tasks.meetingId, meetingId), isNull(tasks.cancelledAt)))
      .orderBy(asc(tasks.id));
  }

  return { insert, findById, assigneesOf, latestReports, addReport, history, openForMember, forBranch, forMeeting };
}

export type TasksRepository = ReturnType<typeof createTasksRepository>;
