import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { like } from 'drizzle-orm';
import { createMeetingsRepository } from '../../../src/modules/meetings/meetings.repository.js';
import { ensureRegularMeetings } from '../../../src/modules/meetings/schedule.usecases.js';
import { unitRoles } from '../../../src/modules/unit-roles/unit-roles.table.js';
import { outbox } from '../../../src/modules/outbox/outbox.table.js';
import { prepTexts, rsvpTexts } from '../../../src/texts/index.js';
import { eventually, startHarness, type Harness } from '../../support/app-harness.js';
import { createCycleDriver } from '../../support/cycle-driver.js';
import { seedBranch, seedMember } from '../../support/seed.js';
import { zaloButtonsOf, zaloChatWith } from '../../support/zalo-chat.js';
import { countTo, csErrorsTo, joinOnZalo, noticesTo, textsTo, type ZaloMember } from '../../support/zalo-flows.js';

// The weeks before the December meeting (Thursday 3/12/2026, 19:30) for two branches whose
// members all use Zalo: a small one without chi ủy that records its preparatory meeting by
// tapping the nag's buttons, and one with a chi ủy that never does and is escalated.
let h: Harness;
let cycle: ReturnType<typeof createCycleDriver>;
const chat = zaloChatWith(() => h);
const meetingOf = { small: 0, large: 0 };
let small: Record<'sec' | 'dep' | 'mai' | 'exempt', ZaloMember>;
let large: Record<'sec' | 'ctte' | 'ha', ZaloMember>;
let sup: ZaloMember;

const nags = (p: ZaloMember) => h.zalo.sent(p.user.id).filter((m) => m.text?.startsWith('Nhắc việc'));
const escalation = 'Chi bộ Tổ 2 chưa ghi nhận họp chi ủy';

beforeAll(async () => {
  h = await startHarness({ zalo: true, start: '2026-11-25T09:00:00+07:00' });
  cycle = createCycleDriver(h);
  const db = h.tdb.db;
  const a = (await seedBranch(db, 'Chi bộ Tổ 1')).branch;
  const b = (await seedBranch(db, 'Chi bộ Tổ 2')).branch;
  const join = (branch: typeof a, fullName: string, phone: string, extra = {}) =>
    joinOnZalo(h, chat, branch, { fullName, phone, ...extra });
  small = {
    sec: await join(a, 'Trần Văn Sơn', '0941000001', { role: 'secretary' }),
    dep: await join(a, 'Lê Thị Phó', '0941000002', { role: 'deputy' }),
    mai: await join(a, 'Đỗ Thị Mai', '0941000003'),
    exempt: await join(a, 'Ngô Văn Tư', '0941000004', { status: 'exempt' }),
  };
  large = {
    sec: await join(b, 'Phan Văn Lâm', '0942000001', { role: 'secretary' }),
    ctte: await join(b, 'Vũ Văn Ủy', '0942000002', { role: 'committee_member' }),
    ha: await join(b, 'Hồ Thị Hà', '0942000003'),
  };
  // Ten official members: the large branch has a chi ủy, so its chi ủy viên prepares too.
  for (let i = 4; i <= 10; i++) await seedMember(db, b, { fullName: `Đảng viên ${i}`, phone: `09420000${String(i).padStart(2, '0')}` });
  sup = await join((await seedBranch(db, 'Chi bộ Văn phòng')).branch, 'Đinh Văn Giám Sát', '0949000001');
  await db.insert(unitRoles).values([a, b].map((x) => ({ orgUnitId: x.id, memberId: sup.member.id, role: 'supervisor' as const })));
  await ensureRegularMeetings({ periods: ['2026-12'], branchIds: [a.id, b.id] }, { db, clock: h.clock });
  const repo = createMeetingsRepository({ db });
  meetingOf.small = (await repo.findRegular(a.id, '2026-12'))!.id;
  meetingOf.large = (await repo.findRegular(b.id, '2026-12'))!.id;
});
afterAll(async () => {
  await cycle?.close();
  await h?.close();
});

describe('preparatory-meeting nags on Zalo', () => {
  test('seven days before at 08:00 the preparers on Zalo are nagged with the two buttons; ordinary and exempt members are not', async () => {
    await cycle.sweepAt('2026-11-26T08:00', 2);
    const preparers = [small.sec, small.dep, large.sec, large.ctte];
    await eventually(() => {
      for (const p of preparers) expect(nags(p)).toHaveLength(1);
    });
    for (const p of [small.mai, small.exempt, large.ha, sup]) expect(nags(p)).toHaveLength(0);
    const nag = nags(small.dep)[0]!;
    expect(nag.text).toContain('03/12/2026 lúc 19:30 (còn 7 ngày)');
    expect(zaloButtonsOf(nag)).toEqual([`prep:${meetingOf.small}:held`, `prep:${meetingOf.small}:planned`]);
    expect(nag.buttons).toEqual([
      { title: prepTexts.buttonHeld, type: 'oa.query.hide', payload: `prep:${meetingOf.small}:held` },
      { title: prepTexts.buttonPlanned, type: 'oa.query.hide', payload: `prep:${meetingOf.small}:planned` },
    ]);
    expect(zaloButtonsOf(nags(large.ctte)[0])).toEqual([`prep:${meetingOf.large}:held`, `prep:${meetingOf.large}:planned`]);
  });

  test('an ordinary member tapping a forwarded nag button is told kindly that only the committee records it', async () => {
    expect(await chat.tap(large.ha.user, `prep:${meetingOf.large}:held`)).toBe(prepTexts.notPreparer);
    expect(await createMeetingsRepository({ db: h.tdb.db }).prepFor(meetingOf.large)).toBeFalsy();
  });
});

describe('recording the preparatory meeting from Zalo', () => {
  test('the bí thư taps "Đã họp chi ủy", types the answers, confirms by tapping, and the notice reaches the members on Zalo', async () => {
    h.clock.set('2026-11-29T20:00:00+07:00');
    const { sec } = small;
    expect(await chat.tap(sec.user, `prep:${meetingOf.small}:held`)).toBe(prepTexts.askHeldDate);
    expect(await chat.say(sec.user, '29/11')).toBe(prepTexts.askAgenda);
    expect(await chat.say(sec.user, 'Kiểm điểm nghị quyết tháng 11\nTriển khai nhiệm vụ tháng 12')).toBe(prepTexts.askKeyIssues);
    const list = await chat.say(sec.user, 'Vệ sinh môi trường tổ dân phố');
    const n = /(\d+)\. Đỗ Thị Mai/.exec(list)?.[1];
    expect(n).toBeDefined();
    expect(await chat.say(sec.user, n!)).toContain('Chuẩn bị phát biểu: Đỗ Thị Mai');
    const summary = h.zalo.sent(sec.user.id).at(-1)!;
    expect(zaloButtonsOf(summary)).toEqual([`prepok:${meetingOf.small}`, `prepno:${meetingOf.small}`]);
    expect(await chat.tap(sec.user, `prepok:${meetingOf.small}`)).toMatch(/^Đã ghi nhận họp chi ủy\. Trợ lý đã gửi thông báo/);

    await eventually(() => {
      for (const p of [small.sec, small.dep, small.mai]) expect(noticesTo(h, p.user)).toHaveLength(1);
      expect(countTo(h, sup.user, 'Triển khai nhiệm vụ tháng 12')).toBe(1);
    });
    const notice = noticesTo(h, small.mai.user)[0]!;
    expect(notice.text).toContain('19:30, Thứ Năm 03/12/2026');
    expect(notice.text).toContain('2. Triển khai nhiệm vụ tháng 12');
    expect(notice.text).toContain('- Vệ sinh môi trường tổ dân phố');
    expect(notice.text).toContain('Đồng chí được phân công chuẩn bị ý kiến phát biểu.');
    expect(zaloButtonsOf(notice)).toEqual([`rsvp:${meetingOf.small}:y`, `rsvp:${meetingOf.small}:n`]);
    expect(notice.buttons).toMatchObject([{ title: rsvpTexts.buttonAttend }, { title: rsvpTexts.buttonAway }]);
    // The supervisor's copy is for information: no buttons.
    expect(h.zalo.sent(sup.user.id).find((m) => m.text?.includes('để biết'))?.kind).toBe('text');
    expect(noticesTo(h, small.exempt.user)).toHaveLength(0);
    expect(await createMeetingsRepository({ db: h.tdb.db }).prepFor(meetingOf.small)).toMatchObject({
      state: 'held',
      onDate: '2026-11-29',
    });
  });

  test('a second tap on the old confirm button records nothing twice', async () => {
    const said = await chat.tap(small.sec.user, `prepok:${meetingOf.small}`);
    expect(said).toBe(prepTexts.meetingGone);
    const written = await h.tdb.db
      .select()
      .from(outbox)
      .where(like(outbox.dedupeKey, `notice:${meetingOf.small}:%`));
    expect(written).toHaveLength(4); // Sơn, Phó, Mai and the supervisor, once each
    expect(noticesTo(h, small.mai.user)).toHaveLength(1);
  });
});

describe('escalation when the chi ủy on Zalo has not recorded it', () => {
  test('two days before, the supervisor on Zalo is told about the large branch only, and its bí thư hears that we did', async () => {
    await cycle.sweepAt('2026-12-01T08:00');
    await eventually(() => {
      expect(countTo(h, sup.user, escalation)).toBe(1);
      expect(textsTo(h, large.sec.user).some((t) => t.startsWith('Trợ lý đã báo đồng chí cấp ủy viên phụ trách'))).toBe(true);
      expect(nags(large.ctte).some((m) => m.text?.includes('còn 2 ngày'))).toBe(true);
    });
    expect(countTo(h, sup.user, 'Chi bộ Tổ 1 chưa ghi nhận')).toBe(0);
    // Recording stopped the small branch's nags.
    expect(nags(small.sec).filter((m) => m.text?.includes('còn 2 ngày'))).toHaveLength(0);
  });

  test('the next day the supervisor is not told again, and nobody on Zalo was ever written to outside the window', async () => {
    await cycle.sweepAt('2026-12-02T08:00');
    await eventually(() => expect(nags(large.ctte).some((m) => m.text?.includes('(ngày mai)'))).toBe(true));
    expect(countTo(h, sup.user, escalation)).toBe(1);
    for (const p of [...Object.values(small), ...Object.values(large), sup]) expect(csErrorsTo(h, p.user)).toEqual([]);
  });
});
