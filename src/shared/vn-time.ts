// Vietnam has one timezone, UTC+7, and no daylight saving: conversions are fixed offsets.
const OFFSET_MS = 7 * 3_600_000;

/** The Vietnam calendar date of an instant, 'YYYY-MM-DD'. */
export function vnDate(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The Vietnam wall-clock hour (0–23) of an instant. */
export function vnHour(at: Date): number {
  return new Date(at.getTime() + OFFSET_MS).getUTCHours();
}

/** The instant of a Vietnam date and 'HH:MM' time. */
export function vnInstant(date: string, time = '00:00'): Date {
  return new Date(`${date}T${time}:00+07:00`);
}

/** 'YYYY-MM-DD' ± days. */
export function addDaysTo(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** 'YYYY-MM' of a Vietnam date, and the following month. */
export const periodOf = (date: string) => date.slice(0, 7);
export function nextPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** 'YYYY-MM-DD' → 'dd/mm/yyyy', how dates are written in Vietnamese. */
export function viDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

const WEEKDAYS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];
export const viWeekday = (date: string) => WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]!;

/**
 * A date typed by a person: 'dd/mm', 'dd/mm/yyyy', 'dd-mm-yyyy' or 'dd.mm'. A date without a
 * year is the next such date on or after `today`. Returns null for anything else.
 */
export function parseViDate(input: string, today: string): string | null {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?\s*$/.exec(input);
  if (!m) return null;
  const day = Number(m[1]);
  const month = Number(m[2]);
  let year = m[3] ? Number(m[3].length === 2 ? `20${m[3]}` : m[3]) : Number(today.slice(0, 4));
  const build = (y: number) => `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const valid = (s: string) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).getUTCDate() === day;
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  if (!m[3] && build(year) < today) year += 1;
  const date = build(year);
  return valid(date) ? date : null;
}

/** 'HH:MM' or 'HHhMM' / '19h30' / '8h' typed by a person → 'HH:MM'. */
export function parseViTime(input: string): string | null {
  const m = /^\s*(\d{1,2})\s*(?:[:hg]\s*(\d{2})?)?\s*$/i.exec(input);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2] ?? 0);
  return h < 24 && min < 60 ? `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}` : null;
}
