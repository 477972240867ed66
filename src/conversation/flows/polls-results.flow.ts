import type { MemberWithBranch } from '../../modules/members/members.repository.js';
import { resultsView } from '../../modules/polls/results.usecases.js';
import { closePoll, latestPollOf, pollResults, recordPlatformVote } from '../../modules/polls/polls.usecases.js';
import { pollsFlowTexts as t, pollsTexts } from '../../texts/index.js';
import { reply, text, type ConversationDeps, type ConversationResult } from '../conversation.types.js';
import type { CommandEvent, PollAnswerEvent } from '../flow-module.js';

// After sending: members' votes arrive silently, the creator asks for the count (/ketqua)
// or ends the poll early (/dongbieuquyet); the final results then come like at the deadline.

/** /ketqua: live counts and turnout of the member's latest poll (names only when named). */
export async function onResultsCommand(_e: CommandEvent, member: MemberWithBranch, deps: ConversationDeps): Promise<ConversationResult> {
  const poll = await latestPollOf({ memberId: member.id }, deps);
  if (!poll) return reply(text(t.noPoll));
  const r = await pollResults({ pollId: poll.id, actor: { kind: 'member', memberId: member.id } }, deps);
  // The same message as at the close: counts and turnout, names only for a named poll.
  return reply(text(r.status === 'ok' ? pollsTexts.results(resultsView(r)) : t.notYourPoll));
}

/** /dongbieuquyet: end the latest poll now; the results come as a message, as at the deadline. */
export async function onCloseCommand(_e: CommandEvent, member: MemberWithBranch, deps: ConversationDeps): Promise<ConversationResult> {
  const poll = await latestPollOf({ memberId: member.id }, deps);
  if (!poll) return reply(text(t.noPoll));
  const r = await closePoll({ pollId: poll.id, actor: { kind: 'member', memberId: member.id }, now: deps.clock.now() }, deps);
  switch (r.status) {
    case 'closed':
      return { replies: [text(t.closing)], dispatch: r.outboxIds };
    case 'already_closed':
      return reply(text(t.alreadyClosed));
    default:
      return reply(text(t.notYourPoll));
  }
}

/** A vote, a changed vote or a retraction: recorded without a word back (Telegram shows it). */
export async function onPollAnswer(e: PollAnswerEvent, member: MemberWithBranch, deps: ConversationDeps): Promise<ConversationResult> {
  await recordPlatformVote(
    { platform: e.platform, platformPollId: e.platformPollId, memberId: member.id, optionIds: e.optionIds, now: deps.clock.now() },
    deps,
  );
  return reply();
}
