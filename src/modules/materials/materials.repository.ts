import { and, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../shared/db/db.js';
import type { OrgUnitKind, OutboxStatus, Platform } from '../../shared/db/enums.js';
import type { StoredMessage } from '../../shared/outbound.js';
import { orgUnits } from '../org-units/org-units.table.js';
import { outbox } from '../outbox/outbox.table.js';
import { materialDeliveries, materialFiles, materialPlatformFiles, materials } from './materials.table.js';

export type Material = typeof materials.$inferSelect;
export type NewMaterial = typeof materials.$inferInsert;
export type MaterialStatus = Material['status'];
export type Delivery = typeof materialDeliveries.$inferSelect;
export type NewDelivery = Pick<Delivery, 'materialId' | 'memberId' | 'branchId' | 'outboxId' | 'platform' | 'failure' | 'createdAt'>;
export type BulkMessage = { memberId: number; platform: Platform; chatId: string; dedupeKey: string; message: StoredMessage };
/** Deliveries of one branch that share a state, with how many there are. */
export type DeliveryGroup = {
  branchId: number;
  branchName: string;
  kind: OrgUnitKind;
  acknowledged: boolean;
  failure: string | null;
  outboxStatus: OutboxStatus | null;
  lastError: string | null;
  n: number;
};

export function createMaterialsRepository({ db }: { db: DbOrTx }) {
  async function insert(values: NewMaterial): Promise<Material> {
    const [row] = await db.insert(materials).values(values).returning();
    return row!;
  }

  async function findById(id: number): Promise<Material | undefined> {
    const [row] = await db.select().from(materials).where(eq(materials.id, id));
    return row;
  }

  async function storeFile(materialId: number, content: Buffer): Promise<void> {
    await db.insert(materialFiles).values({ materialId, content });
  }

  async function storePlatformFile(materialId: number, platform: Platform, fileId: string): Promise<void> {
    await db.insert(materialPlatformFiles).values({ materialId, platform, fileId }).onConflictDoNothing();
  }

  /** Move to `to` only from one of `from`: a cancelled material never comes back to life. */
  async function setStatus(id: number, to: MaterialStatus, from: MaterialStatus[]): Promise<Material | undefined> {
    const [row] = await db
      .update(materials)
      .set({ status: to })
      .where(and(eq(materials.id, id), inArray(materials.status, from)))
      .returning();
    return row;
  }

  /** Due and not fully fanned out: scheduled ones, and 'sending' ones a crash left half done. */
  async function dueIds(now: Date): Promise<number[]> {
    const rows = await db
      .select({ id: materials.id })
      .from(materials)
      .where(and(inArray(materials.status, ['scheduled', 'sending']), lte(materials.sendAt, now)))
      .orderBy(materials.sendAt, materials.id);
    return rows.map((r) => r.id);
  }

  /** Materials of a period published at any of `unitIds`, in the given states. */
  async function ofUnits(unitIds: number[], period: string, statuses: MaterialStatus[]): Promise<Material[]> {
    if (unitIds.length === 0) return [];
    return db
      .select()
      .from(materials)
      .where(and(inArray(materials.orgUnitId, unitIds), eq(materials.period, period), inArray(materials.status, statuses)))
      .orderBy(materials.sendAt, materials.id);
  }

  async function deliveredMemberIds(materialId: number): Promise<Set<number>> {
    const rows = await db
      .select({ id: materialDeliveries.memberId })
      .from(materialDeliveries)
      .where(eq(materialDeliveries.materialId, materialId));
    return new Set(rows.map((r) => r.id));
  }

  async function deliveriesOf(memberId: number, materialIds: number[]): Promise<Delivery[]> {
    if (materialIds.length === 0) return [];
    return db
      .select()
      .from(materialDeliveries)
      .where(and(eq(materialDeliveries.memberId, memberId), inArray(materialDeliveries.materialId, materialIds)));
  }

  /**
   * Bulk-lane outbox rows; a dedupe key already present adds nothing. Returns the ids of every
   * key, new or old, and which of them this call created.
   */
  async function addBulkMessages(rows: BulkMessage[], now: Date): Promise<{ ids: Map<string, number>; created: number[] }> {
    if (rows.length === 0) return { ids: new Map(), created: [] };
    const created = await db
      .insert(outbox)
      .values(
        rows.map((r) => ({
          platform: r.platform,
          chatId: r.chatId,
          memberId: r.memberId,
          dedupeKey: r.dedupeKey,
          message: r.message,
          lane: 'bulk',
          notBefore: now,
        })),
      )
      .onConflictDoNothing({ target: outbox.dedupeKey })
      .returning({ id: outbox.id });
    const all = await db
      .select({ id: outbox.id, key: outbox.dedupeKey })
      .from(outbox)
      .where(
        inArray(
          outbox.dedupeKey,
          rows.map((r) => r.dedupeKey),
        ),
      );
    return { ids: new Map(all.map((r) => [r.key!, r.id])), created: created.map((r) => r.id) };
  }

  /**
   * One row per (material, member). An existing row is kept, except a 'not_linked' one when
   * `relink`: the member has an account now and the new row replaces it.
   */
  async function addDeliveries(rows: NewDelivery[], { relink = false } = {}): Promise<void> {
    if (rows.length === 0) return;
    const insert = db.insert(materialDeliveries).values(rows);
    const target = [materialDeliveries.materialId, materialDeliveries.memberId];
    await (relink
      ? insert.onConflictDoUpdate({
          target,
          setWhere: eq(materialDeliveries.failure, 'not_linked'),
          set: { outboxId: sql`excluded.outbox_id`, platform: sql`excluded.platform`, failure: sql`excluded.failure` },
        })
      : insert.onConflictDoNothing({ target }));
  }

  async function acknowledge(materialId: number, memberId: number, now: Date): Promise<'acknowledged' | 'already' | 'not_recipient'> {
    const where = and(eq(materialDeliveries.materialId, materialId), eq(materialDeliveries.memberId, memberId));
    const updated = await db
      .update(materialDeliveries)
      .set({ acknowledgedAt: now })
      .where(and(where, isNull(materialDeliveries.acknowledgedAt)))
      .returning({ id: materialDeliveries.memberId });
    if (updated.length) return 'acknowledged';
    const [row] = await db.select({ id: materialDeliveries.memberId }).from(materialDeliveries).where(where);
    return row ? 'already' : 'not_recipient';
  }

  /** The material's failed, unacknowledged outbox rows (the resend list). */
  async function failedOutbox(materialId: number) {
    return db
      .select({ outboxId: outbox.id, memberId: materialDeliveries.memberId, platform: outbox.platform, chatId: outbox.chatId })
      .from(materialDeliveries)
      .innerJoin(outbox, eq(outbox.id, materialDeliveries.outboxId))
      .where(and(eq(materialDeliveries.materialId, materialId), eq(outbox.status, 'failed'), isNull(materialDeliveries.acknowledgedAt)));
  }

  async function notLinked(materialId: number): Promise<Delivery[]> {
    return db
      .select()
      .from(materialDeliveries)
      .where(and(eq(materialDeliveries.materialId, materialId), eq(materialDeliveries.failure, 'not_linked')));
  }

  /** Give failed rows another go: due now, attempts counted from zero. */
  async function resetFailed(ids: number[], now: Date): Promise<number> {
    if (ids.length === 0) return 0;
    const rows = await db
      .update(outbox)
      .set({ status: 'pending', attempts: 0, notBefore: now, lastError: null, lockedUntil: null })
      .where(and(inArray(outbox.id, ids), eq(outbox.status, 'failed')))
      .returning({ id: outbox.id });
    return rows.length;
  }

  /** Point a row at the member's current account (the old one blocked the bot, say). */
  async function retarget(id: number, to: { platform: Platform; chatId: string }): Promise<void> {
    await db.update(outbox).set(to).where(eq(outbox.id, id));
    await db.update(materialDeliveries).set({ platform: to.platform }).where(eq(materialDeliveries.outboxId, id));
  }

  /** Delivery states counted per branch, in SQL: a province's material has ~100k rows. */
  async function deliveryGroups(materialId: number, branchId?: number): Promise<DeliveryGroup[]> {
    const acknowledged = sql<boolean>`(${materialDeliveries.acknowledgedAt} is not null)`;
    // Only a failed row's error matters; pending rows carry rate-limit notes that would split groups.
    const lastError = sql<string | null>`case when ${outbox.status} = 'failed' then ${outbox.lastError} end`;
    return db
      .select({
        branchId: materialDeliveries.branchId,
        branchName: orgUnits.name,
        kind: orgUnits.kind,
        acknowledged,
        failure: materialDeliveries.failure,
        outboxStatus: outbox.status,
        lastError,
        n: sql<number>`count(*)::int`,
      })
      .from(materialDeliveries)
      .innerJoin(orgUnits, eq(orgUnits.id, materialDeliveries.branchId))
      .leftJoin(outbox, eq(outbox.id, materialDeliveries.outboxId))
      .where(
        and(eq(materialDeliveries.materialId, materialId), branchId === undefined ? undefined : eq(materialDeliveries.branchId, branchId)),
      )
      .groupBy(
        materialDeliveries.branchId,
        orgUnits.name,
        orgUnits.kind,
        acknowledged,
        materialDeliveries.failure,
        outbox.status,
        lastError,
      );
  }

  return {
    insert,
    findById,
    storeFile,
    storePlatformFile,
    setStatus,
    dueIds,
    ofUnits,
    deliveredMemberIds,
    deliveriesOf,
    addBulkMessages,
    addDeliveries,
    acknowledge,
    failedOutbox,
    notLinked,
    resetFailed,
    retarget,
    deliveryGroups,
  };
}

export type MaterialsRepository = ReturnType<typeof createMaterialsRepository>;
