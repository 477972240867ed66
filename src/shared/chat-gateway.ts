import type { Platform } from './db/enums.js';
import type { OutboundMessage } from './outbound.js';

// The port every platform implements. Jobs and the inbound pipeline talk to this,
// never to telegraf or the Zalo client.
export interface ChatGateway {
  readonly platform: Platform;
  /** `fileId`: the platform's id of a document just uploaded, to re-send it by id. */
  /** `platformPollId`: the platform's id of a native poll just sent (its answers name it). */
  send(chatId: string, message: OutboundMessage, options?: SendOptions): Promise<SentMessage>;
  /** Download a file a user sent (to read its first page); the bytes are never stored. */
  download?(fileId: string): Promise<Buffer>;
  /**
   * Whether the id of a file a person sent can be used to send that file on (Telegram's
   * file_id can; a Zalo inbound file is only a download URL).
   */
  readonly resendsInboundFiles?: boolean;
  /** The largest document the platform takes from a bot, in bytes; bigger ones go as a link. */
  readonly maxDocumentBytes?: number;
  /**
   * How long after a person's last message the platform still lets us write to them (Zalo: 7
   * days). Undefined: no such window. A message for someone outside it is held, not attempted.
   */
  readonly replyWindowMs?: number;
  /** Acknowledge a button press (Telegram shows a spinner until this is called). */
  answerCallback(callbackId: string, text?: string): Promise<void>;
}

export type SentMessage = { messageId: string; fileId?: string; platformPollId?: string };

export type SendOptions = {
  /**
   * Awaited right before each platform call the send makes (a message may take several, and a
   * retry is one more): the broadcast lane waits there for its send slot, so no database work
   * or upload sits between the slot and the call.
   */
  pace?: () => Promise<void>;
  /** Whose call this is: a gateway with an app-wide throttle lets replies overtake broadcasts. */
  lane?: 'interactive' | 'bulk';
};

/**
 * Send slots every process shares for one platform (the Redis pacer): `pace` resolves at the
 * caller's slot, replies ahead of broadcasts; `pauseFor` holds everyone back after a 429.
 */
export type SendThrottle = {
  pace(priority?: SendOptions['lane']): Promise<void>;
  pauseFor(ms: number): Promise<void>;
};

export type Gateways = Partial<Record<Platform, ChatGateway>>;

/**
 * Why a send failed, in terms a retry decision needs. Carries the method and the
 * provider's code, never the token or the message text.
 */
export type GatewayErrorKind =
  | 'rate_limited' // wait retryAfterSec, then retry; not a failure of the message
  | 'blocked' // the user blocked the bot: permanent until they write again
  | 'not_found' // chat does not exist / never talked to the bot: permanent
  | 'bad_request' // our payload is wrong: permanent, a bug to fix
  | 'unauthorized' // bad token: needs an operator
  | 'outside_window' // the person has not written for too long (Zalo 7 days): hold until they do
  | 'paused' // the channel cannot send until an operator acts (Zalo consent lost): wait, not the message's fault
  | 'transient'; // network error or 5xx: retry with backoff

export class GatewayError extends Error {
  constructor(
    readonly kind: GatewayErrorKind,
    readonly details: {
      platform: Platform;
      method: string;
      providerCode?: number | string;
      retryAfterSec?: number;
      description?: string;
      /** A file reference the platform gave us has expired (Zalo upload tokens live 7 days): upload again. */
      reupload?: boolean;
    },
  ) {
    super(
      `${details.platform}.${details.method} failed (${kind}${details.providerCode !== undefined ? ` ${details.providerCode}` : ''}): ${details.description ?? ''}`.trim(),
    );
    this.name = 'GatewayError';
  }

  get permanent(): boolean {
    return this.kind === 'blocked' || this.kind === 'not_found' || this.kind === 'bad_request';
  }
}
