import { and, between, eq, gte, inArray, isNull, lt, lte, ne, not, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../shared/db/db.js';
import { addDaysTo, daysBetween, periodOf, vnDate, vnHour, vnInstant } from '../../shared/vn-time.js';
import { members } from '../members/members.table.js';
import { orgUnits } from '../org-units/org-units.table.js';
import { outbox } from '../outbox/outbox.table.js';
import { DUE_SOON_DAYS, OVERDUE_LOOKBACK_DAYS } from '../tasks/digest.models.js';
import { taskAssignees, taskReports, tasks } from '../tasks/tasks.table.js';
import { settingsForBranches, type BranchRef } from '../meetings/branch-settings.js';
import { isLastMonthOfQuarter, quarterPeriods } from '../meetings/meetings.models.js';
import { meetings, prepMeetings } from '../meetings/meetings.table.js';

export type CycleJobName =
  | 'prep-nag'
  | 'prep-escalate'
  | 'notice'
  | 'rsvp-reminder'
  | 'needs-date'
  | 'thematic-reminder'
  | 'thematic-supervisor'
  | 'task-reminders'
  | 'task-digest';
/** What each job needs to know, by its name. */
export type CycleJobData = {
  'prep-nag': { meetingId: number };
  'prep-escalate': { meetingId: number };
  notice: { meetingId: number };
  'rsvp-reminder': { meetingId: number };
  'needs-date': { meetingId: number };
  'thematic-reminder': { branchId: number; period: string };
  'thematic-supervisor': { branchId: number; period: string };
  'task-reminders': { branchId: number };
  'task-digest': { meetingId: number };
};
/** One planned job: its data is the one its name needs (a union keyed by the name). */
export type CycleJob = { [K in CycleJobName]: { name: K; data: CycleJobData[K]; jobId: string } }[CycleJobName];

// The furthest ahead any reminder looks (settings cap prepNagDaysBefore at 20).
const HORIZON_DAYS = 20;

/** Branch ids from … to (inclusive): a page of the plan, so a sweep never holds every job at once. */
export type BranchIdRange = { from: number; to: number };

/** Every branch id, in ranges of `size` ids (fewer branches where ids have gaps). */
export async function branchIdPages(db: DbOrTx, size: number): Promise<BranchIdRange[]> {
  const [ids] = await db
    .select({ min: sql<string | null>`min(${orgUnits.id})`, max: sql<string | null>`max(${orgUnits.id})` })
    .from(orgUnits)
    .where(eq(orgUnits.kind, 'branch'));
  if (ids?.min == null || ids.max == null) return [];
  const pages: BranchIdRange[] = [];
  for (let from = Number(ids.min); from <= Number(ids.max); from += size) pages.push({ from, to: from + size - 1 });
  return pages;
}

// BullMQ job ids may not contain ':'.
/**
 * What is due now, read from Postgres alone: the plan is the same whoever computes it and
 * however often, and every job id is deterministic — so two workers, a restart or a Redis
 * flush rebuild exactly the same work and nothing is sent twice. Each kind of reminder goes
 * out on any sweep at or after its hour of the day, so a process that was down at 08:00
 * still sends today's reminders when it comes back.
 */
export async function planCycleJobs(
  { now, branches }: { now: Date; branches?: BranchIdRange },
  { db }: { db: DbOrTx },
): Promise<CycleJob[]> {
  const today = vnDate(now);
  const inRange = (column: Parameters<typeof between>[0]) => (branches ? between(column, branches.from, branches.to) : undefined);
  const hour = vnHour(now);
  const jobs: CycleJob[] = [];

  const upcoming = await db
    .select({
      id: meetings.id,
      branchId: meetings.branchId,
      kind: meetings.kind,
      date: meetings.date,
      time: meetings.time,
      path: orgUnits.path,
      name: orgUnits.name,
      prepared: sql<boolean>`${prepMeetings.meetingId} is not null`,
    })
    .from(meetings)
    .innerJoin(orgUnits, eq(orgUnits.id, meetings.branchId))
    .leftJoin(prepMeetings, eq(prepMeetings.meetingId, meetings.id))
    .where(
      and(
        eq(meetings.status, 'scheduled'),
        gte(meetings.date, today),
        lte(meetings.date, addDaysTo(today, HORIZON_DAYS)),
        inRange(meetings.branchId),
      ),
    );
  const waiting = await db
    .select({ id: meetings.id, branchId: meetings.branchId, path: orgUnits.path, name: orgUnits.name })
    .from(meetings)
    .innerJoin(orgUnits, eq(orgUnits.id, meetings.branchId))
    .where(
      and(
        eq(meetings.status, 'needs_date'),
        inArray(meetings.period, [periodOf(today), periodOf(addDaysTo(today, 31))]),
        inRange(meetings.branchId),
      ),
    );
  const taskBranches = await branchesWithTaskReminders(db, today, inRange(tasks.branchId));
  const settings = await settingsForBranches(db, [
    ...[...upcoming, ...waiting].map((m) => ({ id: m.branchId, name: m.name, path: m.path })),
    ...taskBranches,
  ]);

  for (const m of upcoming) {
    const s = settings.get(m.branchId)!;
    const daysLeft = daysBetween(today, m.date!);
    // A process back from a downtime in the evening must not nag about a meeting already under way.
    const started = now.getTime() >= vnInstant(m.date!, m.time ?? '23:59').getTime();
    if (hour >= s.prepNagHour) {
      if (!m.prepared && !started && daysLeft <= s.prepNagDaysBefore)
        jobs.push({ name: 'prep-nag', data: { meetingId: m.id }, jobId: `prep-nag-${m.id}-${today}` });
      if (!m.prepared && daysLeft <= s.escalateDaysBefore)
        jobs.push({ name: 'prep-escalate', data: { meetingId: m.id }, jobId: `prep-escalate-${m.id}` });
      if (daysLeft <= s.noticeDaysBefore)
        jobs.push({ name: 'notice', data: { meetingId: m.id }, jobId: `notice-${m.id}-${m.date}-${(m.time ?? '').replace(':', '')}` });
    }
    if (daysLeft === 1 && hour >= s.reminderHour) {
      jobs.push({ name: 'rsvp-reminder', data: { meetingId: m.id }, jobId: `rsvp-reminder-${m.id}-${m.date}` });
      if (m.kind !== 'thematic') jobs.push({ name: 'task-digest', data: { meetingId: m.id }, jobId: `task-digest-${m.id}` });
    }
  }
  for (const b of taskBranches) {
    if (hour >= settings.get(b.id)!.reminderHour)
      jobs.push({ name: 'task-reminders', data: { branchId: b.id }, jobId: `task-reminders-${b.id}-${today}` });
  }
  for (const m of waiting) {
    if (hour >= settings.get(m.branchId)!.prepNagHour)
      jobs.push({ name: 'needs-date', data: { meetingId: m.id }, jobId: `needs-date-${m.id}-${today}` });
  }
  jobs.push(...(await thematicJobs(db, today, hour, inRange(orgUnits.id))));
  return jobs;
}

// On the 1st of a quarter's last month the bí thư of every branch with no thematic meeting
// held or planned in the quarter is reminded; on the 15th the supervisor is told.
async function thematicJobs(db: DbOrTx, today: string, hour: number, inRange: SQL | undefined): Promise<CycleJob[]> {
  const period = periodOf(today);
  const day = Number(today.slice(8, 10));
  if (!isLastMonthOfQuarter(period) || (day !== 1 && day !== 15) || hour < 8) return [];
  const missing = await db
    .select({ id: orgUnits.id })
    .from(orgUnits)
    .leftJoin(
      meetings,
      and(
        eq(meetings.branchId, orgUnits.id),
        inArray(meetings.kind, ['thematic', 'combined']),
        inArray(meetings.period, quarterPeriods(period)),
        ne(meetings.status, 'cancelled'),
      ),
    )
    .where(and(eq(orgUnits.kind, 'branch'), isNull(meetings.id), inRange));
  const name = day === 1 ? 'thematic-reminder' : 'thematic-supervisor';
  return missing.map((b): CycleJob => ({ name, data: { branchId: b.id, period }, jobId: `${name}-${b.id}-${period}` }));
}

// Branches with a task part to remind today: due today or in 3 days, or overdue and not yet
// flagged (to that assignee, or to the bí thư: an assignee without a chat account is never
// flagged, the bí thư's flag stands for them). Only a window of due dates is read
// (tasks_due_idx), never every task ever assigned; outbox lookups are by unique dedupe key.
async function branchesWithTaskReminders(db: DbOrTx, today: string, inRange: SQL | undefined): Promise<BranchRef[]> {
  const open = sql`not coalesce((select r.status = 'done' from ${taskReports} r
    where r.task_id = ${tasks.id} and r.member_id = ${taskAssignees.memberId} order by r.reported_at desc, r.id desc limit 1), false)`;
  const flagged = sql`(exists (select 1 from ${outbox} o where o.dedupe_key = 'task-overdue:' || ${tasks.id} || ':' || ${taskAssignees.memberId})
    or exists (select 1 from ${members} s join ${outbox} o on o.dedupe_key = 'task-overdue-sec:' || ${tasks.id} || ':' || s.id
      where s.branch_id = ${tasks.branchId} and s.role = 'secretary'))`;
  return db
    .selectDistinct({ id: orgUnits.id, name: orgUnits.name, path: orgUnits.path })
    .from(tasks)
    .innerJoin(taskAssignees, eq(taskAssignees.taskId, tasks.id))
    .innerJoin(orgUnits, eq(orgUnits.id, tasks.branchId))
    .where(
      and(
        isNull(tasks.cancelledAt),
        inRange,
        open,
        or(
          inArray(tasks.dueDate, [today, addDaysTo(today, DUE_SOON_DAYS)]),
          and(gte(tasks.dueDate, addDaysTo(today, -OVERDUE_LOOKBACK_DAYS)), lt(tasks.dueDate, today), not(flagged)),
        ),
      ),
    );
}
