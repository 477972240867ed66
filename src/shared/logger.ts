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

/** Strip bot tokens from URLs and error messages before they are logged. */
export function scrubSecrets(s: string): string {
  return s.replace(/bot\d+:[A-Za-z0-9_-]+/g, 'bot<token>');
}
