import { isActiveMember, isBranchLeader } from '../members/members.models.js';
import { randomInt } from 'node:crypto';
import type { DbOrTx } from '../../shared/db/db.js';
import { checkinError, refusing } from './checkin.refusals.js';
import { noticeMessage } from '../../shared/outbound.js';
import { createAuditRepository } from '../audit/audit.repository.js';
import { createMembersRepository, type Member } from '../members/members.repository.js';
import { notifyMembers } from '../outbox/notify.js';
import {
  attendanceReport,
  checkDuration,
  checkinCode,
  normalizeCode,
  settleAbsence,
  type AttendanceReport,
  type DurationCheck,
} from './absence.models.js';
import { CODE_REFUSED_ACTION, createAttendanceRepository, type AttendanceRow } from './attendance.repository.js';
import { createMeetingsRepository, type Meeting } from './meetings.repository.js';
import type { CheckinNotice } from './meetings.notices.js';

const notice = (n: CheckinNotice) => noticeMessage(n);

type Deps = { db: DbOrTx };

export { checkinError, isRefusal, type CheckinErrorCode, type CheckinRefusal } from './checkin.refusals.js';

/** Wrong codes a member may type per meeting: enough for typos, too few to guess 1 in 10,000. */
export const MAX_CODE_ATTEMPTS = 5;

/** Who runs check-in: the bí thư and phó bí thư of the branch. */
export const runsCheckin = isBranchLeader;

/** The meeting, locked, once the actor is shown to be a leader of its branch. */
export async function meetingForLeader(
  { meetingId, actorMemberId, lock }: { meetingId: number; actorMemberId: number; lock: 'update' | 'share' },
  { db }: Deps,
): Promise<Meeting> {
  const meeting = (await createAttendanceRepository({ db }).lockMeeting(meetingId, lock)) ?? checkinError('checkin.meeting_not_found');
  const actor = await createMembersRepository({ db }).findById(actorMemberId);
  if (!actor || actor.branchId !== meeting.branchId || !runsCheckin(actor)) checkinError('checkin.not_leader');
  return meeting;
}

export type OpenCheckinResult = { meeting: Meeting; code: string | null; alreadyOpen: boolean; outboxIds: number[]; unreachable: Member[] };

/**
 * Open check-in: record the start, optionally turn on a 4-digit code read out in the room,
 * and send every active member the check-in message. Opening again (e.g. to add a code)
 * sends nobody a second message.
 */
async function openCheckinOrRefuse(
  { meetingId, actorMemberId, withCode, now }: { meetingId: number; actorMemberId: number; withCode: boolean; now: Date },
  { db }: Deps,
): Promise<OpenCheckinResult> {
  const current = await meetingForLeader({ meetingId, actorMemberId, lock: 'update' }, { db });
  if (current.status === 'cancelled') checkinError('checkin.meeting_cancelled');
  if (current.checkinClosedAt) checkinError('checkin.already_closed');
  if (!current.date) checkinError('checkin.no_date');
  const code = current.checkinCode ?? (withCode ? checkinCode(randomInt) : null);
  const meeting = await createMeetingsRepository({ db }).update(
    meetingId,
    {
      checkinOpenedAt: current.checkinOpenedAt ?? now,
      startedAt: current.startedAt ?? now,
      checkinCode: code,
    },
    now,
  );
  const active = (await createMembersRepository({ db }).listByBranch(meeting.branchId)).filter(isActiveMember);
  const message = notice({
    type: 'checkin.invite',
    meetingId: meeting.id,
    when: { date: meeting.date, time: meeting.time },
    withCode: !!code,
  });
  const sent = await notifyMembers(db, {
    memberIds: active.map((m) => m.id),
    message,
    dedupeKey: (id) => `checkin:${meeting.id}:${id}`,
    now,
  });
  await createAuditRepository({ db }).record({
    actorMemberId,
    actorKind: 'member',
    action: 'checkin.open',
    subjectType: 'meeting',
    subjectId: meeting.id,
    details: { withCode: !!code },
  });
  const unreachable = new Set(sent.unreachable);
  return {
    meeting,
    code,
    alreadyOpen: !!current.checkinOpenedAt,
    outboxIds: sent.outboxIds,
    unreachable: active.filter((m) => unreachable.has(m.id)),
  };
}

export type CheckInOutcome =
  'present' | 'already_present' | 'code_required' | 'wrong_code' | 'too_many_attempts' | 'not_open' | 'closed' | 'not_found';
export type CheckInResult = { outcome: CheckInOutcome; meeting?: Meeting; attemptsLeft?: number };

/** A member confirms presence, during check-in only, with the code when one is on. */
export async function checkIn(
  { meetingId, memberId, code, now }: { meetingId: number; memberId: number; code?: string; now: Date },
  { db }: Deps,
): Promise<CheckInResult> {
  const attendance = createAttendanceRepository({ db });
  const meeting = await attendance.lockMeeting(meetingId, 'share');
  const member = await createMembersRepository({ db }).findById(memberId);
  // Another branch's meeting looks the same as no meeting: a forged button learns nothing.
  if (!meeting || !member || member.branchId !== meeting.branchId) return { outcome: 'not_found' };
  if (meeting.checkinClosedAt) return { outcome: 'closed', meeting };
  if (!meeting.checkinOpenedAt) return { outcome: 'not_open', meeting };
  const row = await attendance.find(meetingId, memberId);
  if (row?.status === 'present') return { outcome: 'already_present', meeting };
  if (meeting.checkinCode) {
    if (code === undefined) return { outcome: 'code_required', meeting };
    const refused = await attendance.refusedCodes(meetingId, memberId);
    if (refused >= MAX_CODE_ATTEMPTS) return { outcome: 'too_many_attempts', meeting };
    if (normalizeCode(code) !== meeting.checkinCode) {
      await createAuditRepository({ db }).record({
        actorMemberId: memberId,
        actorKind: 'member',
        action: CODE_REFUSED_ACTION,
        subjectType: 'meeting',
        subjectId: meetingId,
      });
      const attemptsLeft = MAX_CODE_ATTEMPTS - refused - 1;
      return attemptsLeft > 0 ? { outcome: 'wrong_code', meeting, attemptsLeft } : { outcome: 'too_many_attempts', meeting };
    }
  }
  await attendance.upsert([{ ...keep(row), meetingId, memberId, status: 'present', checkedInAt: now, recordedByMemberId: memberId }]);
  return { outcome: 'present', meeting };
}

/** The reason and decision columns of an existing row, so a re-write does not lose them. */
export const keep = (row: AttendanceRow | undefined) => ({
  reason: row?.reason ?? null,
  reasonGivenAt: row?.reasonGivenAt ?? null,
  reasonAccepted: row?.reasonAccepted ?? null,
  decidedByMemberId: row?.decidedByMemberId ?? null,
  decidedAt: row?.decidedAt ?? null,
});

export type CloseCheckinResult = { meeting: Meeting; report: AttendanceReport; alreadyClosed: boolean; outboxIds: number[] };

/**
 * Close check-in: every active member not present is recorded absent, with reason (RSVP or an
 * accepted later reason) or without; the meeting is held. The bí thư gets the rate and flags.
 * Closing again changes nothing and sends nothing.
 */
async function closeCheckinOrRefuse(
  { meetingId, actorMemberId, now }: { meetingId: number; actorMemberId: number; now: Date },
  { db }: Deps,
): Promise<CloseCheckinResult> {
  let meeting = await meetingForLeader({ meetingId, actorMemberId, lock: 'update' }, { db });
  if (!meeting.checkinOpenedAt) checkinError('checkin.not_open');
  if (meeting.checkinClosedAt) return { meeting, report: await reportFor(meeting, { db }), alreadyClosed: true, outboxIds: [] };
  const attendance = createAttendanceRepository({ db });
  const roster = await createMembersRepository({ db }).listByBranch(meeting.branchId);
  const rows = new Map((await attendance.forMeeting(meetingId)).map((r) => [r.memberId, r]));
  const rsvps = new Map((await attendance.rsvpsFor(meetingId)).map((r) => [r.memberId, r]));
  const absent = roster.filter((m) => isActiveMember(m) && rows.get(m.id)?.status !== 'present');
  await attendance.upsert(
    absent.map((m) => {
      const row = rows.get(m.id);
      return {
        ...keep(row),
        ...settleAbsence(row, rsvps.get(m.id)),
        meetingId,
        memberId: m.id,
        checkedInAt: null,
        recordedByMemberId: row?.recordedByMemberId ?? actorMemberId,
      };
    }),
  );
  meeting = await createMeetingsRepository({ db }).update(meetingId, { status: 'held', checkinClosedAt: now }, now);
  const report = await reportFor(meeting, { db });
  const secretaries = roster.filter((m) => m.role === 'secretary' && m.id !== actorMemberId).map((m) => m.id);
  const sent = await notifyMembers(db, {
    memberIds: secretaries,
    message: notice({ type: 'checkin.report', meetingId, when: { date: meeting.date, time: meeting.time }, report }),
    dedupeKey: (id) => `checkin-report:${meetingId}:${id}`,
    now,
  });
  await createAuditRepository({ db }).record({
    actorMemberId,
    actorKind: 'member',
    action: 'checkin.close',
    subjectType: 'meeting',
    subjectId: meetingId,
    details: { present: report.present, counted: report.counted },
  });
  return { meeting, report, alreadyClosed: false, outboxIds: sent.outboxIds };
}

/** This meeting's rate and absences, with the warnings over the branch's year. */
export async function reportFor(meeting: Meeting, { db }: Deps): Promise<AttendanceReport> {
  const attendance = createAttendanceRepository({ db });
  const date = meeting.date ?? meeting.period + '-01';
  const roster = await createMembersRepository({ db }).listByBranch(meeting.branchId);
  const marks = (await attendance.forMeeting(meeting.id)).map((r) => ({ memberId: r.memberId, status: r.status, reason: r.reason }));
  const yearMeetings = await attendance.heldMeetingsOfYear(meeting.branchId, date.slice(0, 4));
  return attendanceReport({ meeting: { meetingId: meeting.id, date, period: meeting.period, marks }, roster, yearMeetings });
}

export type RecordEndResult = { meeting: Meeting; duration: DurationCheck; alreadyRecorded: boolean };

/** Record when the meeting ended and check the duration. The first recorded end is kept. */
async function recordEndOrRefuse(
  { meetingId, actorMemberId, now }: { meetingId: number; actorMemberId: number; now: Date },
  { db }: Deps,
): Promise<RecordEndResult> {
  let meeting = await meetingForLeader({ meetingId, actorMemberId, lock: 'update' }, { db });
  const startedAt = meeting.startedAt ?? checkinError('checkin.no_start');
  const alreadyRecorded = meeting.endedAt !== null;
  if (!alreadyRecorded) {
    meeting = await createMeetingsRepository({ db }).update(meetingId, { endedAt: now }, now);
    await createAuditRepository({ db }).record({
      actorMemberId,
      actorKind: 'member',
      action: 'meeting.end',
      subjectType: 'meeting',
      subjectId: meetingId,
    });
  }
  return { meeting, duration: checkDuration({ kind: meeting.kind, startedAt, endedAt: meeting.endedAt ?? now }), alreadyRecorded };
}

export const openCheckin = refusing(openCheckinOrRefuse);

export const closeCheckin = refusing(closeCheckinOrRefuse);

export const recordEnd = refusing(recordEndOrRefuse);
