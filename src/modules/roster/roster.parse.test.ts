import { describe, expect, test } from 'vitest';
import { detectDelimiter, parseCsvRecords, parseRosterTable } from './roster.parse.js';

describe('roster CSV', () => {
  test('the delimiter is the one the header uses: comma, semicolon or tab', () => {
    expect(detectDelimiter('Họ và tên,Số điện thoại,Chi bộ\n')).toBe(',');
    expect(detectDelimiter('Họ và tên;Số điện thoại;"Chi bộ, tổ"\n')).toBe(';');
    expect(detectDelimiter('Họ và tên\tSố điện thoại\tChi bộ\n')).toBe('\t');
  });

  test('each record keeps the line it starts on, even after a quoted line break', () => {
    const records = parseCsvRecords('a;b\r\n"x\r\ny";"say ""hi"""\r\n\r\n1;2\r\n');
    expect(records).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x\r\ny', 'say "hi"'] },
      { line: 4, cells: [''] },
      { line: 5, cells: ['1', '2'] },
    ]);
  });

  test('a byte order mark and empty rows are dropped; line numbers stay those of the file', async () => {
    const table = await parseRosterTable('x.csv', Buffer.from('\uFEFFHọ và tên;SĐT\n\n;\nAn;0912345678\n'));
    expect(table).toEqual({ headers: ['Họ và tên', 'SĐT'], rows: [{ line: 4, cells: ['An', '0912345678'] }] });
  });

  test('other formats and non-UTF-8 files are refused with a code', async () => {
    await expect(parseRosterTable('x.xls', Buffer.from(''))).rejects.toMatchObject({ code: 'roster.unsupported_format' });
    await expect(parseRosterTable('x.csv', Buffer.from([0x48, 0xe0, 0x0a]))).rejects.toMatchObject({ code: 'roster.not_utf8' });
  });
});
