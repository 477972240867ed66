import type { Clock } from '../shared/clock.js';
import type { DbOrTx } from '../shared/db/db.js';
import type { Gateways } from '../shared/chat-gateway.js';
import type { Platform } from '../shared/db/enums.js';
import type { OutboundMessage } from '../shared/outbound.js';

export type ConversationDeps = {
  /** The transaction the inbound event is handled in: state, dedupe and replies commit together. */
  db: DbOrTx;
  clock: Clock;
  /** The platform's way to turn an invite token into something a person can open. */
  inviteLink: (platform: Platform, token: string) => string;
  /** To read a file a person sent (the first page of a material, for the secrecy guard). */
  gateways?: Gateways;
  /** Queue the job that closes a poll at its deadline (the per-minute sweep is the fallback). */
  schedulePollClose?: (poll: { id: number; deadline: Date }) => Promise<void>;
};

export type ConversationResult = {
  /** Replies to the sender's chat, in order. */
  replies: OutboundMessage[];
  /** Short text for the button-press acknowledgement (Telegram toast); omitted: a silent ack. */
  buttonAnswer?: string;
  /** Outbox rows the flow wrote for other people (notices, alerts): sent right after the commit. */
  dispatch?: number[];
};

export const text = (t: string, extra: Omit<Extract<OutboundMessage, { kind: 'text' }>, 'kind' | 'text'> = {}): OutboundMessage => ({
  kind: 'text',
  text: t,
  ...extra,
});

export const reply = (...replies: OutboundMessage[]): ConversationResult => ({ replies });
