import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eq, like, sql } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../../../test/support/test-db.js';
import { createFakeClock } from '../../shared/clock.js';
import { auditLog } from '../audit/audit.table.js';
import { chatIdentities } from '../identities/identities.table.js';
import { members } from '../members/members.table.js';
import { createOrgUnitsRepository } from '../org-units/org-units.repository.js';
import { outbox } from '../outbox/outbox.table.js';
import { buildPdf, pdfLines } from '../../../test/support/documents.fixtures.js';
import { materialDeliveries, materialFiles, materialPlatformFiles, materials } from './materials.table.js';
import { seedProvince, type Province } from '../../../test/support/province.fixtures.js';
import {
  dueScheduledMaterials,
  fanOutMaterial,
  previewMaterial,
  publishMaterial,
  type PublishInput,
  type PublishResult,
} from './publish.usecases.js';
import { wordsOf } from '../../../test/support/outbox-words.js';

let tdb: TestDb;
let u: Province['units'], p: Province['p'];
const NOW = new Date('2026-11-20T09:00:00+07:00');
const clock = createFakeClock(NOW);
const deps = () => ({ db: tdb.db, clock });

/** Tuyên, the province's propaganda officer, sends this month's PDF (received in chat) to the whole province. */
const input = (over: Partial<PublishInput> = {}): PublishInput => ({
  actor: { kind: 'member', memberId: p.tuyen.id },
  unitId: u.province.id,
  period: '2026-11',
  title: 'Chuyên đề học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh',
  audience: 'all',
  scopeUnitIds: [],
  file: {
    name: 'chuyen-de-thang-11.pdf',
    size: 52_000,
    platformFile: { platform: 'telegram', fileId: 'BQACAgIAAxk-doc-1' },
    firstPageText: 'ĐẢNG CỘNG SẢN VIỆT NAM\nBan Tuyên giáo và Dân vận',
  },
  now: NOW,
  ...over,
});
const published = (r: PublishResult) => {
  if (r.status !== 'published') throw new Error(`expected published, got ${JSON.stringify(r)}`);
  return r;
};
const count = async (
  table: typeof materials | typeof materialFiles | typeof materialPlatformFiles | typeof outbox | typeof materialDeliveries,
) => (await tdb.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
const everything = async () => Promise.all([materials, materialFiles, materialPlatformFiles, outbox, materialDeliveries].map(count));
const deliveries = (materialId: number) =>
  tdb.db.select().from(materialDeliveries).where(eq(materialDeliveries.materialId, materialId)).orderBy(materialDeliveries.memberId);
const outboxOf = (materialId: number) =>
  tdb.db
    .select()
    .from(outbox)
    .where(like(outbox.dedupeKey, `material:${materialId}:%`))
    .orderBy(outbox.id);

beforeAll(async () => {
  tdb = await createTestDb();
  ({ units: u, p } = await seedProvince(tdb.db));
});
afterAll(async () => tdb?.drop());

describe('the secrecy guard', () => {
  const cases: [string, Partial<PublishInput>, string, string][] = [
    ['TUYỆT MẬT in the title', { title: 'TUYỆT MẬT - Kế hoạch bảo vệ' }, 'TUYỆT MẬT', 'title'],
    ['"toi mat" typed without diacritics in the title', { title: 'TOI MAT ke hoach thang 11' }, 'TỐI MẬT', 'title'],
    ['TỐI MẬT in the caption', { caption: 'Gửi các chi bộ tài liệu TỐI MẬT' }, 'TỐI MẬT', 'caption'],
    ['MẬT at the end of the file name', { file: { name: 'bao-cao-mat.docx', size: 100, firstPageText: '' } }, 'MẬT', 'fileName'],
    ['a MẬT stamp on the first page', { file: { name: 'bao-cao.docx', size: 100, firstPageText: 'MẬT\nSố 12-BC/ĐU' } }, 'MẬT', 'firstPage'],
  ];
  for (const [what, over, mark, place] of cases) {
    test(`${what} is refused: nothing of the material is stored, and the attempt is audited by mark and place only`, async () => {
      const before = await everything();
      const r = await publishMaterial(input(over), deps());
      expect(r).toEqual({ status: 'refused_secret', mark, place });
      expect(await everything()).toEqual(before);
      const [row] = await tdb.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.action, 'material.refused_secret'))
        .orderBy(sql`${auditLog.id} desc`)
        .limit(1);
      expect(row).toMatchObject({
        actorKind: 'member',
        actorMemberId: p.tuyen.id,
        subjectType: 'org_unit',
        subjectId: String(u.province.id),
      });
      expect(row!.details).toEqual({ mark, place, unitId: u.province.id, source: 'chat' });
    });
  }

  test('an uploaded PDF stamped TỐI MẬT on page 1 is read and refused; its bytes are not kept', async () => {
    const pdf = buildPdf([pdfLines('T\\201I M\\200T', 'Ke hoach'), pdfLines('Trang 2')]);
    const before = await everything();
    const r = await publishMaterial(
      input({ actor: { kind: 'http' }, file: { name: 'ke-hoach.pdf', size: pdf.length, content: pdf } }),
      deps(),
    );
    expect(r).toEqual({ status: 'refused_secret', mark: 'TỐI MẬT', place: 'firstPage' });
    expect(await everything()).toEqual(before);
    const [row] = await tdb.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'material.refused_secret'))
      .orderBy(sql`${auditLog.id} desc`)
      .limit(1);
    expect(row).toMatchObject({ actorKind: 'http', actorMemberId: null });
    expect(JSON.stringify(row)).not.toMatch(/ke-hoach|Ke hoach|Chuyên đề/);
  });

  test('a secret mark is refused and recorded even when the form has other problems', async () => {
    expect(await publishMaterial(input({ title: 'Tài liệu TUYỆT MẬT', period: '2026-13' }), deps())).toMatchObject({
      status: 'refused_secret',
    });
  });

  test('"Lưu hành nội bộ" needs a second confirmation: nothing is stored until the sender confirms', async () => {
    const internal = { file: { name: 'nghi-quyet.pdf', size: 10, firstPageText: 'LƯU HÀNH NỘI BỘ\nNghị quyết Hội nghị Trung ương' } };
    const before = await everything();
    expect(await publishMaterial(input(internal), deps())).toEqual({ status: 'needs_internal_confirmation', place: 'firstPage' });
    expect(await publishMaterial(input({ ...internal, confirmInternal: false }), deps())).toMatchObject({
      status: 'needs_internal_confirmation',
    });
    expect(await everything()).toEqual(before);
    const r = published(await publishMaterial(input({ ...internal, confirmInternal: true }), deps()));
    expect(r.material).toMatchObject({ internalConfirmed: true, status: 'sent' });
  });

  test('a file that cannot be read, or whose first page was not read, is not sent unchecked', async () => {
    const before = await everything();
    expect(
      await publishMaterial(input({ actor: { kind: 'cli' }, file: { name: 'hong.pdf', size: 3, content: Buffer.from('???') } }), deps()),
    ).toEqual({ status: 'invalid', problems: ['unreadable_file'] });
    expect(
      await publishMaterial(
        input({ file: { name: 'chua-doc.docx', size: 3, platformFile: { platform: 'telegram', fileId: 'x' } } }),
        deps(),
      ),
    ).toEqual({ status: 'invalid', problems: ['first_page_unread'] });
    expect(await everything()).toEqual(before);
  });
});

describe('who may publish', () => {
  test('a bí thư without the propaganda role, or an officer above their own unit, is refused', async () => {
    const before = await everything();
    expect(await publishMaterial(input({ actor: { kind: 'member', memberId: p.bi.id } }), deps())).toEqual({ status: 'forbidden' });
    expect(await previewMaterial(input({ actor: { kind: 'member', memberId: p.minh.id } }), deps())).toEqual({ status: 'forbidden' });
    expect(await previewMaterial(input({ actor: { kind: 'member', memberId: p.minh.id }, unitId: u.commune.id }), deps())).toEqual({
      status: 'forbidden',
    });
    expect(await everything()).toEqual(before);
  });

  test('an officer publishes at their unit and below; the HTTP endpoint and the CLI are trusted', async () => {
    expect(await previewMaterial(input({ actor: { kind: 'member', memberId: p.minh.id }, unitId: u.ward.id }), deps())).toMatchObject({
      status: 'ok',
    });
    expect(await previewMaterial(input({ unitId: u.commune.id }), deps())).toMatchObject({ status: 'ok' });
    expect(await previewMaterial(input({ actor: { kind: 'http' } }), deps())).toMatchObject({ status: 'ok' });
    expect(await previewMaterial(input({ actor: { kind: 'cli' }, unitId: u.kp2.id }), deps())).toMatchObject({ status: 'ok' });
  });

  test('what is wrong with the form comes back as codes, and nothing is stored', async () => {
    const before = await everything();
    const minh = { kind: 'member' as const, memberId: p.minh.id };
    const problems = async (over: Partial<PublishInput>) =>
      ((await publishMaterial(input(over), deps())) as { problems?: string[] }).problems;
    expect(await problems({ file: undefined })).toEqual(['no_file_or_link']);
    expect(await problems({ linkUrl: 'https://tuyengiao.vn/tai-lieu' })).toEqual(['both_file_and_link']);
    expect(await problems({ period: '2026-13', title: '  ' })).toEqual(['bad_period', 'empty_title']);
    expect(await problems({ file: undefined, linkUrl: 'ftp://tuyengiao.vn/a.pdf' })).toEqual(['bad_link']);
    expect(await problems({ file: { name: 'bang-diem.xlsx', size: 1, firstPageText: '' } })).toEqual(['bad_file_type']);
    expect(await problems({ actor: minh, unitId: u.ward.id, scopeUnitIds: [u.kp1.id, u.ap1.id] })).toEqual(['scope_outside']);
    expect(await problems({ actor: { kind: 'http' }, unitId: 987654 })).toEqual(['unit_not_found']);
    expect(await everything()).toEqual(before);
  });
});

describe('scope and audience', () => {
  const recipientsOf = async (over: Partial<PublishInput>) =>
    (await deliveries(published(await publishMaterial(input(over), deps())).material.id)).map((d) => d.memberId).sort((a, b) => a - b);
  const ids = (...ms: { id: number }[]) => ms.map((m) => m.id).sort((a, b) => a - b);

  test('the whole province: every active member of every branch; an exempt member is left out', async () => {
    const preview = await previewMaterial(input(), deps());
    expect(preview).toEqual({
      status: 'ok',
      marking: { level: 'none' },
      branches: 3,
      recipients: { total: 16, reachable: 13, notLinked: 3 },
    });
    const all = await recipientsOf({});
    expect(all).toHaveLength(16);
    expect(all).not.toContain(p.mien.id);
  });

  test('chosen units: only the branches under them', async () => {
    expect(await previewMaterial(input({ scopeUnitIds: [u.kp2.id, u.commune.id] }), deps())).toMatchObject({
      branches: 2,
      recipients: { total: 7 },
    });
    expect(await recipientsOf({ scopeUnitIds: [u.kp2.id, u.commune.id] })).toEqual(ids(p.bi2, p.uy2, p.an2, p.biB, p.tuyen, p.sau, p.muon));
  });

  test('committee only: bí thư, phó bí thư and chi ủy viên where the branch has a chi ủy (an exempt official member still counts for it)', async () => {
    expect(await recipientsOf({ audience: 'committee' })).toEqual(ids(p.bi, p.pho, p.uy, p.bi2, p.biB));
  });
});

describe('fan-out', () => {
  test('one delivery per member, on the preferred platform, as a bulk-lane document with a "Đã nhận" button', async () => {
    const r = published(await publishMaterial(input({ scopeUnitIds: [u.kp1.id] }), deps()));
    expect(r).toMatchObject({
      scheduled: false,
      recipients: 9,
      material: { status: 'sent', source: 'chat', publishedByMemberId: p.tuyen.id },
    });
    const rows = await outboxOf(r.material.id);
    expect(rows.map((o) => o.id).sort()).toEqual([...r.outboxIds].sort());
    expect(rows.filter((o) => o.memberId === p.bon.id)).toEqual([
      expect.objectContaining({ platform: 'zalo', chatId: `zalo-chat-${p.bon.id}` }),
    ]);
    expect(rows[0]).toMatchObject({ lane: 'bulk', status: 'pending', dedupeKey: `material:${r.material.id}:${rows[0]!.memberId}` });
    expect(wordsOf(rows[0]!)).toEqual({
      kind: 'document',
      file: { materialId: r.material.id },
      caption: expect.stringMatching(/tháng 11\/2026\nChuyên đề học tập/),
      buttons: [[{ text: 'Đã nhận', data: `mack:${r.material.id}` }]],
    });
    const bon = (await deliveries(r.material.id)).find((d) => d.memberId === p.bon.id);
    expect(bon).toMatchObject({
      platform: 'zalo',
      branchId: u.kp1.id,
      failure: null,
      outboxId: rows.find((o) => o.memberId === p.bon.id)!.id,
    });
    expect(await tdb.db.select().from(materialPlatformFiles).where(eq(materialPlatformFiles.materialId, r.material.id))).toEqual([
      expect.objectContaining({ platform: 'telegram', fileId: 'BQACAgIAAxk-doc-1' }),
    ]);
  });

  test('members with no reachable account get a "not_linked" delivery and no message', async () => {
    const r = published(await publishMaterial(input({ scopeUnitIds: [u.kp1.id] }), deps()));
    const unreached = (await deliveries(r.material.id)).filter((d) => d.outboxId === null);
    expect(unreached.map((d) => [d.memberId, d.failure, d.platform])).toEqual([
      [p.nam.id, 'not_linked', null],
      [p.du.id, 'not_linked', null],
    ]);
    expect((await outboxOf(r.material.id)).map((o) => o.memberId)).not.toContain(p.nam.id);
  });

  test('an uploaded file is kept for the first upload; a link goes out as text with the link', async () => {
    const pdf = buildPdf([pdfLines('Tai lieu')]);
    const withFile = published(
      await publishMaterial(
        input({ actor: { kind: 'cli' }, scopeUnitIds: [u.kp2.id], file: { name: 'a.pdf', size: pdf.length, content: pdf } }),
        deps(),
      ),
    );
    expect(withFile.material).toMatchObject({ source: 'cli', publishedByMemberId: null, fileName: 'a.pdf', mimeType: 'application/pdf' });
    expect(
      (await tdb.db.select().from(materialFiles).where(eq(materialFiles.materialId, withFile.material.id)))[0]!.content.equals(pdf),
    ).toBe(true);
    const link = published(
      await publishMaterial(input({ scopeUnitIds: [u.kp2.id], file: undefined, linkUrl: 'https://tuyengiao.vn/thang-11' }), deps()),
    );
    expect(wordsOf((await outboxOf(link.material.id))[0]!)).toEqual({
      kind: 'text',
      text: expect.stringContaining('https://tuyengiao.vn/thang-11'),
      buttons: [[{ text: 'Đã nhận', data: `mack:${link.material.id}` }]],
    });
  });

  test('a material set for later waits for the sweep, which fans it out when due', async () => {
    const sendAt = new Date('2026-11-20T14:00:00+07:00');
    const r = published(await publishMaterial(input({ scopeUnitIds: [u.kp2.id], sendAt }), deps()));
    expect(r).toMatchObject({ scheduled: true, recipients: 3, outboxIds: [], material: { status: 'scheduled' } });
    expect(await deliveries(r.material.id)).toEqual([]);
    expect(await dueScheduledMaterials({ now: NOW }, { db: tdb.db })).not.toContain(r.material.id);
    expect(await dueScheduledMaterials({ now: sendAt }, { db: tdb.db })).toContain(r.material.id);
    const later = createFakeClock(sendAt);
    const out = await fanOutMaterial({ materialId: r.material.id }, { db: tdb.db, clock: later });
    expect(out).toMatchObject({ notLinked: 0 });
    expect(out.outboxIds).toHaveLength(3);
    expect((await outboxOf(r.material.id)).every((o) => o.notBefore.getTime() === sendAt.getTime())).toBe(true);
    expect((await tdb.db.select().from(materials).where(eq(materials.id, r.material.id)))[0]!.status).toBe('sent');
    expect(await dueScheduledMaterials({ now: sendAt }, { db: tdb.db })).not.toContain(r.material.id);
  });

  test('fanning out again — a retried job, a crash halfway, two workers at once — writes nothing twice', async () => {
    const r = published(await publishMaterial(input(), deps()));
    const snapshot = async () => ({
      d: await deliveries(r.material.id),
      o: (await outboxOf(r.material.id)).map((o) => [o.id, o.memberId]),
    });
    const before = await snapshot();
    expect(await fanOutMaterial({ materialId: r.material.id }, deps())).toEqual({ outboxIds: [], notLinked: 0 });
    // As a crash mid-fan-out leaves it: still 'sending', and the sweep picks it up again.
    await tdb.db.update(materials).set({ status: 'sending' }).where(eq(materials.id, r.material.id));
    expect(await dueScheduledMaterials({ now: NOW }, { db: tdb.db })).toContain(r.material.id);
    const twice = await Promise.all([
      fanOutMaterial({ materialId: r.material.id }, deps()),
      fanOutMaterial({ materialId: r.material.id }, deps()),
    ]);
    expect(twice.flatMap((t) => t.outboxIds)).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  test('a fan-out bigger than one 1,000-row chunk writes every member exactly once', async () => {
    const units = createOrgUnitsRepository({ db: tdb.db });
    const other = (await units.findOrCreateChild(null, 'province', 'Tỉnh ủy Bình Phước')).unit;
    const big = (await units.findOrCreateChild(other, 'branch', 'Chi bộ Đông Dân')).unit;
    const rows = await tdb.db
      .insert(members)
      .values(
        Array.from({ length: 2100 }, (_, i) => ({
          branchId: big.id,
          fullName: `Đảng viên ${i}`,
          phone: `84936${String(i).padStart(6, '0')}`,
        })),
      )
      .returning({ id: members.id });
    await tdb.db
      .insert(chatIdentities)
      .values(
        rows
          .slice(0, 2000)
          .map((m) => ({ memberId: m.id, platform: 'telegram' as const, externalId: `tg-big-${m.id}`, chatId: `tg-big-${m.id}` })),
      );
    const r = published(await publishMaterial(input({ actor: { kind: 'http' }, unitId: other.id }), deps()));
    expect(r.recipients).toBe(2100);
    expect(new Set(r.outboxIds).size).toBe(2000);
    expect((await deliveries(r.material.id)).filter((d) => d.failure === 'not_linked')).toHaveLength(100);
    await tdb.db.update(materials).set({ status: 'sending' }).where(eq(materials.id, r.material.id));
    expect(await fanOutMaterial({ materialId: r.material.id }, deps())).toEqual({ outboxIds: [], notLinked: 0 });
    expect(await outboxOf(r.material.id)).toHaveLength(2000);
  });
});
