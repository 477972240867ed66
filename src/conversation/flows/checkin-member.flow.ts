import {
  createConversationStateRepository,
  type ConversationState,
} from '../../modules/conversation-state/conversation-state.repository.js';
import type { MemberWithBranch } from '../../modules/members/members.repository.js';
import { normalizeCode } from '../../modules/meetings/absence.models.js';
import { createAttendanceRepository } from '../../modules/meetings/attendance.repository.js';
import { checkIn, type CheckInResult } from '../../modules/meetings/checkin.usecases.js';
import { bot, checkinTexts as t } from '../../texts/index.js';
import { reply, text, type ConversationDeps, type ConversationResult } from '../conversation.types.js';
import type { CommandEvent, TextEvent } from '../flow-module.js';
import { checkinCodec } from '../buttons/meetings.buttons.js';
import { accountOf, onButton, parseId, stale } from './flow.shared.js';

// A member checking in: the "Có mặt" button, and the code read out in the room — typed after
// the button (flow 'checkin_code') or as /ma <mã>. The check-in message is written to every
// member's chat by the outbox, so no conversation state is set until the member presses.

export const CODE_FLOW = 'checkin_code';

/** What a member is told for each outcome, with the toast for a button press. */
function said(r: CheckInResult): { reply: string; toast?: string } {
  switch (r.outcome) {
    case 'present':
      return { reply: t.checkedIn, toast: t.checkedInToast };
    case 'already_present':
      return { reply: t.alreadyPresent, toast: t.checkedInToast };
    case 'code_required':
      return { reply: t.askCode };
    case 'wrong_code':
      return { reply: t.wrongCode(r.attemptsLeft ?? 1) };
    case 'too_many_attempts':
      return { reply: t.tooManyAttempts };
    case 'closed':
      return { reply: t.closed, toast: t.closedToast };
    case 'not_open':
      return { reply: t.notOpen, toast: t.notOpen };
    case 'not_found':
      return { reply: t.noOpenCheckin, toast: bot.buttons.stale };
  }
}

/** "ci:<meetingId>": present, or — when a code is on — the next text is the code. */
export const onCheckinButton = onButton(checkinCodec, async (e, member, { meetingId }, deps) => {
  const now = deps.clock.now();
  const r = await checkIn({ meetingId, memberId: member.id, now }, deps);
  if (r.outcome === 'code_required') {
    await createConversationStateRepository({ db: deps.db }).set(accountOf(e), { flow: CODE_FLOW, data: { meetingId } }, now);
  }
  // A forged or foreign button changes nothing and says only that it is no longer valid.
  if (r.outcome === 'not_found') return stale();
  const s = said(r);
  return { replies: [text(s.reply)], ...(s.toast ? { buttonAnswer: s.toast } : {}) };
});

/** The text after pressing the button while a code is on: the code. */
export async function onCodeText(
  e: TextEvent,
  member: MemberWithBranch,
  state: ConversationState,
  deps: ConversationDeps,
): Promise<ConversationResult> {
  const states = createConversationStateRepository({ db: deps.db });
  const meetingId = parseId(state.data.meetingId);
  if (meetingId === null) {
    await states.clear(accountOf(e));
    return reply(text(bot.account.notUnderstood));
  }
  // Words instead of digits are not a guess at the code: ask again, count nothing.
  if (normalizeCode(e.text) === '') return reply(text(t.askCode));
  const r = await checkIn({ meetingId, memberId: member.id, code: e.text, now: deps.clock.now() }, deps);
  if (r.outcome !== 'wrong_code') await states.clear(accountOf(e));
  return reply(text(said(r).reply));
}

/** /ma <mã>: the code for the branch's open check-in. */
export async function onCodeCommand(e: CommandEvent, member: MemberWithBranch, deps: ConversationDeps): Promise<ConversationResult> {
  const code = e.args.trim();
  if (normalizeCode(code) === '') return reply(text(t.codeUsage));
  const meeting = await createAttendanceRepository({ db: deps.db }).openCheckinMeeting(member.branchId);
  if (!meeting) return reply(text(t.noOpenCheckin));
  const r = await checkIn({ meetingId: meeting.id, memberId: member.id, code, now: deps.clock.now() }, deps);
  return reply(text(said(r).reply));
}
