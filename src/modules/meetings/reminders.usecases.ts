import { activeSecretaries, branchLeaders } from '../members/members.models.js';
import type { Clock } from '../../shared/clock.js';
import type { DbOrTx } from '../../shared/db/db.js';
import { vnDate } from '../../shared/vn-time.js';
import { noticeMessage } from '../../shared/outbound.js';
import { createMembersRepository, type Member } from '../members/members.repository.js';
import { notifyMembers, type NotifyResult } from '../outbox/notify.js';
import { createOrgUnitsRepository } from '../org-units/org-units.repository.js';
import { createUnitRolesRepository } from '../unit-roles/unit-roles.repository.js';
import { loadMeetingContext } from './meeting-context.js';
import type { PrepNotice } from './meetings.notices.js';
import { quarterOf } from './meetings.models.js';
import { createMeetingsRepository } from './meetings.repository.js';

type Deps = { db: DbOrTx; clock: Clock };
const none: NotifyResult = { outboxIds: [], unreachable: [] };
const notice = (n: PrepNotice) => noticeMessage(n);

const leaders = (roster: readonly Member[]) => branchLeaders(roster).map((m) => m.id);

/** No working day in the first week: ask the bí thư (and phó bí thư) to choose, once a day. */
export async function askToChooseDate({ meetingId }: { meetingId: number }, { db, clock }: Deps): Promise<NotifyResult> {
  const ctx = await loadMeetingContext(db, meetingId);
  if (!ctx || ctx.meeting.status !== 'needs_date') return none;
  const today = vnDate(clock.now());
  return notifyMembers(db, {
    memberIds: leaders(ctx.roster),
    now: clock.now(),
    dedupeKey: (id) => `needs-date:${meetingId}:${today}:${id}`,
    message: notice({ type: 'prep.choose_date', meetingId, branchName: ctx.branchName, period: ctx.meeting.period }),
  });
}

async function thematicStillMissing(db: DbOrTx, branchId: number, period: string): Promise<boolean> {
  const list = await createMeetingsRepository({ db }).listForBranchSince(branchId, `${period.slice(0, 4)}-01`);
  const quarter = quarterOf(period);
  return !list.some(
    (m) =>
      m.kind !== 'regular' && m.status !== 'cancelled' && m.period.slice(0, 4) === period.slice(0, 4) && quarterOf(m.period) === quarter,
  );
}

export async function remindThematic(
  { branchId, period, toSupervisor }: { branchId: number; period: string; toSupervisor: boolean },
  { db, clock }: Deps,
): Promise<NotifyResult> {
  if (!(await thematicStillMissing(db, branchId, period))) return none;
  const branch = await createOrgUnitsRepository({ db }).findById(branchId);
  if (!branch) return none;
  const quarter = quarterOf(period);
  if (toSupervisor) {
    const supervisors = await createUnitRolesRepository({ db }).holdersAt(branchId, 'supervisor');
    return notifyMembers(db, {
      memberIds: supervisors,
      now: clock.now(),
      dedupeKey: (id) => `thematic-sup:${branchId}:${period}:${id}`,
      message: notice({ type: 'prep.thematic_supervisor', branchId, branchName: branch.name, quarter }),
    });
  }
  const roster = await createMembersRepository({ db }).listByBranch(branchId);
  return notifyMembers(db, {
    memberIds: activeSecretaries(roster).map((m) => m.id),
    now: clock.now(),
    dedupeKey: (id) => `thematic:${branchId}:${period}:${id}`,
    message: notice({ type: 'prep.thematic_reminder', branchId, branchName: branch.name, quarter }),
  });
}
