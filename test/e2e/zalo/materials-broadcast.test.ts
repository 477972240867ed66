import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { publishMaterialCommand } from '../../../src/cli/publish-material.command.js';
import { chatIdentities } from '../../../src/modules/identities/identities.table.js';
import { materialDeliveries, materials } from '../../../src/modules/materials/materials.table.js';
import { createUnitRolesRepository } from '../../../src/modules/unit-roles/unit-roles.repository.js';
import { outbox } from '../../../src/modules/outbox/outbox.table.js';
import { materialsFlowTexts as f, materialsTexts as mt } from '../../../src/texts/index.js';
import type { FakeUser } from '../../fakes/telegram/index.js';
import type { FakeZaloUser } from '../../fakes/zalo/index.js';
import { PUBLIC_URL, startHarness, type Harness } from '../../support/app-harness.js';
import { buildDocx, w } from '../../support/documents.fixtures.js';
import { pdfWithFirstPage } from '../../support/pdf.js';
import { seedBranch, seedMember } from '../../support/seed.js';
import { zaloButtonsOf, zaloChatWith } from '../../support/zalo-chat.js';
import { eventuallyAsTimePasses, linkOnZalo, outboxQueuesFor } from '../../support/zalo-flows.js';

// The month's material, published by the department's staff from the server (the CLI), reaches
// Zalo members as a file with the «Đã nhận» button under it; Zalo gets the file once, by upload,
// and every recipient by its token. Too big for Zalo: a link to our own download route.
let h: Harness;
let queues: ReturnType<typeof outboxQueuesFor>;
let dir: string;
const chat = zaloChatWith(() => h);
const tg = { son: { id: 9301, first_name: 'Sơn' }, ba: { id: 9302, first_name: 'Ba' } } satisfies Record<string, FakeUser>;
let zalo: Record<'tuyen' | 'lan' | 'hung' | 'mai' | 'hai', FakeZaloUser>;
const ids: Record<string, number> = {};

/** `npm run cli -- publish-material <file> --unit … --month 2026-12`, then the outbox sweep. */
async function publishFromServer(bytes: Buffer, fileName: string, title: string): Promise<{ code: number; out: string }> {
  const path = join(dir, fileName);
  await writeFile(path, bytes);
  const lines: string[] = [];
  const code = await publishMaterialCommand([path, '--unit', 'Đảng bộ phường Tân Định', '--month', '2026-12', '--title', title], {
    db: h.tdb.db,
    clock: h.clock,
    out: (l) => lines.push(l),
    inviteLink: async () => '',
  });
  await queues.sweep();
  return { code, out: lines.join('\n') };
}
const materialTitled = async (title: string) => (await h.tdb.db.select().from(materials).where(eq(materials.title, title)))[0]!;
const fileUploads = () => h.zalo.uploads.filter((u) => u.kind === 'file');
const documentsTo = (user: FakeUser) => h.fake.sent(user.id).filter((m) => m.method === 'sendDocument');
/** What a Zalo user received for one material: the file (or link) message and the message carrying its button. */
const receivedBy = (user: FakeZaloUser, materialId: number) => {
  const all = h.zalo.sent(user.id);
  const withButton = all.filter((m) => zaloButtonsOf(m).includes(`mack:${materialId}`));
  const i = all.indexOf(withButton[0]!);
  return { withButton, before: i > 0 ? all[i - 1] : undefined };
};

beforeAll(async () => {
  h = await startHarness({ zalo: true, mode: 'webhook', start: '2026-11-25T09:00:00+07:00' });
  queues = outboxQueuesFor(h);
  dir = await mkdtemp(join(tmpdir(), 'zalo-materials-'));
  const db = h.tdb.db;
  const { committee, branch: kp1 } = await seedBranch(db, 'Chi bộ Khu phố 1');
  const { branch: kp2 } = await seedBranch(db, 'Chi bộ Khu phố 2');
  const people = [
    ['tuyen', 'Nguyễn Thị Tuyên', '0919100001', 'member', kp1],
    ['son', 'Trần Văn Sơn', '0919100002', 'secretary', kp1],
    ['lan', 'Đỗ Thị Lan', '0919100003', 'member', kp1],
    ['hung', 'Ngô Văn Hùng', '0919100004', 'member', kp1],
    ['mai', 'Lê Thị Mai', '0919100005', 'member', kp1],
    ['hai', 'Võ Văn Hải', '0919100006', 'secretary', kp2],
    ['ba', 'Phan Văn Ba', '0919100007', 'member', kp2],
    ['tu', 'Mai Thị Tư', '0919100008', 'member', kp2],
  ] as const;
  for (const [key, fullName, phone, role, branch] of people) ids[key] = (await seedMember(db, branch, { fullName, phone, role })).id;
  await createUnitRolesRepository({ db }).grant(ids.tuyen!, 'propaganda', committee.id);
  for (const [key, user] of Object.entries(tg)) {
    const phone = people.find((p) => p[0] === key)![2];
    await h.fake.deliverToWebhook(h.fake.sendContact(user, { phone_number: phone, user_id: user.id }));
  }
  zalo = {
    tuyen: await linkOnZalo(h, chat, 'Tuyên', '84919100001'),
    lan: await linkOnZalo(h, chat, 'Lan', '84919100003'),
    hung: await linkOnZalo(h, chat, 'Hùng', '84919100004'),
    mai: await linkOnZalo(h, chat, 'Mai', '84919100005'),
    hai: await linkOnZalo(h, chat, 'Hải', '84919100006'),
  };
});
afterAll(async () => {
  await queues?.close();
  await h?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A real DOCX with a large embedded image: readable first page, 5.5 MB on disk. */
async function docxOver5MB(): Promise<Buffer> {
  const zip = await JSZip.loadAsync(await buildDocx(w.p('ĐẢNG BỘ PHƯỜNG TÂN ĐỊNH') + w.p('Tài liệu tham khảo có hình ảnh')));
  zip.file('word/media/image1.png', randomBytes(5.5 * 1024 * 1024));
  const big = await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
  expect(big.length).toBeGreaterThan(5 * 1024 * 1024);
  return big;
}

const PDF = pdfWithFirstPage('ĐẢNG BỘ PHƯỜNG TÂN ĐỊNH', 'Chuyên đề: Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh');
const TITLE = 'Tài liệu sinh hoạt chi bộ tháng 12';

describe('a material with acknowledgement on Zalo', () => {
  test('every Zalo member gets the file, then the caption with the «Đã nhận» button; Zalo got one upload for all five', async () => {
    const { code } = await publishFromServer(PDF, 'tai-lieu-thang-12.pdf', TITLE);
    expect(code).toBe(0);
    const material = await materialTitled(TITLE);
    for (const user of Object.values(zalo)) {
      const got = await eventuallyAsTimePasses(
        h,
        () => {
          const r = receivedBy(user, material.id);
          expect(r.withButton).toHaveLength(1);
          return r;
        },
        15_000,
      );
      expect(got.before?.kind).toBe('file');
      expect(got.withButton[0]!.text).toBe(mt.documentCaption({ title: TITLE, period: '2026-12' }));
      expect(h.zalo.sent(user.id).filter((m) => m.kind === 'file')).toHaveLength(1);
    }
    expect(fileUploads()).toHaveLength(1);
    expect(fileUploads()[0]).toMatchObject({ filename: 'tai-lieu-thang-12.pdf', mimeType: 'application/pdf' });
    expect(fileUploads()[0]!.data.equals(PDF)).toBe(true);
    expect(h.zalo.callsTo('v2.0/oa/upload/file').filter((c) => !c.error)).toHaveLength(1);
    // Every file message carries that one token.
    const tokens = new Set(
      Object.values(zalo).map((u) => JSON.stringify(h.zalo.sent(u.id).find((m) => m.kind === 'file')!.message.attachment)),
    );
    expect(tokens.size).toBe(1);
    // Telegram members of the same audience get it too.
    for (const user of Object.values(tg)) await eventuallyAsTimePasses(h, () => expect(documentsTo(user)).toHaveLength(1), 15_000);
  });

  test("a tap on «Đã nhận» is acknowledged in a reply and recorded; the officer's report on Zalo shows it", async () => {
    const material = await materialTitled(TITLE);
    expect(await chat.tap(zalo.lan, `mack:${material.id}`)).toBe(f.ackToast);
    expect(await chat.tap(zalo.hai, `mack:${material.id}`)).toBe(f.ackToast);
    expect(await chat.tap(zalo.lan, `mack:${material.id}`)).toBe(mt.alreadyAcknowledged);
    const acked = await h.tdb.db
      .select()
      .from(materialDeliveries)
      .where(and(eq(materialDeliveries.materialId, material.id), eq(materialDeliveries.memberId, ids.lan!)));
    expect(acked[0]!.acknowledgedAt).not.toBeNull();

    const report = await chat.say(zalo.tuyen, '/baocaotailieu');
    expect(report).toContain(TITLE);
    expect(report).toMatch(/Chi bộ Khu phố 1: 5 người — đã nhận 1/);
    expect(report).toMatch(/Chi bộ Khu phố 2: 3 người — đã nhận 1/);
  });

  test("a tap on another material's button by someone who did not receive it records nothing", async () => {
    const material = await materialTitled(TITLE);
    const { branch } = await seedBranch(h.tdb.db, 'Chi bộ Ấp 3', 'Đảng bộ xã Phước Thiền');
    await seedMember(h.tdb.db, branch, { fullName: 'Lý Văn Khác', phone: '0919100009' });
    const outsider = await linkOnZalo(h, chat, 'Khác', '84919100009');
    expect(await chat.tap(outsider, `mack:${material.id}`)).toBe(mt.notRecipient);
    const acknowledged = (await h.tdb.db.select().from(materialDeliveries)).filter((d) => d.acknowledgedAt !== null);
    expect(acknowledged.map((d) => d.memberId).sort()).toEqual([ids.lan, ids.hai].sort());
  });
});

describe('what Zalo cannot take', () => {
  test('a document over 5 MB goes to Zalo members as a link to our download route, which serves the file', async () => {
    const big = await docxOver5MB();
    const uploadsBefore = fileUploads().length;
    expect((await publishFromServer(big, 'tai-lieu-co-hinh.docx', 'Tài liệu có hình ảnh')).code).toBe(0);
    const material = await materialTitled('Tài liệu có hình ảnh');

    for (const user of Object.values(zalo)) {
      const got = await eventuallyAsTimePasses(
        h,
        () => {
          const r = receivedBy(user, material.id);
          expect(r.withButton).toHaveLength(1);
          return r.withButton[0]!;
        },
        15_000,
      );
      expect(got.text).toContain('tai-lieu-co-hinh.docx');
      expect(got.text).toContain(`${PUBLIC_URL}/materials/${material.id}/file/`);
    }
    expect(fileUploads()).toHaveLength(uploadsBefore);
    const link = h.local(/(https:\/\/\S+\/materials\/\d+\/file\/\S+)/.exec(receivedBy(zalo.lan, material.id).withButton[0]!.text!)![1]!);
    const res = await fetch(link);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(big)).toBe(true);
    // A guessed link serves nothing.
    expect((await fetch(link.replace(/[^/]+$/, 'x'.repeat(32)))).status).toBe(404);
    // Telegram takes 50 MB: its members get the file itself.
    for (const user of Object.values(tg)) await eventuallyAsTimePasses(h, () => expect(documentsTo(user)).toHaveLength(2), 15_000);
  });

  test('a document with «MẬT» on its first page is refused: nothing is stored and nobody, on Zalo or Telegram, gets anything', async () => {
    const count = async () => ({
      materials: (await h.tdb.db.select().from(materials)).length,
      outbox: (await h.tdb.db.select().from(outbox)).length,
    });
    const before = await count();
    const zaloCalls = h.zalo.calls.length;
    const telegramSent = h.fake.sent().length;
    const secret = pdfWithFirstPage('ĐẢNG BỘ PHƯỜNG TÂN ĐỊNH', 'MẬT', 'Báo cáo tình hình an ninh trật tự quý IV');
    const { code, out } = await publishFromServer(secret, 'bao-cao-quy-4.pdf', 'Báo cáo quý IV');
    expect(code).toBe(1);
    expect(out).toContain(mt.refusedSecret('MẬT', 'firstPage'));
    await new Promise((r) => setTimeout(r, 500));
    expect(await count()).toEqual(before);
    expect(h.zalo.calls.length).toBe(zaloCalls);
    expect(h.fake.sent().length).toBe(telegramSent);
  });

  test('a member silent for over 7 days gets a document over 5 MB as a link when she writes again, sent with the reply to her', async () => {
    // Mai last wrote 8 days ago: her copy is held, not attempted, until she writes.
    await h.tdb.db
      .update(chatIdentities)
      .set({ lastInteractionAt: new Date(h.clock.now().getTime() - 8 * 86_400_000) })
      .where(and(eq(chatIdentities.platform, 'zalo'), eq(chatIdentities.chatId, String(zalo.mai.id))));
    expect((await publishFromServer(await docxOver5MB(), 'tai-lieu-thang-12.docx', 'Tài liệu tháng 12 có hình ảnh')).code).toBe(0);
    const material = await materialTitled('Tài liệu tháng 12 có hình ảnh');
    const maiRow = async () => {
      const [d] = await h.tdb.db
        .select()
        .from(materialDeliveries)
        .where(and(eq(materialDeliveries.materialId, material.id), eq(materialDeliveries.memberId, ids.mai!)));
      return (await h.tdb.db.select().from(outbox).where(eq(outbox.id, d!.outboxId!)))[0]!;
    };
    await eventuallyAsTimePasses(h, async () => expect((await maiRow()).status).toBe('held'), 15_000);
    expect(receivedBy(zalo.mai, material.id).withButton).toHaveLength(0);

    // Her message releases it, and the reply's own delivery sends it: as a link, not a failure.
    await chat.say(zalo.mai, 'Chào chi bộ');
    const got = await eventuallyAsTimePasses(
      h,
      () => {
        const r = receivedBy(zalo.mai, material.id);
        expect(r.withButton).toHaveLength(1);
        return r.withButton[0]!;
      },
      15_000,
    );
    expect(got.text).toContain(`tai-lieu-thang-12.docx: ${PUBLIC_URL}/materials/${material.id}/file/`);
    expect(await maiRow()).toMatchObject({ status: 'sent' });
  });
});
