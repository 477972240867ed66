import type { MemberRole, MemberStatus } from '../../shared/db/enums.js';
import { isIsoDate } from '../calendar/dates.js';
import { isActiveMember, LEADERSHIP_ROLES } from '../members/members.models.js';
import type { TaskStatus } from './tasks.models.js';

/** A task is a line of a resolution, not a letter: longer descriptions are refused, not cut. */
export const DESCRIPTION_MAX = 500;
/** A resolution rarely has more than a handful of items; this only stops a pasted document. */
export const RESOLUTION_ITEMS_MAX = 30;
export const TASK_STATUSES: readonly TaskStatus[] = ['not_started', 'in_progress', 'done', 'blocked'];

export const isTaskStatus = (s: unknown): s is TaskStatus => TASK_STATUSES.includes(s as TaskStatus);

/** Who assigns tasks and records resolutions in a branch: its active bí thư, phó bí thư and chi ủy viên. */
export const mayAssignTasks = (m: { role: MemberRole; status: MemberStatus }) => isActiveMember(m) && LEADERSHIP_ROLES.includes(m.role);

/** Why a due date cannot be used, or null. `today` is the Vietnam date of now. */
export function dueDateProblem(dueDate: string, today: string): 'bad_due_date' | 'due_in_past' | null {
  if (!isIsoDate(dueDate)) return 'bad_due_date';
  return dueDate < today ? 'due_in_past' : null;
}

/** Percent goes with "đang thực hiện" only, as a whole number 0–100. */
export function percentProblem(status: TaskStatus, percent: number | null | undefined): 'bad_percent' | null {
  if (percent === null || percent === undefined) return null;
  if (status !== 'in_progress') return 'bad_percent';
  return Number.isInteger(percent) && percent >= 0 && percent <= 100 ? null : 'bad_percent';
}

/** Resolution or report text typed in chat: lines trimmed, bullets and numbering dropped. */
export const resolutionLines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.replace(/^[\s•\-*]*(\d{1,2}[.)]\s*)?/, '').trim())
    .filter(Boolean);
