/** An instant as Vietnam wall-clock 'HH:MM ngày dd/mm/yyyy' (UTC+7, no DST): for deadlines and expiries. */
export function viInstant(at: Date): string {
  const iso = new Date(at.getTime() + 7 * 3_600_000).toISOString();
  return `${iso.slice(11, 16)} ngày ${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}
