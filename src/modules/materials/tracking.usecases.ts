import type { DbOrTx } from '../../shared/db/db.js';
import type { OrgUnitKind } from '../../shared/db/enums.js';
import { createAuditRepository } from '../audit/audit.repository.js';
import { reachableRecipients } from '../identities/recipients.repository.js';
import { createMembersRepository } from '../members/members.repository.js';
import { pathIds } from '../org-units/org-units.models.js';
import { createOrgUnitsRepository } from '../org-units/org-units.repository.js';
import { writeDeliveries } from './fanout.usecases.js';
import { auditActor, isPropagandaOfficer, type PublishActor } from './materials.access.js';
import { addToCounts, branchInScope, chunked, emptyCounts, type DeliveryCounts } from './materials.models.js';
import { createMaterialsRepository, type DeliveryGroup, type Material } from './materials.repository.js';

type Deps = { db: DbOrTx };

export type UnitReport = { unitId: number; unitName: string; kind: OrgUnitKind } & DeliveryCounts;
export type MaterialReport = { status: 'ok'; material: Material; byUnit: UnitReport[]; totals: DeliveryCounts };
export type BranchMaterial = { material: Material; counts: DeliveryCounts };

/** The member's "Đã nhận" button. Only a recipient of the material can acknowledge it. */
export async function acknowledgeMaterial(
  { materialId, memberId, now }: { materialId: number; memberId: number; now: Date },
  { db }: Deps,
): Promise<'acknowledged' | 'already' | 'not_recipient'> {
  return createMaterialsRepository({ db }).acknowledge(materialId, memberId, now);
}

/** The material and its unit, when the actor is a propaganda officer there (or the HTTP/CLI edge). */
async function asOfficer(materialId: number, actor: PublishActor, { db }: Deps): Promise<{ material?: Material; officer: boolean }> {
  const material = await createMaterialsRepository({ db }).findById(materialId);
  const unit = material && (await createOrgUnitsRepository({ db }).findById(material.orgUnitId));
  return { material, officer: !!unit && (await isPropagandaOfficer(actor, unit, { db })) };
}

/**
 * Try the failed ones again: failed outbox rows go back to pending (on the member's current
 * account when it changed), and members who were not linked and now are get their copy.
 */
export async function resendFailed(
  { materialId, actor, now }: { materialId: number; actor: PublishActor; now: Date },
  { db }: Deps,
): Promise<{ status: 'resent'; count: number } | { status: 'forbidden' }> {
  const { material, officer } = await asOfficer(materialId, actor, { db });
  if (!material || !officer) return { status: 'forbidden' };
  if (material.status === 'cancelled' || material.status === 'scheduled') return { status: 'resent', count: 0 };
  const repo = createMaterialsRepository({ db });
  let count = 0;
  for (const chunk of chunked(await repo.failedOutbox(materialId))) {
    const current = new Map(
      (
        await reachableRecipients(
          db,
          chunk.map((f) => f.memberId),
        )
      ).map((r) => [r.memberId, r]),
    );
    count += await db.transaction(async (tx) => {
      const txRepo = createMaterialsRepository({ db: tx });
      for (const f of chunk) {
        const to = current.get(f.memberId);
        if (to && (to.platform !== f.platform || to.chatId !== f.chatId)) await txRepo.retarget(f.outboxId, to);
      }
      return txRepo.resetFailed(
        chunk.map((f) => f.outboxId),
        now,
      );
    });
  }
  for (const chunk of chunked(await repo.notLinked(materialId))) {
    const written = await writeDeliveries(material, chunk, now, { db }, { relink: true });
    count += chunk.length - written.notLinked;
  }
  await createAuditRepository({ db }).record({
    ...auditActor(actor),
    action: 'material.resend',
    subjectType: 'material',
    subjectId: materialId,
    details: { count },
  });
  return { status: 'resent', count };
}

function fold(groups: readonly DeliveryGroup[]): { byUnit: UnitReport[]; totals: DeliveryCounts } {
  const byUnit = new Map<number, UnitReport>();
  const totals = emptyCounts();
  for (const g of groups) {
    let unit = byUnit.get(g.branchId);
    if (!unit) byUnit.set(g.branchId, (unit = { unitId: g.branchId, unitName: g.branchName, kind: g.kind, ...emptyCounts() }));
    addToCounts(unit, g, g.n);
    addToCounts(totals, g, g.n);
  }
  return { byUnit: [...byUnit.values()].sort((a, b) => a.unitName.localeCompare(b.unitName, 'vi')), totals };
}

/**
 * Who has the material, per branch. A propaganda officer of the publishing unit (or above) sees
 * every branch, or one with `branchId`; a bí thư or phó bí thư sees their own branch only.
 */
export async function materialReport(
  { materialId, actor, branchId }: { materialId: number; actor: PublishActor; branchId?: number },
  { db }: Deps,
): Promise<MaterialReport | { status: 'forbidden' }> {
  const { material, officer } = await asOfficer(materialId, actor, { db });
  if (!material) return { status: 'forbidden' };
  let only = branchId;
  if (!officer) {
    const me = actor.kind === 'member' ? await createMembersRepository({ db }).findById(actor.memberId) : undefined;
    if (!me || (me.role !== 'secretary' && me.role !== 'deputy') || (branchId !== undefined && branchId !== me.branchId))
      return { status: 'forbidden' };
    const branch = await createOrgUnitsRepository({ db }).findById(me.branchId);
    if (!branch || !branchInScope(branch.path, material)) return { status: 'forbidden' };
    only = me.branchId;
  }
  return { status: 'ok', material, ...fold(await createMaterialsRepository({ db }).deliveryGroups(materialId, only)) };
}

/** The period's materials that reached a branch, with the branch's own counts: the bí thư's view. */
export async function currentMaterialsForBranch(
  { branchId, period }: { branchId: number; period: string },
  { db }: Deps,
): Promise<BranchMaterial[]> {
  const branch = await createOrgUnitsRepository({ db }).findById(branchId);
  if (!branch) return [];
  const repo = createMaterialsRepository({ db });
  const list = (await repo.ofUnits(pathIds(branch.path), period, ['sending', 'sent'])).filter((m) => branchInScope(branch.path, m));
  return Promise.all(list.map(async (material) => ({ material, counts: fold(await repo.deliveryGroups(material.id, branchId)).totals })));
}
