import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { importRosterCommand } from '../../src/cli/import-roster.command.js';
import { startHarness, type Harness } from '../support/app-harness.js';
import { chatWith } from '../support/chat.js';

// A new committee's first day: the office imports its roster, and the bí thư uses the bot at once,
// long before the nightly run (00:05) that schedules meetings for branches already known.
let h: Harness;
let dir: string;
const { deliver, say } = chatWith(() => h);
const secretary = { id: 7301, first_name: 'Hòa' };

beforeAll(async () => {
  h = await startHarness({ mode: 'webhook', start: '2026-12-01T10:00:00+07:00' });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'first-day-'));
});
afterAll(async () => {
  await h?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function importRoster(...lines: string[]): Promise<string[]> {
  const file = path.join(dir, 'danh-sach.csv');
  fs.writeFileSync(file, '\uFEFF' + ['Họ và tên;Số điện thoại;Chức vụ;Chi bộ;Đảng bộ', ...lines].join('\r\n'));
  const out: string[] = [];
  expect(await importRosterCommand([file], { db: h.tdb.db, clock: h.clock, out: (l) => out.push(l) })).toBe(0);
  return out;
}

describe('the first day of a branch', () => {
  test('a branch imported this morning has its meetings at once: the bí thư sees the date with /lich and can move it', async () => {
    const out = await importRoster(
      'Phạm Văn Hòa;0915000101;Bí thư;Chi bộ Tổ dân phố 9;Đảng bộ phường Hòa Bình',
      'Lê Thị Thu;0915000102;Đảng viên;Chi bộ Tổ dân phố 9;Đảng bộ phường Hòa Bình',
    );
    expect(out).toContain(
      'Đã lập 2 kỳ sinh hoạt định kỳ (tháng 12/2026 và 1/2027) cho các chi bộ trong tệp; bí thư xem bằng /lich ngay hôm nay.',
    );

    const greeting = await deliver(secretary, h.fake.sendContact(secretary, { phone_number: '+84915000101', user_id: secretary.id }));
    expect(greeting).toContain('Phạm Văn Hòa');
    const schedule = await say(secretary, '/lich');
    expect(schedule).toContain('Lịch sinh hoạt sắp tới:');
    // The weekday with the date, and the place said to be missing rather than left out.
    expect(schedule).toContain('• Sinh hoạt định kỳ: 19:30, Thứ Năm 03/12/2026, chưa có địa điểm (Bí thư báo bằng /doilich)');
    expect(await say(secretary, '/doilich 04/12 19:30 Nhà văn hóa tổ 9')).toContain('04/12/2026');
  });

  test('importing the same file again schedules nothing twice and says the meetings are there', async () => {
    const out = await importRoster(
      'Phạm Văn Hòa;0915000101;Bí thư;Chi bộ Tổ dân phố 9;Đảng bộ phường Hòa Bình',
      'Lê Thị Thu;0915000102;Đảng viên;Chi bộ Tổ dân phố 9;Đảng bộ phường Hòa Bình',
    );
    expect(out).toContain('Lịch sinh hoạt tháng 12/2026 và 1/2027 của các chi bộ trong tệp đã có sẵn.');
    // The date and place the bí thư chose stay.
    expect(await say(secretary, '/lich')).toContain('• Sinh hoạt định kỳ: 19:30, Thứ Sáu 04/12/2026, tại Nhà văn hóa tổ 9');
  });
});
