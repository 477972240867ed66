// What the bot says on Zalo only: pieces Telegram shows with its own widgets (native polls,
// toasts, a reply keyboard), and the Zalo half of onboarding.
export const zaloTexts = {
  /** Extra button groups: Zalo shows at most 5 buttons per message, and each message needs a text. */
  moreChoices: 'Các lựa chọn khác:',
  /** A document sent with buttons but no caption still needs a text to carry the buttons. */
  documentButtons: 'Chọn một thao tác cho tài liệu trên:',
  /** A document that cannot be attached goes as a link. */
  documentLink: (fileName: string, url: string) => `Tài liệu ${fileName}: ${url}`,
  pollMultipleHint: '(Có thể chọn nhiều phương án; bấm lại một phương án để bỏ chọn.)',
  /** The answer to a tap on a poll option: the options now chosen, by name. */
  voteRecorded: (chosen: readonly string[]) =>
    `Đã ghi nhận lựa chọn của đồng chí: ${chosen.join('; ')}.\nĐồng chí có thể đổi lại trước khi hết hạn.`,
  pollClosed: 'Biểu quyết đã kết thúc.',
  /**
   * An invite or relink for members who may use either app: Telegram opens the link; Zalo has
   * no deep link with a payload, so the member follows the OA and sends the code.
   */
  invite: (telegramLink: string | null, token: string, zalo: { oaId?: string | undefined } | null) =>
    !zalo
      ? (telegramLink ?? token)
      : `${telegramLink ? `${telegramLink}\n` : ''}Zalo: mở ${zalo.oaId ? `https://zalo.me/${zalo.oaId}` : 'Official Account của chi bộ trên Zalo'}, bấm «Quan tâm», rồi gửi mã ${token}`,
  /** To every admin, on Telegram, when Zalo refuses the OA's refresh token. */
  consentLost: (reason: string) =>
    `⚠️ Trợ lý Chi bộ đã mất quyền gửi tin qua Zalo (Zalo từ chối mã làm mới, lỗi ${reason}). ` +
    'Tin nhắn Zalo đang được giữ lại, chưa mất. Quản trị viên Official Account cần cấp quyền lại: ' +
    'chạy «npm run cli -- zalo-token consent-url --redirect <địa chỉ>» rồi «zalo-token exchange --code <mã>» trên máy chủ.',
  /** Title of the request_user_info card (its subtitle is the core's share-button text). */
  requestInfoTitle: 'Trợ lý Chi bộ',
} as const;
