import { loadMeetingContext } from '../../modules/meetings/meeting-context.js';
import { isPreparer, meetingStart } from '../../modules/meetings/meetings.models.js';
import { createMeetingsRepository } from '../../modules/meetings/meetings.repository.js';
import { recordPrep } from '../../modules/cycle/prep-record.usecases.js';
import { createConversationStateRepository } from '../../modules/conversation-state/conversation-state.repository.js';
import type { MemberWithBranch } from '../../modules/members/members.repository.js';
import { addDaysTo, parseViDate, viDate, vnDate } from '../../shared/vn-time.js';
import { prepTexts as t } from '../../texts/index.js';
import { reply, text, type ConversationDeps, type ConversationResult } from '../conversation.types.js';
import type { ButtonEvent, CommandEvent, TextEvent } from '../flow-module.js';
import type { ConversationState } from '../../modules/conversation-state/conversation-state.repository.js';
import { isActiveMember } from '../../modules/members/members.models.js';
import { prepCancelCodec, prepCodec, prepConfirmCodec } from '../buttons/meetings.buttons.js';
import { accountOf, onButton } from './flow.shared.js';

// The guided recording of the preparatory meeting: date → agenda → key issues → who prepares
// a contribution → confirm. Each answer is kept in conversation_states between messages.
type PrepData = {
  meetingId: number;
  held: boolean;
  step: 'date' | 'agenda' | 'issues' | 'preparers' | 'confirm';
  onDate?: string;
  agenda?: string[];
  keyIssues?: string[];
  preparerIds?: number[];
  roster?: { id: number; name: string }[];
};

const key = accountOf;
const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.replace(/^[\s•\-*\d.)]+/, '').trim())
    .filter(Boolean);

async function begin(
  e: ButtonEvent | CommandEvent,
  member: MemberWithBranch,
  meetingId: number,
  held: boolean,
  deps: ConversationDeps,
): Promise<ConversationResult> {
  const ctx = await loadMeetingContext(deps.db, meetingId);
  const start = ctx && meetingStart(ctx.meeting);
  if (!ctx || ctx.meeting.branchId !== member.branchId || ctx.meeting.status !== 'scheduled' || !start || start <= deps.clock.now()) {
    return { replies: [text(t.meetingGone)], buttonAnswer: t.meetingGone };
  }
  if (!isPreparer(member, ctx.roster)) return { replies: [text(t.notPreparer)], buttonAnswer: t.notPreparer };
  if (await createMeetingsRepository({ db: deps.db }).prepFor(meetingId))
    return { replies: [text(t.alreadyRecorded)], buttonAnswer: t.alreadyRecorded };
  const roster = ctx.roster.filter(isActiveMember).map((m) => ({ id: m.id, name: m.fullName }));
  const data: PrepData = { meetingId, held, step: 'date', roster };
  await createConversationStateRepository({ db: deps.db }).set(key(e), { flow: 'prep', data }, deps.clock.now());
  return reply(text(held ? t.askHeldDate : t.askPlannedDate));
}

export const onPrepButton = onButton(prepCodec, (e, m, { meetingId, state }, deps) => begin(e, m, meetingId, state === 'held', deps));

/** /hopchiuy: the same flow for the branch's upcoming meeting, without waiting for a nag. */
export async function onPrepCommand(e: CommandEvent, m: MemberWithBranch, deps: ConversationDeps): Promise<ConversationResult> {
  const meeting = await createMeetingsRepository({ db: deps.db }).upcoming(m.branchId, vnDate(deps.clock.now()));
  if (!meeting || meeting.status !== 'scheduled') return reply(text(t.noUpcoming));
  return begin(e, m, meeting.id, !/hen|hẹn/i.test(e.args), deps);
}

export async function onPrepText(
  e: TextEvent,
  member: MemberWithBranch,
  state: ConversationState,
  deps: ConversationDeps,
): Promise<ConversationResult> {
  const data = state.data as PrepData;
  const states = createConversationStateRepository({ db: deps.db });
  const save = (next: PrepData) => states.set(key(e), { flow: 'prep', data: next }, deps.clock.now());
  const today = vnDate(deps.clock.now());
  switch (data.step) {
    case 'date': {
      // A held date typed without a year lies in the year up to today ("29/11" on 29/11/2026
      // is that day, "28/12" on 2/1 is last December). parseViDate gives the first such day on
      // or after its reference; 363 days back keeps tomorrow in the future, refused below.
      // (The reference was 1 January of last year, which dated every meeting held this year a
      // year early: "29/11" typed on 29/11/2026 was recorded as 29/11/2025.)
      const onDate = parseViDate(e.text, data.held ? addDaysTo(today, -363) : today);
      if (!onDate) return reply(text(t.badDate));
      if (data.held && onDate > today) return reply(text(t.heldDateInFuture));
      await save({ ...data, onDate, step: 'agenda' });
      return reply(text(t.askAgenda));
    }
    case 'agenda': {
      const agenda = lines(e.text);
      if (agenda.length === 0) return reply(text(t.empty));
      await save({ ...data, agenda, step: 'issues' });
      return reply(text(t.askKeyIssues));
    }
    case 'issues': {
      const keyIssues = e.text.trim() === '0' ? [] : lines(e.text);
      await save({ ...data, keyIssues, step: 'preparers' });
      return reply(text(t.askPreparers((data.roster ?? []).map((m, i) => `${i + 1}. ${m.name}`).join('\n'))));
    }
    case 'preparers': {
      const picks =
        e.text.trim() === '0'
          ? []
          : e.text
              .split(/[\s,;]+/)
              .filter(Boolean)
              .map(Number);
      const roster = data.roster ?? [];
      if (picks.some((n) => !Number.isInteger(n) || n < 1 || n > roster.length)) return reply(text(t.badNumbers));
      const preparerIds = [...new Set(picks.map((n) => roster[n - 1]!.id))];
      const next: PrepData = { ...data, preparerIds, step: 'confirm' };
      await save(next);
      const summary = t.summary({
        held: data.held,
        onDate: viDate(data.onDate!),
        agenda: data.agenda ?? [],
        keyIssues: data.keyIssues ?? [],
        preparers: preparerIds.map((id) => roster.find((r) => r.id === id)!.name),
      });
      return reply(
        text(`${summary}\n\n${t.confirm}`, {
          buttons: [
            [
              { text: t.buttonConfirm, data: prepConfirmCodec.encode({ meetingId: data.meetingId }) },
              { text: t.buttonCancel, data: prepCancelCodec.encode({ meetingId: data.meetingId }) },
            ],
          ],
        }),
      );
    }
    case 'confirm':
      return reply(text(t.confirm));
  }
}

export const onPrepConfirm = onButton(prepConfirmCodec, async (e, member, { meetingId }, deps) => {
  const states = createConversationStateRepository({ db: deps.db });
  const state = await states.get(key(e), deps.clock.now());
  const data = state?.flow === 'prep' ? (state.data as PrepData) : undefined;
  if (!data || data.step !== 'confirm' || data.meetingId !== meetingId) return { replies: [], buttonAnswer: t.meetingGone };
  await states.clear(key(e));
  const r = await recordPrep(
    {
      meetingId: data.meetingId,
      actorMemberId: member.id,
      held: data.held,
      onDate: data.onDate!,
      agenda: data.agenda ?? [],
      keyIssues: data.keyIssues ?? [],
      preparerIds: data.preparerIds ?? [],
    },
    deps,
  );
  if (r.status === 'not_preparer') return { replies: [text(t.notPreparer)], buttonAnswer: t.notPreparer };
  if (r.status !== 'recorded') return { replies: [text(t.meetingGone)], buttonAnswer: t.meetingGone };
  // The asks to report on tasks ride along in the same dispatch; the count is of notices.
  const sent = r.notice.outboxIds.length - r.asked.outboxIds.length;
  return { replies: [text(sent ? t.recorded(sent) : t.recordedNoNotice)], buttonAnswer: t.buttonConfirm, dispatch: r.notice.outboxIds };
});

export const onPrepCancel = onButton(prepCancelCodec, async (e, _m, _data, deps) => {
  await createConversationStateRepository({ db: deps.db }).clear(key(e));
  return { replies: [text(t.cancelled)], buttonAnswer: t.buttonCancel };
});
