import { bigint, pgTable, timestamp, unique } from 'drizzle-orm/pg-core';
import { unitRoleEnum } from '../../shared/db/enums.js';
import { members } from '../members/members.table.js';
import { orgUnits } from '../org-units/org-units.table.js';

// Roles held at an organisation unit rather than inside a branch: the upper-level
// committee member supervising a branch, a propaganda officer of a committee, an admin
// of a subtree. The holder is a party member (of some branch) in the roster.
export const unitRoles = pgTable(
  'unit_roles',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnits.id),
    memberId: bigint('member_id', { mode: 'number' })
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    role: unitRoleEnum('role').notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('unit_roles_unit_member_role_key').on(t.orgUnitId, t.memberId, t.role)],
);
