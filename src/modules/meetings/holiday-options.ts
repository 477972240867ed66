import type { DbOrTx } from '../../shared/db/db.js';
import { createCalendarRepository } from '../calendar/calendar.repository.js';
import type { HolidayOptions } from '../calendar/holidays.models.js';
import type { MeetingSettings } from './meeting-settings.models.js';

/** Holiday options of a year for a branch: the government's overrides plus the unit's choices. */
export async function loadOverrides(db: DbOrTx, years: number[]) {
  const repo = createCalendarRepository({ db });
  return new Map(await Promise.all(years.map(async (y) => [y, await repo.overridesForYear(y)] as const)));
}

export function holidayOptions(settings: MeetingSettings, overrides: HolidayOptions['overrides'] = []): HolidayOptions {
  return { vietnamCultureDay: settings.vietnamCultureDay, nationalDaySecondDay: settings.nationalDaySecondDay, overrides };
}
