import type { MemberRole } from '../shared/db/enums.js';

// Every sentence the bot says in chat. Plain text (no parse mode), so names need no escaping.
const roleName: Record<MemberRole, string> = {
  secretary: 'Bí thư',
  deputy: 'Phó Bí thư',
  committee_member: 'Chi ủy viên',
  member: 'Đảng viên',
};

type Who = { fullName: string; branchName: string; role?: MemberRole };

export const bot = {
  roleName,
  commands: {
    start: 'Bắt đầu, liên kết tài khoản',
    toi: 'Thông tin tài khoản của tôi',
    trogiup: 'Hướng dẫn sử dụng',
    doitaikhoan: '(Bí thư) Chuyển đảng viên sang tài khoản mới',
  },
  onboarding: {
    askPhone:
      'Kính chào đồng chí! Đây là Trợ lý Chi bộ — nhắc lịch sinh hoạt, nhận thông báo và tài liệu của chi bộ.\n\n' +
      'Để bắt đầu, xin đồng chí bấm nút «Chia sẻ số điện thoại» bên dưới để xác nhận là đảng viên trong danh sách của chi bộ.',
    shareButton: '📱 Chia sẻ số điện thoại',
    linked: (m: Who) =>
      `Đã liên kết tài khoản. Chào đồng chí ${m.fullName}, ${m.branchName}!\n` +
      'Từ nay Trợ lý Chi bộ sẽ gửi đồng chí thông báo sinh hoạt, nhắc việc và tài liệu tại đây. Gõ /trogiup để xem hướng dẫn.',
    relinked: (m: Who) =>
      `Đã chuyển sang tài khoản mới. Chào đồng chí ${m.fullName}, ${m.branchName}! Tài khoản cũ không còn nhận tin của chi bộ.`,
    greetAgain: (m: Who) =>
      `Chào đồng chí ${m.fullName} (${m.branchName}). Tài khoản của đồng chí đã được liên kết. Gõ /trogiup để xem hướng dẫn.`,
    notOwnContact:
      'Số điện thoại vừa gửi không phải của tài khoản này. Xin đồng chí bấm nút «Chia sẻ số điện thoại» để gửi số của chính mình.',
    unknownPhone:
      'Số điện thoại này chưa có trong danh sách đảng viên mà Trợ lý Chi bộ quản lý. ' +
      'Xin đồng chí liên hệ đồng chí Bí thư chi bộ để được bổ sung, rồi thử lại.',
    memberHasOtherAccount:
      'Đảng viên có số điện thoại này đã liên kết với một tài khoản khác trên ứng dụng này. ' +
      'Nếu đồng chí đổi điện thoại hoặc mất tài khoản cũ, xin nhờ đồng chí Bí thư chi bộ gửi đường dẫn chuyển tài khoản.',
    accountLinkedToOther: (m: Who) =>
      `Tài khoản này đang liên kết với đồng chí ${m.fullName} (${m.branchName}), nên không dùng được đường dẫn mời của người khác. ` +
      'Xin mở đường dẫn bằng đúng tài khoản của người được mời.',
    invalidInvite:
      'Đường dẫn (hoặc mã) mời không hợp lệ, đã hết hạn hoặc đã được dùng. ' +
      'Đồng chí có thể bấm nút «Chia sẻ số điện thoại» bên dưới, hoặc xin đồng chí Bí thư gửi đường dẫn mới.',
  },
  account: {
    me: (m: Who & { role: MemberRole; status: string }) =>
      `Đồng chí ${m.fullName}\nChi bộ: ${m.branchName}\nChức vụ: ${roleName[m.role]}\nTrạng thái: ${m.status}`,
    status: { active: 'Đang sinh hoạt', exempt: 'Miễn sinh hoạt', temporarily_exempt: 'Tạm miễn sinh hoạt' } as Record<string, string>,
    help: (role: MemberRole) =>
      'Trợ lý Chi bộ giúp đồng chí:\n' +
      '• nhận thông báo sinh hoạt chi bộ và đăng ký tham dự;\n' +
      '• điểm danh khi họp;\n' +
      '• nhận nhắc việc và tài liệu sinh hoạt.\n\n' +
      'Lệnh:\n/lich — lịch sinh hoạt sắp tới\n/viec — nhiệm vụ được giao, báo cáo tiến độ\n/ma <mã> — điểm danh bằng mã đọc tại cuộc họp\n/toi — thông tin tài khoản\n/huy — hủy thao tác đang làm dở\n/trogiup — hướng dẫn này' +
      (role === 'committee_member' || role === 'secretary' || role === 'deputy'
        ? '\n\nChi ủy:\n/hopchiuy — ghi nhận họp chi ủy chuẩn bị\n/nghiquyet — ghi nội dung nghị quyết, kết luận\n/giaoviec — giao nhiệm vụ\n/tonghop — tổng hợp tiến độ nhiệm vụ'
        : '') +
      (role === 'secretary' || role === 'deputy'
        ? '\n\nBí thư, Phó Bí thư:\n' +
          '/doilich <ngày> <giờ> [địa điểm] — đổi lịch sinh hoạt\n' +
          '/chuyende <ngày> <giờ> <chủ đề> — lên lịch sinh hoạt chuyên đề\n' +
          '/tinhhinh — tình hình đăng ký tham dự\n' +
          '/dangkythay — đăng ký thay đảng viên không dùng Telegram hay Zalo\n' +
          '/diemdanh [ma] — mở điểm danh\n/danhsach — danh sách điểm danh\n' +
          '/comat <số> · /vang <số> [lý do] · /chapnhan <số> · /khongchapnhan <số> — sửa danh sách\n' +
          '/dongdiemdanh — đóng điểm danh, xem tỷ lệ và cảnh báo\n/ketthuchop — ghi giờ kết thúc\n' +
          '/tailieuchibo — tình hình nhận tài liệu sinh hoạt của chi bộ\n' +
          '/bieuquyet — gửi biểu quyết, lấy ý kiến nhanh\n/ketqua — kết quả biểu quyết\n/dongbieuquyet — kết thúc biểu quyết sớm'
        : '') +
      '\n\nCán bộ tuyên giáo: /tailieu — gửi tài liệu sinh hoạt; /baocaotailieu — báo cáo nhận tài liệu' +
      (role === 'secretary'
        ? '\n/doitaikhoan <số điện thoại> — gửi đường dẫn để một đảng viên trong chi bộ chuyển sang tài khoản mới (khi mất hoặc đổi điện thoại)'
        : ''),
    notUnderstood: 'Xin lỗi, Trợ lý chưa hiểu ý đồng chí. Gõ /trogiup để xem các việc có thể làm.',
    cancelled: 'Đã hủy thao tác đang làm dở.',
    nothingToCancel: 'Không có thao tác nào đang làm dở để hủy.',
  },
  relink: {
    usage: 'Cách dùng: /doitaikhoan <số điện thoại của đảng viên>, ví dụ: /doitaikhoan 0912345678',
    onlySecretary: 'Chỉ đồng chí Bí thư chi bộ (hoặc quản trị viên) mới chuyển được tài khoản cho đảng viên.',
    notInScope: 'Không tìm thấy đảng viên có số điện thoại này trong chi bộ của đồng chí.',
    issued: (m: { fullName: string }, link: string, hours: number) =>
      `Đường dẫn chuyển tài khoản cho đồng chí ${m.fullName} (dùng một lần, hiệu lực ${hours} giờ):\n${link}\n\n` +
      'Xin gửi cho đồng chí ấy và nhờ mở đường dẫn (hoặc gửi mã) bằng tài khoản Telegram hay Zalo mới. Tài khoản cũ sẽ thôi nhận tin.',
  },
  buttons: {
    stale: 'Nút này không còn hiệu lực.',
  },
  errors: {
    generic: 'Xin lỗi, Trợ lý gặp sự cố khi xử lý tin nhắn này. Xin đồng chí thử lại sau ít phút.',
  },
} as const;
