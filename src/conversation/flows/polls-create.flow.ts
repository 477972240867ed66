import type { ConversationState } from '../../modules/conversation-state/conversation-state.repository.js';
import type { MemberWithBranch } from '../../modules/members/members.repository.js';
import { mayRunPolls } from '../../modules/polls/polls.models.js';
import { pollsFlowTexts as t } from '../../texts/index.js';
import { reply, text, type ConversationDeps, type ConversationResult } from '../conversation.types.js';
import type { ButtonEvent, CommandEvent, TextEvent } from '../flow-module.js';
import { parseSendAt } from './materials-flow.shared.js';
import { draftProblems, showPreview } from './polls-create.confirm.js';
import {
  isQuickDeadline,
  optionLines,
  partyGroups,
  POLL_FLOW,
  QUICK_DEADLINES,
  viDateTime,
  type PollFlowData,
} from './polls-flow.shared.js';
import { answer, newNonce, onButton, pending, save } from './flow.shared.js';
import { pollSteps } from '../buttons/polls.buttons.js';

// /bieuquyet: question → options → one or many → named or anonymous → deadline → audience
// (only when the branch has party groups) → share the results? → preview → confirm.
// `advance` asks for the first answer still missing; nothing is written before the confirm.
type Sender = TextEvent | ButtonEvent | CommandEvent;

export async function onPollCommand(e: CommandEvent, member: MemberWithBranch, deps: ConversationDeps): Promise<ConversationResult> {
  // Who is offered the flow at all; createPoll decides again.
  if (!mayRunPolls(member)) return reply(text(t.onlySecretary));
  const groups = await partyGroups(deps.db, member.branchId);
  // A branch without party groups has one audience: skip the question.
  const data: PollFlowData = { step: 'question', nonce: newNonce(), groups, ...(groups.length ? {} : { groupId: null }) };
  return advance(e, member, data, deps);
}

async function advance(e: Sender, member: MemberWithBranch, data: PollFlowData, deps: ConversationDeps): Promise<ConversationResult> {
  const n = data.nonce;
  const ask = async (step: PollFlowData['step'], said: ReturnType<typeof text>) => {
    await save(e, POLL_FLOW, { ...data, step }, deps);
    return reply(said);
  };
  const two = (prefix: keyof typeof pollSteps, yes: string, no: string) => ({
    buttons: [
      [{ text: no, data: pollSteps[prefix].encode({ nonce: n, value: '0' }) }],
      [{ text: yes, data: pollSteps[prefix].encode({ nonce: n, value: '1' }) }],
    ],
  });
  if (data.question === undefined) return ask('question', text(t.askQuestion));
  if (data.options === undefined) return ask('options', text(t.askOptions));
  if (data.multipleChoice === undefined) return ask('multiple', text(t.askMultiple, two('bqm', t.buttonMultiple, t.buttonSingle)));
  if (data.anonymous === undefined) return ask('anonymous', text(t.askAnonymous, two('bqa', t.buttonAnonymous, t.buttonNamed)));
  if (data.deadline === undefined) {
    const at = (ms: number) => viDateTime(new Date(deps.clock.now().getTime() + ms));
    return ask(
      'deadline',
      text(t.askDeadline, {
        buttons: [
          [{ text: t.buttonDay(at(QUICK_DEADLINES.d1)), data: pollSteps.bqd.encode({ nonce: n, value: 'd1' }) }],
          [{ text: t.buttonThreeDays(at(QUICK_DEADLINES.d3)), data: pollSteps.bqd.encode({ nonce: n, value: 'd3' }) }],
        ],
      }),
    );
  }
  if (data.groupId === undefined) {
    return ask(
      'audience',
      text(t.askAudience(data.groups.map((g) => g.name)), {
        buttons: [
          [{ text: t.buttonWholeBranch, data: pollSteps.bqg.encode({ nonce: n, value: '0' }) }],
          ...data.groups.map((g, i) => [{ text: g.name, data: pollSteps.bqg.encode({ nonce: n, value: String(i + 1) }) }]),
        ],
      }),
    );
  }
  if (data.shareResults === undefined) return ask('share', text(t.askShare, two('bqs', t.buttonShare, t.buttonKeep)));
  return showPreview(e, member, data, deps, async (redo, why) => {
    const asked = await advance(e, member, redo, deps);
    return { ...asked, replies: [text(why), ...asked.replies] };
  });
}

/** Check one answer against the core's rules before asking the next question. */
async function withAnswer(e: Sender, member: MemberWithBranch, data: PollFlowData, deps: ConversationDeps): Promise<ConversationResult> {
  const problems = draftProblems(data, deps.clock.now());
  return problems.length ? reply(text(problems.join('\n'))) : advance(e, member, data, deps);
}

export async function onPollText(
  e: TextEvent,
  member: MemberWithBranch,
  state: ConversationState,
  deps: ConversationDeps,
): Promise<ConversationResult> {
  const data = state.data as PollFlowData;
  const typed = e.text.trim();
  switch (data.step) {
    case 'question':
      return withAnswer(e, member, { ...data, question: typed }, deps);
    case 'options':
      return withAnswer(e, member, { ...data, options: optionLines(e.text) }, deps);
    case 'deadline': {
      const at = parseSendAt(typed, deps.clock.now());
      if (!at) return reply(text(t.badDeadline));
      return withAnswer(e, member, { ...data, deadline: at.toISOString() }, deps);
    }
    case 'audience': {
      const pick = /^\d{1,3}$/.test(typed) ? Number(typed) : -1;
      if (pick < 0 || pick > data.groups.length) return reply(text(t.badGroupNumber));
      return advance(e, member, { ...data, groupId: pick === 0 ? null : data.groups[pick - 1]!.id }, deps);
    }
    default:
      // A button is awaited (or the confirm): ask again, with the buttons.
      return advance(e, member, data, deps);
  }
}

const STEP_OF: Record<string, PollFlowData['step']> = { bqm: 'multiple', bqa: 'anonymous', bqd: 'deadline', bqg: 'audience', bqs: 'share' };

/** The step buttons: "<prefix>:<nonce>:<value>", valid only while that step is awaited. */
export async function onPollStepButton(
  e: ButtonEvent,
  member: MemberWithBranch,
  prefix: keyof typeof pollSteps,
  { nonce, value }: { nonce: string; value: string },
  deps: ConversationDeps,
): Promise<ConversationResult> {
  const data = await pending<PollFlowData>(e, POLL_FLOW, deps);
  if (!data || data.nonce !== nonce || data.step !== STEP_OF[prefix]) return answer(t.flowGone);
  const yes = value === '1' ? true : value === '0' ? false : undefined;
  let next: PollFlowData | undefined;
  switch (prefix) {
    case 'bqm':
      next = yes === undefined ? undefined : { ...data, multipleChoice: yes };
      break;
    case 'bqa':
      next = yes === undefined ? undefined : { ...data, anonymous: yes };
      break;
    case 'bqs':
      next = yes === undefined ? undefined : { ...data, shareResults: yes };
      break;
    case 'bqd':
      next = isQuickDeadline(value)
        ? { ...data, deadline: new Date(deps.clock.now().getTime() + QUICK_DEADLINES[value]).toISOString() }
        : undefined;
      break;
    case 'bqg': {
      const pick = /^\d{1,3}$/.test(value) ? Number(value) : -1;
      next = pick === 0 ? { ...data, groupId: null } : data.groups[pick - 1] ? { ...data, groupId: data.groups[pick - 1]!.id } : undefined;
      break;
    }
  }
  if (!next) return answer(t.flowGone);
  return withAnswer(e, member, next, deps);
}

export const pollStepButton = (prefix: keyof typeof pollSteps) =>
  onButton(pollSteps[prefix], (e, m, value, deps) => onPollStepButton(e, m, prefix, value, deps));
