import type { Clock } from '../../shared/clock.js';
import type { DbOrTx } from '../../shared/db/db.js';
import { daysBetween, vnDate } from '../../shared/vn-time.js';
import { noticeMessage } from '../../shared/outbound.js';
import { notifyMembers, type NotifyResult } from '../outbox/notify.js';
import { createUnitRolesRepository } from '../unit-roles/unit-roles.repository.js';
import { loadMeetingContext } from './meeting-context.js';
import type { PrepNotice } from './meetings.notices.js';
import { preparers } from './meetings.models.js';
import { createMeetingsRepository } from './meetings.repository.js';
import { isActiveMember, activeSecretaries } from '../members/members.models.js';

type Deps = { db: DbOrTx; clock: Clock };
const notice = (n: PrepNotice) => noticeMessage(n);
const none: NotifyResult = { outboxIds: [], unreachable: [] };

/** Today's nag to the branch committee, until the preparatory meeting is recorded. */
export async function sendPrepNag({ meetingId }: { meetingId: number }, { db, clock }: Deps): Promise<NotifyResult> {
  const ctx = await loadMeetingContext(db, meetingId);
  if (!ctx || ctx.meeting.status !== 'scheduled' || !ctx.meeting.date) return none;
  if (await createMeetingsRepository({ db }).prepFor(meetingId)) return none;
  const today = vnDate(clock.now());
  const daysLeft = daysBetween(today, ctx.meeting.date);
  if (daysLeft < 0) return none;
  const to = preparers(ctx.roster.filter(isActiveMember)).map((m) => m.id);
  return notifyMembers(db, {
    memberIds: to,
    now: clock.now(),
    // The date in the key: one nag per person per day, whoever runs the sweep and how often.
    dedupeKey: (id) => `prep-nag:${meetingId}:${today}:${id}`,
    message: notice({ type: 'prep.nag', meetingId, when: ctx.when, daysLeft }),
  });
}

/** Still nothing M days before: tell the supervisor(s), and tell the bí thư that we did. */
export async function escalatePrep({ meetingId }: { meetingId: number }, { db, clock }: Deps): Promise<NotifyResult> {
  const ctx = await loadMeetingContext(db, meetingId);
  if (!ctx || ctx.meeting.status !== 'scheduled') return none;
  if (await createMeetingsRepository({ db }).prepFor(meetingId)) return none;
  const supervisors = await createUnitRolesRepository({ db }).holdersAt(ctx.meeting.branchId, 'supervisor');
  if (supervisors.length === 0) return none;
  const now = clock.now();
  const up = await notifyMembers(db, {
    memberIds: supervisors,
    now,
    dedupeKey: (id) => `prep-escalate:${meetingId}:${id}`,
    message: notice({ type: 'prep.escalation_supervisor', meetingId, when: ctx.when }),
  });
  const secretaries = activeSecretaries(ctx.roster).map((m) => m.id);
  const down = await notifyMembers(db, {
    memberIds: secretaries,
    now,
    dedupeKey: (id) => `prep-escalated:${meetingId}:${id}`,
    message: notice({ type: 'prep.escalation_secretary', meetingId, when: ctx.when }),
  });
  return { outboxIds: [...up.outboxIds, ...down.outboxIds], unreachable: [...up.unreachable, ...down.unreachable] };
}
