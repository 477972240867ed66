import type { MemberRole, MemberStatus } from '../../shared/db/enums.js';

/**
 * Vietnamese phone numbers in one form: "84" + national number, digits only.
 * "0912 345 678", "+84 912345678", "84912345678" and "(+84) 912.345.678" are one number.
 * Mobile numbers have 9 national digits starting 3, 5, 7, 8 or 9; landlines 10 starting 2.
 * Returns null for anything else (a foreign number, a typo, a national ID in the wrong column).
 */
export function normalizePhone(raw: string): string | null {
  const digits = raw.replace(/[\s.\-()]/g, '');
  if (!/^\+?\d+$/.test(digits)) return null;
  let national: string;
  const d = digits.replace(/^\+/, '');
  if (digits.startsWith('+')) {
    if (!d.startsWith('84')) return null;
    national = d.slice(2);
  } else if (d.startsWith('0')) {
    national = d.slice(1);
  } else if (d.startsWith('84') && (d.length === 11 || d.length === 12)) {
    national = d.slice(2);
  } else {
    return null;
  }
  const mobile = /^[35789]\d{8}$/.test(national);
  const landline = /^2\d{9}$/.test(national);
  return mobile || landline ? `84${national}` : null;
}

/**
 * An active member: counts for attendance, gets notices and tasks. Exempt and temporarily exempt
 * members are excused from party activity (Charter Art. 7). One rule, one place.
 */
export const isActiveMember = (m: { status: MemberStatus }) => m.status === 'active';

/** The active bí thư of a roster (one per branch; a list, as a roster may be mid-import). */
export const activeSecretaries = <T extends { role: MemberRole; status: MemberStatus }>(roster: readonly T[]): T[] =>
  roster.filter((m) => m.role === 'secretary' && isActiveMember(m));

/** Roles that sit on the branch's leadership (who is nagged, who may act for members). */
export const LEADERSHIP_ROLES: readonly MemberRole[] = ['secretary', 'deputy', 'committee_member'];

/**
 * The bí thư and phó bí thư, while active: they move meetings, run check-in and polls, answer
 * for members without a chat account and get the branch's reports. One rule, one place.
 */
export const isBranchLeader = (m: { role: MemberRole; status: MemberStatus }) =>
  (m.role === 'secretary' || m.role === 'deputy') && isActiveMember(m);

export const branchLeaders = <T extends { role: MemberRole; status: MemberStatus }>(roster: readonly T[]): T[] =>
  roster.filter(isBranchLeader);
