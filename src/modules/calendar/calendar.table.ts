import { sql } from 'drizzle-orm';
import { check, date, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

// Official per-year decisions on days off and swapped working days (the government fixes them
// every year; holidays.models.ts computes only the default). One row per day: a later notice
// about the same day replaces the earlier one.
export const calendarOverrides = pgTable(
  'calendar_overrides',
  {
    // mode 'string': a day in Vietnam stays 'YYYY-MM-DD', never a JS Date shifted by a time zone.
    date: date('date', { mode: 'string' }).primaryKey(),
    kind: text('kind').notNull().$type<'day_off' | 'working_day'>(),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('calendar_overrides_kind_check', sql`${t.kind} in ('day_off', 'working_day')`)],
);
