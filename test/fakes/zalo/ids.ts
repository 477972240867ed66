// Id and token generators with the shapes real Zalo uses.
import { randomBytes, randomInt } from 'node:crypto';

/** An 18–19 digit decimal id (always above 2^53, so it cannot survive a trip through a JS number). */
export function numericId(): string {
  const length = randomInt(18, 20);
  let s = String(randomInt(1, 10));
  while (s.length < length) s += String(randomInt(0, 10));
  // 18-digit ids starting with 1–8 are all > 2^53 ≈ 9.007e15, so any value here is unsafe.
  return s;
}

/** A 20-hex-digit message id, like `msg_id` "1d19cfb48434f168a827" in real payloads. */
export function messageId(): string {
  return randomBytes(10).toString('hex');
}

/** An opaque token (access/refresh tokens and auth codes are long opaque strings). */
export function opaqueToken(prefix: string, bytes = 48): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}
