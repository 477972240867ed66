import ExcelJS from 'exceljs';
import { AppError } from '../../shared/errors.js';
import { ROSTER_ERRORS } from './roster.models.js';

export type SheetRecord = { line: number; cells: string[] };

/** Rows of the first worksheet, every cell as text; the line is the sheet's row number. */
export async function readXlsxRecords(data: Buffer): Promise<SheetRecord[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its own Buffer (an ArrayBuffer); at run time it takes a Node Buffer.
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch (e) {
    throw new AppError(ROSTER_ERRORS.unreadable, 'not a readable xlsx workbook', { cause: String((e as Error).message) });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const records: SheetRecord[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
    records.push({ line: rowNumber, cells });
  });
  return records;
}

/**
 * Text of a cell as a person reads it. Numbers come back bare (a phone typed as a number is
 * "912345678": the roster rules restore its 0); formulas give their cached result.
 */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value) return cellText(value.text as ExcelJS.CellValue);
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result);
  return ''; // an error value (#N/A, #REF!, ...) holds no data
}
