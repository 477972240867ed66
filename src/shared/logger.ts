import { pino, type Logger } from 'pino';

export type { Logger };

// Tokens, phone numbers and message text must never reach a log line. Known fields are
// redacted as a safety net; callers log ids and codes, not content.
const REDACT = [
  'token',
  '*.token',
  'phone',
  '*.phone',
  'text',
  '*.text',
  'message.text',
  'contact',
  '*.contact',
  'headers.authorization',
  'headers["x-telegram-bot-api-secret-token"]',
  'req.headers.authorization',
  'req.headers["x-telegram-bot-api-secret-token"]',
];

export function createLogger({ level = 'info' }: { level?: string } = {}): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'tro-ly-chi-bo' } });
}

/**
 * Strip what a log line must not carry from an error message or stack: bot tokens in URLs, and
 * the parameters of a failed query (drizzle appends them; they hold phones, names, reasons).
 */
export function scrubSecrets(s: string): string {
  return s.replace(/bot\d+:[A-Za-z0-9_-]+/g, 'bot<token>').replace(/\nparams: [\s\S]*?(?=\n\s+at |$)/g, '\nparams: [not logged]');
}

/** An error as a log line may carry it: its stack (or text), scrubbed. */
export const errorText = (err: unknown): string => scrubSecrets(err instanceof Error ? (err.stack ?? err.message) : String(err));
