import { ne, sql } from 'drizzle-orm';
import type { Clock } from '../../shared/clock.js';
import type { DbOrTx } from '../../shared/db/db.js';
import { resolveRegularMeetingDate } from '../calendar/meeting-date.models.js';
import { mergeSettings } from '../org-units/org-units.models.js';
import { orgUnits } from '../org-units/org-units.table.js';
import { meetingSettings } from './meeting-settings.models.js';
import { holidayOptions, loadOverrides } from './holiday-options.js';

/**
 * Make sure every branch (or the given ones) has its regular meeting for each period, dated by
 * the rule: the unit's meeting day, moved past weekends and holidays within the first week.
 * Existing meetings are never touched (a date moved by the bí thư stays). Idempotent.
 *
 * Set-based, so 250,000 branches cost a few statements and no branch rows in memory: branches
 * that inherit the same settings (the same chain of units holding settings along their path)
 * get the same date, so the rule runs once per distinct chain and period, and one INSERT … SELECT
 * writes every missing meeting.
 */
export async function ensureRegularMeetings(
  { periods, branchIds }: { periods: string[]; branchIds?: number[] },
  { db, clock }: { db: DbOrTx; clock: Clock },
): Promise<{ created: number }> {
  if (branchIds?.length === 0 || periods.length === 0) return { created: 0 };
  const scope = branchIds
    ? sql`b.id in (${sql.join(
        branchIds.map((id) => sql`${id}`),
        sql`, `,
      )})`
    : sql`b.kind = 'branch'`;
  // The few units that hold settings; a branch's chain is those on its path, root first (itself
  // included). Given as a parameter: a subquery over org_units per branch would be quadratic.
  const holders = await db
    .select({ id: orgUnits.id, path: orgUnits.path, settings: orgUnits.settings })
    .from(orgUnits)
    .where(ne(orgUnits.settings, sql`'{}'::jsonb`));
  const byId = new Map(holders.map((u) => [u.id, u.settings]));
  const holderPaths = JSON.stringify(holders.map(({ id, path }) => ({ id, path })));
  const chainOf = holders.length
    ? sql`array(select (h->>'id')::bigint from jsonb_array_elements(${holderPaths}::jsonb) h
                where starts_with(b.path, h->>'path') order by length(h->>'path'))::text`
    : sql`'{}'::text`;
  const chains = (await db.execute<{ chain: string }>(sql`select distinct ${chainOf} as chain from org_units b where ${scope}`)).map(
    (r) => r.chain,
  );
  const overrides = await loadOverrides(db, [...new Set(periods.map((p) => Number(p.slice(0, 4))))]);
  const plan = [];
  for (const chain of chains) {
    const ids = chain.replace(/[{}]/g, '').split(',').filter(Boolean).map(Number);
    const settings = meetingSettings(mergeSettings(ids.map((id) => byId.get(id) ?? {})));
    for (const period of periods) {
      const [year, month] = period.split('-').map(Number) as [number, number];
      const resolved = resolveRegularMeetingDate({
        year,
        month,
        meetingDay: settings.meetingDay,
        opts: holidayOptions(settings, overrides.get(year)),
      });
      plan.push({
        chain,
        period,
        date: resolved.date,
        time: settings.meetingTime,
        place: settings.meetingPlace ?? null,
        status: resolved.date ? 'scheduled' : 'needs_date',
      });
    }
  }
  const now = clock.now().toISOString();
  const inserted = await db.execute(sql`
    insert into meetings (branch_id, kind, period, date, time, place, status, created_at, updated_at)
    select b.id, 'regular', p.period, p.date, p.time, p.place, p.status::meeting_status, ${now}::timestamptz, ${now}::timestamptz
    from (select b.id, ${chainOf} as chain from org_units b where ${scope}) b
    join jsonb_to_recordset(${JSON.stringify(plan)}::jsonb) as p(chain text, period text, date date, time text, place text, status text)
      on p.chain = b.chain
    where not exists (select 1 from meetings m where m.branch_id = b.id and m.period = p.period and m.kind <> 'thematic')
    on conflict do nothing`);
  return { created: inserted.count };
}
