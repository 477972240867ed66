// The notices of the meeting feature, as data: what happened and for whom. Their words and
// buttons are the conversation layer's (src/conversation/notices/meetings.notices.ts).

/** A meeting's date and start time as the calendar stores them (either may be unset). */
export type MeetingTime = { date: string | null; time: string | null };

/** What the meeting notice says of the meeting, captured when the notice is written. */
export type NoticeView = MeetingTime & {
  branchName: string;
  period: string;
  kind: 'regular' | 'thematic' | 'combined';
  topic: string | null;
  place: string | null;
  agenda: string[];
  keyIssues: string[];
  preparerNames: string[];
};

export type MeetingNotice =
  /** The notice to a member, with the buttons to answer; `forPreparer`: they prepare an opinion. */
  | { type: 'meeting.notice'; meetingId: number; view: NoticeView; forPreparer: boolean }
  /** The same notice, for the branch's supervisor to know (no buttons). */
  | { type: 'meeting.notice_supervisor'; meetingId: number; view: NoticeView }
  /** The reminder to a member who has not answered, `daysLeft` before the meeting. */
  | {
      type: 'meeting.rsvp_reminder';
      meetingId: number;
      view: MeetingTime & { branchName: string; place: string | null };
      daysLeft: number;
    };
