import type { UnitRole } from '../shared/db/enums.js';

// Texts of the admin commands other than roster import (cli.vi.ts).
const unitRoleName: Record<UnitRole, string> = {
  supervisor: 'cấp ủy viên phụ trách',
  propaganda: 'cán bộ tuyên giáo',
  admin: 'quản trị viên',
};

export const admin = {
  usage:
    'Cách dùng: npm run cli -- <lệnh> [tham số]\n\n' +
    'Lệnh:\n' +
    '  migrate                                   áp dụng các migration cơ sở dữ liệu\n' +
    '  import-roster <tệp.csv|tệp.xlsx> [--province "<tỉnh ủy>"] [--dry-run]\n' +
    '                                            nhập danh sách đảng viên\n' +
    '  import-tasks <tệp> --branch "<chi bộ>" [--committee "<đảng bộ>"] [--dry-run]\n' +
    '                                            giao nhiệm vụ hàng loạt từ tệp CSV/XLSX\n' +
    '  invite-links "<chi bộ>" [--committee "<đảng bộ>"] [--days 14]\n' +
    '                                            in đường dẫn mời Telegram cho từng đảng viên của chi bộ\n' +
    '  publish-material (<tệp> | --link <url>) --unit "<đơn vị>" --month <yyyy-mm> --title "<tên>"\n' +
    '         [--audience committee] [--scope "A;B"] [--at "yyyy-mm-dd HH:MM"] [--confirm-internal]\n' +
    '                                            gửi tài liệu sinh hoạt tới các chi bộ\n' +
    '  relink-link <số điện thoại> [--hours 48]  đường dẫn chuyển đảng viên sang tài khoản Telegram mới\n' +
    '  grant-role <số điện thoại> <supervisor|propaganda|admin> "<tên đơn vị>"\n' +
    '                                            giao vai trò tại một đơn vị (phụ trách chi bộ, tuyên giáo, quản trị)\n' +
    '  holiday add|remove|list ...               ngày nghỉ, ngày làm bù theo quyết định hằng năm\n' +
    '  unit-setting "<đơn vị>" <khóa> <giá trị>  ngày, giờ sinh hoạt và lịch nhắc (kế thừa xuống dưới)\n' +
    '  zalo-token consent-url|exchange|install|status ...\n' +
    '                                            token Zalo OA: cấp quyền, cài cặp token, xem trạng thái',
  unknownCommand: (c: string) => `Lệnh không rõ: ${c}`,
  migrated: 'Đã áp dụng migration.',
  database: {
    source: (url: string, fromEnv: boolean) =>
      fromEnv ? `DATABASE_URL=${url}` : `DATABASE_URL chưa được đặt, nên dùng giá trị mặc định ${url}`,
    loadEnv: 'Nếu cấu hình nằm trong tệp .env, hãy nạp nó trước khi chạy lệnh: set -a; . ./.env; set +a',
    noDatabase: (name: string, source: string, loadEnv: string) =>
      `Không có cơ sở dữ liệu “${name}” (${source}).\n${loadEnv}\nNếu chưa tạo cơ sở dữ liệu: createdb ${name}`,
    unreachable: (address: string, source: string, loadEnv: string) =>
      `Không kết nối được tới Postgres tại ${address} (${source}).\nKiểm tra Postgres đang chạy và DATABASE_URL đúng địa chỉ.\n${loadEnv}`,
    rejectedLogin: (user: string, source: string, loadEnv: string) =>
      `Postgres từ chối đăng nhập của người dùng “${user}” (${source}).\nKiểm tra tên và mật khẩu trong DATABASE_URL.\n${loadEnv}`,
  },
  branchNotFound: (name: string) => `Không tìm thấy chi bộ “${name}”. Kiểm tra lại tên (đã nhập danh sách chưa?).`,
  branchAmbiguous: (name: string, committees: string[]) =>
    `Có nhiều chi bộ tên “${name}” (thuộc: ${committees.join('; ')}). Thêm --committee "<đảng bộ>" để chọn.`,
  unitNotFound: (name: string) => `Không tìm thấy đơn vị “${name}”.`,
  unitAmbiguous: (name: string) => `Có nhiều đơn vị tên “${name}”; hãy dùng tên riêng biệt hơn.`,
  invitesHeader: (branch: string, n: number, days: number) =>
    `Đường dẫn mời cho ${n} đảng viên của ${branch} (mỗi đường dẫn dùng một lần, hiệu lực ${days} ngày):`,
  inviteLine: (name: string, phone: string, link: string) => `${name} (${phone}): ${link}`,
  noMembers: (branch: string) => `${branch} chưa có đảng viên nào.`,
  unknownPhone: 'Số điện thoại này không có trong danh sách đảng viên.',
  relinkIssued: (name: string, link: string, hours: number) =>
    `Đường dẫn chuyển tài khoản cho đồng chí ${name} (dùng một lần, hiệu lực ${hours} giờ):\n${link}`,
  badRole: (r: string) => `Vai trò “${r}” không rõ: dùng supervisor, propaganda hoặc admin.`,
  roleGranted: (name: string, role: UnitRole, unit: string) => `Đã giao cho đồng chí ${name} vai trò ${unitRoleName[role]} tại ${unit}.`,
  roleAlready: (name: string, role: UnitRole, unit: string) => `Đồng chí ${name} đã là ${unitRoleName[role]} tại ${unit}.`,
  badNumber: (flag: string) => `${flag} cần một số nguyên dương.`,
  missingArg: (what: string) => `Thiếu ${what}.`,
} as const;

export const adminCalendar = {
  usage:
    'Cách dùng:\n' +
    '  holiday add <yyyy-mm-dd> <day_off|working_day> ["ghi chú"]   ngày nghỉ / ngày làm bù theo quyết định của Chính phủ\n' +
    '  holiday remove <yyyy-mm-dd>\n' +
    '  holiday list <năm>                                            các ngày nghỉ của năm (luật + quyết định)',
  added: (date: string, kind: string) => `Đã ghi ${date}: ${kind === 'day_off' ? 'ngày nghỉ' : 'ngày làm việc'}.`,
  removed: (date: string) => `Đã bỏ quyết định riêng cho ngày ${date}.`,
  notFound: (date: string) => `Ngày ${date} không có quyết định riêng.`,
  badDate: 'Ngày phải viết dạng yyyy-mm-dd, ví dụ 2026-02-16.',
  badYear: 'Năm không hợp lệ.',
  listHeader: (year: number) => `Ngày nghỉ năm ${year}:`,
  settingUsage:
    'Cách dùng: unit-setting "<tên đơn vị>" <khóa> <giá trị>\n' +
    'Khóa: meetingDay (1–28), meetingTime (HH:MM), meetingPlace, prepNagDaysBefore, prepNagHour, escalateDaysBefore,\n' +
    '      noticeDaysBefore, reminderHour, vietnamCultureDay (true/false), nationalDaySecondDay (before/after).\n' +
    'Giá trị "-" bỏ cài đặt riêng (dùng lại cài đặt của cấp trên).',
  badSetting: (key: string) => `Khóa hoặc giá trị không hợp lệ: ${key}.`,
  settingSaved: (unit: string, key: string, value: string) => `Đã đặt ${key} = ${value} cho ${unit} (áp dụng cho các đơn vị trực thuộc).`,
} as const;
