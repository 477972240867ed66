import { z } from 'zod';

// Zalo is optional: with none of the three secrets set there is no Zalo channel.
export const zaloConfigFragment = {
  ZALO_APP_ID: z
    .string()
    .regex(/^\d{1,25}$/, 'ZALO_APP_ID looks wrong: expected the numeric App ID from developers.zalo.me')
    .optional()
    .describe('Zalo App ID (developers.zalo.me). Set together with ZALO_APP_SECRET and ZALO_OA_SECRET_KEY to enable Zalo.'),
  ZALO_APP_SECRET: z
    .string()
    .min(8, { error: 'ZALO_APP_SECRET looks too short: copy the App Secret Key from developers.zalo.me' })
    .optional()
    .describe('Zalo App Secret Key: the secret_key header of the OAuth v4 token endpoint. Never logged.'),
  ZALO_OA_SECRET_KEY: z
    .string()
    .min(8, { error: "ZALO_OA_SECRET_KEY looks too short: copy the OA Secret Key from the app's Webhook settings" })
    .optional()
    .describe('OA Secret Key that signs webhooks (X-ZEvent-Signature); not the App Secret. Never logged.'),
  ZALO_API_ROOT: z
    .string()
    .url()
    .default('https://openapi.zalo.me/')
    .transform((u) => (u.endsWith('/') ? u : `${u}/`))
    .describe('Zalo OA Open API root; tests point it at the fake server.'),
  ZALO_OAUTH_ROOT: z
    .string()
    .url()
    .default('https://oauth.zaloapp.com/')
    .transform((u) => (u.endsWith('/') ? u : `${u}/`))
    .describe('Zalo OAuth v4 root (token exchange and refresh); tests point it at the fake server.'),
  ZALO_OA_ID: z
    .string()
    .regex(/^\d{1,25}$/, 'ZALO_OA_ID looks wrong: expected the numeric id of the Official Account')
    .optional()
    .describe('The Official Account id: invites then give members the https://zalo.me/<id> link to open the OA.'),
  ZALO_REQUEST_INFO_IMAGE_URL: z
    .string()
    .url()
    .default('https://developers.zalo.me/web/static/zalo.png')
    .describe('Image on the "share your phone" card (Zalo requires one); any public https image.'),
  ZALO_RATE_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(4000)
    .describe('Ceiling of Zalo OA API calls per minute across all workers (Zalo documents 4,000 per app).'),
};

type ZaloKeys = { ZALO_APP_ID?: string | undefined; ZALO_APP_SECRET?: string | undefined; ZALO_OA_SECRET_KEY?: string | undefined };

/** All three secrets or none: half a Zalo setup would accept forged webhooks or never get a token. */
export function zaloConfigIssues(c: ZaloKeys): { path: keyof ZaloKeys; message: string }[] {
  const keys = ['ZALO_APP_ID', 'ZALO_APP_SECRET', 'ZALO_OA_SECRET_KEY'] as const;
  const set = keys.filter((k) => c[k] !== undefined);
  if (set.length === 0 || set.length === keys.length) return [];
  return keys
    .filter((k) => c[k] === undefined)
    .map((k) => ({ path: k, message: `${k} is required when ${set.join(' and ')} ${set.length > 1 ? 'are' : 'is'} set (Zalo channel)` }));
}

export const zaloEnabled = (c: ZaloKeys): boolean => zaloConfigIssues(c).length === 0 && c.ZALO_APP_ID !== undefined;
