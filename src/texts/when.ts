import { viDate, viWeekday } from '../shared/vn-time.js';

/** A month as people write it: 'YYYY-MM' → "1/2027". */
export const monthText = (period: string) => `${Number(period.slice(5, 7))}/${period.slice(0, 4)}`;

/** A meeting's date and start time, as the calendar stores them (either may be unset). */
export type MeetingWhen = { date: string | null; time: string | null };

/** A meeting's date for people: "19:30, Thứ Năm 03/12/2026", or "chưa định ngày". */
export const meetingWhen = (m: MeetingWhen) =>
  m.date ? `${m.time ? `${m.time}, ` : ''}${viWeekday(m.date)} ${viDate(m.date)}` : 'chưa định ngày';

/** An instant as Vietnam wall-clock 'HH:MM ngày dd/mm/yyyy' (UTC+7, no DST): for deadlines and expiries. */
export function viInstant(at: Date): string {
  const iso = new Date(at.getTime() + 7 * 3_600_000).toISOString();
  return `${iso.slice(11, 16)} ngày ${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}
