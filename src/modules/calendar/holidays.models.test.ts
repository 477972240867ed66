import { describe, expect, test } from 'vitest';
import { addDays } from './dates.js';
import { isWorkingDay, publicHolidays, type CalendarOverride } from './holidays.models.js';

const daysFrom = (first: string, last: string): string[] => {
  const days: string[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) days.push(d);
  return days;
};

describe('the statutory holidays (Labour Code 2019, Art. 112)', () => {
  test('2031: New Year, five days of Tết from its eve, Giỗ Tổ, 30/4, 1/5 and 2/9 with 1/9', () => {
    const holidays = publicHolidays(2031);
    expect(holidays.get('2031-01-01')).toBe('Tết Dương lịch');
    for (const d of daysFrom('2031-01-22', '2031-01-26')) expect(holidays.get(d)).toBe('Tết Nguyên đán');
    expect(holidays.has('2031-01-21')).toBe(false);
    expect(holidays.get('2031-04-01')).toBe('Giỗ Tổ Hùng Vương');
    expect(holidays.get('2031-04-30')).toBe('Ngày Chiến thắng');
    expect(holidays.get('2031-05-01')).toBe('Ngày Quốc tế lao động');
    expect(holidays.get('2031-09-01')).toBe('Quốc khánh');
    expect(holidays.get('2031-09-02')).toBe('Quốc khánh');
    // Tết 2031 spans Saturday 25 and Sunday 26 January: two compensatory days follow.
    expect(holidays.get('2031-01-27')).toBe('Nghỉ bù Tết Nguyên đán');
    expect(holidays.get('2031-01-28')).toBe('Nghỉ bù Tết Nguyên đán');
    expect(holidays.size).toBe(13);
  });

  test('every year 2024–2035 has Tết on five consecutive days, the eve first, all in its own Gregorian year', () => {
    for (let year = 2024; year <= 2035; year++) {
      const tetDays = [...publicHolidays(year)].filter(([, name]) => name === 'Tết Nguyên đán').map(([d]) => d);
      expect(tetDays).toHaveLength(5);
      expect(tetDays[4]).toBe(addDays(tetDays[0] ?? '', 4));
      expect(tetDays[0]?.startsWith(String(year))).toBe(true);
    }
  });

  test('the second National Day holiday can be the day after 2/9', () => {
    const holidays = publicHolidays(2031, { nationalDaySecondDay: 'after' });
    expect(holidays.has('2031-09-01')).toBe(false);
    expect(holidays.get('2031-09-03')).toBe('Quốc khánh');
  });

  test('Ngày Văn hóa Việt Nam (24/11) is a day off only when the setting is on', () => {
    expect(publicHolidays(2027).has('2027-11-24')).toBe(false);
    expect(publicHolidays(2027, { vietnamCultureDay: true }).get('2027-11-24')).toBe('Ngày Văn hóa Việt Nam');
    expect(isWorkingDay('2027-11-24')).toBe(true);
    expect(isWorkingDay('2027-11-24', { vietnamCultureDay: true })).toBe(false);
  });
});

describe('compensatory days (Art. 112(3))', () => {
  test('2/9/2029 is a Sunday and 1/9 a Saturday: Monday 3 and Tuesday 4 September are off', () => {
    const holidays = publicHolidays(2029);
    expect(holidays.get('2029-09-03')).toBe('Nghỉ bù Quốc khánh');
    expect(holidays.get('2029-09-04')).toBe('Nghỉ bù Quốc khánh');
    expect(isWorkingDay('2029-09-05')).toBe(true);
  });

  test('2/9/2029 on a Sunday with 3/9 as the second day: Tuesday the 4th is the compensatory day', () => {
    const opts = { nationalDaySecondDay: 'after' } as const;
    expect(isWorkingDay('2029-09-03', opts)).toBe(false);
    expect(publicHolidays(2029, opts).get('2029-09-04')).toBe('Nghỉ bù Quốc khánh');
    expect(isWorkingDay('2029-09-05', opts)).toBe(true);
  });

  test('30/4/2033 and 1/5/2033 on a weekend give Monday 2 and Tuesday 3 May off', () => {
    const holidays = publicHolidays(2033);
    expect(holidays.get('2033-05-02')).toBe('Nghỉ bù Ngày Chiến thắng');
    expect(holidays.get('2033-05-03')).toBe('Nghỉ bù Ngày Quốc tế lao động');
  });

  test('30/4/2028 is a Sunday and Monday is 1/5 already: the compensatory day is Tuesday 2 May', () => {
    expect(publicHolidays(2028).get('2028-05-02')).toBe('Nghỉ bù Ngày Chiến thắng');
  });

  test('Giỗ Tổ 2026 on Sunday 26 April gives Monday the 27th off', () => {
    expect(publicHolidays(2026).get('2026-04-27')).toBe('Nghỉ bù Giỗ Tổ Hùng Vương');
  });

  test('New Year 2028 on a Saturday gives Monday 3 January off', () => {
    expect(publicHolidays(2028).get('2028-01-03')).toBe('Nghỉ bù Tết Dương lịch');
    expect(isWorkingDay('2028-01-04')).toBe(true);
  });
});

describe('official overrides for a year', () => {
  // The government's 2026 calendar for civil servants: Tết 14–22/2, and 1/1 bridged to 4/1.
  const overrides2026: CalendarOverride[] = [
    ...daysFrom('2026-02-14', '2026-02-22').map((date) => ({ date, kind: 'day_off' as const, note: 'Tết Nguyên đán' })),
    { date: '2026-01-02', kind: 'day_off', note: 'Nghỉ Tết Dương lịch (hoán đổi)' },
  ];

  test('Tết 2026 from 14 to 22 February: every one of those days is non-working', () => {
    for (const d of daysFrom('2026-02-14', '2026-02-22')) expect(isWorkingDay(d, { overrides: overrides2026 })).toBe(false);
    expect(isWorkingDay('2026-02-13', { overrides: overrides2026 })).toBe(true);
    expect(isWorkingDay('2026-02-23', { overrides: overrides2026 })).toBe(true);
    // Without the decision only the law applies: Saturday 14 is an ordinary weekend, Monday 16 the eve.
    expect(publicHolidays(2026).has('2026-02-14')).toBe(false);
    expect(isWorkingDay('2026-02-16')).toBe(false);
  });

  test('1/1/2026 bridged to the weekend: Friday 2 January is non-working', () => {
    expect(isWorkingDay('2026-01-02')).toBe(true);
    expect(isWorkingDay('2026-01-02', { overrides: overrides2026 })).toBe(false);
    expect(publicHolidays(2026, { overrides: overrides2026 }).get('2026-01-02')).toBe('Nghỉ Tết Dương lịch (hoán đổi)');
  });

  test('a Saturday declared a working day (làm bù) is a working day', () => {
    const opts = { overrides: [{ date: '2026-01-10', kind: 'working_day' as const, note: 'Làm bù' }] };
    expect(isWorkingDay('2026-01-10')).toBe(false);
    expect(isWorkingDay('2026-01-10', opts)).toBe(true);
  });

  test('a computed compensatory day the government moved elsewhere can be made a working day', () => {
    const opts: { overrides: CalendarOverride[] } = {
      overrides: [
        { date: '2026-04-27', kind: 'working_day' },
        { date: '2026-04-29', kind: 'day_off' },
      ],
    };
    const holidays = publicHolidays(2026, opts);
    expect(holidays.has('2026-04-27')).toBe(false);
    expect(holidays.get('2026-04-29')).toBe('Ngày nghỉ theo quyết định của Chính phủ');
    expect(isWorkingDay('2026-04-27', opts)).toBe(true);
  });

  test('overrides of other years do not leak into this one', () => {
    const opts = { overrides: [{ date: '2027-01-04', kind: 'day_off' as const }] };
    expect(publicHolidays(2026, opts).has('2027-01-04')).toBe(false);
    expect(isWorkingDay('2027-01-04', opts)).toBe(false);
  });
});
