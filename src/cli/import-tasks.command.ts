import { parseArgs } from 'node:util';
import type { Clock } from '../shared/clock.js';
import type { Db, DbOrTx } from '../shared/db/db.js';
import { isAppError } from '../shared/errors.js';
import { vnDate } from '../shared/vn-time.js';
import { createAuditRepository } from '../modules/audit/audit.repository.js';
import type { Meeting } from '../modules/meetings/meetings.repository.js';
import { createMembersRepository } from '../modules/members/members.repository.js';
import type { OrgUnit } from '../modules/org-units/org-units.repository.js';
import { notifyMembers } from '../modules/outbox/notify.js';
import { ROSTER_ERRORS, type RosterTable } from '../modules/roster/roster.models.js';
import { readRosterTable } from '../modules/roster/roster.parse.js';
import { lastHeldMeeting } from '../modules/tasks/assign.usecases.js';
import { mapTaskHeaders, sameTask, validateTaskRows, type TaskDraft } from '../modules/tasks/task-import.models.js';
import { createTasksRepository } from '../modules/tasks/tasks.repository.js';
import { cli, digestTexts } from '../texts/index.js';
import { findBranch } from '../forms/units.lookup.js';
import { noticeMessage } from '../shared/outbound.js';
import type { TaskNotice } from '../modules/tasks/tasks.notices.js';

const t = digestTexts.cli;

/**
 * `import-tasks <file> --branch "<chi bộ>" [--committee "<đảng bộ>"] [--dry-run]`: bulk
 * assignment of the last held meeting's tasks. All or nothing: one bad row imports nothing.
 */
export async function importTasksCommand(
  args: string[],
  { db, clock, out }: { db: Db; clock: Clock; out: (line: string) => void },
): Promise<number> {
  const options = parseOptions(args);
  if (!options) {
    out(t.usage);
    return 1;
  }
  const found = await findBranch(db, options.branch, options.committee);
  if ('error' in found) {
    out(found.error);
    return 1;
  }
  const table = await readTable(options.file, out);
  if (!table) return 1;
  const { columns, ignored, missing } = mapTaskHeaders(table.headers);
  if (missing.length) {
    out(t.missingColumns(missing));
    return 1;
  }
  if (!table.rows.length) {
    out(t.noRows);
    return 1;
  }

  const branch = found.unit;
  const roster = await createMembersRepository({ db }).listByBranch(branch.id);
  const { drafts, issues } = validateTaskRows(table, columns, { members: roster, today: vnDate(clock.now()) });
  if (issues.length) {
    for (const issue of issues) out(t.badRow(issue.line, issue.problems));
    out(t.nothingImported);
    return 1;
  }
  // Running the same file twice must not assign everything twice.
  const existing = await createTasksRepository({ db }).forBranch(branch.id);
  const fresh = drafts.filter((d) => !existing.some((e) => sameTask(e, d)));
  const meeting = await lastHeldMeeting({ branchId: branch.id }, { db });

  if (options.dryRun) out(t.dryRun);
  out(t.header(fresh.length, branch.name, options.dryRun));
  for (const d of drafts) out(fresh.includes(d) ? t.taskLine(d) : t.skipped(d.line, d.description));
  out(meeting?.date ? t.meeting(meeting.date) : t.noHeldMeeting);
  if (ignored.length) out(t.ignoredColumns(ignored));
  if (options.dryRun || fresh.length === 0) return 0;

  const unreachable = await db.transaction((tx) => assignImported({ branch, meeting, drafts: fresh, now: clock.now() }, { db: tx }));
  const assignees = new Set(fresh.flatMap((d) => d.assigneeIds));
  out(t.notified([...assignees].filter((id) => !unreachable.has(id)).length));
  if (unreachable.size) out(t.unreachable(roster.filter((m) => unreachable.has(m.id)).map((m) => m.fullName)));
  return 0;
}

/** Save the tasks, tell each assignee at once (the chat assignment's key and button), audit. Returns who has no chat account. */
async function assignImported(
  { branch, meeting, drafts, now }: { branch: OrgUnit; meeting: Meeting | undefined; drafts: TaskDraft[]; now: Date },
  { db }: { db: DbOrTx },
): Promise<Set<number>> {
  const repo = createTasksRepository({ db });
  const unreachable = new Set<number>();
  const taskIds: number[] = [];
  for (const d of drafts) {
    const task = await repo.insert(
      {
        branchId: branch.id,
        meetingId: meeting?.id ?? null,
        description: d.description,
        dueDate: d.dueDate,
        wholeBranch: d.wholeBranch,
        createdAt: now,
      },
      d.assigneeIds,
    );
    taskIds.push(task.id);
    const sent = await notifyMembers(db, {
      memberIds: d.assigneeIds,
      now,
      dedupeKey: (id) => `task:${task.id}:assigned:${id}`,
      message: noticeMessage({
        type: 'task.imported',
        task: { id: task.id, description: d.description, dueDate: d.dueDate },
        branchName: branch.name,
        wholeBranch: d.wholeBranch,
        resolution: d.resolution,
      } satisfies TaskNotice),
    });
    for (const id of sent.unreachable) unreachable.add(id);
  }
  await createAuditRepository({ db }).record({
    actorKind: 'cli',
    action: 'tasks.import',
    subjectType: 'org_unit',
    subjectId: branch.id,
    details: { taskIds, meetingId: meeting?.id ?? null },
  });
  return unreachable;
}

function parseOptions(args: string[]): { file: string; branch: string; committee?: string; dryRun: boolean } | null {
  try {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { branch: { type: 'string' }, committee: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
    });
    const [file, ...extra] = positionals;
    const branch = values.branch?.trim();
    if (!file || extra.length || !branch) return null;
    return { file, branch, committee: values.committee?.trim() || undefined, dryRun: values['dry-run'] ?? false };
  } catch {
    return null; // unknown option or a missing value
  }
}

/** The file as a table; file-level problems are said with the roster import's own sentences. */
async function readTable(file: string, out: (line: string) => void): Promise<RosterTable | null> {
  try {
    return await readRosterTable(file);
  } catch (e) {
    if (!isAppError(e)) throw e;
    const d = e.details ?? {};
    switch (e.code) {
      case ROSTER_ERRORS.unsupportedFormat:
        out(cli.roster.unsupportedFormat(String(d.extension ?? '')));
        break;
      case ROSTER_ERRORS.notUtf8:
        out(cli.roster.notUtf8);
        break;
      case ROSTER_ERRORS.noHeader:
        out(cli.roster.noHeader);
        break;
      default:
        out(d.cause === 'unterminated_quote' ? cli.roster.unterminatedQuote(Number(d.line)) : cli.roster.unreadable(file));
    }
    return null;
  }
}
