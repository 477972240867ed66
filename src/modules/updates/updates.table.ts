import { pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { platformEnum } from '../../shared/db/enums.js';

// Inbound updates already handled. Platforms deliver at least once; an update is
// recorded here in the same transaction as the state it changes, so a redelivery
// (after a restart, or a webhook retry) finds it and changes nothing.
// Telegram update_id turns random after a week of silence: dedupe by membership, not by order.
export const processedUpdates = pgTable(
  'processed_updates',
  {
    platform: platformEnum('platform').notNull(),
    updateId: text('update_id').notNull(),
    outcome: text('outcome').notNull().default('handled'),
    processedAt: timestamp('processed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'processed_updates_pkey', columns: [t.platform, t.updateId] })],
);
