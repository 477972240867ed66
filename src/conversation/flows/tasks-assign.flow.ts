import type { ConversationState } from '../../modules/conversation-state/conversation-state.repository.js';
import { createMeetingsRepository } from '../../modules/meetings/meetings.repository.js';
import { createMembersRepository, type MemberWithBranch } from '../../modules/members/members.repository.js';
import { DESCRIPTION_MAX, dueDateProblem, mayAssignTasks } from '../../modules/tasks/assign.models.js';
import { assignTask, lastHeldMeeting } from '../../modules/tasks/assign.usecases.js';
import { addDaysTo, parseViDate, viDate, vnDate } from '../../shared/vn-time.js';
import { tasksTexts as t } from '../../texts/index.js';
import { reply, text, type ConversationDeps, type ConversationResult } from '../conversation.types.js';
import type { ButtonEvent, CommandEvent, TextEvent } from '../flow-module.js';
import { accountOf, answer, newNonce, pending, save, statesOf } from './flow.shared.js';
import { isActiveMember } from '../../modules/members/members.models.js';
import { assignCancelCodec, assignConfirmCodec, assignDueCodec } from '../buttons/tasks.buttons.js';

// /giaoviec: description → assignees by number (0 = whole branch) → due date → confirm.
// Nothing is written until the confirm button; assignTask then checks everything again.
export const ASSIGN_FLOW = 'task_assign';
type AssignData = {
  step: 'description' | 'assignees' | 'due' | 'confirm';
  nonce: string;
  meetingId: number | null;
  meetingDate: string | null;
  roster: { id: number; name: string }[];
  description?: string;
  assigneeIds?: number[];
  wholeBranch?: boolean;
  dueDate?: string;
};

export async function onAssignCommand(e: CommandEvent, member: MemberWithBranch, deps: ConversationDeps): Promise<ConversationResult> {
  if (!mayAssignTasks(member)) return reply(text(t.onlyLeaders));
  const roster = (await createMembersRepository({ db: deps.db }).listByBranch(member.branchId))
    .filter(isActiveMember)
    .map((m) => ({ id: m.id, name: m.fullName }));
  if (roster.length === 0) return reply(text(t.noActiveMembers));
  const held = await lastHeldMeeting({ branchId: member.branchId }, deps);
  const meetingDate = held?.date ? viDate(held.date) : null;
  const data: AssignData = { step: 'description', nonce: newNonce(), meetingId: held?.id ?? null, meetingDate, roster };
  await save(e, ASSIGN_FLOW, data, deps);
  return reply(text(t.askDescription(meetingDate)));
}

/** Quick picks for the due date: a week from today, and the eve of the next meeting. */
async function dueButtons(member: MemberWithBranch, nonce: string, deps: ConversationDeps) {
  const today = vnDate(deps.clock.now());
  const inWeek = addDaysTo(today, 7);
  const next = await createMeetingsRepository({ db: deps.db }).upcoming(member.branchId, today);
  const eve = next?.date ? addDaysTo(next.date, -1) : null;
  const row = [{ text: t.buttonInWeek(viDate(inWeek).slice(0, 5)), data: assignDueCodec.encode({ nonce, value: inWeek }) }];
  if (eve && eve >= today && eve !== inWeek)
    row.push({ text: t.buttonBeforeMeeting(viDate(eve).slice(0, 5)), data: assignDueCodec.encode({ nonce, value: eve }) });
  return row.map((b) => [b]);
}

function summary(data: AssignData) {
  const chosen = data.wholeBranch
    ? t.wholeBranch(data.roster.length)
    : (data.assigneeIds ?? []).map((id) => data.roster.find((r) => r.id === id)?.name ?? '').join(', ');
  return text(
    t.assignSummary({
      description: data.description ?? '',
      assignees: chosen,
      due: viDate(data.dueDate ?? ''),
      meetingDate: data.meetingDate,
    }),
    {
      buttons: [
        [
          { text: t.buttonConfirm, data: assignConfirmCodec.encode({ nonce: data.nonce }) },
          { text: t.buttonCancel, data: assignCancelCodec.encode({ nonce: data.nonce }) },
        ],
      ],
    },
  );
}

async function withDueDate(
  e: TextEvent | ButtonEvent,
  data: AssignData,
  dueDate: string,
  deps: ConversationDeps,
): Promise<ConversationResult> {
  const problem = dueDateProblem(dueDate, vnDate(deps.clock.now()));
  if (problem) return reply(text(problem === 'due_in_past' ? t.dueInPast : t.badDate));
  const next: AssignData = { ...data, dueDate, step: 'confirm' };
  await save(e, ASSIGN_FLOW, next, deps);
  return reply(summary(next));
}

export async function onAssignText(
  e: TextEvent,
  member: MemberWithBranch,
  state: ConversationState,
  deps: ConversationDeps,
): Promise<ConversationResult> {
  const data = state.data as AssignData;
  switch (data.step) {
    case 'description': {
      const description = e.text.trim();
      if (!description) return reply(text(t.descriptionEmpty));
      if (description.length > DESCRIPTION_MAX) return reply(text(t.descriptionTooLong(DESCRIPTION_MAX)));
      await save(e, ASSIGN_FLOW, { ...data, description, step: 'assignees' }, deps);
      return reply(text(t.askAssignees(data.roster.map((m, i) => `${i + 1}. ${m.name}`).join('\n'))));
    }
    case 'assignees': {
      const whole = e.text.trim() === '0';
      const picks = whole
        ? []
        : e.text
            .split(/[\s,;.]+/)
            .filter(Boolean)
            .map(Number);
      if (!whole && (picks.length === 0 || picks.some((n) => !Number.isInteger(n) || n < 1 || n > data.roster.length)))
        return reply(text(t.badNumbers));
      const assigneeIds = [...new Set(picks.map((n) => data.roster[n - 1]!.id))];
      await save(e, ASSIGN_FLOW, { ...data, wholeBranch: whole, assigneeIds, step: 'due' }, deps);
      return reply(text(t.askDueDate, { buttons: await dueButtons(member, data.nonce, deps) }));
    }
    case 'due': {
      const dueDate = parseViDate(e.text, vnDate(deps.clock.now()));
      return dueDate ? withDueDate(e, data, dueDate, deps) : reply(text(t.badDate));
    }
    case 'confirm':
      return reply(summary(data));
  }
}

/** "gvd:<nonce>:<YYYY-MM-DD>": a quick-pick due date. */
export async function onAssignDueButton(
  e: ButtonEvent,
  _m: MemberWithBranch,
  { nonce, value }: { nonce: string; value: string },
  deps: ConversationDeps,
): Promise<ConversationResult> {
  const data = await pending<AssignData>(e, ASSIGN_FLOW, deps);
  if (!data || data.step !== 'due' || data.nonce !== nonce || !value) return answer(t.flowGone);
  return { ...(await withDueDate(e, data, value, deps)), buttonAnswer: viDate(value) };
}

export async function onAssignConfirm(
  e: ButtonEvent,
  member: MemberWithBranch,
  nonce: string,
  deps: ConversationDeps,
): Promise<ConversationResult> {
  const data = await pending<AssignData>(e, ASSIGN_FLOW, deps);
  if (!data || data.step !== 'confirm' || data.nonce !== nonce) return answer(t.flowGone);
  await statesOf(deps).clear(accountOf(e));
  const r = await assignTask(
    {
      actor: { memberId: member.id },
      description: data.description ?? '',
      dueDate: data.dueDate ?? '',
      ...(data.wholeBranch ? { wholeBranch: true } : { assigneeIds: data.assigneeIds ?? [] }),
      ...(data.meetingId !== null ? { meetingId: data.meetingId } : {}),
      now: deps.clock.now(),
    },
    deps,
  );
  switch (r.status) {
    case 'assigned': {
      // Read names afresh: a whole-branch task may reach members who joined after the list was shown.
      const roster = new Map((await createMembersRepository({ db: deps.db }).listByBranch(member.branchId)).map((m) => [m.id, m.fullName]));
      const names = r.notified.unreachable.map((id) => roster.get(id) ?? String(id));
      return { ...answer(t.assigned(r.notified.outboxIds.length, names), t.buttonConfirm), dispatch: r.notified.outboxIds };
    }
    case 'forbidden':
      return answer(t.onlyLeaders);
    case 'bad_assignee':
    case 'no_assignee':
      return answer(t.badAssignee);
    case 'due_in_past':
      return answer(t.dueInPast);
    default:
      return answer(t.flowGone);
  }
}

export async function onAssignCancel(
  e: ButtonEvent,
  _m: MemberWithBranch,
  nonce: string,
  deps: ConversationDeps,
): Promise<ConversationResult> {
  const data = await pending<AssignData>(e, ASSIGN_FLOW, deps);
  if (!data || data.nonce !== nonce) return answer(t.flowGone);
  await statesOf(deps).clear(accountOf(e));
  return answer(t.cancelled, t.buttonCancel);
}
