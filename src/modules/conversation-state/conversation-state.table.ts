import { jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { platformEnum } from '../../shared/db/enums.js';

// Where a person is in a multi-step chat flow ("type the reason for your absence"), so the
// next free-text message is understood. Kept in Postgres: a restart loses no conversation.
export const conversationStates = pgTable(
  'conversation_states',
  {
    platform: platformEnum('platform').notNull(),
    externalId: text('external_id').notNull(),
    flow: text('flow').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'conversation_states_pkey', columns: [t.platform, t.externalId] })],
);
