import type { UnitRole } from '../shared/db/enums.js';

// Texts of the admin commands other than roster import (cli.vi.ts).
const unitRoleName: Record<UnitRole, string> = { supervisor: 'cấp ủy viên phụ trách', propaganda: 'cán bộ tuyên giáo', admin: 'quản trị viên' };

export const admin = {
  usage:
    'Cách dùng: npm run cli -- <lệnh> [tham số]\n\n' +
    'Lệnh:\n' +
    '  migrate                                   áp dụng các migration cơ sở dữ liệu\n' +
    '  import-roster <tệp.csv|tệp.xlsx> [--province "<tỉnh ủy>"] [--dry-run]\n' +
    '                                            nhập danh sách đảng viên\n' +
    '  invite-links "<chi bộ>" [--committee "<đảng bộ>"] [--days 14]\n' +
    '                                            in đường dẫn mời Telegram cho từng đảng viên của chi bộ\n' +
    '  relink-link <số điện thoại> [--hours 48]  đường dẫn chuyển đảng viên sang tài khoản Telegram mới\n' +
    '  grant-role <số điện thoại> <supervisor|propaganda|admin> "<tên đơn vị>"\n' +
    '                                            giao vai trò tại một đơn vị (phụ trách chi bộ, tuyên giáo, quản trị)',
  unknownCommand: (c: string) => `Lệnh không rõ: ${c}`,
  migrated: 'Đã áp dụng migration.',
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
