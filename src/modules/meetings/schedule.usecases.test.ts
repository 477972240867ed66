import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createFakeClock } from '../../shared/clock.js';
import { createTestDb, type TestDb } from '../../../test/support/test-db.js';
import { seedBranch, seedMember } from '../../../test/support/seed.js';
import { createCalendarRepository } from '../calendar/calendar.repository.js';
import { createOrgUnitsRepository } from '../org-units/org-units.repository.js';
import { createMeetingsRepository } from './meetings.repository.js';
import { moveMeeting } from './move.usecases.js';
import { planCycleJobs } from '../cycle/cycle.plan.js';
import { ensureRegularMeetings } from './schedule.usecases.js';

let t: TestDb;
const clock = createFakeClock('2026-11-20T09:00:00+07:00');
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.drop());

const regular = async (branchId: number, period: string) => createMeetingsRepository({ db: t.db }).findRegular(branchId, period);

describe('the regular meeting date', () => {
  test('the meeting day and time set on a committee are inherited by its branches, and a branch may override them', async () => {
    const units = createOrgUnitsRepository({ db: t.db });
    const { committee, branch } = await seedBranch(t.db, 'Chi bộ Hà Nội 1', 'Đảng bộ phường Hà Nội');
    const { branch: village } = await seedBranch(t.db, 'Chi bộ thôn Đông', 'Đảng bộ phường Hà Nội');
    await units.updateSettings(committee.id, { meetingDay: 4 });
    await units.updateSettings(village.id, { meetingTime: '19:30', meetingDay: 5, meetingPlace: 'Nhà văn hóa thôn' });
    await ensureRegularMeetings({ periods: ['2026-12'], branchIds: [branch.id, village.id] }, { db: t.db, clock });
    expect(await regular(branch.id, '2026-12')).toMatchObject({ date: '2026-12-04', time: '19:30' });
    expect(await regular(village.id, '2026-12')).toMatchObject({ date: '2026-12-07', place: 'Nhà văn hóa thôn' }); // 5th is a Saturday
  });

  test('a government day off on the 3rd moves the meeting to the next working day', async () => {
    const { branch } = await seedBranch(t.db, 'Chi bộ nghỉ bù');
    await createCalendarRepository({ db: t.db }).upsertOverride({ date: '2027-03-03', kind: 'day_off', note: 'Nghỉ theo quyết định' });
    await ensureRegularMeetings({ periods: ['2027-03'], branchIds: [branch.id] }, { db: t.db, clock });
    expect((await regular(branch.id, '2027-03'))?.date).toBe('2027-03-04');
  });

  test('across Tết 2030 the first week has no working day, so the bí thư is asked to choose', async () => {
    const { branch } = await seedBranch(t.db, 'Chi bộ Tết');
    const sec = await seedMember(t.db, branch, { fullName: 'Bí Thư Tết', phone: '0977000001', role: 'secretary' });
    await ensureRegularMeetings({ periods: ['2030-02'], branchIds: [branch.id] }, { db: t.db, clock });
    const m = await regular(branch.id, '2030-02');
    expect(m).toMatchObject({ date: null, status: 'needs_date' });
    const jobs = await planCycleJobs({ now: new Date('2030-02-01T08:30:00+07:00') }, { db: t.db });
    expect(jobs.filter((j) => j.name === 'needs-date' && j.data.meetingId === m!.id)).toHaveLength(1);

    clock.set('2030-02-01T09:00:00+07:00');
    const actor = { ...sec, branchName: 'Chi bộ Tết' };
    const moved = await moveMeeting({ actor, date: '2030-02-11', time: '19:30' }, { db: t.db, clock });
    expect(moved).toMatchObject({ status: 'moved', outOfFirstWeek: true });
    expect(await regular(branch.id, '2030-02')).toMatchObject({ date: '2030-02-11', status: 'scheduled', dateSource: 'moved' });
    clock.set('2026-11-20T09:00:00+07:00');
  });

  test('ensuring meetings again never touches a date the bí thư moved', async () => {
    const { branch } = await seedBranch(t.db, 'Chi bộ Tết');
    await ensureRegularMeetings({ periods: ['2030-02'], branchIds: [branch.id] }, { db: t.db, clock });
    expect((await regular(branch.id, '2030-02'))?.date).toBe('2030-02-11');
  });

  test('an ordinary member cannot move the meeting', async () => {
    const { branch } = await seedBranch(t.db, 'Chi bộ thường');
    const m = await seedMember(t.db, branch, { fullName: 'Đảng Viên', phone: '0977000002' });
    expect((await moveMeeting({ actor: { ...m, branchName: '' }, date: '2026-12-05', time: '08:00' }, { db: t.db, clock })).status).toBe(
      'forbidden',
    );
  });
});

describe('thematic meetings', () => {
  test('a branch with no thematic meeting in the quarter is reminded on the 1st of its last month, and its supervisor on the 15th', async () => {
    const { branch: none } = await seedBranch(t.db, 'Chi bộ chưa chuyên đề');
    const { branch: done } = await seedBranch(t.db, 'Chi bộ có chuyên đề');
    await createMeetingsRepository({ db: t.db }).insert({
      branchId: done.id,
      kind: 'thematic',
      period: '2026-11',
      topic: 'Học tập Nghị quyết',
      date: '2026-11-20',
    });
    const first = await planCycleJobs({ now: new Date('2026-12-01T08:00:00+07:00') }, { db: t.db });
    const reminded = first.filter((j) => j.name === 'thematic-reminder').map((j) => j.data.branchId);
    expect(reminded).toContain(none.id);
    expect(reminded).not.toContain(done.id);
    const mid = await planCycleJobs({ now: new Date('2026-12-15T08:00:00+07:00') }, { db: t.db });
    expect(mid.filter((j) => j.name === 'thematic-supervisor').map((j) => j.data.branchId)).toContain(none.id);
    const other = await planCycleJobs({ now: new Date('2026-11-01T08:00:00+07:00') }, { db: t.db });
    expect(other.filter((j) => j.name.startsWith('thematic'))).toHaveLength(0);
  });
});
