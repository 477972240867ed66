import { bigint, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { outboxStatusEnum, platformEnum } from '../../shared/db/enums.js';
import { members } from '../members/members.table.js';
import type { StoredMessage } from '../../shared/outbound.js';

// Every message the bot sends is an outbox row, written in the same transaction as the
// state change that caused it; workers deliver rows and record the result. A Redis flush
// loses nothing: pending rows are re-enqueued from here.
export const outbox = pgTable(
  'outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    // Deterministic key of the intent ("prep-nag:branch:12:2026-11-26:member:5"): the same
    // intent twice (two workers, a restart) is one row.
    dedupeKey: text('dedupe_key').unique(),
    memberId: bigint('member_id', { mode: 'number' }).references(() => members.id, { onDelete: 'set null' }),
    platform: platformEnum('platform').notNull(),
    chatId: text('chat_id').notNull(),
    message: jsonb('message').$type<StoredMessage>().notNull(),
    status: outboxStatusEnum('status').notNull().default('pending'),
    // 'interactive': replies and reminders, sent at once; 'bulk': broadcasts, sent through the
    // rate-limited broadcast queue so they never crowd out a member's reply.
    lane: text('lane').notNull().default('interactive'),
    attempts: integer('attempts').notNull().default(0),
    notBefore: timestamp('not_before', { withTimezone: true }).notNull().defaultNow(),
    // Lease taken by whoever is sending the row, so two workers never send it twice.
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    providerMessageId: text('provider_message_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    index('outbox_pending_idx')
      .on(t.notBefore)
      .where(sql`${t.status} = 'pending'`),
    index('outbox_member_idx').on(t.memberId),
    // Finds a chat's held rows when that person writes again. Not partial on 'held' itself: a
    // value added to an enum cannot be used in the migration (transaction) that adds it.
    index('outbox_open_chat_idx')
      .on(t.platform, t.chatId)
      .where(sql`${t.status} not in ('sent', 'failed')`),
  ],
);
