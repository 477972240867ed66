import { parseArgs } from 'node:util';
import type { Clock } from '../shared/clock.js';
import type { Db } from '../shared/db/db.js';
import { isAppError, type AppError } from '../shared/errors.js';
import { readRoster, type Roster } from '../modules/roster/roster.parse.js';
import { ROSTER_ERRORS, type RosterField } from '../modules/roster/roster.models.js';
import { importRoster } from '../modules/roster/roster.usecases.js';
import { cli } from '../texts/cli.vi.js';

const t = cli.roster;

/** `import-roster <file> [--province "<name>"] [--dry-run]`; returns the exit code. */
export async function importRosterCommand(
  args: string[],
  { db, clock, out }: { db: Db; clock: Clock; out: (line: string) => void },
): Promise<number> {
  const options = parseOptions(args);
  if (!options) {
    out(t.usage);
    return 1;
  }
  let roster: Roster;
  try {
    roster = await readRoster(options.file);
  } catch (e) {
    if (!isAppError(e)) throw e;
    out(fileErrorText(e, options.file));
    return 1;
  }

  const result = await importRoster({ rows: roster.rows, province: options.province, dryRun: options.dryRun }, { db, clock });
  if (!result.ok) {
    for (const issue of result.issues) out(t.badRow(issue.line, issue.problems));
    out(t.nothingImported);
    return 1;
  }
  const { report, dryRun } = result;
  if (dryRun) out(t.dryRun);
  out(t.imported(report.rows, dryRun));
  for (const line of t.counts(report)) out(line);
  out(t.meetings(report.meetingsCreated, report.meetingPeriods, dryRun));
  if (roster.ignoredColumns.length) out(t.ignoredColumns(roster.ignoredColumns));
  if (report.missing.length) {
    out(t.missingHeader(report.missing.length));
    for (const m of report.missing) out(t.missingMember(m)); // phones come masked from the use case
  }
  return 0;
}

function parseOptions(args: string[]): { file: string; province?: string; dryRun: boolean } | null {
  try {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { province: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
    });
    const [file, ...extra] = positionals;
    const province = values.province?.trim();
    if (!file || extra.length || province === '') return null;
    return { file, province, dryRun: values['dry-run'] ?? false };
  } catch {
    return null; // unknown option or a missing value
  }
}

function fileErrorText(e: AppError, file: string): string {
  const d = e.details ?? {};
  switch (e.code) {
    case ROSTER_ERRORS.unsupportedFormat:
      return t.unsupportedFormat(String(d.extension ?? ''));
    case ROSTER_ERRORS.notUtf8:
      return t.notUtf8;
    case ROSTER_ERRORS.noHeader:
      return t.noHeader;
    case ROSTER_ERRORS.missingColumns:
      return t.missingColumns(d.missing as RosterField[]);
    case ROSTER_ERRORS.noRows:
      return t.noRows;
    default:
      return d.cause === 'unterminated_quote' ? t.unterminatedQuote(Number(d.line)) : t.unreadable(file);
  }
}
