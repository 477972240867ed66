// Method registry and the pipeline every Bot API call goes through:
// record → failNext → flood control → blocked chat → handler.
import { botMethods } from './methods-bot.js';
import type { MethodContext, MethodHandler } from './methods-common.js';
import { mediaMethods } from './methods-media.js';
import { messageMethods } from './methods-messages.js';
import { ApiError, type RecordedCall } from './types.js';

const HANDLERS: Record<string, MethodHandler> = { ...botMethods, ...messageMethods, ...mediaMethods };

// Bot API method names are case-insensitive.
const BY_LOWER_NAME = new Map(Object.keys(HANDLERS).map((name) => [name.toLowerCase(), name]));

/** Canonical method name, or undefined when the fake does not implement it (→ 404). */
export function canonicalMethod(name: string): string | undefined {
  return BY_LOWER_NAME.get(name.toLowerCase());
}

/**
 * Flood control covers the methods that produce or change messages. sendChatAction is left out:
 * a "typing…" before each reply would otherwise halve a per-chat budget.
 */
const isRateLimited = (m: string): boolean => (m.startsWith('send') && m !== 'sendChatAction') || m.startsWith('edit');
/** Methods that reach a user's chat and therefore fail once the user blocked the bot. */
const reachesChat = (m: string): boolean => m.startsWith('send') || m.startsWith('edit') || m === 'stopPoll';

function numericChat(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : NaN;
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * Runs one call of a known method and returns its result; failures are thrown as ApiError.
 * The call is recorded before anything else so even rejected calls show up in `calls`.
 */
export async function dispatch(method: string, ctx: MethodContext): Promise<unknown> {
  const { state, params } = ctx;
  const call: RecordedCall = { method, params, at: Date.now() };
  state.record(call);
  try {
    const forced = state.failures.get(method.toLowerCase())?.shift();
    if (forced) throw ApiError.fromBody(forced);
    const chat = numericChat(params.chat_id);
    if (state.limiter && isRateLimited(method)) {
      state.limiter.admit(chat === undefined ? undefined : String(chat));
    }
    if (chat !== undefined && state.blocked.has(chat) && reachesChat(method)) {
      throw new ApiError(403, 'Forbidden: bot was blocked by the user');
    }
    return await HANDLERS[method]!(ctx);
  } catch (err) {
    if (err instanceof ApiError) {
      call.error = err.body;
      if (err.errorCode === 429) state.stats.tooManyRequests += 1;
    }
    throw err;
  }
}
