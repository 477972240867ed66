import { z } from 'zod';
import { effectivePort, TELEGRAM_WEBHOOK_PORTS, telegramConfigFragment } from '../channels/telegram/telegram.config.js';
import { zaloConfigFragment, zaloConfigIssues, zaloEnabled } from '../channels/zalo/zalo.config.js';

// The only reader of process.env. Each fragment documents its variables; the
// whole config is validated once at start-up and frozen.
const coreFragment = {
  DATABASE_URL: z
    .string()
    .url()
    .default('postgres://postgres@127.0.0.1:5432/trolychibo')
    .describe('Postgres connection string (the source of truth).'),
  DATABASE_POOL_MAX: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(10)
    .describe('Postgres connections each process may open (raise it with the webhook concurrency, within max_connections).'),
  DATABASE_PREPARE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true')
    .describe('Keep statements prepared per connection (false behind a pooler in transaction mode, such as PgBouncer).'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379').describe('Redis connection string (BullMQ queues and schedules).'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]+$/i)
    .default('trolychibo')
    .describe('Prefix of every BullMQ key in Redis; lets several deployments share one Redis.'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('HTTP port for /healthz and the webhook.'),
  HOST: z.string().default('0.0.0.0').describe('HTTP listen address.'),
  TZ: z
    .literal('Asia/Ho_Chi_Minh', {
      error: 'TZ must be Asia/Ho_Chi_Minh: every calendar rule of the bot is written for Vietnam time',
    })
    .default('Asia/Ho_Chi_Minh')
    .describe('Timezone; only Asia/Ho_Chi_Minh is supported.'),
  PROCESS_MODE: z
    .enum(['all', 'web', 'worker'])
    .default('all')
    .describe('all: HTTP + updates + workers; web: HTTP and updates only; worker: queues only.'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino log level.'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000).describe('Upper bound for a graceful shutdown on SIGTERM.'),
  OUTBOX_LEASE_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(120_000)
    .describe("How long a sender holds a message; a crashed sender's messages are retried after it."),
  OUTBOX_SWEEP_MS: z.coerce
    .number()
    .int()
    .min(500)
    .default(15_000)
    .describe('How often unsent messages are looked for in Postgres and queued again.'),
  JOB_LOCK_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(30_000)
    .describe("BullMQ lock of a running job; a killed worker's jobs are taken over after it."),
  SCHEDULE_WATCHDOG_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(60_000)
    .describe('How often job schedulers are re-asserted (a Redis flush heals by itself).'),
  MATERIALS_API_TOKEN: z
    .string()
    .min(24, { error: 'MATERIALS_API_TOKEN must be at least 24 characters (use a random secret)' })
    .optional()
    .describe(
      'Bearer token for POST /api/materials (publishing meeting materials over HTTP); unset: the endpoint does not exist. Never logged.',
    ),
};

const baseSchema = z.object({ ...coreFragment, ...telegramConfigFragment, ...zaloConfigFragment });

const schema = baseSchema.superRefine((c, ctx) => {
  // One chat platform at least: Telegram, Zalo, or both.
  if (!c.TELEGRAM_BOT_TOKEN && !zaloEnabled(c) && zaloConfigIssues(c).length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['TELEGRAM_BOT_TOKEN'],
      message:
        'TELEGRAM_BOT_TOKEN is required: get one from @BotFather (or run on Zalo alone: set ZALO_APP_ID, ZALO_APP_SECRET and ZALO_OA_SECRET_KEY)',
    });
  }
  if (c.TELEGRAM_BOT_TOKEN && c.PUBLIC_URL && !c.TELEGRAM_WEBHOOK_SECRET) {
    ctx.addIssue({
      code: 'custom',
      path: ['TELEGRAM_WEBHOOK_SECRET'],
      message: 'TELEGRAM_WEBHOOK_SECRET is required when PUBLIC_URL is set (webhook mode)',
    });
  }
  // Checked here rather than at setWebhook, which would refuse it minutes later in a log line.
  if (c.TELEGRAM_BOT_TOKEN && c.PUBLIC_URL && !(TELEGRAM_WEBHOOK_PORTS as readonly number[]).includes(effectivePort(c.PUBLIC_URL))) {
    ctx.addIssue({
      code: 'custom',
      path: ['PUBLIC_URL'],
      message: `PUBLIC_URL must use port ${TELEGRAM_WEBHOOK_PORTS.join(', ')} (the only ports Telegram sends webhooks to); it uses ${effectivePort(c.PUBLIC_URL)}`,
    });
  }
  for (const issue of zaloConfigIssues(c)) ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
});

export type Config = Readonly<z.infer<typeof schema>>;

export class ConfigError extends Error {}

/** Empty strings count as unset, as in most .env files. */
function withoutEmpty(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(withoutEmpty(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(config)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}\nSee .env.example for every variable.`);
  }
  return Object.freeze(parsed.data);
}

/** Admin commands that only touch the database need no bot token. */
export function loadDatabaseConfig(env: Record<string, string | undefined> = process.env): { DATABASE_URL: string } {
  const parsed = z.object({ DATABASE_URL: coreFragment.DATABASE_URL }).safeParse(withoutEmpty(env));
  if (!parsed.success) throw new ConfigError(`Invalid configuration:\n  DATABASE_URL: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}
