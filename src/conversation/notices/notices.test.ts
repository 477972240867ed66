import { describe, expect, test } from 'vitest';
import type { StoredNotice } from '../../shared/outbound.js';
import { renderNotice, type Notice } from './index.js';

// One of every notice the domain writes, as the outbox keeps it (through JSON). The record type
// makes a new notice type without a sample here fail to compile.
const meeting = { date: '2026-12-03', time: '19:30' };
const view = {
  ...meeting,
  branchName: 'Chi bộ Khu phố 1',
  period: '2026-12',
  kind: 'regular' as const,
  topic: null,
  place: 'Nhà văn hóa',
  agenda: ['Kiểm điểm nghị quyết tháng 11'],
  keyIssues: [],
  preparerNames: ['Trần Văn Hùng'],
};
const prepWhen = { branchName: 'Chi bộ Khu phố 1', date: '03/12/2026', time: '19:30' };
const task = { id: 7, description: 'Vận động đóng góp quỹ khuyến học', dueDate: '2026-12-10' };
const samples: { [K in Notice['type']]: Extract<Notice, { type: K }> } = {
  'meeting.notice': { type: 'meeting.notice', meetingId: 1, view, forPreparer: true },
  'meeting.notice_supervisor': { type: 'meeting.notice_supervisor', meetingId: 1, view },
  'meeting.rsvp_reminder': {
    type: 'meeting.rsvp_reminder',
    meetingId: 1,
    view: { ...meeting, branchName: 'Chi bộ Khu phố 1', place: null },
    daysLeft: 1,
  },
  'prep.nag': { type: 'prep.nag', meetingId: 1, when: prepWhen, daysLeft: 3 },
  'prep.escalation_supervisor': { type: 'prep.escalation_supervisor', meetingId: 1, when: prepWhen },
  'prep.escalation_secretary': { type: 'prep.escalation_secretary', meetingId: 1, when: prepWhen },
  'prep.choose_date': { type: 'prep.choose_date', meetingId: 1, branchName: 'Chi bộ Khu phố 1', period: '2027-01' },
  'prep.thematic_reminder': { type: 'prep.thematic_reminder', branchId: 2, branchName: 'Chi bộ Khu phố 1', quarter: 4 },
  'prep.thematic_supervisor': { type: 'prep.thematic_supervisor', branchId: 2, branchName: 'Chi bộ Khu phố 1', quarter: 4 },
  'checkin.invite': { type: 'checkin.invite', meetingId: 1, when: meeting, withCode: true },
  'checkin.report': {
    type: 'checkin.report',
    meetingId: 1,
    when: meeting,
    report: {
      present: 9,
      counted: 10,
      rate: 0.9,
      meetsTarget: true,
      excused: [{ memberId: 3, fullName: 'Đỗ Thị Mai', reason: 'ốm' }],
      unexcused: [],
      longExcusedRuns: [],
      atTwoUnexcused: [],
      atThreeUnexcused: [],
    },
  },
  'task.assigned': { type: 'task.assigned', task, branchName: 'Chi bộ Khu phố 1', assigner: 'Phạm Văn Bí' },
  'task.imported': { type: 'task.imported', task, branchName: 'Chi bộ Khu phố 1', wholeBranch: true, resolution: 'Nghị quyết tháng 11' },
  'task.due_soon': { type: 'task.due_soon', task, daysLeft: 3 },
  'task.due_today': { type: 'task.due_today', task },
  'task.overdue': { type: 'task.overdue', task },
  'task.overdue_secretary': { type: 'task.overdue_secretary', task, names: ['Đỗ Thị Mai'], unreachable: ['Lò Thị Lan'] },
  'task.ask_report': { type: 'task.ask_report', branchName: 'Chi bộ Khu phố 1', meeting, tasks: [task] },
  'task.digest': {
    type: 'task.digest',
    branchName: 'Chi bộ Khu phố 1',
    meeting,
    lastHeldDate: '2026-11-03',
    digest: {
      tasks: [
        {
          ...task,
          overdue: false,
          parts: [
            {
              memberId: 3,
              name: 'Đỗ Thị Mai',
              open: true,
              latest: { status: 'in_progress', percent: 50, reportedOn: '2026-12-01', note: null },
            },
          ],
        },
      ],
      notReported: [],
      overdue: [],
      lastMeeting: { total: 2, completed: 1, share: 0.5, points: 20 },
    },
  },
  'poll.results': {
    type: 'poll.results',
    pollId: 4,
    results: {
      question: 'Chọn ngày?',
      options: ['Thứ Bảy', 'Chủ nhật'],
      counts: [2, 1],
      voters: 3,
      audience: 6,
      turnout: 50,
      anonymous: true,
      multipleChoice: false,
      closed: false,
      deadline: '2026-12-05T02:00:00.000Z',
    },
  },
  'material.delivery': { type: 'material.delivery', material: { id: 9, title: 'Chuyên đề năm 2026', period: '2026-12', linkUrl: null } },
  'outbox.unreachable': { type: 'outbox.unreachable', memberId: 3, fullName: 'Nguyễn Văn An', platform: 'zalo' },
};

const stored = (n: Notice) => JSON.parse(JSON.stringify(n)) as StoredNotice;
const wordsOf = (m: ReturnType<typeof renderNotice>) => (m && 'text' in m ? m.text : m && 'caption' in m ? (m.caption ?? '') : '');

describe('the words of every notice', () => {
  test.each(Object.values(samples).map((n) => [n.type, n] as const))(
    '%s, as kept in the outbox, has words with nothing missing',
    (_type, n) => {
      const message = renderNotice(stored(n));
      expect(message).toBeDefined();
      const words = wordsOf(message);
      expect(words.length).toBeGreaterThan(20);
      expect(words).not.toMatch(/undefined|null|NaN|Invalid Date|\[object Object\]/);
    },
  );

  test('a notice of a type this version does not know has no words', () => {
    expect(renderNotice({ type: 'grading.reminder', meetingId: 1 })).toBeUndefined();
  });

  test("the meeting notice carries the RSVP buttons; the supervisor's copy carries none", () => {
    expect(renderNotice(stored(samples['meeting.notice']))).toMatchObject({ buttons: [[{ data: 'rsvp:1:y' }, { data: 'rsvp:1:n' }]] });
    expect(renderNotice(stored(samples['meeting.notice_supervisor']))).not.toHaveProperty('buttons');
  });

  test('the preparatory nag says "hôm nay" and "ngày mai", not "còn 0 ngày" and "còn 1 ngày"', () => {
    const nag = (daysLeft: number) => wordsOf(renderNotice(stored({ ...samples['prep.nag'], daysLeft })));
    expect([nag(0), nag(1), nag(3)].map((w) => /\(([^)]*)\)/.exec(w)?.[1])).toEqual(['hôm nay', 'ngày mai', 'còn 3 ngày']);
  });

  test('a month is written one way everywhere, as people write it: "1/2027", never "01/2027" or "2027-01"', () => {
    const january = { ...view, period: '2027-01', date: '2027-01-05' };
    const notice = wordsOf(renderNotice(stored({ ...samples['meeting.notice'], view: january })));
    const choose = wordsOf(renderNotice(stored({ ...samples['prep.choose_date'], period: '2027-01' })));
    const material = wordsOf(
      renderNotice(stored({ type: 'material.delivery', material: { id: 9, title: 'Chuyên đề', period: '2027-01', linkUrl: null } })),
    );
    for (const words of [notice, choose, material]) {
      expect(words).toContain('tháng 1/2027');
      expect(words).not.toMatch(/tháng 01\/2027|2027-01/); // a date, 05/01/2027, is written in full
    }
  });

  test('a poll still open names its deadline as people read it in Vietnam', () => {
    expect(wordsOf(renderNotice(stored(samples['poll.results'])))).toContain('09:00 ngày 05/12/2026');
  });
});
