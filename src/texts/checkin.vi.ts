import type { CheckinErrorCode } from '../modules/meetings/checkin.refusals.js';
import { meetingWhen, type MeetingWhen } from './when.js';

// Check-in (điểm danh) at the meeting, the bí thư's corrections, and the attendance report.
// Short lines: many members read on small, cheap phones.

type When = MeetingWhen;
type Named = { fullName: string };

export type RosterMark =
  | { kind: 'present' }
  | { kind: 'excused' | 'unexcused' | 'reason_pending'; reason: string | null }
  | { kind: 'rsvp_away'; reason: string | null }
  | { kind: 'rsvp_attend' | 'none' };

export type ReportView = When & {
  present: number;
  counted: number;
  rate: number;
  meetsTarget: boolean;
  excused: (Named & { reason: string | null })[];
  unexcused: Named[];
  longExcusedRuns: (Named & { run: number })[];
  atTwoUnexcused: Named[];
  atThreeUnexcused: (Named & { months: number })[];
};

const when = meetingWhen;

/** 0.8571 → "85,7%", 0.5 → "50%" (Vietnamese decimal comma). */
export const percent = (rate: number) => `${(Math.round(rate * 1000) / 10).toString().replace('.', ',')}%`;

const names = (people: Named[]) => people.map((p) => p.fullName).join(', ');

const markLabel = (m: RosterMark): string => {
  switch (m.kind) {
    case 'present':
      return 'có mặt';
    case 'excused':
      return `vắng có lý do${m.reason ? `: ${m.reason}` : ''}`;
    case 'unexcused':
      return `vắng không lý do${m.reason ? ` (lý do không được chấp nhận: ${m.reason})` : ''}`;
    case 'reason_pending':
      return `vắng, lý do chờ chấp nhận: ${m.reason ?? ''}`;
    case 'rsvp_away':
      return `đã báo vắng${m.reason ? `: ${m.reason}` : ''}`;
    case 'rsvp_attend':
      return 'đã báo tham dự, chưa điểm danh';
    case 'none':
      return 'chưa điểm danh';
  }
};

const leaderHelp = [
  '/danhsach — danh sách có số thứ tự',
  '/comat <số> — ghi có mặt (điểm danh hộ)',
  '/vang <số> [lý do] — ghi vắng',
  '/chapnhan <số>, /khongchapnhan <số> — quyết định về lý do vắng',
  '/dongdiemdanh — đóng điểm danh, xem tỷ lệ',
  '/ketthuchop — ghi giờ kết thúc buổi họp',
].join('\n');

function flagLines(r: ReportView): string[] {
  const lines: string[] = [];
  if (!r.meetsTarget) lines.push(`• Tỷ lệ dự họp ${percent(r.rate)}, chưa đạt yêu cầu trên 85%.`);
  if (r.unexcused.length) lines.push(`• Có đảng viên vắng không lý do: ${names(r.unexcused)}.`);
  for (const p of r.longExcusedRuns) lines.push(`• Đồng chí ${p.fullName} vắng có lý do ${p.run} lần liên tiếp trong năm (quá 3 lần).`);
  if (r.atTwoUnexcused.length) lines.push(`• Đã vắng không lý do 2 tháng trong năm nay: ${names(r.atTwoUnexcused)}.`);
  if (r.atThreeUnexcused.length) {
    lines.push(
      `• Đã vắng không lý do từ 3 tháng trở lên trong năm nay: ${r.atThreeUnexcused.map((p) => `${p.fullName} (${p.months} tháng)`).join(', ')}.`,
      '  Theo Điều 8 Điều lệ Đảng, chi bộ xem xét trường hợp này. Trợ lý chỉ nhắc để đồng chí biết, không quyết định thay chi bộ.',
    );
  }
  return lines;
}

export const checkinTexts = {
  commands: {
    diemdanh: '(Bí thư) Mở điểm danh; /diemdanh ma — có mã',
    dongdiemdanh: '(Bí thư) Đóng điểm danh, xem tỷ lệ dự họp',
    danhsach: '(Bí thư) Danh sách điểm danh có số thứ tự',
    ketthuchop: '(Bí thư) Ghi giờ kết thúc buổi họp',
    ma: 'Gõ mã điểm danh tại cuộc họp',
  },
  buttonPresent: '✅ Có mặt',

  // What members receive and see
  invite: (m: When) =>
    `ĐIỂM DANH SINH HOẠT CHI BỘ\nBuổi sinh hoạt ${when(m)} đang điểm danh.\n\n` +
    'Nếu đồng chí đang có mặt tại cuộc họp, xin bấm nút «Có mặt» bên dưới.',
  inviteWithCode: (m: When) =>
    `ĐIỂM DANH SINH HOẠT CHI BỘ\nBuổi sinh hoạt ${when(m)} đang điểm danh.\n\n` +
    'Xin đồng chí bấm nút «Có mặt» rồi gõ mã điểm danh được đọc tại cuộc họp (hoặc gõ: /ma <mã>).',
  checkedInToast: 'Đã điểm danh: có mặt',
  checkedIn: 'Đã điểm danh: có mặt. Cảm ơn đồng chí.',
  alreadyPresent: 'Đồng chí đã điểm danh có mặt rồi. Cảm ơn đồng chí.',
  askCode: 'Xin đồng chí gõ mã điểm danh (4 chữ số) được đọc tại cuộc họp.',
  wrongCode: (left: number) => `Mã điểm danh chưa đúng. Xin đồng chí nghe lại mã tại cuộc họp và gõ lại (còn ${left} lần).`,
  tooManyAttempts: 'Đồng chí đã gõ sai mã nhiều lần. Xin báo đồng chí Bí thư để được ghi có mặt.',
  closedToast: 'Điểm danh đã kết thúc.',
  closed: 'Buổi điểm danh này đã kết thúc nên không ghi nhận thêm. Nếu đồng chí đã có mặt, xin báo đồng chí Bí thư.',
  notOpen: 'Buổi họp này chưa mở điểm danh.',
  noOpenCheckin: 'Hiện chi bộ không có buổi điểm danh nào đang mở.',
  codeUsage: 'Cách dùng: /ma <mã điểm danh>, ví dụ: /ma 1234',

  // The bí thư's commands
  onlyLeaders:
    'Xin lỗi đồng chí, lệnh này dành cho đồng chí Bí thư, Phó Bí thư chi bộ.\n' +
    'Để điểm danh, đồng chí bấm nút «Có mặt» trong tin điểm danh, hoặc gõ /ma <mã> khi được đọc mã.',
  noMeetingToday: (next: When | null) =>
    'Hôm nay chi bộ không có lịch sinh hoạt.' +
    (next?.date ? `\nBuổi gần nhất: ${when(next)}.` : '') +
    '\nNếu chi bộ họp hôm nay, xin đổi lịch trước (/doilich), rồi gõ lại /diemdanh.',
  noCheckin: 'Chi bộ chưa có buổi họp nào đã mở điểm danh. Gõ /diemdanh để mở.',
  opened: (v: When & { code: string | null; alreadyOpen: boolean; reached: number; unreachable: string[] }) =>
    [
      v.alreadyOpen ? `Điểm danh buổi sinh hoạt ${when(v)} đang mở.` : `Đã mở điểm danh buổi sinh hoạt ${when(v)}.`,
      `Tin điểm danh đã gửi tới ${v.reached} đồng chí.`,
      ...(v.code ? [`Mã điểm danh: ${v.code}`, 'Xin đọc mã này tại cuộc họp; đảng viên gõ mã để điểm danh.'] : []),
      ...(v.unreachable.length ? ['', `Chưa có tài khoản (xin điểm danh hộ): ${v.unreachable.join(', ')}.`] : []),
      '',
      leaderHelp,
    ].join('\n'),
  roster: (m: When & { state: 'open' | 'closed' | 'not_open' }, rows: { fullName: string; reachable: boolean; mark: RosterMark }[]) =>
    [
      `ĐIỂM DANH — buổi sinh hoạt ${when(m)}`,
      m.state === 'open' ? '(đang điểm danh)' : m.state === 'closed' ? '(đã đóng điểm danh)' : '(chưa mở điểm danh — gõ /diemdanh)',
      '',
      ...rows.map((r, i) => `${i + 1}. ${r.fullName}${r.reachable ? '' : ' (chưa có tài khoản)'} — ${markLabel(r.mark)}`),
      '',
      'Gõ /comat <số>, /vang <số> [lý do], /chapnhan <số> hoặc /khongchapnhan <số>.',
    ].join('\n'),
  nobody: 'Chi bộ không có đảng viên nào đang sinh hoạt.',
  usage: {
    comat: 'Cách dùng: /comat <số thứ tự trong /danhsach>, ví dụ: /comat 3 (có thể ghi nhiều số: /comat 3 5)',
    vang: 'Cách dùng: /vang <số thứ tự> [lý do], ví dụ: /vang 4 đi công tác',
    chapnhan: 'Cách dùng: /chapnhan <số thứ tự trong /danhsach>, ví dụ: /chapnhan 4',
    khongchapnhan: 'Cách dùng: /khongchapnhan <số thứ tự trong /danhsach>, ví dụ: /khongchapnhan 4',
  },
  badNumber: (max: number) => `Số thứ tự phải từ 1 đến ${max}. Gõ /danhsach để xem lại danh sách.`,
  markedPresent: (people: string[]) => `Đã ghi có mặt: ${people.join(', ')}.`,
  markedAbsent: (name: string, reason: string | null, n: number) =>
    reason
      ? `Đã ghi đồng chí ${name} vắng, lý do: ${reason}.\nNếu đồng chí chấp nhận lý do này, gõ /chapnhan ${n}.`
      : `Đã ghi đồng chí ${name} vắng.`,
  reasonAccepted: (name: string) => `Đã chấp nhận lý do vắng của đồng chí ${name}: vắng có lý do.`,
  reasonRejected: (name: string) => `Đã không chấp nhận lý do vắng của đồng chí ${name}: vắng không lý do.`,

  report: (r: ReportView, alreadyClosed = false) => {
    const flags = flagLines(r);
    return [
      alreadyClosed ? 'Điểm danh đã đóng trước đó. Kết quả:' : 'KẾT QUẢ ĐIỂM DANH',
      `Buổi sinh hoạt ${when(r)}`,
      `Có mặt: ${r.present}/${r.counted} đồng chí (${percent(r.rate)})`,
      '(không tính đồng chí được miễn sinh hoạt)',
      '',
      `Vắng có lý do: ${r.excused.length}`,
      ...r.excused.map((p) => `- ${p.fullName}${p.reason ? `: ${p.reason}` : ''}`),
      `Vắng không lý do: ${r.unexcused.length}`,
      ...r.unexcused.map((p) => `- ${p.fullName}`),
      '',
      ...(flags.length ? ['CẦN LƯU Ý', ...flags] : ['Không có điều gì cần lưu ý.']),
    ].join('\n');
  },
  ended: (d: { minutes: number; minimum: number; short: boolean; alreadyRecorded: boolean }) =>
    (d.alreadyRecorded ? 'Giờ kết thúc đã được ghi trước đó.\n' : 'Đã ghi giờ kết thúc buổi họp.\n') +
    (d.short
      ? `Lưu ý: buổi sinh hoạt kéo dài ${d.minutes} phút, chưa đủ thời lượng tối thiểu ${d.minimum} phút.`
      : `Buổi sinh hoạt kéo dài ${d.minutes} phút (tối thiểu ${d.minimum} phút): đạt yêu cầu.`),

  // Refusals from the use cases, by error code.
  errors: {
    'checkin.meeting_not_found': 'Không tìm thấy buổi họp này.',
    'checkin.not_leader': 'Xin lỗi đồng chí, việc này dành cho đồng chí Bí thư, Phó Bí thư chi bộ.',
    'checkin.meeting_cancelled': 'Buổi họp này đã bị hủy.',
    'checkin.no_date': 'Buổi họp này chưa có ngày cụ thể. Xin đặt lịch trước (/doilich).',
    'checkin.not_open': 'Chưa mở điểm danh. Gõ /diemdanh để mở.',
    'checkin.already_closed': 'Điểm danh buổi họp này đã đóng. Đồng chí vẫn có thể sửa bằng /comat, /vang, /chapnhan.',
    'checkin.member_not_in_branch': 'Đồng chí này không thuộc chi bộ.',
    'checkin.no_reason': 'Đồng chí này chưa có lý do vắng. Ghi lý do bằng: /vang <số> <lý do>.',
    'checkin.member_present': 'Đồng chí này đã được ghi có mặt, không có lý do vắng để quyết định.',
    'checkin.no_start': 'Chưa ghi giờ bắt đầu buổi họp: xin mở điểm danh (/diemdanh) khi bắt đầu họp.',
  } satisfies Record<CheckinErrorCode, string>,
} as const;
