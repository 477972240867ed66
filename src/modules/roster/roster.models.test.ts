import { describe, expect, test } from 'vitest';
import { mapHeaders, parseKind, parseRole, parseStatus, rosterPhone, validateRoster, type RosterRow } from './roster.models.js';

describe('roster headers', () => {
  test('Vietnamese headers are recognised whatever their case, accents and spacing', () => {
    const { columns, missing } = mapHeaders([
      'HỌ VÀ TÊN',
      'so dien thoai',
      ' Chức  vụ ',
      'CHI BỘ',
      'Đảng bộ',
      'Tổ Đảng',
      'Trạng thái',
      'Loại đảng viên',
    ]);
    expect(columns).toEqual({ fullName: 0, phone: 1, role: 2, branch: 3, committee: 4, group: 5, status: 6, kind: 7 });
    expect(missing).toEqual([]);
  });

  test('English headers and the short Vietnamese forms are recognised', () => {
    expect(mapHeaders(['full_name', 'Phone', 'branch', 'committee', 'kind']).columns).toEqual({
      fullName: 0,
      phone: 1,
      branch: 2,
      committee: 3,
      kind: 4,
    });
    expect(mapHeaders(['Họ tên', 'SĐT', 'Chi bộ', 'Đảng bộ', 'Loại']).columns).toEqual({
      fullName: 0,
      phone: 1,
      branch: 2,
      committee: 3,
      kind: 4,
    });
  });

  test('national ID, party card and admission date columns are ignored and named', () => {
    const { ignored } = mapHeaders(['Họ và tên', 'CCCD', 'Số thẻ đảng', 'Số điện thoại', 'Ngày vào Đảng', 'Chi bộ', 'Đảng bộ', '']);
    expect(ignored).toEqual(['CCCD', 'Số thẻ đảng', 'Ngày vào Đảng']);
  });

  test('a file without name, phone, branch or committee columns names what is missing', () => {
    expect(mapHeaders(['Họ và tên', 'Chức vụ']).missing).toEqual(['phone', 'branch', 'committee']);
  });
});

describe('roster values', () => {
  test('roles are read in Vietnamese or English; blank means an ordinary member', () => {
    expect(['Bí thư', 'BÍ THƯ', 'bi thu', 'secretary'].map(parseRole)).toEqual(Array(4).fill('secretary'));
    expect(['Phó Bí thư', 'pho bi thu', 'deputy'].map(parseRole)).toEqual(Array(3).fill('deputy'));
    expect(['Chi ủy viên', 'committee_member', 'committee member'].map(parseRole)).toEqual(Array(3).fill('committee_member'));
    expect(['', 'Đảng viên', 'member'].map(parseRole)).toEqual(Array(3).fill('member'));
    expect(parseRole('Chủ tịch')).toBeNull();
  });

  test('exempt and temporarily exempt members are told apart; blank means active', () => {
    expect(['', 'Đang sinh hoạt', 'active'].map(parseStatus)).toEqual(Array(3).fill('active'));
    expect(['Miễn sinh hoạt', 'Miễn công tác và sinh hoạt Đảng', 'exempt'].map(parseStatus)).toEqual(Array(3).fill('exempt'));
    expect(['Tạm miễn sinh hoạt', 'Tạm miễn', 'temporarily_exempt'].map(parseStatus)).toEqual(Array(3).fill('temporarily_exempt'));
    expect(parseStatus('Nghỉ hưu')).toBeNull();
  });

  test('official and probationary members; blank means official', () => {
    expect(['', 'Chính thức', 'official'].map(parseKind)).toEqual(Array(3).fill('official'));
    expect(['Dự bị', 'du bi', 'probationary'].map(parseKind)).toEqual(Array(3).fill('probationary'));
    expect(parseKind('Danh dự')).toBeNull();
  });

  test('a phone that lost its leading 0 in a number cell is still the same phone', () => {
    for (const raw of ['912345678', '0912 345 678', '+84 912 345 678', '84912345678']) expect(rosterPhone(raw)).toBe('84912345678');
    expect(rosterPhone('2513822123')).toBe('842513822123');
  });

  test('national IDs and short numbers are not phones', () => {
    for (const raw of ['001234567890', '12345678', '112345678', 'không có']) expect(rosterPhone(raw)).toBeNull();
  });
});

const row = (line: number, r: Partial<RosterRow>): RosterRow => ({
  line,
  fullName: 'Nguyễn Văn An',
  phone: `09123456${String(line).padStart(2, '0')}`,
  branch: 'Chi bộ 1',
  committee: 'Đảng bộ phường A',
  ...r,
});

describe('roster rows', () => {
  test('every problem of a row is reported, with its line', () => {
    const { issues } = validateRoster([
      row(2, {}),
      row(3, { fullName: '', phone: '0123', role: 'Chủ tịch', status: 'Nghỉ', kind: 'x', branch: '', committee: '' }),
    ]);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.line).toBe(3);
    expect(issues[0]!.problems.map((p) => p.code)).toEqual([
      'empty_name',
      'bad_phone',
      'unknown_role',
      'unknown_status',
      'unknown_kind',
      'missing_branch',
      'missing_committee',
    ]);
  });

  test('an invalid phone is quoted masked, since the column may hold a national ID', () => {
    const { issues } = validateRoster([row(2, { phone: '001234567890' })]);
    expect(issues[0]!.problems).toEqual([{ code: 'bad_phone', shown: '********7890' }]);
  });

  test('the same phone twice is reported on both lines, whatever its spelling', () => {
    const { issues } = validateRoster([row(2, { phone: '0912 345 678' }), row(3, {}), row(4, { phone: '+84912345678' })]);
    expect(issues).toEqual([
      { line: 2, problems: [{ code: 'duplicate_phone', shown: '*******5678', otherLines: [4] }] },
      { line: 4, problems: [{ code: 'duplicate_phone', shown: '*******5678', otherLines: [2] }] },
    ]);
  });

  test('two bí thư for one branch are refused, even spelled differently', () => {
    const { issues } = validateRoster([
      row(2, { role: 'Bí thư' }),
      row(3, { role: 'bi thu', branch: 'chi bo 1', committee: 'dang bo phuong a' }),
    ]);
    expect(issues.map((i) => [i.line, i.problems[0]!.code])).toEqual([
      [2, 'several_secretaries'],
      [3, 'several_secretaries'],
    ]);
  });

  test('branches with the same name under different committees each have their own bí thư', () => {
    const { issues } = validateRoster([row(2, { role: 'Bí thư' }), row(3, { role: 'Bí thư', committee: 'Đảng bộ phường B' })]);
    expect(issues).toEqual([]);
  });

  test('a missing column leaves the field unset, a blank cell means the default', () => {
    const { entries } = validateRoster([row(2, { role: '', group: '' }), row(3, {})]);
    expect(entries[0]).toMatchObject({ role: 'member', group: null });
    expect(entries[1]!.role).toBeUndefined();
    expect(entries[1]!.group).toBeUndefined();
  });
});
