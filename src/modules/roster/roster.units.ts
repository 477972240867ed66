import { matchKey } from '../../shared/fold.js';
import type { OrgUnit, OrgUnitsRepository } from '../org-units/org-units.repository.js';
import { branchKey, type RosterEntry } from './roster.models.js';

/** Where a row's member belongs. groupId undefined: the file has no party-group column. */
export type Place = { branchId: number; groupId: number | null | undefined };

/**
 * Find or create the committee → branch → group chain of every row, once per distinct name
 * (folded: "chi bo 1" is "Chi bộ 1"). Committees go under the province when one is named.
 */
export async function resolveUnits(
  { entries, province }: { entries: readonly RosterEntry[]; province?: string },
  { units }: { units: OrgUnitsRepository },
): Promise<{ placeOf: (entry: RosterEntry) => Place; unitsCreated: number }> {
  let unitsCreated = 0;
  const cache = new Map<string, OrgUnit>();
  async function once(key: string, find: () => Promise<{ unit: OrgUnit; created: boolean }>): Promise<OrgUnit> {
    const known = cache.get(key);
    if (known) return known;
    const { unit, created } = await find();
    if (created) unitsCreated++;
    cache.set(key, unit);
    return unit;
  }

  const root = province ? await once('province', () => units.findOrCreateChild(null, 'province', province)) : null;
  async function findCommittee(name: string): Promise<{ unit: OrgUnit; created: boolean }> {
    if (root) return units.findOrCreateChild(root, 'committee', name);
    const atRoot = await units.findChild(null, name);
    if (atRoot) return { unit: atRoot, created: false };
    // A committee created by an earlier import with --province is found without the option
    // too, rather than duplicated at the root; only an unambiguous name is trusted.
    const elsewhere = await units.findByName('committee', name);
    if (elsewhere.length === 1) return { unit: elsewhere[0]!, created: false };
    return units.findOrCreateChild(null, 'committee', name);
  }

  const places = new Map<number, Place>();
  for (const entry of entries) {
    const committee = await once(`c/${matchKey(entry.committee)}`, () => findCommittee(entry.committee));
    const bKey = branchKey(entry.committee, entry.branch);
    const branch = await once(`b/${bKey}`, () => units.findOrCreateChild(committee, 'branch', entry.branch));
    const group = entry.group
      ? await once(`g/${bKey}/${matchKey(entry.group)}`, () => units.findOrCreateChild(branch, 'group', entry.group!))
      : null;
    places.set(entry.line, { branchId: branch.id, groupId: entry.group === undefined ? undefined : (group?.id ?? null) });
  }
  return { placeOf: (entry) => places.get(entry.line)!, unitsCreated };
}
