import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { asc, eq, like } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../../test/support/test-db.js';
import { runCommand } from '../../test/support/cli.js';
import { seedBranch, seedMember } from '../../test/support/seed.js';
import { xlsxOf } from '../../test/support/xlsx.js';
import { auditLog } from '../modules/audit/audit.table.js';
import { chatIdentities } from '../modules/identities/identities.table.js';
import { meetings } from '../modules/meetings/meetings.table.js';
import type { Member } from '../modules/members/members.repository.js';
import { outbox } from '../modules/outbox/outbox.table.js';
import { createTasksRepository } from '../modules/tasks/tasks.repository.js';
import { tasks } from '../modules/tasks/tasks.table.js';
import { createFakeClock } from '../shared/clock.js';
import { addDaysTo, viDate, vnDate } from '../shared/vn-time.js';
import { importTasksCommand } from './import-tasks.command.js';
import { wordsOf } from '../../test/support/outbox-words.js';

// The November meeting was held on the 3rd; on the 5th the bí thư imports its tasks from a file.
let t: TestDb;
let dir: string;
let branchId: number;
let heldMeetingId: number;
let secretary: Member, an: Member, binh: Member;
const clock = createFakeClock('2026-11-05T10:00:00+07:00');
const BRANCH = ['--branch', 'Chi bộ Khu phố 2', '--committee', 'Đảng bộ phường Tân Mai'];
const HEADER = 'Nội dung;Người thực hiện;Hạn hoàn thành;Nghị quyết';

async function run(...args: string[]): Promise<{ code: number; output: string[] }> {
  const output: string[] = [];
  const code = await importTasksCommand(args, { db: t.db, clock, out: (line) => output.push(line) });
  return { code, output };
}
function write(name: string, ...lines: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, '\uFEFF' + lines.join('\r\n'));
  return file;
}
const savedTasks = () => t.db.select().from(tasks).orderBy(asc(tasks.id));
const assignedMessages = () => t.db.select().from(outbox).where(like(outbox.dedupeKey, 'task:%')).orderBy(asc(outbox.id));
const assigneesOf = async (id: number) => (await createTasksRepository({ db: t.db }).assigneesOf([id])).get(id);
const fullPhone = /\d{9,}/;

beforeAll(async () => {
  t = await createTestDb();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-tasks-'));
  const { branch } = await seedBranch(t.db, 'Chi bộ Khu phố 2', 'Đảng bộ phường Tân Mai');
  await seedBranch(t.db, 'Chi bộ Khu phố 2', 'Đảng bộ phường Tân Định'); // same name elsewhere: --committee chooses
  const { branch: other } = await seedBranch(t.db, 'Chi bộ Khu phố 9', 'Đảng bộ phường Tân Mai');
  branchId = branch.id;
  secretary = await seedMember(t.db, branch, { fullName: 'Nguyễn Văn Sơn', phone: '0912345600', role: 'secretary' });
  an = await seedMember(t.db, branch, { fullName: 'Nguyễn Văn An', phone: '0912345601' });
  binh = await seedMember(t.db, branch, { fullName: 'Trần Thị Bình', phone: '0912345602' });
  await seedMember(t.db, branch, { fullName: 'Lê Văn Cường', phone: '0912345603', status: 'exempt' });
  await seedMember(t.db, other, { fullName: 'Phạm Văn Dũng', phone: '0912345609' });
  for (const m of [secretary, an])
    await t.db.insert(chatIdentities).values({ memberId: m.id, platform: 'telegram', externalId: String(m.id), chatId: String(m.id) });
  const [held] = await t.db
    .insert(meetings)
    .values({ branchId, period: '2026-11', date: '2026-11-03', time: '19:30', status: 'held' })
    .returning();
  heldMeetingId = held!.id;
});
afterAll(async () => {
  await t?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await t.sql`truncate tasks, outbox, audit_log restart identity cascade`;
});

describe('import-tasks command', () => {
  test('a CSV with Vietnamese headers assigns the last held meeting tasks and tells each assignee at once with the report button', async () => {
    const { code, output } = await run(
      write(
        'nq.csv',
        HEADER,
        'Vệ sinh môi trường khu phố;"0912345601, 0912 345 602";30/11/2026;Mục 2: xây dựng khu phố xanh',
        'Rà soát hộ nghèo cuối năm;0912345601;2026-12-15;',
      ),
      ...BRANCH,
    );
    expect(code).toBe(0);
    expect(output).toEqual([
      'Đã giao 2 nhiệm vụ cho Chi bộ Khu phố 2:',
      '- Dòng 2: Vệ sinh môi trường khu phố — hạn 30/11/2026 — 2 đồng chí',
      '- Dòng 3: Rà soát hộ nghèo cuối năm — hạn 15/12/2026 — 1 đồng chí',
      'Các nhiệm vụ thuộc nghị quyết kỳ sinh hoạt 03/11/2026: tỷ lệ hoàn thành được tính cho kỳ sau.',
      'Đã gửi nhiệm vụ tới 1 đảng viên qua Trợ lý.',
      '1 đồng chí chưa liên kết tài khoản chat, xin báo trực tiếp: Trần Thị Bình.',
    ]);
    const [first, second] = await savedTasks();
    expect(first).toMatchObject({
      branchId,
      meetingId: heldMeetingId,
      description: 'Vệ sinh môi trường khu phố',
      dueDate: '2026-11-30',
      wholeBranch: false,
    });
    expect(second).toMatchObject({ dueDate: '2026-12-15' });
    expect(await assigneesOf(first!.id)).toEqual([an.id, binh.id]);
    const sent = await assignedMessages();
    expect(sent.map((m) => m.dedupeKey)).toEqual([`task:${first!.id}:assigned:${an.id}`, `task:${second!.id}:assigned:${an.id}`]);
    expect(wordsOf(sent[0]!)).toMatchObject({
      text: expect.stringContaining('Theo nghị quyết: Mục 2: xây dựng khu phố xanh'),
      buttons: [[{ text: 'Báo cáo tiến độ', data: `tr:${first!.id}` }]],
    });
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'tasks.import'));
    expect(audit).toMatchObject({
      actorKind: 'cli',
      subjectId: String(branchId),
      details: { taskIds: [first!.id, second!.id], meetingId: heldMeetingId },
    });
  });

  test('an XLSX built in Excel, with English headers, a date cell and a phone typed as a number, is read the same way', async () => {
    const file = path.join(dir, 'tasks.xlsx');
    fs.writeFileSync(
      file,
      await xlsxOf({
        name: 'Nhiệm vụ',
        rows: [
          ['description', 'assignees', 'due', 'resolution'],
          ['Tuyên truyền Chỉ thị 50-CT/TW', 912345601, new Date(Date.UTC(2026, 11, 20)), 'Kết luận 3'],
        ],
      }),
    );
    const { code } = await run(file, ...BRANCH);
    expect(code).toBe(0);
    const [task] = await savedTasks();
    expect(task).toMatchObject({ description: 'Tuyên truyền Chỉ thị 50-CT/TW', dueDate: '2026-12-20' });
    expect(await assigneesOf(task!.id)).toEqual([an.id]);
  });

  test('a file with bad rows imports nothing and lists each bad line with its reason, phones masked', async () => {
    const { code, output } = await run(
      write(
        'bad.csv',
        HEADER,
        'Việc tốt;0912345601;30/11/2026;',
        ';0912345601;30/11/2026;',
        'Việc của người lạ;0912345699;30/11/2026;',
        'Việc của người miễn sinh hoạt;0912345603;30/11/2026;',
        'Việc ngày không có;0912345601;31/02/2027;',
        'Việc hạn đã qua;0912345601;01/11/2026;',
        'Việc của chi bộ khác;0912345609;30/11/2026;',
        'Việc số sai;abc12;30/11/2026;',
        'Việc tốt;0912345602;30/11/2026;',
        'Việc không người, không hạn;;;',
      ),
      ...BRANCH,
    );
    expect(code).toBe(1);
    expect(output).toEqual([
      'Dòng 3: thiếu nội dung nhiệm vụ',
      'Dòng 4: số điện thoại *******5699 không phải của đảng viên trong chi bộ',
      'Dòng 5: đồng chí Lê Văn Cường đang miễn hoặc tạm miễn sinh hoạt, không giao nhiệm vụ được',
      'Dòng 6: hạn “31/02/2027” không đúng dạng ngày (ghi dd/mm/yyyy hoặc yyyy-mm-dd)',
      'Dòng 7: hạn 01/11/2026 đã qua',
      'Dòng 8: số điện thoại *******5609 không phải của đảng viên trong chi bộ',
      'Dòng 9: số điện thoại “****” không hợp lệ',
      'Dòng 10: trùng với dòng 2',
      'Dòng 11: thiếu người thực hiện (ghi số điện thoại, cách nhau bằng dấu phẩy hoặc chấm phẩy, hoặc ghi “Cả chi bộ”); thiếu hạn hoàn thành',
      'Không giao nhiệm vụ nào: sửa các dòng trên rồi chạy lại.',
    ]);
    expect(output.join('\n')).not.toMatch(fullPhone);
    expect(await savedTasks()).toEqual([]);
    expect(await assignedMessages()).toEqual([]);
  });

  test('a whole-branch row assigns every active member, not the exempt one', async () => {
    const { code, output } = await run(
      write('all.csv', 'Nội dung,Người thực hiện,Hạn', 'Học tập Chỉ thị 50-CT/TW,Cả chi bộ,10/12/2026'),
      ...BRANCH,
    );
    expect(code).toBe(0);
    expect(output[1]).toBe('- Dòng 2: Học tập Chỉ thị 50-CT/TW — hạn 10/12/2026 — cả chi bộ (3 đồng chí)');
    const [task] = await savedTasks();
    expect(task!.wholeBranch).toBe(true);
    expect(await assigneesOf(task!.id)).toEqual([secretary.id, an.id, binh.id]);
    expect((await assignedMessages()).map((m) => m.memberId).sort()).toEqual([secretary.id, an.id].sort());
  });

  test('a dry run saves and sends nothing; the same file imported twice assigns nothing the second time', async () => {
    const file = write('twice.csv', HEADER, 'Thu đảng phí quý IV;0912345601;20/12/2026;');
    const dry = await run(file, ...BRANCH, '--dry-run');
    expect(dry.output.slice(0, 2)).toEqual(['Chạy thử (--dry-run): chưa lưu và chưa gửi gì.', 'Sẽ giao 1 nhiệm vụ cho Chi bộ Khu phố 2:']);
    expect(await savedTasks()).toEqual([]);
    await run(file, ...BRANCH);
    const again = await run(file, ...BRANCH);
    expect(again.output.slice(0, 2)).toEqual([
      'Đã giao 0 nhiệm vụ cho Chi bộ Khu phố 2:',
      '- Dòng 2: đã có nhiệm vụ “Thu đảng phí quý IV” cùng hạn, bỏ qua (không giao lại).',
    ]);
    expect(await savedTasks()).toHaveLength(1);
    expect(await assignedMessages()).toHaveLength(1);
  });

  test('a file without the required columns, or a branch name shared by two committees without --committee, is refused', async () => {
    const noDue = await run(write('cols.csv', 'Nội dung;Người thực hiện', 'Việc;0912345601'), ...BRANCH);
    expect(noDue).toEqual({ code: 1, output: [expect.stringMatching(/^Tệp thiếu cột bắt buộc: Hạn hoàn thành\./)] });
    const ambiguous = await run(write('ok.csv', HEADER, 'Việc;0912345601;30/11/2026;'), '--branch', 'chi bo khu pho 2');
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.output[0]).toMatch(/Có nhiều chi bộ tên/);
    expect((await run('--branch', 'Chi bộ Khu phố 2')).output).toEqual([
      'Cách dùng: import-tasks <tệp .csv hoặc .xlsx> --branch "<chi bộ>" [--committee "<đảng bộ>"] [--dry-run]',
    ]);
  });

  test('npm run cli -- import-tasks is a registered admin command', async () => {
    process.env.DATABASE_URL = t.url;
    const due = viDate(addDaysTo(vnDate(new Date()), 30));
    const { code, out } = await runCommand(
      'import-tasks',
      write('cli.csv', HEADER, `Việc qua lệnh;0912345601;${due};`),
      ...BRANCH,
      '--dry-run',
    );
    expect(code).toBe(0);
    expect(out).toContain('Sẽ giao 1 nhiệm vụ cho Chi bộ Khu phố 2:');
  });
});
