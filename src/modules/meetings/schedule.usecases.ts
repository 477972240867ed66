import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { and, inArray, ne } from 'drizzle-orm';
import type { Clock } from '../../shared/clock.js';
import type { DbOrTx } from '../../shared/db/db.js';
import { resolveRegularMeetingDate } from '../calendar/meeting-date.models.js';
import { branchRefs, settingsForBranches } from './branch-settings.js';
import { holidayOptions, loadOverrides } from './holiday-options.js';
import { createMeetingsRepository, type NewMeeting } from './meetings.repository.js';
import { meetings } from './meetings.table.js';

/**
 * Make sure every branch (or the given ones) has its regular meeting for each period, dated by
 * the rule: the unit's meeting day, moved past weekends and holidays within the first week.
 * Existing meetings are never touched (a date moved by the bí thư stays). Idempotent.
 */
export async function ensureRegularMeetings(
  { periods, branchIds }: { periods: string[]; branchIds?: number[] },
  { db, clock }: { db: DbOrTx; clock: Clock },
): Promise<{ created: number }> {
  const branches = await branchRefs(db, branchIds);
  const settings = await settingsForBranches(db, branches);
  const overrides = await loadOverrides(db, [...new Set(periods.map((p) => Number(p.slice(0, 4))))]);
  // Branches that already have the month's meeting are skipped before any row is built: the
  // nightly run, which usually creates nothing, stays cheap (bench/meeting-cycle.bench.ts).
  const existing = await db
    .select({ branchId: meetings.branchId, period: meetings.period })
    .from(meetings)
    .where(and(inArray(meetings.period, periods), ne(meetings.kind, 'thematic')));
  const have = new Set(existing.map((r) => `${r.branchId}:${r.period}`));
  // Branches share a handful of settings: the date rule runs once per distinct combination.
  const dates = new Map<string, ReturnType<typeof resolveRegularMeetingDate>>();
  const rows: NewMeeting[] = [];
  const now = clock.now();
  for (const period of periods) {
    const [year, month] = period.split('-').map(Number) as [number, number];
    for (const b of branches) {
      if (have.has(`${b.id}:${period}`)) continue;
      const s = settings.get(b.id)!;
      const key = `${period}|${s.meetingDay}|${s.vietnamCultureDay}|${s.nationalDaySecondDay}`;
      let resolved = dates.get(key);
      if (!resolved)
        dates.set(
          key,
          (resolved = resolveRegularMeetingDate({ year, month, meetingDay: s.meetingDay, opts: holidayOptions(s, overrides.get(year)) })),
        );
      rows.push({
        branchId: b.id,
        kind: 'regular',
        period,
        date: resolved.date,
        time: s.meetingTime,
        place: s.meetingPlace ?? null,
        status: resolved.date ? 'scheduled' : 'needs_date',
        createdAt: now,
        updatedAt: now,
      });
    }
  }
  const repo = createMeetingsRepository({ db });
  let created = 0;
  // Postgres caps one statement at 65,535 parameters; 1,000 rows × 10 columns stays well below.
  for (let i = 0; i < rows.length; i += 1000) {
    created += await repo.insertIfMissing(rows.slice(i, i + 1000));
    await yieldToEventLoop(); // let webhooks and workers in between chunks
  }
  return { created };
}
