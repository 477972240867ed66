import type { DbOrTx } from '../../shared/db/db.js';
import { createAuditRepository } from '../audit/audit.repository.js';
import { reachableRecipients } from '../identities/recipients.repository.js';
import { createMembersRepository, type Member } from '../members/members.repository.js';
import { settleAbsence } from './absence.models.js';
import { createAttendanceRepository, type AttendanceRow, type Rsvp } from './attendance.repository.js';
import { keep, meetingForLeader } from './checkin.usecases.js';
import { checkinError, refusing } from './checkin.refusals.js';
import type { Meeting } from './meetings.repository.js';
import { isActiveMember } from '../members/members.models.js';

// The bí thư's corrections to check-in, for any member of the branch — also members without
// a chat account. They work while check-in is open and after it closed (a reason often
// arrives days later), never before it was opened.

type Deps = { db: DbOrTx };
type Correction = { meetingId: number; actorMemberId: number; memberId: number; now: Date };

async function load({ meetingId, actorMemberId, memberId }: Correction, db: DbOrTx) {
  const meeting = await meetingForLeader({ meetingId, actorMemberId, lock: 'share' }, { db });
  if (!meeting.checkinOpenedAt) checkinError('checkin.not_open');
  const member = await createMembersRepository({ db }).findById(memberId);
  if (!member || member.branchId !== meeting.branchId) return checkinError('checkin.member_not_in_branch');
  const attendance = createAttendanceRepository({ db });
  return {
    meeting,
    member,
    attendance,
    row: await attendance.find(meetingId, memberId),
    rsvp: await attendance.rsvpFor(meetingId, memberId),
  };
}

async function audit(db: DbOrTx, c: Correction, action: string, details?: Record<string, unknown>) {
  await createAuditRepository({ db }).record({
    actorMemberId: c.actorMemberId,
    actorKind: 'member',
    action,
    subjectType: 'member',
    subjectId: c.memberId,
    details: { meetingId: c.meetingId, ...details },
  });
}

export type CorrectionResult = { member: Member; status: AttendanceRow['status'] };

/** The bí thư records a member present (checking in on their behalf). */
async function markPresentOrRefuse(c: Correction, { db }: Deps): Promise<CorrectionResult> {
  const { member, attendance, row } = await load(c, db);
  await attendance.upsert([
    {
      ...keep(row),
      meetingId: c.meetingId,
      memberId: c.memberId,
      status: 'present',
      checkedInAt: row?.checkedInAt ?? c.now,
      recordedByMemberId: c.actorMemberId,
    },
  ]);
  await audit(db, c, 'attendance.mark_present');
  return { member, status: 'present' };
}

/**
 * The bí thư records a member absent. A reason given now waits for the bí thư's acceptance
 * (decideReason); without one, a reason already known (RSVP, earlier) still counts.
 */
async function markAbsentOrRefuse(
  c: Correction & { reason?: string },
  { db }: Deps,
): Promise<CorrectionResult & { reasonPending: boolean }> {
  const { member, attendance, row, rsvp } = await load(c, db);
  const reason = c.reason?.trim();
  const fields = reason ? { reason, reasonGivenAt: c.now, reasonAccepted: null, decidedByMemberId: null, decidedAt: null } : keep(row);
  const settled = settleAbsence({ ...fields, status: 'absent_unexcused' }, rsvp);
  await attendance.upsert([
    {
      ...fields,
      ...settled,
      meetingId: c.meetingId,
      memberId: c.memberId,
      checkedInAt: null,
      recordedByMemberId: c.actorMemberId,
    },
  ]);
  // Ids and codes only in the audit log: the reason itself stays in the attendance row.
  await audit(db, c, 'attendance.mark_absent', { withReason: !!reason });
  return { member, status: settled.status, reasonPending: !!reason };
}

/** The bí thư accepts or rejects a member's reason for an absence (given ahead or later). */
async function decideReasonOrRefuse(c: Correction & { accept: boolean }, { db }: Deps): Promise<CorrectionResult> {
  const { member, attendance, row, rsvp } = await load(c, db);
  if (row?.status === 'present') checkinError('checkin.member_present');
  const given = row?.reason
    ? { reason: row.reason, reasonGivenAt: row.reasonGivenAt }
    : rsvp?.answer === 'away' && rsvp.reason?.trim()
      ? { reason: rsvp.reason, reasonGivenAt: rsvp.answeredAt }
      : checkinError('checkin.no_reason');
  const status = c.accept ? 'absent_excused' : 'absent_unexcused';
  await attendance.upsert([
    {
      meetingId: c.meetingId,
      memberId: c.memberId,
      status,
      checkedInAt: null,
      ...given,
      reasonAccepted: c.accept,
      decidedByMemberId: c.actorMemberId,
      decidedAt: c.now,
      recordedByMemberId: row?.recordedByMemberId ?? c.actorMemberId,
    },
  ]);
  await audit(db, c, c.accept ? 'attendance.accept_reason' : 'attendance.reject_reason');
  return { member, status };
}

/** Active members of a branch in the order of the numbered list the bí thư works from. */
export async function numberedMembers(branchId: number, { db }: Deps): Promise<Member[]> {
  return (await createMembersRepository({ db }).listByBranch(branchId)).filter(isActiveMember);
}

export type RosterEntry = { member: Member; reachable: boolean; row: AttendanceRow | undefined; rsvp: Rsvp | undefined };

/** The numbered list with each member's check-in row and RSVP, for the bí thư. */
async function checkinRosterOrRefuse(
  { meeting, actorMemberId }: { meeting: Meeting; actorMemberId: number },
  { db }: Deps,
): Promise<RosterEntry[]> {
  await meetingForLeader({ meetingId: meeting.id, actorMemberId, lock: 'share' }, { db });
  const members = await numberedMembers(meeting.branchId, { db });
  const attendance = createAttendanceRepository({ db });
  const rows = new Map((await attendance.forMeeting(meeting.id)).map((r) => [r.memberId, r]));
  const rsvps = new Map((await attendance.rsvpsFor(meeting.id)).map((r) => [r.memberId, r]));
  const reachable = new Set(
    (
      await reachableRecipients(
        db,
        members.map((m) => m.id),
      )
    ).map((r) => r.memberId),
  );
  return members.map((member) => ({ member, reachable: reachable.has(member.id), row: rows.get(member.id), rsvp: rsvps.get(member.id) }));
}

export const markPresent = refusing(markPresentOrRefuse);

export const markAbsent = refusing(markAbsentOrRefuse);

export const decideReason = refusing(decideReasonOrRefuse);

export const checkinRoster = refusing(checkinRosterOrRefuse);
