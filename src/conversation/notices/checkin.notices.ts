import type { CheckinNotice } from '../../modules/meetings/meetings.notices.js';
import { checkinTexts as t } from '../../texts/index.js';
import { text } from '../conversation.types.js';
import { checkinCodec } from '../buttons/meetings.buttons.js';
import type { NoticeRenderers } from './notice-renderers.js';

export const checkinNotices: NoticeRenderers<CheckinNotice> = {
  'checkin.invite': (n) =>
    text(n.withCode ? t.inviteWithCode(n.when) : t.invite(n.when), {
      buttons: [[{ text: t.buttonPresent, data: checkinCodec.encode({ meetingId: n.meetingId }) }]],
    }),
  'checkin.report': (n) => text(t.report({ ...n.when, ...n.report })),
};
