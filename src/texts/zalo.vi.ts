// Vietnamese texts of the Zalo renderer. Project rule: texts live in src/texts/; they sit here
// only while this session may not touch files outside src/channels/zalo/ (the next session
// moves them to src/texts/zalo.vi.ts and exports them from src/texts/index.ts).
export const zaloTexts = {
  /** Extra button groups: Zalo shows at most 5 buttons per message, and each message needs a text. */
  moreChoices: 'Các lựa chọn khác:',
  /** A document sent with buttons but no caption still needs a text to carry the buttons. */
  documentButtons: 'Chọn một thao tác cho tài liệu trên:',
  /** A document that cannot be attached goes as a link. */
  documentLink: (fileName: string, url: string) => `Tài liệu ${fileName}: ${url}`,
  pollMultipleHint: '(Có thể chọn nhiều phương án)',
  pollClosed: 'Biểu quyết đã kết thúc.',
  /** Title of the request_user_info card (its subtitle is the core's share-button text). */
  requestInfoTitle: 'Trợ lý Chi bộ',
} as const;
