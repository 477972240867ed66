import { bigint, index, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { platformEnum } from '../../shared/db/enums.js';
import { members } from '../members/members.table.js';

// A chat account linked to a member. A member has at most one account per platform;
// an account belongs to at most one member. IDs are strings: Zalo ids overflow JS numbers.
export const chatIdentities = pgTable(
  'chat_identities',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    memberId: bigint('member_id', { mode: 'number' })
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    platform: platformEnum('platform').notNull(),
    externalId: text('external_id').notNull(),
    // Where to write to this account (Telegram private chat id; Zalo user id).
    chatId: text('chat_id').notNull(),
    linkedAt: timestamp('linked_at', { withTimezone: true }).notNull().defaultNow(),
    // Last inbound message from the account: Zalo only lets us write within 7 days of it.
    lastInteractionAt: timestamp('last_interaction_at', { withTimezone: true }),
    // Set when the platform says the user blocked the bot; cleared when they write again.
    blockedAt: timestamp('blocked_at', { withTimezone: true }),
  },
  (t) => [
    unique('chat_identities_platform_external_key').on(t.platform, t.externalId),
    unique('chat_identities_member_platform_key').on(t.memberId, t.platform),
    index('chat_identities_member_idx').on(t.memberId),
  ],
);
