import { eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../shared/db/db.js';
import type { Member } from '../members/members.repository.js';
import { members } from '../members/members.table.js';
import { orgUnits } from '../org-units/org-units.table.js';

export type NewMember = typeof members.$inferInsert;
export type MemberPatch = Partial<Pick<Member, 'branchId' | 'groupId' | 'fullName' | 'role' | 'kind' | 'status'>>;
export type BranchMember = { fullName: string; phone: string; branchId: number; branchName: string; role: Member['role'] };

// Postgres caps a statement at 65,535 parameters; a province roster has ~100k rows.
const CHUNK = 5_000;
function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function createRosterRepository({ db }: { db: DbOrTx }) {
  /** `phones` normalised. Rows are locked so a concurrent import waits instead of interleaving. */
  async function findMembersByPhones(phones: readonly string[]): Promise<Member[]> {
    const found: Member[] = [];
    for (const part of chunks(phones)) {
      found.push(...(await db.select().from(members).where(inArray(members.phone, part)).for('update')));
    }
    return found;
  }

  async function insertMembers(rows: readonly NewMember[]): Promise<void> {
    for (const part of chunks(rows, 1_000)) await db.insert(members).values(part);
  }

  async function updateMember(id: number, patch: MemberPatch): Promise<void> {
    await db
      .update(members)
      .set({ ...patch, updatedAt: sql`now()` })
      .where(eq(members.id, id));
  }

  async function listBranchMembers(branchIds: readonly number[]): Promise<BranchMember[]> {
    const out: BranchMember[] = [];
    for (const part of chunks(branchIds)) {
      out.push(
        ...(await db
          .select({
            fullName: members.fullName,
            phone: members.phone,
            branchId: members.branchId,
            branchName: orgUnits.name,
            role: members.role,
          })
          .from(members)
          .innerJoin(orgUnits, eq(orgUnits.id, members.branchId))
          .where(inArray(members.branchId, part))),
      );
    }
    return out;
  }

  return { findMembersByPhones, insertMembers, updateMember, listBranchMembers };
}

export type RosterRepository = ReturnType<typeof createRosterRepository>;
