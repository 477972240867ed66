import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { AppError } from '../../shared/errors.js';
import { mapHeaders, ROSTER_ERRORS, toRosterRows, type RosterRow, type RosterTable } from './roster.models.js';
import { readXlsxRecords, type SheetRecord } from './roster.xlsx.js';

export type Roster = { rows: RosterRow[]; ignoredColumns: string[] };

/** Read a roster file and keep only the columns we store; other columns are named, not read. */
export async function readRoster(path: string): Promise<Roster> {
  return rosterFromTable(await readRosterTable(path));
}

export function rosterFromTable(table: RosterTable): Roster {
  const { columns, ignored, missing } = mapHeaders(table.headers);
  if (missing.length) throw new AppError(ROSTER_ERRORS.missingColumns, `missing columns: ${missing.join(', ')}`, { missing });
  if (!table.rows.length) throw new AppError(ROSTER_ERRORS.noRows, 'no data rows');
  return { rows: toRosterRows(table, columns), ignoredColumns: ignored };
}

export async function readRosterTable(path: string): Promise<RosterTable> {
  checkExtension(path);
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (e) {
    throw new AppError(ROSTER_ERRORS.unreadable, 'cannot read the file', { cause: (e as NodeJS.ErrnoException).code ?? 'unknown' });
  }
  return parseRosterTable(path, data);
}

/** `name` only chooses the format (by extension), so an uploaded file can be parsed too. */
export async function parseRosterTable(name: string, data: Buffer): Promise<RosterTable> {
  const records = checkExtension(name) === '.csv' ? parseCsvRecords(decodeUtf8(data)) : await readXlsxRecords(data);
  const [header, ...rows] = records.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (!header) throw new AppError(ROSTER_ERRORS.noHeader, 'the file has no header row');
  return { headers: header.cells, rows };
}

function checkExtension(name: string): '.csv' | '.xlsx' {
  const ext = extname(name).toLowerCase();
  if (ext === '.csv' || ext === '.xlsx') return ext;
  throw new AppError(ROSTER_ERRORS.unsupportedFormat, `unsupported roster format "${ext}"`, { extension: ext });
}

// Excel's plain "CSV" in a Vietnamese locale is Windows-1258; guessing would garble names,
// so anything but UTF-8 is refused with advice to save as "CSV UTF-8".
function decodeUtf8(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data); // drops a BOM
  } catch {
    throw new AppError(ROSTER_ERRORS.notUtf8, 'the CSV file is not UTF-8');
  }
}

/** The header's most frequent separator: Excel in Vietnamese locales writes ";". */
export function detectDelimiter(text: string): string {
  const counts = new Map([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let inQuotes = false;
  for (const c of text) {
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (c === '\n' || c === '\r')) break;
    else if (!inQuotes && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  return [...counts].reduce((best, cur) => (cur[1] > best[1] ? cur : best))[0];
}

/**
 * RFC 4180 records with the line each starts on. Hand-written because csv-parse reports the
 * line a record ends on and counts CRLF inside quoted fields twice; errors must point at the
 * line a person sees.
 */
export function parseCsvRecords(text: string, delimiter = detectDelimiter(text)): SheetRecord[] {
  const records: SheetRecord[] = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      cells.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      cells.push(field);
      records.push({ line: start, cells });
      cells = [];
      field = '';
      line++;
      start = line;
    } else field += c;
  }
  if (quoted) throw new AppError(ROSTER_ERRORS.unreadable, 'unterminated quoted field', { cause: 'unterminated_quote', line: start });
  if (field !== '' || cells.length) records.push({ line: start, cells: [...cells, field] });
  return records;
}
