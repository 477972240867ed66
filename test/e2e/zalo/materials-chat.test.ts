import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog } from '../../../src/modules/audit/audit.table.js';
import { conversationStates } from '../../../src/modules/conversation-state/conversation-state.table.js';
import { materials } from '../../../src/modules/materials/materials.table.js';
import { createUnitRolesRepository } from '../../../src/modules/unit-roles/unit-roles.repository.js';
import { outbox } from '../../../src/modules/outbox/outbox.table.js';
import { bot, materialsFlowTexts as f, materialsTexts as mt } from '../../../src/texts/index.js';
import type { FakeUser } from '../../fakes/telegram/index.js';
import type { FakeZaloUser } from '../../fakes/zalo/index.js';
import { startHarness, type Harness } from '../../support/app-harness.js';
import { buttonsOf, chatWith } from '../../support/chat.js';
import { pdfWithFirstPage } from '../../support/pdf.js';
import { seedBranch, seedMember } from '../../support/seed.js';
import { zaloButtonsOf, zaloChatWith, zaloTexts } from '../../support/zalo-chat.js';
import { eventuallyAsTimePasses, linkOnZalo, zaloButton } from '../../support/zalo-flows.js';

// Publishing from the phone across platforms: a propaganda officer on Zalo sends the month's
// PDF to the OA (Zalo hands us only a CDN URL), and one on Telegram sends it to the bot; either
// way every member of the audience gets the same document on the platform they use.
let h: Harness;
const chat = zaloChatWith(() => h);
const telegram = chatWith(() => h);
const tg = {
  son: { id: 9401, first_name: 'Sơn' },
  hung: { id: 9402, first_name: 'Hùng' },
  tam: { id: 9403, first_name: 'Tâm' },
  tamB: { id: 9404, first_name: 'Tám' },
} satisfies Record<string, FakeUser>;
let officer: FakeZaloUser, lan: FakeZaloUser, hai: FakeZaloUser, bay: FakeZaloUser;
const ids: Record<string, number> = {};

const materialRows = () => h.tdb.db.select().from(materials);
const zaloStateOf = (user: FakeZaloUser) => h.tdb.db.select().from(conversationStates).where(eq(conversationStates.externalId, user.id));
const fileUploads = () => h.zalo.uploads.filter((u) => u.kind === 'file');
const documentsTo = (user: FakeUser) => h.fake.sent(user.id).filter((m) => m.method === 'sendDocument');
/** The officer sends a file from Zalo: the webhook carries a link to Zalo's CDN, served by the fake. */
const sendFileOnZalo = async (user: FakeZaloUser, bytes: Buffer, name: string, url = h.zalo.hostFile(bytes, name)) =>
  zaloTexts(await chat.deliver(user, h.zalo.userSendFile(user, { name, url, size: bytes.length })));
/** The bytes a Telegram member can download of the document the bot sent them. */
async function telegramBytes(fileId: string): Promise<Buffer> {
  const got = (await (await fetch(`${h.fake.apiRoot}bot${h.fake.token}/getFile?file_id=${encodeURIComponent(fileId)}`)).json()) as {
    result: { file_path: string };
  };
  return Buffer.from(await (await fetch(`${h.fake.apiRoot}file/bot${h.fake.token}/${got.result.file_path}`)).arrayBuffer());
}
/** A Zalo member received this material as a file message followed by the «Đã nhận» button. */
async function expectFileWithAck(user: FakeZaloUser, materialId: number): Promise<void> {
  await eventuallyAsTimePasses(h, () => {
    const all = h.zalo.sent(user.id);
    const at = all.findIndex((m) => zaloButtonsOf(m).includes(`mack:${materialId}`));
    expect(at).toBeGreaterThan(0);
    expect(all[at - 1]!.kind).toBe('file');
  });
}

beforeAll(async () => {
  h = await startHarness({ zalo: true, mode: 'webhook', start: '2026-11-25T09:00:00+07:00' });
  const db = h.tdb.db;
  const { committee: ward, branch: kp1 } = await seedBranch(db, 'Chi bộ Khu phố 1');
  const { branch: kp2 } = await seedBranch(db, 'Chi bộ Khu phố 2');
  const { committee: commune, branch: ap3 } = await seedBranch(db, 'Chi bộ Ấp 3', 'Đảng bộ xã Phước Thiền');
  const people = [
    ['officer', 'Nguyễn Thị Tuyên', '0919200001', 'member', kp1],
    ['son', 'Trần Văn Sơn', '0919200002', 'secretary', kp1],
    ['lan', 'Đỗ Thị Lan', '0919200003', 'member', kp1],
    ['hung', 'Ngô Văn Hùng', '0919200004', 'member', kp1],
    ['hai', 'Võ Văn Hải', '0919200005', 'secretary', kp2],
    ['tam', 'Lý Thị Tâm', '0919200006', 'member', ap3],
    ['bay', 'Hồ Văn Bảy', '0919200007', 'member', ap3],
    ['tamB', 'Lê Văn Tám', '0919200008', 'secretary', ap3],
  ] as const;
  for (const [key, fullName, phone, role, branch] of people) ids[key] = (await seedMember(db, branch, { fullName, phone, role })).id;
  const roles = createUnitRolesRepository({ db });
  await roles.grant(ids.officer!, 'propaganda', ward.id);
  await roles.grant(ids.tam!, 'propaganda', commune.id);
  for (const [key, user] of Object.entries(tg)) {
    const phone = people.find((p) => p[0] === key)![2];
    await h.fake.deliverToWebhook(h.fake.sendContact(user, { phone_number: phone, user_id: user.id }));
  }
  officer = await linkOnZalo(h, chat, 'Tuyên', '84919200001');
  lan = await linkOnZalo(h, chat, 'Lan', '84919200003');
  hai = await linkOnZalo(h, chat, 'Hải', '84919200005');
  bay = await linkOnZalo(h, chat, 'Bảy', '84919200007');
});
afterAll(async () => h?.close());

const PDF = pdfWithFirstPage('ĐẢNG BỘ PHƯỜNG TÂN ĐỊNH', 'Chuyên đề: Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh');
const NAME = 'Tai lieu sinh hoat thang 12.pdf';

describe('a propaganda officer on Zalo publishes by sending the file to the OA', () => {
  test('a member who is not an officer sending a PDF starts nothing', async () => {
    expect(await sendFileOnZalo(lan, PDF, 'tai-lieu.pdf')).toBe(bot.account.notUnderstood);
    expect(await zaloStateOf(lan)).toHaveLength(0);
  });

  test("the bot reads the first page from Zalo's URL, the officer taps through the steps, and everyone in the audience gets the same file: Zalo by one upload, Telegram by the bytes", async () => {
    expect(await sendFileOnZalo(officer, PDF, NAME)).toBe(f.askMonth);
    expect(await chat.tap(officer, zaloButton(h, officer, 'mtm:', ':2026-12'))).toContain('Tiêu đề tài liệu?');
    expect(await chat.tap(officer, zaloButton(h, officer, 'mtt:'))).toBe(f.askAudience);
    expect(await chat.tap(officer, zaloButton(h, officer, 'mta:', ':all'))).toContain(
      'Gửi tới tất cả chi bộ thuộc Đảng bộ phường Tân Định',
    );
    expect(await chat.tap(officer, zaloButton(h, officer, 'mts:', ':all'))).toBe(f.askWhen);
    const preview = await chat.tap(officer, zaloButton(h, officer, 'mtw:'));
    expect(preview).toContain(`Tệp: ${NAME}`);
    expect(preview).toContain('Số người nhận: 5 (nhận qua Trợ lý: 5; chưa liên kết tài khoản: 0)');
    expect(await materialRows()).toHaveLength(0);
    expect(await chat.tap(officer, zaloButton(h, officer, 'mtok:'))).toBe(mt.published(5));

    const [material] = await materialRows();
    expect(material).toMatchObject({
      title: 'Tai lieu sinh hoat thang 12',
      period: '2026-12',
      source: 'chat',
      publishedByMemberId: ids.officer,
    });
    for (const user of [officer, lan, hai]) await expectFileWithAck(user, material!.id);
    expect(fileUploads()).toHaveLength(1);
    expect(fileUploads()[0]!.data.equals(PDF)).toBe(true);
    for (const user of [tg.son, tg.hung]) {
      const [doc] = await eventuallyAsTimePasses(h, () => {
        const got = documentsTo(user);
        expect(got).toHaveLength(1);
        return got;
      });
      expect(buttonsOf(doc!)).toEqual([`mack:${material!.id}`]);
      expect((await telegramBytes(doc!.document!.file_id)).equals(PDF)).toBe(true);
    }
    // Another ward's members are outside the audience.
    expect(h.zalo.sent(bay.id).filter((m) => m.kind === 'file')).toHaveLength(0);
    expect(await zaloStateOf(officer)).toHaveLength(0);
  });

  test('a PDF with «MẬT» on its first page is refused with the reason; nothing of it is kept or sent, the attempt is audited', async () => {
    const before = {
      materials: (await materialRows()).length,
      outbox: (await h.tdb.db.select().from(outbox)).length,
      uploads: h.zalo.uploads.length,
    };
    const secret = pdfWithFirstPage('ĐẢNG CỘNG SẢN VIỆT NAM', 'MẬT', 'Báo cáo tình hình an ninh trật tự quý IV');
    expect(await sendFileOnZalo(officer, secret, 'bao-cao-quy-4.pdf')).toBe(mt.refusedSecret('MẬT', 'firstPage'));
    expect(await zaloStateOf(officer)).toHaveLength(0);
    // Only the refusal itself went into the outbox.
    expect({
      materials: (await materialRows()).length,
      outbox: (await h.tdb.db.select().from(outbox)).length - 1,
      uploads: h.zalo.uploads.length,
    }).toEqual(before);
    const audit = await h.tdb.db.select().from(auditLog).where(eq(auditLog.action, 'material.refused_secret'));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorMemberId: ids.officer, details: expect.objectContaining({ mark: 'MẬT', place: 'firstPage' }) });
    expect(JSON.stringify(audit[0])).not.toContain('bao-cao');
  });

  test('a file the bot cannot download from Zalo is not published unread', async () => {
    const gone = `${h.zalo.apiRoot}fake-cdn/khong-con/tai-lieu.pdf`;
    expect(await sendFileOnZalo(officer, PDF, 'tai-lieu.pdf', gone)).toBe(f.cannotRead);
    expect(await zaloStateOf(officer)).toHaveLength(0);
    expect(await materialRows()).toHaveLength(1);
  });
});

describe('a propaganda officer on Telegram publishes by sending the file to the bot', () => {
  let nextMessageId = 960_000;
  const pressLast = (user: FakeUser, prefix: string, suffix = '') => {
    const data = h.fake
      .sent(user.id)
      .flatMap((m) => buttonsOf(m))
      .findLast((d) => d.startsWith(prefix) && d.endsWith(suffix));
    expect(data, `a button ${prefix}…${suffix}`).toBeDefined();
    return telegram.deliver(user, h.fake.pressButton(user, data!));
  };

  test("the commune's members on Zalo get the document, uploaded to Zalo from the bytes Telegram gave", async () => {
    const uploadsBefore = fileUploads().length;
    const pdf = pdfWithFirstPage('ĐẢNG BỘ XÃ PHƯỚC THIỀN', 'Tài liệu học tập Nghị quyết');
    const document = h.fake.addFile(pdf, 'nghi-quyet.pdf');
    expect(
      await telegram.deliver(
        tg.tam,
        h.fake.injectUpdate({
          message: {
            message_id: ++nextMessageId,
            date: Math.floor(Date.now() / 1000),
            from: { id: tg.tam.id, is_bot: false, first_name: tg.tam.first_name },
            chat: { id: tg.tam.id, type: 'private', first_name: tg.tam.first_name },
            document,
          },
        }),
      ),
    ).toBe(f.askMonth);
    await pressLast(tg.tam, 'mtm:', ':2026-12');
    await pressLast(tg.tam, 'mtt:');
    await pressLast(tg.tam, 'mta:', ':all');
    await pressLast(tg.tam, 'mts:', ':all');
    expect(await pressLast(tg.tam, 'mtw:')).toContain('Số người nhận: 3');
    expect(await pressLast(tg.tam, 'mtok:')).toBe(mt.published(3));

    const material = (await materialRows()).find((m) => m.title === 'nghi-quyet')!;
    await expectFileWithAck(bay, material.id);
    expect(fileUploads()).toHaveLength(uploadsBefore + 1);
    expect(fileUploads().at(-1)!.data.equals(pdf)).toBe(true);
    // Telegram members get it by the file id Telegram already has.
    for (const user of [tg.tam, tg.tamB])
      await eventuallyAsTimePasses(h, () => expect(documentsTo(user).at(-1)?.document?.file_id).toBe(document.file_id));
  });
});
