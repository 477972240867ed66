// Publishing meeting materials from the phone (/tailieu), the delivery reports in chat, and the
// messages of the HTTP endpoint and the CLI. Refusals, the preview and the report body are
// shared with every edge and live in materials.vi.ts.
import type { DeliveryCounts } from '../modules/materials/materials.models.js';
import { materialsTexts as mt } from './materials.vi.js';
import { monthText as monthLabel } from './when.js';

const problemList = (problems: readonly string[]) => problems.map((p) => `• ${mt.problems[p] ?? p}`).join('\n');

export const materialsFlowTexts = {
  commands: {
    tailieu: '(Tuyên giáo) Gửi tài liệu sinh hoạt chi bộ',
    baocaotailieu: '(Tuyên giáo) Tình hình gửi tài liệu mới nhất',
    tailieuchibo: '(Bí thư) Chi bộ đã nhận tài liệu tháng này chưa',
  },
  onlyPropaganda:
    'Chỉ cán bộ Ban Tuyên giáo và Dân vận của cấp ủy mới gửi được tài liệu sinh hoạt chi bộ.\n' +
    'Nếu đồng chí được giao việc này, xin báo quản trị viên cấp quyền.',
  flowGone: 'Thao tác này đã hết hiệu lực. Xin đồng chí gõ lại /tailieu.',
  pressButton: 'Xin đồng chí bấm một nút ở tin nhắn trên, hoặc gõ /huy để dừng.',
  pressConfirm: 'Xin bấm «Gửi» hoặc «Hủy» ở tin nhắn trên.',
  buttonCancel: mt.buttonCancel,
  cancelled: mt.cancelled,
  refusedToast: 'Không gửi được',

  // The guided steps
  askUnit: 'Đồng chí gửi tài liệu với tư cách đơn vị nào?',
  askSource: (unit: string) =>
    `Gửi tài liệu sinh hoạt chi bộ tới các chi bộ thuộc ${unit}.\n` +
    'Xin gửi tệp tài liệu (PDF, DOC hoặc DOCX) vào đây, hoặc dán đường dẫn (link) tới tài liệu.',
  askSourceAgain: 'Xin gửi tệp PDF, DOC, DOCX hoặc dán đường dẫn bắt đầu bằng https://',
  onlyDocuments: 'Chỉ nhận tệp PDF, DOC hoặc DOCX (gửi dạng tệp, không gửi dạng ảnh).',
  fileNotAsked: 'Lúc này Trợ lý chưa cần tệp. Xin trả lời câu hỏi ở trên, hoặc gõ /huy để làm lại.',
  cannotRead:
    'Trợ lý chưa tải được tệp để kiểm tra dấu độ mật ở trang đầu (tệp quá 20 MB hoặc mạng chập chờn).\n' +
    'Xin gửi lại, hoặc dán đường dẫn tới tài liệu.',
  askMonth: 'Tài liệu cho kỳ sinh hoạt tháng nào? Bấm nút hoặc gõ tháng/năm, ví dụ: 12/2026.',
  buttonThisMonth: (period: string) => `Tháng này (${monthLabel(period)})`,
  buttonNextMonth: (period: string) => `Tháng sau (${monthLabel(period)})`,
  badMonth: 'Trợ lý chưa đọc được tháng. Xin gõ dạng tháng/năm, ví dụ: 12/2026.',
  askTitle: (suggested: string | null) =>
    suggested ? `Tiêu đề tài liệu? Bấm nút để dùng tên tệp «${suggested}», hoặc gõ tiêu đề khác.` : 'Tiêu đề tài liệu? Xin gõ ngắn gọn.',
  buttonKeepTitle: 'Dùng tên tệp',
  titleEmpty: 'Xin gõ tiêu đề tài liệu.',
  titleTooLong: (max: number) => `Tiêu đề dài quá (tối đa ${max} ký tự). Xin gõ gọn lại.`,
  askAudience: 'Gửi cho ai?',
  buttonAllMembers: 'Toàn thể đảng viên',
  buttonCommittees: 'Chỉ chi ủy các chi bộ',
  askScope: (unit: string) => `Gửi tới tất cả chi bộ thuộc ${unit}, hay chọn một số đơn vị?`,
  buttonWholeSubtree: 'Tất cả',
  buttonPickUnits: 'Chọn đơn vị',
  askPickUnits: (list: string) => `Gõ số thứ tự các đơn vị nhận, cách nhau bởi dấu phẩy (ví dụ: 1, 3). Gõ 0 để gửi tất cả.\n\n${list}`,
  badNumbers: 'Có số thứ tự không có trong danh sách. Xin gõ lại, ví dụ: 1, 3 — hoặc 0.',
  askWhen: 'Gửi lúc nào? Bấm «Gửi ngay» hoặc gõ ngày giờ, ví dụ: 01/12 07:30.',
  buttonNow: 'Gửi ngay',
  badWhen: 'Trợ lý chưa đọc được ngày giờ. Xin gõ dạng ngày/tháng giờ:phút, ví dụ: 01/12 07:30.',
  whenInPast: 'Thời điểm này đã qua. Xin chọn «Gửi ngay» hoặc gõ một thời điểm sắp tới.',

  // Preview: what mt.preview does not say
  previewHead: (p: { unit: string; source: string; scope: readonly string[] | null }) =>
    `• Đơn vị gửi: ${p.unit}\n• ${p.source}\n• Phạm vi: ${p.scope ? p.scope.join(', ') : 'tất cả đơn vị trực thuộc'}`,
  sourceFile: (name: string) => `Tệp: ${name}`,
  sourceLink: (url: string) => `Đường dẫn: ${url}`,
  invalid: (problems: readonly string[]) => `Chưa gửi được tài liệu:\n${problemList(problems)}\nXin gõ /tailieu để làm lại.`,
  secondConfirmToast: 'Cần xác nhận thêm',
  publishedToast: 'Đã gửi',

  // Members' acknowledgement, reports, resend
  ackToast: 'Đã ghi nhận',
  noMaterialYet: 'Đồng chí chưa gửi tài liệu nào qua Trợ lý. Gõ /tailieu để gửi.',
  reportMore: (n: number) => `… và ${n} đơn vị khác.`,
  onlySecretary: 'Lệnh này dành cho bí thư, phó bí thư chi bộ. Đồng chí xem tài liệu được gửi trong tin nhắn của Trợ lý.',
  branchHeader: (branch: string, period: string) => `Tài liệu sinh hoạt chi bộ ${mt.month(period)} — ${branch}:`,
  branchLine: (title: string, c: DeliveryCounts) =>
    `• ${title}: ${c.recipients} người — đã nhận ${c.acknowledged}, đã gửi chưa bấm «Đã nhận» ${c.sent}, chờ gửi ${c.pending}, lỗi ${c.failed}` +
    (c.failed
      ? ` (${Object.entries(c.failures)
          .map(([r, n]) => `${mt.failureName(r)}: ${n}`)
          .join('; ')})`
      : ''),

  // HTTP endpoint
  http: {
    unauthorized: 'Thiếu hoặc sai mã truy cập (Authorization: Bearer …).',
    notMultipart: 'Yêu cầu phải là multipart/form-data (tệp ở trường «file»).',
    tooLarge: (mb: number) => `Tệp lớn quá: tối đa ${mb} MB. Tài liệu lớn hơn xin gửi dạng đường dẫn (trường «link»).`,
    missingUnit: 'Thiếu trường «unit» (tên hoặc mã đơn vị gửi tài liệu).',
    badAudience: 'Trường «audience» chỉ nhận all hoặc committee.',
    badSendAt: 'Trường «sendAt» phải là thời điểm dạng ISO 8601, ví dụ 2026-12-01T08:00:00+07:00.',
    scopeNotFound: (name: string) => `Không tìm thấy đơn vị «${name}» trong phạm vi đơn vị gửi (hoặc có nhiều đơn vị cùng tên).`,
    confirmInternalHint: 'Nếu đồng ý, gửi lại yêu cầu với trường confirmInternal=true.',
  },

  // CLI
  cli: {
    usage:
      'Cách dùng: publish-material (<tệp.pdf|.doc|.docx> | --link <url>) --unit "<đơn vị>" --month 2026-12 --title "…"\n' +
      '       [--caption "…"] [--audience committee] [--scope "Chi bộ A;Chi bộ B"] [--at "2026-12-01 08:00"] [--confirm-internal]',
    unreadable: (file: string) => `Không đọc được tệp ${file}: tệp không tồn tại hoặc không có quyền đọc.`,
    badAt: 'Giá trị --at phải có dạng "yyyy-mm-dd HH:MM" (giờ Việt Nam), ví dụ "2026-12-01 08:00".',
    published: (id: number, recipients: number) => `Đã đăng tài liệu số ${id}: ${recipients} người nhận.`,
    needsInternal: 'Chạy lại với --confirm-internal nếu đồng chí xác nhận tài liệu được phép gửi qua ứng dụng nhắn tin.',
  },
};
