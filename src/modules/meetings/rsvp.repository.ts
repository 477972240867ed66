import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../shared/db/db.js';
import { rsvps } from './attendance.table.js';

export type Rsvp = typeof rsvps.$inferSelect;
export type RsvpAnswer = Rsvp['answer'];

export function createRsvpRepository({ db }: { db: DbOrTx }) {
  async function find(meetingId: number, memberId: number): Promise<Rsvp | undefined> {
    const [row] = await db
      .select()
      .from(rsvps)
      .where(and(eq(rsvps.meetingId, meetingId), eq(rsvps.memberId, memberId)));
    return row;
  }

  async function listForMeeting(meetingId: number): Promise<Rsvp[]> {
    return db.select().from(rsvps).where(eq(rsvps.meetingId, meetingId));
  }

  /**
   * One answer per member and meeting; a new answer replaces the old one. An 'away' without a
   * reason keeps a reason given earlier: pressing "Vắng" again must not erase it before the
   * member has typed a new one. 'attend' clears it.
   */
  async function upsert(input: {
    meetingId: number;
    memberId: number;
    answer: RsvpAnswer;
    reason?: string | null | undefined;
    answeredAt: Date;
    recordedByMemberId: number;
  }): Promise<void> {
    const reason = input.answer === 'attend' ? null : (input.reason ?? null);
    const keepReason = input.answer === 'away' && input.reason === undefined;
    await db
      .insert(rsvps)
      .values({ ...input, reason })
      .onConflictDoUpdate({
        target: [rsvps.meetingId, rsvps.memberId],
        set: {
          answer: input.answer,
          answeredAt: input.answeredAt,
          recordedByMemberId: input.recordedByMemberId,
          // An 'attend' row has no reason, so keeping the column is enough.
          reason: keepReason ? sql`${rsvps.reason}` : reason,
        },
      });
  }

  return { find, listForMeeting, upsert };
}

export type RsvpRepository = ReturnType<typeof createRsvpRepository>;
