import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { platformEnum } from '../../shared/db/enums.js';

// OAuth credentials a platform rotates (Zalo OA: a 25 h access token and a single-use refresh
// token). Postgres holds the one current pair so every process uses it and a new pair is
// durable before anyone uses it. Values are sealed by the channel (never stored in clear).
export const platformTokens = pgTable('platform_tokens', {
  platform: platformEnum('platform').primaryKey(),
  accessToken: text('access_token').notNull(),
  refreshToken: text('refresh_token').notNull(),
  accessExpiresAt: timestamp('access_expires_at', { withTimezone: true }).notNull(),
  refreshExpiresAt: timestamp('refresh_expires_at', { withTimezone: true }),
  rotatedAt: timestamp('rotated_at', { withTimezone: true }).notNull(),
  // Set when the platform refused the refresh token: an admin must grant consent again.
  deadAt: timestamp('dead_at', { withTimezone: true }),
  deadReason: text('dead_reason'),
});
