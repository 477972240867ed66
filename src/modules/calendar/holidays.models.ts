// Public holidays in Vietnam (Labour Code 2019, Art. 112) and the working-day rule built on them.
// The law fixes the holidays; the government fixes the exact days off and swapped working days
// every year, so the computed calendar is only the default and per-year overrides win.

import { addDays, compareDates, dayOfWeek, formatIsoDate, isWeekend, parseIsoDate, type IsoDate } from './dates.js';
import { lunarToSolar } from './lunar.models.js';

/** An official decision for one day: 'day_off' adds a day off, 'working_day' makes the day a working day (even a Saturday). */
export type CalendarOverride = { date: IsoDate; kind: 'day_off' | 'working_day'; note?: string };

export type HolidayOptions = {
  /** 24/11 "Ngày Văn hóa Việt Nam": decided in 2026, awaiting the Labour Code amendment. Default off. */
  vietnamCultureDay?: boolean;
  /** Which day next to 2/9 is the second National Day holiday. Default 'before' (1/9). */
  nationalDaySecondDay?: 'before' | 'after';
  overrides?: CalendarOverride[];
};

export const HOLIDAY_NAMES = {
  newYear: 'Tết Dương lịch',
  lunarNewYear: 'Tết Nguyên đán',
  hungKings: 'Giỗ Tổ Hùng Vương',
  reunification: 'Ngày Chiến thắng',
  labourDay: 'Ngày Quốc tế lao động',
  nationalDay: 'Quốc khánh',
  cultureDay: 'Ngày Văn hóa Việt Nam',
  officialDayOff: 'Ngày nghỉ theo quyết định của Chính phủ',
} as const;

/** Tết: the eve (last day of the lunar year) through the 4th day of the new year, 5 days. */
const TET_OFFSETS = [-1, 0, 1, 2, 3];

// A memo of a pure function: sweeps ask isWorkingDay for many branches and days, and each
// lunar conversion evaluates dozens of astronomical series.
const lunarHolidayMemo = new Map<number, { tet: IsoDate; hungKings: IsoDate }>();

/** Tết (1/1 lunar) and Giỗ Tổ Hùng Vương (10/3 lunar, never the leap 3rd month) in a Gregorian year. */
export function lunarHolidays(year: number): { tet: IsoDate; hungKings: IsoDate } {
  let found = lunarHolidayMemo.get(year);
  if (!found) {
    found = {
      tet: formatIsoDate(lunarToSolar({ year, month: 1, day: 1, leap: false })),
      hungKings: formatIsoDate(lunarToSolar({ year, month: 3, day: 10, leap: false })),
    };
    lunarHolidayMemo.set(year, found);
  }
  return found;
}

/** The holidays Art. 112(1) lists, before compensatory days and overrides. */
export function statutoryHolidays(year: number, opts: HolidayOptions = {}): Map<IsoDate, string> {
  const days = new Map<IsoDate, string>();
  const add = (date: IsoDate, name: string) => {
    // Two holidays on one day (Giỗ Tổ can land on 30/4) keep both names; the law gives no extra day.
    const existing = days.get(date);
    days.set(date, existing && existing !== name ? `${existing}, ${name}` : name);
  };
  const on = (m: number, d: number) => formatIsoDate({ y: year, m, d });

  add(on(1, 1), HOLIDAY_NAMES.newYear);
  const { tet, hungKings } = lunarHolidays(year);
  for (const offset of TET_OFFSETS) add(addDays(tet, offset), HOLIDAY_NAMES.lunarNewYear);
  add(hungKings, HOLIDAY_NAMES.hungKings);
  add(on(4, 30), HOLIDAY_NAMES.reunification);
  add(on(5, 1), HOLIDAY_NAMES.labourDay);
  add(on(9, 2), HOLIDAY_NAMES.nationalDay);
  add(opts.nationalDaySecondDay === 'after' ? on(9, 3) : on(9, 1), HOLIDAY_NAMES.nationalDay);
  if (opts.vietnamCultureDay) add(on(11, 24), HOLIDAY_NAMES.cultureDay);
  return days;
}

/**
 * Art. 112(3): a holiday on a weekly rest day (Saturday, Sunday) gives the next working day off.
 * Several such holidays in a row (Tết over a weekend) each take their own next free weekday.
 */
function withCompensatoryDays(holidays: Map<IsoDate, string>): Map<IsoDate, string> {
  const result = new Map(holidays);
  const sorted = [...holidays.keys()].sort(compareDates);
  for (const date of sorted) {
    if (!isWeekend(date)) continue;
    let next = addDays(date, 1);
    while (isWeekend(next) || result.has(next)) next = addDays(next, 1);
    result.set(next, `Nghỉ bù ${holidays.get(date) ?? ''}`.trim());
  }
  return result;
}

/**
 * Every day off of a Gregorian year that is not an ordinary weekend, with its Vietnamese name:
 * statutory holidays, compensatory days, then the year's official overrides.
 */
export function publicHolidays(year: number, opts: HolidayOptions = {}): Map<IsoDate, string> {
  const days = withCompensatoryDays(statutoryHolidays(year, opts));
  for (const override of opts.overrides ?? []) {
    if (parseIsoDate(override.date).y !== year) continue;
    if (override.kind === 'working_day') {
      days.delete(override.date);
    } else {
      days.set(override.date, override.note ?? days.get(override.date) ?? HOLIDAY_NAMES.officialDayOff);
    }
  }
  return new Map([...days].sort(([a], [b]) => compareDates(a, b)));
}

/** Monday to Friday and not a day off, unless an official override makes it a working day. */
export function isWorkingDay(date: IsoDate, opts: HolidayOptions = {}): boolean {
  const override = findOverride(date, opts);
  if (override) return override.kind === 'working_day';
  const dow = dayOfWeek(date);
  if (dow === 0 || dow === 6) return false;
  return !publicHolidays(parseIsoDate(date).y, opts).has(date);
}

/** Why a day is not a working day: the holiday's name, 'Thứ Bảy' or 'Chủ nhật'; null on a working day. */
export function nonWorkingReason(date: IsoDate, opts: HolidayOptions = {}): string | null {
  if (isWorkingDay(date, opts)) return null;
  const holiday = publicHolidays(parseIsoDate(date).y, opts).get(date);
  if (holiday) return holiday;
  return dayOfWeek(date) === 6 ? 'Thứ Bảy' : 'Chủ nhật';
}

function findOverride(date: IsoDate, opts: HolidayOptions): CalendarOverride | undefined {
  // The last entry wins, as a later official notice replaces an earlier one.
  return (opts.overrides ?? []).findLast((o) => o.date === date);
}
