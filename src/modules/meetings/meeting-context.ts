import type { DbOrTx } from '../../shared/db/db.js';
import { viDate } from '../../shared/vn-time.js';
import { createMembersRepository, type Member } from '../members/members.repository.js';
import { createOrgUnitsRepository } from '../org-units/org-units.repository.js';
import { createMeetingsRepository, type Meeting } from './meetings.repository.js';

export type MeetingContext = {
  meeting: Meeting;
  branchName: string;
  roster: Member[];
  when: { branchName: string; date: string; time: string | null };
};

/** A meeting with its branch's name and roster: what every reminder and flow needs. */
export async function loadMeetingContext(db: DbOrTx, meetingId: number): Promise<MeetingContext | undefined> {
  const meeting = await createMeetingsRepository({ db }).findById(meetingId);
  if (!meeting) return undefined;
  const branch = await createOrgUnitsRepository({ db }).findById(meeting.branchId);
  const roster = await createMembersRepository({ db }).listByBranch(meeting.branchId);
  const branchName = branch?.name ?? '';
  return { meeting, branchName, roster, when: { branchName, date: meeting.date ? viDate(meeting.date) : '—', time: meeting.time } };
}
