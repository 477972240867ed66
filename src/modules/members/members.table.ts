import { bigint, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { memberKindEnum, memberRoleEnum, memberStatusEnum, platformEnum } from '../../shared/db/enums.js';
import { orgUnits } from '../org-units/org-units.table.js';

// A party member. Deliberately minimal personal data (domain.md, "Security and privacy"):
// no national ID, no party card number, no date of admission.
export const members = pgTable(
  'members',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    branchId: bigint('branch_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnits.id),
    groupId: bigint('group_id', { mode: 'number' }).references(() => orgUnits.id),
    fullName: text('full_name').notNull(),
    // Normalised international form without "+", e.g. "84912345678"; one person, one phone.
    phone: text('phone').notNull().unique(),
    role: memberRoleEnum('role').notNull().default('member'),
    kind: memberKindEnum('kind').notNull().default('official'),
    status: memberStatusEnum('status').notNull().default('active'),
    preferredPlatform: platformEnum('preferred_platform'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('members_branch_idx').on(t.branchId), index('members_group_idx').on(t.groupId)],
);
