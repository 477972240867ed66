import type { DbOrTx } from '../../shared/db/db.js';
import type { Platform } from '../../shared/db/enums.js';
import { createAuditRepository } from '../audit/audit.repository.js';
import { percentProblem } from './assign.models.js';
import type { LatestReport, TaskStatus } from './tasks.models.js';
import { createTasksRepository, type Task, type TaskReport } from './tasks.repository.js';
import type { TaskAttachment } from './tasks.table.js';

type Deps = { db: DbOrTx };

/** A note is a few lines for the bí thư's digest; longer text is cut. */
export const MAX_NOTE_LENGTH = 1000;

export type TaskAccess =
  | { status: 'ok'; task: Task }
  /** Unknown task, or a task not assigned to this member (another branch's included): said alike. */
  | { status: 'not_assignee' }
  | { status: 'task_cancelled'; task: Task };

/** May this member report on this task? What every report button checks before anything else. */
export async function taskForAssignee({ taskId, memberId }: { taskId: number; memberId: number }, { db }: Deps): Promise<TaskAccess> {
  const repo = createTasksRepository({ db });
  const task = await repo.findById(taskId);
  if (!task || !(await repo.assigneesOf([taskId])).get(taskId)?.includes(memberId)) return { status: 'not_assignee' };
  return task.cancelledAt ? { status: 'task_cancelled', task } : { status: 'ok', task };
}

export type ReportProgressInput = {
  taskId: number;
  memberId: number;
  status: TaskStatus;
  /** Only with 'in_progress', 0–100. */
  percent?: number | null;
  note?: string | null;
  attachment?: TaskAttachment | null;
  now: Date;
  /** The platform the report came through; null from the CLI or an admin tool. */
  via: Platform | null;
};

export type ReportProgressResult =
  { status: 'saved'; task: Task; report: TaskReport } | { status: 'not_assignee' | 'task_cancelled' | 'bad_percent' };

/** An assignee's progress report: always a new row, so the history is never overwritten. */
export async function reportProgress(input: ReportProgressInput, { db }: Deps): Promise<ReportProgressResult> {
  const access = await taskForAssignee(input, { db });
  if (access.status !== 'ok') return { status: access.status };
  if (percentProblem(input.status, input.percent)) return { status: 'bad_percent' };
  const note = input.note?.trim().slice(0, MAX_NOTE_LENGTH) || null;
  const report = await createTasksRepository({ db }).addReport({
    taskId: input.taskId,
    memberId: input.memberId,
    status: input.status,
    percent: input.percent ?? null,
    note,
    attachment: input.attachment ?? null,
    viaPlatform: input.via,
    reportedAt: input.now,
    recordedByMemberId: input.memberId,
  });
  await createAuditRepository({ db }).record({
    actorMemberId: input.memberId,
    actorKind: 'member',
    action: 'task.report',
    subjectType: 'task',
    subjectId: input.taskId,
    // Ids and codes only: the note and the file stay in task_reports.
    details: {
      reportId: report.id,
      status: input.status,
      percent: report.percent,
      hasNote: note !== null,
      hasAttachment: report.attachment !== null,
    },
  });
  return { status: 'saved', task: access.task, report };
}

export type OpenTask = { task: Task; latest: LatestReport | undefined };

/** The member's own open tasks, soonest due first, each with the member's latest report. */
export async function listMyOpenTasks({ memberId }: { memberId: number }, { db }: Deps): Promise<OpenTask[]> {
  const repo = createTasksRepository({ db });
  const open = await repo.openForMember(memberId);
  const latest = await repo.latestReports(open.map((t) => t.id));
  return open.map((task) => {
    const mine = latest.get(task.id)?.get(memberId);
    return { task, latest: mine && { status: mine.status, percent: mine.percent, reportedAt: mine.reportedAt } };
  });
}
