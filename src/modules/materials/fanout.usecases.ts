import type { Clock } from '../../shared/clock.js';
import type { DbOrTx } from '../../shared/db/db.js';
import { periodOf, vnDate, nextPeriod } from '../../shared/vn-time.js';
import { reachableRecipients } from '../identities/recipients.repository.js';
import { createMembersRepository } from '../members/members.repository.js';
import { pathIds } from '../org-units/org-units.models.js';
import { createOrgUnitsRepository } from '../org-units/org-units.repository.js';
import { recipientsInScope, type MaterialRecipient } from './audience.repository.js';
import { audienceOf, branchInScope, chunked, dedupeKeyFor, materialMessage } from './materials.models.js';
import { createMaterialsRepository, type Material } from './materials.repository.js';
import { isActiveMember } from '../members/members.models.js';

type Deps = { db: DbOrTx; clock: Clock };
export type FanOutResult = { outboxIds: number[]; notLinked: number };

/**
 * One delivery row per recipient, and a bulk-lane outbox row for each one with a reachable
 * account (one account per member: the preferred platform). Members without one get a
 * 'not_linked' delivery and no outbox row. Both writes share a transaction, so a crash never
 * leaves a message without its delivery row or the reverse.
 */
export async function writeDeliveries(
  material: Material,
  recipients: readonly MaterialRecipient[],
  now: Date,
  { db }: { db: DbOrTx },
  { relink = false } = {},
): Promise<FanOutResult> {
  if (recipients.length === 0) return { outboxIds: [], notLinked: 0 };
  return db.transaction(async (tx) => {
    const repo = createMaterialsRepository({ db: tx });
    const reach = new Map(
      (
        await reachableRecipients(
          tx,
          recipients.map((r) => r.memberId),
        )
      ).map((r) => [r.memberId, r]),
    );
    const message = materialMessage(material);
    const { ids, created } = await repo.addBulkMessages(
      [...reach.values()].map((r) => ({
        memberId: r.memberId,
        platform: r.platform,
        chatId: r.chatId,
        dedupeKey: dedupeKeyFor(material.id, r.memberId),
        message,
      })),
      now,
    );
    await repo.addDeliveries(
      recipients.map((r) => {
        const to = reach.get(r.memberId);
        return {
          materialId: material.id,
          memberId: r.memberId,
          branchId: r.branchId,
          createdAt: now,
          outboxId: to ? (ids.get(dedupeKeyFor(material.id, r.memberId)) ?? null) : null,
          platform: to?.platform ?? null,
          failure: to ? null : 'not_linked',
        };
      }),
      { relink },
    );
    return { outboxIds: created, notLinked: recipients.filter((r) => !reach.has(r.memberId)).length };
  });
}

/**
 * Send a due material to everyone in scope, 1,000 members per transaction. Idempotent: members
 * who already have a delivery row are skipped and outbox rows are deduplicated by key, so a
 * second run (a retried job, a crash halfway) writes nothing twice. Returns what this run added.
 */
export async function fanOutMaterial({ materialId }: { materialId: number }, { db, clock }: Deps): Promise<FanOutResult> {
  const repo = createMaterialsRepository({ db });
  let material = await repo.findById(materialId);
  if (!material || material.status === 'cancelled' || material.status === 'sent') return { outboxIds: [], notLinked: 0 };
  // 'sending' marks a fan-out under way: if this process dies, the sweep finds it and finishes.
  if (material.status === 'scheduled') material = (await repo.setStatus(materialId, 'sending', ['scheduled'])) ?? material;
  const now = clock.now();
  const done = await repo.deliveredMemberIds(materialId);
  const todo = (await recipientsInScope(db, material)).filter((r) => !done.has(r.memberId));
  const result: FanOutResult = { outboxIds: [], notLinked: 0 };
  for (const chunk of chunked(todo)) {
    // Cancelled halfway: stop writing; what went out already is in the report.
    if ((await repo.findById(materialId))?.status === 'cancelled') return result;
    const written = await writeDeliveries(material, chunk, now, { db });
    result.outboxIds.push(...written.outboxIds);
    result.notLinked += written.notLinked;
  }
  await repo.setStatus(materialId, 'sent', ['scheduled', 'sending']);
  return result;
}

/** Ids of materials due at `now` and not yet fanned out; the sweep fans each one out. */
export async function dueScheduledMaterials({ now }: { now: Date }, { db }: { db: DbOrTx }): Promise<number[]> {
  return createMaterialsRepository({ db }).dueIds(now);
}

/**
 * After a member links a chat account: this month's materials they were meant to get and did
 * not (not linked at fan-out, or added to the roster since). Last month's stay where they are:
 * the meeting they were for is over.
 */
export async function deliverMaterialToLateMember(
  { memberId }: { memberId: number },
  { db, clock }: Deps,
): Promise<{ outboxIds: number[] }> {
  const now = clock.now();
  const member = await createMembersRepository({ db }).findById(memberId);
  const branch = member && isActiveMember(member) ? await createOrgUnitsRepository({ db }).findById(member.branchId) : undefined;
  if (!member || !branch) return { outboxIds: [] };
  const repo = createMaterialsRepository({ db });
  // This month's material and next month's: on 25 November the December material, published
  // ahead of the meeting on the 3rd, is the one a newly linked member needs.
  const thisMonth = periodOf(vnDate(now));
  const current = [
    ...(await repo.ofUnits(pathIds(branch.path), thisMonth, ['sending', 'sent'])),
    ...(await repo.ofUnits(pathIds(branch.path), nextPeriod(thisMonth), ['sending', 'sent'])),
  ].filter((m) => branchInScope(branch.path, m));
  const roster = await createMembersRepository({ db }).listByBranch(branch.id);
  const meant = current.filter((m) => audienceOf(roster, m.audience).some((r) => r.id === memberId));
  const had = new Map(
    (
      await repo.deliveriesOf(
        memberId,
        meant.map((m) => m.id),
      )
    ).map((d) => [d.materialId, d]),
  );
  const outboxIds: number[] = [];
  for (const material of meant) {
    const before = had.get(material.id);
    if (before && before.failure !== 'not_linked') continue;
    const written = await writeDeliveries(material, [{ memberId, branchId: branch.id }], now, { db }, { relink: true });
    outboxIds.push(...written.outboxIds);
  }
  return { outboxIds };
}
