import { timingSafeEqual } from 'node:crypto';
import { Telegraf } from 'telegraf';
import type { InboundSink } from '../../conversation/pipeline/inbound-processor.js';
import type { SendThrottle } from '../../shared/chat-gateway.js';
import { type Logger, errorText } from '../../shared/logger.js';
import { telegramDeepLink } from '../../modules/invites/invites.models.js';
import { createTelegramGateway } from './telegram.gateway.js';
import { isTelegramUpdate, parseTelegramUpdate } from './telegram.parse.js';

export type TelegramChannelConfig = {
  TELEGRAM_BOT_TOKEN: string;
  TELEGRAM_API_ROOT: string;
  TELEGRAM_WEBHOOK_SECRET?: string | undefined;
};

export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';
const POLLING_ATTEMPTS = 4;
// A long poll answers at least every 50 s (telegraf asks timeout 50) even when nobody writes.
const POLLING_STALE_MS = 120_000;
const ALLOWED_UPDATES = ['message', 'callback_query', 'poll_answer', 'my_chat_member'] as const;

/**
 * Everything Telegram: telegraf stays inside this folder. The rest of the service sees a
 * ChatGateway for sending and hands us an InboundSink for what arrives.
 */
export function createTelegramChannel({
  config,
  logger,
  commandMenu = [],
  pollingRetryDelayMs = 2000,
  pollingStaleMs = POLLING_STALE_MS,
  throttle,
}: {
  config: TelegramChannelConfig;
  logger: Logger;
  /** The commands listed in Telegram's menu, in order (the conversation layer's, given by app.ts). */
  commandMenu?: readonly { command: string; description: string }[];
  /** Pause between attempts at an update that could not be stored (grows linearly). */
  pollingRetryDelayMs?: number;
  /** How long polling may go without a getUpdates answer before readiness reports it stalled. */
  pollingStaleMs?: number;
  /** Telegram's send slots shared by every process (see createTelegramGateway). */
  throttle?: SendThrottle;
}) {
  // webhookReply false: every API call is a real request (telegraf would otherwise hide
  // some calls inside the webhook HTTP response).
  const bot = new Telegraf(config.TELEGRAM_BOT_TOKEN, { telegram: { apiRoot: config.TELEGRAM_API_ROOT, webhookReply: false } });
  // Both gateways take the bot-wide send slots, replies ahead of broadcasts (which also keep
  // their own lower ceiling, in the broadcast worker).
  const gateway = createTelegramGateway({
    telegram: bot.telegram,
    logger: logger.child({ channel: 'telegram' }),
    ...(throttle ? { throttle } : {}),
  });
  // Broadcasts never sleep on a 429 inside the gateway: the bulk queue pauses instead.
  const bulkGateway = createTelegramGateway({
    telegram: bot.telegram,
    logger: logger.child({ channel: 'telegram' }),
    maxRateLimitWaits: 0,
    ...(throttle ? { throttle } : {}),
  });
  let processor: InboundSink | undefined;
  let polling = false;
  // When polling (re)started and when a getUpdates last answered: readiness compares them to now.
  let pollingSince = 0;
  let lastFetchAt = 0;
  const callApi = bot.telegram.callApi.bind(bot.telegram);
  bot.telegram.callApi = (async (...args: Parameters<typeof callApi>) => {
    const result = await callApi(...args);
    if (args[0] === 'getUpdates') lastFetchAt = Date.now();
    return result;
  }) as typeof callApi;

  // telegraf's default handler rethrows and sets process.exitCode: log instead, never crash.
  bot.catch((err, ctx) => {
    logger.error({ updateId: ctx.update.update_id, err: errorText(err) }, 'telegram update handler failed');
  });
  bot.use(async (ctx) => {
    const event = parseTelegramUpdate(ctx.update);
    if (!event || !processor) return;
    // Long polling confirms an update with the next getUpdates whatever we did with it, so a
    // short Postgres outage is waited out here rather than losing the update.
    for (let attempt = 1; ; attempt++) {
      try {
        await processor.process(event);
        return;
      } catch (err) {
        if (attempt >= POLLING_ATTEMPTS) throw err;
        await new Promise((r) => setTimeout(r, attempt * pollingRetryDelayMs));
      }
    }
  });

  async function botUsername(): Promise<string> {
    if (!bot.botInfo) bot.botInfo = await bot.telegram.getMe();
    return bot.botInfo.username;
  }

  /** Identify the bot and register the Vietnamese command menu. */
  async function init(): Promise<void> {
    await botUsername();
    await gateway.call('setMyCommands', { commands: commandMenu });
  }

  async function startPolling(p: InboundSink): Promise<void> {
    processor = p;
    polling = true;
    pollingSince = Date.now();
    void keepPolling();
  }

  /** Polling should run but no getUpdates has answered for a while (a dead loop, an unreachable API). */
  function pollingStalled(): boolean {
    return polling && Date.now() - Math.max(pollingSince, lastFetchAt) > pollingStaleMs;
  }

  /**
   * telegraf 4.16 resolves launch() only when polling ends, and rejects when its deleteWebhook or
   * the polling loop fails: launch again, 1× 2× 4× … the retry delay apart (at most a minute),
   * until stop(). A bot that polled for a while before failing starts again from the shortest wait.
   */
  async function keepPolling(): Promise<void> {
    for (let attempt = 0; polling;) {
      const startedAt = Date.now();
      try {
        await bot.launch({ allowedUpdates: [...ALLOWED_UPDATES] });
        return; // stop() ended it
      } catch (err) {
        if (!polling) return;
        attempt = Date.now() - startedAt > 60_000 ? 0 : attempt + 1;
        const waitMs = Math.min(pollingRetryDelayMs * 2 ** (attempt - 1), 60_000);
        logger.error({ err: errorText(err), waitMs }, 'telegram long polling failed; starting it again');
        await new Promise((r) => setTimeout(r, waitMs));
      }
    }
  }

  async function startWebhook(p: InboundSink, publicUrl: string): Promise<void> {
    processor = p;
    const url = new URL(TELEGRAM_WEBHOOK_PATH, publicUrl).toString();
    await gateway.call('setWebhook', { url, secret_token: config.TELEGRAM_WEBHOOK_SECRET, allowed_updates: ALLOWED_UPDATES });
    logger.info({ path: TELEGRAM_WEBHOOK_PATH }, 'telegram webhook registered');
  }

  /**
   * A webhook request: 403 without the right secret, 400 for a body that is not an update,
   * 500 when it could not be stored (Telegram retries), 200 otherwise. Bad requests change nothing.
   */
  async function handleWebhook(req: { secretHeader: string | undefined; body: unknown }): Promise<{ status: number }> {
    if (!secretMatches(config.TELEGRAM_WEBHOOK_SECRET, req.secretHeader)) return { status: 403 };
    if (!isTelegramUpdate(req.body)) return { status: 400 };
    const event = parseTelegramUpdate(req.body);
    if (!event || !processor) return { status: 200 };
    try {
      await processor.process(event);
      return { status: 200 };
    } catch (err) {
      logger.error({ updateId: event.updateId, err: errorText(err) }, 'telegram webhook update not stored; Telegram will retry');
      return { status: 500 };
    }
  }

  async function stop(): Promise<void> {
    if (polling) {
      polling = false;
      try {
        bot.stop('shutdown');
      } catch {
        // Not polling right now (between two attempts): nothing to stop.
      }
    }
  }

  return {
    gateway,
    bulkGateway,
    init,
    startPolling,
    pollingStalled,
    startWebhook,
    handleWebhook,
    stop,
    botUsername,
    inviteLink: (username: string, token: string) => telegramDeepLink(username, token),
  };
}

export type TelegramChannel = ReturnType<typeof createTelegramChannel>;

function secretMatches(expected: string | undefined, given: string | undefined): boolean {
  if (!expected || given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
