import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

// OA tokens at rest: AES-256-GCM under a key derived from ZALO_APP_SECRET, so a database dump
// or backup alone cannot send as the OA. The App Secret is already the one secret the refresh
// needs, so sealing adds no new secret to manage; changing it makes stored pairs unreadable
// (the store then asks for a new pair, which Zalo issues only to the new secret anyway).
const VERSION = 'v1';
const INFO = 'tro-ly-chi-bo/platform_tokens/zalo/v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Which column a value belongs to: bound as associated data, so columns cannot be swapped. */
export type SealedField = 'access' | 'refresh';

export function createTokenSealer(appSecret: string) {
  // HKDF with a fixed label: a dedicated key, never the App Secret itself.
  const key = Buffer.from(hkdfSync('sha256', appSecret, Buffer.alloc(0), INFO, 32));
  const aad = (field: SealedField) => Buffer.from(`${INFO}/${field}`);

  return {
    /** 'v1.' + base64url(iv | ciphertext | tag); a fresh random IV per value. */
    seal(plain: string, field: SealedField): string {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(aad(field));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${VERSION}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
    },
    /** null when sealed under another secret, for another column, or altered. */
    open(sealed: string, field: SealedField): string | null {
      if (!sealed.startsWith(`${VERSION}.`)) return null;
      const raw = Buffer.from(sealed.slice(VERSION.length + 1), 'base64url');
      if (raw.length < IV_BYTES + TAG_BYTES) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES)).setAAD(aad(field));
        decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}

export type TokenSealer = ReturnType<typeof createTokenSealer>;
