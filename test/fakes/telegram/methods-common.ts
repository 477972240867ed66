// Building blocks shared by the method handlers.
import type { UploadedFile } from './body.js';
import { visibleText } from './formatting.js';
import { chatId, optInt, optString, type Params } from './params.js';
import { type FakeState, unixNow } from './state.js';
import { badRequest, type Message } from './types.js';

export type MethodContext = {
  state: FakeState;
  params: Params;
  files: Map<string, UploadedFile>;
  /** Aborted when the client goes away (telegraf aborts its long poll on stop()). */
  signal: AbortSignal;
};

export type MethodHandler = (ctx: MethodContext) => unknown;

export const MAX_TEXT = 4096;
export const MAX_CAPTION = 1024;

/** Validates a message text and returns what the user would see (markup removed). */
export function messageText(p: Params): string {
  const text = optString(p, 'text');
  const visible = visibleText(text ?? '', optString(p, 'parse_mode'));
  if (visible.trim() === '') throw badRequest('message text is empty');
  if (visible.length > MAX_TEXT) throw badRequest('message is too long');
  return visible;
}

export function captionText(p: Params): string | undefined {
  const caption = optString(p, 'caption');
  if (caption === undefined) return undefined;
  const visible = visibleText(caption, optString(p, 'parse_mode'));
  if (visible.length > MAX_CAPTION) throw badRequest('message caption is too long');
  return visible === '' ? undefined : visible;
}

/**
 * The real server echoes only inline keyboards in Message.reply_markup; reply keyboards,
 * ForceReply and ReplyKeyboardRemove are applied on the client and not returned.
 */
export function echoedMarkup(markup: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  return markup && 'inline_keyboard' in markup ? markup : undefined;
}

/** Creates, stores and returns a new message from the bot in a chat. */
export function botMessage(state: FakeState, chat: number, fields: Record<string, unknown>): Message {
  const message: Message = {
    message_id: state.nextMessageId(chat),
    from: state.botUser(),
    chat: state.chatFor(chat),
    date: unixNow(),
  };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) message[k] = v;
  state.storeMessage(message);
  return message;
}

/** The (chat_id, message_id) pair most edit-like methods take. */
export function targetMessage(state: FakeState, p: Params, notFound: string): Message {
  const chat = chatId(p);
  const id = optInt(p, 'message_id');
  if (id === undefined) throw badRequest('message identifier is not specified');
  const message = state.getMessage(chat, id);
  if (!message) throw badRequest(notFound);
  return message;
}

export const clone = <T>(v: T): T => structuredClone(v);
