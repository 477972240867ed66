import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { meetings } from '../../src/modules/meetings/meetings.table.js';
import { assignTask } from '../../src/modules/tasks/assign.usecases.js';
import { createTasksRepository } from '../../src/modules/tasks/tasks.repository.js';
import { resolutionItems, taskAssignees, taskReports, tasks } from '../../src/modules/tasks/tasks.table.js';
import { bot, tasksTexts as t } from '../../src/texts/index.js';
import type { FakeUser } from '../fakes/telegram/index.js';
import { chatWith, buttonsOf } from '../support/chat.js';
import { eventually, startHarness, type Harness } from '../support/app-harness.js';
import { seedBranch, seedMember } from '../support/seed.js';

// Resolutions and tasks in chat: the bí thư assigns, members receive and report, through the
// Telegram fake as they would on their phones.
let h: Harness;
const u = (id: number, first_name: string): FakeUser => ({ id, first_name });
const sec = u(7101, 'Sơn'),
  lan = u(7102, 'Lan'),
  hung = u(7103, 'Hùng'),
  mai = u(7104, 'Mai'),
  cu = u(7105, 'Cụ');
const otherCtte = u(7201, 'Khác');
const ids: Record<number, number> = {};
let tuId: number, heldMeetingId: number, taskId: number;

const texts = (user: FakeUser) => h.fake.sent(user.id).map((m) => m.text ?? '');
const { say, sendMessage, press, forge } = chatWith(() => h);
const sendPhoto = (user: FakeUser, fileId: string, caption?: string) =>
  sendMessage(user, {
    photo: [
      { file_id: `${fileId}-small`, file_unique_id: 'a', width: 90, height: 90 },
      { file_id: fileId, file_unique_id: 'b', width: 1280, height: 960 },
    ],
    ...(caption ? { caption } : {}),
  });
/** The number in front of a name in the numbered member list. */
const numberOf = (list: string, name: string) => new RegExp(`(\\d+)\\. ${name}`).exec(list)?.[1];
const reportsOf = (task: number) => h.tdb.db.select().from(taskReports).where(eq(taskReports.taskId, task)).orderBy(taskReports.id);
const assigned = (user: FakeUser) => h.fake.sent(user.id).filter((m) => m.text?.startsWith('VIỆC ĐƯỢC GIAO'));

beforeAll(async () => {
  h = await startHarness({ mode: 'webhook', start: '2026-11-10T09:00:00+07:00' });
  const db = h.tdb.db;
  const { branch } = await seedBranch(db, 'Chi bộ Khu phố 9');
  const { branch: other } = await seedBranch(db, 'Chi bộ Khu phố 10');
  const people: [FakeUser, Parameters<typeof seedMember>[2], typeof branch][] = [
    [sec, { fullName: 'Trần Văn Sơn', phone: '0916000001', role: 'secretary' }, branch],
    [lan, { fullName: 'Đỗ Thị Lan', phone: '0916000002' }, branch],
    [hung, { fullName: 'Ngô Văn Hùng', phone: '0916000003' }, branch],
    [mai, { fullName: 'Lê Thị Mai', phone: '0916000004' }, branch],
    [cu, { fullName: 'Lò Văn Cụ', phone: '0916000005', status: 'exempt' }, branch],
    [otherCtte, { fullName: 'Hoàng Văn Khác', phone: '0916000006', role: 'committee_member' }, other],
  ];
  for (const [user, m, b] of people) {
    ids[user.id] = (await seedMember(db, b, m)).id;
    await h.fake.deliverToWebhook(h.fake.sendContact(user, { phone_number: m.phone, user_id: user.id }));
  }
  // An elderly member without a chat account.
  tuId = (await seedMember(db, branch, { fullName: 'Võ Thị Tư', phone: '0916000007' })).id;
  const [held] = await db
    .insert(meetings)
    .values({ branchId: branch.id, period: '2026-11', date: '2026-11-03', time: '19:30', status: 'held' })
    .returning();
  await db.insert(meetings).values({ branchId: branch.id, period: '2026-12', date: '2026-12-03', time: '19:30' });
  heldMeetingId = held!.id;
});
afterAll(async () => h?.close());

describe('the bí thư records and assigns in chat', () => {
  test('the resolution of the last held meeting is typed one item per line and confirmed', async () => {
    expect(await say(sec, '/nghiquyet')).toContain('03/11/2026');
    expect(await say(sec, '1. Thu quỹ khuyến học\n2. Dọn vệ sinh nhà văn hóa')).toContain('Xác nhận ghi nhận?');
    const confirm = buttonsOf(h.fake.sent(sec.id).at(-1)!).find((d) => d.startsWith('nqok:'))!;
    expect(await press(sec, confirm)).toContain('Đã ghi 2 nội dung');
    const items = await h.tdb.db.select().from(resolutionItems).where(eq(resolutionItems.meetingId, heldMeetingId));
    expect(items.map((i) => i.text)).toEqual(['Thu quỹ khuyến học', 'Dọn vệ sinh nhà văn hóa']);
  });

  test('a task for two members: describe, choose by number, pick a date, confirm; both receive it with the report button', async () => {
    expect(await say(sec, '/giaoviec')).toContain('Nội dung công việc');
    const list = await say(sec, 'Dọn vệ sinh nhà văn hóa trước ngày 30/11');
    expect(list).toContain('Gõ 0 để giao cho cả chi bộ');
    expect(list).not.toContain('Lò Văn Cụ'); // exempt
    expect(list).not.toContain('Hoàng Văn Khác'); // another branch
    expect(await say(sec, `${numberOf(list, 'Đỗ Thị Lan')}, ${numberOf(list, 'Ngô Văn Hùng')}`)).toContain('Hạn hoàn thành');
    expect(await say(sec, '31/11')).toBe(t.badDate);
    const summary = await say(sec, '30/11');
    expect(summary).toContain('Giao cho: Đỗ Thị Lan, Ngô Văn Hùng');
    expect(summary).toContain('Hạn: 30/11/2026');
    const confirm = buttonsOf(h.fake.sent(sec.id).at(-1)!).find((d) => d.startsWith('gvok:'))!;
    expect(await press(sec, confirm)).toContain('Đã giao việc. Trợ lý đã gửi tới 2 đồng chí.');
    const [task] = await h.tdb.db.select().from(tasks);
    expect(task).toMatchObject({
      description: 'Dọn vệ sinh nhà văn hóa trước ngày 30/11',
      dueDate: '2026-11-30',
      meetingId: heldMeetingId,
      wholeBranch: false,
    });
    taskId = task!.id;
    for (const user of [lan, hung]) {
      const [msg] = await eventually(() => {
        const got = assigned(user);
        expect(got).toHaveLength(1);
        return got;
      });
      expect(msg!.text).toContain('Dọn vệ sinh nhà văn hóa trước ngày 30/11');
      expect(msg!.text).toContain('Hạn: 30/11/2026');
      expect(buttonsOf(msg!)).toEqual([`tr:${taskId}`]);
    }
    expect(assigned(mai)).toHaveLength(0);
  });

  test('an old confirm button does not assign twice', async () => {
    const confirm = buttonsOf(h.fake.sent(sec.id).findLast((m) => buttonsOf(m).some((d) => d.startsWith('gvok:')))!)[0]!;
    expect(await press(sec, confirm)).toBe(t.flowGone);
    expect(await h.tdb.db.select().from(tasks)).toHaveLength(1);
  });
});

describe('members report progress', () => {
  test('Lan reports "đang thực hiện 50%" with a note, then "hoàn thành" with a photo: both rows kept', async () => {
    expect(await press(lan, `tr:${taskId}`)).toContain('Tình trạng hiện nay?');
    expect(await press(lan, `ts:${taskId}:in_progress`)).toBe(t.askPercent);
    expect(await press(lan, `tp:${taskId}:50`)).toBe(t.askNote);
    expect(await say(lan, 'Đã dọn xong sân, còn hội trường')).toBe(t.askFile);
    const first = await say(lan, '0');
    expect(first).toContain('Tình trạng: Đang thực hiện 50%');
    expect(first).toContain('Ghi chú: Đã dọn xong sân, còn hội trường');

    h.clock.advance(2 * 86_400_000);
    await press(lan, `tr:${taskId}`);
    expect(await press(lan, `ts:${taskId}:done`)).toBe(t.askNote);
    expect(await say(lan, '0')).toBe(t.askFile);
    const second = await sendPhoto(lan, 'AgACAgUAAxkBAAIBp2-hoi-truong');
    expect(second).toContain('Tình trạng: Hoàn thành');
    expect(second).toContain('Kèm theo: 1 ảnh');

    const rows = await reportsOf(taskId);
    expect(rows.map((r) => [r.memberId, r.status, r.percent, r.note, r.attachment])).toEqual([
      [ids[lan.id], 'in_progress', 50, 'Đã dọn xong sân, còn hội trường', null],
      [ids[lan.id], 'done', null, null, { platform: 'telegram', kind: 'photo', fileId: 'AgACAgUAAxkBAAIBp2-hoi-truong' }],
    ]);
  });

  test('a typed percentage works too, and a photo sent with nothing pending is not understood', async () => {
    await press(hung, `tr:${taskId}`);
    await press(hung, `ts:${taskId}:in_progress`);
    expect(await say(hung, 'một nửa')).toBe(t.badPercent);
    expect(await say(hung, '30%')).toBe(t.askNote);
    await say(hung, 'Chờ mượn dụng cụ');
    await say(hung, '0');
    expect((await reportsOf(taskId)).at(-1)).toMatchObject({ memberId: ids[hung.id], status: 'in_progress', percent: 30 });
    expect(await sendPhoto(hung, 'AgAC-stray')).toBe(bot.account.notUnderstood);
  });

  test('/viec lists only open tasks, with the latest status and a report button', async () => {
    const forHung = await say(hung, '/viec');
    expect(forHung).toContain('Dọn vệ sinh nhà văn hóa trước ngày 30/11');
    expect(forHung).toContain('Tình trạng: Đang thực hiện 30%');
    expect(buttonsOf(h.fake.sent(hung.id).at(-1)!)).toEqual([`tr:${taskId}`]);
    // Lan's part is done.
    expect(await say(lan, '/viec')).toBe(t.noOpenTasks);
  });

  test("a member cannot report on someone else's task with a forged button, and nothing changes", async () => {
    const before = await reportsOf(taskId);
    expect(await forge(mai, `ts:${taskId}:done`)).toBe(t.notYoursToast);
    expect(texts(mai).at(-1)).toBe(t.notYours);
    expect(await forge(mai, `tr:${taskId}`)).toBe(t.notYoursToast);
    // Data that does not read gets the one refusal every button gives; well-formed data is checked.
    for (const data of ['ts:abc:done', `ts:${taskId}:finished`, 'ts:', `tr:0${taskId}`, `tp:${taskId}:101`]) {
      expect(await forge(mai, data)).toBe(bot.buttons.stale);
    }
    expect(await forge(mai, 'tr:99999999')).toBe(t.notYoursToast);
    expect(await forge(mai, `tp:${taskId}:50`)).toBe(t.flowGone);
    await say(mai, '0');
    expect(await reportsOf(taskId)).toEqual(before);
  });
});

describe('who may assign', () => {
  test('an ordinary member cannot assign', async () => {
    expect(await say(mai, '/giaoviec')).toBe(t.onlyLeaders);
    expect(await say(mai, 'Việc gì đó')).toBe(bot.account.notUnderstood);
    expect(await h.tdb.db.select().from(tasks)).toHaveLength(1);
  });

  test("a chi ủy viên of another branch cannot assign to this branch's members", async () => {
    await say(otherCtte, '/giaoviec');
    const list = await say(otherCtte, 'Việc của chi bộ khác');
    expect(list).toContain('Hoàng Văn Khác');
    expect(list).not.toContain('Đỗ Thị Lan');
    await say(otherCtte, '/huy');
    const r = await assignTask(
      { actor: { memberId: ids[otherCtte.id]! }, description: 'x', assigneeIds: [ids[lan.id]!], dueDate: '2026-11-30', now: h.clock.now() },
      { db: h.tdb.db },
    );
    expect(r).toEqual({ status: 'bad_assignee', memberIds: [ids[lan.id]] });
    expect(await h.tdb.db.select().from(tasks)).toHaveLength(1);
  });

  test('a whole-branch task reaches every active member but not the exempt one; the bí thư learns who has no chat account', async () => {
    await say(sec, '/giaoviec');
    await say(sec, 'Đóng góp ủng hộ đồng bào bị lũ lụt');
    expect(await say(sec, '0')).toContain('Hạn hoàn thành');
    const quick = buttonsOf(h.fake.sent(sec.id).at(-1)!);
    // The next meeting is on 3/12: its eve is offered.
    const eve = quick.find((d) => d.endsWith(':2026-12-02'))!;
    expect(await press(sec, eve)).toContain('Cả chi bộ (5 đồng chí)');
    const confirm = buttonsOf(h.fake.sent(sec.id).at(-1)!).find((d) => d.startsWith('gvok:'))!;
    expect(await press(sec, confirm)).toContain('Chưa có tài khoản chat, xin báo trực tiếp: Võ Thị Tư.');
    const task = (await h.tdb.db.select().from(tasks)).find((x) => x.wholeBranch)!;
    expect(task.dueDate).toBe('2026-12-02');
    const assignees = (await h.tdb.db.select().from(taskAssignees).where(eq(taskAssignees.taskId, task.id))).map((a) => a.memberId).sort();
    expect(assignees).toEqual([ids[sec.id], ids[lan.id], ids[hung.id], ids[mai.id], tuId].sort());
    for (const user of [sec, lan, hung, mai])
      await eventually(() => expect(assigned(user).some((m) => buttonsOf(m).includes(`tr:${task.id}`))).toBe(true));
    expect(assigned(cu)).toHaveLength(0);
    expect(await createTasksRepository({ db: h.tdb.db }).openForMember(ids[cu.id]!)).toEqual([]);
  });
});
