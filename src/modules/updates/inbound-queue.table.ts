import { integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { platformEnum } from '../../shared/db/enums.js';

// Webhook events accepted but not yet handled. Zalo wants its answer within 2 seconds, so an
// event is written here (one insert), answered, then handled; a crash in between loses
// nothing because a sweep handles what is left. A row is deleted once handled: message text
// is not kept (processed_updates keeps the dedupe key).
export const inboundQueue = pgTable(
  'inbound_queue',
  {
    platform: platformEnum('platform').notNull(),
    updateId: text('update_id').notNull(),
    event: jsonb('event').$type<Record<string, unknown>>().notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    notBefore: timestamp('not_before', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ name: 'inbound_queue_pkey', columns: [t.platform, t.updateId] })],
);
