import { isActiveMember, isBranchLeader } from '../members/members.models.js';
import type { DbOrTx } from '../../shared/db/db.js';
import { createAuditRepository } from '../audit/audit.repository.js';
import { createMembersRepository, type MemberWithBranch } from '../members/members.repository.js';
import { meetingStart } from './meetings.models.js';
import { createMeetingsRepository, type Meeting } from './meetings.repository.js';
import { createRsvpRepository, type RsvpAnswer } from './rsvp.repository.js';

/** A reason is a short note for the bí thư, not a letter; longer text is cut. */
export const MAX_REASON_LENGTH = 500;

/** Who may answer the notice for a member of their own branch (members without a chat account). */
export const mayAnswerForOthers = isBranchLeader;

/** Answers are open while the meeting is scheduled with a date and has not started. */
export function rsvpOpen(meeting: Pick<Meeting, 'status' | 'date' | 'time' | 'startedAt'>, now: Date): boolean {
  if (meeting.status !== 'scheduled' || meeting.startedAt) return false;
  const start = meetingStart(meeting);
  return start !== null && now < start;
}

export type AnswerRsvpInput = {
  meetingId: number;
  memberId: number;
  answer: RsvpAnswer;
  /** Omitted on an 'away' answer: a reason given earlier is kept (asked for next). */
  reason?: string | undefined;
  actorMemberId: number;
  now: Date;
};

export type AnswerRsvpResult =
  | { status: 'saved'; meeting: Meeting; member: MemberWithBranch; onBehalf: boolean; reason: string | null }
  /** Now ≥ start, or the meeting is not scheduled (cancelled, held, waiting for a date): nothing changes. */
  | { status: 'meeting_passed'; meeting: Meeting }
  | { status: 'meeting_not_found' }
  | { status: 'not_in_branch' }
  | { status: 'not_active'; member: MemberWithBranch }
  | { status: 'forbidden' };

/**
 * A member's answer to the notice, or the bí thư's answer on behalf of a member of the branch.
 * Members may change it until the meeting starts; every change is audited (ids only: the
 * reason is personal and stays in the rsvps row).
 */
export async function answerRsvp(input: AnswerRsvpInput, { db }: { db: DbOrTx }): Promise<AnswerRsvpResult> {
  const meeting = await createMeetingsRepository({ db }).findById(input.meetingId);
  if (!meeting) return { status: 'meeting_not_found' };
  const members = createMembersRepository({ db });
  const onBehalf = input.actorMemberId !== input.memberId;
  if (onBehalf) {
    // Checked before anything about the member, so a refusal tells an outsider nothing.
    const actor = await members.findById(input.actorMemberId);
    if (!actor || actor.branchId !== meeting.branchId || !mayAnswerForOthers(actor)) return { status: 'forbidden' };
  }
  const member = await members.findById(input.memberId);
  if (!member || member.branchId !== meeting.branchId) return { status: 'not_in_branch' };
  if (!rsvpOpen(meeting, input.now)) return { status: 'meeting_passed', meeting };
  if (!isActiveMember(member)) return { status: 'not_active', member };

  const reason = cleanReason(input.reason);
  const rsvps = createRsvpRepository({ db });
  const previous = await rsvps.find(meeting.id, member.id);
  await rsvps.upsert({
    meetingId: meeting.id,
    memberId: member.id,
    answer: input.answer,
    reason,
    answeredAt: input.now,
    recordedByMemberId: input.actorMemberId,
  });
  await createAuditRepository({ db }).record({
    actorMemberId: input.actorMemberId,
    actorKind: 'member',
    action: 'rsvp.answer',
    subjectType: 'meeting',
    subjectId: meeting.id,
    details: { memberId: member.id, answer: input.answer, previous: previous?.answer ?? null, onBehalf, withReason: reason !== undefined },
  });
  const saved = await rsvps.find(meeting.id, member.id);
  return { status: 'saved', meeting, member, onBehalf, reason: saved?.reason ?? null };
}

function cleanReason(raw: string | undefined): string | undefined {
  const reason = raw?.replace(/\s+/g, ' ').trim().slice(0, MAX_REASON_LENGTH);
  return reason ? reason : undefined;
}
