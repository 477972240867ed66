import type { MemberWithBranch } from '../../modules/members/members.repository.js';
import { createMembersRepository } from '../../modules/members/members.repository.js';
import { createPoll, previewPoll, validatePollDraft, type PollDraft, type PollProblem } from '../../modules/polls/polls.usecases.js';
import { pollsFlowTexts as t, pollsTexts as core } from '../../texts/index.js';
import { reply, text, type ConversationDeps, type ConversationResult } from '../conversation.types.js';
import type { ButtonEvent } from '../flow-module.js';
import { POLL_FLOW, viDateTime, type PollFlowData } from './polls-flow.shared.js';
import { accountOf, answer, pending, save, statesOf } from './flow.shared.js';
import { pollCancelCodec, pollConfirmCodec } from '../buttons/polls.buttons.js';

// The end of /bieuquyet: the preview with the recipient count, then createPoll, which checks
// the actor and the draft again (the flow only shapes the questions).
type Sender = Parameters<typeof accountOf>[0];

/** The stored answers as a draft; answers not given yet get harmless stand-ins. */
function draftOf(d: PollFlowData, now: Date): PollDraft {
  return {
    question: d.question ?? '?',
    options: d.options ?? ['1', '2'],
    multipleChoice: d.multipleChoice ?? false,
    anonymous: d.anonymous ?? false,
    shareResults: d.shareResults ?? false,
    deadline: d.deadline ? new Date(d.deadline) : new Date(now.getTime() + 86_400_000),
    groupId: d.groupId ?? null,
  };
}

/** The core's objections to the answers given so far, in Vietnamese. */
export const draftProblems = (d: PollFlowData, now: Date): string[] => validatePollDraft(draftOf(d, now), { now }).map(problemText);

const problemText = (p: PollProblem) => core.problems[p];
const problemsText = (ps: readonly PollProblem[]) => t.problems(ps.map(problemText));

/** The answer each problem sends the bí thư back to. */
const FIELD_OF: Record<PollProblem, 'question' | 'options' | 'deadline' | 'groupId'> = {
  question_empty: 'question',
  question_too_long: 'question',
  too_few_options: 'options',
  too_many_options: 'options',
  option_empty: 'options',
  option_too_long: 'options',
  duplicate_options: 'options',
  deadline_past: 'deadline',
  group_not_found: 'groupId',
  audience_empty: 'groupId',
};

/** Ask again for the answers a problem names, saying why first. */
export type Redo = (data: PollFlowData, why: string) => Promise<ConversationResult>;

export async function showPreview(
  e: Sender,
  member: MemberWithBranch,
  data: PollFlowData,
  deps: ConversationDeps,
  redo: Redo,
): Promise<ConversationResult> {
  const draft = draftOf(data, deps.clock.now());
  const r = await previewPoll({ actor: member, draft, now: deps.clock.now() }, deps);
  if (r.status === 'forbidden') return end(e, t.onlySecretary, deps);
  if (r.status === 'invalid') {
    const fields = new Set(r.problems.map((p) => FIELD_OF[p]));
    // A branch without groups has no other audience to choose: nothing to ask again.
    if (fields.has('groupId') && data.groups.length === 0) return end(e, problemsText(r.problems), deps);
    const next: PollFlowData = { ...data };
    for (const f of fields) delete next[f];
    return redo(next, r.problems.map(problemText).join('\n'));
  }
  await save(e, POLL_FLOW, { ...data, step: 'confirm' }, deps);
  const preview = t.preview({
    ...draft,
    deadline: viDateTime(draft.deadline),
    audienceName: r.groupName ? t.group(r.groupName) : t.wholeBranch,
    audience: r.audience,
    reachable: r.reachable,
  });
  return reply(
    text(preview, {
      buttons: [
        [
          { text: t.buttonConfirm, data: pollConfirmCodec.encode({ nonce: data.nonce }) },
          { text: t.buttonCancel, data: pollCancelCodec.encode({ nonce: data.nonce }) },
        ],
      ],
    }),
  );
}

async function end(e: Sender, said: string, deps: ConversationDeps, toast?: string): Promise<ConversationResult> {
  await statesOf(deps).clear(accountOf(e));
  return { replies: [text(said)], ...(toast ? { buttonAnswer: toast } : {}) };
}

/** "bqok:<nonce>": send it. An old preview's button (another nonce) sends nothing. */
export async function onPollConfirm(
  e: ButtonEvent,
  member: MemberWithBranch,
  nonce: string,
  deps: ConversationDeps,
): Promise<ConversationResult> {
  const data = await pending<PollFlowData>(e, POLL_FLOW, deps);
  if (!data || data.step !== 'confirm' || data.nonce !== nonce) return answer(t.flowGone);
  await statesOf(deps).clear(accountOf(e));
  const now = deps.clock.now();
  const r = await createPoll({ actor: member, draft: draftOf(data, now), now }, deps);
  if (r.status === 'forbidden') return answer(t.onlySecretary);
  if (r.status === 'invalid') return answer(problemsText(r.problems), t.flowGone);
  // The close at the deadline is a delayed job; if Redis loses it, the per-minute sweep closes.
  await deps.schedulePollClose?.(r.poll).catch(() => {});
  const roster = new Map((await createMembersRepository({ db: deps.db }).listByBranch(member.branchId)).map((m) => [m.id, m.fullName]));
  const unreachable = r.unreachable.map((id) => roster.get(id) ?? String(id));
  return { ...answer(t.sent(r.audience - r.unreachable.length, unreachable), t.buttonConfirm), dispatch: r.outboxIds };
}

export async function onPollCancel(
  e: ButtonEvent,
  _m: MemberWithBranch,
  nonce: string,
  deps: ConversationDeps,
): Promise<ConversationResult> {
  const data = await pending<PollFlowData>(e, POLL_FLOW, deps);
  if (!data || data.nonce !== nonce) return answer(t.flowGone);
  return end(e, t.cancelled, deps, t.buttonCancel);
}
