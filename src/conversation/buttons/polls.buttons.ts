import { buttonCodec, choiceCodec, id, int, nonceCodec } from './codec.js';

/**
 * "pv:<pollId>:<option>": a vote on a poll shown as buttons (Zalo has no native poll). The Zalo
 * channel writes these buttons with this codec's encode, given to it by app.ts.
 */
export const pollVoteCodec = buttonCodec('pv', { pollId: id, option: int(0, 99) });

/** The poll flow's steps: multiple choice, anonymous, deadline, audience, share the results. */
export const pollSteps = {
  bqm: choiceCodec('bqm'),
  bqa: choiceCodec('bqa'),
  bqd: choiceCodec('bqd'),
  bqg: choiceCodec('bqg'),
  bqs: choiceCodec('bqs'),
};
export const pollConfirmCodec = nonceCodec('bqok');
export const pollCancelCodec = nonceCodec('bqno');
