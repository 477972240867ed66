import type { MaterialNotice } from '../../modules/materials/materials.notices.js';
import type { CheckinNotice, MeetingNotice, PrepNotice } from '../../modules/meetings/meetings.notices.js';
import type { OutboxNotice } from '../../modules/outbox/outbox.notices.js';
import type { RenderNotice } from '../../modules/outbox/delivery-kinds.js';
import type { PollNotice } from '../../modules/polls/polls.notices.js';
import type { TaskNotice } from '../../modules/tasks/tasks.notices.js';
import type { OutboundMessage, StoredNotice } from '../../shared/outbound.js';
import { checkinNotices } from './checkin.notices.js';
import { materialNotices } from './materials.notices.js';
import { meetingNotices } from './meetings.notices.js';
import type { NoticeRenderers } from './notice-renderers.js';
import { outboxNotices } from './outbox.notices.js';
import { pollNotices } from './polls.notices.js';
import { prepNotices } from './prep.notices.js';
import { taskNotices } from './tasks.notices.js';

/** Every notice the domain writes. A feature's new notice type without words does not compile. */
export type Notice = MeetingNotice | PrepNotice | CheckinNotice | TaskNotice | PollNotice | MaterialNotice | OutboxNotice;

// Every feature's notices, by type: the words and buttons of what the domain recorded, written
// when the notice is sent (the outbox keeps the notice as data).
const RENDERERS: NoticeRenderers<Notice> = {
  ...meetingNotices,
  ...prepNotices,
  ...checkinNotices,
  ...taskNotices,
  ...pollNotices,
  ...materialNotices,
  ...outboxNotices,
};

export const renderNotice: RenderNotice = (notice: StoredNotice): OutboundMessage | undefined => {
  const render = (RENDERERS as Record<string, ((n: never) => OutboundMessage) | undefined>)[notice.type];
  return render?.(notice as never);
};
