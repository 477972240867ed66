import { addDaysTo, daysBetween } from '../../shared/vn-time.js';
import { completionShare, isCompleted, isOpenFor, resultPoints, type LatestReport } from './tasks.models.js';

/** Tasks due this many days back still count as "recently due": in the digest and in the ask before a meeting. */
export const RECENT_DAYS = 45;
/** The first reminder goes this many days before the due date; the second on the day. */
export const DUE_SOON_DAYS = 3;
/**
 * Overdue parts are looked for this far back only, so the sweep never scans every task ever
 * assigned; a part is flagged on the first sweep after its due date, long before this.
 */
export const OVERDUE_LOOKBACK_DAYS = 60;

export type FollowUpTask = {
  id: number;
  meetingId: number | null;
  description: string;
  dueDate: string;
  assignees: { memberId: number; name: string }[];
  latest: ReadonlyMap<number, LatestReport & { note?: string | null }>;
};

export type DueReminder = 'due_soon' | 'due_today' | 'overdue';

/** Which reminder an open part gets on `today`, if any. */
export function dueReminder(dueDate: string, today: string): DueReminder | null {
  const daysLeft = daysBetween(today, dueDate);
  if (daysLeft === DUE_SOON_DAYS) return 'due_soon';
  if (daysLeft === 0) return 'due_today';
  if (daysLeft < 0 && daysLeft >= -OVERDUE_LOOKBACK_DAYS) return 'overdue';
  return null;
}

const recentlyDue = (dueDate: string, today: string) => dueDate >= addDaysTo(today, -RECENT_DAYS) && dueDate <= today;
const hasOpenPart = (t: FollowUpTask) => t.assignees.some((a) => isOpenFor(t.latest.get(a.memberId)));

/** Members asked to report before a meeting: assigned a task still open for them, or one recently due. */
export function membersToAsk(tasks: readonly FollowUpTask[], today: string): Map<number, FollowUpTask[]> {
  const out = new Map<number, FollowUpTask[]>();
  for (const t of tasks) {
    for (const a of t.assignees) {
      if (!isOpenFor(t.latest.get(a.memberId)) && !recentlyDue(t.dueDate, today)) continue;
      out.set(a.memberId, [...(out.get(a.memberId) ?? []), t]);
    }
  }
  return out;
}

export type DigestPart = { memberId: number; name: string; latest: (LatestReport & { note?: string | null }) | null; open: boolean };
export type DigestTask = { id: number; description: string; dueDate: string; overdue: boolean; parts: DigestPart[] };
export type Digest = {
  /** Tasks still open for someone, or recently due; by due date. */
  tasks: DigestTask[];
  /** Assignees with no report at all on a task in the digest, with how many such tasks. */
  notReported: { memberId: number; name: string; taskCount: number }[];
  /** Tasks past their due date, with the assignees whose part is still open. */
  overdue: { id: number; description: string; dueDate: string; names: string[] }[];
  /** The last held meeting's tasks: the figure that feeds grading. Null when no meeting was held yet. */
  lastMeeting: { total: number; completed: number; share: number | null; points: number | null } | null;
};

/** The bí thư's digest before a meeting, from the branch's tasks with their latest reports. */
export function composeDigest({
  tasks,
  lastHeldMeetingId,
  today,
}: {
  tasks: readonly FollowUpTask[];
  lastHeldMeetingId: number | null;
  today: string;
}): Digest {
  const shown = tasks
    .filter((t) => hasOpenPart(t) || recentlyDue(t.dueDate, today))
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.id - b.id);
  const digestTasks: DigestTask[] = shown.map((t) => {
    const parts = t.assignees.map((a) => {
      const latest = t.latest.get(a.memberId) ?? null;
      return { memberId: a.memberId, name: a.name, latest, open: isOpenFor(latest ?? undefined) };
    });
    return { id: t.id, description: t.description, dueDate: t.dueDate, overdue: t.dueDate < today && parts.some((p) => p.open), parts };
  });

  const silent = new Map<number, { memberId: number; name: string; taskCount: number }>();
  for (const p of digestTasks.flatMap((t) => t.parts).filter((p) => p.latest === null)) {
    const entry = silent.get(p.memberId) ?? { memberId: p.memberId, name: p.name, taskCount: 0 };
    entry.taskCount += 1;
    silent.set(p.memberId, entry);
  }

  const overdue = digestTasks
    .filter((t) => t.overdue)
    .map((t) => ({ id: t.id, description: t.description, dueDate: t.dueDate, names: t.parts.filter((p) => p.open).map((p) => p.name) }));

  let lastMeeting: Digest['lastMeeting'] = null;
  if (lastHeldMeetingId !== null) {
    const ofMeeting = tasks
      .filter((t) => t.meetingId === lastHeldMeetingId)
      .map((t) => ({ assigneeIds: t.assignees.map((a) => a.memberId), latest: t.latest }));
    const share = completionShare(ofMeeting);
    lastMeeting = {
      total: ofMeeting.length,
      completed: ofMeeting.filter((t) => isCompleted(t.assigneeIds, t.latest)).length,
      share,
      points: share === null ? null : resultPoints(share),
    };
  }
  return { tasks: digestTasks, notReported: [...silent.values()], overdue, lastMeeting };
}

/** Nothing worth a message: no task to follow and no held meeting with tasks. */
export const isEmptyDigest = (d: Digest) => d.tasks.length === 0 && !d.lastMeeting?.total;
