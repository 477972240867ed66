// Reading method parameters the way the Bot API does: JSON bodies carry typed values, while
// query strings, urlencoded and multipart bodies carry strings that must be coerced.
import { badRequest } from './types.js';

export type Params = Record<string, unknown>;

export function optString(p: Params, key: string): string | undefined {
  const v = p[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw badRequest(`field "${key}" must be of type String`);
}

export function optInt(p: Params, key: string): number | undefined {
  const v = p[key];
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n)) throw badRequest(`field "${key}" must be of type Integer`);
  return n;
}

export function reqInt(p: Params, key: string): number {
  const n = optInt(p, key);
  if (n === undefined) throw badRequest(`${key} is empty`);
  return n;
}

export function optBool(p: Params, key: string): boolean | undefined {
  const v = p[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (v === true || v === 'true' || v === 1 || v === '1') return true;
  if (v === false || v === 'false' || v === 0 || v === '0') return false;
  throw badRequest(`field "${key}" must be of type Boolean`);
}

/** A JSON-serialized parameter: already an object (JSON body) or a string to parse (forms). */
export function optJson(p: Params, key: string): unknown {
  const v = p[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    throw badRequest(`can't parse ${key} JSON object`);
  }
}

/**
 * chat_id: the fake only knows numeric chats (users > 0, groups < 0); `@username` targets and
 * 0 are answered like unknown chats.
 */
export function chatId(p: Params): number {
  const v = p.chat_id;
  if (v === undefined || v === null || v === '') throw badRequest('chat_id is empty');
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n === 0) throw badRequest('chat not found');
  return n;
}

const INLINE_ACTION_FIELDS = [
  'callback_data',
  'url',
  'login_url',
  'web_app',
  'switch_inline_query',
  'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat',
  'callback_game',
  'pay',
  'copy_text',
];

/** Parses and validates reply_markup (inline keyboards strictly, other kinds loosely). */
export function replyMarkup(p: Params): Record<string, unknown> | undefined {
  const m = optJson(p, 'reply_markup');
  if (m === undefined) return undefined;
  if (typeof m !== 'object' || m === null || Array.isArray(m)) {
    throw badRequest("can't parse reply keyboard markup JSON object");
  }
  const markup = m as Record<string, unknown>;
  if ('inline_keyboard' in markup) validateInlineKeyboard(markup.inline_keyboard);
  if ('keyboard' in markup && !isArrayOfArrays(markup.keyboard)) {
    throw badRequest('field "keyboard" of the ReplyKeyboardMarkup must be an Array of Arrays');
  }
  return markup;
}

function isArrayOfArrays(v: unknown): v is unknown[][] {
  return Array.isArray(v) && v.every((row) => Array.isArray(row));
}

function validateInlineKeyboard(kb: unknown): void {
  if (!isArrayOfArrays(kb)) {
    throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
  }
  for (const button of kb.flat()) {
    if (typeof button !== 'object' || button === null || typeof (button as Params).text !== 'string') {
      throw badRequest('can\'t parse inline keyboard button: Field "text" must be of type String');
    }
    const b = button as Params;
    if ('callback_data' in b) {
      // The limit is 1-64 *bytes*: Vietnamese diacritics take 2-3 bytes each in UTF-8.
      const data = b.callback_data;
      const bytes = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : 0;
      if (bytes < 1 || bytes > 64) throw badRequest('BUTTON_DATA_INVALID');
    } else if (!INLINE_ACTION_FIELDS.some((f) => f in b)) {
      throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
    }
  }
}
