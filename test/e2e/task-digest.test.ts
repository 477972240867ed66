import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { createMeetingsRepository } from '../../src/modules/meetings/meetings.repository.js';
import { meetings } from '../../src/modules/meetings/meetings.table.js';
import { ensureRegularMeetings } from '../../src/modules/meetings/schedule.usecases.js';
import type { Member } from '../../src/modules/members/members.repository.js';
import { createTasksRepository, type Task } from '../../src/modules/tasks/tasks.repository.js';
import { digestTexts } from '../../src/texts/index.js';
import { eventually, startHarness, type Harness } from '../support/app-harness.js';
import { createCycleDriver } from '../support/cycle-driver.js';
import { seedBranch, seedMember } from '../support/seed.js';

// A branch walks from its November meeting (held on the 3rd) to the December one (Thursday
// 3/12/2026, 19:30): the November resolution's tasks are followed, the members are asked to
// report when the preparatory meeting is recorded, and the bí thư gets the digest the day before.
let h: Harness;
let driver: ReturnType<typeof createCycleDriver>;
const u = (id: number, first_name: string) => ({ id, first_name });
const users = { son: u(500, 'Sơn'), pho: u(501, 'Phó'), mai: u(502, 'Mai'), ha: u(503, 'Hà'), lan: u(504, 'Lan') };
let people: Record<keyof typeof users, Member>;
let decemberId: number;
let cleanup: Task, fund: Task;

const texts = (user: { id: number }) => h.fake.sent(user.id).map((m) => m.text ?? '');
const digestsTo = (user: { id: number }) => texts(user).filter((t) => t.startsWith('TỔNG HỢP NHIỆM VỤ'));
const asksTo = (user: { id: number }) => h.fake.sent(user.id).filter((m) => m.text?.includes('Trước kỳ sinh hoạt, xin đồng chí báo cáo'));
const say = (user: { id: number; first_name: string }, text: string) => h.fake.deliverToWebhook(h.fake.sendText(user, text));
const at = (local: string) => new Date(`${local}:00+07:00`);

beforeAll(async () => {
  h = await startHarness({ mode: 'webhook', start: '2026-11-20T09:00:00+07:00' });
  driver = createCycleDriver(h);
  const db = h.tdb.db;
  const { branch } = await seedBranch(db, 'Chi bộ Khu phố 3');
  const phones = { son: '0900000500', pho: '0900000501', mai: '0900000502', ha: '0900000503', lan: '0900000504' };
  people = {
    son: await seedMember(db, branch, { fullName: 'Trần Sơn', phone: phones.son, role: 'secretary' }),
    pho: await seedMember(db, branch, { fullName: 'Lê Phó', phone: phones.pho, role: 'deputy' }),
    mai: await seedMember(db, branch, { fullName: 'Đỗ Mai', phone: phones.mai }),
    ha: await seedMember(db, branch, { fullName: 'Hồ Hà', phone: phones.ha }),
    lan: await seedMember(db, branch, { fullName: 'Vũ Lan', phone: phones.lan }),
  };
  for (const k of Object.keys(users) as (keyof typeof users)[]) {
    await h.fake.deliverToWebhook(h.fake.sendContact(users[k] as never, { phone_number: phones[k], user_id: users[k].id }));
  }
  await ensureRegularMeetings({ periods: ['2026-11', '2026-12'] }, { db, clock: h.clock });
  const repo = createMeetingsRepository({ db });
  const november = (await repo.findRegular(branch.id, '2026-11'))!;
  await db.update(meetings).set({ status: 'held' }).where(eq(meetings.id, november.id));
  decemberId = (await repo.findRegular(branch.id, '2026-12'))!.id;

  // The November resolution's four tasks (two completed by everyone: 50%), and one assigned outside it.
  const tasks = createTasksRepository({ db });
  const assign = (description: string, dueDate: string, who: Member[], meetingId: number | null = november.id) =>
    tasks.insert(
      { branchId: branch.id, meetingId, description, dueDate, createdAt: at('2026-11-04T09:00') },
      who.map((m) => m.id),
    );
  cleanup = await assign('Vệ sinh môi trường khu phố', '2026-11-28', [people.mai]);
  fund = await assign('Vận động quỹ khuyến học', '2026-11-30', [people.ha, people.mai]);
  const propaganda = await assign('Tuyên truyền Chỉ thị 50-CT/TW', '2026-11-25', [people.pho]);
  const visits = await assign('Thăm hỏi gia đình chính sách', '2026-11-26', [people.son]);
  await assign('Rà soát hồ sơ đảng viên', '2026-12-20', [people.ha], null);
  await tasks.addReport({
    taskId: cleanup.id,
    memberId: people.mai.id,
    status: 'in_progress',
    percent: 50,
    note: 'Đã dọn 2 tuyến đường',
    reportedAt: at('2026-11-27T18:00'),
  });
  await tasks.addReport({ taskId: fund.id, memberId: people.ha.id, status: 'done', reportedAt: at('2026-11-19T18:00') });
  await tasks.addReport({ taskId: propaganda.id, memberId: people.pho.id, status: 'done', reportedAt: at('2026-11-18T18:00') });
  await tasks.addReport({ taskId: visits.id, memberId: people.son.id, status: 'done', reportedAt: at('2026-11-19T18:00') });
});
afterAll(async () => {
  await driver?.close();
  await h?.close();
});

describe('the bí thư follows the November resolution into the December meeting', () => {
  test('recording the preparatory meeting asks each member with open or recently due tasks to report, with /viec', async () => {
    h.clock.set('2026-11-29T20:00:00+07:00');
    await say(users.son, '/hopchiuy');
    await say(users.son, '29/11');
    await say(users.son, 'Kiểm điểm nghị quyết tháng 11');
    await say(users.son, '0');
    await say(users.son, '0');
    await h.fake.deliverToWebhook(h.fake.pressButton(users.son, `prepok:${decemberId}`));
    expect(texts(users.son).at(-1)).toMatch(/Đã ghi nhận họp chi ủy/);

    await eventually(() => {
      for (const user of [users.mai, users.ha, users.pho, users.son]) expect(asksTo(user)).toHaveLength(1);
    });
    const toMai = asksTo(users.mai)[0]!;
    expect(toMai.text).toContain('19:30, Thứ Năm 03/12/2026');
    expect(toMai.text).toContain('• Vệ sinh môi trường khu phố (hạn 28/11/2026)');
    expect(toMai.text).toContain('/viec');
    expect(JSON.stringify(toMai.reply_markup)).toContain(`tr:${cleanup.id}`);
    expect(asksTo(users.lan)).toHaveLength(0); // no task: nothing to report
  });

  test('the day before the meeting the bí thư and phó bí thư get the digest: statuses, who has not reported, what is overdue, the completion share', async () => {
    await driver.sweepAt('2026-12-02T07:30');
    expect(digestsTo(users.son)).toHaveLength(0);
    await driver.sweepAt('2026-12-02T08:00');
    await eventually(() => {
      expect(digestsTo(users.son)).toHaveLength(1);
      expect(digestsTo(users.pho)).toHaveLength(1);
    });
    const digest = digestsTo(users.son)[0]!;
    expect(digest).toContain('Trước kỳ sinh hoạt 19:30, Thứ Năm 03/12/2026');
    expect(digest).toContain('Kết quả nghị quyết kỳ trước (03/11/2026): hoàn thành 2/4 nhiệm vụ (50%), tương ứng 15/30 điểm');
    expect(digest).toContain('• Đỗ Mai: Đang thực hiện 50% (27/11) — “Đã dọn 2 tuyến đường”');
    expect(digest).toContain('Chưa báo cáo (2): Đỗ Mai (1 nhiệm vụ), Hồ Hà (1 nhiệm vụ)');
    expect(digest).toContain(
      'Quá hạn (2):\n• Vệ sinh môi trường khu phố (hạn 28/11/2026): Đỗ Mai\n• Vận động quỹ khuyến học (hạn 30/11/2026): Đỗ Mai',
    );
    for (const user of [users.mai, users.ha, users.lan]) expect(digestsTo(user)).toHaveLength(0);

    // The same sweep flagged the overdue parts: to Mai once per task, to the bí thư once per task.
    await eventually(() => {
      expect(texts(users.mai).filter((t) => t.includes('đã quá hạn'))).toHaveLength(2);
      expect(texts(users.son).filter((t) => t.startsWith('Báo cáo đồng chí Bí thư'))).toHaveLength(2);
    });

    await driver.sweepAt('2026-12-02T10:00', 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(digestsTo(users.son)).toHaveLength(1);
    expect(texts(users.son).filter((t) => t.startsWith('Báo cáo đồng chí Bí thư'))).toHaveLength(2);
  });

  test('/tonghop gives the bí thư the same digest on demand', async () => {
    h.clock.set('2026-12-02T15:00:00+07:00');
    await say(users.son, '/tonghop');
    const reply = texts(users.son).at(-1)!;
    expect(reply).toBe(digestsTo(users.son)[0]);
  });

  test('an ordinary member asking for the digest gets a kind refusal and no digest', async () => {
    await say(users.mai, '/tonghop');
    expect(texts(users.mai).at(-1)).toBe(digestTexts.notLeader);
    expect(digestsTo(users.mai)).toHaveLength(0);
  });
});
