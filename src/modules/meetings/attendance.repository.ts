import { and, asc, count, desc, eq, gte, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../shared/db/db.js';
import { auditLog } from '../audit/audit.table.js';
import type { HeldMeeting } from './absence.models.js';
import { attendance, rsvps } from './attendance.table.js';
import { meetings } from './meetings.table.js';
import type { Meeting } from './meetings.repository.js';

export type AttendanceRow = typeof attendance.$inferSelect;
export type NewAttendance = typeof attendance.$inferInsert;
export type Rsvp = typeof rsvps.$inferSelect;

export const CODE_REFUSED_ACTION = 'checkin.code_refused';

export function createAttendanceRepository({ db }: { db: DbOrTx }) {
  /**
   * The meeting row, locked for the rest of the transaction: 'update' for what changes the
   * check-in itself (open, close), 'share' for check-ins, so none lands half-way through a close.
   */
  async function lockMeeting(id: number, mode: 'update' | 'share'): Promise<Meeting | undefined> {
    const [row] = await db.select().from(meetings).where(eq(meetings.id, id)).for(mode);
    return row;
  }

  /** The branch's meeting whose check-in is open now, if any (the latest opened). */
  async function openCheckinMeeting(branchId: number): Promise<Meeting | undefined> {
    const [row] = await db
      .select()
      .from(meetings)
      .where(and(eq(meetings.branchId, branchId), isNotNull(meetings.checkinOpenedAt), isNull(meetings.checkinClosedAt)))
      .orderBy(desc(meetings.checkinOpenedAt))
      .limit(1);
    return row;
  }

  /** The branch's meeting whose check-in was opened last (open or closed). */
  async function lastCheckinMeeting(branchId: number): Promise<Meeting | undefined> {
    const [row] = await db
      .select()
      .from(meetings)
      .where(and(eq(meetings.branchId, branchId), isNotNull(meetings.checkinOpenedAt)))
      .orderBy(desc(meetings.checkinOpenedAt))
      .limit(1);
    return row;
  }

  async function forMeeting(meetingId: number): Promise<AttendanceRow[]> {
    return db.select().from(attendance).where(eq(attendance.meetingId, meetingId));
  }

  async function find(meetingId: number, memberId: number): Promise<AttendanceRow | undefined> {
    const [row] = await db
      .select()
      .from(attendance)
      .where(and(eq(attendance.meetingId, meetingId), eq(attendance.memberId, memberId)));
    return row;
  }

  /** Insert or overwrite members' rows for a meeting (every column given is written). */
  async function upsert(rows: NewAttendance[]): Promise<void> {
    if (rows.length === 0) return;
    const excluded = (column: string) => sql.raw(`excluded.${column}`);
    await db
      .insert(attendance)
      .values(rows)
      .onConflictDoUpdate({
        target: [attendance.meetingId, attendance.memberId],
        set: {
          status: excluded('status'),
          checkedInAt: excluded('checked_in_at'),
          reason: excluded('reason'),
          reasonGivenAt: excluded('reason_given_at'),
          reasonAccepted: excluded('reason_accepted'),
          decidedByMemberId: excluded('decided_by_member_id'),
          decidedAt: excluded('decided_at'),
          recordedByMemberId: excluded('recorded_by_member_id'),
        },
      });
  }

  async function rsvpsFor(meetingId: number): Promise<Rsvp[]> {
    return db.select().from(rsvps).where(eq(rsvps.meetingId, meetingId));
  }

  async function rsvpFor(meetingId: number, memberId: number): Promise<Rsvp | undefined> {
    const [row] = await db
      .select()
      .from(rsvps)
      .where(and(eq(rsvps.meetingId, meetingId), eq(rsvps.memberId, memberId)));
    return row;
  }

  /** The branch's held meetings dated in a calendar year, in order, with every mark. */
  async function heldMeetingsOfYear(branchId: number, year: string): Promise<HeldMeeting[]> {
    const rows = await db
      .select({
        meetingId: meetings.id,
        date: meetings.date,
        period: meetings.period,
        memberId: attendance.memberId,
        status: attendance.status,
        reason: attendance.reason,
      })
      .from(meetings)
      .innerJoin(attendance, eq(attendance.meetingId, meetings.id))
      .where(
        and(
          eq(meetings.branchId, branchId),
          eq(meetings.status, 'held'),
          gte(meetings.date, `${year}-01-01`),
          lte(meetings.date, `${year}-12-31`),
        ),
      )
      .orderBy(asc(meetings.date), asc(meetings.id));
    const byMeeting = new Map<number, HeldMeeting & { marks: HeldMeeting['marks'][number][] }>();
    for (const r of rows) {
      const m = byMeeting.get(r.meetingId) ?? { meetingId: r.meetingId, date: r.date!, period: r.period, marks: [] };
      m.marks.push({ memberId: r.memberId, status: r.status, reason: r.reason });
      byMeeting.set(r.meetingId, m);
    }
    return [...byMeeting.values()];
  }

  /** Wrong codes a member typed for a meeting (kept in the audit log). */
  async function refusedCodes(meetingId: number, memberId: number): Promise<number> {
    const [row] = await db
      .select({ n: count() })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.action, CODE_REFUSED_ACTION),
          eq(auditLog.actorMemberId, memberId),
          eq(auditLog.subjectType, 'meeting'),
          eq(auditLog.subjectId, String(meetingId)),
        ),
      );
    return row?.n ?? 0;
  }

  return {
    lockMeeting,
    openCheckinMeeting,
    lastCheckinMeeting,
    forMeeting,
    find,
    upsert,
    rsvpsFor,
    rsvpFor,
    heldMeetingsOfYear,
    refusedCodes,
  };
}

export type AttendanceRepository = ReturnType<typeof createAttendanceRepository>;
