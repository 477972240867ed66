import { createHeaderMapper, type HeaderMapping as SharedHeaderMapping } from '../../shared/header-mapping.js';
import type { MemberKind, MemberRole, MemberStatus } from '../../shared/db/enums.js';
import { matchKey, tidy } from '../../shared/fold.js';
import { maskPhone } from '../../shared/mask.js';
import { normalizePhone } from '../members/members.models.js';

// Error codes of roster files (file-level problems; row problems are RowProblem below).
export const ROSTER_ERRORS = {
  unsupportedFormat: 'roster.unsupported_format',
  unreadable: 'roster.unreadable',
  notUtf8: 'roster.not_utf8',
  noHeader: 'roster.no_header',
  missingColumns: 'roster.missing_columns',
  noRows: 'roster.no_rows',
} as const;

export const ROSTER_FIELDS = ['fullName', 'phone', 'role', 'branch', 'committee', 'group', 'status', 'kind'] as const;
export type RosterField = (typeof ROSTER_FIELDS)[number];
export const REQUIRED_FIELDS: readonly RosterField[] = ['fullName', 'phone', 'branch', 'committee'];

/** A file as read: header cells and the data rows with their line numbers (header = line 1). */
export type RosterTable = { headers: string[]; rows: { line: number; cells: string[] }[] };

/**
 * One data row reduced to the columns we keep. A field is undefined when the file has no such
 * column and '' when the cell is blank: an absent column leaves stored values alone.
 */
export type RosterRow = { line: number } & { [F in RosterField]?: string };

// Header spellings, compared by matchKey (case, diacritics, spaces and punctuation ignored).
const HEADER_ALIASES: Record<RosterField, readonly string[]> = {
  fullName: ['Họ và tên', 'Họ tên', 'full_name', 'name'],
  phone: ['Số điện thoại', 'Điện thoại', 'SĐT', 'phone'],
  role: ['Chức vụ', 'role'],
  branch: ['Chi bộ', 'branch'],
  committee: ['Đảng bộ', 'committee'],
  group: ['Tổ đảng', 'group'],
  status: ['Trạng thái', 'status'],
  kind: ['Loại', 'Loại đảng viên', 'kind'],
};
export type HeaderMapping = SharedHeaderMapping<RosterField>;

export const mapHeaders = createHeaderMapper(HEADER_ALIASES, REQUIRED_FIELDS);

/** Keep only the mapped cells of every row; the other cells go no further than this function. */
export function toRosterRows(table: RosterTable, columns: HeaderMapping['columns']): RosterRow[] {
  return table.rows.map(({ line, cells }) => {
    const row: RosterRow = { line };
    for (const field of ROSTER_FIELDS) {
      const index = columns[field];
      if (index !== undefined) row[field] = tidy(cells[index] ?? '');
    }
    return row;
  });
}

const ROLE_VALUES: Record<MemberRole, readonly string[]> = {
  secretary: ['Bí thư', 'secretary'],
  deputy: ['Phó Bí thư', 'deputy'],
  committee_member: ['Chi ủy viên', 'committee_member'],
  member: ['', 'Đảng viên', 'member'],
};
const STATUS_VALUES: Record<MemberStatus, readonly string[]> = {
  active: ['', 'Đang sinh hoạt', 'active'],
  exempt: ['Miễn sinh hoạt', 'Miễn công tác và sinh hoạt đảng', 'exempt'],
  temporarily_exempt: ['Tạm miễn sinh hoạt', 'Tạm miễn', 'temporarily_exempt'],
};
const KIND_VALUES: Record<MemberKind, readonly string[]> = {
  official: ['', 'Chính thức', 'official'],
  probationary: ['Dự bị', 'probationary'],
};

function valueMatcher<T extends string>(table: Record<T, readonly string[]>): (raw: string) => T | null {
  const byKey = new Map<string, T>();
  for (const [value, spellings] of Object.entries(table) as [T, readonly string[]][]) {
    for (const s of spellings) byKey.set(matchKey(s), value);
  }
  return (raw) => byKey.get(matchKey(raw)) ?? null;
}

/** Blank means the default (member / active / official); null means an unknown value. */
export const parseRole = valueMatcher(ROLE_VALUES);
export const parseStatus = valueMatcher(STATUS_VALUES);
export const parseKind = valueMatcher(KIND_VALUES);

/**
 * normalizePhone, plus the forms spreadsheets produce: a phone typed into a number cell loses
 * its leading 0 ("912345678"), so 9 digits that look like a mobile (10 like a landline) are
 * read as a national number.
 */
export function rosterPhone(raw: string): string | null {
  const direct = normalizePhone(raw);
  if (direct) return direct;
  const digits = raw.trim();
  return /^[35789]\d{8}$/.test(digits) || /^2\d{9}$/.test(digits) ? normalizePhone(`0${digits}`) : null;
}

/** "Chi bộ 1" of "Đảng bộ A" and "chi bo 1" of "dang bo a" are the same branch. */
export function branchKey(committee: string, branch: string): string {
  return `${matchKey(committee)}/${matchKey(branch)}`;
}

export type RowProblem =
  | { code: 'empty_name' | 'missing_phone' | 'missing_branch' | 'missing_committee' }
  | { code: 'bad_phone'; shown: string }
  | { code: 'unknown_role' | 'unknown_status' | 'unknown_kind'; value: string }
  | { code: 'duplicate_phone'; shown: string; otherLines: number[] }
  | { code: 'several_secretaries'; branch: string; otherLines: number[] }
  | { code: 'secretary_not_in_file'; branch: string; name: string };
/** Every problem of one line, so a bí thư fixes a file in one pass. */
export type RowIssue = { line: number; problems: RowProblem[] };

export type RosterEntry = {
  line: number;
  fullName: string;
  phone: string;
  committee: string;
  branch: string;
  /** undefined: the file has no such column, keep what is stored. null: no party group. */
  group?: string | null;
  role?: MemberRole;
  status?: MemberStatus;
  kind?: MemberKind;
};

// Phones are quoted masked even when invalid: a wrong column may hold a national ID.
const shownPhone = (raw: string) => (/\d/.test(raw) ? maskPhone(raw.replace(/\D/g, '')) : raw);

export function validateRoster(rows: readonly RosterRow[]): { entries: RosterEntry[]; issues: RowIssue[] } {
  const problems = new Map<number, RowProblem[]>();
  const report = (line: number, p: RowProblem) => problems.set(line, [...(problems.get(line) ?? []), p]);
  const entries: RosterEntry[] = [];
  const linesByPhone = new Map<string, number[]>();
  const secretaryLines = new Map<string, number[]>();

  for (const row of rows) {
    const { line } = row;
    const fullName = tidy(row.fullName ?? '');
    const committee = tidy(row.committee ?? '');
    const branch = tidy(row.branch ?? '');
    if (!fullName) report(line, { code: 'empty_name' });
    const phone = row.phone ? rosterPhone(row.phone) : null;
    if (!row.phone) report(line, { code: 'missing_phone' });
    else if (!phone) report(line, { code: 'bad_phone', shown: shownPhone(row.phone) });
    else linesByPhone.set(phone, [...(linesByPhone.get(phone) ?? []), line]);
    const role = row.role === undefined ? undefined : parseRole(row.role);
    if (role === null) report(line, { code: 'unknown_role', value: row.role! });
    const status = row.status === undefined ? undefined : parseStatus(row.status);
    if (status === null) report(line, { code: 'unknown_status', value: row.status! });
    const kind = row.kind === undefined ? undefined : parseKind(row.kind);
    if (kind === null) report(line, { code: 'unknown_kind', value: row.kind! });
    if (!branch) report(line, { code: 'missing_branch' });
    if (!committee) report(line, { code: 'missing_committee' });
    if (role === 'secretary' && branch && committee) {
      const key = branchKey(committee, branch);
      secretaryLines.set(key, [...(secretaryLines.get(key) ?? []), line]);
    }
    if (phone && fullName && branch && committee && role !== null && status !== null && kind !== null) {
      const group = row.group === undefined ? undefined : tidy(row.group) || null;
      entries.push({ line, fullName, phone, committee, branch, group, role, status, kind });
    }
  }

  for (const [phone, lines] of linesByPhone) {
    if (lines.length < 2) continue;
    for (const line of lines)
      report(line, { code: 'duplicate_phone', shown: maskPhone(phone), otherLines: lines.filter((l) => l !== line) });
  }
  for (const lines of secretaryLines.values()) {
    if (lines.length < 2) continue;
    const branch = rows.find((r) => r.line === lines[0])!.branch!;
    for (const line of lines) report(line, { code: 'several_secretaries', branch, otherLines: lines.filter((l) => l !== line) });
  }
  const issues = [...problems].map(([line, ps]) => ({ line, problems: ps })).sort((a, b) => a.line - b.line);
  return { entries, issues };
}
