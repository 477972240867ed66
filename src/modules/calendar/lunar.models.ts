// The Vietnamese lunisolar calendar (âm lịch), computed astronomically.
//
// Method: the rules of the Chinese-style calendar as used in Vietnam, applied at UTC+7 —
// a month starts on the local day of a new moon; month 11 is the month holding the winter
// solstice; a year with 13 months between two months 11 repeats (leap) the first month
// that holds no major solar term (sun longitude multiple of 30°). New moons and sun
// longitudes come from the truncated series in Jean Meeus, "Astronomical Algorithms"
// (1998, ch. 25 and 49), the formulation popularised for the Vietnamese calendar by Hồ Ngọc
// Đức ("Thuật toán tính âm lịch"). Written here from those published formulas.
//
// The time zone matters: Vietnam (UTC+7) and China (UTC+8) differ when a new moon or a
// solar term falls between 16:00 and 17:00 UT, e.g. Tết 2030 (2 Feb in Vietnam, 3 Feb in China).

import type { Ymd } from './dates.js';

export type LunarDate = { year: number; month: number; day: number; leap: boolean };

/** Vietnam's legal time, UTC+7, no daylight saving. */
export const VIETNAM_TIME_ZONE = 7;

// The series and the ΔT approximation are accurate for a few centuries around 2000; the
// bot needs this decade, so anything far outside is refused rather than silently wrong.
const MIN_YEAR = 1900;
const MAX_YEAR = 2199;

const SYNODIC_MONTH = 29.530588853;
/** Julian day of the mean new moon numbered k = 0 (early January 1900). */
const NEW_MOON_EPOCH = 2415021.076998695;
const RAD = Math.PI / 180;

/** Julian day number of a Gregorian date (integer; the day that starts at noon UT). */
export function jdFromDate({ y, m, d }: Ymd): number {
  const a = Math.floor((14 - m) / 12);
  const yy = y + 4800 - a;
  const mm = m + 12 * a - 3;
  return d + Math.floor((153 * mm + 2) / 5) + 365 * yy + Math.floor(yy / 4) - Math.floor(yy / 100) + Math.floor(yy / 400) - 32045;
}

/** Gregorian date of a Julian day number (inverse of jdFromDate). */
export function jdToDate(jd: number): Ymd {
  const a = jd + 32044;
  const b = Math.floor((4 * a + 3) / 146097);
  const c = a - Math.floor((146097 * b) / 4);
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  return {
    d: e - Math.floor((153 * m + 2) / 5) + 1,
    m: m + 3 - 12 * Math.floor(m / 10),
    y: 100 * b + d - 4800 + Math.floor(m / 10),
  };
}

/** Julian day (fractional, UT) of the k-th new moon after the 1900 epoch (Meeus ch. 49, truncated). */
export function newMoon(k: number): number {
  const t = k / 1236.85; // Julian centuries since 1900
  const t2 = t * t;
  const t3 = t2 * t;
  let jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
  jd += 0.00033 * Math.sin((166.56 + 132.87 * t - 0.009173 * t2) * RAD);
  const sunAnomaly = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * RAD;
  const moonAnomaly = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * RAD;
  const latitudeArg = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * RAD;
  const correction =
    (0.1734 - 0.000393 * t) * Math.sin(sunAnomaly) +
    0.0021 * Math.sin(2 * sunAnomaly) -
    0.4068 * Math.sin(moonAnomaly) +
    0.0161 * Math.sin(2 * moonAnomaly) -
    0.0004 * Math.sin(3 * moonAnomaly) +
    0.0104 * Math.sin(2 * latitudeArg) -
    0.0051 * Math.sin(sunAnomaly + moonAnomaly) -
    0.0074 * Math.sin(sunAnomaly - moonAnomaly) +
    0.0004 * Math.sin(2 * latitudeArg + sunAnomaly) -
    0.0004 * Math.sin(2 * latitudeArg - sunAnomaly) -
    0.0006 * Math.sin(2 * latitudeArg + moonAnomaly) +
    0.001 * Math.sin(2 * latitudeArg - moonAnomaly) +
    0.0005 * Math.sin(2 * moonAnomaly + sunAnomaly);
  // ΔT (TT − UT) in days, a polynomial fit; the series above gives dynamical time.
  const deltaT =
    t < -11 ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3 : -0.000278 + 0.000265 * t + 0.000262 * t2;
  return jd + correction - deltaT;
}

/** Apparent sun longitude in radians [0, 2π) at a fractional Julian day, UT (Meeus ch. 25, low precision). */
export function sunLongitude(jd: number): number {
  const t = (jd - 2451545.0) / 36525; // Julian centuries since J2000
  const t2 = t * t;
  const meanAnomaly = (357.5291 + 35999.0503 * t - 0.0001559 * t2 - 0.00000048 * t * t2) * RAD;
  const meanLongitude = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  const center =
    (1.9146 - 0.004817 * t - 0.000014 * t2) * Math.sin(meanAnomaly) +
    (0.019993 - 0.000101 * t) * Math.sin(2 * meanAnomaly) +
    0.00029 * Math.sin(3 * meanAnomaly);
  const longitude = (meanLongitude + center) * RAD;
  return longitude - 2 * Math.PI * Math.floor(longitude / (2 * Math.PI));
}

/** Julian day number of the local day on which the k-th new moon falls. */
function newMoonDay(k: number, timeZone: number): number {
  return Math.floor(newMoon(k) + 0.5 + timeZone / 24);
}

/** Which 30° sector (0–11) the sun is in at the start of a local day; 9 = from the winter solstice. */
function sunSector(dayNumber: number, timeZone: number): number {
  return Math.floor((sunLongitude(dayNumber - 0.5 - timeZone / 24) / Math.PI) * 6);
}

/** Start (Julian day number) of lunar month 11 of the year ending in December of `year`: the month holding the winter solstice. */
export function getLunarMonth11(year: number, timeZone: number): number {
  const k = Math.floor((jdFromDate({ y: year, m: 12, d: 31 }) - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  const start = newMoonDay(k, timeZone);
  // A month starting after the solstice cannot hold it: month 11 is the one before.
  return sunSector(start, timeZone) >= 9 ? newMoonDay(k - 1, timeZone) : start;
}

/** In a 13-month year starting at month 11 `a11`: how many months after it the leap month comes (the first with no major solar term). */
export function getLeapMonthOffset(a11: number, timeZone: number): number {
  const k = Math.floor((a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let sector = sunSector(newMoonDay(k + i, timeZone), timeZone);
  let previous: number;
  do {
    previous = sector;
    i += 1;
    sector = sunSector(newMoonDay(k + i, timeZone), timeZone);
  } while (sector !== previous && i < 14);
  return i - 1;
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`lunar calendar supported for ${MIN_YEAR}–${MAX_YEAR} only, got ${year}`);
  }
}

/** The lunar date of a Gregorian day, by default in Vietnam's calendar (UTC+7). */
export function solarToLunar(date: Ymd, timeZone: number = VIETNAM_TIME_ZONE): LunarDate {
  checkYear(date.y);
  const dayNumber = jdFromDate(date);
  const k = Math.floor((dayNumber - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let monthStart = newMoonDay(k + 1, timeZone);
  if (monthStart > dayNumber) monthStart = newMoonDay(k, timeZone);

  // Bracket the day between two months 11 (a11 ≤ day < b11).
  let a11 = getLunarMonth11(date.y, timeZone);
  let b11 = a11;
  let year: number;
  if (a11 >= monthStart) {
    year = date.y;
    a11 = getLunarMonth11(date.y - 1, timeZone);
  } else {
    year = date.y + 1;
    b11 = getLunarMonth11(date.y + 1, timeZone);
  }

  const monthsAfter11 = Math.floor((monthStart - a11) / 29);
  let month = monthsAfter11 + 11;
  let leap = false;
  if (b11 - a11 > 365) {
    const leapOffset = getLeapMonthOffset(a11, timeZone);
    if (monthsAfter11 >= leapOffset) {
      month = monthsAfter11 + 10;
      leap = monthsAfter11 === leapOffset;
    }
  }
  if (month > 12) month -= 12;
  // Months 11 and 12 before the new year belong to the previous lunar year.
  if (month >= 11 && monthsAfter11 < 4) year -= 1;
  return { year, month, day: dayNumber - monthStart + 1, leap };
}

/**
 * The Gregorian day of a lunar date, by default in Vietnam's calendar (UTC+7).
 * Throws RangeError for a leap month the year does not have, or a day past the month's end.
 */
export function lunarToSolar(lunar: LunarDate, timeZone: number = VIETNAM_TIME_ZONE): Ymd {
  const { year, month, day, leap } = lunar;
  checkYear(year);
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(day) || day < 1 || day > 30) {
    throw new RangeError(`no such lunar date: ${day}/${month}/${year}`);
  }
  const [a11, b11] =
    month < 11
      ? [getLunarMonth11(year - 1, timeZone), getLunarMonth11(year, timeZone)]
      : [getLunarMonth11(year, timeZone), getLunarMonth11(year + 1, timeZone)];
  const k = Math.floor(0.5 + (a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let offset = month - 11;
  if (offset < 0) offset += 12;

  if (b11 - a11 > 365) {
    const leapOffset = getLeapMonthOffset(a11, timeZone);
    let leapMonth = leapOffset - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && month !== leapMonth) throw new RangeError(`lunar year ${year} has no leap month ${month}`);
    if (leap || offset >= leapOffset) offset += 1;
  } else if (leap) {
    throw new RangeError(`lunar year ${year} has no leap month`);
  }

  const monthStart = newMoonDay(k + offset, timeZone);
  // Months have 29 or 30 days: the 30th exists only if the next new moon is 30 days later.
  if (day > newMoonDay(k + offset + 1, timeZone) - monthStart) {
    throw new RangeError(`lunar month ${month}/${year} has no day ${day}`);
  }
  return jdToDate(monthStart + day - 1);
}
