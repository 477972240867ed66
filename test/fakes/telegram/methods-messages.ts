// Text messages: sendMessage, editMessageText, editMessageReplyMarkup, deleteMessage.
import { botMessage, clone, echoedMarkup, messageText, targetMessage, type MethodHandler } from './methods-common.js';
import { chatId, optInt, optString, replyMarkup, type Params } from './params.js';
import { unixNow, type FakeState } from './state.js';
import { badRequest, type Message } from './types.js';

const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are ' +
  'exactly the same as a current content and reply markup of the message';

const sendMessage: MethodHandler = ({ state, params }) => {
  const chat = chatId(params);
  const text = messageText(params);
  const markup = replyMarkup(params);
  const message = botMessage(state, chat, { text, reply_markup: echoedMarkup(markup) });
  const sent = {
    method: 'sendMessage' as const,
    chat_id: chat,
    message_id: message.message_id,
    text: optString(params, 'text') ?? '',
    parse_mode: optString(params, 'parse_mode'),
    reply_markup: markup,
    message: clone(message),
    at: Date.now(),
  };
  state.sent.push(dropUndefined(sent));
  return message;
};

/** Inline-message edits (via inline_message_id) are accepted blindly: the fake has no inline mode. */
function editable(state: FakeState, p: Params): Message | true {
  if (optString(p, 'inline_message_id') !== undefined) return true;
  const message = targetMessage(state, p, 'message to edit not found');
  if ((message.from as { id?: number } | undefined)?.id !== state.botId) {
    throw badRequest("message can't be edited");
  }
  return message;
}

const sameMarkup = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

const editMessageText: MethodHandler = ({ state, params }) => {
  const target = editable(state, params);
  const text = messageText(params);
  const markup = echoedMarkup(replyMarkup(params));
  if (target === true) return true;
  if (typeof target.text !== 'string') throw badRequest('there is no text in the message to edit');
  if (target.text === text && sameMarkup(target.reply_markup, markup)) throw badRequest(NOT_MODIFIED);
  target.text = text;
  // Editing without reply_markup removes the inline keyboard, as on the real server.
  if (markup) target.reply_markup = markup;
  else delete target.reply_markup;
  target.edit_date = unixNow();
  return target;
};

const editMessageReplyMarkup: MethodHandler = ({ state, params }) => {
  const target = editable(state, params);
  const markup = echoedMarkup(replyMarkup(params));
  if (target === true) return true;
  if (sameMarkup(target.reply_markup, markup)) throw badRequest(NOT_MODIFIED);
  if (markup) target.reply_markup = markup;
  else delete target.reply_markup;
  target.edit_date = unixNow();
  return target;
};

const deleteMessage: MethodHandler = ({ state, params }) => {
  const chat = chatId(params);
  const id = optInt(params, 'message_id');
  if (id === undefined) throw badRequest('message identifier is not specified');
  if (!state.deleteMessage(chat, id)) throw badRequest('message to delete not found');
  return true;
};

export function dropUndefined<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

export const messageMethods: Record<string, MethodHandler> = {
  sendMessage,
  editMessageText,
  editMessageReplyMarkup,
  deleteMessage,
};
