import { describe, expect, test } from 'vitest';
import type { CalendarOverride } from './holidays.models.js';
import { isInFirstWeek, resolveRegularMeetingDate } from './meeting-date.models.js';

describe('the regular meeting on the 3rd', () => {
  test('a 3rd that is a working day stays put', () => {
    expect(resolveRegularMeetingDate({ year: 2026, month: 3 })).toEqual({ date: '2026-03-03', shifted: false });
  });

  test('a 3rd that is a Sunday moves to Monday the 4th', () => {
    expect(resolveRegularMeetingDate({ year: 2024, month: 3 })).toEqual({ date: '2024-03-04', shifted: true, reason: 'Chủ nhật' });
  });

  test('a 3rd that is a Saturday moves to Monday the 5th', () => {
    expect(resolveRegularMeetingDate({ year: 2024, month: 2 })).toEqual({ date: '2024-02-05', shifted: true, reason: 'Thứ Bảy' });
  });

  test('the meeting of February 2033 moves past Tết and its compensatory day to Monday the 7th', () => {
    expect(resolveRegularMeetingDate({ year: 2033, month: 2 })).toEqual({ date: '2033-02-07', shifted: true, reason: 'Tết Nguyên đán' });
  });

  test('with Tết 2030 and its compensatory days covering the 1st to the 7th of February, the bí thư is asked to choose', () => {
    expect(resolveRegularMeetingDate({ year: 2030, month: 2 })).toEqual({ date: null, reason: 'no_working_day_in_first_week' });
  });

  test('with the 3rd to the 7th all days off by official decision, the bí thư is asked to choose', () => {
    const overrides: CalendarOverride[] = ['2031-02-03', '2031-02-04', '2031-02-05', '2031-02-06', '2031-02-07'].map((date) => ({
      date,
      kind: 'day_off',
    }));
    expect(resolveRegularMeetingDate({ year: 2031, month: 2, opts: { overrides } })).toEqual({
      date: null,
      reason: 'no_working_day_in_first_week',
    });
  });

  test('September 2029: 2/9 on a Sunday, compensatory days on the 3rd and 4th, the meeting is Wednesday the 5th', () => {
    expect(resolveRegularMeetingDate({ year: 2029, month: 9 })).toEqual({
      date: '2029-09-05',
      shifted: true,
      reason: 'Nghỉ bù Quốc khánh',
    });
  });

  test('May 2033: 30/4 and 1/5 on a weekend push the meeting past the compensatory days to Wednesday the 4th', () => {
    expect(resolveRegularMeetingDate({ year: 2033, month: 5 })).toEqual({
      date: '2033-05-04',
      shifted: true,
      reason: 'Nghỉ bù Ngày Quốc tế lao động',
    });
  });

  test('a Saturday 3rd declared a working day keeps the meeting on the 3rd', () => {
    const overrides: CalendarOverride[] = [{ date: '2026-10-03', kind: 'working_day', note: 'Làm bù' }];
    expect(resolveRegularMeetingDate({ year: 2026, month: 10, opts: { overrides } })).toEqual({ date: '2026-10-03', shifted: false });
  });

  test('a day off declared by the government moves the meeting too', () => {
    const overrides: CalendarOverride[] = [{ date: '2026-01-02', kind: 'day_off', note: 'Nghỉ Tết Dương lịch (hoán đổi)' }];
    // 3/1/2026 is a Saturday anyway; the bridge ends on Sunday the 4th.
    expect(resolveRegularMeetingDate({ year: 2026, month: 1, opts: { overrides } })).toEqual({
      date: '2026-01-05',
      shifted: true,
      reason: 'Thứ Bảy',
    });
  });
});

describe('month and year ends', () => {
  test('the January 2028 meeting: New Year on a Saturday gives Monday the 3rd off, so the meeting is Tuesday the 4th', () => {
    expect(resolveRegularMeetingDate({ year: 2028, month: 1 })).toEqual({
      date: '2028-01-04',
      shifted: true,
      reason: 'Nghỉ bù Tết Dương lịch',
    });
  });

  test('from December 2027 to January 2028 each meeting follows its own year: Friday the 3rd, then past New Year', () => {
    expect(resolveRegularMeetingDate({ year: 2027, month: 12 })).toEqual({ date: '2027-12-03', shifted: false });
    expect(resolveRegularMeetingDate({ year: 2028, month: 1 }).date).toBe('2028-01-04');
  });

  test('a meeting day on the 31st of a Saturday December does not spill into January', () => {
    expect(resolveRegularMeetingDate({ year: 2033, month: 12, meetingDay: 31 })).toEqual({
      date: null,
      reason: 'no_working_day_left_in_month',
    });
  });

  test('a meeting day past the month end is the last day of the month (29 February 2028)', () => {
    expect(resolveRegularMeetingDate({ year: 2028, month: 2, meetingDay: 31 })).toEqual({ date: '2028-02-29', shifted: false });
  });

  test('the 30th of April 2027 is a holiday at the month end: the bí thư chooses', () => {
    expect(resolveRegularMeetingDate({ year: 2027, month: 4, meetingDay: 30 })).toEqual({
      date: null,
      reason: 'no_working_day_left_in_month',
    });
  });
});

describe('other meeting days', () => {
  test('the 7th on a Saturday has no working day left in the first week: the bí thư chooses', () => {
    expect(resolveRegularMeetingDate({ year: 2024, month: 9, meetingDay: 7 })).toEqual({
      date: null,
      reason: 'no_working_day_in_first_week',
    });
  });

  test('a Hà Nội branch meeting on the 4th: Sunday 4 August 2024 moves to Monday the 5th', () => {
    expect(resolveRegularMeetingDate({ year: 2024, month: 8, meetingDay: 4 })).toEqual({
      date: '2024-08-05',
      shifted: true,
      reason: 'Chủ nhật',
    });
  });

  test('a meeting day after the first week moves to the next working day of the same month', () => {
    // 10 February 2024 is a Saturday in Tết; the compensatory days run to Thursday the 15th.
    expect(resolveRegularMeetingDate({ year: 2024, month: 2, meetingDay: 10 })).toEqual({
      date: '2024-02-16',
      shifted: true,
      reason: 'Tết Nguyên đán',
    });
  });

  test('a meeting day outside 1–31 is a programming error', () => {
    expect(() => resolveRegularMeetingDate({ year: 2026, month: 1, meetingDay: 0 })).toThrow(RangeError);
    expect(() => resolveRegularMeetingDate({ year: 2026, month: 1, meetingDay: 32 })).toThrow(RangeError);
  });
});

describe('the first week', () => {
  test('days 1 to 7 are in the first week, the 8th is not', () => {
    expect(isInFirstWeek('2026-03-01')).toBe(true);
    expect(isInFirstWeek('2026-03-07')).toBe(true);
    expect(isInFirstWeek('2026-03-08')).toBe(false);
  });
});
