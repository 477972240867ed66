import type { ConversationState } from '../../modules/conversation-state/conversation-state.repository.js';
import { reachableRecipients } from '../../modules/identities/recipients.repository.js';
import { createMembersRepository, type MemberWithBranch } from '../../modules/members/members.repository.js';
import { createMeetingsRepository } from '../../modules/meetings/meetings.repository.js';
import { rsvpSummary } from '../../modules/meetings/notice.usecases.js';
import { createRsvpRepository } from '../../modules/meetings/rsvp.repository.js';
import { answerRsvp, mayAnswerForOthers, rsvpOpen, type AnswerRsvpResult } from '../../modules/meetings/rsvp.usecases.js';
import { rsvpButtons, rsvpCodec } from '../buttons/rsvp.buttons.js';
import { accountOf, onButton, parseId, stale, statesOf } from './flow.shared.js';
import { vnDate } from '../../shared/vn-time.js';
import { bot, rsvpTexts as t } from '../../texts/index.js';
import { reply, text, type ConversationDeps, type ConversationResult } from '../conversation.types.js';
import type { CommandEvent, TextEvent } from '../flow-module.js';
import { isActiveMember } from '../../modules/members/members.models.js';

export const REASON_FLOW = 'rsvp_reason';
export const PICK_FLOW = 'rsvp_pick';

const states = statesOf;

/** A refusal from answerRsvp, said kindly; forged or foreign data only gets "no longer valid". */
function refusal(r: Exclude<AnswerRsvpResult, { status: 'saved' }>, onBehalf: boolean): ConversationResult {
  switch (r.status) {
    case 'meeting_passed':
      return { replies: [text(t.passed)], buttonAnswer: t.passedToast };
    case 'not_active':
      return reply(text(onBehalf ? t.notActiveFor(r.member.fullName) : t.notActive));
    case 'forbidden':
      return { replies: [text(t.forbidden)], buttonAnswer: t.forbidden };
    case 'meeting_not_found':
    case 'not_in_branch':
      return stale();
  }
}

/** "rsvp:<meetingId>:y|n[:<memberId>]": a member's own answer, or the bí thư's for a member. */
export const onRsvpButton = onButton(rsvpCodec, async (e, member, data, deps) => {
  const { meetingId } = data;
  const memberId = data.memberId ?? member.id;
  const now = deps.clock.now();
  const answer = data.answer === 'y' ? 'attend' : 'away';
  const r = await answerRsvp({ meetingId, memberId, answer, actorMemberId: member.id, now }, deps);
  if (r.status !== 'saved') return refusal(r, memberId !== member.id);
  if (answer === 'away') {
    await states(deps).set(accountOf(e), { flow: REASON_FLOW, data: { meetingId, memberId } }, now);
    return { buttonAnswer: t.savedToast, replies: [text(r.onBehalf ? t.askReasonFor(r.member.fullName) : t.askReason)] };
  }
  // A reason still awaited would turn this 'attend' back into 'away'.
  const pending = await states(deps).get(accountOf(e), now);
  if (pending?.flow === REASON_FLOW) await states(deps).clear(accountOf(e));
  const said = r.onBehalf
    ? `${t.savedAttendFor(r.member.fullName, r.meeting)}\n${t.proxyNextHint}`
    : `${t.savedAttend(r.meeting)}\n${t.changeHint}`;
  return { buttonAnswer: t.savedToast, replies: [text(said)] };
});

/** The free text after "Vắng (có lý do)": the reason. */
export async function onReasonText(
  e: TextEvent,
  member: MemberWithBranch,
  state: ConversationState,
  deps: ConversationDeps,
): Promise<ConversationResult> {
  const meetingId = parseId(state.data.meetingId);
  const memberId = parseId(state.data.memberId);
  if (!e.text.trim()) return reply(text(t.reasonEmpty));
  await states(deps).clear(accountOf(e));
  if (meetingId === null || memberId === null) return reply(text(bot.account.notUnderstood));
  const r = await answerRsvp(
    { meetingId, memberId, answer: 'away', reason: e.text, actorMemberId: member.id, now: deps.clock.now() },
    deps,
  );
  if (r.status !== 'saved') {
    // In a text flow there is no button to acknowledge: always say something.
    const refused = refusal(r, memberId !== member.id);
    return reply(...(refused.replies.length ? refused.replies : [text(t.passed)]));
  }
  const reason = r.reason ?? '';
  return reply(
    text(
      r.onBehalf
        ? `${t.savedAwayFor(r.member.fullName, r.meeting, reason)}\n${t.proxyNextHint}`
        : `${t.savedAway(r.meeting, reason)}\n${t.changeHint}`,
    ),
  );
}

/** The branch's next meeting with a date, for the bí thư's commands. */
async function nextMeeting(member: MemberWithBranch, deps: ConversationDeps) {
  const meeting = await createMeetingsRepository({ db: deps.db }).upcoming(member.branchId, vnDate(deps.clock.now()));
  return meeting?.date ? meeting : undefined;
}

/** /tinhhinh: who is coming, who is away and why, who has not answered. */
export async function onSummary(_e: CommandEvent, member: MemberWithBranch, deps: ConversationDeps): Promise<ConversationResult> {
  if (!mayAnswerForOthers(member)) return reply(text(t.onlyLeaders));
  const meeting = await nextMeeting(member, deps);
  const s = meeting && (await rsvpSummary({ meetingId: meeting.id }, deps));
  if (!s) return reply(text(t.noMeeting));
  return reply(
    text(
      t.summary({
        branchName: s.branchName,
        date: s.meeting.date,
        time: s.meeting.time,
        active: s.counts.active,
        coming: s.coming.map((p) => p.fullName),
        away: s.away.map((p) => ({ name: p.fullName, reason: p.reason })),
        noAnswer: s.noAnswer.map((p) => ({ name: p.fullName, reachable: p.reachable })),
      }),
    ),
  );
}

/** /dangkythay: a numbered list of active members; the bí thư types a number. */
export async function onProxyStart(e: CommandEvent, member: MemberWithBranch, deps: ConversationDeps): Promise<ConversationResult> {
  if (!mayAnswerForOthers(member)) return reply(text(t.onlyLeaders));
  const meeting = await nextMeeting(member, deps);
  if (!meeting) return reply(text(t.noMeeting));
  const now = deps.clock.now();
  if (!rsvpOpen(meeting, now)) return reply(text(t.passed));
  const active = (await createMembersRepository({ db: deps.db }).listByBranch(member.branchId)).filter(isActiveMember);
  if (active.length === 0) return reply(text(t.proxyNobody));
  const reachable = new Set(
    (
      await reachableRecipients(
        deps.db,
        active.map((m) => m.id),
      )
    ).map((r) => r.memberId),
  );
  const answers = new Map((await createRsvpRepository({ db: deps.db }).listForMeeting(meeting.id)).map((r) => [r.memberId, r.answer]));
  await states(deps).set(accountOf(e), { flow: PICK_FLOW, data: { meetingId: meeting.id, memberIds: active.map((m) => m.id) } }, now);
  return reply(
    text(
      t.proxyList(
        meeting,
        active.map((m) => ({ name: m.fullName, reachable: reachable.has(m.id), answer: answers.get(m.id) ?? null })),
      ),
    ),
  );
}

/** The number typed after /dangkythay: show that member with the two buttons. */
export async function onProxyPick(
  e: TextEvent,
  member: MemberWithBranch,
  state: ConversationState,
  deps: ConversationDeps,
): Promise<ConversationResult> {
  const meetingId = parseId(state.data.meetingId);
  const memberIds = Array.isArray(state.data.memberIds) ? state.data.memberIds.map((m) => parseId(m)) : [];
  if (meetingId === null || memberIds.length === 0) {
    await states(deps).clear(accountOf(e));
    return reply(text(bot.account.notUnderstood));
  }
  const n = /^\s*(\d{1,4})\s*$/.exec(e.text)?.[1];
  const chosen = n ? memberIds[Number(n) - 1] : undefined;
  // A wrong number keeps the list open: the bí thư just types again (or /huy).
  if (chosen === undefined || chosen === null) return reply(text(t.proxyBadNumber(memberIds.length)));
  await states(deps).clear(accountOf(e));
  const meeting = await createMeetingsRepository({ db: deps.db }).findById(meetingId);
  const target = await createMembersRepository({ db: deps.db }).findById(chosen);
  if (!meeting || !target || target.branchId !== member.branchId) return reply(text(t.noMeeting));
  return reply(text(t.proxyChoose(target.fullName, meeting), { buttons: rsvpButtons(meeting.id, target.id) }));
}
