import { createHmac, timingSafeEqual } from 'node:crypto';

// Documents larger than a platform takes from a bot are sent as a link to our own HTTP server
// (PUBLIC_URL). The link carries an HMAC of the material id, so it cannot be guessed or
// walked; the key is derived from the bot token, a secret every deployment already has.
export function materialLinkKey(botToken: string): Buffer {
  return createHmac('sha256', botToken).update('material-download-links').digest();
}

export function materialLinkToken(key: Buffer, materialId: number): string {
  return createHmac('sha256', key).update(`material:${materialId}`).digest('base64url').slice(0, 32);
}

export function verifyMaterialLinkToken(key: Buffer, materialId: number, token: string): boolean {
  const expected = Buffer.from(materialLinkToken(key, materialId));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export const materialDownloadPath = (materialId: number, token: string) => `/materials/${materialId}/file/${token}`;

export function materialDownloadUrl(publicUrl: string, key: Buffer, materialId: number): string {
  return new URL(materialDownloadPath(materialId, materialLinkToken(key, materialId)), publicUrl).toString();
}
