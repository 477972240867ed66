import type { Telegram } from 'telegraf';
import { GatewayError, type ChatGateway, type GatewayErrorKind, type SendOptions, type SendThrottle } from '../../shared/chat-gateway.js';
import { scrubSecrets, type Logger } from '../../shared/logger.js';
import type { OutboundMessage } from '../../shared/outbound.js';
import { renderForTelegram } from './telegram.render.js';

export type TelegramGatewayDeps = {
  telegram: Telegram;
  logger: Logger;
  /** How many 429s one call waits out before handing the wait to the caller (the outbox). */
  maxRateLimitWaits?: number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * The bot-wide send slots for Telegram, every process and lane sharing them (replies first),
   * taken right before each message is sent; a 429 on a send pauses them for everyone.
   */
  throttle?: SendThrottle;
};

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Classify a Bot API failure; telegraf throws TelegramError with the API's error payload. */
export function classifyTelegramError(method: string, err: unknown): GatewayError {
  const r = (err as { response?: { error_code?: number; description?: string; parameters?: { retry_after?: number } } }).response;
  if (!r || typeof r.error_code !== 'number') {
    return new GatewayError('transient', {
      platform: 'telegram',
      method,
      description: scrubSecrets(String((err as Error)?.message ?? err)),
    });
  }
  const description = r.description ?? '';
  let kind: GatewayErrorKind;
  if (r.error_code === 429) kind = 'rate_limited';
  else if (r.error_code === 403) kind = 'blocked';
  else if (r.error_code === 401) kind = 'unauthorized';
  else if (r.error_code === 400 && /chat not found|user not found/i.test(description)) kind = 'not_found';
  else if (r.error_code >= 400 && r.error_code < 500) kind = 'bad_request';
  else kind = 'transient';
  return new GatewayError(kind, {
    platform: 'telegram',
    method,
    providerCode: r.error_code,
    description,
    ...(r.parameters?.retry_after !== undefined ? { retryAfterSec: r.parameters.retry_after } : {}),
  });
}

/** Our gateway over telegraf's API client: the only way the rest of the code talks to Telegram. */
export function createTelegramGateway({
  telegram,
  logger,
  maxRateLimitWaits = 3,
  sleep = defaultSleep,
  throttle,
}: TelegramGatewayDeps): ChatGateway & {
  call<T = unknown>(method: string, payload: Record<string, unknown>, pace?: SendOptions['pace']): Promise<T>;
} {
  async function call<T = unknown>(method: string, payload: Record<string, unknown>, pace?: SendOptions['pace']): Promise<T> {
    for (let waits = 0; ; waits++) {
      try {
        await pace?.();
        // telegraf types callApi per method; our payloads are built by the renderer.
        return (await (telegram.callApi as (m: string, p: unknown) => Promise<unknown>)(method, payload)) as T;
      } catch (err) {
        const e = classifyTelegramError(method, err);
        const waitMs = (e.details.retryAfterSec ?? 1) * 1000;
        // A send refused for flooding holds back every sender of this bot, not just this call.
        if (e.kind === 'rate_limited' && pace && throttle) await throttle.pauseFor(waitMs);
        if (e.kind !== 'rate_limited' || waits >= maxRateLimitWaits) throw e;
        logger.warn({ method, retryAfterSec: e.details.retryAfterSec }, 'telegram rate limit: waiting retry_after');
        await sleep(waitMs);
      }
    }
  }

  return {
    platform: 'telegram',
    call,
    async send(chatId: string, message: OutboundMessage, { pace, lane }: SendOptions = {}) {
      const paced = throttle
        ? async () => {
            await pace?.();
            await throttle.pace(lane);
          }
        : pace;
      type Sent = { message_id?: number; document?: { file_id: string }; poll?: { id: string } };
      let last: Sent | undefined;
      for (const c of renderForTelegram(chatId, message)) last = await call<Sent>(c.method, c.payload, paced);
      // stopPoll answers with the Poll itself: the message is the one that was stopped.
      const messageId = message.kind === 'stop_poll' ? message.messageId : String(last?.message_id ?? '');
      return {
        messageId,
        ...(last?.document ? { fileId: last.document.file_id } : {}),
        ...(last?.poll && message.kind === 'poll' ? { platformPollId: last.poll.id } : {}),
      };
    },
    // Bots may upload documents up to 50 MB (and download up to 20 MB).
    maxDocumentBytes: 50 * 1024 * 1024,
    resendsInboundFiles: true,
    async download(fileId: string): Promise<Buffer> {
      const link = await telegram.getFileLink(fileId);
      const res = await fetch(link);
      if (!res.ok) throw new GatewayError('transient', { platform: 'telegram', method: 'getFile', providerCode: res.status });
      return Buffer.from(await res.arrayBuffer());
    },
    async answerCallback(callbackId: string, text?: string) {
      await call('answerCallbackQuery', { callback_query_id: callbackId, ...(text ? { text: text.slice(0, 200) } : {}) });
    },
  };
}

export type TelegramGateway = ReturnType<typeof createTelegramGateway>;
