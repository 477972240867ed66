import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { meetings } from '../../src/modules/meetings/meetings.table.js';
import { ensureRegularMeetings } from '../../src/modules/meetings/schedule.usecases.js';
import type { FakeUser } from '../fakes/telegram/index.js';
import { eventually, startHarness, type Harness } from '../support/app-harness.js';
import { createCycleDriver } from '../support/cycle-driver.js';
import { seedBranch, seedMember } from '../support/seed.js';
import { buttonsOf, chatWith } from '../support/chat.js';

// The whole task loop of one month, through chat and the scheduler only:
// assign → receive → reminded (injected clock) → report with a note → the bí thư's digest.
let h: Harness;
let cycle: ReturnType<typeof createCycleDriver>;
const sec: FakeUser = { id: 41, first_name: 'Bí thư' };
const lan: FakeUser = { id: 42, first_name: 'Lan' };
const texts = (u: FakeUser) => h.fake.sent(u.id).map((m) => m.text ?? '');
const buttons = (u: FakeUser) => h.fake.sent(u.id).flatMap(buttonsOf);
const { say, press } = chatWith(() => h);

beforeAll(async () => {
  h = await startHarness({ mode: 'webhook', start: '2026-11-20T09:00:00+07:00' });
  cycle = createCycleDriver(h);
  const db = h.tdb.db;
  const { branch } = await seedBranch(db, 'Chi bộ Vòng việc');
  await seedMember(db, branch, { fullName: 'Phạm Bí Thư', phone: '0955000001', role: 'secretary' });
  await seedMember(db, branch, { fullName: 'Đỗ Thị Lan', phone: '0955000002' });
  // November's meeting was held: its resolution is what the tasks carry out.
  await db.insert(meetings).values({ branchId: branch.id, period: '2026-11', date: '2026-11-03', time: '19:30', status: 'held' });
  await ensureRegularMeetings({ periods: ['2026-12'], branchIds: [branch.id] }, { db, clock: h.clock });
  for (const [u, phone] of [
    [sec, '0955000001'],
    [lan, '0955000002'],
  ] as const) {
    await h.fake.deliverToWebhook(h.fake.sendContact(u, { phone_number: phone, user_id: u.id }));
  }
});
afterAll(async () => {
  await cycle?.close();
  await h?.close();
});

describe('a task from assignment to the digest', () => {
  test('the bí thư assigns from the phone and the member receives it at once', async () => {
    await say(sec, '/giaoviec');
    const list = await say(sec, 'Thăm hỏi gia đình chính sách trong khu phố');
    const n = /(\d+)\. Đỗ Thị Lan/.exec(list)![1]!;
    await say(sec, n);
    await say(sec, '27/11');
    const confirm = buttons(sec).findLast((d) => d.startsWith('gvok:'))!;
    expect(await press(sec, confirm)).toContain('Đã giao việc');
    await eventually(() => expect(texts(lan).some((t) => t.includes('Thăm hỏi gia đình chính sách'))).toBe(true));
  });

  test('three days before the due date the member is reminded, once', async () => {
    await cycle.sweepAt('2026-11-24T08:00', 2);
    await eventually(() => expect(texts(lan).filter((t) => t.startsWith('Nhắc hạn nhiệm vụ'))).toHaveLength(1));
  });

  test('the member reports progress with a note', async () => {
    h.clock.set('2026-11-25T20:00:00+07:00');
    const task = buttons(lan).find((d) => d.startsWith('tr:'))!;
    await press(lan, task);
    await press(lan, `ts:${task.slice(3)}:in_progress`);
    await press(lan, `tp:${task.slice(3)}:50`);
    await say(lan, 'Đã thăm 3 trên 6 gia đình');
    expect(await say(lan, '0')).toContain('Tình trạng: Đang thực hiện 50%');
  });

  test('the day before the meeting the bí thư gets the digest with the report, the overdue task and the completion share', async () => {
    await cycle.sweepAt('2026-12-02T08:00');
    const digest = await eventually(() => {
      const d = texts(sec).find((t) => t.includes('Trước kỳ sinh hoạt'));
      expect(d).toBeDefined();
      return d!;
    });
    expect(digest).toContain('Đỗ Thị Lan: Đang thực hiện 50%');
    expect(digest).toContain('Đã thăm 3 trên 6 gia đình');
    expect(digest).toContain('Quá hạn (1)');
    expect(digest).toContain('hoàn thành 0/1 nhiệm vụ (0%)');
  });
});
