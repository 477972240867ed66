import type { OutboxNotice } from '../../modules/outbox/outbox.notices.js';
import { outboxTexts as t } from '../../texts/index.js';
import { text } from '../conversation.types.js';
import type { NoticeRenderers } from './notice-renderers.js';

export const outboxNotices: NoticeRenderers<OutboxNotice> = {
  'outbox.unreachable': (n) => text(t.unreachable(n)),
};
