import type { MemberWithBranch } from '../../modules/members/members.repository.js';
import { createAttendanceRepository, type AttendanceRow, type Rsvp } from '../../modules/meetings/attendance.repository.js';
import { checkinRoster, decideReason, markAbsent, markPresent, numberedMembers } from '../../modules/meetings/attendance.usecases.js';
import {
  closeCheckin,
  isRefusal,
  openCheckin,
  recordEnd,
  runsCheckin,
  type CheckinRefusal,
} from '../../modules/meetings/checkin.usecases.js';
import { createMeetingsRepository, type Meeting } from '../../modules/meetings/meetings.repository.js';
import { vnDate } from '../../shared/vn-time.js';
import { checkinTexts as t, type RosterMark } from '../../texts/checkin.vi.js';
import { reply, text, type ConversationDeps, type ConversationResult } from '../conversation.types.js';
import type { CommandEvent } from '../flow-module.js';

// The bí thư's (and phó bí thư's) check-in commands. The use cases check the role again;
// refusing here first keeps an ordinary member's answer kind and free of meeting details.

type Handler = (e: CommandEvent, member: MemberWithBranch, deps: ConversationDeps) => Promise<ConversationResult>;

/** Only leaders get through (the use cases check again and refuse with a code). */
const leaderOnly =
  (run: Handler): Handler =>
  async (e, member, deps) => {
    if (!runsCheckin(member)) return reply(text(t.onlyLeaders));
    return run(e, member, deps);
  };

/** A use case's refusal, said kindly. */
const refused = (r: CheckinRefusal): ConversationResult => reply(text(t.errors[r.refused]));

/**
 * "The meeting" of a correction or report: the one in check-in now, else today's, else the
 * last one checked in (a reason to accept often comes days after the meeting).
 */
async function currentMeeting(member: MemberWithBranch, deps: ConversationDeps): Promise<Meeting | undefined> {
  const attendance = createAttendanceRepository({ db: deps.db });
  const open = await attendance.openCheckinMeeting(member.branchId);
  if (open) return open;
  const today = vnDate(deps.clock.now());
  const upcoming = await createMeetingsRepository({ db: deps.db }).upcoming(member.branchId, today);
  return upcoming?.date === today ? upcoming : attendance.lastCheckinMeeting(member.branchId);
}

/** /diemdanh [ma]: open check-in for today's meeting, with a code when asked. */
export const onOpen = leaderOnly(async (e, member, deps) => {
  const today = vnDate(deps.clock.now());
  const attendance = createAttendanceRepository({ db: deps.db });
  const upcoming = await createMeetingsRepository({ db: deps.db }).upcoming(member.branchId, today);
  const last = await attendance.lastCheckinMeeting(member.branchId);
  // Today's meeting already closed is named as such (the use case refuses), not "no meeting".
  const meeting =
    (await attendance.openCheckinMeeting(member.branchId)) ??
    (upcoming?.date === today ? upcoming : last?.date === today ? last : undefined);
  if (!meeting) return reply(text(t.noMeetingToday(upcoming ?? null)));
  const withCode = ['ma', 'mã'].includes(e.args.trim().toLowerCase());
  const r = await openCheckin({ meetingId: meeting.id, actorMemberId: member.id, withCode, now: deps.clock.now() }, deps);
  if (isRefusal(r)) return refused(r);
  const reached = (await numberedMembers(member.branchId, deps)).length - r.unreachable.length;
  return {
    replies: [
      text(
        t.opened({ ...r.meeting, code: r.code, alreadyOpen: r.alreadyOpen, reached, unreachable: r.unreachable.map((m) => m.fullName) }),
      ),
    ],
    dispatch: r.outboxIds,
  };
});

/** /dongdiemdanh: close, and the rate with the flags. */
export const onClose = leaderOnly(async (_e, member, deps) => {
  const attendance = createAttendanceRepository({ db: deps.db });
  const meeting = (await attendance.openCheckinMeeting(member.branchId)) ?? (await attendance.lastCheckinMeeting(member.branchId));
  if (!meeting) return reply(text(t.noCheckin));
  const r = await closeCheckin({ meetingId: meeting.id, actorMemberId: member.id, now: deps.clock.now() }, deps);
  if (isRefusal(r)) return refused(r);
  return { replies: [text(t.report({ ...r.meeting, ...r.report }, r.alreadyClosed))], dispatch: r.outboxIds };
});

/** /ketthuchop: the end time, and whether the meeting was long enough. */
export const onEnd = leaderOnly(async (_e, member, deps) => {
  const meeting = await currentMeeting(member, deps);
  if (!meeting) return reply(text(t.noCheckin));
  const r = await recordEnd({ meetingId: meeting.id, actorMemberId: member.id, now: deps.clock.now() }, deps);
  if (isRefusal(r)) return refused(r);
  return reply(text(t.ended({ ...r.duration, alreadyRecorded: r.alreadyRecorded })));
});

function markOf(row: AttendanceRow | undefined, rsvp: Rsvp | undefined): RosterMark {
  if (row?.status === 'present') return { kind: 'present' };
  if (row?.status === 'absent_excused') return { kind: 'excused', reason: row.reason };
  if (row?.reason && row.reasonAccepted === null) return { kind: 'reason_pending', reason: row.reason };
  if (row) return { kind: 'unexcused', reason: row.reason };
  if (rsvp?.answer === 'away') return { kind: 'rsvp_away', reason: rsvp.reason };
  return { kind: rsvp?.answer === 'attend' ? 'rsvp_attend' : 'none' };
}

/** /danhsach: active members, numbered, with their check-in or RSVP state. */
export const onList = leaderOnly(async (_e, member, deps) => {
  const meeting = await currentMeeting(member, deps);
  if (!meeting) return reply(text(t.noCheckin));
  const entries = await checkinRoster({ meeting, actorMemberId: member.id }, deps);
  if (isRefusal(entries)) return refused(entries);
  if (entries.length === 0) return reply(text(t.nobody));
  const state = meeting.checkinClosedAt ? 'closed' : meeting.checkinOpenedAt ? 'open' : 'not_open';
  return reply(
    text(
      t.roster(
        { ...meeting, state },
        entries.map((x) => ({
          fullName: x.member.fullName,
          reachable: x.reachable,
          mark: markOf(x.row, x.rsvp),
        })),
      ),
    ),
  );
});

const NUMBER = /^\d{1,4}$/;

/** The numbered members a command names, or the sentence to say instead. */
async function pick(member: MemberWithBranch, tokens: string[], usage: string, deps: ConversationDeps) {
  if (tokens.length === 0 || !tokens.every((x) => NUMBER.test(x))) return { refusal: reply(text(usage)) };
  const members = await numberedMembers(member.branchId, deps);
  const chosen = tokens.map((x) => ({ n: Number(x), member: members[Number(x) - 1] }));
  if (chosen.some((c) => !c.member)) return { refusal: reply(text(t.badNumber(members.length))) };
  return { chosen: chosen as { n: number; member: (typeof members)[number] }[] };
}

const correction = (meeting: Meeting, member: MemberWithBranch, memberId: number, deps: ConversationDeps) => ({
  meetingId: meeting.id,
  actorMemberId: member.id,
  memberId,
  now: deps.clock.now(),
});

/** /comat <số> [<số> …]: check members in on their behalf. */
export const onMarkPresent = leaderOnly(async (e, member, deps) => {
  const meeting = await currentMeeting(member, deps);
  if (!meeting) return reply(text(t.noCheckin));
  const p = await pick(member, e.args.split(/[\s,;]+/).filter(Boolean), t.usage.comat, deps);
  if (!p.chosen) return p.refusal;
  for (const c of p.chosen) {
    const r = await markPresent(correction(meeting, member, c.member.id, deps), deps);
    if (isRefusal(r)) return refused(r);
  }
  return reply(text(t.markedPresent(p.chosen.map((c) => `${c.n}. ${c.member.fullName}`))));
});

/** /vang <số> [lý do]: record an absence, with the reason the member gave. */
export const onMarkAbsent = leaderOnly(async (e, member, deps) => {
  const meeting = await currentMeeting(member, deps);
  if (!meeting) return reply(text(t.noCheckin));
  const [first = '', ...rest] = e.args.trim().split(/\s+/);
  const p = await pick(member, first ? [first] : [], t.usage.vang, deps);
  if (!p.chosen) return p.refusal;
  const [c] = p.chosen;
  const reason = rest.join(' ').trim();
  const r = await markAbsent({ ...correction(meeting, member, c!.member.id, deps), ...(reason ? { reason } : {}) }, deps);
  if (isRefusal(r)) return refused(r);
  return reply(text(t.markedAbsent(c!.member.fullName, reason || null, c!.n)));
});

/** /chapnhan <số> and /khongchapnhan <số>: the bí thư's decision on a reason. */
export const onDecide = (accept: boolean) =>
  leaderOnly(async (e, member, deps) => {
    const meeting = await currentMeeting(member, deps);
    if (!meeting) return reply(text(t.noCheckin));
    const p = await pick(member, e.args.trim().split(/\s+/).filter(Boolean), accept ? t.usage.chapnhan : t.usage.khongchapnhan, deps);
    if (!p.chosen) return p.refusal;
    if (p.chosen.length !== 1) return reply(text(accept ? t.usage.chapnhan : t.usage.khongchapnhan));
    const r = await decideReason({ ...correction(meeting, member, p.chosen[0]!.member.id, deps), accept }, deps);
    if (isRefusal(r)) return refused(r);
    return reply(text(accept ? t.reasonAccepted(r.member.fullName) : t.reasonRejected(r.member.fullName)));
  });
