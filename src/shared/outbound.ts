// What the bot says, independent of any platform. Channels render it.

/** An inline button; `data` is our own compact action string (≤ 64 bytes for Telegram). */
export type Button = { text: string; data: string } | { text: string; url: string };

export type OutboundMessage =
  | {
      kind: 'text';
      text: string;
      /** Rows of inline buttons under the message. */
      buttons?: Button[][];
      /** Ask the user to share their own phone number (Telegram request_contact keyboard). */
      requestContact?: { buttonText: string };
      /** Remove a reply keyboard shown earlier (after the contact was shared). */
      removeKeyboard?: boolean;
    }
  | {
      kind: 'document';
      caption?: string;
      /**
       * What to send: a platform file reference; a URL; a published material (resolved at
       * delivery to the platform's file id, or its bytes for the one first upload); or bytes
       * to upload, which only exist in memory at delivery and are never written to the outbox.
       */
      file: { fileId: string } | { url: string; fileName: string } | { materialId: number } | { upload: Buffer; fileName: string };
      buttons?: Button[][];
    }
  | {
      /** A poll from the core: Telegram shows a native poll; other platforms show buttons. */
      kind: 'poll';
      pollId: number;
      question: string;
      options: string[];
      multipleChoice: boolean;
    }
  | {
      /** Close a poll copy sent earlier (Telegram stopPoll on that message). */
      kind: 'stop_poll';
      pollId: number;
      messageId: string;
    };

/**
 * What happened, for whom, as data ("the meeting notice of meeting 12, for a preparer"): the
 * domain writes this, the conversation layer writes its words and buttons when it is sent
 * (src/conversation/notices/). `type` names the notice; the rest is the notice's own data.
 */
export type StoredNotice = { type: string } & { [key: string]: Json };

/** What survives the JSON column as it is: no Date, Map or undefined (a Date comes back a string). */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** What an outbox row holds: a message ready to send, or a notice still to be put into words. */
export type StoredMessage = OutboundMessage | { kind: 'notice'; notice: StoredNotice };

/** A notice as an outbox message. */
export const noticeMessage = (notice: StoredNotice): StoredMessage => ({ kind: 'notice', notice });
