import { z } from 'zod';

/** The only ports Telegram delivers webhooks to; setWebhook refuses any other. */
export const TELEGRAM_WEBHOOK_PORTS = [443, 80, 88, 8443] as const;

const isHttpsBase = (u: string) => {
  const url = new URL(u);
  return url.protocol === 'https:' && url.search === '' && url.hash === '';
};

/** The port a URL really uses (URL.port is '' for the scheme's default). */
export const effectivePort = (u: string) => {
  const url = new URL(u);
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
};

export const telegramConfigFragment = {
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[A-Za-z0-9_-]+$/, 'TELEGRAM_BOT_TOKEN looks wrong: expected <digits>:<letters>, as given by @BotFather')
    .optional()
    .describe('Bot token from @BotFather (required unless Zalo alone is configured; never logged).'),
  TELEGRAM_API_ROOT: z
    .string()
    .url()
    .default('https://api.telegram.org/')
    .transform((u) => (u.endsWith('/') ? u : `${u}/`))
    .describe('Bot API root; tests point it at the fake server.'),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,256}$/, 'TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z a-z 0-9 _ -')
    .optional()
    .describe('Secret Telegram sends back in X-Telegram-Bot-Api-Secret-Token (required with PUBLIC_URL).'),
  PUBLIC_URL: z
    .string()
    .url()
    .optional()
    .refine((u) => u === undefined || isHttpsBase(u), {
      error: 'PUBLIC_URL must be an https:// address without ?query or #fragment, e.g. https://bot.example.vn',
    })
    .describe('Public https base URL. Set: webhook mode (setWebhook); unset: long polling.'),
  TELEGRAM_RATE_PER_SECOND: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(25)
    .describe('Broadcast ceiling in messages per second across all workers (Telegram allows about 30).'),
  TELEGRAM_SEND_RATE_PER_SECOND: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(30)
    .describe('Every message sent to Telegram per second across all processes, replies ahead of broadcasts.'),
  TELEGRAM_PER_CHAT_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(60_000)
    .default(1000)
    .describe('Minimum gap between two broadcast messages to one chat (Telegram: about 1 per second).'),
};
