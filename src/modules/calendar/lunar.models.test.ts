import { describe, expect, test } from 'vitest';
import { addDays, formatIsoDate, parseIsoDate } from './dates.js';
import { lunarToSolar, solarToLunar } from './lunar.models.js';

// Tết (1/1 lunar) and Giỗ Tổ Hùng Vương (10/3 lunar) in Vietnam, 2024–2035.
// Tết: every year is a published fact (the Vietnamese calendar, UTC+7). Giỗ Tổ: 2024, 2025,
// 2026 and 2031 are published facts; the other years were derived with this algorithm and
// checked to fall between late March and early May, on the 10th day of a new moon after Tết.
const EXPECTED: Record<number, { tet: string; gioTo: string }> = {
  2024: { tet: '2024-02-10', gioTo: '2024-04-18' },
  2025: { tet: '2025-01-29', gioTo: '2025-04-07' },
  2026: { tet: '2026-02-17', gioTo: '2026-04-26' },
  2027: { tet: '2027-02-06', gioTo: '2027-04-16' },
  2028: { tet: '2028-01-26', gioTo: '2028-04-04' },
  2029: { tet: '2029-02-13', gioTo: '2029-04-23' },
  2030: { tet: '2030-02-02', gioTo: '2030-04-12' },
  2031: { tet: '2031-01-23', gioTo: '2031-04-01' },
  2032: { tet: '2032-02-11', gioTo: '2032-04-19' },
  2033: { tet: '2033-01-31', gioTo: '2033-04-09' },
  2034: { tet: '2034-02-19', gioTo: '2034-04-28' },
  2035: { tet: '2035-02-08', gioTo: '2035-04-17' },
};

const solar = (year: number, month: number, day: number, leap = false, timeZone?: number) =>
  formatIsoDate(lunarToSolar({ year, month, day, leap }, timeZone));
const lunarOf = (date: string, timeZone?: number) => solarToLunar(parseIsoDate(date), timeZone);

describe('Tết and Giỗ Tổ in the Vietnamese calendar', () => {
  test.each(Object.entries(EXPECTED))('in %s they fall on the published days', (year, { tet, gioTo }) => {
    expect(solar(Number(year), 1, 1)).toBe(tet);
    expect(solar(Number(year), 3, 10)).toBe(gioTo);
    expect(lunarOf(tet)).toEqual({ year: Number(year), month: 1, day: 1, leap: false });
    expect(lunarOf(gioTo)).toEqual({ year: Number(year), month: 3, day: 10, leap: false });
  });

  test('Giỗ Tổ always falls between late March and early May', () => {
    for (const { gioTo } of Object.values(EXPECTED)) {
      expect(gioTo.slice(5) >= '03-25' && gioTo.slice(5) <= '05-05').toBe(true);
    }
  });

  test('the eve of Tết is the last day of the old lunar year', () => {
    expect(lunarOf('2026-02-16')).toEqual({ year: 2025, month: 12, day: 29, leap: false });
    expect(lunarOf('2030-02-01')).toEqual({ year: 2029, month: 12, day: 29, leap: false });
  });
});

describe('the time zone decides the calendar', () => {
  test('Tết 2030 is 2 February in Vietnam (UTC+7) but 3 February in China (UTC+8)', () => {
    expect(solar(2030, 1, 1)).toBe('2030-02-02');
    expect(solar(2030, 1, 1, false, 8)).toBe('2030-02-03');
    expect(lunarOf('2030-02-02', 8)).toEqual({ year: 2029, month: 12, day: 30, leap: false });
  });
});

describe('leap months', () => {
  test('2031 has a leap 3rd month, and Giỗ Tổ is in the ordinary 3rd month, on 1 April', () => {
    expect(solar(2031, 3, 10)).toBe('2031-04-01');
    expect(solar(2031, 3, 1)).toBe('2031-03-23');
    expect(solar(2031, 3, 1, true)).toBe('2031-04-21');
    expect(lunarOf('2031-04-30')).toEqual({ year: 2031, month: 3, day: 10, leap: true });
  });

  test('the leap months of the decade are the 6th of 2025, 5th of 2028, 3rd of 2031 and 11th of 2033', () => {
    const leapMonths: Record<number, number> = {};
    for (let year = 2024; year <= 2035; year++) {
      for (let month = 1; month <= 12; month++) {
        try {
          lunarToSolar({ year, month, day: 1, leap: true });
          leapMonths[year] = month;
        } catch {
          /* no such leap month */
        }
      }
    }
    expect(leapMonths).toEqual({ 2025: 6, 2028: 5, 2031: 3, 2033: 11 });
  });

  test('a leap month the year does not have, or a 30th a short month lacks, is refused', () => {
    expect(() => lunarToSolar({ year: 2026, month: 3, day: 1, leap: true })).toThrow(RangeError);
    const lastOfMonth12 = lunarOf('2026-02-16'); // 29/12 of a short month
    expect(() => lunarToSolar({ ...lastOfMonth12, day: 30 })).toThrow(RangeError);
  });
});

describe('every day of 2024–2035', () => {
  test('converts to a lunar date and back to itself, and lunar days run 1..29 or 1..30', () => {
    let previous = lunarOf('2023-12-31');
    for (let date = '2024-01-01'; date <= '2035-12-31'; date = addDays(date, 1)) {
      const lunar = lunarOf(date);
      expect(formatIsoDate(lunarToSolar(lunar))).toBe(date);
      if (lunar.day === 1) expect([29, 30]).toContain(previous.day);
      else expect(lunar.day).toBe(previous.day + 1);
      previous = lunar;
    }
  });
});
