import { and, asc, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { DbOrTx } from '../../shared/db/db.js';
import { vnDate } from '../../shared/vn-time.js';
import { noticeMessage } from '../../shared/outbound.js';
import type { TaskNotice } from './tasks.notices.js';
import { createAuditRepository } from '../audit/audit.repository.js';
import { createMeetingsRepository, type Meeting } from '../meetings/meetings.repository.js';
import { meetings } from '../meetings/meetings.table.js';
import { createMembersRepository, type MemberWithBranch } from '../members/members.repository.js';
import { notifyMembers, type NotifyResult } from '../outbox/notify.js';
import { DESCRIPTION_MAX, dueDateProblem, mayAssignTasks, RESOLUTION_ITEMS_MAX } from './assign.models.js';
import { createTasksRepository, type Task } from './tasks.repository.js';
import { resolutionItems, tasks } from './tasks.table.js';
import { isActiveMember } from '../members/members.models.js';

type Deps = { db: DbOrTx };
/** The member acting; re-read on every call, so a role or status changed since counts. */
export type TaskActor = { memberId: number };
export type ResolutionItem = typeof resolutionItems.$inferSelect;

async function leaderOf(actor: TaskActor, db: DbOrTx): Promise<MemberWithBranch | undefined> {
  const m = await createMembersRepository({ db }).findById(actor.memberId);
  return m && mayAssignTasks(m) ? m : undefined;
}

/** The branch's most recent held meeting: the one whose resolution assigns tasks now. */
export async function lastHeldMeeting({ branchId }: { branchId: number }, { db }: Deps): Promise<Meeting | undefined> {
  const [row] = await db
    .select()
    .from(meetings)
    .where(and(eq(meetings.branchId, branchId), eq(meetings.status, 'held'), isNotNull(meetings.date)))
    .orderBy(desc(meetings.date), desc(meetings.id))
    .limit(1);
  return row;
}

export async function resolutionOf({ meetingId }: { meetingId: number }, { db }: Deps): Promise<ResolutionItem[]> {
  return db.select().from(resolutionItems).where(eq(resolutionItems.meetingId, meetingId)).orderBy(asc(resolutionItems.position));
}

export type RecordResolutionResult =
  | { status: 'recorded'; meeting: Meeting; items: ResolutionItem[] }
  | { status: 'forbidden' | 'meeting_not_found' | 'meeting_not_held' | 'empty' | 'items_in_use' };

/**
 * Record a held meeting's resolution items, in order. Recording again replaces the items (a
 * correction), unless a task already points at one of them: then nothing changes.
 */
export async function recordResolution(
  { actor, meetingId, items, now }: { actor: TaskActor; meetingId: number; items: readonly string[]; now: Date },
  { db }: Deps,
): Promise<RecordResolutionResult> {
  const leader = await leaderOf(actor, db);
  if (!leader) return { status: 'forbidden' };
  const meeting = await createMeetingsRepository({ db }).findById(meetingId);
  // Another branch's meeting is "not found": its existence is none of this branch's business.
  if (!meeting || meeting.branchId !== leader.branchId) return { status: 'meeting_not_found' };
  if (meeting.status !== 'held') return { status: 'meeting_not_held' };
  const texts = items
    .map((i) => i.trim())
    .filter(Boolean)
    .slice(0, RESOLUTION_ITEMS_MAX);
  if (texts.length === 0) return { status: 'empty' };
  const existing = await resolutionOf({ meetingId }, { db });
  if (existing.length) {
    const linked = await db
      .select({ id: tasks.id })
      .from(tasks)
      .where(
        inArray(
          tasks.resolutionItemId,
          existing.map((i) => i.id),
        ),
      )
      .limit(1);
    if (linked.length) return { status: 'items_in_use' };
    await db.delete(resolutionItems).where(eq(resolutionItems.meetingId, meetingId));
  }
  const rows = await db
    .insert(resolutionItems)
    .values(texts.map((text, i) => ({ meetingId, position: i + 1, text, recordedByMemberId: leader.id, recordedAt: now })))
    .returning();
  await createAuditRepository({ db }).record({
    actorMemberId: leader.id,
    actorKind: 'member',
    action: 'resolution.record',
    subjectType: 'meeting',
    subjectId: meetingId,
    details: { items: rows.length, replaced: existing.length },
  });
  return { status: 'recorded', meeting, items: rows };
}

export type AssignTaskInput = {
  actor: TaskActor;
  description: string;
  /** Chosen members; ignored when `wholeBranch` is true. */
  assigneeIds?: readonly number[];
  /** Every member active at assignment time becomes an assignee. */
  wholeBranch?: boolean;
  /** 'YYYY-MM-DD', Vietnam calendar. */
  dueDate: string;
  /** Defaults to the branch's most recent held meeting (whose resolution assigns the task). */
  meetingId?: number;
  resolutionItemId?: number;
  now: Date;
};

export type AssignTaskResult =
  | { status: 'assigned'; task: Task; assigneeIds: number[]; notified: NotifyResult }
  | { status: 'forbidden' | 'empty_description' | 'description_too_long' | 'no_assignee' | 'bad_due_date' | 'due_in_past' | 'bad_meeting' }
  /** Not active members of the actor's branch (another branch's, exempt or unknown ids). */
  | { status: 'bad_assignee'; memberIds: number[] };

/** Assign a task in the actor's branch and send it at once to every assignee with a report button. */
export async function assignTask(input: AssignTaskInput, { db }: Deps): Promise<AssignTaskResult> {
  const leader = await leaderOf(input.actor, db);
  if (!leader) return { status: 'forbidden' };
  const description = input.description.trim();
  if (!description) return { status: 'empty_description' };
  if (description.length > DESCRIPTION_MAX) return { status: 'description_too_long' };
  const dueProblem = dueDateProblem(input.dueDate, vnDate(input.now));
  if (dueProblem) return { status: dueProblem };

  const roster = await createMembersRepository({ db }).listByBranch(leader.branchId);
  const active = new Set(roster.filter(isActiveMember).map((m) => m.id));
  let assigneeIds: number[];
  if (input.wholeBranch) {
    assigneeIds = [...active];
  } else {
    assigneeIds = [...new Set(input.assigneeIds ?? [])];
    const bad = assigneeIds.filter((id) => !active.has(id));
    if (bad.length) return { status: 'bad_assignee', memberIds: bad };
  }
  if (assigneeIds.length === 0) return { status: 'no_assignee' };

  let meetingId = input.meetingId ?? null;
  if (meetingId !== null) {
    const meeting = await createMeetingsRepository({ db }).findById(meetingId);
    if (!meeting || meeting.branchId !== leader.branchId) return { status: 'bad_meeting' };
  } else {
    meetingId = (await lastHeldMeeting({ branchId: leader.branchId }, { db }))?.id ?? null;
  }
  if (input.resolutionItemId !== undefined) {
    const [item] = await db.select().from(resolutionItems).where(eq(resolutionItems.id, input.resolutionItemId));
    if (!item || item.meetingId !== meetingId) return { status: 'bad_meeting' };
  }

  const task = await createTasksRepository({ db }).insert(
    {
      branchId: leader.branchId,
      meetingId,
      resolutionItemId: input.resolutionItemId ?? null,
      description,
      dueDate: input.dueDate,
      wholeBranch: input.wholeBranch === true,
      createdByMemberId: leader.id,
      createdAt: input.now,
    },
    assigneeIds,
  );
  await createAuditRepository({ db }).record({
    actorMemberId: leader.id,
    actorKind: 'member',
    action: 'task.assign',
    subjectType: 'task',
    subjectId: task.id,
    details: { meetingId, dueDate: task.dueDate, wholeBranch: task.wholeBranch, assignees: assigneeIds.length },
  });
  const notified = await notifyMembers(db, {
    memberIds: assigneeIds,
    now: input.now,
    dedupeKey: (id) => `task:${task.id}:assigned:${id}`,
    message: noticeMessage({
      type: 'task.assigned',
      task: { id: task.id, description, dueDate: task.dueDate },
      branchName: leader.branchName,
      assigner: leader.fullName,
    } satisfies TaskNotice),
  });
  return { status: 'assigned', task, assigneeIds, notified };
}
