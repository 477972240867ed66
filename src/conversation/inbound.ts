import type { Platform } from '../shared/db/enums.js';

// A platform-neutral inbound event: what a person did, not how the platform encoded it.
export type InboundUser = { externalId: string; displayName: string };

type Base = {
  platform: Platform;
  /** Platform's delivery id (Telegram update_id, Zalo msg_id): the dedupe key. */
  updateId: string;
  /** Where replies go (private chat). */
  chatId: string;
  user: InboundUser;
};

export type InboundEvent = Base &
  (
    | { type: 'command'; command: string; args: string }
    | { type: 'text'; text: string }
    /** A shared contact; `ownerExternalId` is the account the phone belongs to, when the platform says. */
    | { type: 'contact'; phone: string; ownerExternalId: string | null }
    | { type: 'button'; callbackId: string | null; data: string }
    /** A photo or file the person sent: the platform's own reference, never downloaded here. */
    | { type: 'attachment'; kind: 'photo' | 'document'; fileId: string; fileName?: string; caption?: string }
    /** An answer to a native poll: the options chosen now (empty: the vote was retracted). */
    | { type: 'poll_answer'; platformPollId: string; optionIds: number[] }
    /** The user blocked (false) or unblocked (true) the bot. */
    | { type: 'reachability'; reachable: boolean }
  );
