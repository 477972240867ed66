import { describe, expect, test } from 'vitest';
import { addDaysTo, daysBetween, nextPeriod, parseViDate, parseViTime, vnDate, vnHour } from './vn-time.js';

describe('Vietnam time', () => {
  test('just after midnight in Hà Nội is still the previous day in UTC, but the date is Vietnam’s', () => {
    const at = new Date('2026-11-30T17:30:00Z');
    expect(vnDate(at)).toBe('2026-12-01');
    expect(vnHour(at)).toBe(0);
  });

  test('date arithmetic crosses month and year ends', () => {
    expect(addDaysTo('2026-12-30', 5)).toBe('2027-01-04');
    expect(addDaysTo('2027-01-03', -7)).toBe('2026-12-27');
    expect(daysBetween('2026-12-27', '2027-01-03')).toBe(7);
    expect(nextPeriod('2026-12')).toBe('2027-01');
  });

  test('dates and times as people type them', () => {
    expect(parseViDate('28/11', '2026-11-22')).toBe('2026-11-28');
    expect(parseViDate('3/1', '2026-12-20')).toBe('2027-01-03');
    expect(parseViDate('03-01-2027', '2026-12-20')).toBe('2027-01-03');
    expect(parseViDate('31/2', '2026-01-01')).toBeNull();
    expect(parseViDate('hôm qua', '2026-01-01')).toBeNull();
    expect(parseViTime('19h30')).toBe('19:30');
    expect(parseViTime('8h')).toBe('08:00');
    expect(parseViTime('7:05')).toBe('07:05');
    expect(parseViTime('25:00')).toBeNull();
  });
});
