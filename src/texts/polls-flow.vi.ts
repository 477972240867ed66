// Quick polls in chat: the questions of the bí thư's guided creation. The problems, the preview
// summary and the results are the core's (polls.vi.ts), shared with every platform.
// Short lines: many members read this on small, cheap phones.
import { OPTIONS_MAX, OPTIONS_MIN, QUESTION_MAX } from '../modules/polls/polls.models.js';

const numbered = (items: readonly string[]) => items.map((o, i) => `${i + 1}. ${o}`).join('\n');

export const pollsFlowTexts = {
  commands: {
    bieuquyet: '(Bí thư) Gửi biểu quyết nhanh cho chi bộ',
    ketqua: '(Bí thư) Xem kết quả biểu quyết gần nhất',
    dongbieuquyet: '(Bí thư) Kết thúc sớm biểu quyết gần nhất',
  },
  onlySecretary:
    'Chỉ bí thư và phó bí thư mới tạo biểu quyết được.\n' +
    'Khi chi bộ gửi biểu quyết, đồng chí chỉ cần chọn phương án ngay trong tin nhắn.',
  flowGone: 'Thao tác này đã hết hiệu lực. Xin đồng chí gõ lại /bieuquyet.',
  cancelled: 'Đã hủy, chưa gửi biểu quyết nào.',
  buttonConfirm: '✅ Gửi biểu quyết',
  buttonCancel: '✖ Hủy',

  // The guided creation
  askQuestion:
    'TẠO BIỂU QUYẾT\nCâu hỏi cần biểu quyết là gì? Xin gõ trong một tin nhắn ' + `(tối đa ${QUESTION_MAX} ký tự).\nGõ /huy để thôi.`,
  askOptions:
    `Các phương án trả lời? Gõ mỗi phương án một dòng, từ ${OPTIONS_MIN} đến ${OPTIONS_MAX} phương án.\n` +
    'Ví dụ:\nThứ Bảy 13/12\nChủ nhật 14/12',
  askMultiple: 'Mỗi đồng chí được chọn một hay nhiều phương án?',
  buttonSingle: 'Chỉ chọn một',
  buttonMultiple: 'Được chọn nhiều',
  askAnonymous:
    'Biểu quyết công khai hay ẩn danh?\n' +
    '• Công khai: kết quả ghi rõ đồng chí nào chọn phương án nào.\n' +
    '• Ẩn danh: chỉ đếm số phiếu. Không ai xem được ai đã chọn gì — kể cả bí thư.',
  buttonNamed: 'Công khai (ghi tên)',
  buttonAnonymous: 'Ẩn danh (chỉ đếm phiếu)',
  askDeadline: 'Hạn trả lời đến khi nào? Bấm nút bên dưới, hoặc gõ ngày giờ, ví dụ: 20/12 17:00',
  buttonDay: (until: string) => `24 giờ — đến ${until} (mặc định)`,
  buttonThreeDays: (until: string) => `3 ngày — đến ${until}`,
  badDeadline: 'Trợ lý chưa đọc được hạn. Xin gõ ngày và giờ, ví dụ: 20/12 17:00 — hoặc bấm nút.',
  askAudience: (groups: readonly string[]) => 'Gửi biểu quyết cho ai? Bấm «Cả chi bộ», hoặc gõ số thứ tự của tổ đảng:\n' + numbered(groups),
  buttonWholeBranch: 'Cả chi bộ',
  badGroupNumber: 'Không có tổ đảng mang số đó. Xin gõ lại số thứ tự, hoặc bấm «Cả chi bộ».',
  askShare: 'Khi biểu quyết kết thúc, Trợ lý gửi kết quả cho đồng chí. Có gửi cả cho các đồng chí đã nhận biểu quyết không?',
  buttonShare: 'Có, gửi cho mọi người',
  buttonKeep: 'Không, chỉ gửi cho tôi',

  // Preview and sending
  preview: (p: {
    question: string;
    options: readonly string[];
    multipleChoice: boolean;
    anonymous: boolean;
    shareResults: boolean;
    deadline: string;
    audienceName: string;
    audience: number;
    reachable: number;
  }) =>
    `XEM TRƯỚC BIỂU QUYẾT\n${p.question}\n\n${numbered(p.options)}\n\n` +
    `Cách chọn: ${p.multipleChoice ? 'được chọn nhiều phương án' : 'chọn một phương án'}\n` +
    `Hình thức: ${p.anonymous ? 'ẩn danh (chỉ đếm phiếu)' : 'công khai (ghi tên)'}\n` +
    `Hạn: ${p.deadline}\n` +
    `Gửi tới: ${p.audienceName} — ${p.audience} đồng chí` +
    (p.reachable < p.audience ? ` (${p.reachable} đồng chí có tài khoản chat)` : '') +
    '\n' +
    `Kết quả cuối: ${p.shareResults ? 'gửi cho mọi người' : 'chỉ gửi cho đồng chí'}\n\nXác nhận gửi?`,
  wholeBranch: 'cả chi bộ',
  /** "Tổ 1" reads as "tổ đảng 1", not "tổ đảng Tổ 1". */
  group: (name: string) => `tổ đảng ${name.replace(/^tổ( đảng)?\s*/i, '')}`,
  problems: (lines: readonly string[]) =>
    `Biểu quyết chưa gửi được:\n${lines.map((l) => `• ${l}`).join('\n')}\nXin gõ /bieuquyet để làm lại.`,
  sent: (count: number, unreachable: readonly string[]) =>
    `Đã gửi biểu quyết tới ${count} đồng chí.` +
    (unreachable.length ? `\nChưa có tài khoản chat, xin hỏi trực tiếp: ${unreachable.join(', ')}.` : '') +
    '\nGõ /ketqua để xem kết quả, /dongbieuquyet để kết thúc sớm.',

  // Results and closing
  noPoll: 'Đồng chí chưa tạo biểu quyết nào. Gõ /bieuquyet để tạo.',
  closing: 'Đã kết thúc biểu quyết. Kết quả cuối cùng sẽ gửi tới đồng chí ngay sau đây.',
  alreadyClosed: 'Biểu quyết gần nhất đã kết thúc rồi. Gõ /ketqua để xem kết quả.',
  notYourPoll: 'Chỉ bí thư, phó bí thư của chi bộ mới xem kết quả và kết thúc biểu quyết được.',
};
