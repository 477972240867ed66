// Documents and polls: sendDocument, getFile, sendPoll, stopPoll.
import { extname } from 'node:path';
import { botMessage, captionText, clone, echoedMarkup, targetMessage, type MethodContext, type MethodHandler } from './methods-common.js';
import { dropUndefined } from './methods-messages.js';
import { chatId, optBool, optInt, optJson, optString, replyMarkup } from './params.js';
import type { FakeState } from './state.js';
import { ApiError, badRequest, type Poll, type StoredFile } from './types.js';

const MAX_UPLOAD = 50 * 1024 * 1024;
const MAX_DOWNLOAD = 20 * 1024 * 1024;

const MIME: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.doc': 'application/msword',
  '.csv': 'text/csv',
  '.txt': 'text/plain',
  '.json': 'application/json',
  '.zip': 'application/zip',
};

/** Keep a file as Telegram does: by file_id, downloadable at /file/bot<token>/<file_path>. */
export function storeFile(state: FakeState, fileName: string, data: Buffer): StoredFile {
  if (data.length > MAX_UPLOAD) throw new ApiError(413, 'Request Entity Too Large');
  const n = state.nextSeq();
  const file: StoredFile = {
    // Shaped like real document file_ids (BQAC… prefix), unique per upload.
    file_id: `BQACAgIAAxkBAAI${n.toString(36).padStart(6, '0')}${Math.random().toString(36).slice(2, 12)}`,
    file_unique_id: `AgAD${n.toString(36).padStart(6, '0')}`,
    file_name: fileName,
    file_size: data.length,
    mime_type: MIME[extname(fileName).toLowerCase()] ?? 'application/octet-stream',
    file_path: `documents/file_${n}${extname(fileName)}`,
    data,
  };
  state.files.set(file.file_id, file);
  return file;
}

/** The `document` parameter: an uploaded part, `attach://<part>`, an HTTP URL or a known file_id. */
function resolveDocument({ state, params, files }: MethodContext): StoredFile {
  const uploaded = files.get('document');
  if (uploaded) return storeFile(state, uploaded.filename, uploaded.data);
  const ref = optString(params, 'document');
  if (ref === undefined || ref === '') throw badRequest('there is no document in the request');
  const wrong = badRequest('wrong file identifier/HTTP URL specified');
  if (ref.startsWith('attach://')) {
    const part = files.get(ref.slice('attach://'.length));
    if (!part) throw wrong;
    return storeFile(state, part.filename, part.data);
  }
  if (/^https?:\/\//i.test(ref)) {
    // The real server downloads the URL; the fake records an empty file under the URL's name.
    return storeFile(state, decodeURIComponent(new URL(ref).pathname.split('/').pop() || 'file'), Buffer.alloc(0));
  }
  const known = state.files.get(ref);
  if (!known) throw wrong;
  return known;
}

const sendDocument: MethodHandler = (ctx) => {
  const { state, params } = ctx;
  const chat = chatId(params);
  const caption = captionText(params);
  const markup = replyMarkup(params);
  const file = resolveDocument(ctx);
  const document = {
    file_name: file.file_name,
    mime_type: file.mime_type,
    file_id: file.file_id,
    file_unique_id: file.file_unique_id,
    file_size: file.file_size,
  };
  const message = botMessage(state, chat, { document, caption, reply_markup: echoedMarkup(markup) });
  state.sent.push(
    dropUndefined({
      method: 'sendDocument' as const,
      chat_id: chat,
      message_id: message.message_id,
      caption: optString(params, 'caption'),
      parse_mode: optString(params, 'parse_mode'),
      reply_markup: markup,
      document: { ...document },
      message: clone(message),
      at: Date.now(),
    }),
  );
  return message;
};

const getFile: MethodHandler = ({ state, params }) => {
  const file = state.files.get(optString(params, 'file_id') ?? '');
  if (!file) throw badRequest('invalid file_id');
  if (file.file_size > MAX_DOWNLOAD) throw badRequest('file is too big');
  const { file_id, file_unique_id, file_size, file_path } = file;
  return { file_id, file_unique_id, file_size, file_path };
};

function pollOptions(raw: unknown): string[] {
  if (!Array.isArray(raw)) throw badRequest('field "options" must be an Array');
  if (raw.length < 2) throw badRequest('poll must have at least 2 option');
  if (raw.length > 12) throw badRequest("poll can't have more than 12 options");
  return raw.map((o: unknown) => {
    const text = typeof o === 'string' ? o : (o as { text?: unknown } | null)?.text;
    if (typeof text !== 'string' || text.trim() === '') throw badRequest('poll options must be non-empty');
    if (text.length > 100) throw badRequest('poll options length must not exceed 100');
    return text;
  });
}

/** A poll closes at close_date (or open_period after sending) on its own. */
export function pollIsClosed(poll: Poll): boolean {
  return poll.is_closed || (typeof poll.close_date === 'number' && poll.close_date * 1000 <= Date.now());
}

const sendPoll: MethodHandler = ({ state, params }) => {
  const chat = chatId(params);
  const question = optString(params, 'question') ?? '';
  if (question.trim() === '') throw badRequest('poll question must be non-empty');
  if (question.length > 300) throw badRequest('poll question length must not exceed 300');
  const options = pollOptions(optJson(params, 'options'));
  const type = optString(params, 'type') === 'quiz' ? 'quiz' : 'regular';
  const openPeriod = optInt(params, 'open_period');
  const closeDate = optInt(params, 'close_date') ?? (openPeriod === undefined ? undefined : Math.floor(Date.now() / 1000) + openPeriod);
  const poll: Poll = {
    id: `5${String(state.nextSeq()).padStart(18, '0')}`,
    question,
    options: options.map((text) => ({ text, voter_count: 0 })),
    total_voter_count: 0,
    is_closed: optBool(params, 'is_closed') ?? false,
    is_anonymous: optBool(params, 'is_anonymous') ?? true, // the API default: a classic trap
    type,
    allows_multiple_answers: optBool(params, 'allows_multiple_answers') ?? false,
  };
  if (type === 'quiz') {
    const correct = optInt(params, 'correct_option_id');
    if (correct === undefined || correct < 0 || correct >= options.length) throw badRequest('wrong correct_option_id specified');
    poll.correct_option_id = correct;
  }
  if (openPeriod !== undefined) poll.open_period = openPeriod;
  if (closeDate !== undefined) poll.close_date = closeDate;
  const markup = replyMarkup(params);
  const message = botMessage(state, chat, { poll, reply_markup: echoedMarkup(markup) });
  state.polls.set(poll.id, { poll, chatId: chat, messageId: message.message_id, votes: new Map() });
  state.sent.push(
    dropUndefined({
      method: 'sendPoll' as const,
      chat_id: chat,
      message_id: message.message_id,
      reply_markup: markup,
      poll: clone(poll),
      message: clone(message),
      at: Date.now(),
    }),
  );
  return message;
};

const stopPoll: MethodHandler = ({ state, params }) => {
  const message = targetMessage(state, params, 'message with poll to stop not found');
  const poll = message.poll as Poll | undefined;
  if (!poll) throw badRequest('message with poll to stop not found');
  if (pollIsClosed(poll)) throw badRequest('poll has already been closed');
  poll.is_closed = true;
  const markup = echoedMarkup(replyMarkup(params));
  if (markup) message.reply_markup = markup;
  return poll;
};

export const mediaMethods: Record<string, MethodHandler> = { sendDocument, getFile, sendPoll, stopPoll };
