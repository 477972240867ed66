import type { ConversationState } from '../../modules/conversation-state/conversation-state.repository.js';
import type { MemberWithBranch } from '../../modules/members/members.repository.js';
import { mayAssignTasks, resolutionLines } from '../../modules/tasks/assign.models.js';
import { lastHeldMeeting, recordResolution, resolutionOf } from '../../modules/tasks/assign.usecases.js';
import { viDate } from '../../shared/vn-time.js';
import { tasksTexts as t } from '../../texts/index.js';
import { reply, text, type ConversationDeps, type ConversationResult } from '../conversation.types.js';
import type { ButtonEvent, CommandEvent, TextEvent } from '../flow-module.js';
import { accountOf, answer, newNonce, pending, save, statesOf } from './flow.shared.js';
import { resolutionCancelCodec, resolutionConfirmCodec } from '../buttons/tasks.buttons.js';

// /nghiquyet: the leaders type the last held meeting's resolution items, one per line, and confirm.
export const RESOLUTION_FLOW = 'task_resolution';
type ResolutionData = { meetingId: number; meetingDate: string; step: 'items' | 'confirm'; items?: string[]; nonce: string };

export async function onResolutionCommand(e: CommandEvent, member: MemberWithBranch, deps: ConversationDeps): Promise<ConversationResult> {
  if (!mayAssignTasks(member)) return reply(text(t.onlyLeadersResolution));
  const meeting = await lastHeldMeeting({ branchId: member.branchId }, deps);
  if (!meeting?.date) return reply(text(t.noHeldMeeting));
  const existing = await resolutionOf({ meetingId: meeting.id }, deps);
  const data: ResolutionData = { meetingId: meeting.id, meetingDate: viDate(meeting.date), step: 'items', nonce: newNonce() };
  await save(e, RESOLUTION_FLOW, data, deps);
  return reply(
    text(
      t.askResolution(
        data.meetingDate,
        existing.map((i) => i.text),
      ),
    ),
  );
}

const summary = (data: ResolutionData) =>
  text(t.resolutionSummary(data.meetingDate, data.items ?? []), {
    buttons: [
      [
        { text: t.buttonConfirm, data: resolutionConfirmCodec.encode({ nonce: data.nonce }) },
        { text: t.buttonCancel, data: resolutionCancelCodec.encode({ nonce: data.nonce }) },
      ],
    ],
  });

export async function onResolutionText(
  e: TextEvent,
  _m: MemberWithBranch,
  state: ConversationState,
  deps: ConversationDeps,
): Promise<ConversationResult> {
  const data = state.data as ResolutionData;
  // Waiting for a button: show the summary again rather than guess.
  if (data.step === 'confirm') return reply(summary(data));
  const items = resolutionLines(e.text);
  if (items.length === 0) return reply(text(t.resolutionEmpty));
  const next: ResolutionData = { ...data, items, step: 'confirm' };
  await save(e, RESOLUTION_FLOW, next, deps);
  return reply(summary(next));
}

export async function onResolutionConfirm(
  e: ButtonEvent,
  member: MemberWithBranch,
  nonce: string,
  deps: ConversationDeps,
): Promise<ConversationResult> {
  const data = await pending<ResolutionData>(e, RESOLUTION_FLOW, deps);
  if (!data || data.step !== 'confirm' || data.nonce !== nonce) return answer(t.flowGone);
  await statesOf(deps).clear(accountOf(e));
  const r = await recordResolution(
    { actor: { memberId: member.id }, meetingId: data.meetingId, items: data.items ?? [], now: deps.clock.now() },
    deps,
  );
  switch (r.status) {
    case 'recorded':
      return answer(t.resolutionRecorded(r.items.length), t.buttonConfirm);
    case 'forbidden':
      return answer(t.onlyLeadersResolution);
    case 'items_in_use':
      return answer(t.resolutionInUse);
    default:
      return answer(t.flowGone);
  }
}

export async function onResolutionCancel(
  e: ButtonEvent,
  _m: MemberWithBranch,
  nonce: string,
  deps: ConversationDeps,
): Promise<ConversationResult> {
  const data = await pending<ResolutionData>(e, RESOLUTION_FLOW, deps);
  if (!data || data.nonce !== nonce) return answer(t.flowGone);
  await statesOf(deps).clear(accountOf(e));
  return answer(t.cancelled, t.buttonCancel);
}
