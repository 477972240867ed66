import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../shared/db/db.js';
import type { UnitRole } from '../../shared/db/enums.js';
import { pathIds } from '../org-units/org-units.models.js';
import type { OrgUnit } from '../org-units/org-units.repository.js';
import { unitRoles } from './unit-roles.table.js';

export function createUnitRolesRepository({ db }: { db: DbOrTx }) {
  /** Whether the member holds `role` at `unit` or at any unit above it. */
  async function holdsOver(memberId: number, role: UnitRole, unit: Pick<OrgUnit, 'path'>): Promise<boolean> {
    const rows = await db
      .select({ id: unitRoles.id })
      .from(unitRoles)
      .where(and(eq(unitRoles.memberId, memberId), eq(unitRoles.role, role), inArray(unitRoles.orgUnitId, pathIds(unit.path))))
      .limit(1);
    return rows.length > 0;
  }

  async function grant(memberId: number, role: UnitRole, orgUnitId: number): Promise<boolean> {
    const rows = await db.insert(unitRoles).values({ memberId, role, orgUnitId }).onConflictDoNothing().returning({ id: unitRoles.id });
    return rows.length > 0;
  }

  async function holdersAt(orgUnitId: number, role: UnitRole): Promise<number[]> {
    const rows = await db
      .select({ memberId: unitRoles.memberId })
      .from(unitRoles)
      .where(and(eq(unitRoles.orgUnitId, orgUnitId), eq(unitRoles.role, role)));
    return rows.map((r) => r.memberId);
  }

  return { holdsOver, grant, holdersAt };
}

export type UnitRolesRepository = ReturnType<typeof createUnitRolesRepository>;
