import { createHeaderMapper, type HeaderMapping } from '../../shared/header-mapping.js';
import type { MemberStatus } from '../../shared/db/enums.js';
import { matchKey, tidy } from '../../shared/fold.js';
import { maskPhone } from '../../shared/mask.js';
import { isIsoDate } from '../calendar/dates.js';
import { rosterPhone, type RosterTable } from '../roster/roster.models.js';
import { parseViDate } from '../../shared/vn-time.js';
import { DESCRIPTION_MAX } from './assign.models.js';
import { isActiveMember } from '../members/members.models.js';

// Bulk assignment from a CSV/XLSX file (the CLI's import-tasks): pure rules, no I/O.

export const TASK_IMPORT_FIELDS = ['description', 'assignees', 'due', 'resolution'] as const;
export type TaskImportField = (typeof TASK_IMPORT_FIELDS)[number];
const REQUIRED: readonly TaskImportField[] = ['description', 'assignees', 'due'];

// Header spellings, compared by matchKey (case, diacritics, spaces and punctuation ignored).
const HEADER_ALIASES: Record<TaskImportField, readonly string[]> = {
  description: ['Nội dung', 'Nội dung nhiệm vụ', 'Nhiệm vụ', 'description'],
  assignees: ['Người thực hiện', 'assignees', 'assignee'],
  due: ['Hạn', 'Hạn hoàn thành', 'Thời hạn', 'due', 'due date'],
  resolution: ['Nghị quyết', 'Kết luận', 'resolution'],
};
const WHOLE_BRANCH = new Set(['Cả chi bộ', 'Toàn chi bộ', 'Toàn thể chi bộ', 'all'].map(matchKey));

export type TaskHeaderMapping = HeaderMapping<TaskImportField>;

export const mapTaskHeaders = createHeaderMapper(HEADER_ALIASES, REQUIRED);

/** A due date as people write it: dd/mm/yyyy (also - or .), or yyyy-mm-dd (what an XLSX date cell reads as). */
export function parseDueDate(raw: string, today: string): string | null {
  const s = raw.trim();
  if (isIsoDate(s)) return s;
  // A date without its year would silently roll over to next year: refuse it in a file.
  return /^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$/.test(s) ? parseViDate(s, today) : null;
}

export type BranchMemberRef = { id: number; phone: string; fullName: string; status: MemberStatus };

export type TaskRowProblem =
  | { code: 'empty_description' | 'missing_assignees' | 'no_active_members' | 'missing_due' }
  | { code: 'description_too_long'; max: number }
  | { code: 'bad_phone' | 'not_in_branch'; shown: string }
  | { code: 'not_active'; name: string }
  | { code: 'bad_due'; value: string }
  | { code: 'past_due'; date: string }
  | { code: 'duplicate_row'; otherLine: number };

export type TaskDraft = {
  line: number;
  description: string;
  dueDate: string;
  resolution: string | null;
  wholeBranch: boolean;
  assigneeIds: number[];
};

function readAssignees(raw: string, members: readonly BranchMemberRef[], problems: TaskRowProblem[]): { ids: number[]; whole: boolean } {
  if (!raw) {
    problems.push({ code: 'missing_assignees' });
    return { ids: [], whole: false };
  }
  if (WHOLE_BRANCH.has(matchKey(raw))) {
    const ids = members.filter(isActiveMember).map((m) => m.id);
    if (ids.length === 0) problems.push({ code: 'no_active_members' });
    return { ids, whole: true };
  }
  const byPhone = new Map(members.map((m) => [m.phone, m]));
  const ids: number[] = [];
  const before = problems.length;
  for (const part of raw
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const phone = rosterPhone(part);
    const member = phone ? byPhone.get(phone) : undefined;
    // Phones are shown masked: the CLI output may end up in a chat or a ticket.
    if (!phone) problems.push({ code: 'bad_phone', shown: maskPhone(part.replace(/\D/g, '')) });
    else if (!member) problems.push({ code: 'not_in_branch', shown: maskPhone(phone) });
    else if (!isActiveMember(member)) problems.push({ code: 'not_active', name: member.fullName });
    else if (!ids.includes(member.id)) ids.push(member.id);
  }
  if (ids.length === 0 && problems.length === before) problems.push({ code: 'missing_assignees' });
  return { ids, whole: false };
}

/**
 * Every row checked against the branch's members and today's date. The import is
 * all-or-nothing: the caller saves the drafts only when `issues` is empty.
 */
export function validateTaskRows(
  table: RosterTable,
  columns: TaskHeaderMapping['columns'],
  { members, today }: { members: readonly BranchMemberRef[]; today: string },
): { drafts: TaskDraft[]; issues: { line: number; problems: TaskRowProblem[] }[] } {
  const cell = (cells: string[], f: TaskImportField) => (columns[f] === undefined ? '' : tidy(cells[columns[f]!] ?? ''));
  const drafts: TaskDraft[] = [];
  const issues: { line: number; problems: TaskRowProblem[] }[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of table.rows) {
    const problems: TaskRowProblem[] = [];
    const description = cell(cells, 'description');
    if (!description) problems.push({ code: 'empty_description' });
    else if (description.length > DESCRIPTION_MAX) problems.push({ code: 'description_too_long', max: DESCRIPTION_MAX });
    const assignees = readAssignees(cell(cells, 'assignees'), members, problems);
    const dueRaw = cell(cells, 'due');
    const dueDate = dueRaw ? parseDueDate(dueRaw, today) : null;
    if (!dueRaw) problems.push({ code: 'missing_due' });
    else if (!dueDate) problems.push({ code: 'bad_due', value: dueRaw });
    else if (dueDate < today) problems.push({ code: 'past_due', date: dueDate });
    // The same task twice in one file is almost always a copy-paste slip.
    const key = `${matchKey(description)}|${dueDate}`;
    if (description && seen.has(key)) problems.push({ code: 'duplicate_row', otherLine: seen.get(key)! });
    else seen.set(key, line);
    if (problems.length) {
      issues.push({ line, problems });
      continue;
    }
    drafts.push({
      line,
      description,
      dueDate: dueDate!,
      resolution: cell(cells, 'resolution') || null,
      wholeBranch: assignees.whole,
      assigneeIds: assignees.ids,
    });
  }
  return { drafts, issues };
}

/** Same folded description and due date: the task a re-run of the same file would add again. */
export const sameTask = (a: { description: string; dueDate: string }, b: { description: string; dueDate: string }) =>
  a.dueDate === b.dueDate && matchKey(a.description) === matchKey(b.description);
