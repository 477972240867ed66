import type { NoticeView } from '../modules/meetings/meetings.notices.js';
import { meetingWhen, monthText as month, type MeetingWhen } from './when.js';

// Meeting notice, RSVP (đăng ký tham dự) and the bí thư's summary. Short lines: many members
// read on small, cheap phones.

type When = MeetingWhen;

export type SummaryView = When & {
  branchName: string;
  active: number;
  coming: string[];
  away: { name: string; reason: string | null }[];
  noAnswer: { name: string; reachable: boolean }[];
};

export type ProxyRow = { name: string; reachable: boolean; answer: 'attend' | 'away' | null };

const when = meetingWhen;

function title(v: NoticeView): string {
  const topic = v.topic ? `: ${v.topic}` : '';
  if (v.kind === 'thematic') return `Sinh hoạt chuyên đề${topic}`;
  if (v.kind === 'combined') return `Sinh hoạt định kỳ tháng ${month(v.period)} kết hợp chuyên đề${topic}`;
  return `Sinh hoạt định kỳ tháng ${month(v.period)}`;
}

function noticeBody(v: NoticeView, isPreparer: boolean): string {
  const lines = [`${v.branchName}`, title(v), '', `Thời gian: ${when(v)}`, `Địa điểm: ${v.place ?? 'sẽ báo sau'}`];
  if (v.agenda.length) lines.push('', 'Nội dung:', ...v.agenda.map((a, i) => `${i + 1}. ${a}`));
  if (v.keyIssues.length) lines.push('', 'Vấn đề trọng tâm thảo luận, biểu quyết:', ...v.keyIssues.map((a) => `- ${a}`));
  if (v.preparerNames.length) lines.push('', `Chuẩn bị ý kiến phát biểu: ${v.preparerNames.join(', ')}.`);
  if (isPreparer) lines.push('Đồng chí được phân công chuẩn bị ý kiến phát biểu.');
  return lines.join('\n');
}

const answerLabel = { attend: 'tham dự', away: 'vắng' } as const;

export const rsvpTexts = {
  commands: {
    tinhhinh: '(Bí thư) Tình hình đăng ký dự họp',
    dangkythay: '(Bí thư) Đăng ký dự họp thay đảng viên',
  },
  buttonAttend: '✅ Tham dự',
  buttonAway: '✖ Vắng (có lý do)',

  notice: (v: NoticeView, isPreparer: boolean) =>
    `THÔNG BÁO SINH HOẠT CHI BỘ\n${noticeBody(v, isPreparer)}\n\n` + 'Xin đồng chí bấm nút bên dưới để báo tham dự hoặc vắng (có lý do).',
  noticeForSupervisor: (v: NoticeView) =>
    `THÔNG BÁO SINH HOẠT CHI BỘ\n(Gửi đồng chí cấp ủy viên phụ trách để biết)\n\n${noticeBody(v, false)}`,
  reminder: (v: When & { branchName: string; place: string | null }, daysLeft: number) =>
    `Nhắc lịch: ${daysLeft === 1 ? 'ngày mai' : daysLeft === 0 ? 'hôm nay' : 'sắp tới'} chi bộ sinh hoạt.\n` +
    `${v.branchName}\nThời gian: ${when(v)}\nĐịa điểm: ${v.place ?? 'sẽ báo sau'}\n\n` +
    'Đồng chí chưa báo tham dự hay vắng. Xin bấm nút bên dưới.',

  // Answers
  savedToast: 'Đã ghi nhận.',
  savedAttend: (m: When) => `Đã ghi nhận: đồng chí tham dự buổi sinh hoạt ${when(m)}. Cảm ơn đồng chí.`,
  savedAttendFor: (name: string, m: When) => `Đã ghi nhận: đồng chí ${name} tham dự buổi sinh hoạt ${when(m)}.`,
  askReason: 'Xin đồng chí nhắn lý do vắng mặt (một tin nhắn ngắn).',
  askReasonFor: (name: string) => `Xin nhắn lý do vắng của đồng chí ${name}.`,
  reasonEmpty: 'Xin nhắn lý do bằng chữ, ví dụ: đi công tác.',
  savedAway: (m: When, reason: string) => `Đã ghi nhận: đồng chí vắng buổi sinh hoạt ${when(m)}.\nLý do: ${reason}`,
  savedAwayFor: (name: string, m: When, reason: string) =>
    `Đã ghi nhận: đồng chí ${name} vắng buổi sinh hoạt ${when(m)}.\nLý do: ${reason}`,
  changeHint: 'Nếu thay đổi, đồng chí bấm lại nút trong thông báo trước giờ họp.',
  proxyNextHint: 'Gõ /dangkythay để đăng ký cho đồng chí khác.',
  passedToast: 'Cuộc họp này đã qua.',
  passed: 'Cuộc họp này đã qua hoặc đã bắt đầu, nên không thay đổi đăng ký được nữa. Cảm ơn đồng chí.',
  notActive: 'Đồng chí đang được miễn sinh hoạt, không cần đăng ký dự họp.',
  notActiveFor: (name: string) => `Đồng chí ${name} đang được miễn sinh hoạt, không cần đăng ký dự họp.`,
  forbidden: 'Chỉ đồng chí Bí thư, Phó Bí thư của chi bộ mới đăng ký thay được cho đảng viên.',

  // The bí thư's commands
  onlyLeaders: 'Xin lỗi đồng chí, lệnh này dành cho đồng chí Bí thư, Phó Bí thư chi bộ.',
  noMeeting: 'Chi bộ chưa có buổi sinh hoạt sắp tới có ngày giờ cụ thể.',
  summary: (s: SummaryView) =>
    [
      'TÌNH HÌNH ĐĂNG KÝ DỰ HỌP',
      s.branchName,
      `Thời gian: ${when(s)}`,
      `Đảng viên phải dự: ${s.active} (không tính đồng chí miễn sinh hoạt)`,
      '',
      `Tham dự: ${s.coming.length}`,
      ...s.coming.map((n) => `- ${n}`),
      '',
      `Báo vắng: ${s.away.length}`,
      ...s.away.map((a) => `- ${a.name}: ${a.reason ?? '(chưa nêu lý do)'}`),
      '',
      `Chưa trả lời: ${s.noAnswer.length}`,
      ...s.noAnswer.map((n) => `- ${n.name}${n.reachable ? '' : ' (chưa có tài khoản)'}`),
    ].join('\n'),
  proxyList: (m: When, rows: ProxyRow[]) =>
    [
      `Đăng ký thay cho buổi sinh hoạt ${when(m)}:`,
      '',
      ...rows.map(
        (r, i) => `${i + 1}. ${r.name}${r.reachable ? '' : ' (chưa có tài khoản)'} — ${r.answer ? answerLabel[r.answer] : 'chưa trả lời'}`,
      ),
      '',
      'Gõ số thứ tự của đồng chí cần đăng ký thay (ví dụ: 2). Gõ /huy để thôi.',
    ].join('\n'),
  proxyBadNumber: (max: number) => `Xin gõ một số từ 1 đến ${max}, hoặc /huy để thôi.`,
  proxyNobody: 'Chi bộ không có đảng viên nào cần đăng ký.',
  proxyChoose: (name: string, m: When) => `Đồng chí ${name}, buổi sinh hoạt ${when(m)}: tham dự hay vắng?`,
} as const;
