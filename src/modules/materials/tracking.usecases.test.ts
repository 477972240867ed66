import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../../../test/support/test-db.js';
import { createFakeClock } from '../../shared/clock.js';
import { auditLog } from '../audit/audit.table.js';
import { members } from '../members/members.table.js';
import { outbox } from '../outbox/outbox.table.js';
import { materialDeliveries } from './materials.table.js';
import { linkAccount, seedProvince, type Province } from '../../../test/support/province.fixtures.js';
import {
  acknowledgeMaterial,
  currentMaterialsForBranch,
  deliverMaterialToLateMember,
  materialReport,
  publishMaterial,
  resendFailed,
  type Material,
  type PublishInput,
} from './publish.usecases.js';

let tdb: TestDb;
let u: Province['units'], p: Province['p'];
const NOW = new Date('2026-11-20T09:00:00+07:00');
const clock = createFakeClock(NOW);
const officer = () => ({ kind: 'member' as const, memberId: p.tuyen.id });
const as = (m: { id: number }) => ({ kind: 'member' as const, memberId: m.id });

const publish = async (over: Partial<PublishInput> = {}): Promise<Material> => {
  const r = await publishMaterial(
    {
      actor: officer(),
      unitId: u.province.id,
      period: '2026-11',
      title: 'Tài liệu sinh hoạt chi bộ tháng 11',
      audience: 'all',
      scopeUnitIds: [],
      file: { name: 'thang-11.pdf', size: 1000, platformFile: { platform: 'telegram', fileId: 'doc-1' }, firstPageText: '' },
      now: NOW,
      ...over,
    },
    { db: tdb.db, clock },
  );
  if (r.status !== 'published') throw new Error(r.status);
  return r.material;
};
const rowOf = async (materialId: number, memberId: number) =>
  (
    await tdb.db
      .select()
      .from(outbox)
      .where(eq(outbox.dedupeKey, `material:${materialId}:${memberId}`))
  )[0];
const deliveryOf = async (materialId: number, memberId: number) =>
  (
    await tdb.db
      .select()
      .from(materialDeliveries)
      .where(and(eq(materialDeliveries.materialId, materialId), eq(materialDeliveries.memberId, memberId)))
  )[0];
/** What the delivery lane records after a send. */
const settle = async (materialId: number, memberId: number, status: 'sent' | 'failed', lastError: string | null = null) =>
  tdb.db
    .update(outbox)
    .set({ status, lastError, attempts: 1 })
    .where(eq(outbox.dedupeKey, `material:${materialId}:${memberId}`));

beforeAll(async () => {
  tdb = await createTestDb();
  ({ units: u, p } = await seedProvince(tdb.db));
});
afterAll(async () => tdb?.drop());

describe('the "Đã nhận" button', () => {
  test('a recipient acknowledges once; anyone else is told it was not for them', async () => {
    const m = await publish({ audience: 'committee' });
    const at = new Date('2026-11-20T10:00:00+07:00');
    expect(await acknowledgeMaterial({ materialId: m.id, memberId: p.bi.id, now: at }, { db: tdb.db })).toBe('acknowledged');
    expect(await acknowledgeMaterial({ materialId: m.id, memberId: p.bi.id, now: new Date() }, { db: tdb.db })).toBe('already');
    expect(await acknowledgeMaterial({ materialId: m.id, memberId: p.hai.id, now: at }, { db: tdb.db })).toBe('not_recipient');
    expect((await deliveryOf(m.id, p.bi.id))!.acknowledgedAt).toEqual(at);
  });
});

describe('the delivery report', () => {
  let m: Material;
  beforeAll(async () => {
    m = await publish();
    for (const who of [p.pho, p.uy, p.minh, p.hai, p.bi2, p.uy2]) await settle(m.id, who.id, 'sent');
    await settle(m.id, p.ba.id, 'failed', 'blocked: Forbidden: bot was blocked by the user');
    await settle(m.id, p.an2.id, 'failed', 'gave up after 8 attempts: transient');
    await acknowledgeMaterial({ materialId: m.id, memberId: p.pho.id, now: NOW }, { db: tdb.db });
  });

  test('the officer sees every branch with pending, sent, acknowledged and failed (with reasons), and the totals', async () => {
    const r = await materialReport({ materialId: m.id, actor: officer() }, { db: tdb.db });
    if (r.status !== 'ok') throw new Error(r.status);
    expect(r.byUnit.map((b) => [b.unitName, b.recipients, b.pending, b.sent, b.acknowledged, b.failed, b.failures])).toEqual([
      ['Chi bộ Ấp 1', 4, 3, 0, 0, 1, { not_linked: 1 }],
      ['Chi bộ Khu phố 1', 9, 2, 3, 1, 3, { blocked: 1, not_linked: 2 }],
      ['Chi bộ Khu phố 2', 3, 0, 2, 0, 1, { transient: 1 }],
    ]);
    expect(r.totals).toEqual({
      recipients: 16,
      pending: 5,
      sent: 5,
      acknowledged: 1,
      failed: 5,
      failures: { blocked: 1, not_linked: 3, transient: 1 },
    });
    expect(r.byUnit[0]).toMatchObject({ unitId: u.ap1.id, kind: 'branch' });
  });

  test('a bí thư or phó bí thư sees only their own branch; anyone else is refused', async () => {
    const own = await materialReport({ materialId: m.id, actor: as(p.bi) }, { db: tdb.db });
    expect(own.status === 'ok' && own.byUnit.map((b) => b.unitName)).toEqual(['Chi bộ Khu phố 1']);
    expect(own.status === 'ok' && own.totals.recipients).toBe(9);
    expect(await materialReport({ materialId: m.id, actor: as(p.pho), branchId: u.kp1.id }, { db: tdb.db })).toMatchObject({
      status: 'ok',
    });
    expect(await materialReport({ materialId: m.id, actor: as(p.bi), branchId: u.kp2.id }, { db: tdb.db })).toEqual({
      status: 'forbidden',
    });
    expect(await materialReport({ materialId: m.id, actor: as(p.hai) }, { db: tdb.db })).toEqual({ status: 'forbidden' });
    const wardOnly = await publish({ actor: as(p.minh), unitId: u.ward.id });
    expect(await materialReport({ materialId: wardOnly.id, actor: as(p.biB) }, { db: tdb.db })).toEqual({ status: 'forbidden' });
  });

  test('the officer can look at one branch', async () => {
    const r = await materialReport({ materialId: m.id, actor: { kind: 'http' }, branchId: u.kp2.id }, { db: tdb.db });
    expect(r.status === 'ok' && r.byUnit.map((b) => b.unitName)).toEqual(['Chi bộ Khu phố 2']);
  });

  test("the bí thư's view lists the month's materials that reached the branch, with the branch's counts", async () => {
    const list = await currentMaterialsForBranch({ branchId: u.kp2.id, period: '2026-11' }, { db: tdb.db });
    expect(list.find((x) => x.material.id === m.id)?.counts).toMatchObject({ recipients: 3, sent: 2, failed: 1 });
    expect(await currentMaterialsForBranch({ branchId: u.kp2.id, period: '2026-10' }, { db: tdb.db })).toEqual([]);
    const ward = await currentMaterialsForBranch({ branchId: u.ap1.id, period: '2026-11' }, { db: tdb.db });
    expect(ward.every((x) => x.material.orgUnitId === u.province.id)).toBe(true);
  });
});

describe('resending to the failed ones', () => {
  test("failed rows go back to pending (on the member's current account), and members linked since get their copy", async () => {
    const m = await publish({ actor: as(p.minh), unitId: u.ward.id });
    await settle(m.id, p.bi.id, 'failed', 'blocked: Forbidden: bot was blocked by the user');
    await settle(m.id, p.pho.id, 'failed', 'not_found: Bad Request: chat not found');
    await settle(m.id, p.uy.id, 'sent');
    // Since then: Phó moved to Zalo, Năm linked Telegram; Dự still has the bot blocked.
    await linkAccount(tdb.db, p.pho.id, 'zalo', { at: new Date('2026-11-20T11:00:00+07:00') });
    await tdb.db.update(members).set({ preferredPlatform: 'zalo' }).where(eq(members.id, p.pho.id));
    await linkAccount(tdb.db, p.nam.id, 'telegram', { at: new Date('2026-11-20T11:00:00+07:00') });

    const later = new Date('2026-11-21T08:00:00+07:00');
    expect(await resendFailed({ materialId: m.id, actor: as(p.bi), now: later }, { db: tdb.db })).toEqual({ status: 'forbidden' });
    expect(await resendFailed({ materialId: m.id, actor: as(p.tuyen), now: later }, { db: tdb.db })).toEqual({
      status: 'resent',
      count: 3,
    });

    expect(await rowOf(m.id, p.bi.id)).toMatchObject({
      status: 'pending',
      attempts: 0,
      lastError: null,
      notBefore: later,
      platform: 'telegram',
    });
    expect(await rowOf(m.id, p.pho.id)).toMatchObject({ status: 'pending', platform: 'zalo', chatId: `zalo-chat-${p.pho.id}` });
    expect(await deliveryOf(m.id, p.pho.id)).toMatchObject({ platform: 'zalo' });
    expect(await rowOf(m.id, p.uy.id)).toMatchObject({ status: 'sent' });
    expect(await deliveryOf(m.id, p.nam.id)).toMatchObject({
      failure: null,
      platform: 'telegram',
      outboxId: (await rowOf(m.id, p.nam.id))!.id,
    });
    expect(await deliveryOf(m.id, p.du.id)).toMatchObject({ failure: 'not_linked', outboxId: null });
    const [audit] = await tdb.db.select().from(auditLog).where(eq(auditLog.action, 'material.resend'));
    expect(audit).toMatchObject({ actorMemberId: p.tuyen.id, subjectId: String(m.id), details: { count: 3 } });
  });
});

describe('a member who links their account later', () => {
  test("gets this month's material, not last month's, and only once", async () => {
    const october = await publish({ period: '2026-10', title: 'Tài liệu tháng 10', scopeUnitIds: [u.ap1.id] });
    const november = await publish({ scopeUnitIds: [u.ap1.id] });
    const committeeOnly = await publish({ scopeUnitIds: [u.ap1.id], audience: 'committee' });
    expect(await deliveryOf(november.id, p.muon.id)).toMatchObject({ failure: 'not_linked' });

    await linkAccount(tdb.db, p.muon.id, 'telegram', { at: new Date('2026-11-25T19:00:00+07:00') });
    const lateClock = createFakeClock('2026-11-25T19:00:00+07:00');
    const r = await deliverMaterialToLateMember({ memberId: p.muon.id }, { db: tdb.db, clock: lateClock });
    const row = await rowOf(november.id, p.muon.id);
    // (Muộn also gets the other November materials of this file that were sent to Ấp 1.)
    expect(r.outboxIds).toContain(row!.id);
    expect(await rowOf(october.id, p.muon.id)).toBeUndefined();
    expect(row).toMatchObject({ lane: 'bulk', status: 'pending', chatId: `telegram-chat-${p.muon.id}` });
    expect(await deliveryOf(november.id, p.muon.id)).toMatchObject({ failure: null, platform: 'telegram', outboxId: row!.id });
    expect(await deliveryOf(october.id, p.muon.id)).toMatchObject({ failure: 'not_linked', outboxId: null });
    expect(await deliveryOf(committeeOnly.id, p.muon.id)).toBeUndefined();
    expect(await deliverMaterialToLateMember({ memberId: p.muon.id }, { db: tdb.db, clock: lateClock })).toEqual({ outboxIds: [] });
  });

  test('a member added to the roster after the fan-out also gets it when they link; in December they do not', async () => {
    const november = await publish({ scopeUnitIds: [u.ap1.id], title: 'Tài liệu bổ sung tháng 11' });
    const [newcomer] = await tdb.db
      .insert(members)
      .values({ branchId: u.ap1.id, fullName: 'Quách Văn Mới', phone: '84987000001' })
      .returning();
    await linkAccount(tdb.db, newcomer!.id, 'telegram');
    const december = createFakeClock('2026-12-01T08:00:00+07:00');
    expect(await deliverMaterialToLateMember({ memberId: newcomer!.id }, { db: tdb.db, clock: december })).toEqual({ outboxIds: [] });
    const r = await deliverMaterialToLateMember(
      { memberId: newcomer!.id },
      { db: tdb.db, clock: createFakeClock('2026-11-30T23:59:00+07:00') },
    );
    expect(r.outboxIds).toContain((await rowOf(november.id, newcomer!.id))!.id);
    expect(await deliveryOf(november.id, newcomer!.id)).toMatchObject({ branchId: u.ap1.id, failure: null });
    expect(
      (
        await tdb.db
          .select()
          .from(outbox)
          .where(like(outbox.dedupeKey, `material:%:${newcomer!.id}`))
      ).every((o) => o.lane === 'bulk'),
    ).toBe(true);
  });
});
