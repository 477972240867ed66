import { eq, inArray, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../shared/db/db.js';
import { mergeSettings, pathIds } from '../org-units/org-units.models.js';
import { orgUnits } from '../org-units/org-units.table.js';
import { meetingSettings, type MeetingSettings } from './meeting-settings.models.js';

export type BranchRef = { id: number; name: string; path: string };

/**
 * Effective meeting settings of many branches in two queries: the few units that hold any
 * settings are loaded once and merged along each branch's path (root first). Linear in the
 * number of branches asked for, whatever the size of the tree.
 */
export async function settingsForBranches(db: DbOrTx, branches: BranchRef[]): Promise<Map<number, MeetingSettings>> {
  const withSettings = await db
    .select({ id: orgUnits.id, settings: orgUnits.settings })
    .from(orgUnits)
    .where(ne(orgUnits.settings, sql`'{}'::jsonb`));
  const byId = new Map(withSettings.map((u) => [u.id, u.settings]));
  const cache = new Map<string, MeetingSettings>();
  const out = new Map<number, MeetingSettings>();
  for (const b of branches) {
    const chain = pathIds(b.path)
      .map((id) => byId.get(id))
      .filter((s): s is Record<string, unknown> => s !== undefined);
    const key = JSON.stringify(chain);
    let settings = cache.get(key);
    if (!settings) cache.set(key, (settings = meetingSettings(mergeSettings(chain))));
    out.set(b.id, settings);
  }
  return out;
}

export async function branchRefs(db: DbOrTx, ids?: number[]): Promise<BranchRef[]> {
  const q = db.select({ id: orgUnits.id, name: orgUnits.name, path: orgUnits.path }).from(orgUnits);
  return ids ? q.where(inArray(orgUnits.id, ids)) : q.where(eq(orgUnits.kind, 'branch'));
}
