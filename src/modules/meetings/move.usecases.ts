import type { Clock } from '../../shared/clock.js';
import type { DbOrTx } from '../../shared/db/db.js';
import { addDaysTo, periodOf, vnDate } from '../../shared/vn-time.js';
import { createAuditRepository } from '../audit/audit.repository.js';
import { isInFirstWeek } from '../calendar/meeting-date.models.js';
import { isBranchLeader } from '../members/members.models.js';
import type { MemberWithBranch } from '../members/members.repository.js';
import type { NotifyResult } from '../outbox/notify.js';
import { branchRefs, settingsForBranches } from './branch-settings.js';
import { createMeetingsRepository, type Meeting } from './meetings.repository.js';
import { sendMeetingNotice } from './notice.usecases.js';

type Deps = { db: DbOrTx; clock: Clock };

export type MoveResult =
  | { status: 'moved'; meeting: Meeting; outOfFirstWeek: boolean; notice: NotifyResult | null }
  | { status: 'forbidden' | 'in_past' | 'no_meeting' };

/**
 * The bí thư moves the upcoming meeting (or gives the date the rule could not find). Members
 * who already had the notice get the new one: its dedupe key carries the date and time.
 */
export async function moveMeeting(
  { actor, date, time, place }: { actor: MemberWithBranch; date: string; time: string; place?: string | null },
  { db, clock }: Deps,
): Promise<MoveResult> {
  if (!isBranchLeader(actor)) return { status: 'forbidden' };
  const today = vnDate(clock.now());
  if (date < today) return { status: 'in_past' };
  const repo = createMeetingsRepository({ db });
  const current = await repo.upcoming(actor.branchId, today);
  if (!current) return { status: 'no_meeting' };
  const meeting = await repo.update(
    current.id,
    {
      date,
      time,
      place: place ?? current.place,
      status: 'scheduled',
      dateSource: 'moved',
    },
    clock.now(),
  );
  await createAuditRepository({ db }).record({
    actorMemberId: actor.id,
    actorKind: 'member',
    action: 'meeting.move',
    subjectType: 'meeting',
    subjectId: meeting.id,
    details: { date, time },
  });
  const [settings] = [...(await settingsForBranches(db, await branchRefs(db, [actor.branchId]))).values()];
  const noticeDue = !!(await repo.prepFor(meeting.id)) || date <= addDaysTo(today, settings!.noticeDaysBefore);
  const notice = noticeDue ? await sendMeetingNotice({ meetingId: meeting.id }, { db, clock }) : null;
  // A regular meeting belongs in the first week of its month; a thematic one may be any day.
  const outOfFirstWeek = meeting.kind !== 'thematic' && (periodOf(date) !== meeting.period || !isInFirstWeek(date));
  return { status: 'moved', meeting, outOfFirstWeek, notice };
}

export type ThematicResult = { status: 'planned' | 'combined'; meeting: Meeting } | { status: 'forbidden' | 'in_past' | 'no_meeting' };

/** A thematic meeting: on its own date, or combined with the upcoming regular one (120 minutes). */
export async function planThematic(
  { actor, topic, date, time, combine }: { actor: MemberWithBranch; topic: string; date?: string; time?: string; combine: boolean },
  { db, clock }: Deps,
): Promise<ThematicResult> {
  if (!isBranchLeader(actor)) return { status: 'forbidden' };
  const repo = createMeetingsRepository({ db });
  const now = clock.now();
  const today = vnDate(now);
  let meeting: Meeting;
  if (combine) {
    const current = await repo.upcoming(actor.branchId, today);
    if (!current || current.kind === 'thematic') return { status: 'no_meeting' };
    meeting = await repo.update(current.id, { kind: 'combined', topic }, now);
  } else {
    if (!date || date < today) return { status: 'in_past' };
    const place = (await repo.upcoming(actor.branchId, today))?.place ?? null;
    meeting = await repo.insert({
      branchId: actor.branchId,
      kind: 'thematic',
      period: periodOf(date),
      topic,
      date,
      time: time ?? null,
      place,
      createdAt: now,
      updatedAt: now,
    });
  }
  await createAuditRepository({ db }).record({
    actorMemberId: actor.id,
    actorKind: 'member',
    action: combine ? 'meeting.combine_thematic' : 'meeting.plan_thematic',
    subjectType: 'meeting',
    subjectId: meeting.id,
  });
  return { status: combine ? 'combined' : 'planned', meeting };
}
