import type { MeetingNotice } from '../../modules/meetings/meetings.notices.js';
import { rsvpTexts as t } from '../../texts/index.js';
import { rsvpButtons } from '../flows/rsvp.buttons.js';
import type { NoticeRenderers } from './notice-renderers.js';

export const meetingNotices: NoticeRenderers<MeetingNotice> = {
  'meeting.notice': (n) => ({ kind: 'text', text: t.notice(n.view, n.forPreparer), buttons: rsvpButtons(n.meetingId) }),
  'meeting.notice_supervisor': (n) => ({ kind: 'text', text: t.noticeForSupervisor(n.view) }),
  'meeting.rsvp_reminder': (n) => ({ kind: 'text', text: t.reminder(n.view, n.daysLeft), buttons: rsvpButtons(n.meetingId) }),
};
