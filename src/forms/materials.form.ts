import { and, eq, like, ne } from 'drizzle-orm';
import { findUnit } from './units.lookup.js';
import type { PublishInput } from '../modules/materials/publish.usecases.js';
import { createOrgUnitsRepository, type OrgUnit } from '../modules/org-units/org-units.repository.js';
import { orgUnits } from '../modules/org-units/org-units.table.js';
import type { Db } from '../shared/db/db.js';
import { matchKey } from '../shared/fold.js';
import { vnInstant } from '../shared/vn-time.js';
import { materialsFlowTexts as f, materialsTexts as mt } from '../texts/index.js';

// The publish form as the HTTP endpoint and the CLI receive it: plain strings naming units.
// Resolves the names to ids; every other rule (period, title, link, scope) is publishMaterial's.
export type MaterialForm = {
  unit?: string;
  month?: string;
  title?: string;
  caption?: string;
  audience?: string;
  /** Unit names separated by ';' (none: the whole subtree of `unit`). */
  scope?: string;
  sendAt?: string;
  link?: string;
  confirmInternal?: boolean;
};
/** A stable code for programs, and the sentence for people. */
export type Problem = { code: string; message: string };
export type ResolvedForm = Omit<PublishInput, 'actor' | 'now' | 'file' | 'confirmInternal'>;

export const domainProblems = (codes: readonly string[]): Problem[] => codes.map((code) => ({ code, message: mt.problems[code] ?? code }));

/** An ISO instant with its offset, or 'yyyy-mm-dd HH:MM' read as Vietnam time. */
export function parseInstant(s: string): Date | null {
  const local = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::00)?$/.exec(s.trim());
  const at = local ? vnInstant(local[1]!, local[2]!) : /^\d{4}-\d{2}-\d{2}T/.test(s.trim()) ? new Date(s.trim()) : null;
  return at && !Number.isNaN(at.getTime()) ? at : null;
}

async function publishingUnit(db: Db, ref: string): Promise<{ unit: OrgUnit } | { problem: Problem }> {
  if (/^\d{1,15}$/.test(ref)) {
    const unit = await createOrgUnitsRepository({ db }).findById(Number(ref));
    return unit ? { unit } : { problem: { code: 'unit_not_found', message: mt.problems.unit_not_found ?? ref } };
  }
  const found = await findUnit(db, ref);
  if ('error' in found) return { problem: { code: 'unit_not_found', message: found.error } };
  return found;
}

/** A unit below `root` by name; names repeat across a province, so only the subtree is searched. */
async function unitBelow(db: Db, root: OrgUnit, name: string): Promise<number | null> {
  // Paths are digits and slashes only: nothing to escape in LIKE.
  const rows = await db
    .select({ id: orgUnits.id })
    .from(orgUnits)
    .where(and(like(orgUnits.path, `${root.path}%`), ne(orgUnits.id, root.id), eq(orgUnits.nameKey, matchKey(name))));
  return rows.length === 1 ? rows[0]!.id : null;
}

export async function resolveMaterialForm(
  db: Db,
  form: MaterialForm,
  fileName?: string,
): Promise<{ input: ResolvedForm } | { problems: Problem[] }> {
  const problems: Problem[] = [];
  const unitRef = form.unit?.trim();
  const unit = unitRef ? await publishingUnit(db, unitRef) : { problem: { code: 'unit_missing', message: f.http.missingUnit } };
  if ('problem' in unit) problems.push(unit.problem);
  const audience = form.audience?.trim() || 'all';
  if (audience !== 'all' && audience !== 'committee') problems.push({ code: 'bad_audience', message: f.http.badAudience });
  const sendAt = form.sendAt?.trim() ? parseInstant(form.sendAt) : undefined;
  if (sendAt === null) problems.push({ code: 'bad_send_at', message: f.http.badSendAt });
  const scopeUnitIds: number[] = [];
  if ('unit' in unit) {
    for (const name of (form.scope ?? '')
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const id = await unitBelow(db, unit.unit, name);
      if (id === null) problems.push({ code: 'scope_not_found', message: f.http.scopeNotFound(name) });
      else scopeUnitIds.push(id);
    }
  }
  if (problems.length || !('unit' in unit)) return { problems };
  // Without a title the file's name (less its extension) is the title, as in the chat flow.
  const title = form.title?.trim() || (fileName ? fileName.replace(/\.(pdf|docx?)$/i, '') : '');
  return {
    input: {
      unitId: unit.unit.id,
      period: form.month?.trim() ?? '',
      title,
      audience: audience as 'all' | 'committee',
      scopeUnitIds: [...new Set(scopeUnitIds)],
      ...(form.caption?.trim() ? { caption: form.caption.trim() } : {}),
      ...(form.link?.trim() ? { linkUrl: form.link.trim() } : {}),
      ...(sendAt ? { sendAt } : {}),
    },
  };
}
