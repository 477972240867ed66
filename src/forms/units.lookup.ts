import type { Db } from '../shared/db/db.js';
import type { OrgUnitKind } from '../shared/db/enums.js';
import { matchKey } from '../shared/fold.js';
import { createOrgUnitsRepository, type OrgUnit } from '../modules/org-units/org-units.repository.js';
import { admin } from '../texts/index.js';

/** Find a branch by name, disambiguated by its committee when names repeat across committees. */
export async function findBranch(db: Db, name: string, committee?: string): Promise<{ unit: OrgUnit } | { error: string }> {
  const units = createOrgUnitsRepository({ db });
  let found = await units.findByName('branch', name);
  const parents = new Map<number, OrgUnit>();
  for (const b of found) if (b.parentId) parents.set(b.id, (await units.findById(b.parentId))!);
  if (committee) found = found.filter((b) => parents.get(b.id)?.nameKey === matchKey(committee));
  if (found.length === 0) return { error: admin.branchNotFound(name) };
  if (found.length > 1)
    return {
      error: admin.branchAmbiguous(
        name,
        found.map((b) => parents.get(b.id)?.name ?? '—'),
      ),
    };
  return { unit: found[0]! };
}

/** Any unit by name (committees, provinces, branches): for granting unit roles. */
export async function findUnit(db: Db, name: string): Promise<{ unit: OrgUnit } | { error: string }> {
  const units = createOrgUnitsRepository({ db });
  const kinds: OrgUnitKind[] = ['province', 'committee', 'branch', 'group'];
  const found = (await Promise.all(kinds.map((k) => units.findByName(k, name)))).flat();
  if (found.length === 0) return { error: admin.unitNotFound(name) };
  if (found.length > 1) return { error: admin.unitAmbiguous(name) };
  return { unit: found[0]! };
}
