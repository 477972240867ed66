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
      /** A platform file reference when already uploaded, else a URL. */
      file: { fileId: string } | { url: string; fileName: string };
      buttons?: Button[][];
    };
