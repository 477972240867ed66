// Builders for the updates a test injects on behalf of users, shaped like the real ones.
import { clone } from './methods-common.js';
import { pollIsClosed } from './methods-media.js';
import { dropUndefined } from './methods-messages.js';
import { unixNow, type FakeState } from './state.js';
import type { FakeUser, Message, Update } from './types.js';

export type ContactInput = { phone_number: string; first_name?: string; user_id?: number };

export function wireUser(u: FakeUser): Record<string, unknown> {
  return dropUndefined({
    id: u.id,
    is_bot: false,
    first_name: u.first_name,
    last_name: u.last_name,
    username: u.username,
    language_code: u.language_code,
  });
}

/** A message from the user in their private chat with the bot (chat.id === from.id). */
function userMessage(state: FakeState, from: FakeUser, fields: Record<string, unknown>): Message {
  state.rememberUser(from);
  const message: Message = {
    message_id: state.nextMessageId(from.id),
    from: wireUser(from),
    chat: state.chatFor(from.id),
    date: unixNow(),
    ...fields,
  };
  state.storeMessage(message);
  return message;
}

// A leading "/command" or "/command@botname" is a bot_command entity (as the client marks it).
const COMMAND = /^\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?/;

export function textUpdate(state: FakeState, from: FakeUser, text: string): Update {
  const fields: Record<string, unknown> = { text };
  const command = COMMAND.exec(text);
  if (command) fields.entities = [{ offset: 0, length: command[0].length, type: 'bot_command' }];
  return state.enqueue({ message: clone(userMessage(state, from, fields)) });
}

/**
 * A shared contact. Without user_id in the input it is the sender's own contact (user_id = from.id,
 * names from the sender); pass `user_id: undefined` explicitly for a contact without an account.
 */
export function contactUpdate(state: FakeState, from: FakeUser, input: ContactInput): Update {
  const own = !('user_id' in input) || input.user_id === from.id;
  const contact = dropUndefined({
    phone_number: input.phone_number,
    first_name: input.first_name ?? from.first_name,
    last_name: own && input.first_name === undefined ? from.last_name : undefined,
    user_id: 'user_id' in input ? input.user_id : from.id,
  });
  return state.enqueue({ message: clone(userMessage(state, from, { contact })) });
}

const isFromBot = (state: FakeState, m: Message): boolean => (m.from as { id?: number } | undefined)?.id === state.botId;
const hasInlineKeyboard = (m: Message): boolean =>
  typeof m.reply_markup === 'object' && m.reply_markup !== null && 'inline_keyboard' in m.reply_markup;

/**
 * A button press on a bot message in the user's private chat: the given message, else the newest
 * bot message with an inline keyboard, else the newest bot message. A messageId the fake does not
 * know (deleted, or from before a restart) yields an InaccessibleMessage (date 0), as on the wire.
 */
export function callbackUpdate(state: FakeState, from: FakeUser, data: string, messageId?: number): Update {
  state.rememberUser(from);
  const chat = from.id;
  let message: Record<string, unknown> | undefined;
  if (messageId !== undefined) {
    message = state.getMessage(chat, messageId) ?? { chat: state.chatFor(chat), message_id: messageId, date: 0 };
  } else {
    const mine = state.messagesIn(chat).filter((m) => isFromBot(state, m));
    message = mine.find(hasInlineKeyboard) ?? mine[0];
  }
  if (!message) throw new Error(`fake Telegram: pressButton: the bot has sent nothing to chat ${chat}; pass messageId`);
  const id = String(4_000_000_000_000_000_000n + BigInt(state.nextSeq()));
  state.callbackQueries.add(id);
  return state.enqueue({
    callback_query: {
      id,
      from: wireUser(from),
      message: clone(message),
      chat_instance: String(-(6_000_000_000_000_000_000n + BigInt(chat))),
      data,
    },
  });
}

/**
 * A vote (or, with empty optionIds, a retraction). Throws when Telegram would deliver nothing:
 * unknown poll, anonymous poll (poll_answer only exists for non-anonymous polls), closed poll.
 */
export function pollAnswerUpdate(state: FakeState, from: FakeUser, pollId: string, optionIds: number[]): Update {
  const record = state.polls.get(pollId);
  if (!record) throw new Error(`fake Telegram: answerPoll: unknown poll ${pollId}`);
  const { poll, votes } = record;
  if (poll.is_anonymous) {
    throw new Error(
      `fake Telegram: answerPoll: poll ${pollId} is anonymous; Telegram sends no poll_answer for it (forgot is_anonymous: false?)`,
    );
  }
  if (pollIsClosed(poll)) throw new Error(`fake Telegram: answerPoll: poll ${pollId} is closed`);
  if (optionIds.some((o) => !Number.isInteger(o) || o < 0 || o >= poll.options.length)) {
    throw new Error(`fake Telegram: answerPoll: option ids ${JSON.stringify(optionIds)} out of range`);
  }
  if (optionIds.length > 1 && !poll.allows_multiple_answers) {
    throw new Error(`fake Telegram: answerPoll: poll ${pollId} does not allow multiple answers`);
  }
  state.rememberUser(from);
  if (optionIds.length === 0) votes.delete(from.id);
  else votes.set(from.id, [...new Set(optionIds)]);
  for (const option of poll.options) option.voter_count = 0;
  for (const ids of votes.values()) for (const i of ids) poll.options[i]!.voter_count += 1;
  poll.total_voter_count = votes.size;
  return state.enqueue({ poll_answer: { poll_id: pollId, user: wireUser(from), option_ids: [...optionIds] } });
}
