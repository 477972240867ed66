import type { Clock } from '../../shared/clock.js';
import type { Db, Tx } from '../../shared/db/db.js';
import { nextPeriod, periodOf, vnDate } from '../../shared/vn-time.js';
import { ensureRegularMeetings } from '../meetings/schedule.usecases.js';
import { tidy } from '../../shared/fold.js';
import { maskPhone } from '../../shared/mask.js';
import { createAuditRepository } from '../audit/audit.repository.js';
import type { Member } from '../members/members.repository.js';
import { createOrgUnitsRepository } from '../org-units/org-units.repository.js';
import { validateRoster, type RosterEntry, type RosterRow, type RowIssue } from './roster.models.js';
import { createRosterRepository, type BranchMember, type MemberPatch, type NewMember } from './roster.repository.js';
import { resolveUnits, type Place } from './roster.units.js';

/** A member of a branch in the file whose phone the file does not list. Phone masked. */
export type MissingMember = { fullName: string; branch: string; phone: string };
export type RosterImportReport = {
  rows: number;
  created: number;
  updated: number;
  moved: number;
  unchanged: number;
  unitsCreated: number;
  /** Regular meetings scheduled for the file's branches (this month and next) that did not exist. */
  meetingsCreated: number;
  /** The months those meetings are for, 'YYYY-MM'. */
  meetingPeriods: string[];
  missing: MissingMember[];
};
export type ImportRosterResult = { ok: true; dryRun: boolean; report: RosterImportReport } | { ok: false; issues: RowIssue[] };

// Carries a result out of a transaction that must not commit (bad data found late, dry run).
class Rollback extends Error {
  constructor(readonly result: ImportRosterResult) {
    super('roster import rolled back');
  }
}

/**
 * All or nothing: any bad row and nothing is written. Members are matched by phone; members
 * of the file's branches that the file omits are reported, never removed (xóa tên is a
 * branch decision, not a spreadsheet's).
 */
export async function importRoster(
  { rows, province, dryRun = false }: { rows: readonly RosterRow[]; province?: string; dryRun?: boolean },
  { db, clock }: { db: Db; clock: Clock },
): Promise<ImportRosterResult> {
  const { entries, issues } = validateRoster(rows);
  if (issues.length) return { ok: false, issues };
  try {
    return await db.transaction(async (tx) => {
      const result = await applyRoster({ entries, province, dryRun }, { db: tx, clock });
      // A dry run does all the work, so its counts are exact, and then undoes it.
      if (!result.ok || dryRun) throw new Rollback(result);
      return result;
    });
  } catch (e) {
    if (e instanceof Rollback) return e.result;
    throw e;
  }
}

async function applyRoster(
  { entries, province, dryRun }: { entries: RosterEntry[]; province?: string; dryRun: boolean },
  { db, clock }: { db: Tx; clock: Clock },
): Promise<ImportRosterResult> {
  const roster = createRosterRepository({ db });
  const { placeOf, unitsCreated } = await resolveUnits({ entries, province }, { units: createOrgUnitsRepository({ db }) });
  const stored = new Map((await roster.findMembersByPhones(entries.map((e) => e.phone))).map((m) => [m.phone, m]));
  const counts = { created: 0, updated: 0, moved: 0, unchanged: 0 };
  const inserts: NewMember[] = [];
  for (const entry of entries) {
    const current = stored.get(entry.phone);
    if (!current) {
      inserts.push(newMember(entry, placeOf(entry)));
      counts.created++;
      continue;
    }
    const patch = memberPatch(current, entry, placeOf(entry));
    if (!patch) {
      counts.unchanged++;
      continue;
    }
    await roster.updateMember(current.id, patch);
    // A transfer counts as moved even when other fields changed with it.
    if (patch.branchId !== undefined) counts.moved++;
    else counts.updated++;
  }
  await roster.insertMembers(inserts);

  const filePhones = new Set(entries.map((e) => e.phone));
  const inBranches = await roster.listBranchMembers([...new Set(entries.map((e) => placeOf(e).branchId))]);
  const conflicts = secretaryConflicts(
    entries,
    placeOf,
    inBranches.filter((m) => !filePhones.has(m.phone)),
  );
  if (conflicts.length) return { ok: false, issues: conflicts };

  const collator = new Intl.Collator('vi');
  const missing = inBranches
    .filter((m) => !filePhones.has(m.phone))
    .sort((a, b) => collator.compare(a.branchName, b.branchName) || collator.compare(a.fullName, b.fullName))
    .map((m) => ({ fullName: m.fullName, branch: m.branchName, phone: maskPhone(m.phone) }));
  // A branch has its meetings from the day it exists, not from the next nightly run: the bí thư
  // can see /lich, move the date or record the resolution on day one.
  const thisMonth = periodOf(vnDate(clock.now()));
  const meetingPeriods = [thisMonth, nextPeriod(thisMonth)];
  const { created: meetingsCreated } = await ensureRegularMeetings(
    { periods: meetingPeriods, branchIds: [...new Set(entries.map((e) => placeOf(e).branchId))] },
    { db, clock },
  );
  const report = { rows: entries.length, ...counts, unitsCreated, meetingsCreated, meetingPeriods, missing };
  // Counts only: names and phones stay out of the audit log.
  await createAuditRepository({ db }).record({
    actorKind: 'cli',
    action: 'roster.import',
    details: { rows: entries.length, ...counts, unitsCreated, meetingsCreated, missing: missing.length },
  });
  return { ok: true, dryRun, report };
}

function newMember(entry: RosterEntry, place: Place): NewMember {
  return {
    branchId: place.branchId,
    groupId: place.groupId ?? null,
    fullName: tidy(entry.fullName),
    phone: entry.phone,
    role: entry.role ?? 'member',
    status: entry.status ?? 'active',
    kind: entry.kind ?? 'official',
  };
}

/** The changed fields only, or null: an unchanged member keeps its updated_at. */
function memberPatch(current: Member, entry: RosterEntry, place: Place): MemberPatch | null {
  const sameBranch = current.branchId === place.branchId;
  const target: Required<MemberPatch> = {
    branchId: place.branchId,
    // Without a group column a member keeps their group, unless they left the branch it belongs to.
    groupId: place.groupId !== undefined ? place.groupId : sameBranch ? current.groupId : null,
    fullName: tidy(entry.fullName),
    role: entry.role ?? current.role,
    status: entry.status ?? current.status,
    kind: entry.kind ?? current.kind,
  };
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(target)) {
    if (current[key as keyof MemberPatch] !== value) patch[key] = value;
  }
  return Object.keys(patch).length ? (patch as MemberPatch) : null;
}

/**
 * A bí thư the file leaves out stays bí thư in the database; if the file names another one
 * for that branch, the branch would have two. Refuse, pointing at the file's bí thư line.
 */
function secretaryConflicts(
  entries: readonly RosterEntry[],
  placeOf: (e: RosterEntry) => Place,
  absent: readonly BranchMember[],
): RowIssue[] {
  const issues: RowIssue[] = [];
  for (const entry of entries) {
    if (entry.role !== 'secretary') continue;
    const others = absent.filter((m) => m.role === 'secretary' && m.branchId === placeOf(entry).branchId);
    if (others.length) {
      issues.push({
        line: entry.line,
        problems: others.map((m) => ({ code: 'secretary_not_in_file' as const, branch: m.branchName, name: m.fullName })),
      });
    }
  }
  return issues;
}
