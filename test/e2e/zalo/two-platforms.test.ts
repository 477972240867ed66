import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import { chatIdentities } from '../../../src/modules/identities/identities.table.js';
import { rsvps } from '../../../src/modules/meetings/attendance.table.js';
import { createMeetingsRepository } from '../../../src/modules/meetings/meetings.repository.js';
import { ensureRegularMeetings } from '../../../src/modules/meetings/schedule.usecases.js';
import { members } from '../../../src/modules/members/members.table.js';
import { outbox } from '../../../src/modules/outbox/outbox.table.js';
import { rsvpTexts } from '../../../src/texts/index.js';
import type { FakeUser } from '../../fakes/telegram/index.js';
import { chatWith } from '../../support/chat.js';
import { eventually, startHarness, type Harness } from '../../support/app-harness.js';
import { createCycleDriver } from '../../support/cycle-driver.js';
import { seedBranch, seedMember } from '../../support/seed.js';
import { zaloChatWith } from '../../support/zalo-chat.js';
import { joinOnZalo, noticesTo, type ZaloMember } from '../../support/zalo-flows.js';

// Members who linked both Telegram and Zalo are still one member each: one notice, on one
// account (the preferred platform, else the account linked first), and one answer, whichever
// account it comes from.
let h: Harness;
let cycle: ReturnType<typeof createCycleDriver>;
const zalo = zaloChatWith(() => h);
const telegram = chatWith(() => h);
let meetingId = 0;
let sec: ZaloMember;
type Both = ZaloMember & { tg: FakeUser };
// Bốn: Telegram first, then Zalo, prefers Zalo. Năm: Zalo first, then Telegram, no preference.
// Sáu: Zalo first, then Telegram, prefers Telegram.
let bon: Both, nam: Both, sau: Both;

const tgNotices = (u: FakeUser) => h.fake.sent(u.id).filter((m) => m.text?.startsWith('THÔNG BÁO SINH HOẠT CHI BỘ'));
const linkTelegram = async (tg: FakeUser, phone: string) => {
  expect((await h.fake.deliverToWebhook(h.fake.sendContact(tg, { phone_number: phone, user_id: tg.id }))).status).toBe(200);
};
const noticeRows = (memberId: number) =>
  h.tdb.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.memberId, memberId), like(outbox.dedupeKey, `notice:${meetingId}:%`)));
const rsvpRows = (memberId: number) =>
  h.tdb.db
    .select()
    .from(rsvps)
    .where(and(eq(rsvps.meetingId, meetingId), eq(rsvps.memberId, memberId)));

beforeAll(async () => {
  h = await startHarness({ mode: 'webhook', zalo: true, start: '2026-11-28T09:00:00+07:00' });
  cycle = createCycleDriver(h);
  const db = h.tdb.db;
  const { branch } = await seedBranch(db, 'Chi bộ Hai Mạng');
  sec = await joinOnZalo(h, zalo, branch, { fullName: 'Phạm Văn Bí', phone: '0917000001', role: 'secretary' });

  const bonMember = await seedMember(db, branch, { fullName: 'Hoàng Thị Bốn', phone: '0917000004' });
  const bonTg = { id: 7004, first_name: 'Bốn' };
  await linkTelegram(bonTg, bonMember.phone);
  h.clock.advance(60_000);
  const bonZalo = h.zalo.user('Bốn');
  await zalo.follow(bonZalo);
  expect(await zalo.submitPhone(bonZalo, bonMember.phone)).toHaveLength(1);
  bon = { member: bonMember, user: bonZalo, tg: bonTg };

  h.clock.advance(60_000);
  const namZ = await joinOnZalo(h, zalo, branch, { fullName: 'Bùi Văn Năm', phone: '0917000005' });
  h.clock.advance(60_000);
  nam = { ...namZ, tg: { id: 7005, first_name: 'Năm' } };
  await linkTelegram(nam.tg, nam.member.phone);

  const sauZ = await joinOnZalo(h, zalo, branch, { fullName: 'Phan Văn Sáu', phone: '0917000006' });
  h.clock.advance(60_000);
  sau = { ...sauZ, tg: { id: 7006, first_name: 'Sáu' } };
  await linkTelegram(sau.tg, sau.member.phone);

  await db.update(members).set({ preferredPlatform: 'zalo' }).where(eq(members.id, bon.member.id));
  await db.update(members).set({ preferredPlatform: 'telegram' }).where(eq(members.id, sau.member.id));
  await ensureRegularMeetings({ periods: ['2026-12'], branchIds: [branch.id] }, { db, clock: h.clock });
  meetingId = (await createMeetingsRepository({ db }).findRegular(branch.id, '2026-12'))!.id;
});
afterAll(async () => {
  await cycle?.close();
  await h?.close();
});

describe('a member linked on both Telegram and Zalo', () => {
  test('linking the second platform adds an account to the same roster member', async () => {
    for (const p of [bon, nam, sau]) {
      const accounts = await h.tdb.db.select().from(chatIdentities).where(eq(chatIdentities.memberId, p.member.id));
      expect(accounts.map((a) => a.platform).sort()).toEqual(['telegram', 'zalo']);
    }
    expect(await h.tdb.db.select().from(members).where(eq(members.phone, bon.member.phone))).toHaveLength(1);
  });

  test('gets the notice once, on the preferred platform, else on the account linked first', async () => {
    await cycle.sweepAt('2026-11-30T08:00');
    await eventually(() => {
      expect(noticesTo(h, bon.user)).toHaveLength(1);
      expect(noticesTo(h, nam.user)).toHaveLength(1);
      expect(tgNotices(sau.tg)).toHaveLength(1);
    });
    // One intent per member, on one account: the other account is never written to.
    for (const [p, platform] of [
      [bon, 'zalo'],
      [nam, 'zalo'],
      [sau, 'telegram'],
    ] as const) {
      expect((await noticeRows(p.member.id)).map((r) => r.platform)).toEqual([platform]);
    }
    expect(tgNotices(bon.tg)).toHaveLength(0);
    expect(tgNotices(nam.tg)).toHaveLength(0);
    expect(noticesTo(h, sau.user)).toHaveLength(0);
  });

  test('an answer tapped on Zalo and changed on Telegram lands on the same member, once', async () => {
    h.clock.set('2026-11-30T20:00:00+07:00');
    expect(await zalo.tap(bon.user, `rsvp:${meetingId}:y`)).toContain('Đã ghi nhận: đồng chí tham dự');
    expect(await rsvpRows(bon.member.id)).toMatchObject([{ answer: 'attend' }]);
    expect(await telegram.deliver(bon.tg, h.fake.pressButton(bon.tg, `rsvp:${meetingId}:n`))).toBe(rsvpTexts.askReason);
    expect(await telegram.say(bon.tg, 'Đi viện thăm mẹ')).toContain('Lý do: Đi viện thăm mẹ');
    expect(await rsvpRows(bon.member.id)).toMatchObject([{ answer: 'away', reason: 'Đi viện thăm mẹ' }]);
  });

  test('an answer from the account that did not get the notice counts too', async () => {
    expect(await telegram.deliver(nam.tg, h.fake.pressButton(nam.tg, `rsvp:${meetingId}:y`))).toContain('Đã ghi nhận: đồng chí tham dự');
    expect(await zalo.tap(sau.user, `rsvp:${meetingId}:y`)).toContain('Đã ghi nhận: đồng chí tham dự');
    expect(await rsvpRows(nam.member.id)).toMatchObject([{ answer: 'attend' }]);
    expect(await rsvpRows(sau.member.id)).toMatchObject([{ answer: 'attend' }]);
  });

  test("the bí thư's /tinhhinh on Zalo counts each of them once", async () => {
    const summary = await zalo.say(sec.user, '/tinhhinh');
    expect(summary).toContain('Đảng viên phải dự: 4');
    expect(summary).toContain('Tham dự: 2\n- Bùi Văn Năm\n- Phan Văn Sáu');
    expect(summary).toContain('Báo vắng: 1\n- Hoàng Thị Bốn: Đi viện thăm mẹ');
    expect(summary).toContain('Chưa trả lời: 1\n- Phạm Văn Bí');
  });
});
