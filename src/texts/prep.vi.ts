import { meetingWhen, monthText, type MeetingWhen } from './when.js';
// Preparatory meeting (họp chi ủy), meeting dates, thematic meetings.
type M = { branchName: string; date: string; time: string | null };
const when = (m: M) => `${m.date}${m.time ? ` lúc ${m.time}` : ''}`;

export const prepTexts = {
  commands: {
    hopchiuy: '(Chi ủy) Ghi nhận họp chi ủy chuẩn bị',
    doilich: '(Bí thư) Đổi ngày, giờ, địa điểm sinh hoạt',
    chuyende: '(Bí thư) Lên lịch sinh hoạt chuyên đề',
    lich: 'Lịch sinh hoạt chi bộ sắp tới',
  },
  nag: (m: M, daysLeft: number) =>
    `Nhắc việc: ${m.branchName} sinh hoạt định kỳ ngày ${when(m)} (${daysLeft === 0 ? 'hôm nay' : daysLeft === 1 ? 'ngày mai' : `còn ${daysLeft} ngày`}).\n` +
    'Chi ủy đã họp để thống nhất nội dung sinh hoạt chưa? Xin đồng chí bấm nút bên dưới để ghi nhận.',
  buttonHeld: '✅ Đã họp chi ủy',
  buttonPlanned: '📅 Đã hẹn ngày họp',
  escalationToSupervisor: (m: M) =>
    `Báo cáo: ${m.branchName} chưa ghi nhận họp chi ủy chuẩn bị cho kỳ sinh hoạt ngày ${when(m)}. ` +
    'Đề nghị đồng chí phụ trách nhắc chi bộ.',
  escalationToSecretary: (m: M) =>
    `Trợ lý đã báo đồng chí cấp ủy viên phụ trách: ${m.branchName} chưa ghi nhận họp chi ủy chuẩn bị cho kỳ sinh hoạt ngày ${when(m)}.`,
  askHeldDate: 'Chi ủy đã họp ngày nào? Gõ ngày, ví dụ: 28/11',
  askPlannedDate: 'Chi ủy hẹn họp ngày nào? Gõ ngày, ví dụ: 28/11',
  badDate: 'Trợ lý chưa đọc được ngày. Xin gõ theo dạng ngày/tháng, ví dụ: 28/11',
  heldDateInFuture: 'Ngày đã họp không thể sau hôm nay. Xin gõ lại ngày họp.',
  plannedDateTooLate: (meetingDate: string) => `Ngày họp chi ủy phải trước ngày sinh hoạt chi bộ (${meetingDate}). Xin gõ lại.`,
  askAgenda: 'Nội dung sinh hoạt đã thống nhất? Gõ mỗi ý một dòng.',
  askKeyIssues: 'Những vấn đề trọng tâm cần thảo luận, biểu quyết? Gõ mỗi ý một dòng, hoặc gõ 0 nếu không có.',
  askPreparers: (list: string) =>
    `Đồng chí nào được phân công chuẩn bị phát biểu? Gõ số thứ tự, cách nhau bởi dấu phẩy (ví dụ: 2, 5), hoặc gõ 0 nếu không có.\n\n${list}`,
  badNumbers: 'Có số thứ tự không có trong danh sách. Xin gõ lại, ví dụ: 2, 5 — hoặc 0.',
  empty: 'Xin gõ ít nhất một ý.',
  summary: (p: { held: boolean; onDate: string; agenda: string[]; keyIssues: string[]; preparers: string[] }) =>
    `${p.held ? 'Chi ủy đã họp' : 'Chi ủy hẹn họp'} ngày ${p.onDate}.\n\nNội dung:\n${p.agenda.map((a) => `• ${a}`).join('\n')}` +
    (p.keyIssues.length ? `\n\nVấn đề trọng tâm:\n${p.keyIssues.map((a) => `• ${a}`).join('\n')}` : '') +
    (p.preparers.length ? `\n\nChuẩn bị phát biểu: ${p.preparers.join(', ')}` : ''),
  confirm: 'Xác nhận ghi nhận?',
  buttonConfirm: '✅ Xác nhận',
  buttonCancel: '✖ Hủy',
  recorded: (noticeCount: number) =>
    `Đã ghi nhận họp chi ủy. Trợ lý đã gửi thông báo sinh hoạt tới ${noticeCount} đảng viên. Trợ lý sẽ thôi nhắc việc này.`,
  recordedNoNotice: 'Đã ghi nhận họp chi ủy. Trợ lý sẽ thôi nhắc việc này.',
  cancelled: 'Đã hủy, chưa ghi nhận gì.',
  notPreparer: 'Chỉ bí thư, phó bí thư và chi ủy viên của chi bộ mới ghi nhận được họp chi ủy.',
  noUpcoming: 'Chi bộ chưa có kỳ sinh hoạt sắp tới.',
  meetingGone: 'Kỳ sinh hoạt này đã qua hoặc đã thay đổi; không cần ghi nhận nữa.',
  alreadyRecorded: 'Họp chi ủy cho kỳ này đã được ghi nhận.',
  // Dates
  chooseDate: (branchName: string, period: string) =>
    `${branchName}: tuần đầu tháng ${monthText(period)} không có ngày làm việc để sinh hoạt định kỳ (ngày nghỉ, lễ, Tết). ` +
    'Xin đồng chí Bí thư chọn ngày bằng lệnh: /doilich <ngày> <giờ> [địa điểm], ví dụ: /doilich 10/2 19:30 Nhà văn hóa',
  moveUsage: 'Cách dùng: /doilich <ngày> <giờ> [địa điểm], ví dụ: /doilich 5/12 19:30 Nhà văn hóa khu phố',
  onlySecretary: 'Chỉ đồng chí Bí thư hoặc Phó Bí thư chi bộ mới làm được việc này.',
  moved: (m: M, place: string | null) => `Đã đổi lịch sinh hoạt: ${when(m)}${place ? `, tại ${place}` : ''}.`,
  movedOutOfFirstWeek: 'Lưu ý: ngày mới nằm ngoài tuần đầu của tháng; theo quy định, chi bộ sinh hoạt trong tuần đầu tiên của tháng.',
  movedInPast: 'Ngày mới đã qua. Xin chọn một ngày từ hôm nay trở đi.',
  schedule: (lines: string[]) => (lines.length ? `Lịch sinh hoạt sắp tới:\n${lines.join('\n')}` : 'Chưa có lịch sinh hoạt sắp tới.'),
  // With the weekday ("19:30, Thứ Năm 03/12/2026"): what people check against their week.
  scheduleLine: (kind: string, m: MeetingWhen, place: string | null, topic: string | null) =>
    `• ${kind}: ${meetingWhen(m)}${place ? `, tại ${place}` : ', chưa có địa điểm (Bí thư báo bằng /doilich)'}${topic ? ` — ${topic}` : ''}`,
  needsDateLine: (period: string) => `• Sinh hoạt định kỳ tháng ${monthText(period)}: chưa có ngày, chờ Bí thư chọn (/doilich)`,
  kinds: { regular: 'Sinh hoạt định kỳ', thematic: 'Sinh hoạt chuyên đề', combined: 'Sinh hoạt định kỳ kết hợp chuyên đề' } as Record<
    string,
    string
  >,
  // Thematic
  thematicUsage:
    'Cách dùng:\n/chuyende <ngày> <giờ> <chủ đề> — lên lịch buổi sinh hoạt chuyên đề riêng\n' +
    '/chuyende ghep <chủ đề> — kết hợp chuyên đề vào kỳ sinh hoạt định kỳ sắp tới (tối thiểu 120 phút)',
  thematicPlanned: (m: M, topic: string) => `Đã lên lịch sinh hoạt chuyên đề «${topic}» ngày ${when(m)}.`,
  thematicCombined: (m: M, topic: string) => `Kỳ sinh hoạt ngày ${when(m)} sẽ kết hợp chuyên đề «${topic}» (tối thiểu 120 phút).`,
  thematicReminder: (branchName: string, quarter: number) =>
    `Nhắc việc: ${branchName} chưa tổ chức hoặc lên lịch sinh hoạt chuyên đề trong quý ${quarter}. ` +
    'Mỗi quý chi bộ sinh hoạt chuyên đề ít nhất một lần. Dùng lệnh /chuyende để lên lịch.',
  thematicToSupervisor: (branchName: string, quarter: number) =>
    `Báo cáo: đến giữa tháng cuối quý ${quarter}, ${branchName} vẫn chưa tổ chức hoặc lên lịch sinh hoạt chuyên đề.`,
} as const;
