// Everything the fake server remembers: the call log, the update queue (with long-poll wake-ups),
// chats and their messages, files, polls, pending callback queries and behaviour switches.
import type { RateLimiter } from './rate-limit.js';
import type { Chat, ErrorBody, FakeUser, Message, Poll, RecordedCall, SentMessage, StoredFile, Update } from './types.js';

export type BotCommand = { command: string; description: string };
export type WebhookConfig = {
  url: string;
  secret_token?: string;
  allowed_updates?: string[];
  max_connections?: number;
};
export type PollRecord = { poll: Poll; chatId: number; messageId: number; votes: Map<number, number[]> };

type CallWaiter = { method: string; count: number; resolve: (calls: RecordedCall[]) => void };

// Update types Telegram leaves out unless they are listed in allowed_updates explicitly.
const OPT_IN_UPDATES = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

export const unixNow = (): number => Math.floor(Date.now() / 1000);

export class FakeState {
  readonly calls: RecordedCall[] = [];
  readonly sent: SentMessage[] = [];
  readonly stats = { tooManyRequests: 0 };
  readonly users = new Map<number, FakeUser>();
  readonly blocked = new Set<number>();
  readonly files = new Map<string, StoredFile>();
  readonly polls = new Map<string, PollRecord>();
  readonly callbackQueries = new Set<string>();
  readonly commands = new Map<string, BotCommand[]>();
  /** failNext queues, keyed by lower-cased method name. */
  readonly failures = new Map<string, ErrorBody[]>();
  limiter: RateLimiter | null = null;
  /** While set, every sendMessage waits for it (a Bot API slow to take messages). */
  sendGate: Promise<void> | null = null;
  webhook: WebhookConfig | null = null;
  /** Public base URL → local base URL: what the deployment's https reverse proxy would do. */
  readonly proxies = new Map<string, string>();
  /** Last non-empty allowed_updates given to getUpdates/setWebhook. */
  allowedUpdates: string[] | null = null;
  /** The getUpdates request currently waiting, if any (a newer one terminates it with 409). */
  activePoll: AbortController | null = null;
  closed = false;

  private pending: Update[] = [];
  private lastUpdateId = 100_000_000;
  private readonly messages = new Map<number, Map<number, Message>>();
  private readonly lastMessageId = new Map<number, number>();
  private readonly updateWaiters = new Set<() => void>();
  private readonly callWaiters = new Set<CallWaiter>();
  private seq = 0;

  constructor(
    readonly token: string,
    readonly botId: number,
    readonly botUsername: string,
    /** Cap on a getUpdates long poll, so tests and shutdown stay fast. */
    readonly maxLongPollMs: number,
  ) {}

  /** A process-unique counter for ids (file ids, poll ids, callback query ids). */
  nextSeq(): number {
    return ++this.seq;
  }

  botUser(): Record<string, unknown> {
    return { id: this.botId, is_bot: true, first_name: 'Trợ lý Chi bộ', username: this.botUsername };
  }

  // --- call log -------------------------------------------------------------------------------

  record(call: RecordedCall): void {
    this.calls.push(call);
    for (const w of this.callWaiters) {
      const matching = this.callsTo(w.method);
      if (matching.length >= w.count) {
        this.callWaiters.delete(w);
        w.resolve(matching);
      }
    }
  }

  callsTo(method: string): RecordedCall[] {
    const m = method.toLowerCase();
    return this.calls.filter((c) => c.method.toLowerCase() === m);
  }

  waitForCalls(method: string, count: number, timeoutMs: number): Promise<RecordedCall[]> {
    const already = this.callsTo(method);
    if (already.length >= count) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const waiter: CallWaiter = {
        method,
        count,
        resolve: (calls) => {
          clearTimeout(timer);
          resolve(calls);
        },
      };
      const timer = setTimeout(() => {
        this.callWaiters.delete(waiter);
        reject(
          new Error(
            `fake Telegram: expected ${count} call(s) of ${method} within ${timeoutMs} ms, ` +
              `got ${this.callsTo(method).length}; methods seen: ${this.methodSummary()}`,
          ),
        );
      }, timeoutMs);
      this.callWaiters.add(waiter);
    });
  }

  private methodSummary(): string {
    const counts = new Map<string, number>();
    for (const c of this.calls) counts.set(c.method, (counts.get(c.method) ?? 0) + 1);
    return counts.size === 0 ? '(none)' : [...counts].map(([m, n]) => `${m}×${n}`).join(', ');
  }

  // --- updates --------------------------------------------------------------------------------

  enqueue(update: Record<string, unknown>): Update {
    const given = update.update_id;
    const id = typeof given === 'number' ? given : ++this.lastUpdateId;
    this.lastUpdateId = Math.max(this.lastUpdateId, id);
    const full: Update = { ...update, update_id: id };
    this.pending.push(full);
    for (const wake of this.updateWaiters) wake();
    return full;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  dropPending(): void {
    this.pending = [];
  }

  removePending(updateId: number): void {
    this.pending = this.pending.filter((u) => u.update_id !== updateId);
  }

  /** getUpdates offset semantics: forget everything below offset; negative = keep the last -offset. */
  confirm(offset: number | undefined): void {
    if (offset === undefined || offset === 0) return;
    this.pending = offset > 0 ? this.pending.filter((u) => u.update_id >= offset) : this.pending.slice(offset);
  }

  /** Unconfirmed updates in order, dropping those allowed_updates excludes (Telegram never queues them). */
  peekUpdates(limit: number): Update[] {
    this.pending = this.pending.filter((u) => this.isAllowed(u));
    return this.pending.slice(0, limit);
  }

  private isAllowed(update: Update): boolean {
    const type = Object.keys(update).find((k) => k !== 'update_id');
    if (type === undefined) return true;
    const allowed = this.webhook?.allowed_updates ?? this.allowedUpdates;
    return allowed ? allowed.includes(type) : !OPT_IN_UPDATES.has(type);
  }

  /** Resolves when an update is enqueued, after ms, on abort, or when the fake closes. */
  waitForUpdate(ms: number, signal: AbortSignal): Promise<void> {
    if (this.closed || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.updateWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
      this.updateWaiters.add(done);
    });
  }

  // --- chats and messages ---------------------------------------------------------------------

  rememberUser(user: FakeUser): void {
    this.users.set(user.id, user);
  }

  /** Chat object for a chat id: private chats carry the user's names when the fake knows them. */
  chatFor(chatId: number): Chat {
    if (chatId < 0) return { id: chatId, type: 'group', title: 'Fake group' };
    const u = this.users.get(chatId);
    const chat: Chat = { id: chatId, type: 'private' };
    if (u) {
      chat.first_name = u.first_name;
      if (u.last_name !== undefined) chat.last_name = u.last_name;
      if (u.username !== undefined) chat.username = u.username;
    }
    return chat;
  }

  /** Message ids are sequential per chat and shared by the user's and the bot's messages. */
  nextMessageId(chatId: number): number {
    const id = (this.lastMessageId.get(chatId) ?? 0) + 1;
    this.lastMessageId.set(chatId, id);
    return id;
  }

  storeMessage(message: Message): void {
    let chat = this.messages.get(message.chat.id);
    if (!chat) this.messages.set(message.chat.id, (chat = new Map()));
    chat.set(message.message_id, message);
  }

  getMessage(chatId: number, messageId: number): Message | undefined {
    return this.messages.get(chatId)?.get(messageId);
  }

  deleteMessage(chatId: number, messageId: number): boolean {
    return this.messages.get(chatId)?.delete(messageId) ?? false;
  }

  /** Newest-first messages of a chat. */
  messagesIn(chatId: number): Message[] {
    return [...(this.messages.get(chatId)?.values() ?? [])].sort((a, b) => b.message_id - a.message_id);
  }

  // --- shutdown -------------------------------------------------------------------------------

  close(): void {
    this.closed = true;
    for (const wake of this.updateWaiters) wake();
  }
}
