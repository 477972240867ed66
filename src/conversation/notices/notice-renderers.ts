import type { OutboundMessage } from '../../shared/outbound.js';

/** One feature's words for each of its notice types. */
export type NoticeRenderers<N extends { type: string }> = { [K in N['type']]: (notice: Extract<N, { type: K }>) => OutboundMessage };
