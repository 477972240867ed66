import { sql } from 'drizzle-orm';
import { bigint, date, index, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { members } from '../members/members.table.js';
import { orgUnits } from '../org-units/org-units.table.js';

export const meetingKindEnum = pgEnum('meeting_kind', ['regular', 'thematic', 'combined']);
export const meetingStatusEnum = pgEnum('meeting_status', ['scheduled', 'needs_date', 'held', 'cancelled']);

// A branch meeting. Dates are Vietnam calendar dates ('YYYY-MM-DD') and times 'HH:MM' in
// Asia/Ho_Chi_Minh: the rules ("7 days before", "the 3rd") are about calendar days there.
export const meetings = pgTable(
  'meetings',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    branchId: bigint('branch_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnits.id),
    kind: meetingKindEnum('kind').notNull().default('regular'),
    // The month the meeting belongs to, 'YYYY-MM'.
    period: text('period').notNull(),
    topic: text('topic'),
    date: date('date', { mode: 'string' }),
    time: text('time'),
    place: text('place'),
    status: meetingStatusEnum('status').notNull().default('scheduled'),
    // 'rule': computed from the unit settings and holidays; 'moved': set by the bí thư, kept.
    dateSource: text('date_source').notNull().default('rule'),
    startedAt: timestamp('started_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    checkinOpenedAt: timestamp('checkin_opened_at', { withTimezone: true }),
    checkinClosedAt: timestamp('checkin_closed_at', { withTimezone: true }),
    // Short code read out in the room, when the bí thư wants to stop remote check-ins.
    checkinCode: text('checkin_code'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One regular (or combined) meeting per branch and month; thematic meetings may add more.
    uniqueIndex('meetings_branch_period_regular_key')
      .on(t.branchId, t.period)
      .where(sql`${t.kind} <> 'thematic'`),
    index('meetings_date_idx').on(t.date),
    index('meetings_branch_idx').on(t.branchId),
  ],
);

// The committee's preparatory meeting (họp chi ủy) for a branch meeting.
export const prepMeetings = pgTable('prep_meetings', {
  meetingId: bigint('meeting_id', { mode: 'number' })
    .primaryKey()
    .references(() => meetings.id, { onDelete: 'cascade' }),
  // 'held' on `onDate`, or 'planned' for `onDate`.
  state: text('state').notNull(),
  onDate: date('on_date', { mode: 'string' }).notNull(),
  agenda: jsonb('agenda')
    .$type<string[]>()
    .notNull()
    .default(sql`'[]'::jsonb`),
  keyIssues: jsonb('key_issues')
    .$type<string[]>()
    .notNull()
    .default(sql`'[]'::jsonb`),
  // Members asked to prepare a contribution.
  preparerIds: jsonb('preparer_ids')
    .$type<number[]>()
    .notNull()
    .default(sql`'[]'::jsonb`),
  recordedByMemberId: bigint('recorded_by_member_id', { mode: 'number' }).references(() => members.id, { onDelete: 'set null' }),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
});
