import type { MeetingTime } from '../meetings/meetings.notices.js';
import type { Digest, DigestTask } from './digest.models.js';
import type { TaskStatus } from './tasks.models.js';

// The notices of the task feature, as data. Their words and buttons (the "tr:" report button)
// are the conversation layer's (src/conversation/notices/tasks.notices.ts).

/** A task as its notices name it. */
export type TaskRef = { id: number; description: string; dueDate: string };

/** An assignee's part in the digest, as stored: the latest report's Vietnam date, not its instant. */
export type DigestPartData = {
  memberId: number;
  name: string;
  open: boolean;
  latest: { status: TaskStatus; percent: number | null; reportedOn: string; note: string | null } | null;
};
/** The digest as a notice carries it (JSON). */
export type DigestData = Omit<Digest, 'tasks'> & { tasks: (Omit<DigestTask, 'parts'> & { parts: DigestPartData[] })[] };

export type TaskNotice =
  /** Assigned in chat by a leader (`assigner`), or imported by the CLI (no assigner; maybe a resolution). */
  | { type: 'task.assigned'; task: TaskRef; branchName: string; assigner: string }
  | { type: 'task.imported'; task: TaskRef; branchName: string; wholeBranch: boolean; resolution: string | null }
  | { type: 'task.due_soon'; task: TaskRef; daysLeft: number }
  | { type: 'task.due_today'; task: TaskRef }
  | { type: 'task.overdue'; task: TaskRef }
  /** To the bí thư: who has not finished an overdue task, and who of them the bot cannot reach. */
  | { type: 'task.overdue_secretary'; task: TaskRef; names: string[]; unreachable: string[] }
  /** Before the meeting: report on these tasks (a button for each of the first few). */
  | { type: 'task.ask_report'; branchName: string; meeting: MeetingTime; tasks: TaskRef[] }
  /** The day before the meeting: the digest, to the bí thư and phó bí thư. */
  | { type: 'task.digest'; branchName: string; meeting: MeetingTime | null; lastHeldDate: string | null; digest: DigestData };
