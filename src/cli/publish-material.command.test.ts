import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCommand } from '../../test/support/cli.js';
import { pdfWithFirstPage } from '../../test/support/pdf.js';
import { seedBranch, seedMember } from '../../test/support/seed.js';
import { createTestDb, type TestDb } from '../../test/support/test-db.js';
import { auditLog } from '../modules/audit/audit.table.js';
import { materials } from '../modules/materials/materials.table.js';
import { createFakeClock } from '../shared/clock.js';
import { publishMaterialCommand } from './publish-material.command.js';

// An admin at the provincial office publishes the month's material from a terminal.
let t: TestDb;
let dir: string;
const clock = createFakeClock('2026-11-25T09:00:00+07:00');
const UNIT = ['--unit', 'Đảng bộ phường Tân Định', '--month', '2026-12'];

async function run(...args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await publishMaterialCommand(args, { db: t.db, clock, out: (l) => lines.push(l), inviteLink: async () => '' });
  return { code, out: lines.join('\n') };
}
function pdf(name: string, ...lines: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, pdfWithFirstPage(...lines));
  return file;
}
const rows = () => t.db.select().from(materials);

beforeAll(async () => {
  t = await createTestDb();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'publish-material-'));
  const { branch: kp1 } = await seedBranch(t.db, 'Chi bộ Khu phố 1');
  const { branch: kp2 } = await seedBranch(t.db, 'Chi bộ Khu phố 2');
  await seedMember(t.db, kp1, { fullName: 'Trần Văn An', phone: '0918000001', role: 'secretary' });
  await seedMember(t.db, kp1, { fullName: 'Lê Thị Bình', phone: '0918000002' });
  await seedMember(t.db, kp2, { fullName: 'Phạm Văn Cường', phone: '0918000003', role: 'secretary' });
});
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await t?.drop();
});

describe('publish-material', () => {
  test('a PDF for the whole committee is published; the title defaults to the file name', async () => {
    const r = await run(pdf('tai-lieu-thang-12.pdf', 'Chuyên đề năm 2026'), ...UNIT);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Đã đăng tài liệu số \d+: 3 người nhận\./);
    const [row] = await rows();
    expect(row).toMatchObject({
      source: 'cli',
      title: 'tai-lieu-thang-12',
      fileName: 'tai-lieu-thang-12.pdf',
      period: '2026-12',
      status: 'sent',
    });
  });

  test('a link for the branch committees of one branch, at a set Vietnam time, is scheduled', async () => {
    const r = await run(
      '--link',
      'https://tuyengiao.example.vn/tl12.pdf',
      ...UNIT,
      '--title',
      'Tài liệu tháng 12',
      '--audience',
      'committee',
      '--scope',
      'Chi bộ Khu phố 2',
      '--at',
      '2026-12-01 08:00',
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain('08:00 ngày 01/12/2026');
    const row = (await rows()).at(-1)!;
    expect(row).toMatchObject({
      status: 'scheduled',
      audience: 'committee',
      sendAt: new Date('2026-12-01T01:00:00Z'),
      linkUrl: 'https://tuyengiao.example.vn/tl12.pdf',
    });
  });

  test('secret material is refused with the explanation, exit 1, nothing stored but the audit record', async () => {
    const before = (await rows()).length;
    const r = await run(pdf('bao-cao.pdf', 'ĐẢNG CỘNG SẢN VIỆT NAM', 'MẬT', 'Số 7-BC/ĐU'), ...UNIT, '--title', 'Báo cáo');
    expect(r.code).toBe(1);
    expect(r.out).toContain('«MẬT»');
    expect(r.out).toContain('trang đầu của tài liệu');
    expect(await rows()).toHaveLength(before);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, 'material.refused_secret'));
    expect(audit.map((a) => a.actorKind)).toEqual(['cli']);
  });

  test('"Lưu hành nội bộ" needs --confirm-internal', async () => {
    const file = pdf('noi-bo.pdf', 'LƯU HÀNH NỘI BỘ', 'Chuyên đề');
    const first = await run(file, ...UNIT, '--title', 'Chuyên đề');
    expect(first.code).toBe(1);
    expect(first.out).toContain('--confirm-internal');
    const second = await run(file, ...UNIT, '--title', 'Chuyên đề', '--confirm-internal');
    expect(second.code).toBe(0);
    expect((await rows()).at(-1)!.internalConfirmed).toBe(true);
  });

  test('mistakes are explained: usage, a missing file, an unknown unit, a bad time, a bad month', async () => {
    expect((await run('--unit', 'x')).out).toContain('Cách dùng: publish-material');
    expect((await run(path.join(dir, 'khong-co.pdf'), ...UNIT)).out).toContain('Không đọc được tệp');
    expect((await run('--link', 'https://a.vn/x', '--unit', 'Đảng bộ không có', '--month', '2026-12', '--title', 'x')).out).toContain(
      'Không tìm thấy đơn vị',
    );
    const badAt = await run('--link', 'https://a.vn/x', ...UNIT, '--title', 'x', '--at', 'mai');
    expect(badAt).toMatchObject({ code: 1 });
    expect(badAt.out).toContain('--at');
    const badMonth = await run('--link', 'https://a.vn/x', '--unit', 'Đảng bộ phường Tân Định', '--month', '12-2026', '--title', 'x');
    expect(badMonth.code).toBe(1);
    expect(badMonth.out).toContain('Tháng chưa đúng');
  });

  test('the command is reachable as `npm run cli -- publish-material`', async () => {
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = t.url;
    const r = await runCommand(
      'publish-material',
      '--link',
      'https://tuyengiao.example.vn/x.pdf',
      ...UNIT,
      '--title',
      'Qua dòng lệnh',
    ).finally(() => {
      process.env.DATABASE_URL = saved;
    });
    expect(r.code).toBe(0);
    expect(r.out).toContain('người nhận');
  });
});
