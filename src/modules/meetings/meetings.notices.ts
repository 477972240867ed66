import type { AttendanceReport } from './absence.models.js';

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

/** A meeting as the preparatory-meeting notices name it (the date already as people read it). */
export type PrepWhen = { branchName: string; date: string; time: string | null };

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

export type PrepNotice =
  /** Today's nag to the branch committee, `daysLeft` before the meeting, with the buttons to record it. */
  | { type: 'prep.nag'; meetingId: number; when: PrepWhen; daysLeft: number }
  /** No preparatory meeting M days before: to the supervisor, and to the bí thư that we told them. */
  | { type: 'prep.escalation_supervisor'; meetingId: number; when: PrepWhen }
  | { type: 'prep.escalation_secretary'; meetingId: number; when: PrepWhen }
  /** No working day in the first week: the bí thư chooses the date. */
  | { type: 'prep.choose_date'; meetingId: number; branchName: string; period: string }
  /** No thematic meeting yet this quarter: to the bí thư, or (later) to the supervisor. */
  | { type: 'prep.thematic_reminder'; branchId: number; branchName: string; quarter: number }
  | { type: 'prep.thematic_supervisor'; branchId: number; branchName: string; quarter: number };

export type CheckinNotice =
  /** Check-in is open: each active member may mark themself present (`withCode`: by typing its code). */
  | { type: 'checkin.invite'; meetingId: number; when: MeetingTime; withCode: boolean }
  /** Check-in closed: the attendance report, for the bí thư. */
  | { type: 'checkin.report'; meetingId: number; when: MeetingTime; report: AttendanceReport };
