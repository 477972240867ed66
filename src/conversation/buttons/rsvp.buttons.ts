import type { Button } from '../../shared/outbound.js';
import { rsvpTexts as t } from '../../texts/index.js';
import { buttonCodec, id, oneOf } from './codec.js';

/** "rsvp:<meetingId>:y|n[:<memberId>]": the member part when the bí thư answers for someone. */
export const rsvpCodec = buttonCodec('rsvp', { meetingId: id, answer: oneOf('y', 'n') }, { memberId: id });

/** The notice's buttons, or the bí thư's for answering on a member's behalf. */
export function rsvpButtons(meetingId: number, forMemberId?: number): Button[][] {
  const data = (answer: 'y' | 'n') =>
    rsvpCodec.encode({ meetingId, answer, ...(forMemberId === undefined ? {} : { memberId: forMemberId }) });
  return [
    [
      { text: t.buttonAttend, data: data('y') },
      { text: t.buttonAway, data: data('n') },
    ],
  ];
}
