import { recordOptionTap } from '../../modules/polls/polls.usecases.js';
import { pollsTexts, zaloTexts } from '../../texts/index.js';
import { pollVoteCodec } from '../buttons/polls.buttons.js';
import { reply, text } from '../conversation.types.js';
import { onButton } from './flow.shared.js';

/**
 * `pv:<pollId>:<option>`: a poll shown as buttons (Zalo has no native poll). The vote lands in
 * the same ballot as a Telegram vote, so a member linked on both platforms still has one vote.
 * Unlike Telegram's poll, a button shows nothing by itself: the member is told what counts now.
 */
export const onPollOptionButton = onButton(pollVoteCodec, async (_e, member, { pollId, option }, deps) => {
  const r = await recordOptionTap({ pollId, memberId: member.id, option, now: deps.clock.now() }, deps);
  if (r.outcome === 'recorded') return reply(text(zaloTexts.voteRecorded(r.chosen.map((i) => r.options[i] ?? `${i + 1}`))));
  return reply(text(pollsTexts.voteOutcome[r.outcome]));
});
