import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { meetings } from '../../../src/modules/meetings/meetings.table.js';
import { ensureRegularMeetings } from '../../../src/modules/meetings/schedule.usecases.js';
import { taskReports, tasks } from '../../../src/modules/tasks/tasks.table.js';
import { tasksTexts as t } from '../../../src/texts/index.js';
import type { FakeZaloUser } from '../../fakes/zalo/index.js';
import { eventually, startHarness, type Harness } from '../../support/app-harness.js';
import { createCycleDriver } from '../../support/cycle-driver.js';
import { seedBranch, seedMember } from '../../support/seed.js';
import { zaloButtonsOf, zaloChatWith } from '../../support/zalo-chat.js';
import { linkOnZalo, zaloButton, zaloSentWith } from '../../support/zalo-flows.js';

// The task loop with everyone on Zalo: the bí thư assigns from the OA chat (each button a tap
// that Zalo posts back as text), members receive, report with the same buttons and a photo,
// list their tasks and are reminded — as on Telegram (test/e2e/tasks.test.ts, task-loop.test.ts).
let h: Harness;
let cycle: ReturnType<typeof createCycleDriver>;
const chat = zaloChatWith(() => h);
let sec: FakeZaloUser, lan: FakeZaloUser, hung: FakeZaloUser, mai: FakeZaloUser;
const ids: Record<string, number> = {};
let taskId = 0;

const DESCRIPTION = 'Dọn vệ sinh nhà văn hóa khu phố';
const numberOf = (list: string, name: string) => new RegExp(`(\\d+)\\. ${name}`).exec(list)?.[1];
const assignedTo = (user: FakeZaloUser) => zaloSentWith(h, user, 'VIỆC ĐƯỢC GIAO');
const remindersTo = (user: FakeZaloUser) => zaloSentWith(h, user, 'Nhắc hạn nhiệm vụ');
const reportsOf = (task: number) => h.tdb.db.select().from(taskReports).where(eq(taskReports.taskId, task)).orderBy(taskReports.id);

beforeAll(async () => {
  h = await startHarness({ zalo: true, start: '2026-11-20T09:00:00+07:00' });
  cycle = createCycleDriver(h);
  const db = h.tdb.db;
  const { branch } = await seedBranch(db, 'Chi bộ Khu phố 5');
  const people = [
    ['sec', 'Trần Văn Sơn', '0918000001', 'secretary'],
    ['lan', 'Đỗ Thị Lan', '0918000002', 'member'],
    ['hung', 'Ngô Văn Hùng', '0918000003', 'member'],
    ['mai', 'Lê Thị Mai', '0918000004', 'member'],
  ] as const;
  for (const [key, fullName, phone, role] of people) ids[key] = (await seedMember(db, branch, { fullName, phone, role })).id;
  await db.insert(meetings).values({ branchId: branch.id, period: '2026-11', date: '2026-11-03', time: '19:30', status: 'held' });
  await ensureRegularMeetings({ periods: ['2026-12'], branchIds: [branch.id] }, { db, clock: h.clock });
  sec = await linkOnZalo(h, chat, 'Sơn', '84918000001');
  lan = await linkOnZalo(h, chat, 'Lan', '84918000002');
  hung = await linkOnZalo(h, chat, 'Hùng', '84918000003');
  mai = await linkOnZalo(h, chat, 'Mai', '84918000004');
});
afterAll(async () => {
  await cycle?.close();
  await h?.close();
});

describe('the bí thư assigns on Zalo', () => {
  test('describe, choose by number, tap a quick due date, tap confirm: both members receive it on Zalo with the report button', async () => {
    expect(await chat.say(sec, '/giaoviec')).toContain('Nội dung công việc');
    const list = await chat.say(sec, DESCRIPTION);
    expect(list).toContain('Gõ 0 để giao cho cả chi bộ');
    expect(await chat.say(sec, `${numberOf(list, 'Đỗ Thị Lan')}, ${numberOf(list, 'Ngô Văn Hùng')}`)).toBe(t.askDueDate);
    // "In a week" is a button under the question: on Zalo a tap comes back as our hidden payload.
    const summary = await chat.tap(sec, zaloButton(h, sec, 'gvd:', ':2026-11-27'));
    expect(summary).toContain('Giao cho: Đỗ Thị Lan, Ngô Văn Hùng');
    expect(summary).toContain('Hạn: 27/11/2026');
    expect(await chat.tap(sec, zaloButton(h, sec, 'gvok:'))).toBe(t.assigned(2, []));

    const [task] = await h.tdb.db.select().from(tasks);
    expect(task).toMatchObject({ description: DESCRIPTION, dueDate: '2026-11-27' });
    taskId = task!.id;
    for (const user of [lan, hung]) {
      const [msg] = await eventually(() => {
        const got = assignedTo(user);
        expect(got).toHaveLength(1);
        return got;
      });
      expect(msg!.text).toContain(DESCRIPTION);
      expect(msg!.text).toContain('Hạn: 27/11/2026');
      expect(zaloButtonsOf(msg)).toEqual([`tr:${taskId}`]);
    }
    expect(assignedTo(mai)).toHaveLength(0);
  });

  test('the spent confirm button, tapped again, assigns nothing twice', async () => {
    expect(await chat.tap(sec, zaloButton(h, sec, 'gvok:'))).toBe(t.flowGone);
    expect(await h.tdb.db.select().from(tasks)).toHaveLength(1);
  });
});

describe('members report on Zalo', () => {
  test('Lan taps the status buttons, a percentage and types a note; then reports done with a photo, whose Zalo URL is kept', async () => {
    h.clock.set('2026-11-21T20:00:00+07:00');
    expect(await chat.tap(lan, `tr:${taskId}`)).toContain('Tình trạng hiện nay?');
    expect(zaloButtonsOf(h.zalo.sent(lan.id).at(-1))).toEqual(
      ['not_started', 'in_progress', 'done', 'blocked'].map((s) => `ts:${taskId}:${s}`),
    );
    expect(await chat.tap(lan, `ts:${taskId}:in_progress`)).toBe(t.askPercent);
    expect(zaloButtonsOf(h.zalo.sent(lan.id).at(-1))).toEqual([25, 50, 75].map((p) => `tp:${taskId}:${p}`));
    expect(await chat.tap(lan, `tp:${taskId}:50`)).toBe(t.askNote);
    expect(await chat.say(lan, 'Đã dọn xong sân, còn hội trường')).toBe(t.askFile);
    const first = await chat.say(lan, '0');
    expect(first).toContain('Tình trạng: Đang thực hiện 50%');
    expect(first).toContain('Ghi chú: Đã dọn xong sân, còn hội trường');

    h.clock.set('2026-11-22T18:00:00+07:00');
    await chat.tap(lan, `tr:${taskId}`);
    expect(await chat.tap(lan, `ts:${taskId}:done`)).toBe(t.askNote);
    expect(await chat.say(lan, 'Hội trường sạch sẽ')).toBe(t.askFile);
    const photoUrl = 'https://photo-stal.zadn.vn/fake/hoi-truong-sach.jpg';
    const second = (await chat.deliver(lan, h.zalo.userSendImage(lan, { url: photoUrl }))).map((m) => m.text).join('\n');
    expect(second).toContain('Tình trạng: Hoàn thành');
    expect(second).toContain('Kèm theo: 1 ảnh');

    const rows = await reportsOf(taskId);
    expect(rows.map((r) => [r.memberId, r.status, r.percent, r.note, r.attachment])).toEqual([
      [ids.lan, 'in_progress', 50, 'Đã dọn xong sân, còn hội trường', null],
      [ids.lan, 'done', null, 'Hội trường sạch sẽ', { platform: 'zalo', kind: 'photo', fileId: photoUrl }],
    ]);
  });

  test('a typed percentage works on Zalo too; a nonsense one is explained', async () => {
    await chat.tap(hung, `tr:${taskId}`);
    await chat.tap(hung, `ts:${taskId}:in_progress`);
    expect(await chat.say(hung, 'một nửa')).toBe(t.badPercent);
    expect(await chat.say(hung, '30%')).toBe(t.askNote);
    await chat.say(hung, 'Chờ mượn dụng cụ');
    await chat.say(hung, '0');
    expect((await reportsOf(taskId)).at(-1)).toMatchObject({ memberId: ids.hung, status: 'in_progress', percent: 30, attachment: null });
  });

  test('/viec lists the open task with the latest status and a report button; a member whose part is done has none open', async () => {
    const mine = await chat.say(hung, '/viec');
    expect(mine).toContain(DESCRIPTION);
    expect(mine).toContain('Tình trạng: Đang thực hiện 30%');
    expect(zaloButtonsOf(h.zalo.sent(hung.id).at(-1))).toEqual([`tr:${taskId}`]);
    expect(await chat.say(lan, '/viec')).toBe(t.noOpenTasks);
  });

  test("a tap on someone else's task (a forged payload) is refused and records nothing", async () => {
    const before = await reportsOf(taskId);
    expect(await chat.tap(mai, `tr:${taskId}`)).toBe(t.notYours);
    expect(await chat.tap(mai, `ts:${taskId}:done`)).toBe(t.notYours);
    expect(await chat.say(mai, '0')).not.toContain('Đã ghi nhận');
    expect(await reportsOf(taskId)).toEqual(before);
  });
});

describe('reminders reach Zalo members', () => {
  test('three days before the due date and on the day, the member whose part is open is reminded once each, with the report button', async () => {
    await cycle.sweepAt('2026-11-24T08:00', 2);
    const [soon] = await eventually(() => {
      const got = remindersTo(hung);
      expect(got).toHaveLength(1);
      return got;
    });
    expect(soon!.text).toContain('còn 3 ngày');
    expect(zaloButtonsOf(soon)).toEqual([`tr:${taskId}`]);
    // He answers the reminder (and so stays inside Zalo's 7-day window).
    expect(await chat.say(hung, '/viec')).toContain(DESCRIPTION);

    await cycle.sweepAt('2026-11-27T08:00', 2);
    await eventually(() => expect(remindersTo(hung)).toHaveLength(2));
    expect(remindersTo(hung)[1]!.text).toContain('hôm nay 27/11/2026 là hạn hoàn thành');
    // Lan's part is done, Mai has no part: neither is reminded.
    await new Promise((r) => setTimeout(r, 200));
    expect(remindersTo(lan)).toHaveLength(0);
    expect(remindersTo(mai)).toHaveLength(0);
    expect(remindersTo(hung)).toHaveLength(2);
  });
});
