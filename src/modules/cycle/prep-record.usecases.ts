import type { Clock } from '../../shared/clock.js';
import type { DbOrTx } from '../../shared/db/db.js';
import { vnDate } from '../../shared/vn-time.js';
import { createAuditRepository } from '../audit/audit.repository.js';
import { loadMeetingContext } from '../meetings/meeting-context.js';
import { isPreparer, meetingStart } from '../meetings/meetings.models.js';
import { createMeetingsRepository } from '../meetings/meetings.repository.js';
import { sendMeetingNotice } from '../meetings/notice.usecases.js';
import type { NotifyResult } from '../outbox/notify.js';
import { askForReports } from '../tasks/reminders.usecases.js';

// The month's cycle across features: the preparatory meeting, once recorded, sends the meeting
// notice (meetings) and asks members to report on their tasks (tasks). Neither feature calls the other.

type Deps = { db: DbOrTx; clock: Clock };

export type PrepInput = {
  meetingId: number;
  actorMemberId: number;
  held: boolean;
  onDate: string;
  agenda: string[];
  keyIssues: string[];
  preparerIds: number[];
};

export type RecordPrepResult =
  /** `notice.outboxIds` also holds the asks to report (`asked`), so whoever dispatches the notice sends them too. */
  { status: 'recorded'; notice: NotifyResult; asked: NotifyResult } | { status: 'not_preparer' | 'meeting_gone' | 'bad_date' };

/** Record the preparatory meeting: stops the nags, sends the notice to every member and asks for task reports. */
export async function recordPrep(input: PrepInput, { db, clock }: Deps): Promise<RecordPrepResult> {
  const ctx = await loadMeetingContext(db, input.meetingId);
  const now = clock.now();
  const start = ctx && meetingStart(ctx.meeting);
  if (!ctx || ctx.meeting.status !== 'scheduled' || !start || start <= now) return { status: 'meeting_gone' };
  const actor = ctx.roster.find((m) => m.id === input.actorMemberId);
  if (!actor || !isPreparer(actor, ctx.roster)) return { status: 'not_preparer' };
  const today = vnDate(now);
  if ((input.held && input.onDate > today) || (!input.held && input.onDate > ctx.meeting.date!)) return { status: 'bad_date' };
  const inBranch = new Set(ctx.roster.map((m) => m.id));
  await createMeetingsRepository({ db }).savePrep({
    meetingId: input.meetingId,
    state: input.held ? 'held' : 'planned',
    onDate: input.onDate,
    agenda: input.agenda,
    keyIssues: input.keyIssues,
    preparerIds: input.preparerIds.filter((id) => inBranch.has(id)),
    recordedByMemberId: input.actorMemberId,
    recordedAt: now,
  });
  await createAuditRepository({ db }).record({
    actorMemberId: input.actorMemberId,
    actorKind: 'member',
    action: 'prep.record',
    subjectType: 'meeting',
    subjectId: input.meetingId,
    details: { state: input.held ? 'held' : 'planned', onDate: input.onDate },
  });
  const notice = await sendMeetingNotice({ meetingId: input.meetingId }, { db, clock });
  const asked = await askForReports({ meetingId: input.meetingId }, { db, clock });
  return { status: 'recorded', notice: { ...notice, outboxIds: [...notice.outboxIds, ...asked.outboxIds] }, asked };
}
