import { describe, expect, test } from 'vitest';
import { composeDigest, dueReminder, isEmptyDigest, membersToAsk, type FollowUpTask } from './digest.models.js';
import type { LatestReport, TaskStatus } from './tasks.models.js';

const TODAY = '2026-12-02';
const LAST_MEETING = 11;
const report = (status: TaskStatus, percent: number | null = null, day = '2026-11-27'): LatestReport => ({
  status,
  percent,
  reportedAt: new Date(`${day}T10:00:00+07:00`),
});

const MEMBER_IDS: Record<string, number> = { Mai: 101, Hà: 102, Lan: 103, Sơn: 104 };
const idOf = (name: string) => MEMBER_IDS[name]!;

let nextId = 1;
function task(dueDate: string, parts: Record<string, LatestReport | null>, meetingId: number | null = LAST_MEETING): FollowUpTask {
  const names = Object.keys(parts);
  const latest = new Map<number, LatestReport>();
  for (const [name, r] of Object.entries(parts)) if (r) latest.set(idOf(name), r);
  return {
    id: nextId++,
    meetingId,
    description: `Nhiệm vụ ${nextId}`,
    dueDate,
    assignees: names.map((name) => ({ memberId: idOf(name), name })),
    latest,
  };
}

describe('what the bí thư reads in the digest', () => {
  test('a task still open for someone or due in the last 45 days is listed; one done and due long ago is not', () => {
    const open = task('2026-12-20', { Mai: report('in_progress', 40) });
    const recentDone = task('2026-11-20', { Hà: report('done') });
    const oldOpen = task('2026-06-01', { Lan: null }, null);
    const oldDone = task('2026-09-01', { Lan: report('done') }, null);
    const d = composeDigest({ tasks: [open, recentDone, oldOpen, oldDone], lastHeldMeetingId: LAST_MEETING, today: TODAY });
    expect(d.tasks.map((t) => t.id)).toEqual([oldOpen.id, recentDone.id, open.id]);
  });

  test('each task shows every assignee latest status, and who never reported is listed with how many tasks', () => {
    const a = task('2026-12-10', { Mai: report('in_progress', 50), Hà: null });
    const b = task('2026-12-15', { Hà: null, Sơn: report('blocked') });
    const d = composeDigest({ tasks: [a, b], lastHeldMeetingId: null, today: TODAY });
    expect(d.tasks[0]!.parts.map((p) => [p.name, p.latest?.status ?? null, p.latest?.percent ?? null])).toEqual([
      ['Mai', 'in_progress', 50],
      ['Hà', null, null],
    ]);
    expect(d.notReported).toEqual([{ memberId: idOf('Hà'), name: 'Hà', taskCount: 2 }]);
  });

  test('a task past its due date is overdue and names only the assignees whose part is still open', () => {
    const late = task('2026-11-28', { Mai: report('in_progress', 50), Hà: report('done') });
    const lateButDone = task('2026-11-29', { Lan: report('done') });
    const dueToday = task(TODAY, { Sơn: null });
    const d = composeDigest({ tasks: [late, lateButDone, dueToday], lastHeldMeetingId: null, today: TODAY });
    expect(d.overdue).toEqual([{ id: late.id, description: late.description, dueDate: '2026-11-28', names: ['Mai'] }]);
    expect(d.tasks.find((t) => t.id === dueToday.id)?.overdue).toBe(false);
  });

  test('3 of the last meeting 4 tasks completed by everyone is 75%, worth 24 of the 30 points', () => {
    const tasks = [
      task('2026-11-25', { Mai: report('done'), Hà: report('done') }),
      task('2026-11-26', { Lan: report('done') }),
      task('2026-11-27', { Sơn: report('done') }),
      task('2026-11-28', { Mai: report('done'), Hà: report('in_progress', 90) }),
      task('2026-11-28', { Mai: null }, 7), // an older meeting's task does not count
    ];
    const d = composeDigest({ tasks, lastHeldMeetingId: LAST_MEETING, today: TODAY });
    expect(d.lastMeeting).toEqual({ total: 4, completed: 3, share: 0.75, points: 24 });
  });

  test('without a held meeting there is no share; a held meeting that assigned nothing has an empty one', () => {
    expect(composeDigest({ tasks: [], lastHeldMeetingId: null, today: TODAY }).lastMeeting).toBeNull();
    const none = composeDigest({ tasks: [], lastHeldMeetingId: LAST_MEETING, today: TODAY });
    expect(none.lastMeeting).toEqual({ total: 0, completed: 0, share: null, points: null });
    expect(isEmptyDigest(none)).toBe(true);
    expect(isEmptyDigest(composeDigest({ tasks: [task('2026-12-20', { Mai: null })], lastHeldMeetingId: null, today: TODAY }))).toBe(false);
  });
});

describe('when an open part is reminded', () => {
  test('three days before, on the due date, and once overdue within the 60-day look-back', () => {
    expect(dueReminder('2026-12-05', TODAY)).toBe('due_soon');
    expect(dueReminder('2026-12-04', TODAY)).toBeNull();
    expect(dueReminder('2026-12-03', TODAY)).toBeNull();
    expect(dueReminder(TODAY, TODAY)).toBe('due_today');
    expect(dueReminder('2026-12-01', TODAY)).toBe('overdue');
    expect(dueReminder('2026-10-03', TODAY)).toBe('overdue');
    expect(dueReminder('2026-10-02', TODAY)).toBeNull();
  });

  test('across a year end, three days before 2 January is 30 December', () => {
    expect(dueReminder('2027-01-02', '2026-12-30')).toBe('due_soon');
  });
});

describe('who is asked to report before the meeting', () => {
  test('members with an open task or one due in the last 45 days; a member whose task was done and due long ago is not', () => {
    const open = task('2027-01-10', { Mai: report('in_progress', 10) });
    const recentDone = task('2026-11-01', { Hà: report('done') });
    const oldDone = task('2026-10-01', { Lan: report('done') });
    const asked = membersToAsk([open, recentDone, oldDone], TODAY);
    expect([...asked.keys()].sort()).toEqual([idOf('Mai'), idOf('Hà')].sort());
    expect(asked.get(idOf('Mai'))).toEqual([open]);
  });
});
