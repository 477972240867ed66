import type { ChatGateway, SentMessage } from '../../shared/chat-gateway.js';
import type { Db, DbOrTx } from '../../shared/db/db.js';
import type { Platform } from '../../shared/db/enums.js';
import type { OutboundMessage, StoredNotice } from '../../shared/outbound.js';
import type { OutboxRow } from './outbox.repository.js';

// What a feature adds to the delivery of its own messages. The outbox sends rows and records
// their outcome; it knows no feature's tables. A feature that needs more (a material sent by
// its platform file id, a poll copy whose answers must find their way back) registers here.

/** `message`: the row's message, a notice already put into words. */
export type PrepareContext = { db: Db; row: OutboxRow; message: OutboundMessage; now: Date; gateway: ChatGateway };

export type PreparedSend = {
  /** What goes to the platform instead of the stored message. */
  message: OutboundMessage;
  /** The platform took it: record what the feature needs, before the row is marked sent. */
  sent?: (sent: SentMessage) => Promise<void>;
  /**
   * The platform did not: give back what was claimed. Returns a reason when the feature dealt
   * with the error and the row should simply be tried again soon (an expired file id).
   */
  failed?: (err: unknown) => Promise<string | undefined>;
};

export type Preparation =
  | ({ kind: 'send' } & PreparedSend)
  /** Not now, and not the message's fault: try again after `ms` without counting an attempt. */
  | { kind: 'wait'; ms: number; reason: string }
  /** It can never be sent: the row is failed with this reason. */
  | { kind: 'fail'; reason: string };

/** The words and buttons of a notice; undefined for a notice type nobody knows. */
export type RenderNotice = (notice: StoredNotice) => OutboundMessage | undefined;

export type DeliveryKind = {
  /** Undefined: not this feature's message; the next kind, or the stored message as it is. */
  prepare?(ctx: PrepareContext): Promise<Preparation | undefined>;
  /** The row moved, in place, to the member's account on another platform. */
  rerouted?(db: DbOrTx, row: OutboxRow, to: Platform): Promise<void>;
};
