import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import { rsvps } from '../../../src/modules/meetings/attendance.table.js';
import { createMeetingsRepository } from '../../../src/modules/meetings/meetings.repository.js';
import { ensureRegularMeetings } from '../../../src/modules/meetings/schedule.usecases.js';
import { outbox } from '../../../src/modules/outbox/outbox.table.js';
import { bot, outboxTexts } from '../../../src/texts/index.js';
import { eventually, startHarness, type Harness } from '../../support/app-harness.js';
import { createCycleDriver } from '../../support/cycle-driver.js';
import { seedBranch } from '../../support/seed.js';
import { zaloButtonsOf, zaloChatWith } from '../../support/zalo-chat.js';
import { wordsOf } from '../../support/outbox-words.js';
import {
  countTo,
  outboxQueuesFor,
  csCallsTo,
  csErrorsTo,
  joinOnZalo,
  noticesTo,
  textsTo,
  type ZaloMember,
} from '../../support/zalo-flows.js';

// A month on Zalo, where the OA may write to someone only within 7 days of their last message.
// Everyone joins on 5/11/2026; the bí thư, phó bí thư and Lan write again on 29/11, Hà does
// not write until the day before the December meeting (moved from Thursday 3/12 to Wednesday 2/12).
let h: Harness;
let cycle: ReturnType<typeof createCycleDriver>;
let sweeper: ReturnType<typeof outboxQueuesFor>;
const chat = zaloChatWith(() => h);
let meetingId = 0;
let sec: ZaloMember, dep: ZaloMember, lan: ZaloMember, ha: ZaloMember;
let callsToHaAfterJoining = 0;
const DAY = 86_400_000;
const unreachableHa = outboxTexts.unreachable({ fullName: 'Hồ Thị Hà', platform: 'zalo' });

const haRows = () =>
  h.tdb.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.memberId, ha.member.id), eq(outbox.platform, 'zalo')))
    .orderBy(outbox.id);

beforeAll(async () => {
  h = await startHarness({ zalo: true, start: '2026-11-05T09:00:00+07:00' });
  cycle = createCycleDriver(h);
  sweeper = outboxQueuesFor(h);
  const { branch } = await seedBranch(h.tdb.db, 'Chi bộ Ấp Bắc');
  const join = (fullName: string, phone: string, extra = {}) => joinOnZalo(h, chat, branch, { fullName, phone, ...extra });
  sec = await join('Phạm Văn Bí', '0915000001', { role: 'secretary' });
  dep = await join('Lê Thị Phó', '0915000002', { role: 'deputy' });
  lan = await join('Nguyễn Thị Lan', '0915000003');
  ha = await join('Hồ Thị Hà', '0915000004');
  callsToHaAfterJoining = csCallsTo(h, ha.user).length;
  await ensureRegularMeetings({ periods: ['2026-12'], branchIds: [branch.id] }, { db: h.tdb.db, clock: h.clock });
  meetingId = (await createMeetingsRepository({ db: h.tdb.db }).findRegular(branch.id, '2026-12'))!.id;
});
afterAll(async () => {
  await sweeper?.close();
  await cycle?.close();
  await h?.close();
});

describe('the 7-day reply window across a month', () => {
  test('the notice reaches those who wrote within 7 days, and is not even attempted for a member silent for 25 days', async () => {
    h.clock.set('2026-11-29T20:00:00+07:00');
    for (const p of [sec, dep, lan]) await chat.say(p.user, '/lich');
    await cycle.sweepAt('2026-11-30T08:00');
    await eventually(() => {
      for (const p of [sec, dep, lan]) expect(noticesTo(h, p.user)).toHaveLength(1);
    });
    await eventually(async () => expect((await haRows()).map((r) => r.status)).toEqual(['held']));
    // Zalo would refuse her (-230): her last message is 25 days old.
    expect(h.clock.now().getTime() - h.zalo.lastInteraction(ha.user.id)!.getTime()).toBeGreaterThan(7 * DAY);
    expect(csCallsTo(h, ha.user)).toHaveLength(callsToHaAfterJoining);
    expect(csErrorsTo(h, ha.user)).toEqual([]);
    expect(noticesTo(h, ha.user)).toHaveLength(0);
  });

  test('the bí thư and phó bí thư are told by name that Hà cannot be reached on Zalo, once that day however much is held', async () => {
    await sweeper.sweep(60_000);
    await eventually(() => {
      for (const p of [sec, dep]) expect(countTo(h, p.user, unreachableHa)).toBe(1);
    });
    expect(countTo(h, lan.user, 'chưa gửi được')).toBe(0);
    // The same day the bí thư moves the meeting: everyone gets a new notice, Hà's is held too…
    h.clock.set('2026-11-30T10:00:00+07:00');
    expect(await chat.say(sec.user, '/doilich 2/12 19:30 Nhà văn hóa ấp')).toContain('Đã đổi lịch sinh hoạt');
    await eventually(() => expect(noticesTo(h, lan.user)).toHaveLength(2));
    await eventually(async () => expect((await haRows()).map((r) => r.status)).toEqual(['held', 'held']));
    // …and the leaders are not told about her a second time that day.
    const told = await h.tdb.db
      .select()
      .from(outbox)
      .where(like(outbox.dedupeKey, `unreachable:${ha.member.id}:%`));
    expect(told.map((r) => r.memberId).sort()).toEqual([sec.member.id, dep.member.id].sort());
    await sweeper.sweep(60_000);
    expect(countTo(h, sec.user, unreachableHa)).toBe(1);
    expect(csErrorsTo(h, ha.user)).toEqual([]);
  });

  test('on a later day, a new message held for her tells the bí thư again', async () => {
    await cycle.sweepAt('2026-12-01T08:00'); // the day before the moved meeting: reminders
    await eventually(async () => expect((await haRows()).map((r) => r.status)).toEqual(['held', 'held', 'held']));
    await eventually(() => expect(countTo(h, sec.user, 'Nhắc lịch: ngày mai')).toBe(1));
    await sweeper.sweep(60_000);
    await eventually(() => expect(countTo(h, sec.user, unreachableHa)).toBe(2));
    expect(csErrorsTo(h, ha.user)).toEqual([]);
  });

  test('when Hà writes anything, the bot answers her first and everything held for her is delivered right after', async () => {
    h.clock.set('2026-12-01T18:00:00+07:00');
    const before = h.zalo.sent(ha.user.id).length;
    const [answer] = await chat.deliver(ha.user, h.zalo.userSendText(ha.user, 'Chào chi bộ'));
    expect(answer?.text).toBe(bot.account.notUnderstood);
    await eventually(() => expect(h.zalo.sent(ha.user.id).length - before).toBe(4));
    const [first, ...held] = textsTo(h, ha.user).slice(before);
    expect(first).toBe(bot.account.notUnderstood);
    // Both notices (before and after the move) and the reminder, in the order they were written:
    // the last one she reads about the meeting is the moved date.
    expect(held).toEqual((await haRows()).map((r) => wordsOf(r).text));
    const notices = held.filter((t) => t.startsWith('THÔNG BÁO SINH HOẠT CHI BỘ'));
    expect(notices.map((t) => /Thời gian: (.*)/.exec(t)?.[1]).sort()).toEqual(['19:30, Thứ Năm 03/12/2026', '19:30, Thứ Tư 02/12/2026']);
    expect(held.filter((t) => t.startsWith('Nhắc lịch: ngày mai'))).toHaveLength(1);
    expect((await haRows()).map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    expect(csErrorsTo(h, ha.user)).toEqual([]);
  });

  test('she answers from the delivered notice and her answer counts for the moved meeting', async () => {
    const moved = noticesTo(h, ha.user).find((m) => m.text?.includes('Thứ Tư 02/12/2026'));
    const [attend] = zaloButtonsOf(moved);
    expect(attend).toBe(`rsvp:${meetingId}:y`);
    expect(await chat.tap(ha.user, attend!)).toContain('Đã ghi nhận: đồng chí tham dự buổi sinh hoạt 19:30, Thứ Tư 02/12/2026');
    const [answer] = await h.tdb.db
      .select()
      .from(rsvps)
      .where(and(eq(rsvps.meetingId, meetingId), eq(rsvps.memberId, ha.member.id)));
    expect(answer).toMatchObject({ answer: 'attend' });
  });
});
