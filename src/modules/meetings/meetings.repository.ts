import { and, asc, eq, gte, inArray, ne } from 'drizzle-orm';
import type { DbOrTx } from '../../shared/db/db.js';
import { meetings, prepMeetings } from './meetings.table.js';

export type Meeting = typeof meetings.$inferSelect;
export type PrepMeeting = typeof prepMeetings.$inferSelect;
export type NewMeeting = typeof meetings.$inferInsert;

export function createMeetingsRepository({ db }: { db: DbOrTx }) {
  async function findById(id: number): Promise<Meeting | undefined> {
    const [row] = await db.select().from(meetings).where(eq(meetings.id, id));
    return row;
  }

  /** The regular (or combined) meeting of a branch for a month. */
  async function findRegular(branchId: number, period: string): Promise<Meeting | undefined> {
    const [row] = await db
      .select()
      .from(meetings)
      .where(and(eq(meetings.branchId, branchId), eq(meetings.period, period), ne(meetings.kind, 'thematic')));
    return row;
  }

  /**
   * The branch's next meeting that is not over: scheduled on or after `today`, or waiting
   * for a date. What "the meeting" means in chat commands.
   */
  async function upcoming(branchId: number, today: string): Promise<Meeting | undefined> {
    const rows = await db
      .select()
      .from(meetings)
      .where(and(eq(meetings.branchId, branchId), inArray(meetings.status, ['scheduled', 'needs_date'])))
      .orderBy(asc(meetings.period), asc(meetings.date));
    return rows.find((m) => m.status === 'needs_date' || (m.date !== null && m.date >= today));
  }

  async function listForBranchSince(branchId: number, fromPeriod: string): Promise<Meeting[]> {
    return db
      .select()
      .from(meetings)
      .where(and(eq(meetings.branchId, branchId), gte(meetings.period, fromPeriod)))
      .orderBy(asc(meetings.period), asc(meetings.id));
  }

  /** Insert when the branch has no regular meeting for that month yet (idempotent). */
  async function insertIfMissing(rows: NewMeeting[]): Promise<number> {
    if (rows.length === 0) return 0;
    const inserted = await db.insert(meetings).values(rows).onConflictDoNothing().returning({ id: meetings.id });
    return inserted.length;
  }

  async function update(id: number, patch: Partial<NewMeeting>, now: Date): Promise<Meeting> {
    const [row] = await db
      .update(meetings)
      .set({ ...patch, updatedAt: now })
      .where(eq(meetings.id, id))
      .returning();
    return row!;
  }

  async function insert(row: NewMeeting): Promise<Meeting> {
    const [created] = await db.insert(meetings).values(row).returning();
    return created!;
  }

  async function prepFor(meetingId: number): Promise<PrepMeeting | undefined> {
    const [row] = await db.select().from(prepMeetings).where(eq(prepMeetings.meetingId, meetingId));
    return row;
  }

  async function savePrep(row: typeof prepMeetings.$inferInsert): Promise<void> {
    await db.insert(prepMeetings).values(row).onConflictDoUpdate({ target: prepMeetings.meetingId, set: row });
  }

  return { findById, findRegular, upcoming, listForBranchSince, insertIfMissing, update, insert, prepFor, savePrep };
}

export type MeetingsRepository = ReturnType<typeof createMeetingsRepository>;
