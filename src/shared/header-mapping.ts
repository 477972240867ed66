import { matchKey, tidy } from './fold.js';

export type HeaderMapping<F extends string> = {
  columns: Partial<Record<F, number>>;
  /** Headers no field claims (CCCD, party card number, ...): their values are never read further. */
  ignored: string[];
  missing: F[];
};

/**
 * Map a spreadsheet's header row to fields by their spellings, compared by matchKey (case,
 * diacritics, spaces and punctuation ignored). Shared by every file import.
 */
export function createHeaderMapper<F extends string>(aliases: Record<F, readonly string[]>, required: readonly F[]) {
  const fieldByHeader = new Map<string, F>((Object.keys(aliases) as F[]).flatMap((f) => aliases[f].map((a) => [matchKey(a), f] as const)));
  return function mapHeaders(headers: readonly string[]): HeaderMapping<F> {
    const columns: Partial<Record<F, number>> = {};
    const ignored: string[] = [];
    headers.forEach((raw, index) => {
      const header = tidy(raw);
      if (!header) return;
      const field = fieldByHeader.get(matchKey(header));
      // A second column for the same field is ambiguous: the first wins, the other is reported.
      if (field && columns[field] === undefined) columns[field] = index;
      else ignored.push(header);
    });
    return { columns, ignored, missing: required.filter((f) => columns[f] === undefined) };
  };
}
