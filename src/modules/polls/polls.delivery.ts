import type { DeliveryKind } from '../outbox/delivery-kinds.js';
import { markPollCopyStopped, recordPollCopy } from './poll-copies.js';

/**
 * The delivery hooks of polls: once a copy is on the platform its platform poll id is recorded,
 * so the answers find their way back to the member and the poll; a stop is recorded likewise.
 */
export const pollsDelivery: DeliveryKind = {
  async prepare({ db, row, message: m, now }) {
    if (m.kind === 'poll' && row.memberId !== null) {
      const memberId = row.memberId;
      return {
        kind: 'send',
        message: m,
        sent: ({ messageId, platformPollId }) =>
          recordPollCopy(db, {
            pollId: m.pollId,
            memberId,
            platform: row.platform,
            chatId: row.chatId,
            messageId,
            platformPollId: platformPollId ?? null,
          }),
      };
    }
    if (m.kind === 'stop_poll') {
      return {
        kind: 'send',
        message: m,
        sent: () => markPollCopyStopped(db, { pollId: m.pollId, platform: row.platform, messageId: m.messageId, at: now }),
      };
    }
    return undefined;
  },
};
