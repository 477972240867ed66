import type { MemberWithBranch } from '../../modules/members/members.repository.js';
import { recordOptionTap } from '../../modules/polls/polls.usecases.js';
import { bot, pollsTexts, zaloTexts } from '../../texts/index.js';
import { reply, text, type ConversationDeps, type ConversationResult } from '../conversation.types.js';
import type { ButtonEvent } from '../flow-module.js';

/**
 * `pv:<pollId>:<option>`: a poll shown as buttons (Zalo has no native poll). The vote lands in
 * the same ballot as a Telegram vote, so a member linked on both platforms still has one vote.
 * Unlike Telegram's poll, a button shows nothing by itself: the member is told what counts now.
 */
export async function onPollOptionButton(
  _e: ButtonEvent,
  member: MemberWithBranch,
  args: string[],
  deps: ConversationDeps,
): Promise<ConversationResult> {
  const [pollId, option] = args.map(Number);
  if (args.length !== 2 || !Number.isSafeInteger(pollId) || !Number.isSafeInteger(option))
    return { replies: [], buttonAnswer: bot.buttons.stale };
  const r = await recordOptionTap({ pollId: pollId!, memberId: member.id, option: option!, now: deps.clock.now() }, deps);
  if (r.outcome === 'recorded') return reply(text(zaloTexts.voteRecorded(r.chosen.map((i) => r.options[i] ?? `${i + 1}`))));
  return reply(text(pollsTexts.voteOutcome[r.outcome]));
}
