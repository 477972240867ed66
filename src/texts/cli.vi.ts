import { monthText } from './when.js';
import type { RosterField, RowProblem } from '../modules/roster/roster.models.js';

// Texts of the admin commands. Phones arrive here already masked.

const FIELD_LABELS: Record<RosterField, string> = {
  fullName: 'Họ và tên',
  phone: 'Số điện thoại',
  role: 'Chức vụ',
  branch: 'Chi bộ',
  committee: 'Đảng bộ',
  group: 'Tổ đảng',
  status: 'Trạng thái',
  kind: 'Loại đảng viên',
};

const lineList = (lines: readonly number[]) => lines.join(', ');

function rowProblem(p: RowProblem): string {
  switch (p.code) {
    case 'empty_name':
      return 'thiếu họ và tên';
    case 'missing_phone':
      return 'thiếu số điện thoại';
    case 'bad_phone':
      return `số điện thoại “${p.shown}” không hợp lệ`;
    case 'unknown_role':
      return `chức vụ “${p.value}” không rõ (ghi một trong: Bí thư, Phó Bí thư, Chi ủy viên, Đảng viên)`;
    case 'unknown_status':
      return `trạng thái “${p.value}” không rõ (ghi một trong: Đang sinh hoạt, Miễn sinh hoạt, Tạm miễn sinh hoạt)`;
    case 'unknown_kind':
      return `loại đảng viên “${p.value}” không rõ (ghi Chính thức hoặc Dự bị)`;
    case 'missing_branch':
      return 'thiếu tên chi bộ';
    case 'missing_committee':
      return 'thiếu tên đảng bộ';
    case 'duplicate_phone':
      return `số điện thoại ${p.shown} trùng với dòng ${lineList(p.otherLines)}`;
    case 'several_secretaries':
      return `${p.branch} có hơn một bí thư (cùng dòng ${lineList(p.otherLines)})`;
    case 'secretary_not_in_file':
      return `${p.branch} đang có bí thư ${p.name} trong dữ liệu nhưng người này không có trong tệp; thêm đồng chí vào tệp với chức vụ mới`;
  }
}

export const cli = {
  roster: {
    usage: 'Cách dùng: import-roster <tệp .csv hoặc .xlsx> [--province "<tên tỉnh>"] [--dry-run]',
    unsupportedFormat: (extension: string) => `Chỉ nhận tệp .csv hoặc .xlsx (tệp đã cho: ${extension || 'không có phần mở rộng'}).`,
    unreadable: (file: string) => `Không đọc được tệp ${file}: tệp không tồn tại, không có quyền đọc hoặc bị hỏng.`,
    unterminatedQuote: (line: number) => `Tệp CSV bị lỗi từ dòng ${line}: có dấu ngoặc kép mở mà không đóng.`,
    notUtf8: 'Tệp CSV không ở mã UTF-8. Trong Excel chọn Lưu thành → “CSV UTF-8 (Comma delimited)” rồi chạy lại.',
    noHeader: 'Tệp trống: không có dòng tiêu đề.',
    missingColumns: (fields: readonly RosterField[]) =>
      `Tệp thiếu cột bắt buộc: ${fields.map((f) => FIELD_LABELS[f]).join(', ')}. Dòng đầu tiên của tệp phải là tiêu đề các cột.`,
    noRows: 'Tệp chỉ có dòng tiêu đề, chưa có đảng viên nào.',
    rowProblem,
    badRow: (line: number, problems: readonly RowProblem[]) => `Dòng ${line}: ${problems.map(rowProblem).join('; ')}`,
    nothingImported: 'Không nhập gì: sửa các dòng trên rồi chạy lại.',
    dryRun: 'Chạy thử (--dry-run): chưa lưu gì.',
    imported: (rows: number, dryRun: boolean) => `${dryRun ? 'Sẽ nhập' : 'Đã nhập'} ${rows} đảng viên:`,
    counts: (r: { created: number; updated: number; moved: number; unchanged: number; unitsCreated: number }) => [
      `- Thêm mới: ${r.created}`,
      `- Cập nhật thông tin: ${r.updated}`,
      `- Chuyển chi bộ: ${r.moved}`,
      `- Không thay đổi: ${r.unchanged}`,
      `- Đảng bộ, chi bộ, tổ đảng mới tạo: ${r.unitsCreated}`,
    ],
    meetings: (created: number, periods: readonly string[], dryRun: boolean) =>
      created
        ? `${dryRun ? 'Sẽ lập' : 'Đã lập'} ${created} kỳ sinh hoạt định kỳ (tháng ${periods.map(monthText).join(' và ')}) cho các chi bộ trong tệp; bí thư xem bằng /lich ngay hôm nay.`
        : `Lịch sinh hoạt tháng ${periods.map(monthText).join(' và ')} của các chi bộ trong tệp đã có sẵn.`,
    ignoredColumns: (headers: readonly string[]) =>
      `Các cột không lưu (không cần thiết, giữ dữ liệu cá nhân tối thiểu): ${headers.join(', ')}.`,
    missingHeader: (count: number) =>
      `${count} đảng viên có trong dữ liệu nhưng không có trong tệp của chi bộ mình (vẫn giữ nguyên, không xóa; nếu chuyển sinh hoạt hoặc xóa tên, chi bộ xử lý theo quy định):`,
    missingMember: (m: { fullName: string; branch: string; phone: string }) => `- ${m.fullName} (${m.branch}, ${m.phone})`,
  },
} as const;
