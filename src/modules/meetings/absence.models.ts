import type { MemberStatus } from '../../shared/db/enums.js';
import type { attendanceStatusEnum } from './attendance.table.js';
import { minimumMinutes } from './meetings.models.js';
import { isActiveMember } from '../members/members.models.js';

// Attendance rules (12-HD/BTCTW, Charter Art. 8), pure: what closing check-in records and
// what the bí thư is warned about. The bot warns; the branch decides.

export type AttendanceStatus = (typeof attendanceStatusEnum.enumValues)[number];

/** Target: "over 85%" of counted members attend, so exactly 85% does NOT meet it. */
export const TARGET_PERCENT = 85;
/** 12-HD: no member absent with reason more than this many consecutive times in a year. */
export const MAX_CONSECUTIVE_EXCUSED = 3;

export type AbsenceFields = {
  status: AttendanceStatus;
  reason: string | null;
  reasonGivenAt: Date | null;
  reasonAccepted: boolean | null;
};
export type RsvpAnswer = { answer: 'attend' | 'away'; reason: string | null; answeredAt: Date };

const hasText = (s: string | null | undefined): s is string => !!s && s.trim().length > 0;

/**
 * How an absent member is recorded. A reason on the attendance row (given after the notice,
 * or one the bí thư decided on) counts only once the bí thư accepted it. Without one, a reason
 * given ahead in the RSVP makes the absence excused and is copied with its time; it is stored
 * as accepted (nobody in `decidedBy`) so later corrections settle it the same way.
 * A present member is left as they are.
 */
export function settleAbsence(row: AbsenceFields | undefined, rsvp: RsvpAnswer | undefined): AbsenceFields {
  if (row?.status === 'present') return row;
  if (row && hasText(row.reason)) {
    return { ...row, status: row.reasonAccepted === true ? 'absent_excused' : 'absent_unexcused' };
  }
  if (rsvp?.answer === 'away' && hasText(rsvp.reason)) {
    return { status: 'absent_excused', reason: rsvp.reason, reasonGivenAt: rsvp.answeredAt, reasonAccepted: true };
  }
  return { status: 'absent_unexcused', reason: null, reasonGivenAt: null, reasonAccepted: null };
}

export type RosterMember = { id: number; fullName: string; status: MemberStatus };
export type Mark = { memberId: number; status: AttendanceStatus; reason?: string | null };
/** A held meeting: its Vietnam date, the month it belongs to ('YYYY-MM') and the marks. */
export type HeldMeeting = { meetingId: number; date: string; period: string; marks: readonly Mark[] };

export type Rate = { present: number; counted: number; rate: number; meetsTarget: boolean };

/** Present / counted, counting active members only: exempt members are outside the count. */
export function attendanceRate(roster: readonly RosterMember[], marks: readonly Mark[]): Rate {
  const active = new Set(roster.filter(isActiveMember).map((m) => m.id));
  const present = marks.filter((m) => active.has(m.memberId) && m.status === 'present').length;
  const counted = active.size;
  // Integers, not floats: 17/20 must compare as exactly 85%.
  return { present, counted, rate: counted ? present / counted : 0, meetsTarget: counted > 0 && present * 100 > TARGET_PERCENT * counted };
}

type Named = { memberId: number; fullName: string };
export type AttendanceReport = Rate & {
  excused: (Named & { reason: string | null })[];
  unexcused: Named[];
  /** Longest run of consecutive excused absences this year, when over the limit. */
  longExcusedRuns: (Named & { run: number })[];
  /** Months this year with an absence without reason: exactly 2, and 3 or more. */
  atTwoUnexcused: (Named & { months: number })[];
  atThreeUnexcused: (Named & { months: number })[];
};

const byDate = (a: HeldMeeting, b: HeldMeeting) => a.date.localeCompare(b.date) || a.meetingId - b.meetingId;

/** Per member, the longest run of consecutive excused absences over these meetings. */
export function longestExcusedRuns(meetings: readonly HeldMeeting[]): Map<number, number> {
  const current = new Map<number, number>();
  const longest = new Map<number, number>();
  for (const m of [...meetings].sort(byDate)) {
    // A meeting with no mark for a member (not yet in the branch, exempt then) neither
    // extends nor breaks their run.
    for (const mark of m.marks) {
      const run = mark.status === 'absent_excused' ? (current.get(mark.memberId) ?? 0) + 1 : 0;
      current.set(mark.memberId, run);
      longest.set(mark.memberId, Math.max(run, longest.get(mark.memberId) ?? 0));
    }
  }
  return longest;
}

/**
 * Per member, the months with an absence without reason. Charter Art. 8 speaks of months
 * ("bỏ sinh hoạt chi bộ … ba tháng trong năm"), so a regular and a thematic meeting missed
 * in one month count once.
 */
export function unexcusedMonths(meetings: readonly HeldMeeting[]): Map<number, number> {
  const months = new Map<number, Set<string>>();
  for (const m of meetings) {
    for (const mark of m.marks) {
      if (mark.status !== 'absent_unexcused') continue;
      const set = months.get(mark.memberId) ?? new Set<string>();
      set.add(m.period);
      months.set(mark.memberId, set);
    }
  }
  return new Map([...months].map(([id, set]) => [id, set.size]));
}

/**
 * The report on a closed check-in: this meeting's rate and absences, and the year's warnings.
 * `yearMeetings` are the branch's held meetings; only those of this meeting's calendar year
 * count (last year's absences are not carried over).
 */
export function attendanceReport({
  meeting,
  roster,
  yearMeetings,
}: {
  meeting: HeldMeeting;
  roster: readonly RosterMember[];
  yearMeetings: readonly HeldMeeting[];
}): AttendanceReport {
  const year = meeting.date.slice(0, 4);
  const meetings = yearMeetings.filter((m) => m.date.slice(0, 4) === year && m.meetingId !== meeting.meetingId);
  meetings.push(meeting);
  const names = new Map(roster.map((m) => [m.id, m.fullName]));
  const named = <T extends object>(memberId: number, extra: T) => ({ memberId, fullName: names.get(memberId) ?? '', ...extra });
  const active = new Set(roster.filter(isActiveMember).map((m) => m.id));
  const here = meeting.marks.filter((m) => active.has(m.memberId));
  const runs = [...longestExcusedRuns(meetings)].filter(([id, run]) => names.has(id) && run > MAX_CONSECUTIVE_EXCUSED);
  const months = [...unexcusedMonths(meetings)].filter(([id]) => names.has(id));
  return {
    ...attendanceRate(roster, meeting.marks),
    excused: here.filter((m) => m.status === 'absent_excused').map((m) => named(m.memberId, { reason: m.reason ?? null })),
    unexcused: here.filter((m) => m.status === 'absent_unexcused').map((m) => named(m.memberId, {})),
    longExcusedRuns: runs.map(([id, run]) => named(id, { run })),
    atTwoUnexcused: months.filter(([, n]) => n === 2).map(([id, n]) => named(id, { months: n })),
    atThreeUnexcused: months.filter(([, n]) => n >= 3).map(([id, n]) => named(id, { months: n })),
  };
}

export type DurationCheck = { minutes: number; minimum: number; short: boolean };

/** Recorded start to end, in whole minutes, against 90 (120 for a combined meeting). */
export function checkDuration({
  kind,
  startedAt,
  endedAt,
}: {
  kind: 'regular' | 'thematic' | 'combined';
  startedAt: Date;
  endedAt: Date;
}): DurationCheck {
  const minutes = Math.floor((endedAt.getTime() - startedAt.getTime()) / 60_000);
  const minimum = minimumMinutes(kind);
  return { minutes, minimum, short: minutes < minimum };
}

/** A fresh 4-digit check-in code; `random` is a uniform integer source in [0, 10000). */
export const checkinCode = (random: (max: number) => number) => String(random(10_000)).padStart(4, '0');

/** What a member typed as the code: digits only ("12 34" and "1234" are one code). */
export const normalizeCode = (typed: string) => typed.replace(/\D/g, '');
