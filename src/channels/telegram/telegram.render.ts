import type { Button, OutboundMessage } from '../../shared/outbound.js';
import { splitText as splitSharedText } from '../../shared/split-text.js';

export const TELEGRAM_TEXT_LIMIT = 4096;
export const TELEGRAM_CAPTION_LIMIT = 1024;

export type TelegramCall = { method: 'sendMessage' | 'sendDocument' | 'sendPoll' | 'stopPoll'; payload: Record<string, unknown> };

const inlineKeyboard = (rows: Button[][]) => ({
  inline_keyboard: rows.map((row) => row.map((b) => ('url' in b ? { text: b.text, url: b.url } : { text: b.text, callback_data: b.data }))),
});

/** Split to Telegram's limit on natural boundaries, never inside a character (src/shared/split-text.ts). */
export const splitText = (text: string, limit = TELEGRAM_TEXT_LIMIT): string[] => splitSharedText(text, limit);

/** One platform-neutral message → the Bot API calls that show it (long text becomes several). */
export function renderForTelegram(chatId: string, m: OutboundMessage): TelegramCall[] {
  if (m.kind === 'document') {
    if ('materialId' in m.file) throw new Error('a material must be resolved to a file before rendering');
    // An upload becomes a multipart request (telegraf sends InputFile objects as form data).
    const document =
      'fileId' in m.file ? m.file.fileId : 'upload' in m.file ? { source: m.file.upload, filename: m.file.fileName } : m.file.url;
    return [
      {
        method: 'sendDocument',
        payload: {
          chat_id: chatId,
          document,
          ...(m.caption ? { caption: m.caption.slice(0, TELEGRAM_CAPTION_LIMIT) } : {}),
          ...(m.buttons ? { reply_markup: inlineKeyboard(m.buttons) } : {}),
        },
      },
    ];
  }
  if (m.kind === 'poll') {
    // is_anonymous false: only then does Telegram send poll_answer updates naming the voter,
    // which the core needs to count per member (an anonymous poll is anonymous in the core).
    return [
      {
        method: 'sendPoll',
        payload: {
          chat_id: chatId,
          question: m.question,
          options: m.options.map((text) => ({ text })),
          is_anonymous: false,
          allows_multiple_answers: m.multipleChoice,
        },
      },
    ];
  }
  if (m.kind === 'stop_poll') return [{ method: 'stopPoll', payload: { chat_id: chatId, message_id: Number(m.messageId) } }];
  let markup: Record<string, unknown> | undefined;
  if (m.requestContact) {
    markup = { keyboard: [[{ text: m.requestContact.buttonText, request_contact: true }]], resize_keyboard: true, one_time_keyboard: true };
  } else if (m.buttons) {
    markup = inlineKeyboard(m.buttons);
  } else if (m.removeKeyboard) {
    markup = { remove_keyboard: true };
  }
  const pieces = splitText(m.text);
  return pieces.map((text, i) => ({
    method: 'sendMessage',
    payload: { chat_id: chatId, text, ...(markup && i === pieces.length - 1 ? { reply_markup: markup } : {}) },
  }));
}
