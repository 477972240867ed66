import { and, asc, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../shared/db/db.js';
import { members } from '../members/members.table.js';
import { orgUnits } from '../org-units/org-units.table.js';
import { audienceOf } from './materials.models.js';

/** Where a material goes: the publishing unit, the chosen units below it (none: all of it), who. */
export type AudienceSpec = { orgUnitId: number; scopeUnitIds: readonly number[]; audience: 'all' | 'committee' };
export type MaterialRecipient = { memberId: number; branchId: number };

/**
 * Branches in scope, as a condition on org_units.path: a prefix scan per chosen unit, so a
 * whole province is one indexed query rather than a list of 4,000 branch ids.
 */
async function scopeCondition(db: DbOrTx, spec: AudienceSpec): Promise<SQL | undefined> {
  const [unit] = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, spec.orgUnitId));
  if (!unit) return undefined;
  const chosen = spec.scopeUnitIds.length
    ? (
        await db
          .select({ path: orgUnits.path })
          .from(orgUnits)
          .where(inArray(orgUnits.id, [...spec.scopeUnitIds]))
      ).map((r) => r.path)
    : [unit.path];
  // Paths are digits and slashes only: nothing to escape in LIKE.
  const inside = chosen.filter((p) => p.startsWith(unit.path));
  if (inside.length === 0) return undefined;
  return and(eq(orgUnits.kind, 'branch'), or(...inside.map((p) => like(orgUnits.path, `${p}%`))));
}

export async function countBranchesInScope(db: DbOrTx, spec: AudienceSpec): Promise<number> {
  const cond = await scopeCondition(db, spec);
  if (!cond) return 0;
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(orgUnits)
    .where(cond);
  return row?.n ?? 0;
}

/** The members a material is meant for, branch by branch, with the audience rule applied. */
export async function recipientsInScope(db: DbOrTx, spec: AudienceSpec): Promise<MaterialRecipient[]> {
  const cond = await scopeCondition(db, spec);
  if (!cond) return [];
  // The whole roster, exempt members included: it decides whether a branch has a chi ủy.
  const roster = await db
    .select({ id: members.id, branchId: members.branchId, role: members.role, kind: members.kind, status: members.status })
    .from(members)
    .innerJoin(orgUnits, eq(orgUnits.id, members.branchId))
    .where(cond)
    .orderBy(asc(members.branchId), asc(members.id));
  const byBranch = new Map<number, typeof roster>();
  for (const m of roster) {
    const list = byBranch.get(m.branchId);
    if (list) list.push(m);
    else byBranch.set(m.branchId, [m]);
  }
  return [...byBranch.values()].flatMap((branch) =>
    audienceOf(branch, spec.audience).map((m) => ({ memberId: m.id, branchId: m.branchId })),
  );
}
