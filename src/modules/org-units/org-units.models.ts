import type { OrgUnitKind } from '../../shared/db/enums.js';

// Which kind of unit may sit under which: province → committee(s) → branch → group.
// Committees nest (a ward committee under a district one) and may sit at the root.
const ALLOWED_PARENT: Record<OrgUnitKind, readonly (OrgUnitKind | null)[]> = {
  province: [null],
  committee: [null, 'province', 'committee'],
  branch: ['committee', 'province'],
  group: ['branch'],
};

export function canNest(child: OrgUnitKind, parent: OrgUnitKind | null): boolean {
  return ALLOWED_PARENT[child].includes(parent);
}

/** Ids of a unit's ancestors, root first, from its materialised path "/1/7/42/". */
export function pathIds(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number);
}

export function childPath(parentPath: string | null, id: number): string {
  return `${parentPath ?? '/'}${id}/`;
}

/**
 * Settings inherit down the tree: a unit's value overrides its ancestors'; a key set to
 * null removes an inherited value. `chain` is root first.
 */
export function mergeSettings(chain: readonly Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of chain) {
    for (const [k, v] of Object.entries(s)) {
      if (v === null) delete out[k];
      else out[k] = v;
    }
  }
  return out;
}
