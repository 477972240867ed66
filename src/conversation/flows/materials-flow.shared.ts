import { and, asc, desc, eq, inArray, or } from 'drizzle-orm';
import { isHttpUrl } from '../../modules/materials/materials.models.js';
import { materials } from '../../modules/materials/materials.table.js';
import { orgUnits } from '../../modules/org-units/org-units.table.js';
import { unitRoles } from '../../modules/unit-roles/unit-roles.table.js';
import type { DbOrTx } from '../../shared/db/db.js';
import { parseViDate, parseViTime, vnDate, vnInstant } from '../../shared/vn-time.js';

// Read-only lookups the materials chat flows need to offer choices. Who may publish is still
// decided by the use cases (publishMaterial, materialReport); these only shape the questions.
export type UnitChoice = { id: number; name: string };

/** Units where the member is a propaganda officer (usually one). */
export async function propagandaUnits(db: DbOrTx, memberId: number): Promise<UnitChoice[]> {
  return db
    .select({ id: orgUnits.id, name: orgUnits.name })
    .from(unitRoles)
    .innerJoin(orgUnits, eq(orgUnits.id, unitRoles.orgUnitId))
    .where(and(eq(unitRoles.memberId, memberId), eq(unitRoles.role, 'propaganda')))
    .orderBy(asc(orgUnits.name));
}

/** The units directly under a unit, for "choose units by number". */
export async function childUnits(db: DbOrTx, unitId: number): Promise<UnitChoice[]> {
  return db
    .select({ id: orgUnits.id, name: orgUnits.name })
    .from(orgUnits)
    .where(eq(orgUnits.parentId, unitId))
    .orderBy(asc(orgUnits.name), asc(orgUnits.id));
}

/** The newest material the officer published, or published (by HTTP/CLI) at a unit they serve. */
export async function latestMaterialId(db: DbOrTx, memberId: number): Promise<number | undefined> {
  const units = (await propagandaUnits(db, memberId)).map((u) => u.id);
  const [row] = await db
    .select({ id: materials.id })
    .from(materials)
    .where(or(eq(materials.publishedByMemberId, memberId), units.length ? inArray(materials.orgUnitId, units) : undefined))
    .orderBy(desc(materials.createdAt), desc(materials.id))
    .limit(1);
  return row?.id;
}

/** 'dd/mm HH:MM' (also 'dd/mm/yyyy 8h30') typed by a person → the instant in Vietnam time. */
export function parseSendAt(input: string, now: Date): Date | null {
  const m = /^\s*(\S+)\s+(.+?)\s*$/.exec(input);
  if (!m) return null;
  const date = parseViDate(m[1]!, vnDate(now));
  const time = parseViTime(m[2]!);
  return date && time ? vnInstant(date, time) : null;
}

/** A link the officer pasted instead of a file. */
export const asLink = (s: string): string | null => {
  const t = s.trim();
  return /^\S+$/.test(t) && isHttpUrl(t) ? t : null;
};
