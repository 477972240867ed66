import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { members } from '../../src/modules/members/members.table.js';
import { createOrgUnitsRepository } from '../../src/modules/org-units/org-units.repository.js';
import { pollCopies, polls, pollVotes } from '../../src/modules/polls/polls.table.js';
import { sweepPolls } from '../../src/jobs/polls.jobs.js';
import { bot, pollsFlowTexts as t, pollsTexts } from '../../src/texts/index.js';
import type { FakeUser, SentMessage } from '../fakes/telegram/index.js';
import { chatWith } from '../support/chat.js';
import { eventually, startHarness, type Harness } from '../support/app-harness.js';
import { seedBranch, seedMember } from '../support/seed.js';

// Quick polls through the Telegram fake: the bí thư asks in chat, members answer the native
// poll on their phones, the results come back counted per member — or only counted.
let h: Harness;
const u = (id: number, first_name: string): FakeUser => ({ id, first_name });
const sec = u(8101, 'Sơn'),
  dep = u(8102, 'Phó'),
  lan = u(8103, 'Lan'),
  hung = u(8104, 'Hùng'),
  mai = u(8105, 'Mai');
const stranger = u(8999, 'Lạ');
const NAMES = { sec: 'Trần Văn Sơn', dep: 'Phạm Thị Phó', lan: 'Đỗ Thị Lan', hung: 'Ngô Văn Hùng', mai: 'Lê Thị Mai', tu: 'Võ Thị Tư' };
const ids: Record<number, number> = {};

const chat = chatWith(() => h);
const { say } = chat;
/** Press the newest button of this user whose data starts with `prefix` (and ends with `value`). */
/** Tap the newest button of this flow step (`prefix`), the one whose data ends with `value`. */
const press = (user: FakeUser, prefix: string, value = '') => chat.press(user, (d) => d.startsWith(`${prefix}:`) && d.endsWith(value));
const pollsTo = (user: FakeUser) =>
  h.fake.sent(user.id).filter((m): m is SentMessage & { poll: NonNullable<SentMessage['poll']> } => m.method === 'sendPoll' && !!m.poll);
/** The Telegram poll this user received for the poll with this question. */
const copyOf = (user: FakeUser, question: string) => pollsTo(user).find((m) => m.poll.question === question);
const vote = async (user: FakeUser, question: string, options: number[]) =>
  expect((await h.fake.deliverToWebhook(h.fake.answerPoll(user, copyOf(user, question)!.poll.id, options))).status).toBe(200);
const pollNamed = async (question: string) => (await h.tdb.db.select().from(polls).where(eq(polls.question, question)))[0]!;
const votesOf = async (question: string) => {
  const rows = await h.tdb.db
    .select()
    .from(pollVotes)
    .where(eq(pollVotes.pollId, (await pollNamed(question)).id));
  return rows.sort((a, b) => a.voterKey.localeCompare(b.voterKey));
};
/** What delivery workers do, done now: the test need not wait for them. */
const deliverNow = async (outboxIds: number[]) => {
  for (const id of outboxIds) await h.app.deliver(id);
};

/** /bieuquyet from start to preview; returns the preview text. */
async function createUntilPreview(
  user: FakeUser,
  p: {
    question: string;
    options: string[];
    multiple: boolean;
    anonymous: boolean;
    deadline: 'd1' | 'd3' | string;
    group: number;
    share: boolean;
  },
) {
  expect(await say(user, '/bieuquyet')).toContain('Câu hỏi cần biểu quyết');
  expect(await say(user, p.question)).toContain('mỗi phương án một dòng');
  expect(await say(user, p.options.join('\n'))).toBe(t.askMultiple);
  await press(user, 'bqm', p.multiple ? ':1' : ':0');
  await press(user, 'bqa', p.anonymous ? ':1' : ':0');
  if (p.deadline === 'd1' || p.deadline === 'd3') await press(user, 'bqd', `:${p.deadline}`);
  else await say(user, p.deadline);
  await press(user, 'bqg', `:${p.group}`);
  return press(user, 'bqs', p.share ? ':1' : ':0');
}
const confirm = (user: FakeUser) => press(user, 'bqok');

beforeAll(async () => {
  h = await startHarness({ mode: 'webhook', start: '2026-12-01T09:00:00+07:00' });
  const db = h.tdb.db;
  const { branch } = await seedBranch(db, 'Chi bộ Khu phố 3');
  const units = createOrgUnitsRepository({ db });
  const to1 = (await units.findOrCreateChild(branch, 'group', 'Tổ 1')).unit;
  const to2 = (await units.findOrCreateChild(branch, 'group', 'Tổ 2')).unit;
  // A group whose members all moved away: nobody to ask there.
  await units.findOrCreateChild(branch, 'group', 'Tổ 3');
  const people: [FakeUser | null, Parameters<typeof seedMember>[2], number][] = [
    [sec, { fullName: NAMES.sec, phone: '0917000001', role: 'secretary' }, to1.id],
    [dep, { fullName: NAMES.dep, phone: '0917000002', role: 'deputy' }, to2.id],
    [lan, { fullName: NAMES.lan, phone: '0917000003' }, to1.id],
    [hung, { fullName: NAMES.hung, phone: '0917000004' }, to1.id],
    [mai, { fullName: NAMES.mai, phone: '0917000005' }, to2.id],
    // An elderly member without a chat account.
    [null, { fullName: NAMES.tu, phone: '0917000006' }, to1.id],
  ];
  for (const [user, m, groupId] of people) {
    const row = await seedMember(db, branch, m);
    await db.update(members).set({ groupId }).where(eq(members.id, row.id));
    if (user) {
      ids[user.id] = row.id;
      await h.fake.deliverToWebhook(h.fake.sendContact(user, { phone_number: m.phone, user_id: user.id }));
    }
  }
});
afterAll(async () => h?.close());

const Q1 = 'Chọn ngày tổng vệ sinh khu phố tháng 12?';
const Q1_OPTIONS = ['Thứ Bảy 12/12', 'Chủ nhật 13/12', 'Thứ Bảy 19/12'];

describe('who may create a poll', () => {
  test('an ordinary member is kindly refused, and nothing is created', async () => {
    expect(await say(lan, '/bieuquyet')).toBe(t.onlySecretary);
    expect(await say(lan, 'Họp vào ngày nào?')).toBe(bot.account.notUnderstood);
    expect(await h.tdb.db.select().from(polls)).toHaveLength(0);
  });
});

describe('a named poll for the whole branch', () => {
  test('the bí thư is guided step by step; wrong answers are explained in Vietnamese', async () => {
    await say(sec, '/bieuquyet');
    await say(sec, Q1);
    // One option is not a choice.
    expect(await say(sec, 'Thứ Bảy 12/12')).toBe(pollsTexts.problems.too_few_options);
    expect(await say(sec, 'Có\ncó')).toBe(pollsTexts.problems.duplicate_options);
    expect(await say(sec, Q1_OPTIONS.map((o, i) => `${i + 1}. ${o}`).join('\n'))).toBe(t.askMultiple);
    // A typed answer where a button is awaited asks again, with the buttons.
    expect(await say(sec, 'một')).toBe(t.askMultiple);
    await press(sec, 'bqm', ':0');
    expect(await press(sec, 'bqa', ':0')).toBe(t.askDeadline);
    expect(await say(sec, 'mai')).toBe(t.badDeadline);
    expect(await say(sec, '01/12/2026 08:00')).toBe(pollsTexts.problems.deadline_past);
    const audience = await press(sec, 'bqd', ':d1');
    expect(audience).toContain('1. Tổ 1');
    expect(audience).toContain('2. Tổ 2');
    expect(await say(sec, '7')).toBe(t.badGroupNumber);
    expect(await press(sec, 'bqg', ':0')).toBe(t.askShare);
    const preview = await press(sec, 'bqs', ':1');
    expect(preview).toContain(Q1);
    for (const [i, o] of Q1_OPTIONS.entries()) expect(preview).toContain(`${i + 1}. ${o}`);
    expect(preview).toContain('chọn một phương án');
    expect(preview).toContain('công khai (ghi tên)');
    expect(preview).toContain('Hạn: 09:00 02/12/2026');
    expect(preview).toContain('Gửi tới: cả chi bộ — 6 đồng chí (5 đồng chí có tài khoản chat)');
    expect(preview).toContain('gửi cho mọi người');
    expect(await h.tdb.db.select().from(polls)).toHaveLength(0);
  });

  test('on confirm every member with a chat account gets a native poll that names its voters', async () => {
    const sent = await confirm(sec);
    expect(sent).toContain('Đã gửi biểu quyết tới 5 đồng chí');
    expect(sent).toContain(`xin hỏi trực tiếp: ${NAMES.tu}`);
    for (const user of [sec, dep, lan, hung, mai]) {
      const copy = await eventually(() => {
        const c = copyOf(user, Q1);
        expect(c).toBeDefined();
        return c!;
      });
      expect(copy.poll).toMatchObject({
        is_anonymous: false,
        allows_multiple_answers: false,
        options: Q1_OPTIONS.map((text) => ({ text })),
      });
    }
    expect(pollsTo(stranger)).toHaveLength(0);
    await eventually(async () => expect(await h.tdb.db.select().from(pollCopies)).toHaveLength(5));
    // The close at the deadline is waiting as a delayed job (the per-minute sweep is the fallback).
    const { Queue } = await import('bullmq');
    const { createRedis } = await import('../../src/jobs/redis.js');
    const connection = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const queue = new Queue('polls', { connection, prefix: h.prefix });
    const job = await queue.getJob(`poll-close-${(await pollNamed(Q1)).id}`);
    expect(await job?.getState()).toBe('delayed');
    await queue.close();
    connection.disconnect();
  });

  test('an old confirm button sends nothing twice', async () => {
    expect(await press(sec, 'bqok')).toBe(t.flowGone);
    expect(await h.tdb.db.select().from(polls)).toHaveLength(1);
  });

  test('votes are counted per member; a vote can be changed and retracted', async () => {
    const sentBefore = h.fake.sent().length;
    await vote(lan, Q1, [0]);
    await vote(hung, Q1, [1]);
    await vote(mai, Q1, [1]);
    await vote(lan, Q1, [2]); // Lan changes her mind
    await vote(mai, Q1, []); // Mai takes her vote back
    // A vote is silent: nobody gets a chat message for it.
    expect(h.fake.sent().length).toBe(sentBefore);
    const rows = await votesOf(Q1);
    expect(rows.map((r) => [r.memberId, r.optionIds]).sort()).toEqual(
      [
        [ids[lan.id], [2]],
        [ids[hung.id], [1]],
      ].sort(),
    );
    const live = await say(sec, '/ketqua');
    expect(live).toContain(Q1);
    expect(live).toMatch(/Chủ nhật 13\/12.*1/);
    expect(live).toContain(NAMES.lan);
    expect(live).toContain(NAMES.hung);
    expect(live).not.toContain(NAMES.mai);
    expect(live).toContain('2/6');
  });

  test('a vote from a Telegram account nobody linked is ignored, without an answer', async () => {
    const before = await votesOf(Q1);
    const sentBefore = h.fake.sent().length;
    expect((await h.fake.deliverToWebhook(h.fake.answerPoll(stranger, copyOf(lan, Q1)!.poll.id, [0]))).status).toBe(200);
    expect(await votesOf(Q1)).toEqual(before);
    expect(h.fake.sent().length).toBe(sentBefore);
  });
});

const Q2 = 'Tổ 1 góp ý dự thảo báo cáo: chọn các nội dung cần bổ sung';
const Q2_OPTIONS = ['Công tác phát triển đảng viên', 'Kinh tế hộ gia đình', 'An ninh trật tự'];

describe('a poll for one party group, closed early', () => {
  test('the phó bí thư sends a multiple-choice poll to Tổ 1 only', async () => {
    const preview = await createUntilPreview(dep, {
      question: Q2,
      options: Q2_OPTIONS,
      multiple: true,
      anonymous: false,
      deadline: 'd3',
      group: 1,
      share: false,
    });
    expect(preview).toContain('được chọn nhiều phương án');
    expect(preview).toContain('Gửi tới: tổ đảng 1 — 4 đồng chí (3 đồng chí có tài khoản chat)');
    expect(preview).toContain('Hạn: 09:00 04/12/2026');
    expect(preview).toContain('chỉ gửi cho đồng chí');
    expect(await confirm(dep)).toContain('Đã gửi biểu quyết tới 3 đồng chí');
    for (const user of [sec, lan, hung]) {
      await eventually(() => expect(copyOf(user, Q2)?.poll).toMatchObject({ is_anonymous: false, allows_multiple_answers: true }));
    }
    expect(copyOf(mai, Q2)).toBeUndefined();
    expect(copyOf(dep, Q2)).toBeUndefined();
  });

  test('a group with nobody in it is refused at the preview, and the audience is asked again', async () => {
    await say(dep, '/bieuquyet');
    await say(dep, 'Câu hỏi thử');
    await say(dep, 'Có\nKhông');
    await press(dep, 'bqm', ':0');
    await press(dep, 'bqa', ':0');
    await press(dep, 'bqd', ':d1');
    await press(dep, 'bqg', ':3');
    const again = await press(dep, 'bqs', ':0');
    expect(again).toContain(pollsTexts.problems.audience_empty);
    expect(again).toContain('Gửi biểu quyết cho ai?');
    expect(await say(dep, '/huy')).toBe(bot.account.cancelled);
    expect(await pollNamed('Câu hỏi thử')).toBeUndefined();
    // Nothing in progress any more: /huy says so rather than "cancelled" again.
    expect(await say(dep, '/huy')).toBe('Không có thao tác nào đang làm dở để hủy.');
  });

  test('Tổ 1 votes several options; a member of Tổ 2 answering a forwarded copy is ignored', async () => {
    await vote(lan, Q2, [0, 2]);
    await vote(hung, Q2, [1]);
    // Mai (Tổ 2) holds a forwarded copy: Telegram would send her answer with the same poll id.
    const forwarded = copyOf(lan, Q2)!.poll.id;
    expect((await h.fake.deliverToWebhook(h.fake.answerPoll(mai, forwarded, [1]))).status).toBe(200);
    expect((await votesOf(Q2)).map((r) => r.memberId).sort()).toEqual([ids[lan.id], ids[hung.id]].sort());
    const live = await say(dep, '/ketqua');
    expect(live).toContain('2/4');
    expect(live).not.toContain(NAMES.mai);
  });

  test('/dongbieuquyet stops every copy and brings the results to the creator only', async () => {
    const stopsBefore = h.fake.callsTo('stopPoll').length;
    const sentBefore = Object.fromEntries([sec, lan, hung, mai, dep].map((x) => [x.id, h.fake.sent(x.id).length]));
    expect(await say(dep, '/dongbieuquyet')).toBe(t.closing);
    for (const user of [sec, lan, hung]) {
      const copy = copyOf(user, Q2)!;
      await eventually(() => expect(h.fake.message(user.id, copy.message_id)?.poll).toMatchObject({ is_closed: true }));
    }
    await eventually(() => expect(h.fake.callsTo('stopPoll').length - stopsBefore).toBe(3));
    const results = await eventually(() => {
      const got = h.fake
        .sent(dep.id)
        .slice(sentBefore[dep.id])
        .filter((m) => m.text?.includes(Q2));
      expect(got).toHaveLength(1);
      return got[0]!.text!;
    });
    expect(results).toContain(NAMES.lan);
    // The results were not to be shared: members get nothing more.
    for (const user of [sec, lan, hung, mai])
      expect(
        h.fake
          .sent(user.id)
          .slice(sentBefore[user.id])
          .filter((m) => m.text?.includes(Q2)),
      ).toHaveLength(0);
    expect((await pollNamed(Q2)).status).toBe('closed');
  });

  test('closing twice changes nothing', async () => {
    const stops = h.fake.callsTo('stopPoll').length;
    const sent = h.fake.sent().length;
    expect(await say(dep, '/dongbieuquyet')).toBe(t.alreadyClosed);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.fake.callsTo('stopPoll').length).toBe(stops);
    expect(h.fake.sent().length).toBe(sent + 1); // only the answer to the command
  });
});

const Q3 = 'Đồng chí có đồng ý đề xuất khen thưởng đồng chí tổ trưởng không?';
const VOTERS = [NAMES.lan, NAMES.hung, NAMES.mai, NAMES.dep];

describe('an anonymous poll', () => {
  test('the bí thư is told what anonymous means, and the poll still reaches members as a named Telegram poll', async () => {
    expect(await say(sec, '/bieuquyet')).toContain('Câu hỏi');
    await say(sec, Q3);
    await say(sec, 'Đồng ý\nKhông đồng ý');
    const asked = await press(sec, 'bqm', ':0');
    expect(asked).toContain('Không ai xem được ai đã chọn gì — kể cả bí thư');
    await press(sec, 'bqa', ':1');
    await say(sec, '03/12 20:00');
    await press(sec, 'bqg', ':0');
    const preview = await press(sec, 'bqs', ':1');
    expect(preview).toContain('ẩn danh (chỉ đếm phiếu)');
    expect(preview).toContain('Hạn: 20:00 03/12/2026');
    expect(await confirm(sec)).toContain('Đã gửi biểu quyết tới 5 đồng chí');
    // Telegram must name the voter for the core to keep one ballot per member.
    for (const user of [sec, dep, lan, hung, mai]) await eventually(() => expect(copyOf(user, Q3)?.poll.is_anonymous).toBe(false));
  });

  test('ballots carry no member id, and the live results no names', async () => {
    await vote(lan, Q3, [0]);
    await vote(hung, Q3, [0]);
    await vote(mai, Q3, [1]);
    await vote(dep, Q3, [0]);
    await vote(dep, Q3, [1]); // a changed anonymous vote is still one ballot
    const rows = await votesOf(Q3);
    expect(rows).toHaveLength(4);
    for (const r of rows) {
      expect(r.memberId).toBeNull();
      expect(r.voterKey).not.toMatch(/^m:/);
    }
    // Not even the time of a ballot can be matched with a member's activity.
    expect(new Set(rows.map((r) => r.votedAt.getTime())).size).toBe(1);
    const live = await say(sec, '/ketqua');
    expect(live).toContain('4/6');
    for (const name of VOTERS) expect(live).not.toContain(name);
  });
});

describe('the deadline', () => {
  const sweep = () => sweepPolls({ db: h.app.db, clock: h.clock, dispatch: deliverNow });

  test('nothing closes before the deadline', async () => {
    h.clock.set('2026-12-02T08:59:00+07:00');
    await sweep();
    expect((await pollNamed(Q1)).status).toBe('open');
  });

  test('at the deadline every copy is stopped and the results go to the creator and, as chosen, to the members', async () => {
    const sentBefore = Object.fromEntries([sec, dep, lan, hung, mai].map((x) => [x.id, h.fake.sent(x.id).length]));
    h.clock.set('2026-12-02T09:00:30+07:00');
    // Past the deadline a vote no longer counts, even before the close has run.
    const before = await votesOf(Q1);
    await vote(mai, Q1, [0]);
    expect(await votesOf(Q1)).toEqual(before);
    await sweep();
    expect((await pollNamed(Q1)).status).toBe('closed');
    expect((await pollNamed(Q3)).status).toBe('open');
    for (const user of [sec, dep, lan, hung, mai]) {
      const copy = copyOf(user, Q1)!;
      await eventually(() => expect(h.fake.message(user.id, copy.message_id)?.poll).toMatchObject({ is_closed: true }));
      const got = await eventually(() => {
        const r = h.fake
          .sent(user.id)
          .slice(sentBefore[user.id])
          .filter((m) => m.text?.includes(Q1));
        expect(r).toHaveLength(1);
        return r[0]!.text!;
      });
      expect(got).toContain('Chủ nhật 13/12: 1 phiếu');
      expect(got).toContain(NAMES.lan);
    }
    // One stopPoll per copy, each answered without error.
    const stops = h.fake
      .callsTo('stopPoll')
      .filter((c) =>
        [sec, dep, lan, hung, mai].some(
          (x) => String(c.params.chat_id) === String(x.id) && Number(c.params.message_id) === copyOf(x, Q1)!.message_id,
        ),
      );
    expect(stops.map((c) => c.error)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    // Copies of the other polls were left alone.
    expect(h.fake.message(lan.id, copyOf(lan, Q3)!.message_id)?.poll).toMatchObject({ is_closed: false });
  });

  test('a vote arriving after the close changes nothing, and a second sweep sends nothing', async () => {
    const before = await votesOf(Q1);
    const stops = h.fake.callsTo('stopPoll').length;
    const sent = h.fake.sent().length;
    // Telegram can still deliver an answer given just before the stop: inject it as it would arrive.
    const late = h.fake.injectUpdate({
      poll_answer: { poll_id: copyOf(mai, Q1)!.poll.id, user: { id: mai.id, is_bot: false, first_name: mai.first_name }, option_ids: [0] },
    });
    expect((await h.fake.deliverToWebhook(late)).status).toBe(200);
    await sweep();
    await new Promise((r) => setTimeout(r, 300));
    expect(await votesOf(Q1)).toEqual(before);
    expect(h.fake.callsTo('stopPoll').length).toBe(stops);
    expect(h.fake.sent().length).toBe(sent);
  });

  test('an anonymous poll closes with counts only: nothing the bí thư or members receive names a voter', async () => {
    h.clock.set('2026-12-03T20:01:00+07:00');
    await sweep();
    expect((await pollNamed(Q3)).status).toBe('closed');
    for (const user of [sec, dep, lan, hung, mai]) {
      await eventually(() => expect(h.fake.sent(user.id).filter((m) => m.text?.includes(Q3)).length).toBeGreaterThan(0));
    }
    const toSecretary = h.fake
      .sent(sec.id)
      .filter((m) => m.text?.includes(Q3))
      .map((m) => m.text!)
      .join('\n');
    expect(toSecretary).toMatch(/Đồng ý.*2/);
    for (const name of VOTERS) expect(toSecretary).not.toContain(name);
    for (const user of [dep, lan, hung, mai]) {
      for (const m of h.fake.sent(user.id).filter((x) => x.text?.includes(Q3)))
        for (const name of VOTERS) expect(m.text).not.toContain(name);
    }
    const final = await say(sec, '/ketqua');
    for (const name of VOTERS) expect(final).not.toContain(name);
    // Ballots stay unlinkable after the close too: the key that made them is gone.
    for (const r of await votesOf(Q3)) expect(r.memberId).toBeNull();
    expect((await pollNamed(Q3)).ballotSecret).toBeNull();
  });
});
