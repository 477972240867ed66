export type TaskStatus = 'not_started' | 'in_progress' | 'done' | 'blocked';
export type LatestReport = { status: TaskStatus; percent: number | null; reportedAt: Date };

/** An assignee's part is open until their latest report says it is done. */
export const isOpenFor = (latest: LatestReport | undefined) => latest?.status !== 'done';

/** A task is completed when every assignee's latest report says done. */
export function isCompleted(assigneeIds: readonly number[], latest: ReadonlyMap<number, LatestReport>): boolean {
  return assigneeIds.length > 0 && assigneeIds.every((id) => latest.get(id)?.status === 'done');
}

/**
 * Share of a meeting's tasks completed: the figure that feeds grading ("results of last month's
 * resolution", 30 of 100 points). Null when the meeting assigned no task.
 */
export function completionShare(
  tasks: readonly { assigneeIds: readonly number[]; latest: ReadonlyMap<number, LatestReport> }[],
): number | null {
  if (tasks.length === 0) return null;
  return tasks.filter((t) => isCompleted(t.assigneeIds, t.latest)).length / tasks.length;
}

/** Grading points for that share, per the example rubric in domain.md (≥ 90% → 30 … < 50% → 10). */
export function resultPoints(share: number): number {
  const pct = share * 100;
  if (pct >= 90) return 30;
  if (pct >= 80) return 27;
  if (pct >= 70) return 24;
  if (pct >= 60) return 20;
  if (pct >= 50) return 15;
  return 10;
}
