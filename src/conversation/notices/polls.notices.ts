import type { PollNotice } from '../../modules/polls/polls.notices.js';
import { pollsTexts as t } from '../../texts/index.js';
import { text } from '../conversation.types.js';
import type { NoticeRenderers } from './notice-renderers.js';

export const pollNotices: NoticeRenderers<PollNotice> = {
  'poll.results': (n) => text(t.results(n.results)),
};
