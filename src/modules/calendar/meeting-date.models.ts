// The regular meeting date (sinh hoạt chi bộ định kỳ). The seeds fix one day of the month for a
// whole province (default the 3rd): "nếu vào ngày nghỉ … sinh hoạt trong tuần đầu tiên của tháng".

import { addDays, daysInMonth, formatIsoDate, parseIsoDate, type IsoDate } from './dates.js';
import { isWorkingDay, nonWorkingReason, type HolidayOptions } from './holidays.models.js';

export const DEFAULT_MEETING_DAY = 3;
/** The "first week" of the month is days 1–7, not the first calendar week. */
export const FIRST_WEEK_LAST_DAY = 7;

export type RegularMeetingDate =
  | { date: IsoDate; shifted: boolean; reason?: string }
  | { date: null; reason: 'no_working_day_in_first_week' | 'no_working_day_left_in_month' };

export function isInFirstWeek(date: IsoDate): boolean {
  return parseIsoDate(date).d <= FIRST_WEEK_LAST_DAY;
}

/**
 * The meeting is on `meetingDay` (clamped to the month's length). On a Saturday, Sunday or
 * public holiday it moves forward to the next working day within days 1–7; when there is none
 * (the 7th on a Saturday, a long Tết) the date is null and the bí thư is asked to choose.
 * It never moves backwards: members were told the day, and an earlier day would cut the
 * preparation (chi ủy meeting, materials ≥ 1 day ahead) short.
 *
 * Some provinces meet later than the 7th; such a day can only move within its own month
 * (the first-week rule cannot apply), and with no working day left the bí thư chooses.
 */
export function resolveRegularMeetingDate(input: {
  year: number;
  month: number;
  meetingDay?: number;
  opts?: HolidayOptions;
}): RegularMeetingDate {
  const { year, month, meetingDay = DEFAULT_MEETING_DAY, opts = {} } = input;
  if (!Number.isInteger(meetingDay) || meetingDay < 1 || meetingDay > 31) {
    throw new RangeError(`meeting day must be 1–31, got ${meetingDay}`);
  }
  const lastDay = daysInMonth(year, month);
  const planned = formatIsoDate({ y: year, m: month, d: Math.min(meetingDay, lastDay) });
  const reason = nonWorkingReason(planned, opts);
  if (reason === null) return { date: planned, shifted: false };

  const inFirstWeek = isInFirstWeek(planned);
  const limit = inFirstWeek ? FIRST_WEEK_LAST_DAY : lastDay;
  for (let date = addDays(planned, 1); parseIsoDate(date).m === month && parseIsoDate(date).d <= limit; date = addDays(date, 1)) {
    if (isWorkingDay(date, opts)) return { date, shifted: true, reason };
  }
  return { date: null, reason: inFirstWeek ? 'no_working_day_in_first_week' : 'no_working_day_left_in_month' };
}
