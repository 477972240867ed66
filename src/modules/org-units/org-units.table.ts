import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgTable, text, timestamp, unique, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { orgUnitKindEnum } from '../../shared/db/enums.js';

// The party organisation as a tree: province → committee → branch → party group.
// `path` is the materialised chain of ancestor ids ("/1/7/42/") so a whole subtree
// (every branch under a committee, for materials and reports) is one indexed prefix scan.
export const orgUnits = pgTable(
  'org_units',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    parentId: bigint('parent_id', { mode: 'number' }).references((): AnyPgColumn => orgUnits.id),
    kind: orgUnitKindEnum('kind').notNull(),
    name: text('name').notNull(),
    // Name folded for matching (no case, diacritics or spaces): "Chi bộ 1" = "chi bo 1".
    nameKey: text('name_key').notNull(),
    path: text('path').notNull(),
    // Settings inherited downwards (meeting day, reminder hours, ...); a child overrides keys.
    settings: jsonb('settings')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('org_units_parent_name_key').on(t.parentId, t.nameKey).nullsNotDistinct(),
    index('org_units_path_idx').on(t.path.op('text_pattern_ops')),
    index('org_units_kind_idx').on(t.kind),
  ],
);
