// Resolutions (nghị quyết) and assigned tasks: assigning in chat, members' progress reports.
// Short lines: many members read this on small, cheap phones.
import type { TaskStatus } from '../modules/tasks/tasks.models.js';

const statusName: Record<TaskStatus, string> = {
  not_started: 'Chưa bắt đầu',
  in_progress: 'Đang thực hiện',
  done: 'Hoàn thành',
  blocked: 'Gặp khó khăn',
};
const statusWithPercent = (s: TaskStatus, percent: number | null) =>
  s === 'in_progress' && percent !== null ? `${statusName[s]} ${percent}%` : statusName[s];
const bullets = (items: readonly string[]) => items.map((i, n) => `${n + 1}. ${i}`).join('\n');

export const tasksTexts = {
  commands: {
    nghiquyet: '(Chi ủy) Ghi nghị quyết kỳ họp vừa qua',
    giaoviec: '(Chi ủy) Giao việc cho đảng viên',
    viec: 'Việc được giao cho tôi, báo cáo tiến độ',
  },
  statusName,
  statusWithPercent,
  onlyLeaders: 'Chỉ bí thư, phó bí thư và chi ủy viên của chi bộ mới giao việc được.\nĐồng chí xem việc của mình bằng lệnh /viec.',
  onlyLeadersResolution: 'Chỉ bí thư, phó bí thư và chi ủy viên của chi bộ mới ghi nghị quyết được.',
  cancelled: 'Đã hủy, chưa ghi nhận gì.',
  flowGone: 'Thao tác này đã hết hiệu lực. Xin đồng chí gõ lại lệnh.',
  buttonConfirm: '✅ Xác nhận',
  buttonCancel: '✖ Hủy',

  // Resolution items of the last held meeting
  noHeldMeeting: 'Chi bộ chưa có kỳ sinh hoạt nào đã họp xong để ghi nghị quyết.',
  askResolution: (meetingDate: string, existing: readonly string[]) =>
    `Nghị quyết, kết luận kỳ sinh hoạt ngày ${meetingDate}.\n` +
    (existing.length ? `Đã ghi:\n${bullets(existing)}\nNội dung gõ mới sẽ thay thế nội dung trên.\n` : '') +
    'Xin gõ mỗi nội dung một dòng.',
  resolutionEmpty: 'Xin gõ ít nhất một nội dung.',
  resolutionSummary: (meetingDate: string, items: readonly string[]) =>
    `Nghị quyết kỳ sinh hoạt ngày ${meetingDate}:\n${bullets(items)}\n\nXác nhận ghi nhận?`,
  resolutionRecorded: (count: number) => `Đã ghi ${count} nội dung nghị quyết. Gõ /giaoviec để giao việc cho đảng viên.`,
  resolutionInUse: 'Nghị quyết kỳ này đã có việc giao gắn với từng nội dung, nên không thay được trong chat.',

  // Guided assignment
  askDescription: (meetingDate: string | null) =>
    (meetingDate ? `Giao việc theo nghị quyết kỳ sinh hoạt ngày ${meetingDate}.\n` : '') +
    'Nội dung công việc cần giao? Xin gõ ngắn gọn trong một tin nhắn.',
  descriptionEmpty: 'Xin gõ nội dung công việc.',
  descriptionTooLong: (max: number) => `Nội dung dài quá (tối đa ${max} ký tự). Xin gõ gọn lại.`,
  askAssignees: (list: string) =>
    'Giao cho đồng chí nào? Gõ số thứ tự, cách nhau bởi dấu phẩy (ví dụ: 2, 5).\n' + `Gõ 0 để giao cho cả chi bộ.\n\n${list}`,
  badNumbers: 'Có số thứ tự không có trong danh sách. Xin gõ lại, ví dụ: 2, 5 — hoặc 0.',
  noActiveMembers: 'Chi bộ chưa có đảng viên đang sinh hoạt để giao việc.',
  askDueDate: 'Hạn hoàn thành ngày nào? Gõ ngày, ví dụ: 30/12 — hoặc bấm nút bên dưới.',
  buttonInWeek: (date: string) => `Sau 1 tuần (${date})`,
  buttonBeforeMeeting: (date: string) => `Trước kỳ họp tới (${date})`,
  badDate: 'Trợ lý chưa đọc được ngày. Xin gõ theo dạng ngày/tháng, ví dụ: 30/12',
  dueInPast: 'Hạn hoàn thành không thể trước hôm nay. Xin chọn ngày khác.',
  wholeBranch: (count: number) => `Cả chi bộ (${count} đồng chí)`,
  assignSummary: (p: { description: string; assignees: string; due: string; meetingDate: string | null }) =>
    `Việc: ${p.description}\nGiao cho: ${p.assignees}\nHạn: ${p.due}` +
    (p.meetingDate ? `\nTheo nghị quyết kỳ ngày ${p.meetingDate}` : '') +
    '\n\nXác nhận giao việc?',
  assigned: (sent: number, unreachable: readonly string[]) =>
    `Đã giao việc. Trợ lý đã gửi tới ${sent} đồng chí.` +
    (unreachable.length ? `\nChưa có tài khoản chat, xin báo trực tiếp: ${unreachable.join(', ')}.` : ''),
  badAssignee: 'Có đồng chí không còn sinh hoạt ở chi bộ. Xin gõ /giaoviec và chọn lại.',

  // What an assignee receives
  taskAssigned: (p: { branchName: string; assigner: string; description: string; due: string }) =>
    `VIỆC ĐƯỢC GIAO — ${p.branchName}\n${p.description}\nHạn: ${p.due}\nNgười giao: đồng chí ${p.assigner}\n\n` +
    'Khi có tiến độ, xin đồng chí bấm nút bên dưới để báo cáo.',
  buttonReport: 'Báo cáo tiến độ',

  // /viec and reporting
  noOpenTasks: 'Đồng chí không có việc nào đang mở. Cảm ơn đồng chí!',
  myTasks: (lines: readonly string[]) => `Việc được giao cho đồng chí:\n\n${lines.join('\n\n')}`,
  taskLine: (n: number, p: { description: string; due: string; overdue: boolean; latest: string | null }) =>
    `${n}. ${p.description}\nHạn: ${p.due}${p.overdue ? ' (đã quá hạn)' : ''}\nTình trạng: ${p.latest ?? 'chưa báo cáo'}`,
  buttonReportNumber: (n: number) => `Báo cáo việc ${n}`,
  chooseStatus: (description: string, due: string) => `Việc: ${description}\nHạn: ${due}\n\nTình trạng hiện nay?`,
  statusButtons: {
    not_started: '⏳ Chưa bắt đầu',
    in_progress: '🔄 Đang thực hiện',
    done: '✅ Hoàn thành',
    blocked: '⚠️ Gặp khó khăn',
  } as Record<TaskStatus, string>,
  askPercent: 'Đã làm được bao nhiêu phần trăm? Bấm nút hoặc gõ một số từ 0 đến 100.',
  badPercent: 'Xin gõ một số từ 0 đến 100, ví dụ: 60',
  askNote: 'Đồng chí ghi chú thêm (kết quả, khó khăn, đề xuất)? Gõ nội dung, hoặc gõ 0 để bỏ qua.',
  askFile: 'Có ảnh hoặc tài liệu kèm theo không? Gửi ảnh, tệp vào đây, hoặc gõ 0 để bỏ qua.',
  askFileAgain: 'Xin gửi một ảnh hoặc một tệp, hoặc gõ 0 để bỏ qua.',
  fileNotAsked: 'Trợ lý chưa cần ảnh, tệp ở bước này. Xin trả lời câu hỏi trên.',
  reported: (p: { description: string; status: string; note: string | null; file: string | null }) =>
    `Đã ghi nhận báo cáo. Cảm ơn đồng chí!\nViệc: ${p.description}\nTình trạng: ${p.status}` +
    (p.note ? `\nGhi chú: ${p.note}` : '') +
    (p.file ? `\nKèm theo: ${p.file}` : ''),
  filePhoto: '1 ảnh',
  fileDocument: (name: string | undefined) => (name ? `tệp ${name}` : '1 tệp'),
  savedToast: 'Đã chọn',
  notYours: 'Việc này không có trong danh sách việc được giao cho đồng chí. Gõ /viec để xem việc của mình.',
  notYoursToast: 'Việc này không phải của đồng chí.',
  taskCancelled: 'Việc này đã được hủy, không cần báo cáo nữa.',
} as const;
