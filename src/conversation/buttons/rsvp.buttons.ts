import type { Button } from '../../shared/outbound.js';
import { rsvpTexts as t } from '../../texts/index.js';

/** The notice's buttons; data "rsvp:<meetingId>:y|n[:<memberId>]" (the member part when the bí thư answers for someone). */
export function rsvpButtons(meetingId: number, forMemberId?: number): Button[][] {
  const suffix = forMemberId === undefined ? '' : `:${forMemberId}`;
  return [
    [
      { text: t.buttonAttend, data: `rsvp:${meetingId}:y${suffix}` },
      { text: t.buttonAway, data: `rsvp:${meetingId}:n${suffix}` },
    ],
  ];
}
