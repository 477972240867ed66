import type { PrepNotice } from '../../modules/meetings/meetings.notices.js';
import { prepTexts as t } from '../../texts/index.js';
import { text } from '../conversation.types.js';
import { prepCodec } from '../buttons/meetings.buttons.js';
import type { NoticeRenderers } from './notice-renderers.js';

export const prepNotices: NoticeRenderers<PrepNotice> = {
  'prep.nag': (n) => ({
    kind: 'text',
    text: t.nag(n.when, n.daysLeft),
    buttons: [
      [
        { text: t.buttonHeld, data: prepCodec.encode({ meetingId: n.meetingId, state: 'held' }) },
        { text: t.buttonPlanned, data: prepCodec.encode({ meetingId: n.meetingId, state: 'planned' }) },
      ],
    ],
  }),
  'prep.escalation_supervisor': (n) => text(t.escalationToSupervisor(n.when)),
  'prep.escalation_secretary': (n) => text(t.escalationToSecretary(n.when)),
  'prep.choose_date': (n) => text(t.chooseDate(n.branchName, n.period)),
  'prep.thematic_reminder': (n) => text(t.thematicReminder(n.branchName, n.quarter)),
  'prep.thematic_supervisor': (n) => text(t.thematicToSupervisor(n.branchName, n.quarter)),
};
