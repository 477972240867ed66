// A wire-faithful fake of the Telegram Bot API for end-to-end tests. Point telegraf at it with
//   new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot, webhookReply: false } })
// then drive users with sendText / pressButton / … and assert on calls / sent().
import type { Server } from 'node:http';
import { RateLimiter, type RateLimitOptions } from './rate-limit.js';
import { listen } from './server.js';
import { FakeState, type WebhookConfig } from './state.js';
import type { ErrorBody, FakeUser, Message, RecordedCall, SentMessage, Update } from './types.js';
import { callbackUpdate, contactUpdate, pollAnswerUpdate, textUpdate, type ContactInput } from './updates.js';
import { deliver, deliverRaw, type WebhookResponse } from './webhook.js';
import { storeFile } from './methods-media.js';

export type { ErrorBody, FakeUser, Message, Poll, RecordedCall, SentMessage, Update } from './types.js';
export type { RateLimitOptions } from './rate-limit.js';
export type { WebhookResponse } from './webhook.js';
export type { ContactInput } from './updates.js';

export interface FakeTelegramOptions {
  token?: string;
  botUsername?: string;
  /** Longest a getUpdates long poll is held open (default 1000 ms, whatever `timeout` asks). */
  maxLongPollMs?: number;
}

export interface FakeTelegram {
  /** e.g. 'http://127.0.0.1:PORT/' (ends with '/', as telegraf needs). */
  apiRoot: string;
  token: string;
  botId: number;
  botUsername: string;
  /** Every bot API call, in arrival order, including rejected ones (see RecordedCall.error). */
  calls: RecordedCall[];
  callsTo(method: string): RecordedCall[];
  /** Messages the bot sent (sendMessage/sendDocument/sendPoll), optionally for one chat. */
  sent(chatId?: number | string): SentMessage[];
  /** The current state of a stored message (after edits; undefined once deleted). */
  message(chatId: number, messageId: number): Message | undefined;
  /** Resolves once `count` calls of `method` were recorded; rejects after timeoutMs (default 5000). */
  waitForCalls(method: string, count: number, timeoutMs?: number): Promise<RecordedCall[]>;
  stats: { tooManyRequests: number };

  injectUpdate(update: Record<string, unknown>): Update;
  sendText(from: FakeUser, text: string): Update;
  sendContact(from: FakeUser, contact: ContactInput): Update;
  pressButton(from: FakeUser, data: string, messageId?: number): Update;
  answerPoll(from: FakeUser, pollId: string, optionIds: number[]): Update;
  /**
   * A file a user uploads from their phone: stored like any upload (getFile + download work),
   * returned as the message's `document` object, to put in an injected update.
   */
  addFile(
    data: Buffer,
    fileName: string,
  ): { file_id: string; file_unique_id: string; file_name: string; mime_type: string; file_size: number };

  rateLimit(opts: RateLimitOptions | null): void;
  /** Hold every sendMessage until the returned release() is called. */
  holdSends(): () => void;
  failNext(method: string, response: ErrorBody): void;
  blockedBy(userId: number): void;
  unblockedBy(userId: number): void;

  webhook: { url: string; secret_token?: string } | null;
  /**
   * Webhook calls to `publicBase…` go to `localBase…` instead, as a reverse proxy in front of the
   * service would: setWebhook only takes https on Telegram's ports, as the real server does.
   */
  proxy(publicBase: string, localBase: string): void;
  deliverToWebhook(update: Update): Promise<WebhookResponse>;
  deliverToWebhookRaw(body: string, headers: Record<string, string>): Promise<WebhookResponse>;

  close(): Promise<void>;
}

const DEFAULT_TOKEN = '123456:TEST-token';

export async function startFakeTelegram(opts: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const token = opts.token ?? DEFAULT_TOKEN;
  const idPart = /^(\d+):[A-Za-z0-9_-]+$/.exec(token)?.[1];
  if (!idPart) throw new Error(`fake Telegram: token must look like "<bot id>:<secret>", got ${token}`);
  const state = new FakeState(token, Number(idPart), opts.botUsername ?? 'tro_ly_chi_bo_test_bot', opts.maxLongPollMs ?? 1000);
  const { server, port } = await listen(state);
  return new FakeTelegramHandle(state, server, `http://127.0.0.1:${port}/`);
}

class FakeTelegramHandle implements FakeTelegram {
  readonly token: string;
  readonly botId: number;
  readonly botUsername: string;

  constructor(
    private readonly state: FakeState,
    private readonly server: Server,
    readonly apiRoot: string,
  ) {
    this.token = state.token;
    this.botId = state.botId;
    this.botUsername = state.botUsername;
  }

  get calls(): RecordedCall[] {
    return this.state.calls;
  }

  get stats(): { tooManyRequests: number } {
    return this.state.stats;
  }

  get webhook(): WebhookConfig | null {
    return this.state.webhook;
  }

  callsTo(method: string): RecordedCall[] {
    return this.state.callsTo(method);
  }

  sent(chatId?: number | string): SentMessage[] {
    if (chatId === undefined) return [...this.state.sent];
    return this.state.sent.filter((m) => String(m.chat_id) === String(chatId));
  }

  message(chatId: number, messageId: number): Message | undefined {
    const m = this.state.getMessage(chatId, messageId);
    return m && structuredClone(m);
  }

  waitForCalls(method: string, count: number, timeoutMs = 5000): Promise<RecordedCall[]> {
    return this.state.waitForCalls(method, count, timeoutMs);
  }

  injectUpdate(update: Record<string, unknown>): Update {
    return this.state.enqueue(update);
  }

  sendText(from: FakeUser, text: string): Update {
    return textUpdate(this.state, from, text);
  }

  sendContact(from: FakeUser, contact: ContactInput): Update {
    return contactUpdate(this.state, from, contact);
  }

  pressButton(from: FakeUser, data: string, messageId?: number): Update {
    return callbackUpdate(this.state, from, data, messageId);
  }

  answerPoll(from: FakeUser, pollId: string, optionIds: number[]): Update {
    return pollAnswerUpdate(this.state, from, pollId, optionIds);
  }

  addFile(data: Buffer, fileName: string) {
    const { file_id, file_unique_id, file_name, mime_type, file_size } = storeFile(this.state, fileName, data);
    return { file_id, file_unique_id, file_name, mime_type, file_size };
  }

  holdSends(): () => void {
    let release!: () => void;
    this.state.sendGate = new Promise<void>((r) => (release = r));
    return () => {
      this.state.sendGate = null;
      release();
    };
  }

  rateLimit(opts: RateLimitOptions | null): void {
    this.state.limiter = opts ? new RateLimiter(opts) : null;
  }

  failNext(method: string, response: ErrorBody): void {
    const key = method.toLowerCase();
    const queue = this.state.failures.get(key) ?? [];
    queue.push(response);
    this.state.failures.set(key, queue);
  }

  blockedBy(userId: number): void {
    this.state.blocked.add(userId);
  }

  unblockedBy(userId: number): void {
    this.state.blocked.delete(userId);
  }

  proxy(publicBase: string, localBase: string): void {
    this.state.proxies.set(publicBase, localBase);
  }

  deliverToWebhook(update: Update): Promise<WebhookResponse> {
    return deliver(this.state, update);
  }

  deliverToWebhookRaw(body: string, headers: Record<string, string>): Promise<WebhookResponse> {
    return deliverRaw(this.state, body, headers);
  }

  async close(): Promise<void> {
    this.state.close(); // releases waiting long polls…
    await new Promise((resolve) => setImmediate(resolve)); // …and lets their responses go out
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
