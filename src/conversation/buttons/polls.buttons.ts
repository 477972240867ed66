import { buttonCodec, id, int } from './codec.js';

/**
 * "pv:<pollId>:<option>": a vote on a poll shown as buttons (Zalo has no native poll). The Zalo
 * channel writes these buttons when it renders a poll message (zalo.render.ts), in this format.
 */
export const pollVoteCodec = buttonCodec('pv', { pollId: id, option: int(0, 99) });
