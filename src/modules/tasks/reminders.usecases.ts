import { and, eq, gte, isNull, lte } from 'drizzle-orm';
import type { Clock } from '../../shared/clock.js';
import type { DbOrTx } from '../../shared/db/db.js';
import { addDaysTo, vnDate } from '../../shared/vn-time.js';
import { noticeMessage } from '../../shared/outbound.js';
import { loadMeetingContext } from '../meetings/meeting-context.js';
import { createMembersRepository } from '../members/members.repository.js';
import { notifyMembers, type NotifyResult } from '../outbox/notify.js';
import { DUE_SOON_DAYS, dueReminder, membersToAsk, OVERDUE_LOOKBACK_DAYS } from './digest.models.js';
import { followUpOf, loadFollowUp } from './digest.usecases.js';
import { isOpenFor } from './tasks.models.js';
import { tasks } from './tasks.table.js';
import { isActiveMember, activeSecretaries } from '../members/members.models.js';
import type { TaskNotice, TaskRef } from './tasks.notices.js';

type Deps = { db: DbOrTx; clock: Clock };
const none: NotifyResult = { outboxIds: [], unreachable: [] };
const notice = (n: TaskNotice) => noticeMessage(n);
const ref = (t: { id: number; description: string; dueDate: string }): TaskRef => ({
  id: t.id,
  description: t.description,
  dueDate: t.dueDate,
});

function merge(results: NotifyResult[]): NotifyResult {
  return { outboxIds: results.flatMap((r) => r.outboxIds), unreachable: [...new Set(results.flatMap((r) => r.unreachable))] };
}

/**
 * Today's reminders for one branch: each assignee whose part is still open is reminded 3 days
 * before and on the due date; once overdue, the assignee is flagged once and the bí thư once
 * per task. The dedupe keys make a second sweep, worker or retry write nothing new.
 */
export async function sendTaskReminders(
  { branchId, today }: { branchId: number; today: string },
  { db, clock }: Deps,
): Promise<NotifyResult> {
  const due = await db
    .select()
    .from(tasks)
    .where(
      and(
        eq(tasks.branchId, branchId),
        isNull(tasks.cancelledAt),
        gte(tasks.dueDate, addDaysTo(today, -OVERDUE_LOOKBACK_DAYS)),
        lte(tasks.dueDate, addDaysTo(today, DUE_SOON_DAYS)),
      ),
    );
  if (due.length === 0) return none;
  const roster = await createMembersRepository({ db }).listByBranch(branchId);
  const secretaries = activeSecretaries(roster).map((m) => m.id);
  const now = clock.now();
  const results: NotifyResult[] = [];
  for (const task of await followUpOf(db, due)) {
    const kind = dueReminder(task.dueDate, today);
    const open = task.assignees.filter((a) => isOpenFor(task.latest.get(a.memberId)));
    if (!kind || open.length === 0) continue;
    const memberIds = open.map((a) => a.memberId);
    if (kind === 'overdue') {
      const toAssignees = await notifyMembers(db, {
        memberIds,
        now,
        dedupeKey: (id) => `task-overdue:${task.id}:${id}`,
        message: notice({ type: 'task.overdue', task: ref(task) }),
      });
      const unreachable = open.filter((a) => toAssignees.unreachable.includes(a.memberId)).map((a) => a.name);
      results.push(
        toAssignees,
        await notifyMembers(db, {
          memberIds: secretaries,
          now,
          dedupeKey: (id) => `task-overdue-sec:${task.id}:${id}`,
          message: notice({ type: 'task.overdue_secretary', task: ref(task), names: open.map((a) => a.name), unreachable }),
        }),
      );
    } else {
      results.push(
        await notifyMembers(db, {
          memberIds,
          now,
          dedupeKey: (id) => `task-due:${task.id}:${today}:${id}`,
          message: notice(
            kind === 'due_soon'
              ? { type: 'task.due_soon', task: ref(task), daysLeft: DUE_SOON_DAYS }
              : { type: 'task.due_today', task: ref(task) },
          ),
        }),
      );
    }
  }
  return merge(results);
}

/**
 * Once the preparatory meeting is recorded: every active member with an open or recently due
 * task is asked to report before the meeting, so the digest the bí thư gets is current.
 */
export async function askForReports({ meetingId }: { meetingId: number }, { db, clock }: Deps): Promise<NotifyResult> {
  const ctx = await loadMeetingContext(db, meetingId);
  if (!ctx || ctx.meeting.status !== 'scheduled' || ctx.meeting.kind === 'thematic') return none;
  const asked = membersToAsk(await loadFollowUp(db, ctx.meeting.branchId), vnDate(clock.now()));
  const active = new Set(ctx.roster.filter(isActiveMember).map((m) => m.id));
  return notifyMembers(db, {
    memberIds: [...asked.keys()].filter((id) => active.has(id)),
    now: clock.now(),
    dedupeKey: (id) => `task-ask:${meetingId}:${id}`,
    message: (id) =>
      notice({
        type: 'task.ask_report',
        branchName: ctx.branchName,
        meeting: { date: ctx.meeting.date, time: ctx.meeting.time },
        tasks: (asked.get(id) ?? []).map(ref),
      }),
  });
}
