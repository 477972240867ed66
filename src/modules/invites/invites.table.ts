import { bigint, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { members } from '../members/members.table.js';

// Single-use, expiring invite tokens for deep links (t.me/<bot>?start=<token>).
// Only a SHA-256 of the token is stored: a database leak does not leak working links.
export const inviteTokens = pgTable('invite_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  memberId: bigint('member_id', { mode: 'number' })
    .notNull()
    .references(() => members.id, { onDelete: 'cascade' }),
  // 'invite': first link; 'relink': move the member to a new account (issued by bí thư/admin).
  purpose: text('purpose').notNull().default('invite'),
  createdByMemberId: bigint('created_by_member_id', { mode: 'number' }).references(() => members.id, { onDelete: 'set null' }),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
