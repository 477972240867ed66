import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { sweepPolls } from '../../../src/jobs/polls.jobs.js';
import { polls, pollVotes } from '../../../src/modules/polls/polls.table.js';
import { pollsFlowTexts as t, pollsTexts, zaloTexts } from '../../../src/texts/index.js';
import type { FakeUser } from '../../fakes/telegram/index.js';
import type { FakeZaloUser } from '../../fakes/zalo/index.js';
import { eventually, startHarness, type Harness } from '../../support/app-harness.js';
import { seedBranch, seedMember } from '../../support/seed.js';
import { zaloButtonsOf, zaloChatWith } from '../../support/zalo-chat.js';
import { linkOnZalo, outboxQueuesFor, zaloButton, zaloSentWith } from '../../support/zalo-flows.js';

// Quick polls with a Zalo bí thư and a mixed branch: Zalo has no native poll, so each option is
// a button `pv:<poll>:<option>`; Telegram members answer the native poll; both land in the same
// ballots, one per member (test/e2e/polls.test.ts is the Telegram-only version).
let h: Harness;
let queues: ReturnType<typeof outboxQueuesFor>;
const chat = zaloChatWith(() => h);
const hung: FakeUser = { id: 8201, first_name: 'Hùng' },
  bon: FakeUser = { id: 8202, first_name: 'Bốn' };
let sec: FakeZaloUser, lan: FakeZaloUser, mai: FakeZaloUser, bonOnZalo: FakeZaloUser, outsider: FakeZaloUser;
const ids: Record<string, number> = {};

const pollNamed = async (question: string) => (await h.tdb.db.select().from(polls).where(eq(polls.question, question)))[0]!;
const ballots = async (question: string) =>
  (
    await h.tdb.db
      .select()
      .from(pollVotes)
      .where(eq(pollVotes.pollId, (await pollNamed(question)).id))
  )
    .map((v) => [v.memberId, v.optionIds] as const)
    .sort((a, b) => a[0]! - b[0]!);
const telegramPoll = (user: FakeUser, question: string) =>
  h.fake.sent(user.id).find((m) => m.method === 'sendPoll' && m.poll?.question === question)?.poll;
const voteOnTelegram = async (user: FakeUser, question: string, options: number[]) =>
  expect((await h.fake.deliverToWebhook(h.fake.answerPoll(user, telegramPoll(user, question)!.id, options))).status).toBe(200);
/** The Zalo message showing this poll to a member: the question with one button per option. */
const zaloPoll = (user: FakeZaloUser, question: string) =>
  h.zalo.sent(user.id).find((m) => m.text?.startsWith(question) && zaloButtonsOf(m).some((d) => d.startsWith('pv:')));

/** /bieuquyet on Zalo, every choice a tap; returns the answer to the final confirm. */
async function createOnZalo(question: string, options: string[], multiple: boolean): Promise<string> {
  expect(await chat.say(sec, '/bieuquyet')).toContain('Câu hỏi cần biểu quyết');
  await chat.say(sec, question);
  expect(await chat.say(sec, options.join('\n'))).toBe(t.askMultiple);
  await chat.tap(sec, zaloButton(h, sec, 'bqm:', multiple ? ':1' : ':0'));
  await chat.tap(sec, zaloButton(h, sec, 'bqa:', ':0'));
  await chat.tap(sec, zaloButton(h, sec, 'bqd:', ':d1'));
  const preview = await chat.tap(sec, zaloButton(h, sec, 'bqs:', ':1'));
  expect(preview).toContain('Gửi tới: cả chi bộ — 6 đồng chí (5 đồng chí có tài khoản chat)');
  return chat.tap(sec, zaloButton(h, sec, 'bqok:'));
}

beforeAll(async () => {
  h = await startHarness({ zalo: true, mode: 'webhook', start: '2026-12-01T09:00:00+07:00' });
  queues = outboxQueuesFor(h);
  const db = h.tdb.db;
  const { branch } = await seedBranch(db, 'Chi bộ Khu phố 3');
  const { branch: other } = await seedBranch(db, 'Chi bộ Khu phố 4');
  const people = [
    ['sec', 'Trần Văn Sơn', '0917100001', 'secretary', branch],
    ['lan', 'Đỗ Thị Lan', '0917100002', 'member', branch],
    ['hung', 'Ngô Văn Hùng', '0917100003', 'member', branch],
    ['mai', 'Lê Thị Mai', '0917100004', 'member', branch],
    ['bon', 'Hoàng Thị Bốn', '0917100005', 'member', branch],
    ['tu', 'Võ Thị Tư', '0917100006', 'member', branch],
    ['khac', 'Lý Văn Khác', '0917100007', 'member', other],
  ] as const;
  for (const [key, fullName, phone, role, b] of people) ids[key] = (await seedMember(db, b, { fullName, phone, role })).id;
  for (const [user, phone] of [
    [hung, '0917100003'],
    [bon, '0917100005'],
  ] as const) {
    await h.fake.deliverToWebhook(h.fake.sendContact(user, { phone_number: phone, user_id: user.id }));
  }
  sec = await linkOnZalo(h, chat, 'Sơn', '84917100001');
  lan = await linkOnZalo(h, chat, 'Lan', '84917100002');
  mai = await linkOnZalo(h, chat, 'Mai', '84917100004');
  // Bốn linked Telegram first and Zalo later: the poll comes to her on Telegram.
  bonOnZalo = await linkOnZalo(h, chat, 'Bốn', '84917100005');
  outsider = await linkOnZalo(h, chat, 'Khác', '84917100007');
});
afterAll(async () => {
  await queues?.close();
  await h?.close();
});

const Q1 = 'Chọn ngày tổng vệ sinh khu phố tháng 12?';
const Q1_OPTIONS = ['Thứ Bảy 12/12', 'Chủ nhật 13/12', 'Thứ Bảy 19/12'];

/** The notices that stop a Zalo copy of a poll (the final results say the same words in a longer text). */
const stopNotices = (user: FakeZaloUser) => h.zalo.sent(user.id).filter((m) => m.text === zaloTexts.pollClosed).length;

describe('a single-choice poll created on Zalo', () => {
  test('Zalo members see the question with one button per option; Telegram members get the native poll', async () => {
    expect(await createOnZalo(Q1, Q1_OPTIONS, false)).toContain('Đã gửi biểu quyết tới 5 đồng chí');
    const poll = await pollNamed(Q1);
    for (const user of [sec, lan, mai]) {
      const shown = await eventually(() => {
        const m = zaloPoll(user, Q1);
        expect(m).toBeDefined();
        return m!;
      });
      expect(shown.text).toBe(Q1);
      expect(zaloButtonsOf(shown)).toEqual([0, 1, 2].map((i) => `pv:${poll.id}:${i}`));
      expect((shown.buttons as { title: string }[]).map((b) => b.title)).toEqual(Q1_OPTIONS);
    }
    for (const user of [hung, bon]) await eventually(() => expect(telegramPoll(user, Q1)?.options.map((o) => o.text)).toEqual(Q1_OPTIONS));
    expect(zaloPoll(bonOnZalo, Q1)).toBeUndefined();
    expect(zaloPoll(outsider, Q1)).toBeUndefined();
  });

  test('taps and Telegram votes are counted together in /ketqua; a second tap changes the choice', async () => {
    const id = (await pollNamed(Q1)).id;
    expect(await chat.tap(lan, `pv:${id}:0`)).toBe(zaloTexts.voteRecorded(['Thứ Bảy 12/12']));
    expect(await chat.tap(mai, `pv:${id}:1`)).toBe(zaloTexts.voteRecorded(['Chủ nhật 13/12']));
    expect(await chat.tap(mai, `pv:${id}:2`)).toBe(zaloTexts.voteRecorded(['Thứ Bảy 19/12']));
    await voteOnTelegram(hung, Q1, [1]);
    expect(await ballots(Q1)).toEqual([
      [ids.lan, [0]],
      [ids.hung, [1]],
      [ids.mai, [2]],
    ]);
    const live = await chat.say(sec, '/ketqua');
    expect(live).toContain('1. Thứ Bảy 12/12: 1 phiếu\n   Đỗ Thị Lan');
    expect(live).toContain('2. Chủ nhật 13/12: 1 phiếu\n   Ngô Văn Hùng');
    expect(live).toContain('3. Thứ Bảy 19/12: 1 phiếu\n   Lê Thị Mai');
    expect(live).toContain('Đã biểu quyết: 3/6');
  });

  test('a member linked on both platforms votes once: her Zalo tap replaces her Telegram vote', async () => {
    const id = (await pollNamed(Q1)).id;
    await voteOnTelegram(bon, Q1, [0]);
    expect(await chat.tap(bonOnZalo, `pv:${id}:2`)).toBe(zaloTexts.voteRecorded(['Thứ Bảy 19/12']));
    expect((await ballots(Q1)).filter(([m]) => m === ids.bon)).toEqual([[ids.bon, [2]]]);
    const live = await chat.say(sec, '/ketqua');
    expect(live).toContain('3. Thứ Bảy 19/12: 2 phiếu');
    expect(live).toContain('Đã biểu quyết: 4/6');
  });

  test('a member of another branch tapping a forged payload changes nothing', async () => {
    const id = (await pollNamed(Q1)).id;
    const before = await ballots(Q1);
    expect(await chat.tap(outsider, `pv:${id}:0`)).toBe(pollsTexts.voteOutcome.not_in_audience);
    expect(await chat.tap(lan, `pv:${id}:7`)).toBe(pollsTexts.voteOutcome.bad_option);
    expect(await chat.tap(lan, 'pv:999999:0')).toBe(pollsTexts.voteOutcome.unknown_poll);
    expect(await ballots(Q1)).toEqual(before);
  });

  test('closing stops the Zalo copies and brings everyone the final results; a tap after the close is refused kindly', async () => {
    const id = (await pollNamed(Q1)).id;
    expect(await chat.say(sec, '/dongbieuquyet')).toBe(t.closing);
    for (const user of [sec, lan, mai]) {
      await eventually(() => {
        expect(stopNotices(user)).toBe(1);
        const final = zaloSentWith(h, user, 'KẾT QUẢ BIỂU QUYẾT').filter((m) => m.text!.includes(Q1) && m.text!.includes(pollsTexts.ended));
        expect(final).toHaveLength(1);
        expect(final[0]!.text).toContain('3. Thứ Bảy 19/12: 2 phiếu');
        expect(final[0]!.text).toContain('Đã biểu quyết: 4/6');
      });
    }
    const before = await ballots(Q1);
    expect(await chat.tap(lan, `pv:${id}:1`)).toBe(pollsTexts.voteOutcome.closed);
    expect(await ballots(Q1)).toEqual(before);
  });
});

const Q2 = 'Góp ý dự thảo báo cáo: chọn các nội dung cần bổ sung';
const Q2_OPTIONS = ['Phát triển đảng viên', 'Kinh tế hộ gia đình', 'An ninh trật tự'];

describe('a multiple-choice poll', () => {
  test('the Zalo question says a tap toggles; each tap adds or removes that option, and the last removal withdraws the ballot', async () => {
    expect(await createOnZalo(Q2, Q2_OPTIONS, true)).toContain('Đã gửi biểu quyết tới 5 đồng chí');
    const id = (await pollNamed(Q2)).id;
    const shown = await eventually(() => {
      const m = zaloPoll(lan, Q2);
      expect(m).toBeDefined();
      return m!;
    });
    expect(shown.text).toBe(`${Q2}\n${zaloTexts.pollMultipleHint}`);
    expect(await chat.tap(lan, `pv:${id}:0`)).toBe(zaloTexts.voteRecorded([Q2_OPTIONS[0]!]));
    expect(await chat.tap(lan, `pv:${id}:2`)).toBe(zaloTexts.voteRecorded([Q2_OPTIONS[0]!, Q2_OPTIONS[2]!]));
    expect(await chat.tap(lan, `pv:${id}:0`)).toBe(zaloTexts.voteRecorded([Q2_OPTIONS[2]!]));
    expect(await chat.tap(mai, `pv:${id}:1`)).toBe(zaloTexts.voteRecorded([Q2_OPTIONS[1]!]));
    expect(await chat.tap(mai, `pv:${id}:1`)).toBe(pollsTexts.voteOutcome.retracted);
    await eventually(() => expect(telegramPoll(hung, Q2)?.allows_multiple_answers).toBe(true));
    await voteOnTelegram(hung, Q2, [0, 1]);
    expect(await ballots(Q2)).toEqual([
      [ids.lan, [2]],
      [ids.hung, [0, 1]],
    ]);
    const live = await chat.say(sec, '/ketqua');
    expect(live).toContain(`1. ${Q2_OPTIONS[0]}: 1 phiếu`);
    expect(live).toContain(`2. ${Q2_OPTIONS[1]}: 1 phiếu`);
    expect(live).toContain(`3. ${Q2_OPTIONS[2]}: 1 phiếu`);
    expect(live).toContain('Đã biểu quyết: 2/6');
  });

  test('at the deadline the poll closes by itself; a tap arriving after it is refused and counts for nothing', async () => {
    const id = (await pollNamed(Q2)).id;
    h.clock.set('2026-12-02T09:00:30+07:00');
    // Past the deadline a tap no longer counts, even before the close has run.
    expect(await chat.tap(lan, `pv:${id}:1`)).toBe(pollsTexts.voteOutcome.closed);
    const noticesBefore = [sec, lan, mai].map(stopNotices);
    await sweepPolls({ db: h.app.db, clock: h.clock, dispatch: queues.dispatch });
    expect((await pollNamed(Q2)).status).toBe('closed');
    // The results (shareResults) and the notice that stops each Zalo copy go to every member:
    // wait for both before Mai taps, or a late notice would be taken for the answer to her tap.
    for (const [i, user] of [sec, lan, mai].entries()) {
      await eventually(() => {
        expect(
          zaloSentWith(h, user, 'KẾT QUẢ BIỂU QUYẾT').filter((m) => m.text!.includes(Q2) && m.text!.includes(pollsTexts.ended)),
        ).toHaveLength(1);
        expect(stopNotices(user)).toBe(noticesBefore[i]! + 1);
      });
    }
    expect(await chat.tap(mai, `pv:${id}:0`)).toBe(pollsTexts.voteOutcome.closed);
    expect(await ballots(Q2)).toEqual([
      [ids.lan, [2]],
      [ids.hung, [0, 1]],
    ]);
  });
});
