import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureRegularMeetings } from '../../src/modules/meetings/schedule.usecases.js';
import { createMeetingsRepository } from '../../src/modules/meetings/meetings.repository.js';
import { createOrgUnitsRepository } from '../../src/modules/org-units/org-units.repository.js';
import { unitRoles } from '../../src/modules/unit-roles/unit-roles.table.js';
import type { FakeUser } from '../fakes/telegram/index.js';
import { eventually, startHarness, type Harness } from '../support/app-harness.js';
import { createCycleDriver } from '../support/cycle-driver.js';
import { seedBranch, seedMember } from '../support/seed.js';
import { chatWith } from '../support/chat.js';

// Whole months, from the first nag to the attendance flags, for three branches run by a bí thư
// and members through chat only: a small branch without chi ủy (December 2026), a branch
// with a chi ủy whose 3rd is a holiday (September 2026, 2/9 + 3/9 off), and one across Tết 2030.
let h: Harness;
let cycle: ReturnType<typeof createCycleDriver>;
const u = (id: number, first_name: string): FakeUser => ({ id, first_name });
const A = { sec: u(1, 'Sơn'), dep: u(2, 'Phó'), lan: u(3, 'Lan'), hung: u(4, 'Hùng'), exempt: u(5, 'Cụ') };
const B = { sec: u(11, 'Lâm'), ctte: u(12, 'Ủy'), hoa: u(13, 'Hoa'), binh: u(14, 'Bình') };
const C = { sec: u(21, 'Tâm') };
const sup = u(30, 'Giám sát');
const ids = { A: 0, B: 0, C: 0 };
const meetingOf = { A: 0, B: 0, C: 0 };

const texts = (user: FakeUser) => h.fake.sent(user.id).map((m) => m.text ?? '');
const has = (user: FakeUser, s: string) => texts(user).filter((t) => t.includes(s)).length;
const { say, press } = chatWith(() => h);
const at = (local: string) => h.clock.set(`${local}:00+07:00`);

beforeAll(async () => {
  h = await startHarness({ mode: 'webhook', start: '2026-08-20T09:00:00+07:00' });
  cycle = createCycleDriver(h);
  const db = h.tdb.db;
  const a = (await seedBranch(db, 'Chi bộ Khu dân cư 1', 'Đảng bộ phường An Lạc')).branch;
  const { committee, branch: b } = await seedBranch(db, 'Chi bộ Cơ quan', 'Đảng bộ Khối cơ quan');
  const c = (await seedBranch(db, 'Chi bộ Thôn Tết', 'Đảng bộ xã Tân Xuân')).branch;
  // This committee gives the second National Day holiday after 2/9: the 3rd is a day off.
  await createOrgUnitsRepository({ db }).updateSettings(committee.id, { nationalDaySecondDay: 'after' });
  ids.A = a.id;
  ids.B = b.id;
  ids.C = c.id;
  const seed = (branch: typeof a, fullName: string, phone: string, extra = {}) => seedMember(db, branch, { fullName, phone, ...extra });
  await seed(a, 'Trần Văn Sơn', '0931000001', { role: 'secretary' });
  await seed(a, 'Lê Văn Phó', '0931000002', { role: 'deputy' });
  await seed(a, 'Đỗ Thị Lan', '0931000003');
  const hung = await seed(a, 'Ngô Văn Hùng', '0931000004');
  await seed(a, 'Lò Văn Cụ', '0931000005', { status: 'exempt' });
  await seed(b, 'Phan Văn Lâm', '0932000001', { role: 'secretary' });
  await seed(b, 'Vũ Văn Ủy', '0932000002', { role: 'committee_member' });
  await seed(b, 'Hồ Thị Hoa', '0932000003');
  await seed(b, 'Mai Văn Bình', '0932000004');
  for (let i = 5; i <= 10; i++) await seed(b, `Đảng viên ${i}`, `09320000${String(i).padStart(2, '0')}`);
  await seed(c, 'Lý Thị Tâm', '0933000001', { role: 'secretary' });
  const supervisor = await seed((await seedBranch(db, 'Chi bộ Văn phòng', 'Đảng bộ phường An Lạc')).branch, 'Đinh Giám Sát', '0939000001');
  await db.insert(unitRoles).values([a, b, c].map((x) => ({ orgUnitId: x.id, memberId: supervisor.id, role: 'supervisor' as const })));
  for (const [user, phone] of [
    [A.sec, '0931000001'],
    [A.dep, '0931000002'],
    [A.lan, '0931000003'],
    [A.hung, '0931000004'],
    [A.exempt, '0931000005'],
    [B.sec, '0932000001'],
    [B.ctte, '0932000002'],
    [B.hoa, '0932000003'],
    [B.binh, '0932000004'],
    [C.sec, '0933000001'],
    [sup, '0939000001'],
  ] as const) {
    await h.fake.deliverToWebhook(h.fake.sendContact(user, { phone_number: phone, user_id: user.id }));
  }
  await ensureRegularMeetings({ periods: ['2026-09', '2026-12', '2030-02'], branchIds: [a.id, b.id, c.id] }, { db, clock: h.clock });
  const repo = createMeetingsRepository({ db });
  meetingOf.A = (await repo.findRegular(a.id, '2026-12'))!.id;
  meetingOf.B = (await repo.findRegular(b.id, '2026-09'))!.id;
  meetingOf.C = (await repo.findRegular(c.id, '2030-02'))!.id;
  // Hùng already missed one meeting this year without reason.
  const [earlier] = await db
    .insert((await import('../../src/modules/meetings/meetings.table.js')).meetings)
    .values({ branchId: a.id, period: '2026-10', date: '2026-10-05', time: '19:30', status: 'held' })
    .returning();
  await db
    .insert((await import('../../src/modules/meetings/attendance.table.js')).attendance)
    .values({ meetingId: earlier!.id, memberId: hung.id, status: 'absent_unexcused' });
});
afterAll(async () => {
  await cycle?.close();
  await h?.close();
});

describe('September 2026, a branch with a chi ủy whose 3rd is a holiday', () => {
  test('the meeting moves from Thursday 3/9 (National Day holiday) to Friday 4/9', async () => {
    expect((await createMeetingsRepository({ db: h.tdb.db }).findById(meetingOf.B))?.date).toBe('2026-09-04');
  });

  test('nags go to the bí thư and the chi ủy viên from seven days before, once a day', async () => {
    for (const day of ['08-27', '08-28', '08-29']) await cycle.sweepAt(`2026-${day}T08:00`);
    await eventually(() => {
      expect(has(B.sec, 'Nhắc việc: Chi bộ Cơ quan')).toBe(2);
      expect(has(B.ctte, 'Nhắc việc: Chi bộ Cơ quan')).toBe(2);
    });
    expect(has(B.hoa, 'Nhắc việc')).toBe(0);
  });

  test('the chi ủy viên records the planned preparatory meeting; members get the notice and answer', async () => {
    at('2026-08-29T20:00');
    expect(await say(B.ctte, '/hopchiuy hẹn')).toContain('hẹn họp ngày nào');
    await say(B.ctte, '1/9');
    await say(B.ctte, 'Sơ kết công tác tháng 8\nNhiệm vụ tháng 9');
    await say(B.ctte, '0');
    await say(B.ctte, '0');
    await press(B.ctte, `prepok:${meetingOf.B}`);
    await eventually(() => expect(has(B.hoa, 'THÔNG BÁO SINH HOẠT CHI BỘ')).toBe(1));
    await press(B.hoa, `rsvp:${meetingOf.B}:y`);
    await press(B.binh, `rsvp:${meetingOf.B}:n`);
    expect(await say(B.binh, 'Đi công tác Đà Nẵng')).toContain('Lý do: Đi công tác Đà Nẵng');
    await cycle.sweepAt('2026-08-30T08:00');
    await new Promise((r) => setTimeout(r, 200));
    expect(has(B.sec, 'Nhắc việc: Chi bộ Cơ quan')).toBe(2);
  });

  test('the day before, only members without an answer are reminded', async () => {
    await cycle.sweepAt('2026-09-03T08:00');
    await eventually(() => expect(has(B.sec, 'Nhắc lịch: ngày mai')).toBe(1));
    expect(has(B.hoa, 'Nhắc lịch')).toBe(0);
    expect(has(B.binh, 'Nhắc lịch')).toBe(0);
  });

  test('at the meeting: check-in, close, and the flags for the bí thư', async () => {
    at('2026-09-04T19:25');
    expect(await say(B.sec, '/diemdanh')).toContain('Đã mở điểm danh');
    await eventually(() =>
      expect(h.fake.sent(B.hoa.id).some((m) => JSON.stringify(m.reply_markup ?? '').includes(`ci:${meetingOf.B}`))).toBe(true),
    );
    await press(B.hoa, `ci:${meetingOf.B}`);
    await press(B.sec, `ci:${meetingOf.B}`);
    await press(B.ctte, `ci:${meetingOf.B}`);
    at('2026-09-04T21:10');
    const report = await say(B.sec, '/dongdiemdanh');
    expect(report).toContain('Có mặt: 3/10 đồng chí (30%)');
    expect(report).toContain('Mai Văn Bình: Đi công tác Đà Nẵng');
    expect(report).toContain('chưa đạt yêu cầu trên 85%');
    expect(report).toContain('Có đảng viên vắng không lý do');
    expect(await say(B.sec, '/ketthuchop')).toContain('đạt yêu cầu');
  });
});

describe('December 2026, a small branch without chi ủy', () => {
  test('only the bí thư and phó bí thư are nagged; two days before, the supervisor is told and so is the bí thư', async () => {
    for (const day of ['11-26', '11-27', '11-28', '11-29', '11-30', '12-01']) await cycle.sweepAt(`2026-${day}T08:00`);
    await eventually(() => {
      // The branch also had its September meeting nagged; these are December's, one a day.
      expect(has(A.dep, 'Chi bộ Khu dân cư 1 sinh hoạt định kỳ ngày 03/12/2026')).toBe(6);
      expect(has(sup, 'Chi bộ Khu dân cư 1 chưa ghi nhận họp chi ủy chuẩn bị cho kỳ sinh hoạt ngày 03/12/2026')).toBe(1);
      expect(has(A.sec, 'chưa ghi nhận họp chi ủy chuẩn bị cho kỳ sinh hoạt ngày 03/12/2026')).toBe(1);
    });
    expect(has(A.lan, 'Nhắc việc')).toBe(0);
    // Three days before, the notice went out anyway; the exempt member gets none.
    expect(has(A.lan, '03/12/2026')).toBeGreaterThanOrEqual(1);
    expect(texts(A.lan).filter((t) => t.startsWith('THÔNG BÁO SINH HOẠT CHI BỘ') && t.includes('03/12/2026'))).toHaveLength(1);
    expect(texts(A.exempt).filter((t) => t.startsWith('THÔNG BÁO SINH HOẠT CHI BỘ'))).toHaveLength(0);
  });

  test('after the meeting the bí thư is warned about a member at two unexcused absences this year', async () => {
    await press(A.lan, `rsvp:${meetingOf.A}:y`);
    at('2026-12-03T19:30');
    await say(A.sec, '/diemdanh');
    // The invitations go out paced: wait for each before tapping it.
    await eventually(() => {
      for (const user of [A.sec, A.dep, A.lan])
        expect(h.fake.sent(user.id).some((m) => JSON.stringify(m.reply_markup ?? '').includes(`ci:${meetingOf.A}`))).toBe(true);
    });
    for (const user of [A.sec, A.dep, A.lan]) await press(user, `ci:${meetingOf.A}`);
    const report = await say(A.sec, '/dongdiemdanh');
    expect(report).toContain('Có mặt: 3/4 đồng chí (75%)');
    expect(report).toContain('Đã vắng không lý do 2 tháng trong năm nay: Ngô Văn Hùng');
    at('2026-12-03T20:40');
    expect(await say(A.sec, '/ketthuchop')).toContain('chưa đủ thời lượng tối thiểu 90 phút');
  });
});

describe('February 2030, across Tết', () => {
  test('with the whole first week off, the bí thư is asked to choose, chooses, and the cycle runs from the new date', async () => {
    expect((await createMeetingsRepository({ db: h.tdb.db }).findById(meetingOf.C))?.status).toBe('needs_date');
    await cycle.sweepAt('2030-02-01T08:00');
    await eventually(() => expect(has(C.sec, 'tuần đầu tháng 2/2030 không có ngày làm việc')).toBe(1));
    at('2030-02-01T09:00');
    const moved = await say(C.sec, '/doilich 11/2 19:30 Hội trường thôn');
    expect(moved).toContain('Đã đổi lịch sinh hoạt: 11/02/2030 lúc 19:30, tại Hội trường thôn');
    expect(moved).toContain('ngoài tuần đầu của tháng');
    await cycle.sweepAt('2030-02-04T08:00');
    await eventually(() => expect(has(C.sec, 'Nhắc việc: Chi bộ Thôn Tết sinh hoạt định kỳ ngày 11/02/2030')).toBe(1));
  });
});
