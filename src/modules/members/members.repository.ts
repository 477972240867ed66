import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../shared/db/db.js';
import { orgUnits } from '../org-units/org-units.table.js';
import { members } from './members.table.js';

export type Member = typeof members.$inferSelect;
export type MemberWithBranch = Member & { branchName: string };

export function createMembersRepository({ db }: { db: DbOrTx }) {
  const withBranch = { member: members, branchName: orgUnits.name };

  async function findById(id: number): Promise<MemberWithBranch | undefined> {
    const [row] = await db
      .select(withBranch)
      .from(members)
      .innerJoin(orgUnits, eq(orgUnits.id, members.branchId))
      .where(eq(members.id, id));
    return row && { ...row.member, branchName: row.branchName };
  }

  /** `phone` must already be normalised (members.models normalizePhone). */
  async function findByPhone(phone: string): Promise<MemberWithBranch | undefined> {
    const [row] = await db
      .select(withBranch)
      .from(members)
      .innerJoin(orgUnits, eq(orgUnits.id, members.branchId))
      .where(eq(members.phone, phone));
    return row && { ...row.member, branchName: row.branchName };
  }

  async function listByBranch(branchId: number): Promise<Member[]> {
    return db.select().from(members).where(eq(members.branchId, branchId)).orderBy(asc(members.fullName), asc(members.id));
  }

  return { findById, findByPhone, listByBranch };
}

export type MembersRepository = ReturnType<typeof createMembersRepository>;
