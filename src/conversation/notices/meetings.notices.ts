import type { MeetingNotice } from '../../modules/meetings/meetings.notices.js';
import { rsvpTexts as t } from '../../texts/index.js';
import { rsvpButtons } from '../buttons/rsvp.buttons.js';
import { text } from '../conversation.types.js';
import type { NoticeRenderers } from './notice-renderers.js';

export const meetingNotices: NoticeRenderers<MeetingNotice> = {
  'meeting.notice': (n) => text(t.notice(n.view, n.forPreparer), { buttons: rsvpButtons(n.meetingId) }),
  'meeting.notice_supervisor': (n) => text(t.noticeForSupervisor(n.view)),
  'meeting.rsvp_reminder': (n) => text(t.reminder(n.view, n.daysLeft), { buttons: rsvpButtons(n.meetingId) }),
};
