import { createAuditRepository } from '../modules/audit/audit.repository.js';
import { createCalendarRepository } from '../modules/calendar/calendar.repository.js';
import { isIsoDate } from '../modules/calendar/dates.js';
import { publicHolidays } from '../modules/calendar/holidays.models.js';
import { meetingSettings, SETTING_KEYS } from '../modules/meetings/meeting-settings.models.js';
import { createOrgUnitsRepository } from '../modules/org-units/org-units.repository.js';
import { adminCalendar as t } from '../texts/index.js';
import type { CliDeps } from './admin.commands.js';
import { parseArgs } from './args.js';
import { findUnit } from '../forms/units.lookup.js';

/** holiday add|remove|list: the government's yearly decisions on days off and swapped working days. */
export async function holidayCommand(argv: string[], { db, out }: CliDeps): Promise<number> {
  const [action, arg, kind, note] = parseArgs(argv).positional;
  const repo = createCalendarRepository({ db });
  if (action === 'list') {
    const year = Number(arg);
    if (!Number.isInteger(year) || year < 1900 || year > 2199) {
      out(t.badYear);
      return 1;
    }
    out(t.listHeader(year));
    for (const [date, name] of publicHolidays(year, { overrides: await repo.overridesForYear(year) })) out(`  ${date}  ${name}`);
    return 0;
  }
  if ((action !== 'add' && action !== 'remove') || !arg) {
    out(t.usage);
    return 1;
  }
  if (!isIsoDate(arg)) {
    out(t.badDate);
    return 1;
  }
  if (action === 'remove') {
    const removed = await repo.removeOverride(arg);
    out(removed ? t.removed(arg) : t.notFound(arg));
    return removed ? 0 : 1;
  }
  if (kind !== 'day_off' && kind !== 'working_day') {
    out(t.usage);
    return 1;
  }
  await repo.upsertOverride({ date: arg, kind, ...(note ? { note } : {}) });
  await createAuditRepository({ db }).record({
    actorKind: 'cli',
    action: 'calendar.override',
    subjectType: 'date',
    subjectId: arg,
    details: { kind },
  });
  out(t.added(arg, kind));
  return 0;
}

/** unit-setting "<unit>" <key> <value>: meeting settings, inherited by every unit below. */
export async function unitSettingCommand(argv: string[], { db, out }: CliDeps): Promise<number> {
  const [unitName, key, raw] = parseArgs(argv).positional;
  if (!unitName || !key || raw === undefined) {
    out(t.settingUsage);
    return 1;
  }
  if (!(SETTING_KEYS as string[]).includes(key)) {
    out(t.badSetting(key));
    return 1;
  }
  let value: unknown = raw === '-' ? null : raw;
  if (raw !== '-' && /^\d+$/.test(raw)) value = Number(raw);
  if (raw === 'true' || raw === 'false') value = raw === 'true';
  // Refuse a value the settings schema would silently replace by its default.
  if (
    value !== null &&
    JSON.stringify(meetingSettings({ [key]: value })[key as keyof ReturnType<typeof meetingSettings>]) !== JSON.stringify(value)
  ) {
    out(t.badSetting(`${key}=${raw}`));
    return 1;
  }
  const found = await findUnit(db, unitName);
  if ('error' in found) {
    out(found.error);
    return 1;
  }
  await createOrgUnitsRepository({ db }).updateSettings(found.unit.id, { [key]: value });
  await createAuditRepository({ db }).record({
    actorKind: 'cli',
    action: 'unit.setting',
    subjectType: 'org_unit',
    subjectId: found.unit.id,
    details: { key },
  });
  out(t.settingSaved(found.unit.name, key, raw));
  return 0;
}
