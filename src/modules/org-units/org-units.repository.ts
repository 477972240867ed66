import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../shared/db/db.js';
import type { OrgUnitKind } from '../../shared/db/enums.js';
import { matchKey, tidy } from '../../shared/fold.js';
import { childPath, pathIds } from './org-units.models.js';
import { orgUnits } from './org-units.table.js';

export type OrgUnit = typeof orgUnits.$inferSelect;

export function createOrgUnitsRepository({ db }: { db: DbOrTx }) {
  async function findChild(parentId: number | null, name: string): Promise<OrgUnit | undefined> {
    const [row] = await db
      .select()
      .from(orgUnits)
      .where(and(parentId === null ? isNull(orgUnits.parentId) : eq(orgUnits.parentId, parentId), eq(orgUnits.nameKey, matchKey(name))));
    return row;
  }

  /** The unit with this name under this parent, created when missing (race-safe). */
  async function findOrCreateChild(parent: OrgUnit | null, kind: OrgUnitKind, name: string): Promise<{ unit: OrgUnit; created: boolean }> {
    const existing = await findChild(parent?.id ?? null, name);
    if (existing) return { unit: existing, created: false };
    const [inserted] = await db
      .insert(orgUnits)
      .values({ parentId: parent?.id ?? null, kind, name: tidy(name), nameKey: matchKey(name), path: '/' })
      .onConflictDoNothing({ target: [orgUnits.parentId, orgUnits.nameKey] })
      .returning();
    if (!inserted) return { unit: (await findChild(parent?.id ?? null, name))!, created: false };
    const [withPath] = await db
      .update(orgUnits)
      .set({ path: childPath(parent?.path ?? null, inserted.id) })
      .where(eq(orgUnits.id, inserted.id))
      .returning();
    return { unit: withPath!, created: true };
  }

  async function findById(id: number): Promise<OrgUnit | undefined> {
    const [row] = await db.select().from(orgUnits).where(eq(orgUnits.id, id));
    return row;
  }

  /** Units of a kind whose folded name matches ("chi bo 1" finds "Chi bộ 1"). */
  async function findByName(kind: OrgUnitKind, name: string): Promise<OrgUnit[]> {
    return db
      .select()
      .from(orgUnits)
      .where(and(eq(orgUnits.kind, kind), eq(orgUnits.nameKey, matchKey(name))));
  }

  /** The unit and its ancestors, root first. */
  async function lineage(unit: OrgUnit): Promise<OrgUnit[]> {
    const ids = pathIds(unit.path);
    const rows = await db.select().from(orgUnits).where(inArray(orgUnits.id, ids));
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)).filter((u): u is OrgUnit => u !== undefined);
  }

  async function updateSettings(unitId: number, patch: Record<string, unknown>): Promise<void> {
    await db
      .update(orgUnits)
      .set({ settings: sql`${orgUnits.settings} || ${JSON.stringify(patch)}::jsonb` })
      .where(eq(orgUnits.id, unitId));
  }

  return { findChild, findOrCreateChild, findById, findByName, lineage, updateSettings };
}

export type OrgUnitsRepository = ReturnType<typeof createOrgUnitsRepository>;
