import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { platformEnum } from '../../shared/db/enums.js';
import { meetings } from '../meetings/meetings.table.js';
import { members } from '../members/members.table.js';
import { orgUnits } from '../org-units/org-units.table.js';

export const taskStatusEnum = pgEnum('task_status', ['not_started', 'in_progress', 'done', 'blocked']);

// What a meeting decided (nghị quyết / kết luận), one row per item, in order.
export const resolutionItems = pgTable(
  'resolution_items',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    meetingId: bigint('meeting_id', { mode: 'number' })
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    text: text('text').notNull(),
    recordedByMemberId: bigint('recorded_by_member_id', { mode: 'number' }).references(() => members.id, { onDelete: 'set null' }),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('resolution_items_meeting_idx').on(t.meetingId)],
);

// A task the branch assigned. `meetingId` is the meeting whose resolution assigned it: the
// share of its tasks completed by the next meeting feeds the meeting grade (30 of 100 points).
export const tasks = pgTable(
  'tasks',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    branchId: bigint('branch_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnits.id),
    meetingId: bigint('meeting_id', { mode: 'number' }).references(() => meetings.id, { onDelete: 'set null' }),
    resolutionItemId: bigint('resolution_item_id', { mode: 'number' }).references(() => resolutionItems.id, { onDelete: 'set null' }),
    description: text('description').notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    // Assigned to the whole branch: every active member at assignment time is an assignee.
    wholeBranch: boolean('whole_branch').notNull().default(false),
    createdByMemberId: bigint('created_by_member_id', { mode: 'number' }).references(() => members.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  },
  (t) => [index('tasks_branch_idx').on(t.branchId), index('tasks_due_idx').on(t.dueDate), index('tasks_meeting_idx').on(t.meetingId)],
);

export const taskAssignees = pgTable(
  'task_assignees',
  {
    taskId: bigint('task_id', { mode: 'number' })
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    memberId: bigint('member_id', { mode: 'number' })
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ name: 'task_assignees_pkey', columns: [t.taskId, t.memberId] }), index('task_assignees_member_idx').on(t.memberId)],
);

/** A file the member sent with a report: the platform's own reference, never re-hosted. */
export type TaskAttachment = { platform: 'telegram' | 'zalo'; kind: 'photo' | 'document'; fileId: string; fileName?: string };

// Progress reports are a history: each report is a new row, never an update.
export const taskReports = pgTable(
  'task_reports',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    taskId: bigint('task_id', { mode: 'number' })
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    memberId: bigint('member_id', { mode: 'number' })
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    status: taskStatusEnum('status').notNull(),
    percent: integer('percent'),
    note: text('note'),
    attachment: jsonb('attachment').$type<TaskAttachment>(),
    viaPlatform: platformEnum('via_platform'),
    reportedAt: timestamp('reported_at', { withTimezone: true })
      .notNull()
      .default(sql`now()`),
    recordedByMemberId: bigint('recorded_by_member_id', { mode: 'number' }).references(() => members.id, { onDelete: 'set null' }),
  },
  (t) => [index('task_reports_task_member_idx').on(t.taskId, t.memberId, t.reportedAt)],
);
