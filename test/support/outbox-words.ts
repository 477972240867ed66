import { renderNotice } from '../../src/conversation/notices/index.js';
import type { OutboundMessage, StoredMessage } from '../../src/shared/outbound.js';

/** What an outbox row will say when it is sent: a notice put into words as the delivery does. */
export function wordsOf(row: {
  message: StoredMessage;
}): OutboundMessage & { text?: string; buttons?: { text: string; data?: string }[][] } {
  const m = row.message.kind === 'notice' ? renderNotice(row.message.notice) : row.message;
  if (!m) throw new Error(`no words for the notice ${JSON.stringify(row.message)}`);
  return m as OutboundMessage & { text?: string };
}
