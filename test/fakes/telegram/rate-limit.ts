// Flood control: a sliding one-second window, overall and per chat. Telegram's real limits are
// unpublished (~30 msg/s overall, ~1 msg/s per chat); tests pick their own budgets.
import { ApiError } from './types.js';

export type RateLimitOptions = { perSecond?: number; perChatPerSecond?: number };

const WINDOW_MS = 1000;

export class RateLimiter {
  private readonly global: number[] = [];
  private readonly perChat = new Map<string, number[]>();

  constructor(private readonly opts: RateLimitOptions) {}

  /**
   * Admits one request or throws a 429 ApiError. Rejected requests do not use up budget, so a
   * client that honours retry_after gets through after waiting.
   */
  admit(chatKey: string | undefined, now = Date.now()): void {
    const chat = chatKey === undefined ? undefined : this.window(chatKey, now);
    prune(this.global, now);
    const waits: number[] = [];
    if (this.opts.perSecond !== undefined && this.global.length >= this.opts.perSecond) {
      waits.push(waitMs(this.global, this.opts.perSecond, now));
    }
    if (chat && this.opts.perChatPerSecond !== undefined && chat.length >= this.opts.perChatPerSecond) {
      waits.push(waitMs(chat, this.opts.perChatPerSecond, now));
    }
    if (waits.length > 0) {
      const retryAfter = Math.max(1, Math.ceil(Math.max(...waits) / 1000));
      throw new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
    }
    this.global.push(now);
    chat?.push(now);
  }

  private window(key: string, now: number): number[] {
    let w = this.perChat.get(key);
    if (!w) this.perChat.set(key, (w = []));
    prune(w, now);
    return w;
  }
}

function prune(window: number[], now: number): void {
  while (window.length > 0 && window[0]! <= now - WINDOW_MS) window.shift();
}

/** How long until the window holds fewer than `budget` entries again. */
function waitMs(window: number[], budget: number, now: number): number {
  const freeing = window[window.length - budget];
  return freeing === undefined ? 0 : freeing + WINDOW_MS - now;
}
