// Monthly meeting materials (tài liệu sinh hoạt chi bộ): what members receive, what the
// propaganda officer sees while publishing, and the delivery report.
import { monthText, viInstant } from './when.js';
import type { MarkPlace, SecretMark } from '../modules/materials/secrecy.models.js';

type Audience = 'all' | 'committee';
type Counts = { recipients: number; pending: number; sent: number; acknowledged: number; failed: number; failures: Record<string, number> };

/** '2026-11' → 'tháng 11/2026'. */
const month = (period: string) => `tháng ${monthText(period)}`;
const when = viInstant;

const placeName: Record<MarkPlace, string> = {
  title: 'tiêu đề',
  caption: 'lời nhắn kèm theo',
  fileName: 'tên tệp',
  firstPage: 'trang đầu của tài liệu',
};

const audienceName: Record<Audience, string> = {
  all: 'toàn thể đảng viên',
  committee: 'chi ủy (bí thư, phó bí thư, chi ủy viên)',
};

const statusName = { pending: 'Đang chờ gửi', sent: 'Đã gửi', acknowledged: 'Đã nhận', failed: 'Không gửi được' } as const;

// Reasons come from the delivery lane (the gateway's error kind) or from fan-out ('not_linked').
const failureNames: Record<string, string> = {
  not_linked: 'chưa liên kết tài khoản với Trợ lý',
  blocked: 'đã chặn Trợ lý',
  not_found: 'không tìm thấy tài khoản',
  outside_window: 'quá thời hạn nền tảng cho phép nhắn',
  bad_request: 'nền tảng từ chối tin nhắn',
  unauthorized: 'Trợ lý mất quyền gửi (cần quản trị viên)',
  transient: 'lỗi kết nối kéo dài',
};
const failureName = (reason: string) => failureNames[reason] ?? 'lỗi khác';

const ackLine = 'Đề nghị đồng chí nghiên cứu trước kỳ sinh hoạt và bấm «Đã nhận».';
const header = (p: { title: string; period: string }) => `📄 Tài liệu sinh hoạt chi bộ ${month(p.period)}\n${p.title}`;

const countsLine = (c: Counts) =>
  `đã nhận ${c.acknowledged}, đã gửi ${c.sent}, chờ gửi ${c.pending}, lỗi ${c.failed}` +
  (c.failed
    ? ` (${Object.entries(c.failures)
        .map(([r, n]) => `${failureName(r)}: ${n}`)
        .join('; ')})`
    : '');

export const materialsTexts = {
  month,
  when,
  placeName,
  audienceName,
  statusName,
  failureName,
  buttonAck: 'Đã nhận',

  // What members receive (a title is at most 200 characters, so this fits a Telegram caption).
  documentCaption: (p: { title: string; period: string }) => `${header(p)}\n\n${ackLine}`,
  linkText: (p: { title: string; period: string; url: string }) => `${header(p)}\n\nXem tài liệu tại: ${p.url}\n\n${ackLine}`,

  // The secrecy guard
  refusedSecret: (mark: SecretMark, place: MarkPlace) =>
    `⛔ Trợ lý không nhận tài liệu này: ${placeName[place]} có dấu chỉ độ mật «${mark}».\n\n` +
    'Luật Bảo vệ bí mật nhà nước năm 2018 (Luật số 29/2018/QH14), Điều 5 nghiêm cấm lưu giữ tài liệu có nội dung ' +
    'bí mật nhà nước trên máy tính, thiết bị kết nối Internet, mạng viễn thông và truyền đưa bí mật nhà nước ' +
    'qua phương tiện thông tin, viễn thông trái quy định (khoản 2, 5, 6).\n\n' +
    'Tài liệu KHÔNG được lưu lại và không gửi cho ai. Lần gửi này đã được ghi vào nhật ký hệ thống.\n' +
    'Tài liệu mật xin phổ biến theo đúng quy định bảo vệ bí mật nhà nước (trực tiếp tại kỳ sinh hoạt).',
  confirmInternal: (place: MarkPlace) =>
    `Tài liệu có ghi «Lưu hành nội bộ» / «Tài liệu nội bộ» (ở ${placeName[place]}).\n\n` +
    'Đồng chí xác nhận lần nữa: tài liệu KHÔNG chứa bí mật nhà nước và được phép gửi tới đảng viên ' +
    'qua ứng dụng nhắn tin? Tài liệu chỉ dùng trong nội bộ, không chia sẻ ra ngoài.',
  buttonConfirmInternal: '✅ Xác nhận gửi tài liệu nội bộ',
  buttonCancel: '✖ Hủy',
  cancelled: 'Đã hủy, tài liệu chưa được lưu và chưa gửi cho ai.',

  // Who may publish, what is wrong with the form
  forbidden: 'Chỉ cán bộ Ban Tuyên giáo và Dân vận của cấp ủy mới đăng được tài liệu sinh hoạt chi bộ.',
  forbiddenReport: 'Đồng chí chỉ xem được báo cáo của chi bộ mình.',
  unreadableFile: 'Trợ lý không đọc được tệp này (tệp hỏng hoặc có mật khẩu). Xin gửi lại tệp PDF, DOC hoặc DOCX khác.',
  problems: {
    unit_not_found: 'Không tìm thấy đơn vị đăng tài liệu.',
    no_file_or_link: 'Xin gửi kèm tệp tài liệu hoặc đường dẫn (link).',
    both_file_and_link: 'Mỗi lần chỉ gửi một tệp hoặc một đường dẫn, không gửi cả hai.',
    bad_period: 'Tháng chưa đúng. Xin ghi theo dạng năm-tháng, ví dụ 2026-11.',
    empty_title: 'Xin nhập tiêu đề tài liệu.',
    title_too_long: 'Tiêu đề dài quá (tối đa 200 ký tự).',
    scope_outside: 'Có đơn vị được chọn không thuộc phạm vi đơn vị đăng tài liệu.',
    bad_link: 'Đường dẫn phải bắt đầu bằng http:// hoặc https://',
    bad_file_type: 'Chỉ nhận tệp PDF, DOC hoặc DOCX.',
    unreadable_file: 'Trợ lý không đọc được tệp này (tệp hỏng hoặc có mật khẩu).',
    first_page_unread: 'Trợ lý chưa đọc được trang đầu của tệp để kiểm tra độ mật, nên chưa gửi. Xin gửi lại tệp.',
  } as Record<string, string>,

  // Preview and result
  preview: (p: {
    title: string;
    period: string;
    audience: Audience;
    branches: number;
    total: number;
    reachable: number;
    notLinked: number;
    sendAt: Date | null;
  }) =>
    `Xem lại trước khi gửi:\n• Tài liệu: ${p.title}\n• Kỳ: ${month(p.period)}\n• Gửi tới: ${audienceName[p.audience]}\n` +
    `• Số chi bộ: ${p.branches}\n• Số người nhận: ${p.total} (nhận qua Trợ lý: ${p.reachable}; chưa liên kết tài khoản: ${p.notLinked})\n` +
    `• Thời gian gửi: ${p.sendAt ? when(p.sendAt) : 'ngay'}\n\nĐồng chí xác nhận gửi?`,
  buttonPublish: '📤 Gửi',
  published: (recipients: number) => `Đã bắt đầu gửi tài liệu tới ${recipients} đồng chí. Trợ lý gửi dần theo giới hạn của nền tảng.`,
  scheduled: (sendAt: Date) => `Đã lên lịch gửi tài liệu lúc ${when(sendAt)}.`,

  // The member's acknowledgement button
  acknowledged: 'Cảm ơn đồng chí đã xác nhận nhận tài liệu.',
  alreadyAcknowledged: 'Đồng chí đã xác nhận nhận tài liệu này rồi.',
  notRecipient: 'Tài liệu này không gửi cho đồng chí.',

  // Delivery report and resend
  report: (p: { title: string; period: string; byUnit: readonly ({ unitName: string } & Counts)[]; totals: Counts }) =>
    `Tình hình gửi tài liệu «${p.title}» (${month(p.period)}):\n` +
    p.byUnit.map((u) => `• ${u.unitName}: ${u.recipients} người — ${countsLine(u)}`).join('\n') +
    `\n\nTổng cộng ${p.totals.recipients} người — ${countsLine(p.totals)}`,
  buttonResend: '🔁 Gửi lại cho người chưa nhận được',
  resent: (count: number) => (count ? `Đã gửi lại cho ${count} đồng chí.` : 'Không có ai cần gửi lại.'),
  noMaterials: (period: string) => `Chưa có tài liệu sinh hoạt chi bộ ${month(period)}.`,
};
