import type { Clock } from '../../shared/clock.js';
import type { DbOrTx } from '../../shared/db/db.js';
import { daysBetween, vnDate } from '../../shared/vn-time.js';
import { noticeMessage } from '../../shared/outbound.js';
import { reachableRecipients } from '../identities/recipients.repository.js';
import { createMembersRepository, type Member } from '../members/members.repository.js';
import { createOrgUnitsRepository } from '../org-units/org-units.repository.js';
import { createUnitRolesRepository } from '../unit-roles/unit-roles.repository.js';
import { notifyMembers, type NotifyResult } from '../outbox/notify.js';
import { createMeetingsRepository, type Meeting } from './meetings.repository.js';
import { createRsvpRepository } from './rsvp.repository.js';
import type { MeetingNotice, NoticeView } from './meetings.notices.js';
import { rsvpOpen } from './rsvp.usecases.js';
import { isActiveMember } from '../members/members.models.js';

type Deps = { db: DbOrTx; clock: Clock };
const notice = (n: MeetingNotice) => noticeMessage(n);

export type NoticeResult = NotifyResult & {
  /** Why nothing was written: no such meeting, or answers are closed (passed, cancelled, no date). */
  skipped?: 'meeting_not_found' | 'not_open';
};

type Loaded = { meeting: Meeting; branchName: string; roster: Member[] };

async function load(db: DbOrTx, meetingId: number): Promise<Loaded | undefined> {
  const meeting = await createMeetingsRepository({ db }).findById(meetingId);
  if (!meeting) return undefined;
  const branch = await createOrgUnitsRepository({ db }).findById(meeting.branchId);
  const roster = await createMembersRepository({ db }).listByBranch(meeting.branchId);
  return { meeting, branchName: branch?.name ?? '', roster };
}

/**
 * The meeting notice: to every active member with the RSVP buttons, and for information to
 * the branch's supervisor(s). Exempt members get nothing. The date and time are part of the
 * dedupe key: sending again changes nothing, but after the meeting is moved everyone hears of it.
 */
export async function sendMeetingNotice({ meetingId }: { meetingId: number }, { db, clock }: Deps): Promise<NoticeResult> {
  const now = clock.now();
  const ctx = await load(db, meetingId);
  if (!ctx) return { outboxIds: [], unreachable: [], skipped: 'meeting_not_found' };
  const { meeting, roster } = ctx;
  if (!rsvpOpen(meeting, now)) return { outboxIds: [], unreachable: [], skipped: 'not_open' };

  const prep = await createMeetingsRepository({ db }).prepFor(meeting.id);
  const preparerIds = new Set(prep?.preparerIds ?? []);
  const view: NoticeView = {
    branchName: ctx.branchName,
    period: meeting.period,
    kind: meeting.kind,
    topic: meeting.topic,
    date: meeting.date,
    time: meeting.time,
    place: meeting.place,
    agenda: prep?.agenda ?? [],
    keyIssues: prep?.keyIssues ?? [],
    preparerNames: roster.filter((m) => preparerIds.has(m.id)).map((m) => m.fullName),
  };
  const stamp = `${meeting.date}T${meeting.time ?? ''}`;
  const toMembers = await notifyMembers(db, {
    memberIds: roster.filter(isActiveMember).map((m) => m.id),
    now,
    dedupeKey: (id) => `notice:${meeting.id}:${stamp}:${id}`,
    message: (id) => notice({ type: 'meeting.notice', meetingId: meeting.id, view, forPreparer: preparerIds.has(id) }),
  });
  const supervisors = await createUnitRolesRepository({ db }).holdersAt(meeting.branchId, 'supervisor');
  const toSupervisors = await notifyMembers(db, {
    memberIds: supervisors,
    now,
    dedupeKey: (id) => `notice:${meeting.id}:${stamp}:sup:${id}`,
    message: notice({ type: 'meeting.notice_supervisor', meetingId: meeting.id, view }),
  });
  return {
    outboxIds: [...toMembers.outboxIds, ...toSupervisors.outboxIds],
    unreachable: [...toMembers.unreachable, ...toSupervisors.unreachable],
  };
}

/**
 * The day-before reminder to active members who have not answered yet. The date is in the key
 * so a meeting moved after its reminder gets one for the new day.
 */
export async function remindNonResponders({ meetingId }: { meetingId: number }, { db, clock }: Deps): Promise<NoticeResult> {
  const now = clock.now();
  const ctx = await load(db, meetingId);
  if (!ctx) return { outboxIds: [], unreachable: [], skipped: 'meeting_not_found' };
  const { meeting, roster } = ctx;
  if (!rsvpOpen(meeting, now)) return { outboxIds: [], unreachable: [], skipped: 'not_open' };
  const answered = new Set((await createRsvpRepository({ db }).listForMeeting(meeting.id)).map((r) => r.memberId));
  const daysLeft = daysBetween(vnDate(now), meeting.date!);
  return notifyMembers(db, {
    memberIds: roster.filter((m) => isActiveMember(m) && !answered.has(m.id)).map((m) => m.id),
    now,
    dedupeKey: (id) => `rsvp-reminder:${meeting.id}:${meeting.date}:${id}`,
    message: notice({
      type: 'meeting.rsvp_reminder',
      meetingId: meeting.id,
      daysLeft,
      view: { date: meeting.date, time: meeting.time, place: meeting.place, branchName: ctx.branchName },
    }),
  });
}

export type RsvpPerson = { memberId: number; fullName: string; reachable: boolean };

export type RsvpSummary = {
  meeting: Meeting;
  branchName: string;
  coming: RsvpPerson[];
  away: (RsvpPerson & { reason: string | null })[];
  noAnswer: RsvpPerson[];
  /** Over active members only: exempt members are outside the count. */
  counts: { active: number; coming: number; away: number; noAnswer: number };
};

/** Who is coming, who is away and why, who has not answered: the bí thư's live view. */
export async function rsvpSummary({ meetingId }: { meetingId: number }, { db }: { db: DbOrTx }): Promise<RsvpSummary | undefined> {
  const ctx = await load(db, meetingId);
  if (!ctx) return undefined;
  const active = ctx.roster.filter(isActiveMember);
  const answers = new Map((await createRsvpRepository({ db }).listForMeeting(meetingId)).map((r) => [r.memberId, r]));
  const reachable = new Set(
    (
      await reachableRecipients(
        db,
        active.map((m) => m.id),
      )
    ).map((r) => r.memberId),
  );
  const person = (m: Member): RsvpPerson => ({ memberId: m.id, fullName: m.fullName, reachable: reachable.has(m.id) });
  const coming: RsvpPerson[] = [];
  const away: RsvpSummary['away'] = [];
  const noAnswer: RsvpPerson[] = [];
  for (const m of active) {
    const a = answers.get(m.id);
    if (!a) noAnswer.push(person(m));
    else if (a.answer === 'attend') coming.push(person(m));
    else away.push({ ...person(m), reason: a.reason });
  }
  return {
    meeting: ctx.meeting,
    branchName: ctx.branchName,
    coming,
    away,
    noAnswer,
    counts: { active: active.length, coming: coming.length, away: away.length, noAnswer: noAnswer.length },
  };
}
