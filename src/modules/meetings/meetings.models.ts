import type { MemberKind, MemberRole, MemberStatus } from '../../shared/db/enums.js';
import { vnInstant } from '../../shared/vn-time.js';

type RosterMember = { id: number; role: MemberRole; kind: MemberKind; status: MemberStatus };

/** A branch has a chi ủy (committee) only with at least 9 official members (Điều lệ Đảng). */
export const COMMITTEE_MIN_OFFICIAL = 9;

export function hasCommittee(members: readonly RosterMember[]): boolean {
  return members.filter((m) => m.kind === 'official').length >= COMMITTEE_MIN_OFFICIAL;
}

/**
 * Who prepares the meeting and is nagged about it: bí thư, phó bí thư and chi ủy viên; in a
 * branch without a chi ủy, the bí thư and phó bí thư only.
 */
export function preparers<T extends RosterMember>(members: readonly T[]): T[] {
  const withCommittee = hasCommittee(members);
  return members.filter((m) => m.role === 'secretary' || m.role === 'deputy' || (withCommittee && m.role === 'committee_member'));
}

export function isPreparer(member: RosterMember, branchMembers: readonly RosterMember[]): boolean {
  return preparers(branchMembers).some((m) => m.id === member.id);
}

/** Minimum duration: 90 minutes, 120 for a combined regular + thematic meeting. */
export const minimumMinutes = (kind: 'regular' | 'thematic' | 'combined') => (kind === 'combined' ? 120 : 90);

/** When the meeting starts, as an instant (its date and time in Vietnam). */
export function meetingStart(m: { date: string | null; time: string | null }): Date | null {
  return m.date ? vnInstant(m.date, m.time ?? '00:00') : null;
}

/** Quarter of a 'YYYY-MM' period, and whether the month is the quarter's last. */
export const quarterOf = (period: string) => Math.ceil(Number(period.slice(5, 7)) / 3);
export const isLastMonthOfQuarter = (period: string) => Number(period.slice(5, 7)) % 3 === 0;
export function quarterPeriods(period: string): string[] {
  const y = period.slice(0, 4);
  const first = (quarterOf(period) - 1) * 3 + 1;
  return [first, first + 1, first + 2].map((m) => `${y}-${String(m).padStart(2, '0')}`);
}
