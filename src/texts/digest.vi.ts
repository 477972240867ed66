import type { DigestData } from '../modules/tasks/tasks.notices.js';
import type { TaskDraft, TaskImportField, TaskRowProblem } from '../modules/tasks/task-import.models.js';
import type { LatestReport } from '../modules/tasks/tasks.models.js';
import { viDate } from '../shared/vn-time.js';
import { meetingWhen, type MeetingWhen } from './when.js';
import { tasksTexts } from './tasks.vi.js';

// Task follow-up: reminders, overdue flags, the ask before a meeting, the bí thư's digest
// and the bulk import command. Plain text, short lines: many members read on small phones.

type When = MeetingWhen;
type TaskRef = { description: string; dueDate: string };

const when = meetingWhen;
const quote = (s: string) => `“${s}”`;
const shortNote = (note: string) => (note.length > 60 ? `${note.slice(0, 59)}…` : note);
const REPORT_HINT = 'Gõ /viec để xem và báo cáo các nhiệm vụ của đồng chí.';

const status = (r: Pick<LatestReport, 'status' | 'percent'> | null) =>
  r ? tasksTexts.statusWithPercent(r.status, r.percent) : 'Chưa báo cáo';

export type DigestView = { branchName: string; meeting: When | null; lastHeldDate: string | null; digest: DigestData };

function lastMeetingLine(v: DigestView): string {
  const last = v.digest.lastMeeting;
  const held = v.lastHeldDate ? ` (${viDate(v.lastHeldDate)})` : '';
  if (!last) return 'Chưa có kỳ sinh hoạt nào đã họp để tính tỷ lệ hoàn thành nghị quyết.';
  if (last.share === null) return `Kỳ sinh hoạt trước${held} chưa giao nhiệm vụ nào qua Trợ lý.`;
  return (
    `Kết quả nghị quyết kỳ trước${held}: hoàn thành ${last.completed}/${last.total} nhiệm vụ (${Math.round(last.share * 100)}%), ` +
    `tương ứng ${last.points}/30 điểm tiêu chí kết quả thực hiện nghị quyết.`
  );
}

function digestText(v: DigestView): string {
  const d = v.digest;
  const lines = [`TỔNG HỢP NHIỆM VỤ — ${v.branchName}`];
  if (v.meeting) lines.push(`Trước kỳ sinh hoạt ${when(v.meeting)}`);
  lines.push('', lastMeetingLine(v), '');
  if (d.tasks.length === 0) lines.push('Không có nhiệm vụ nào đang theo dõi.');
  else lines.push(`Nhiệm vụ đang theo dõi (${d.tasks.length}):`);
  d.tasks.forEach((t, i) => {
    lines.push(`${i + 1}. ${t.description} — hạn ${viDate(t.dueDate)}${t.overdue ? ' — QUÁ HẠN' : ''}`);
    for (const p of t.parts) {
      const at = p.latest ? ` (${viDate(p.latest.reportedOn).slice(0, 5)})` : '';
      const note = p.latest?.note ? ` — ${quote(shortNote(p.latest.note))}` : '';
      lines.push(`   • ${p.name}: ${status(p.latest)}${at}${note}`);
    }
  });
  if (d.notReported.length) {
    lines.push('', `Chưa báo cáo (${d.notReported.length}): ${d.notReported.map((m) => `${m.name} (${m.taskCount} nhiệm vụ)`).join(', ')}`);
  }
  if (d.overdue.length) {
    lines.push('', `Quá hạn (${d.overdue.length}):`);
    for (const o of d.overdue) lines.push(`• ${o.description} (hạn ${viDate(o.dueDate)}): ${o.names.join(', ')}`);
  }
  return lines.join('\n');
}

const IMPORT_LABELS: Record<TaskImportField, string> = {
  description: 'Nội dung',
  assignees: 'Người thực hiện',
  due: 'Hạn hoàn thành',
  resolution: 'Nghị quyết',
};

function rowProblem(p: TaskRowProblem): string {
  switch (p.code) {
    case 'empty_description':
      return 'thiếu nội dung nhiệm vụ';
    case 'description_too_long':
      return `nội dung dài quá (tối đa ${p.max} ký tự)`;
    case 'missing_assignees':
      return 'thiếu người thực hiện (ghi số điện thoại, cách nhau bằng dấu phẩy hoặc chấm phẩy, hoặc ghi “Cả chi bộ”)';
    case 'bad_phone':
      return `số điện thoại “${p.shown}” không hợp lệ`;
    case 'not_in_branch':
      return `số điện thoại ${p.shown} không phải của đảng viên trong chi bộ`;
    case 'not_active':
      return `đồng chí ${p.name} đang miễn hoặc tạm miễn sinh hoạt, không giao nhiệm vụ được`;
    case 'no_active_members':
      return 'chi bộ chưa có đảng viên nào đang sinh hoạt để giao “Cả chi bộ”';
    case 'missing_due':
      return 'thiếu hạn hoàn thành';
    case 'bad_due':
      return `hạn “${p.value}” không đúng dạng ngày (ghi dd/mm/yyyy hoặc yyyy-mm-dd)`;
    case 'past_due':
      return `hạn ${viDate(p.date)} đã qua`;
    case 'duplicate_row':
      return `trùng với dòng ${p.otherLine}`;
  }
}

export const digestTexts = {
  commands: { tonghop: '(Chi ủy) Tổng hợp nhiệm vụ trước kỳ sinh hoạt' },
  reportTaskButton: (description: string) => `Báo cáo: ${description.length > 32 ? `${description.slice(0, 31)}…` : description}`,
  notLeader: 'Tổng hợp nhiệm vụ dành cho bí thư, phó bí thư và chi ủy viên. Đồng chí xem và báo cáo nhiệm vụ của mình bằng lệnh /viec.',
  digest: digestText,

  dueSoon: (t: TaskRef, daysLeft: number) =>
    `Nhắc hạn nhiệm vụ: ${quote(t.description)} đến hạn ngày ${viDate(t.dueDate)} (còn ${daysLeft} ngày).\n` +
    'Xin đồng chí cập nhật tiến độ bằng nút dưới đây hoặc gõ /viec.',
  dueToday: (t: TaskRef) =>
    `Nhắc hạn nhiệm vụ: hôm nay ${viDate(t.dueDate)} là hạn hoàn thành nhiệm vụ ${quote(t.description)}.\n` +
    'Xin đồng chí báo cáo kết quả bằng nút dưới đây hoặc gõ /viec.',
  overdue: (t: TaskRef) =>
    `Nhiệm vụ ${quote(t.description)} đã quá hạn (hạn ${viDate(t.dueDate)}), phần việc của đồng chí chưa báo cáo hoàn thành.\n` +
    'Xin đồng chí báo cáo tình hình; nếu gặp khó khăn, xin nêu rõ để chi bộ cùng tháo gỡ.',
  overdueToSecretary: (t: TaskRef, names: readonly string[], unreachable: readonly string[]) =>
    `Báo cáo đồng chí Bí thư: nhiệm vụ ${quote(t.description)} (hạn ${viDate(t.dueDate)}) đã quá hạn, ` +
    `chưa hoàn thành: ${names.join(', ')}.\n` +
    (unreachable.length ? `Chưa liên kết tài khoản chat, xin báo trực tiếp: ${unreachable.join(', ')}.\n` : '') +
    'Gõ /tonghop để xem tổng hợp nhiệm vụ.',

  askToReport: (v: { branchName: string; meeting: When; tasks: readonly TaskRef[] }) =>
    `${v.branchName} sẽ sinh hoạt vào ${when(v.meeting)}.\n` +
    'Trước kỳ sinh hoạt, xin đồng chí báo cáo kết quả thực hiện nhiệm vụ được phân công:\n' +
    `${v.tasks.map((t) => `• ${t.description} (hạn ${viDate(t.dueDate)})`).join('\n')}\n\n${REPORT_HINT}`,

  // Same look as a task assigned in chat (tasksTexts.taskAssigned), which names its assigner;
  // a file imported by the CLI has none, it may cite the resolution instead.
  assigned: (v: { branchName: string; description: string; dueDate: string; wholeBranch: boolean; resolution: string | null }) =>
    `VIỆC ĐƯỢC GIAO — ${v.branchName}\n${v.description}\nHạn: ${viDate(v.dueDate)}` +
    (v.wholeBranch ? '\nGiao cho: cả chi bộ' : '') +
    (v.resolution ? `\nTheo nghị quyết: ${v.resolution}` : '') +
    '\n\nKhi có tiến độ, xin đồng chí bấm nút bên dưới để báo cáo.',

  cli: {
    usage: 'Cách dùng: import-tasks <tệp .csv hoặc .xlsx> --branch "<chi bộ>" [--committee "<đảng bộ>"] [--dry-run]',
    missingColumns: (fields: readonly TaskImportField[]) =>
      `Tệp thiếu cột bắt buộc: ${fields.map((f) => IMPORT_LABELS[f]).join(', ')}. Dòng đầu tiên của tệp phải là tiêu đề các cột ` +
      '(Nội dung, Người thực hiện, Hạn hoàn thành; có thể thêm Nghị quyết).',
    noRows: 'Tệp chỉ có dòng tiêu đề, chưa có nhiệm vụ nào.',
    ignoredColumns: (headers: readonly string[]) => `Các cột không dùng: ${headers.join(', ')}.`,
    rowProblem,
    badRow: (line: number, problems: readonly TaskRowProblem[]) => `Dòng ${line}: ${problems.map(rowProblem).join('; ')}`,
    nothingImported: 'Không giao nhiệm vụ nào: sửa các dòng trên rồi chạy lại.',
    dryRun: 'Chạy thử (--dry-run): chưa lưu và chưa gửi gì.',
    header: (count: number, branchName: string, dryRun: boolean) =>
      `${dryRun ? 'Sẽ giao' : 'Đã giao'} ${count} nhiệm vụ cho ${branchName}:`,
    taskLine: (d: TaskDraft) =>
      `- Dòng ${d.line}: ${d.description} — hạn ${viDate(d.dueDate)} — ` +
      (d.wholeBranch ? `cả chi bộ (${d.assigneeIds.length} đồng chí)` : `${d.assigneeIds.length} đồng chí`),
    skipped: (line: number, description: string) =>
      `- Dòng ${line}: đã có nhiệm vụ ${quote(description)} cùng hạn, bỏ qua (không giao lại).`,
    meeting: (date: string) => `Các nhiệm vụ thuộc nghị quyết kỳ sinh hoạt ${viDate(date)}: tỷ lệ hoàn thành được tính cho kỳ sau.`,
    noHeldMeeting:
      'Lưu ý: chi bộ chưa có kỳ sinh hoạt nào đã họp trong Trợ lý, nên các nhiệm vụ này không tính vào tỷ lệ hoàn thành nghị quyết kỳ trước.',
    notified: (count: number) => `Đã gửi nhiệm vụ tới ${count} đảng viên qua Trợ lý.`,
    unreachable: (names: readonly string[]) =>
      `${names.length} đồng chí chưa liên kết tài khoản chat, xin báo trực tiếp: ${names.join(', ')}.`,
  },
} as const;
