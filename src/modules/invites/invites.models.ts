import { createHash, randomBytes } from 'node:crypto';

/**
 * 24 random bytes in base64url: 32 characters of A-Z a-z 0-9 _ -, which fits Telegram's
 * 64-character deep-link payload and cannot be guessed.
 */
export function newInviteToken(): string {
  return randomBytes(24).toString('base64url');
}

export function hashInviteToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Deep-link payloads are plain tokens; anything else is not one of ours. */
export function looksLikeInviteToken(s: string): boolean {
  return /^[A-Za-z0-9_-]{32}$/.test(s);
}

export function telegramDeepLink(botUsername: string, token: string): string {
  return `https://t.me/${botUsername}?start=${token}`;
}
