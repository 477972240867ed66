import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Redis } from 'ioredis';
import { createCycleWorker } from '../../src/jobs/cycle.jobs.js';
import { createOutboxQueue } from '../../src/jobs/outbox.jobs.js';
import { ensureRegularMeetings } from '../../src/modules/meetings/schedule.usecases.js';
import { createMeetingsRepository } from '../../src/modules/meetings/meetings.repository.js';
import { unitRoles } from '../../src/modules/unit-roles/unit-roles.table.js';
import { createLogger } from '../../src/shared/logger.js';
import { prepTexts } from '../../src/texts/index.js';
import { eventually, startHarness, type Harness } from '../support/app-harness.js';
import { createCycleDriver } from '../support/cycle-driver.js';
import { testRedisUrl } from '../support/env.js';
import { seedBranch, seedMember } from '../support/seed.js';

// Two branches through the weeks before their December meeting (Thursday 3/12/2026, 19:30):
// a small one without chi ủy and a large one with a chi ủy, nagged until the preparatory
// meeting is recorded, escalated to their supervisor two days before.
let h: Harness;
let driver: ReturnType<typeof createCycleDriver>;
let secondWorker: ReturnType<typeof createCycleWorker>;
let secondConnection: Redis;
const u = (id: number, first_name: string) => ({ id, first_name });
const small = { secretary: u(100, 'Sơn'), deputy: u(101, 'Phó'), member: u(102, 'Mai'), exempt: u(103, 'Cụ Tư') };
const large = { secretary: u(200, 'Lâm'), committee: u(201, 'Ủy'), member: u(202, 'Hà') };
const supervisor = u(300, 'Giám sát');
const meetingIds: Record<'small' | 'large', number> = { small: 0, large: 0 };

const nags = (user: { id: number }) => h.fake.sent(user.id).filter((m) => m.text?.startsWith('Nhắc việc'));
const link = (user: { id: number }, phone: string) =>
  h.fake.deliverToWebhook(h.fake.sendContact(user as never, { phone_number: phone, user_id: user.id }));

beforeAll(async () => {
  h = await startHarness({ mode: 'webhook', start: '2026-11-20T09:00:00+07:00' });
  driver = createCycleDriver(h);
  // A second worker on the same queues: two processes sharing the work.
  secondConnection = new Redis(testRedisUrl, { maxRetriesPerRequest: null });
  secondWorker = createCycleWorker({
    db: h.app.db,
    clock: h.clock,
    logger: createLogger({ level: 'silent' }),
    connection: secondConnection,
    prefix: h.prefix,
    outboxQueue: createOutboxQueue({ connection: secondConnection, prefix: h.prefix }),
  });
  const db = h.tdb.db;
  const { branch: a } = await seedBranch(db, 'Chi bộ Nhỏ');
  const { branch: b } = await seedBranch(db, 'Chi bộ Lớn');
  await seedMember(db, a, { fullName: 'Trần Sơn', phone: '0900000100', role: 'secretary' });
  await seedMember(db, a, { fullName: 'Lê Phó', phone: '0900000101', role: 'deputy' });
  await seedMember(db, a, { fullName: 'Đỗ Mai', phone: '0900000102' });
  await seedMember(db, a, { fullName: 'Ngô Tư', phone: '0900000103', status: 'exempt' });
  await seedMember(db, b, { fullName: 'Phan Lâm', phone: '0900000200', role: 'secretary' });
  await seedMember(db, b, { fullName: 'Vũ Ủy', phone: '0900000201', role: 'committee_member' });
  await seedMember(db, b, { fullName: 'Hồ Hà', phone: '0900000202' });
  for (let i = 3; i < 10; i++) await seedMember(db, b, { fullName: `Đảng viên ${i}`, phone: `09000002${String(i).padStart(2, '0')}` });
  const { branch: other } = await seedBranch(db, 'Chi bộ Cơ quan');
  const sup = await seedMember(db, other, { fullName: 'Đinh Giám Sát', phone: '0900000300' });
  await db.insert(unitRoles).values([
    { orgUnitId: a.id, memberId: sup.id, role: 'supervisor' },
    { orgUnitId: b.id, memberId: sup.id, role: 'supervisor' },
  ]);
  for (const [user, phone] of [
    [small.secretary, '0900000100'],
    [small.deputy, '0900000101'],
    [small.member, '0900000102'],
    [small.exempt, '0900000103'],
    [large.secretary, '0900000200'],
    [large.committee, '0900000201'],
    [large.member, '0900000202'],
    [supervisor, '0900000300'],
  ] as const)
    await link(user, phone);
  await ensureRegularMeetings({ periods: ['2026-12'] }, { db, clock: h.clock });
  const repo = createMeetingsRepository({ db });
  meetingIds.small = (await repo.findRegular(a.id, '2026-12'))!.id;
  meetingIds.large = (await repo.findRegular(b.id, '2026-12'))!.id;
});
afterAll(async () => {
  await secondWorker?.close();
  secondConnection?.disconnect();
  await driver?.close();
  await h?.close();
});

describe('the preparatory meeting before the December meeting', () => {
  test('the December meeting is on Thursday the 3rd at the default time', async () => {
    const m = await createMeetingsRepository({ db: h.tdb.db }).findById(meetingIds.small);
    expect(m).toMatchObject({ date: '2026-12-03', time: '19:30', status: 'scheduled' });
  });

  test('nothing is sent eight days before, nor before 08:00 on the seventh day', async () => {
    await driver.sweepAt('2026-11-25T10:00');
    await driver.sweepAt('2026-11-26T07:45');
    expect(nags(small.secretary)).toHaveLength(0);
  });

  test('seven days before at 08:00 the committee is nagged: bí thư and phó bí thư where there is no chi ủy, chi ủy viên where there is', async () => {
    await driver.sweepAt('2026-11-26T08:00');
    await eventually(() => {
      for (const user of [small.secretary, small.deputy, large.secretary, large.committee]) expect(nags(user)).toHaveLength(1);
    });
    for (const user of [small.member, small.exempt, large.member]) expect(nags(user)).toHaveLength(0);
    const nag = nags(small.secretary)[0]!;
    expect(nag.text).toContain('03/12/2026');
    expect(nag.text).toContain('còn 7 ngày');
    expect(JSON.stringify(nag.reply_markup)).toContain(`prep:${meetingIds.small}:held`);
  });

  test('nobody is nagged twice the same day, with two workers and repeated sweeps', async () => {
    await driver.sweepAt('2026-11-26T08:00', 3);
    await driver.sweepAt('2026-11-26T14:15', 2);
    await new Promise((r) => setTimeout(r, 300));
    for (const user of [small.secretary, small.deputy, large.secretary, large.committee]) expect(nags(user)).toHaveLength(1);
    await driver.sweepAt('2026-11-27T08:00');
    await eventually(() => expect(nags(small.deputy)).toHaveLength(2));
  });

  test('the bí thư records the preparatory meeting in chat and every active member gets the notice', async () => {
    h.clock.set('2026-11-29T20:00:00+07:00');
    const say = async (text: string) => h.fake.deliverToWebhook(h.fake.sendText(small.secretary, text));
    await h.fake.deliverToWebhook(h.fake.pressButton(small.secretary, `prep:${meetingIds.small}:held`));
    expect(h.fake.sent(small.secretary.id).at(-1)?.text).toBe(prepTexts.askHeldDate);
    await say('29/11');
    await say('Kiểm điểm nghị quyết tháng 11\nTriển khai nhiệm vụ tháng 12');
    await say('Vệ sinh môi trường khu phố');
    expect(h.fake.sent(small.secretary.id).at(-1)?.text).toContain('Đỗ Mai');
    await say('3');
    expect(h.fake.sent(small.secretary.id).at(-1)?.text).toContain('Chuẩn bị phát biểu: Đỗ Mai');
    await h.fake.deliverToWebhook(h.fake.pressButton(small.secretary, `prepok:${meetingIds.small}`));
    expect(h.fake.sent(small.secretary.id).at(-1)?.text).toMatch(/Đã ghi nhận họp chi ủy/);
    await eventually(() => {
      const notice = h.fake.sent(small.member.id).find((m) => m.text?.includes('Triển khai nhiệm vụ tháng 12'));
      expect(notice?.text).toContain('Đỗ Mai');
      expect(h.fake.sent(supervisor.id).some((m) => m.text?.includes('Triển khai nhiệm vụ tháng 12'))).toBe(true);
    });
    expect(h.fake.sent(small.exempt.id).some((m) => m.text?.includes('Triển khai nhiệm vụ'))).toBe(false);
  });

  test('two days before, a branch still without its preparatory meeting is escalated to the supervisor and its bí thư is told; the recorded one is not', async () => {
    await driver.sweepAt('2026-12-01T08:00');
    await eventually(() => {
      expect(h.fake.sent(supervisor.id).filter((m) => m.text?.includes('Chi bộ Lớn chưa ghi nhận họp chi ủy'))).toHaveLength(1);
      expect(h.fake.sent(large.secretary.id).some((m) => m.text?.startsWith('Trợ lý đã báo đồng chí cấp ủy viên phụ trách'))).toBe(true);
    });
    expect(h.fake.sent(supervisor.id).some((m) => m.text?.includes('Chi bộ Nhỏ chưa ghi nhận'))).toBe(false);
    // Recording stopped the small branch's nags; the large one is still nagged.
    expect(nags(small.secretary).filter((m) => m.text?.includes('còn 2 ngày'))).toHaveLength(0);
    await eventually(() => expect(nags(large.secretary).some((m) => m.text?.includes('còn 2 ngày'))).toBe(true));
    await driver.sweepAt('2026-12-02T08:00');
    await new Promise((r) => setTimeout(r, 300));
    expect(h.fake.sent(supervisor.id).filter((m) => m.text?.includes('Chi bộ Lớn chưa ghi nhận họp chi ủy'))).toHaveLength(1);
    // The day before, "ngày mai" rather than "còn 1 ngày".
    await eventually(() => expect(nags(large.secretary).some((m) => m.text?.includes('lúc 19:30 (ngày mai)'))).toBe(true));
  });

  test('a process back from a downtime in the evening of the meeting day sends no nag about a meeting already under way', async () => {
    const before = nags(large.secretary).length;
    await driver.sweepAt('2026-12-03T20:00');
    await new Promise((r) => setTimeout(r, 300));
    expect(nags(large.secretary)).toHaveLength(before);
    expect(h.fake.sent(large.secretary.id).some((m) => m.text?.includes('còn 0 ngày'))).toBe(false);
  });

  test('an ordinary member cannot record the preparatory meeting', async () => {
    h.clock.set('2026-12-02T09:00:00+07:00');
    await h.fake.deliverToWebhook(h.fake.sendText(large.member, '/hopchiuy'));
    expect(h.fake.sent(large.member.id).at(-1)?.text).toBe(prepTexts.notPreparer);
  });
});
