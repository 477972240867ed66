import { bigint, boolean, index, pgEnum, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { members } from '../members/members.table.js';
import { meetings } from './meetings.table.js';

export const rsvpAnswerEnum = pgEnum('rsvp_answer', ['attend', 'away']);
export const attendanceStatusEnum = pgEnum('attendance_status', ['present', 'absent_excused', 'absent_unexcused']);

// A member's answer to the meeting notice; changes until the meeting starts (history in audit_log).
export const rsvps = pgTable(
  'rsvps',
  {
    meetingId: bigint('meeting_id', { mode: 'number' })
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    memberId: bigint('member_id', { mode: 'number' })
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    answer: rsvpAnswerEnum('answer').notNull(),
    reason: text('reason'),
    answeredAt: timestamp('answered_at', { withTimezone: true }).notNull(),
    // The member themself, or the bí thư answering for a member without a chat account.
    recordedByMemberId: bigint('recorded_by_member_id', { mode: 'number' }).references(() => members.id, { onDelete: 'set null' }),
  },
  (t) => [primaryKey({ name: 'rsvps_pkey', columns: [t.meetingId, t.memberId] })],
);

// Presence at the meeting. Check-in writes 'present'; closing check-in fills in everyone else.
export const attendance = pgTable(
  'attendance',
  {
    meetingId: bigint('meeting_id', { mode: 'number' })
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    memberId: bigint('member_id', { mode: 'number' })
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    status: attendanceStatusEnum('status').notNull(),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
    // An absence keeps its reason, when it was given, and whether the bí thư accepted it.
    reason: text('reason'),
    reasonGivenAt: timestamp('reason_given_at', { withTimezone: true }),
    reasonAccepted: boolean('reason_accepted'),
    decidedByMemberId: bigint('decided_by_member_id', { mode: 'number' }).references(() => members.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    recordedByMemberId: bigint('recorded_by_member_id', { mode: 'number' }).references(() => members.id, { onDelete: 'set null' }),
  },
  (t) => [primaryKey({ name: 'attendance_pkey', columns: [t.meetingId, t.memberId] }), index('attendance_member_idx').on(t.memberId)],
);
