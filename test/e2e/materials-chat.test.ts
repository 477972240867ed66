import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../src/modules/audit/audit.table.js';
import { conversationStates } from '../../src/modules/conversation-state/conversation-state.table.js';
import { materialDeliveries, materials } from '../../src/modules/materials/materials.table.js';
import { outbox } from '../../src/modules/outbox/outbox.table.js';
import { createUnitRolesRepository } from '../../src/modules/unit-roles/unit-roles.repository.js';
import { bot, materialsFlowTexts as f, materialsTexts as mt } from '../../src/texts/index.js';
import type { FakeUser } from '../fakes/telegram/index.js';
import { chatWith, buttonsOf } from '../support/chat.js';
import { eventually, startHarness, type Harness } from '../support/app-harness.js';
import { pdfWithFirstPage } from '../support/pdf.js';
import { seedBranch, seedMember } from '../support/seed.js';

// The ward's propaganda officer publishes December's material from her phone; members confirm
// receipt with one button; the officer and each bí thư follow who has it.
let h: Harness;
const u = (id: number, first_name: string): FakeUser => ({ id, first_name });
const officer = u(8101, 'Tuyên'),
  sec1 = u(8102, 'Sơn'),
  lan = u(8103, 'Lan'),
  sec2 = u(8104, 'Hải'),
  outsider = u(8105, 'Khác');
const ids: Record<number, number> = {};

const { deliver, say, sendMessage, tap: press, forge } = chatWith(() => h);
/** The newest button of this user whose data starts with `prefix` (and ends with `suffix`). */
function button(user: FakeUser, prefix: string, suffix = ''): string {
  const all = h.fake.sent(user.id).flatMap((m) => buttonsOf(m));
  const data = all.findLast((d) => d.startsWith(prefix) && d.endsWith(suffix));
  expect(data, `a button ${prefix}…${suffix} for ${user.first_name}`).toBeDefined();
  return data!;
}
/** The user sends a file from their phone: the fake keeps it downloadable, as Telegram does. */
const sendFile = (user: FakeUser, bytes: Buffer, fileName: string, caption?: string): Promise<string> =>
  sendMessage(user, { document: h.fake.addFile(bytes, fileName), ...(caption ? { caption } : {}) });
const materialRows = () => h.tdb.db.select().from(materials);
const stateOf = (user: FakeUser) =>
  h.tdb.db
    .select()
    .from(conversationStates)
    .where(eq(conversationStates.externalId, String(user.id)));
const documentsTo = (user: FakeUser) => h.fake.sent(user.id).filter((m) => m.method === 'sendDocument');

/** Month → keep the file name as title → all members → whole ward → now: the preview. */
async function answerEveryStep(): Promise<string> {
  expect((await press(officer, button(officer, 'mtm:', ':2026-12'))).said).toContain('Tiêu đề tài liệu?');
  expect((await press(officer, button(officer, 'mtt:'))).said).toBe(f.askAudience);
  expect((await press(officer, button(officer, 'mta:', ':all'))).said).toContain('Gửi tới tất cả chi bộ thuộc Đảng bộ phường Tân Định');
  expect((await press(officer, button(officer, 'mts:', ':all'))).said).toBe(f.askWhen);
  return (await press(officer, button(officer, 'mtw:'))).said;
}

beforeAll(async () => {
  h = await startHarness({ mode: 'webhook', start: '2026-11-25T09:00:00+07:00' });
  const db = h.tdb.db;
  const { committee, branch: kp1 } = await seedBranch(db, 'Chi bộ Khu phố 1');
  const { branch: kp2 } = await seedBranch(db, 'Chi bộ Khu phố 2');
  const { branch: elsewhere } = await seedBranch(db, 'Chi bộ Ấp 3', 'Đảng bộ xã Phước Thiền');
  const people: [FakeUser, Parameters<typeof seedMember>[2], typeof kp1][] = [
    [officer, { fullName: 'Nguyễn Thị Tuyên', phone: '0919000001' }, kp1],
    [sec1, { fullName: 'Trần Văn Sơn', phone: '0919000002', role: 'secretary' }, kp1],
    [lan, { fullName: 'Đỗ Thị Lan', phone: '0919000003' }, kp1],
    [sec2, { fullName: 'Võ Văn Hải', phone: '0919000004', role: 'secretary' }, kp2],
    [outsider, { fullName: 'Lý Văn Khác', phone: '0919000005' }, elsewhere],
  ];
  for (const [user, m, b] of people) {
    ids[user.id] = (await seedMember(db, b, m)).id;
    await h.fake.deliverToWebhook(h.fake.sendContact(user, { phone_number: m.phone, user_id: user.id }));
  }
  // A member without a chat account: counted, reported as not linked.
  await seedMember(db, kp2, { fullName: 'Mai Thị Tư', phone: '0919000006' });
  await createUnitRolesRepository({ db }).grant(ids[officer.id]!, 'propaganda', committee.id);
});
afterAll(async () => h?.close());

describe('publishing from the phone', () => {
  test('a member who is not a propaganda officer is refused kindly; their PDF starts nothing', async () => {
    expect(await say(lan, '/tailieu')).toBe(f.onlyPropaganda);
    expect(await sendFile(lan, pdfWithFirstPage('Tài liệu'), 'tai-lieu.pdf')).toBe(bot.account.notUnderstood);
    expect(await stateOf(lan)).toHaveLength(0);
  });

  test('the officer sends a PDF, answers each step, sees the recipient count, confirms; every member receives it', async () => {
    const pdf = pdfWithFirstPage('ĐẢNG BỘ PHƯỜNG TÂN ĐỊNH', 'Chuyên đề: Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh');
    const getFiles = h.fake.callsTo('getFile').length;
    expect(await sendFile(officer, pdf, 'Tai lieu sinh hoat thang 12.pdf')).toBe(f.askMonth);
    // The bot downloaded the file to read its first page.
    expect(h.fake.callsTo('getFile').length).toBe(getFiles + 1);
    const preview = await answerEveryStep();
    expect(preview).toContain('Tệp: Tai lieu sinh hoat thang 12.pdf');
    expect(preview).toContain('Số chi bộ: 2');
    expect(preview).toContain('Số người nhận: 5 (nhận qua Trợ lý: 4; chưa liên kết tài khoản: 1)');
    expect(await materialRows()).toHaveLength(0); // nothing before the confirmation

    const { said, toast } = await press(officer, button(officer, 'mtok:'));
    expect(said).toBe(mt.published(5));
    expect(toast).toBe(f.publishedToast);
    const [material] = await materialRows();
    expect(material).toMatchObject({
      title: 'Tai lieu sinh hoat thang 12',
      period: '2026-12',
      source: 'chat',
      publishedByMemberId: ids[officer.id],
    });
    for (const user of [officer, sec1, lan, sec2]) {
      const [doc] = await eventually(() => {
        const got = documentsTo(user);
        expect(got).toHaveLength(1);
        return got;
      }, 10_000);
      expect(doc!.caption).toContain('Tai lieu sinh hoat thang 12');
      expect(buttonsOf(doc!)).toEqual([`mack:${material!.id}`]);
    }
    expect(documentsTo(outsider)).toHaveLength(0);
    expect(await stateOf(officer)).toHaveLength(0);
  });

  test('a PDF whose first page says TỐI MẬT is refused with the reason; nothing of it is kept, the attempt is audited', async () => {
    const before = (await materialRows()).length;
    expect(await say(officer, '/tailieu')).toBe(f.askSource('Đảng bộ phường Tân Định'));
    const said = await sendFile(
      officer,
      pdfWithFirstPage('ĐẢNG CỘNG SẢN VIỆT NAM', 'TỐI MẬT', 'Báo cáo tình hình an ninh'),
      'bao-cao-quy-4.pdf',
    );
    expect(said).toBe(mt.refusedSecret('TỐI MẬT', 'firstPage'));
    expect(await materialRows()).toHaveLength(before);
    // Neither the file id nor the file name survives in the conversation state.
    expect(await stateOf(officer)).toHaveLength(0);
    const audit = await h.tdb.db.select().from(auditLog).where(eq(auditLog.action, 'material.refused_secret'));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorKind: 'member',
      actorMemberId: ids[officer.id],
      details: expect.objectContaining({ mark: 'TỐI MẬT', place: 'firstPage' }),
    });
    expect(JSON.stringify(audit[0])).not.toContain('bao-cao');
  });

  test('"Lưu hành nội bộ" on the first page needs a second, explicit confirmation', async () => {
    await say(officer, '/tailieu');
    expect(await sendFile(officer, pdfWithFirstPage('Lưu hành nội bộ', 'Chuyên đề năm 2026'), 'chuyen-de-2026.pdf')).toBe(f.askMonth);
    await answerEveryStep();
    const first = await press(officer, button(officer, 'mtok:'));
    expect(first.said).toBe(mt.confirmInternal('firstPage'));
    expect(await materialRows()).toHaveLength(1);
    // The first confirm button is spent: pressing it again publishes nothing.
    const again = await press(
      officer,
      h.fake
        .sent(officer.id)
        .flatMap((m) => buttonsOf(m))
        .findLast((d) => d.startsWith('mtok:'))!,
    );
    expect(again.toast).toBe(f.flowGone);
    const second = await press(officer, button(officer, 'mtin:'));
    expect(second.said).toBe(mt.published(5));
    const rows = await materialRows();
    expect(rows).toHaveLength(2);
    expect(rows.at(-1)).toMatchObject({ title: 'chuyen-de-2026', internalConfirmed: true });
  });
});

describe('receipt and reports', () => {
  let first: number;
  beforeAll(async () => {
    first = (await materialRows()).sort((a, b) => a.id - b.id)[0]!.id;
  });

  test('members press "Đã nhận"; the officer\'s report and the bí thư\'s branch view show it', async () => {
    expect((await press(lan, `mack:${first}`)).toast).toBe(f.ackToast);
    expect((await press(sec2, `mack:${first}`)).toast).toBe(f.ackToast);
    const [row] = await h.tdb.db
      .select()
      .from(materialDeliveries)
      .where(and(eq(materialDeliveries.materialId, first), eq(materialDeliveries.memberId, ids[lan.id]!)));
    expect(row!.acknowledgedAt).not.toBeNull();

    // The newest material is the internal one; acknowledge it too, then read the report.
    const latest = Math.max(...(await materialRows()).map((m) => m.id));
    await eventually(() => expect(documentsTo(lan)).toHaveLength(2), 10_000);
    await press(lan, `mack:${latest}`);
    const report = await say(officer, '/baocaotailieu');
    expect(report).toContain('chuyen-de-2026');
    expect(report).toMatch(/Chi bộ Khu phố 1: 3 người — đã nhận 1/);
    expect(report).toContain('chưa liên kết tài khoản với Trợ lý: 1');
    expect(buttonsOf(h.fake.sent(officer.id).at(-1)!)).toEqual([`mres:${latest}`]);
    // The officer is a recipient too: let their own copy arrive first, or it would be read as
    // the answer to the press.
    await eventually(
      async () =>
        expect(
          await h.tdb.db
            .select({ id: outbox.id })
            .from(outbox)
            .where(and(eq(outbox.chatId, String(officer.id)), eq(outbox.status, 'pending'))),
        ).toHaveLength(0),
      10_000,
    );
    const resend = await press(officer, `mres:${latest}`);
    expect(resend.said).toBe(mt.resent(0));

    const branch = await say(sec1, '/tailieuchibo');
    expect(branch).toContain('Chi bộ Khu phố 1');
    expect(branch).toContain('Tai lieu sinh hoat thang 12: 3 người — đã nhận 1');
    expect(await say(lan, '/tailieuchibo')).toBe(f.onlySecretary);
    expect(await say(lan, '/baocaotailieu')).toBe(f.onlyPropaganda);
  });

  test('a stale or forged "Đã nhận" changes nothing', async () => {
    const acknowledged = async () =>
      (await h.tdb.db.select().from(materialDeliveries))
        .filter((d) => d.acknowledgedAt !== null)
        .map((d) => [d.materialId, d.memberId, d.acknowledgedAt]);
    const before = await acknowledged();
    h.clock.advance(3_600_000);
    expect((await press(lan, `mack:${first}`)).toast).toBe(mt.alreadyAcknowledged);
    expect(await forge(outsider, `mack:${first}`)).toBe(mt.notRecipient);
    expect(await forge(lan, 'mack:999999')).toBe(mt.notRecipient);
    expect(await forge(lan, 'mack:abc')).toBe(bot.buttons.stale);
    expect(await forge(lan, `mres:${first}`)).toBe(bot.buttons.stale);
    expect(await acknowledged()).toEqual(before);
  });
});

describe('a link, chosen units and a set time', () => {
  test('the officer pastes a link, types the month and title, picks one branch by number and a time: it is scheduled', async () => {
    expect(await say(officer, '/tailieu')).toContain('dán đường dẫn');
    expect(await say(officer, 'không phải link')).toBe(f.askSourceAgain);
    expect(await say(officer, 'https://tuyengiao.example.vn/tl-12.pdf')).toBe(f.askMonth);
    expect(await say(officer, '13/2026')).toBe(f.badMonth);
    expect(await say(officer, '12/2026')).toBe(f.askTitle(null));
    expect(await say(officer, 'Nghị quyết Trung ương 12 — tài liệu tham khảo')).toBe(f.askAudience);
    await press(officer, button(officer, 'mta:', ':committee'));
    const list = (await press(officer, button(officer, 'mts:', ':pick'))).said;
    expect(list).toContain('1. Chi bộ Khu phố 1\n2. Chi bộ Khu phố 2');
    expect(await say(officer, '3')).toBe(f.badNumbers);
    expect(await say(officer, '2')).toBe(f.askWhen);
    expect(await say(officer, '25/11/2026 07:30')).toBe(f.whenInPast);
    expect(await say(officer, 'sáng mai')).toBe(f.badWhen);
    const preview = await say(officer, '01/12 07:30');
    expect(preview).toContain('Phạm vi: Chi bộ Khu phố 2');
    expect(preview).toContain('Đường dẫn: https://tuyengiao.example.vn/tl-12.pdf');
    expect(preview).toContain('07:30 ngày 01/12/2026');
    expect(preview).toContain('Số chi bộ: 1');
    const { said } = await press(officer, button(officer, 'mtok:'));
    expect(said).toBe(mt.scheduled(new Date('2026-12-01T07:30:00+07:00')));
    expect((await materialRows()).at(-1)).toMatchObject({
      status: 'scheduled',
      audience: 'committee',
      linkUrl: 'https://tuyengiao.example.vn/tl-12.pdf',
    });
  });

  test('a title typed with a secret mark ends the flow at once, with the reason', async () => {
    const before = (await materialRows()).length;
    await say(officer, '/tailieu https://tuyengiao.example.vn/bc.pdf');
    await press(officer, button(officer, 'mtm:', ':2026-12'));
    expect(await say(officer, 'Báo cáo TUYỆT MẬT quý 4')).toBe(mt.refusedSecret('TUYỆT MẬT', 'title'));
    expect(await stateOf(officer)).toHaveLength(0);
    expect(await materialRows()).toHaveLength(before);
    expect(await h.tdb.db.select().from(auditLog).where(eq(auditLog.action, 'material.refused_secret'))).toHaveLength(2);
  });

  test('cancelling at the preview keeps nothing', async () => {
    const before = (await materialRows()).length;
    await say(officer, '/tailieu https://tuyengiao.example.vn/khac.pdf');
    await press(officer, button(officer, 'mtm:', ':2026-12'));
    await say(officer, 'Tài liệu khác');
    await press(officer, button(officer, 'mta:', ':all'));
    await press(officer, button(officer, 'mts:', ':all'));
    await press(officer, button(officer, 'mtw:'));
    expect((await press(officer, button(officer, 'mtno:'))).said).toBe(f.cancelled);
    expect(await materialRows()).toHaveLength(before);
    expect(await stateOf(officer)).toHaveLength(0);
  });
});

describe('after publishing', () => {
  const deliverAll = async () => {
    const { outbox } = await import('../../src/modules/outbox/outbox.table.js');
    const pending = await h.tdb.db.select({ id: outbox.id }).from(outbox).where(eq(outbox.status, 'pending'));
    for (const { id } of pending) await h.app.deliver(id);
  };

  test("a member who links their account later still receives the coming meeting's material", async () => {
    const { branch } = await seedBranch(h.tdb.db, 'Chi bộ Khu phố 1');
    await seedMember(h.tdb.db, branch, { fullName: 'Hồ Văn Muộn', phone: '0919000007' });
    const late = u(8107, 'Muộn');
    const greeting = await deliver(late, h.fake.sendContact(late, { phone_number: '84919000007', user_id: late.id }));
    expect(greeting).toContain('Hồ Văn Muộn');
    await deliverAll();
    // Every December document for all members of the ward, each once.
    const meant = (await materialRows()).filter(
      (m) => m.period === '2026-12' && m.audience === 'all' && m.fileName && m.status !== 'scheduled',
    );
    expect(meant.length).toBeGreaterThan(0);
    await eventually(() => expect(documentsTo(late)).toHaveLength(meant.length));
  });

  test('a scheduled material goes out when the sweep reaches its time, and only then', async () => {
    const { sweepMaterials } = await import('../../src/jobs/materials.jobs.js');
    const scheduled = (await materialRows()).find((m) => m.status === 'scheduled')!;
    const noDispatch = async () => {};
    h.clock.set('2026-12-01T07:00:00+07:00');
    expect(await sweepMaterials({ db: h.app.db, clock: h.clock, dispatch: noDispatch })).toBe(0);
    h.clock.set('2026-12-01T07:31:00+07:00');
    expect(await sweepMaterials({ db: h.app.db, clock: h.clock, dispatch: noDispatch })).toBe(1);
    await deliverAll();
    await eventually(() => expect(h.fake.sent(sec2.id).some((m) => m.text?.includes('https://tuyengiao.example.vn/tl-12.pdf'))).toBe(true));
    expect((await h.tdb.db.select().from(materials).where(eq(materials.id, scheduled.id)))[0]!.status).toBe('sent');
    h.clock.set('2026-11-25T09:00:00+07:00');
  });
});
