import type { RenderNotice } from '../../modules/outbox/delivery-kinds.js';
import type { OutboundMessage, StoredNotice } from '../../shared/outbound.js';
import { checkinNotices } from './checkin.notices.js';
import { meetingNotices } from './meetings.notices.js';
import { prepNotices } from './prep.notices.js';
import { taskNotices } from './tasks.notices.js';

// Every feature's notices, by type: the words and buttons of what the domain recorded, written
// when the notice is sent (the outbox keeps the notice as data).
const RENDERERS: Record<string, (notice: never) => OutboundMessage> = {
  ...meetingNotices,
  ...prepNotices,
  ...checkinNotices,
  ...taskNotices,
};

export const renderNotice: RenderNotice = (notice: StoredNotice) => RENDERERS[notice.type]?.(notice as never);
