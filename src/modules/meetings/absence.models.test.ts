import { describe, expect, test } from 'vitest';
import {
  attendanceRate,
  attendanceReport,
  checkDuration,
  checkinCode,
  longestExcusedRuns,
  normalizeCode,
  settleAbsence,
  type AttendanceStatus,
  type HeldMeeting,
  type RosterMember,
} from './absence.models.js';

const member = (id: number, status: RosterMember['status'] = 'active'): RosterMember => ({ id, fullName: `Đảng viên ${id}`, status });
const roster = (n: number) => Array.from({ length: n }, (_, i) => member(i + 1));
const present = (ids: number[]) => ids.map((memberId) => ({ memberId, status: 'present' as const }));

/** A held meeting on the 3rd of a month where each listed member has the given status. */
function held(id: number, date: string, marks: Record<number, AttendanceStatus>): HeldMeeting {
  return {
    meetingId: id,
    date,
    period: date.slice(0, 7),
    marks: Object.entries(marks).map(([m, status]) => ({ memberId: Number(m), status })),
  };
}

describe('attendance rate', () => {
  test('exempt and temporarily exempt members are outside the count', () => {
    const people = [...roster(4), member(5, 'exempt'), member(6, 'temporarily_exempt')];
    const r = attendanceRate(people, present([1, 2, 3, 5, 6]));
    expect(r).toMatchObject({ present: 3, counted: 4, rate: 0.75 });
  });

  test('active members without any mark count as absent', () => {
    expect(attendanceRate(roster(5), present([1, 2]))).toMatchObject({ present: 2, counted: 5 });
  });

  test('exactly 85% does not meet the target of over 85%; one more member does', () => {
    expect(attendanceRate(roster(20), present([...Array(17).keys()].map((i) => i + 1))).meetsTarget).toBe(false);
    expect(attendanceRate(roster(20), present([...Array(18).keys()].map((i) => i + 1))).meetsTarget).toBe(true);
    expect(attendanceRate(roster(7), present([1, 2, 3, 4, 5, 6])).meetsTarget).toBe(true); // 85.7%
  });
});

describe('consecutive absences with reason', () => {
  const excusedRun = (n: number, then: AttendanceStatus | null = null) => {
    const meetings = Array.from({ length: n }, (_, i) =>
      held(i + 1, `2026-${String(i + 1).padStart(2, '0')}-03`, { 1: 'absent_excused', 2: 'present' }),
    );
    if (then) meetings.push(held(n + 1, `2026-${String(n + 1).padStart(2, '0')}-03`, { 1: then, 2: 'present' }));
    return meetings;
  };
  const report = (meetings: HeldMeeting[]) => attendanceReport({ meeting: meetings.at(-1)!, roster: roster(2), yearMeetings: meetings });

  test('a fourth consecutive absence with reason is flagged, a third is not', () => {
    expect(report(excusedRun(3)).longExcusedRuns).toEqual([]);
    expect(report(excusedRun(4)).longExcusedRuns).toEqual([{ memberId: 1, fullName: 'Đảng viên 1', run: 4 }]);
  });

  test('attending in between breaks the run', () => {
    const meetings = [...excusedRun(3, 'present'), held(5, '2026-05-03', { 1: 'absent_excused' })];
    expect(longestExcusedRuns(meetings).get(1)).toBe(3);
    expect(report(meetings).longExcusedRuns).toEqual([]);
  });

  test('the run is counted in meeting order, whatever order the meetings come in', () => {
    const meetings = excusedRun(4).reverse();
    expect(longestExcusedRuns(meetings).get(1)).toBe(4);
  });

  test("last year's absences do not start this year's run", () => {
    const meetings = [
      held(1, '2025-11-03', { 1: 'absent_excused' }),
      held(2, '2025-12-03', { 1: 'absent_excused' }),
      held(3, '2026-01-03', { 1: 'absent_excused' }),
      held(4, '2026-02-03', { 1: 'absent_excused' }),
      held(5, '2026-03-03', { 1: 'absent_excused' }),
    ];
    expect(report(meetings).longExcusedRuns).toEqual([]);
  });
});

describe('absences without reason this calendar year (Charter Art. 8)', () => {
  const people = roster(3);
  const meetings = [
    held(1, '2025-12-03', { 1: 'absent_unexcused', 2: 'absent_unexcused', 3: 'absent_unexcused' }),
    held(2, '2026-01-03', { 1: 'absent_unexcused', 2: 'absent_unexcused', 3: 'present' }),
    held(3, '2026-02-03', { 1: 'absent_unexcused', 2: 'present', 3: 'present' }),
    held(4, '2026-03-03', { 1: 'absent_unexcused', 2: 'absent_unexcused', 3: 'absent_unexcused' }),
  ];

  test('members at 2 and at 3 absences without reason are named; last year is not counted', () => {
    const r = attendanceReport({ meeting: meetings[3]!, roster: people, yearMeetings: meetings });
    expect(r.atThreeUnexcused).toEqual([{ memberId: 1, fullName: 'Đảng viên 1', months: 3 }]);
    expect(r.atTwoUnexcused).toEqual([{ memberId: 2, fullName: 'Đảng viên 2', months: 2 }]);
    expect(r.unexcused.map((m) => m.memberId)).toEqual([1, 2, 3]);
  });

  test('a regular and a thematic meeting missed in the same month count as one month', () => {
    const sameMonth = [held(1, '2026-03-03', { 1: 'absent_unexcused' }), held(2, '2026-03-20', { 1: 'absent_unexcused' })];
    const r = attendanceReport({ meeting: sameMonth[1]!, roster: people, yearMeetings: sameMonth });
    expect(r.atTwoUnexcused).toEqual([]);
  });

  test("this meeting's absences are listed with their reasons, exempt members left out", () => {
    const meeting: HeldMeeting = {
      meetingId: 9,
      date: '2026-04-03',
      period: '2026-04',
      marks: [
        { memberId: 1, status: 'absent_excused', reason: 'Đi công tác' },
        { memberId: 2, status: 'present' },
        { memberId: 4, status: 'absent_unexcused' },
      ],
    };
    const r = attendanceReport({ meeting, roster: [...roster(3), member(4, 'exempt')], yearMeetings: [] });
    expect(r.excused).toEqual([{ memberId: 1, fullName: 'Đảng viên 1', reason: 'Đi công tác' }]);
    expect(r.unexcused).toEqual([]);
    expect(r).toMatchObject({ present: 1, counted: 3, meetsTarget: false });
  });
});

describe('how an absent member is recorded', () => {
  const at = new Date('2026-12-01T08:00:00+07:00');
  const rsvpAway = { answer: 'away' as const, reason: 'Đi công tác', answeredAt: at };

  test('away in the RSVP with a reason: absent with reason, keeping the reason and when it was given', () => {
    expect(settleAbsence(undefined, rsvpAway)).toEqual({
      status: 'absent_excused',
      reason: 'Đi công tác',
      reasonGivenAt: at,
      reasonAccepted: true,
    });
  });

  test('no answer, or away without a reason: absent without reason', () => {
    expect(settleAbsence(undefined, undefined).status).toBe('absent_unexcused');
    expect(settleAbsence(undefined, { ...rsvpAway, reason: '  ' }).status).toBe('absent_unexcused');
    expect(settleAbsence(undefined, { ...rsvpAway, answer: 'attend', reason: null }).status).toBe('absent_unexcused');
  });

  test('a reason given later counts only once the bí thư accepted it', () => {
    const later = { status: 'absent_unexcused' as const, reason: 'Ốm', reasonGivenAt: at, reasonAccepted: null };
    expect(settleAbsence(later, undefined).status).toBe('absent_unexcused');
    expect(settleAbsence({ ...later, reasonAccepted: true }, undefined).status).toBe('absent_excused');
    expect(settleAbsence({ ...later, reasonAccepted: false }, rsvpAway)).toMatchObject({ status: 'absent_unexcused', reason: 'Ốm' });
  });
});

describe('meeting duration', () => {
  const start = new Date('2026-12-03T19:30:00+07:00');
  const after = (min: number) => new Date(start.getTime() + min * 60_000);

  test('89 minutes is a short regular meeting, 90 is enough', () => {
    expect(checkDuration({ kind: 'regular', startedAt: start, endedAt: after(89) })).toEqual({ minutes: 89, minimum: 90, short: true });
    expect(checkDuration({ kind: 'thematic', startedAt: start, endedAt: after(90) }).short).toBe(false);
    expect(checkDuration({ kind: 'regular', startedAt: start, endedAt: after(89.99) }).short).toBe(true);
  });

  test('a combined meeting needs 120 minutes', () => {
    expect(checkDuration({ kind: 'combined', startedAt: start, endedAt: after(119) })).toMatchObject({ minimum: 120, short: true });
    expect(checkDuration({ kind: 'combined', startedAt: start, endedAt: after(120) }).short).toBe(false);
  });
});

describe('check-in code', () => {
  test('always four digits, and typed codes are compared by their digits', () => {
    expect(checkinCode(() => 7)).toBe('0007');
    expect(checkinCode(() => 9999)).toBe('9999');
    expect(normalizeCode(' 12 34 ')).toBe('1234');
  });
});
