import { readSheet } from 'read-excel-file/node';
import { AppError } from '../../shared/errors.js';
import { ROSTER_ERRORS } from './roster.models.js';

export type SheetRecord = { line: number; cells: string[] };

/**
 * Rows of the first worksheet, every cell as text; the line is the sheet's row number.
 * read-excel-file returns the sheet from row 1 with empty rows in place, so the index is the
 * row number a person sees in Excel (the parser drops the blank ones).
 */
export async function readXlsxRecords(data: Buffer): Promise<SheetRecord[]> {
  let rows: unknown[][];
  try {
    rows = await readSheet(data, 1);
  } catch (e) {
    throw new AppError(ROSTER_ERRORS.unreadable, 'not a readable xlsx workbook', { cause: String((e as Error).message) });
  }
  return rows.map((row, i) => ({ line: i + 1, cells: row.map(cellText) }));
}

/**
 * Text of a cell as a person reads it. Numbers come back bare (a phone typed as a number is
 * "912345678": the roster rules restore its 0); a date is its day, yyyy-mm-dd (Excel dates carry
 * no zone, the reader gives them as UTC midnight); formulas give their cached result and an
 * error value (#N/A, #REF!, ...) reads as empty.
 */
// (read-excel-file types a date cell as the Date class itself, hence unknown.)
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}
