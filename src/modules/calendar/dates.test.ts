import { describe, expect, test } from 'vitest';
import { addDays, compareDates, dayOfWeek, daysInMonth, isIsoDate, parseIsoDate } from './dates.js';

describe('date strings', () => {
  test('adding days crosses month, year and leap-day boundaries', () => {
    expect(addDays('2027-12-31', 1)).toBe('2028-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  test('weekdays, month lengths and order', () => {
    expect(dayOfWeek('2026-02-17')).toBe(2); // Tết 2026, a Tuesday
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(['2026-10-01', '2026-09-30'].sort(compareDates)).toEqual(['2026-09-30', '2026-10-01']);
  });

  test('only real YYYY-MM-DD days are dates', () => {
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026/1/2')).toBe(false);
    expect(() => parseIsoDate('2026-13-01')).toThrow(RangeError);
  });
});
