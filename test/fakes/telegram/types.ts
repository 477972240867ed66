// Shared types of the fake Telegram Bot API server. Wire objects (messages, updates, polls) are
// kept loose on purpose: tests inject forged or partial objects, and the bot code under test reads
// them through telegraf's own types anyway.

export type FakeUser = {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
};

/** A Telegram Update as put on the wire: `update_id` plus exactly one payload field. */
export type Update = { update_id: number } & Record<string, unknown>;

export type Chat = {
  id: number;
  type: 'private' | 'group';
  first_name?: string;
  last_name?: string;
  username?: string;
  title?: string;
};

/** A Telegram Message (only the fields the fake produces are typed). */
export type Message = {
  message_id: number;
  date: number;
  chat: Chat;
  from?: Record<string, unknown>;
} & Record<string, unknown>;

export type PollOption = { text: string; voter_count: number };

export type Poll = {
  id: string;
  question: string;
  options: PollOption[];
  total_voter_count: number;
  is_closed: boolean;
  is_anonymous: boolean;
  type: 'regular' | 'quiz';
  allows_multiple_answers: boolean;
} & Record<string, unknown>;

export type StoredFile = {
  file_id: string;
  file_unique_id: string;
  file_name: string;
  file_size: number;
  mime_type: string;
  file_path: string;
  data: Buffer;
};

export type RecordedCall = {
  method: string;
  params: Record<string, unknown>;
  /** Date.now() when the request arrived. */
  at: number;
  /** Set when the fake answered with an error (validation, 429, failNext, blocked, …). */
  error?: ErrorBody;
};

/** A message the bot sent (sendMessage / sendDocument / sendPoll), as a snapshot at send time. */
export type SentMessage = {
  method: 'sendMessage' | 'sendDocument' | 'sendPoll';
  chat_id: number;
  message_id: number;
  /** sendMessage: the text exactly as the bot sent it (markup included, see `message.text`). */
  text?: string;
  /** sendDocument: the caption exactly as the bot sent it. */
  caption?: string;
  parse_mode?: string;
  reply_markup?: unknown;
  document?: Omit<StoredFile, 'data' | 'file_path'>;
  poll?: Poll;
  /** The Message object the fake returned to the bot. */
  message: Message;
  at: number;
};

export type ErrorBody = {
  error_code: number;
  description: string;
  parameters?: Record<string, unknown>;
};

/** Thrown by method handlers; the server turns it into `{ok:false,…}` with the matching status. */
export class ApiError extends Error {
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly parameters?: Record<string, unknown>,
  ) {
    super(`${errorCode}: ${description}`);
  }

  get body(): ErrorBody {
    const body: ErrorBody = { error_code: this.errorCode, description: this.description };
    if (this.parameters) body.parameters = this.parameters;
    return body;
  }

  static fromBody(body: ErrorBody): ApiError {
    return new ApiError(body.error_code, body.description, body.parameters);
  }
}

export const badRequest = (what: string): ApiError => new ApiError(400, `Bad Request: ${what}`);
