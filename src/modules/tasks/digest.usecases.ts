import { branchLeaders } from '../members/members.models.js';
import { inArray } from 'drizzle-orm';
import type { Clock } from '../../shared/clock.js';
import type { DbOrTx } from '../../shared/db/db.js';
import { vnDate } from '../../shared/vn-time.js';
import { noticeMessage } from '../../shared/outbound.js';
import type { TaskNotice } from './tasks.notices.js';
import { createMeetingsRepository, type Meeting } from '../meetings/meetings.repository.js';
import { createMembersRepository } from '../members/members.repository.js';
import { members } from '../members/members.table.js';
import { createOrgUnitsRepository } from '../org-units/org-units.repository.js';
import { notifyMembers, type NotifyResult } from '../outbox/notify.js';
import { lastHeldMeeting } from './assign.usecases.js';
import { composeDigest, isEmptyDigest, type Digest, type FollowUpTask } from './digest.models.js';
import { createTasksRepository, type Task } from './tasks.repository.js';

type Deps = { db: DbOrTx; clock: Clock };
const none: NotifyResult = { outboxIds: [], unreachable: [] };

/** Tasks with their assignees (by name) and each assignee's latest report. */
export async function followUpOf(db: DbOrTx, list: readonly Task[]): Promise<FollowUpTask[]> {
  const repo = createTasksRepository({ db });
  const ids = list.map((x) => x.id);
  const assignees = await repo.assigneesOf(ids);
  const latest = await repo.latestReports(ids);
  const memberIds = [...new Set([...assignees.values()].flat())];
  const names = new Map(
    memberIds.length === 0
      ? []
      : (await db.select({ id: members.id, fullName: members.fullName }).from(members).where(inArray(members.id, memberIds))).map((m) => [
          m.id,
          m.fullName,
        ]),
  );
  return list.map((x) => ({
    id: x.id,
    meetingId: x.meetingId,
    description: x.description,
    dueDate: x.dueDate,
    assignees: (assignees.get(x.id) ?? []).map((memberId) => ({ memberId, name: names.get(memberId) ?? '—' })),
    latest: latest.get(x.id) ?? new Map(),
  }));
}

/** Every live (not cancelled) task of a branch, ready for the follow-up rules. */
export async function loadFollowUp(db: DbOrTx, branchId: number): Promise<FollowUpTask[]> {
  return followUpOf(db, await createTasksRepository({ db }).forBranch(branchId));
}

export type DigestReport = { branchName: string; meeting: Meeting | null; lastHeld: Meeting | null; digest: Digest };

/**
 * Each open or recently due task with its latest status per assignee, who has not reported,
 * what is overdue, and the last held meeting's completion share with its grading points.
 * `meetingId` names the meeting the digest prepares; by default the branch's next one.
 */
export async function buildDigest(
  { branchId, meetingId, today }: { branchId: number; meetingId?: number; today: string },
  { db }: { db: DbOrTx },
): Promise<DigestReport> {
  const meetingsRepo = createMeetingsRepository({ db });
  const found = meetingId === undefined ? await meetingsRepo.upcoming(branchId, today) : await meetingsRepo.findById(meetingId);
  const meeting = found?.branchId === branchId ? found : null;
  // The same meeting chat assignment attaches new tasks to, so the share counts what it assigned.
  const lastHeld = (await lastHeldMeeting({ branchId }, { db })) ?? null;
  const tasks = await loadFollowUp(db, branchId);
  const branch = await createOrgUnitsRepository({ db }).findById(branchId);
  return {
    branchName: branch?.name ?? '',
    meeting,
    lastHeld,
    digest: composeDigest({ tasks, lastHeldMeetingId: lastHeld?.id ?? null, today }),
  };
}

/** The digest as a notice: what the bí thư reads, whether sent the day before or asked for. */
export const digestNotice = (r: DigestReport): Extract<TaskNotice, { type: 'task.digest' }> => ({
  type: 'task.digest',
  branchName: r.branchName,
  meeting: r.meeting && { date: r.meeting.date, time: r.meeting.time },
  lastHeldDate: r.lastHeld?.date ?? null,
  digest: {
    ...r.digest,
    tasks: r.digest.tasks.map((t) => ({
      ...t,
      parts: t.parts.map((p) => ({
        ...p,
        latest: p.latest && {
          status: p.latest.status,
          percent: p.latest.percent,
          reportedOn: vnDate(p.latest.reportedAt),
          note: p.latest.note ?? null,
        },
      })),
    })),
  },
});

/**
 * The day before the meeting: the digest to the bí thư and phó bí thư, once each. Branches
 * that follow no task through the bot get nothing.
 */
export async function sendDigest({ meetingId }: { meetingId: number }, { db, clock }: Deps): Promise<NotifyResult> {
  const meeting = await createMeetingsRepository({ db }).findById(meetingId);
  const today = vnDate(clock.now());
  if (!meeting || meeting.status !== 'scheduled' || meeting.kind === 'thematic' || !meeting.date || meeting.date < today) return none;
  const report = await buildDigest({ branchId: meeting.branchId, meetingId, today }, { db });
  if (isEmptyDigest(report.digest)) return none;
  const roster = await createMembersRepository({ db }).listByBranch(meeting.branchId);
  const leaders = branchLeaders(roster).map((m) => m.id);
  return notifyMembers(db, {
    memberIds: leaders,
    now: clock.now(),
    dedupeKey: (id) => `digest:${meetingId}:${id}`,
    message: noticeMessage(digestNotice(report)),
  });
}
