import { bigint, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { members } from '../members/members.table.js';

// Who did what. `details` holds ids and codes only: never message text, phone numbers or tokens.
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorMemberId: bigint('actor_member_id', { mode: 'number' }).references(() => members.id, { onDelete: 'set null' }),
    // 'member', 'cli', 'system', 'http' — who acted when there is no member behind it.
    actorKind: text('actor_kind').notNull(),
    action: text('action').notNull(),
    subjectType: text('subject_type'),
    subjectId: text('subject_id'),
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  (t) => [index('audit_log_subject_idx').on(t.subjectType, t.subjectId), index('audit_log_at_idx').on(t.at)],
);
