import { and, asc, eq, gte, lte } from 'drizzle-orm';
import type { DbOrTx } from '../../shared/db/db.js';
import { formatIsoDate, parseIsoDate, type IsoDate } from './dates.js';
import type { CalendarOverride } from './holidays.models.js';
import { calendarOverrides } from './calendar.table.js';

export function createCalendarRepository({ db }: { db: DbOrTx }) {
  /** The overrides of one Gregorian year, in date order, ready for HolidayOptions.overrides. */
  async function overridesForYear(year: number): Promise<CalendarOverride[]> {
    const rows = await db
      .select()
      .from(calendarOverrides)
      .where(
        and(
          gte(calendarOverrides.date, formatIsoDate({ y: year, m: 1, d: 1 })),
          lte(calendarOverrides.date, formatIsoDate({ y: year, m: 12, d: 31 })),
        ),
      )
      .orderBy(asc(calendarOverrides.date));
    return rows.map((r) => (r.note === null ? { date: r.date, kind: r.kind } : { date: r.date, kind: r.kind, note: r.note }));
  }

  /** Insert or replace the decision for a day: a later official notice supersedes an earlier one. */
  async function upsertOverride(input: CalendarOverride): Promise<void> {
    parseIsoDate(input.date); // Postgres would also take '2026/1/2'; keep one spelling in the table.
    const values = { date: input.date, kind: input.kind, note: input.note ?? null };
    await db
      .insert(calendarOverrides)
      .values(values)
      .onConflictDoUpdate({
        target: calendarOverrides.date,
        set: { kind: values.kind, note: values.note },
      });
  }

  /** Back to the computed calendar for that day. True if there was an override. */
  async function removeOverride(date: IsoDate): Promise<boolean> {
    const rows = await db.delete(calendarOverrides).where(eq(calendarOverrides.date, date)).returning({ date: calendarOverrides.date });
    return rows.length > 0;
  }

  return { overridesForYear, upsertOverride, removeOverride };
}

export type CalendarRepository = ReturnType<typeof createCalendarRepository>;
