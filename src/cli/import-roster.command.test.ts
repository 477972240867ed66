import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFakeClock } from '../shared/clock.js';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createTestDb, type TestDb } from '../../test/support/test-db.js';
import { importRosterCommand } from './import-roster.command.js';

let t: TestDb;
const clock = createFakeClock('2026-12-07T09:00:00+07:00');
let dir: string;
beforeAll(async () => {
  t = await createTestDb();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-roster-'));
});
afterAll(async () => {
  await t?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await t.sql`truncate members, org_units, audit_log restart identity cascade`;
});

const HEADER = 'Họ và tên;Số điện thoại;Chức vụ;Chi bộ;Đảng bộ;CCCD;Ngày vào Đảng';
const AN = 'Nguyễn Văn An;0912345601;Bí thư;Chi bộ 1;Đảng bộ phường Tân Mai;001090000001;03/02/1990';
const BINH = 'Trần Thị Bình;0912345602;Đảng viên;Chi bộ 1;Đảng bộ phường Tân Mai;001090000002;19/05/2001';

async function run(...args: string[]): Promise<{ code: number; output: string[] }> {
  const output: string[] = [];
  const code = await importRosterCommand(args, { db: t.db, clock, out: (line) => output.push(line) });
  return { code, output };
}
function write(name: string, ...lines: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, '\uFEFF' + lines.join('\r\n'));
  return file;
}
const fullPhone = /\d{9,}/;
const memberCount = async () => Number((await t.sql`select count(*)::int as n from members`)[0]!.n);

describe('import-roster command', () => {
  test('prints the counts, the columns it did not keep and the members missing from the file', async () => {
    await run(write('v1.csv', HEADER, AN, BINH));
    const { code, output } = await run(write('v2.csv', HEADER, AN.replace('Nguyễn Văn An', 'Nguyễn Văn Ân')));
    expect(code).toBe(0);
    expect(output).toEqual([
      'Đã nhập 1 đảng viên:',
      '- Thêm mới: 0',
      '- Cập nhật thông tin: 1',
      '- Chuyển chi bộ: 0',
      '- Không thay đổi: 0',
      '- Đảng bộ, chi bộ, tổ đảng mới tạo: 0',
      'Lịch sinh hoạt tháng 12/2026 và 1/2027 của các chi bộ trong tệp đã có sẵn.',
      'Các cột không lưu (không cần thiết, giữ dữ liệu cá nhân tối thiểu): CCCD, Ngày vào Đảng.',
      '1 đảng viên có trong dữ liệu nhưng không có trong tệp của chi bộ mình (vẫn giữ nguyên, không xóa; nếu chuyển sinh hoạt hoặc xóa tên, chi bộ xử lý theo quy định):',
      '- Trần Thị Bình (Chi bộ 1, *******5602)',
    ]);
    expect(output.join('\n')).not.toMatch(fullPhone);
  });

  test('every bad row is printed with its line and nothing is imported', async () => {
    const { code, output } = await run(
      write(
        'bad.csv',
        HEADER,
        AN,
        'Lê Văn Cường;091234;Chủ tịch;Chi bộ 1;Đảng bộ phường Tân Mai;;',
        BINH.replace('Đảng viên', 'Bí thư'),
        ';0912345603;;;Đảng bộ phường Tân Mai;;',
      ),
    );
    expect(code).toBe(1);
    expect(output).toEqual([
      'Dòng 2: Chi bộ 1 có hơn một bí thư (cùng dòng 4)',
      'Dòng 3: số điện thoại “**1234” không hợp lệ; chức vụ “Chủ tịch” không rõ (ghi một trong: Bí thư, Phó Bí thư, Chi ủy viên, Đảng viên)',
      'Dòng 4: Chi bộ 1 có hơn một bí thư (cùng dòng 2)',
      'Dòng 5: thiếu họ và tên; thiếu tên chi bộ',
      'Không nhập gì: sửa các dòng trên rồi chạy lại.',
    ]);
    expect(await memberCount()).toBe(0);
  });

  test('a dry run says so and saves nothing', async () => {
    const { code, output } = await run(write('v1.csv', HEADER, AN, BINH), '--dry-run', '--province', 'Tỉnh Đồng Nai');
    expect(code).toBe(0);
    expect(output.slice(0, 3)).toEqual(['Chạy thử (--dry-run): chưa lưu gì.', 'Sẽ nhập 2 đảng viên:', '- Thêm mới: 2']);
    expect(output).toContain('- Đảng bộ, chi bộ, tổ đảng mới tạo: 3');
    expect(output).toContain(
      'Sẽ lập 2 kỳ sinh hoạt định kỳ (tháng 12/2026 và 1/2027) cho các chi bộ trong tệp; bí thư xem bằng /lich ngay hôm nay.',
    );
    expect(await memberCount()).toBe(0);
  });

  test('a missing file, another format or missing columns are explained, with exit code 1', async () => {
    const missing = path.join(dir, 'khong-co.csv');
    expect(await run(missing)).toEqual({
      code: 1,
      output: [`Không đọc được tệp ${missing}: tệp không tồn tại, không có quyền đọc hoặc bị hỏng.`],
    });
    expect(await run(write('old.xls', 'x'))).toEqual({ code: 1, output: ['Chỉ nhận tệp .csv hoặc .xlsx (tệp đã cho: .xls).'] });
    expect(await run(write('cols.csv', 'Họ và tên;Chức vụ', 'An;Bí thư'))).toEqual({
      code: 1,
      output: ['Tệp thiếu cột bắt buộc: Số điện thoại, Chi bộ, Đảng bộ. Dòng đầu tiên của tệp phải là tiêu đề các cột.'],
    });
    expect(await run(write('broken.xlsx', 'not a workbook'))).toMatchObject({
      code: 1,
      output: [expect.stringMatching(/^Không đọc được tệp/)],
    });
  });

  test('wrong arguments print the usage', async () => {
    const usage = 'Cách dùng: import-roster <tệp .csv hoặc .xlsx> [--province "<tên tỉnh>"] [--dry-run]';
    expect(await run()).toEqual({ code: 1, output: [usage] });
    expect(await run('a.csv', '--force')).toEqual({ code: 1, output: [usage] });
    expect(await run('a.csv', '--province')).toEqual({ code: 1, output: [usage] });
  });
});
