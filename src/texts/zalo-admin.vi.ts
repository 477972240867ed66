// Texts of `npm run cli -- zalo-token …`: installing and checking the Zalo OA token pair.
// Tokens never appear in these texts; only dates, Zalo's error codes and what to do.
import { viInstant } from './when.js';

const CMD = 'npm run cli -- zalo-token';

const when = viInstant;

function timeLeft(ms: number): string {
  if (ms <= 0) return 'đã hết hạn, sẽ được làm mới ở lần gọi Zalo tới';
  const minutes = Math.round(ms / 60_000);
  const h = Math.floor(minutes / 60);
  return h > 0 ? `còn ${h} giờ ${minutes % 60} phút` : `còn ${minutes} phút`;
}

const reconsentSteps =
  `Cách khắc phục: quản trị viên OA cấp quyền lại. Chạy ${CMD} consent-url --redirect <url>, gửi đường dẫn cho quản trị viên OA, ` +
  `rồi chạy ${CMD} exchange --code <code> --verifier <code_verifier>. ` +
  `Hoặc lấy cặp token mới trong API Explorer của Zalo và chạy ${CMD} install.`;

/** What Zalo's OAuth error codes mean for the operator (zalo.md §2). */
const ZALO_CODES: Record<number, string> = {
  [-118]:
    'mã ủy quyền không hợp lệ, đã dùng rồi hoặc đã quá 10 phút, hoặc code_verifier không khớp với đường dẫn cấp quyền; tạo đường dẫn mới bằng consent-url và làm lại',
  [-14014]: 'refresh token không hợp lệ, đã dùng rồi hoặc đã hết hạn; cần cấp quyền lại',
  [-14002]: 'ứng dụng Zalo chưa được kích hoạt; kiểm tra trạng thái ứng dụng trên developers.zalo.me',
  [-14003]: 'URL gọi lại (redirect_uri) chưa được khai báo trong cài đặt ứng dụng (Official Account → Thiết lập chung)',
};

export const zaloAdminTexts = {
  usage:
    `Cách dùng: ${CMD} <lệnh con> [tham số]\n\n` +
    '  consent-url --redirect <url>      in đường dẫn cấp quyền cho quản trị viên OA và mã code_verifier cần giữ lại\n' +
    '  exchange --code <code> [--verifier <code_verifier>]\n' +
    '                                    đổi mã ủy quyền Zalo trả về lấy cặp token và lưu lại\n' +
    '  install --access <access token> --refresh <refresh token> [--expires-in <giây>]\n' +
    '                                    lưu cặp token lấy từ API Explorer của Zalo (mặc định hết hạn sau 90000 giây)\n' +
    '  status                            token đã cài chưa, hết hạn lúc nào, lần xoay gần nhất',
  missingVar: (name: string) =>
    `Thiếu biến môi trường ${name}: lấy giá trị trong trang ứng dụng trên developers.zalo.me rồi đặt vào tệp .env.`,
  badVar: (name: string, detail: string) => `Biến môi trường ${name} không hợp lệ: ${detail}`,
  badRedirect: 'Thiếu hoặc sai --redirect: cần một địa chỉ http(s) đầy đủ, trùng với URL gọi lại đã khai báo trong cài đặt ứng dụng Zalo.',
  missingValue: (flag: string) => `${flag} không được để trống.`,
  badExpiresIn: '--expires-in cần một số giây nguyên dương (Zalo cấp access token 25 giờ = 90000 giây).',
  consentUrl: (url: string, verifier: string, state: string, redirect: string) =>
    [
      'Gửi đường dẫn sau cho quản trị viên Zalo OA; mở bằng tài khoản quản trị OA và bấm đồng ý cấp quyền:',
      url,
      '',
      `Giữ lại mã code_verifier (cần cho bước sau, không chia sẻ): ${verifier}`,
      `Zalo sẽ chuyển về ${redirect} kèm ?code=…&oa_id=…&state=${state}. Kiểm tra state trùng khớp, rồi trong vòng 10 phút chạy:`,
      `  ${CMD} exchange --code <code> --verifier ${verifier}`,
      'URL gọi lại phải được khai báo trước trong cài đặt ứng dụng (Official Account → Thiết lập chung), nếu không Zalo báo lỗi -14003.',
    ].join('\n'),
  installed: (accessExpiresAt: Date) =>
    `Đã lưu cặp token Zalo OA (đã mã hóa). Access token hết hạn lúc ${when(accessExpiresAt)}; hệ thống tự làm mới trước khi hết hạn.`,
  historyWarning:
    'Lưu ý: lịch sử lệnh của shell vẫn giữ các token vừa dán. Xóa dòng đó (history -d <số thứ tự>); lần sau đặt HISTCONTROL=ignorespace ' +
    'và gõ một dấu cách ở đầu lệnh để shell không lưu lại.',
  zaloRefused: (code: number, name: string | undefined) =>
    `Zalo từ chối (mã ${code}${name ? `, ${name}` : ''}): ${ZALO_CODES[code] ?? 'kiểm tra ZALO_APP_ID, ZALO_APP_SECRET và thử lại'}. Chưa lưu gì.`,
  zaloUnreachable: (detail: string) => `Không gọi được máy chủ Zalo (${detail}). Chưa lưu gì; thử lại sau.`,
  status: {
    none: `Chưa cài token Zalo OA: tin nhắn Zalo chưa gửi được. Cách cài: chạy ${CMD} consent-url --redirect <url> rồi exchange, hoặc install với cặp token từ API Explorer.`,
    unreadable: (rotatedAt: Date) =>
      `Có cặp token Zalo OA trong cơ sở dữ liệu (lưu lúc ${when(rotatedAt)}) nhưng không giải mã được bằng ZALO_APP_SECRET hiện tại ` +
      `(App Secret đã đổi?). Tin nhắn Zalo đang tạm dừng. Cài lại cặp token: ${CMD} consent-url --redirect <url> rồi exchange, hoặc install.`,
    dead: (deadAt: Date, reason: string) =>
      `Token Zalo OA đã hỏng lúc ${when(deadAt)}: Zalo từ chối refresh token (mã ${reason}). Tin nhắn Zalo đang tạm dừng, không mất tin nào.\n${reconsentSteps}`,
    live: (s: { accessExpiresAt: Date; refreshExpiresAt: Date | null; rotatedAt: Date }, now: Date) =>
      [
        'Token Zalo OA: đã cài, đang hoạt động.',
        `Access token hết hạn lúc ${when(s.accessExpiresAt)} (${timeLeft(s.accessExpiresAt.getTime() - now.getTime())}).`,
        `Lần xoay gần nhất: ${when(s.rotatedAt)}.`,
        s.refreshExpiresAt
          ? `Refresh token hết hạn lúc ${when(s.refreshExpiresAt)}; hệ thống xoay token hằng ngày nên không cần làm gì.`
          : 'Refresh token dùng được 3 tháng kể từ lần xoay gần nhất; hệ thống xoay token hằng ngày nên không cần làm gì.',
      ].join('\n'),
  },
} as const;
