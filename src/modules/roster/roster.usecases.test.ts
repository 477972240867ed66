import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFakeClock } from '../../shared/clock.js';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/support/test-db.js';
import { xlsxAsExcelSaves, xlsxOf } from '../../../test/support/xlsx.js';
import { readRoster } from './roster.parse.js';
import { importRoster, type ImportRosterResult } from './roster.usecases.js';

let t: TestDb;
const clock = createFakeClock('2026-12-07T09:00:00+07:00');
let dir: string;
beforeAll(async () => {
  t = await createTestDb();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-'));
});
afterAll(async () => {
  await t?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await t.sql`truncate members, org_units, audit_log restart identity cascade`;
});

const HEADER = 'Họ và tên,Số điện thoại,Chức vụ,Chi bộ,Đảng bộ,Tổ đảng,Trạng thái,Loại đảng viên,CCCD,Số thẻ đảng';
const BRANCH_1 = [
  'Nguyễn Văn An,0912 345 601,Bí thư,Chi bộ 1,Đảng bộ phường Tân Mai,,Đang sinh hoạt,Chính thức,001090000001,79.001234',
  'Trần Thị Bình,0912345602,Phó Bí thư,Chi bộ 1,Đảng bộ phường Tân Mai,Tổ 1,,Chính thức,001090000002,79.001235',
  'Lê Văn Cường,+84 912 345 603,Đảng viên,Chi bộ 1,Đảng bộ phường Tân Mai,Tổ 1,Miễn sinh hoạt,,001090000003,79.001236',
];
const BRANCH_2 = ['"Phạm Thị Dung, cán bộ hưu",0912345604,,Chi bộ 2,Đảng bộ phường Tân Mai,,,Dự bị,001090000004,79.001237'];
const csv = (...rows: string[]) => [HEADER, ...rows].join('\r\n') + '\r\n';

async function importFile(
  name: string,
  content: string | Buffer,
  options: { province?: string; dryRun?: boolean } = {},
): Promise<ImportRosterResult> {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  const { rows } = await readRoster(file);
  return importRoster({ rows, ...options }, { db: t.db, clock });
}
function report(result: ImportRosterResult) {
  if (!result.ok) throw new Error(`import refused: ${JSON.stringify(result.issues)}`);
  return result.report;
}
const members = () => t.sql<
  { full_name: string; phone: string; role: string; status: string; kind: string; branch: string; grp: string | null }[]
>`
  select m.full_name, m.phone, m.role, m.status, m.kind, b.name as branch, g.name as grp
  from members m join org_units b on b.id = m.branch_id left join org_units g on g.id = m.group_id order by m.phone`;
const count = async (table: 'members' | 'org_units' | 'audit_log') =>
  Number((await t.sql`select count(*)::int as n from ${t.sql(table)}`)[0]!.n);

describe('importing a roster', () => {
  test('a CSV with Vietnamese headers creates the committee, branches, party groups and members', async () => {
    const r = report(await importFile('vi.csv', csv(...BRANCH_1, ...BRANCH_2)));
    expect(r).toMatchObject({ rows: 4, created: 4, updated: 0, moved: 0, unchanged: 0, unitsCreated: 4, missing: [] });
    // Both branches have this month's and next month's regular meetings from this moment on.
    expect(r).toMatchObject({ meetingsCreated: 4, meetingPeriods: ['2026-12', '2027-01'] });
    expect(await t.sql`select o.name, m.period from meetings m join org_units o on o.id = m.branch_id order by 1, 2`).toEqual([
      { name: 'Chi bộ 1', period: '2026-12' },
      { name: 'Chi bộ 1', period: '2027-01' },
      { name: 'Chi bộ 2', period: '2026-12' },
      { name: 'Chi bộ 2', period: '2027-01' },
    ]);
    expect(await members()).toEqual([
      {
        full_name: 'Nguyễn Văn An',
        phone: '84912345601',
        role: 'secretary',
        status: 'active',
        kind: 'official',
        branch: 'Chi bộ 1',
        grp: null,
      },
      {
        full_name: 'Trần Thị Bình',
        phone: '84912345602',
        role: 'deputy',
        status: 'active',
        kind: 'official',
        branch: 'Chi bộ 1',
        grp: 'Tổ 1',
      },
      {
        full_name: 'Lê Văn Cường',
        phone: '84912345603',
        role: 'member',
        status: 'exempt',
        kind: 'official',
        branch: 'Chi bộ 1',
        grp: 'Tổ 1',
      },
      {
        full_name: 'Phạm Thị Dung, cán bộ hưu',
        phone: '84912345604',
        role: 'member',
        status: 'active',
        kind: 'probationary',
        branch: 'Chi bộ 2',
        grp: null,
      },
    ]);
    const units = await t.sql<{ kind: string; name: string; depth: number }[]>`
      select kind, name, array_length(string_to_array(trim(both '/' from path), '/'), 1) as depth from org_units order by id`;
    expect(units.map((u) => [u.kind, u.name, u.depth])).toEqual([
      ['committee', 'Đảng bộ phường Tân Mai', 1],
      ['branch', 'Chi bộ 1', 2],
      ['group', 'Tổ 1', 3],
      ['branch', 'Chi bộ 2', 2],
    ]);
  });

  test('a CSV with English headers is read the same way', async () => {
    const r = report(
      await importFile(
        'en.csv',
        'full_name,phone,role,branch,committee,status,kind\n' +
          'Nguyen Van An,0912345601,secretary,Branch 1,Ward committee,active,official\n' +
          'Tran Thi Binh,0912345602,committee member,Branch 1,Ward committee,temporarily_exempt,probationary\n',
      ),
    );
    expect(r.created).toBe(2);
    expect((await members()).map((m) => [m.role, m.status, m.kind])).toEqual([
      ['secretary', 'active', 'official'],
      ['committee_member', 'temporarily_exempt', 'probationary'],
    ]);
  });

  test('a semicolon-separated CSV with a byte order mark, as Excel saves it in Vietnam, is read', async () => {
    const content = '\uFEFF' + csv(...BRANCH_1).replaceAll(',', ';');
    expect(report(await importFile('excel.csv', content)).created).toBe(3);
    expect((await members())[0]!.full_name).toBe('Nguyễn Văn An');
  });

  test('an Excel workbook is read from its first sheet, a phone typed as a number included', async () => {
    const workbook = await xlsxOf(
      {
        name: 'Danh sách',
        rows: [
          ['Họ và tên', 'Số điện thoại', 'Chức vụ', 'Chi bộ', 'Đảng bộ', 'Số thẻ đảng'],
          ['Nguyễn Văn An', 912345601, 'Bí thư', 'Chi bộ 1', 'Đảng bộ phường Tân Mai', 79001234],
          [],
          ['Trần Thị Bình', '0912345602', '', 'Chi bộ 1', 'Đảng bộ phường Tân Mai', 79001235],
        ],
      },
      { name: 'Ghi chú', rows: [['Không phải danh sách']] },
    );
    const r = report(await importFile('roster.xlsx', workbook));
    expect(r.created).toBe(2);
    expect((await members()).map((m) => [m.full_name, m.phone, m.role, m.branch])).toEqual([
      ['Nguyễn Văn An', '84912345601', 'secretary', 'Chi bộ 1'],
      ['Trần Thị Bình', '84912345602', 'member', 'Chi bộ 1'],
    ]);
  });

  test('a sheet saved by Excel is read as shown: rich text, formula results, and bad rows named by their sheet row', async () => {
    const text = (ref: string, t: string) => `<c r="${ref}" t="inlineStr"><is><t>${t}</t></is></c>`;
    const header = ['Họ và tên', 'Số điện thoại', 'Chức vụ', 'Chi bộ', 'Đảng bộ'].map((h, i) => text(`${'ABCDE'[i]}3`, h)).join('');
    // A bold first name, a branch given by a formula; rows 1-2 and 5-6 are blank, so Excel
    // does not store them at all.
    const an =
      `<row r="3">${header}</row>` +
      `<row r="4"><c r="A4" t="inlineStr"><is><r><rPr><b/></rPr><t xml:space="preserve">Nguyễn </t></r><r><t>Văn An</t></r></is></c>` +
      `<c r="B4"><v>912345601</v></c>${text('C4', 'Bí thư')}<c r="D4" t="str"><f>"Chi bộ "&amp;1</f><v>Chi bộ 1</v></c>${text('E4', 'Đảng bộ phường Tân Mai')}</row>`;
    const workbook = await xlsxAsExcelSaves(
      an +
        `<row r="7">${text('A7', 'Trần Thị Bình')}<c r="B7" t="e"><v>#N/A</v></c>${text('C7', 'Đảng viên')}${text('D7', 'Chi bộ 1')}${text('E7', 'Đảng bộ phường Tân Mai')}</row>`,
    );
    const result = await importFile('roster.xlsx', workbook);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    // Row 7's phone is an error value (#N/A): it reads as empty, and the report says row 7.
    expect(result.issues.map((i) => i.line)).toEqual([7]);
    expect(await count('members')).toBe(0);

    expect(report(await importFile('roster.xlsx', await xlsxAsExcelSaves(an))).created).toBe(1);
    expect((await members()).map((m) => [m.full_name, m.phone, m.branch])).toEqual([['Nguyễn Văn An', '84912345601', 'Chi bộ 1']]);
  });

  test('national ID and party card numbers are never stored anywhere', async () => {
    report(await importFile('vi.csv', csv(...BRANCH_1, ...BRANCH_2)));
    const stored = JSON.stringify([
      await t.sql`select * from members`,
      await t.sql`select * from org_units`,
      await t.sql`select * from audit_log`,
    ]);
    for (const secret of ['001090000001', '001090000004', '79.001234', '79001234']) expect(stored).not.toContain(secret);
  });

  test('a file with bad rows imports nothing and reports every bad row with its line', async () => {
    const result = await importFile(
      'bad.csv',
      csv(
        BRANCH_1[0]!,
        ',0912345602,Phó Bí thư,Chi bộ 1,Đảng bộ phường Tân Mai,,,,,',
        'Lê Văn Cường,0912 345 601,Chủ tịch,Chi bộ 1,Đảng bộ phường Tân Mai,,,,,',
        ...BRANCH_2,
      ),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => [i.line, i.problems.map((p) => p.code)])).toEqual([
      [2, ['duplicate_phone']],
      [3, ['empty_name']],
      [4, ['unknown_role', 'duplicate_phone']],
    ]);
    expect([await count('members'), await count('org_units'), await count('audit_log')]).toEqual([0, 0, 0]);
  });

  test('importing the same file again changes nothing, not even updated_at', async () => {
    const content = csv(...BRANCH_1, ...BRANCH_2);
    report(await importFile('vi.csv', content));
    const before = await t.sql`select id, updated_at from members order by id`;
    const r = report(await importFile('vi.csv', content));
    expect(r).toMatchObject({ created: 0, updated: 0, moved: 0, unchanged: 4, unitsCreated: 0, missing: [] });
    expect(await t.sql`select id, updated_at from members order by id`).toEqual(before);
    expect(await count('org_units')).toBe(4);
  });

  test('an edited file updates roles and status; handing over the bí thư post is an ordinary update', async () => {
    report(await importFile('v1.csv', csv(...BRANCH_1)));
    const r = report(
      await importFile(
        'v2.csv',
        csv(
          BRANCH_1[0]!.replace('Bí thư', 'Đảng viên').replace('Đang sinh hoạt', 'Tạm miễn sinh hoạt'),
          BRANCH_1[1]!.replace('Phó Bí thư', 'Bí thư'),
          BRANCH_1[2]!,
        ),
      ),
    );
    expect(r).toMatchObject({ created: 0, updated: 2, moved: 0, unchanged: 1 });
    expect((await members()).map((m) => [m.full_name, m.role, m.status])).toEqual([
      ['Nguyễn Văn An', 'member', 'temporarily_exempt'],
      ['Trần Thị Bình', 'secretary', 'active'],
      ['Lê Văn Cường', 'member', 'exempt'],
    ]);
  });

  test('a member missing from a new file of their branch is reported and stays in the database', async () => {
    report(await importFile('v1.csv', csv(...BRANCH_1, ...BRANCH_2)));
    const r = report(await importFile('v2.csv', csv(BRANCH_1[0]!, BRANCH_1[1]!)));
    expect(r.missing).toEqual([{ fullName: 'Lê Văn Cường', branch: 'Chi bộ 1', phone: '*******5603' }]);
    expect((await members()).map((m) => m.full_name)).toContain('Lê Văn Cường');
    expect(await count('members')).toBe(4); // Chi bộ 2 is not in the file: its member is not "missing"
  });

  test('units are created once: "chi bo 1" of "dang bo phuong tan mai" is Chi bộ 1', async () => {
    report(await importFile('v1.csv', csv(...BRANCH_1)));
    const r = report(await importFile('v2.csv', csv('Hoàng Văn Em,0912345605,,chi bo 1,dang bo phuong tan mai,to 1,,,,')));
    expect(r).toMatchObject({ created: 1, unitsCreated: 0 });
    expect(await count('org_units')).toBe(3);
    expect((await members()).find((m) => m.full_name === 'Hoàng Văn Em')).toMatchObject({ branch: 'Chi bộ 1', grp: 'Tổ 1' });
  });

  test('a member listed under another branch is transferred and leaves their old party group', async () => {
    report(await importFile('v1.csv', csv(...BRANCH_1, ...BRANCH_2)));
    const r = report(await importFile('v2.csv', csv(BRANCH_2[0]!, BRANCH_1[2]!.replace('Chi bộ 1', 'Chi bộ 2').replace('Tổ 1', ''))));
    expect(r).toMatchObject({ created: 0, updated: 0, moved: 1, unchanged: 1, missing: [] });
    expect((await members()).find((m) => m.full_name === 'Lê Văn Cường')).toMatchObject({ branch: 'Chi bộ 2', grp: null });
  });

  test('a new bí thư while the current one is left out of the file is refused', async () => {
    report(await importFile('v1.csv', csv(...BRANCH_1)));
    const result = await importFile('v2.csv', csv(BRANCH_1[1]!.replace('Phó Bí thư', 'Bí thư'), BRANCH_1[2]!));
    expect(result).toEqual({
      ok: false,
      issues: [{ line: 2, problems: [{ code: 'secretary_not_in_file', branch: 'Chi bộ 1', name: 'Nguyễn Văn An' }] }],
    });
    expect((await members()).map((m) => m.role)).toEqual(['secretary', 'deputy', 'member']);
  });

  test('a dry run reports what would happen and writes nothing', async () => {
    const result = await importFile('vi.csv', csv(...BRANCH_1), { dryRun: true });
    expect(result).toMatchObject({ ok: true, dryRun: true, report: { created: 3, unitsCreated: 3 } });
    expect([await count('members'), await count('org_units'), await count('audit_log')]).toEqual([0, 0, 0]);
    expect(result).toMatchObject({ report: { meetingsCreated: 2, meetingPeriods: ['2026-12', '2027-01'] } });
    expect(Number((await t.sql`select count(*)::int as n from meetings`)[0]!.n)).toBe(0);
  });

  test('committees go under the named province, which is created once', async () => {
    expect(report(await importFile('v1.csv', csv(...BRANCH_1), { province: 'Tỉnh Đồng Nai' })).unitsCreated).toBe(4);
    expect(report(await importFile('v2.csv', csv(...BRANCH_2), { province: 'tinh dong nai' })).unitsCreated).toBe(1);
    // Without the option the committee is still found under its province, not duplicated.
    expect(report(await importFile('v3.csv', csv(...BRANCH_1))).unitsCreated).toBe(0);
    const units = await t.sql<{ kind: string; name: string }[]>`select kind, name from org_units where parent_id is null`;
    expect(units).toEqual([{ kind: 'province', name: 'Tỉnh Đồng Nai' }]);
  });

  test('each import leaves one audit row with counts only', async () => {
    report(await importFile('vi.csv', csv(...BRANCH_1)));
    const [audit] = await t.sql`select actor_kind, action, details from audit_log`;
    expect(audit).toEqual({
      actor_kind: 'cli',
      action: 'roster.import',
      details: { rows: 3, created: 3, updated: 0, moved: 0, unchanged: 0, unitsCreated: 3, meetingsCreated: 2, missing: 0 },
    });
  });
});
