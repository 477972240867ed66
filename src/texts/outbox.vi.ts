// What the delivery lane tells people about messages it could not deliver yet.
import type { Platform } from '../shared/db/enums.js';

const platformName: Record<Platform, string> = { telegram: 'Telegram', zalo: 'Zalo' };

export const outboxTexts = {
  /**
   * To the bí thư and phó bí thư: a member is outside the platform's reply window (Zalo: 7 days
   * without writing to the bot), so their messages wait until they write again.
   */
  unreachable: (m: { fullName: string; platform: Platform }) =>
    `Trợ lý chưa gửi được tin nhắn cho đồng chí ${m.fullName} qua ${platformName[m.platform]}, ` +
    `vì đã lâu đồng chí ấy không nhắn tin cho Trợ lý nên ${platformName[m.platform]} tạm không cho gửi.\n` +
    'Tin nhắn sẽ được gửi ngay khi đồng chí ấy nhắn lại cho Trợ lý. ' +
    'Đồng chí có thể báo trực tiếp để đồng chí ấy nhắn cho Trợ lý một tin bất kỳ, hoặc chuyển nội dung cần thiết cho đồng chí ấy.',
} as const;
