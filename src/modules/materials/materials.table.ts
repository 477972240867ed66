import {
  bigint,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';
import { platformEnum } from '../../shared/db/enums.js';
import { members } from '../members/members.table.js';
import { orgUnits } from '../org-units/org-units.table.js';
import { outbox } from '../outbox/outbox.table.js';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

export const materialStatusEnum = pgEnum('material_status', ['scheduled', 'sending', 'sent', 'cancelled']);
export const materialAudienceEnum = pgEnum('material_audience', ['all', 'committee']);

// Monthly meeting material (tài liệu sinh hoạt chi bộ) published by a propaganda officer of a
// unit to the branches below it. Material bearing a state-secret mark never gets a row.
export const materials = pgTable(
  'materials',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnits.id),
    publishedByMemberId: bigint('published_by_member_id', { mode: 'number' }).references(() => members.id, { onDelete: 'set null' }),
    // 'chat' | 'http' | 'cli': where it was published from.
    source: text('source').notNull(),
    period: text('period').notNull(),
    title: text('title').notNull(),
    audience: materialAudienceEnum('audience').notNull().default('all'),
    // Units chosen inside the publisher's subtree; empty: the whole subtree.
    scopeUnitIds: jsonb('scope_unit_ids').$type<number[]>().notNull(),
    // A document (file name, size) or a link.
    fileName: text('file_name'),
    fileSize: integer('file_size'),
    mimeType: text('mime_type'),
    linkUrl: text('link_url'),
    // The sender confirmed a second time that "Lưu hành nội bộ" material may go out.
    internalConfirmed: boolean('internal_confirmed').notNull().default(false),
    status: materialStatusEnum('status').notNull(),
    sendAt: timestamp('send_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('materials_unit_period_idx').on(t.orgUnitId, t.period), index('materials_status_send_idx').on(t.status, t.sendAt)],
);

// The document's bytes when it did not arrive through a chat platform (HTTP, CLI), kept until
// every platform has its own file id; then the upload is re-sent by id.
export const materialFiles = pgTable('material_files', {
  materialId: bigint('material_id', { mode: 'number' })
    .primaryKey()
    .references(() => materials.id, { onDelete: 'cascade' }),
  content: bytea('content').notNull(),
});

// The platform's id of the uploaded document, reused for every recipient on that platform.
// The first sender claims the row (claimedAt) and uploads; others wait for the file id, so the
// document is uploaded once per platform even with several workers. A stale claim is retaken.
export const materialPlatformFiles = pgTable(
  'material_platform_files',
  {
    materialId: bigint('material_id', { mode: 'number' })
      .notNull()
      .references(() => materials.id, { onDelete: 'cascade' }),
    platform: platformEnum('platform').notNull(),
    fileId: text('file_id'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ name: 'material_platform_files_pkey', columns: [t.materialId, t.platform] })],
);

// One row per member the material is meant for: delivered once, on the preferred platform.
// Status is pending → sent → acknowledged, or failed with a reason (not linked, blocked, …).
export const materialDeliveries = pgTable(
  'material_deliveries',
  {
    materialId: bigint('material_id', { mode: 'number' })
      .notNull()
      .references(() => materials.id, { onDelete: 'cascade' }),
    memberId: bigint('member_id', { mode: 'number' })
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    branchId: bigint('branch_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnits.id),
    outboxId: bigint('outbox_id', { mode: 'number' }).references(() => outbox.id, { onDelete: 'set null' }),
    platform: platformEnum('platform'),
    // Set when there is no outbox row to tell the story, e.g. 'not_linked'.
    failure: text('failure'),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('material_deliveries_material_member_key').on(t.materialId, t.memberId),
    index('material_deliveries_branch_idx').on(t.materialId, t.branchId),
    index('material_deliveries_outbox_idx').on(t.outboxId),
  ],
);
