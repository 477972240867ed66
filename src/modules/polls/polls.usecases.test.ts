import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { and, eq, inArray, like } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../../../test/support/test-db.js';
import { seedBranch, seedMember } from '../../../test/support/seed.js';
import { sweepPolls } from '../../jobs/polls.jobs.js';
import { createFakeClock } from '../../shared/clock.js';
import { auditLog } from '../audit/audit.table.js';
import { chatIdentities } from '../identities/identities.table.js';
import type { Member, MemberWithBranch } from '../members/members.repository.js';
import { createMembersRepository } from '../members/members.repository.js';
import { members } from '../members/members.table.js';
import { createOrgUnitsRepository, type OrgUnit } from '../org-units/org-units.repository.js';
import { createOutboxRepository } from '../outbox/outbox.repository.js';
import { outbox } from '../outbox/outbox.table.js';
import { recordPollCopy } from './poll-copies.js';
import { pollAudience, pollCopies, polls, pollVotes } from './polls.table.js';
import {
  closePoll,
  createPoll,
  duePolls,
  latestPollOf,
  pollResults,
  previewPoll,
  recordPlatformVote,
  recordVote,
  type CreatePollResult,
  type PollDraft,
} from './polls.usecases.js';
import { wordsOf } from '../../../test/support/outbox-words.js';

let tdb: TestDb;
let bi: Member, pho: Member, uy: Member, lan: Member, hung: Member, tu: Member, mien: Member, bi2: Member, ngoai: Member;
let to1: OrgUnit, to2: OrgUnit, otherGroup: OrgUnit;
const NOW = new Date('2026-12-01T09:00:00+07:00');
const HOUR = 3_600_000;
const db = () => tdb.db;
const as = async (m: Member) => (await createMembersRepository({ db: db() }).findById(m.id))!;
const draft = (over: Partial<PollDraft> = {}): PollDraft => ({
  question: 'Chọn ngày sinh hoạt chuyên đề tháng 12?',
  options: ['Thứ Bảy 13/12', 'Chủ nhật 14/12', 'Thứ Hai 15/12'],
  multipleChoice: false,
  anonymous: false,
  shareResults: false,
  deadline: new Date(NOW.getTime() + 24 * HOUR),
  groupId: null,
  ...over,
});
const sent = (r: CreatePollResult) => {
  if (r.status !== 'sent') throw new Error(`expected sent, got ${JSON.stringify(r)}`);
  return r;
};
const create = async (over: Partial<PollDraft> = {}, actor: Member = bi) =>
  sent(await createPoll({ actor: await as(actor), draft: draft(over), now: NOW }, { db: db() })).poll;
const byKey = (prefix: string) =>
  db()
    .select()
    .from(outbox)
    .where(like(outbox.dedupeKey, `${prefix}%`))
    .orderBy(outbox.id);
const member = (id: number) => ({ kind: 'member' as const, memberId: id });
const system = { kind: 'system' as const };

/** What the outbox delivery does once a poll reached a member: its copy is recorded. */
async function deliver(pollId: number): Promise<void> {
  for (const row of await byKey(`poll:${pollId}:`)) {
    await recordPollCopy(db(), {
      pollId,
      memberId: row.memberId!,
      platform: row.platform,
      chatId: row.chatId,
      messageId: `m${row.id}`,
      platformPollId: `tg-${row.id}`,
    });
    await createOutboxRepository({ db: db() }).markSent(row.id, `m${row.id}`, NOW);
  }
}
const copyOf = async (pollId: number, m: Member) =>
  (
    await db()
      .select()
      .from(pollCopies)
      .where(and(eq(pollCopies.pollId, pollId), eq(pollCopies.memberId, m.id)))
  )[0]!;
const tgVote = async (pollId: number, m: Member, optionIds: number[], now = NOW) =>
  recordPlatformVote(
    { platform: 'telegram', platformPollId: (await copyOf(pollId, m)).platformPollId!, memberId: m.id, optionIds, now },
    { db: db() },
  );
const vote = (pollId: number, m: Member, optionIds: number[], now = NOW) =>
  recordVote({ pollId, memberId: m.id, optionIds, now }, { db: db() });
const counts = async (pollId: number) => {
  const r = await pollResults({ pollId, actor: system }, { db: db() });
  if (r.status !== 'ok') throw new Error('no results');
  return r;
};

beforeAll(async () => {
  tdb = await createTestDb();
  const { branch } = await seedBranch(db(), 'Chi bộ Khu phố 3');
  const { branch: other } = await seedBranch(db(), 'Chi bộ Khu phố 4');
  const units = createOrgUnitsRepository({ db: db() });
  to1 = (await units.findOrCreateChild(branch, 'group', 'Tổ 1')).unit;
  to2 = (await units.findOrCreateChild(branch, 'group', 'Tổ 2')).unit;
  otherGroup = (await units.findOrCreateChild(other, 'group', 'Tổ 1')).unit;
  bi = await seedMember(db(), branch, { fullName: 'Phạm Văn Bí', phone: '0916000001', role: 'secretary' });
  pho = await seedMember(db(), branch, { fullName: 'Lê Thị Phó', phone: '0916000002', role: 'deputy' });
  uy = await seedMember(db(), branch, { fullName: 'Vũ Văn Ủy', phone: '0916000003', role: 'committee_member' });
  lan = await seedMember(db(), branch, { fullName: 'Nguyễn Thị Lan', phone: '0916000004' });
  hung = await seedMember(db(), branch, { fullName: 'Trần Văn Hùng', phone: '0916000005' });
  tu = await seedMember(db(), branch, { fullName: 'Võ Thị Tư', phone: '0916000006' });
  mien = await seedMember(db(), branch, { fullName: 'Đặng Văn Miễn', phone: '0916000007', status: 'exempt' });
  bi2 = await seedMember(db(), other, { fullName: 'Mai Văn Bí Hai', phone: '0916000008', role: 'secretary' });
  ngoai = await seedMember(db(), other, { fullName: 'Đinh Thị Ngoài', phone: '0916000009' });
  await db()
    .update(members)
    .set({ groupId: to1.id })
    .where(inArray(members.id, [uy.id, lan.id, hung.id, mien.id]));
  await db()
    .update(members)
    .set({ groupId: to2.id })
    .where(inArray(members.id, [pho.id, tu.id]));
  await db().update(members).set({ groupId: otherGroup.id }).where(eq(members.id, ngoai.id));
  // Tư has no chat account: the bí thư is told to reach her another way.
  for (const m of [bi, pho, uy, lan, hung, mien, bi2, ngoai]) {
    await db()
      .insert(chatIdentities)
      .values({ memberId: m.id, platform: 'telegram', externalId: `t${m.id}`, chatId: `c${m.id}` });
  }
});
afterAll(async () => tdb?.drop());

describe('who may send a poll', () => {
  test('the bí thư and the phó bí thư may; a chi ủy viên or a member may not, and nothing is stored', async () => {
    for (const m of [uy, lan]) {
      const before = (await db().select().from(polls)).length;
      expect(await createPoll({ actor: await as(m), draft: draft(), now: NOW }, { db: db() })).toEqual({ status: 'forbidden' });
      expect(await previewPoll({ actor: await as(m), draft: draft() }, { db: db() })).toEqual({ status: 'forbidden' });
      expect(await db().select().from(polls)).toHaveLength(before);
    }
    expect((await create({}, pho)).createdByMemberId).toBe(pho.id);
  });

  test("another branch's bí thư cannot send to this branch's party group, nor this one to theirs", async () => {
    const actor: MemberWithBranch = await as(bi2);
    expect(await createPoll({ actor, draft: draft({ groupId: to1.id }), now: NOW }, { db: db() })).toEqual({
      status: 'invalid',
      problems: ['group_not_found'],
    });
    expect(await previewPoll({ actor: await as(bi), draft: draft({ groupId: otherGroup.id }) }, { db: db() })).toEqual({
      status: 'invalid',
      problems: ['group_not_found'],
    });
  });

  test('a stale actor object does not help: the role is read again when the poll is sent', async () => {
    const stale = await as(uy);
    expect(await createPoll({ actor: { ...stale, role: 'secretary' }, draft: draft(), now: NOW }, { db: db() })).toEqual({
      status: 'forbidden',
    });
  });
});

describe('the audience', () => {
  test('the whole branch: every active member gets the poll once; an exempt member does not', async () => {
    const preview = await previewPoll({ actor: await as(bi), draft: draft(), now: NOW }, { db: db() });
    expect(preview).toEqual({ status: 'ok', audience: 6, reachable: 5, groupName: null });
    const r = sent(await createPoll({ actor: await as(bi), draft: draft(), now: NOW }, { db: db() }));
    expect(r.audience).toBe(6);
    expect(r.unreachable).toEqual([tu.id]);
    const rows = await db().select().from(pollAudience).where(eq(pollAudience.pollId, r.poll.id));
    expect(rows.map((a) => a.memberId).sort()).toEqual([bi, pho, uy, lan, hung, tu].map((m) => m.id).sort());
    const messages = await byKey(`poll:${r.poll.id}:`);
    expect(messages.map((m) => m.id)).toEqual(r.outboxIds);
    expect(messages.map((m) => m.dedupeKey).sort()).toEqual([bi, pho, uy, lan, hung].map((m) => `poll:${r.poll.id}:${m.id}`).sort());
    expect(messages.every((m) => m.memberId !== null)).toBe(true);
    expect(messages[0]!.message).toEqual({
      kind: 'poll',
      pollId: r.poll.id,
      question: draft().question,
      options: draft().options,
      multipleChoice: false,
    });
    expect(r.poll).not.toHaveProperty('ballotSecret');
  });

  test('one party group: only its active members, fixed when the poll is sent', async () => {
    expect(await previewPoll({ actor: await as(bi), draft: draft({ groupId: to1.id }) }, { db: db() })).toEqual({
      status: 'ok',
      audience: 3,
      reachable: 3,
      groupName: 'Tổ 1',
    });
    const poll = await create({ groupId: to1.id });
    await db().update(members).set({ groupId: to1.id }).where(eq(members.id, pho.id));
    expect((await counts(poll.id)).audience).toBe(3);
    expect(await vote(poll.id, pho, [0])).toBe('not_in_audience');
    await db().update(members).set({ groupId: to2.id }).where(eq(members.id, pho.id));
  });
});

describe('validation', () => {
  test('a broken draft is refused with every problem code, and nothing is stored or sent', async () => {
    const before = [(await db().select().from(polls)).length, (await db().select().from(outbox)).length];
    const r = await createPoll(
      { actor: await as(bi), draft: draft({ question: ' ', options: ['Có', 'có'], deadline: new Date(NOW.getTime() - 1) }), now: NOW },
      { db: db() },
    );
    expect(r).toEqual({ status: 'invalid', problems: ['question_empty', 'duplicate_options', 'deadline_past'] });
    expect([(await db().select().from(polls)).length, (await db().select().from(outbox)).length]).toEqual(before);
  });

  test('question and options are stored tidied', async () => {
    const poll = await create({ question: '  Đồng ý   kế hoạch? ', options: [' Đồng ý', 'Không  đồng ý '] });
    expect([poll.question, poll.options]).toEqual(['Đồng ý kế hoạch?', ['Đồng ý', 'Không đồng ý']]);
  });
});

describe('voting', () => {
  test('a member votes, changes the vote, and retracts it; the latest answer is the one counted', async () => {
    const poll = await create();
    await deliver(poll.id);
    expect(await tgVote(poll.id, lan, [0])).toBe('recorded');
    expect((await counts(poll.id)).counts).toEqual([1, 0, 0]);
    expect(await tgVote(poll.id, lan, [2])).toBe('recorded');
    expect(await counts(poll.id)).toMatchObject({ counts: [0, 0, 1], voters: 1, audience: 6, turnout: 17 });
    expect(await tgVote(poll.id, lan, [])).toBe('retracted');
    expect(await counts(poll.id)).toMatchObject({ counts: [0, 0, 0], voters: 0 });
  });

  test('a vote from outside the audience is ignored: another branch, a forwarded copy, an unknown poll', async () => {
    const poll = await create();
    await deliver(poll.id);
    expect(await vote(poll.id, ngoai, [0])).toBe('not_in_audience');
    expect(await vote(poll.id, mien, [0])).toBe('not_in_audience');
    const lansCopy = (await copyOf(poll.id, lan)).platformPollId!;
    expect(
      await recordPlatformVote(
        { platform: 'telegram', platformPollId: lansCopy, memberId: ngoai.id, optionIds: [0], now: NOW },
        { db: db() },
      ),
    ).toBe('not_in_audience');
    expect(
      await recordPlatformVote(
        { platform: 'telegram', platformPollId: 'tg-nope', memberId: lan.id, optionIds: [0], now: NOW },
        { db: db() },
      ),
    ).toBe('unknown_poll');
    expect(await vote(987654, lan, [0])).toBe('unknown_poll');
    expect((await counts(poll.id)).voters).toBe(0);
  });

  test('a single-choice poll takes exactly one existing option; a multiple-choice poll counts each', async () => {
    const single = await create();
    expect(await vote(single.id, lan, [0, 1])).toBe('bad_option');
    expect(await vote(single.id, lan, [3])).toBe('bad_option');
    expect((await counts(single.id)).voters).toBe(0);
    const multiple = await create({ multipleChoice: true });
    expect(await vote(multiple.id, lan, [0, 1])).toBe('recorded');
    expect(await vote(multiple.id, hung, [1])).toBe('recorded');
    expect(await counts(multiple.id)).toMatchObject({ counts: [1, 2, 0], voters: 2 });
  });

  test('an anonymous ballot carries no member id, no time of its own, and nothing of it is audited', async () => {
    const poll = await create({ anonymous: true });
    await deliver(poll.id);
    expect(await tgVote(poll.id, lan, [1], new Date(NOW.getTime() + HOUR))).toBe('recorded');
    expect(await tgVote(poll.id, lan, [0], new Date(NOW.getTime() + 2 * HOUR))).toBe('recorded');
    expect(await vote(poll.id, hung, [0])).toBe('recorded');
    const ballots = await db().select().from(pollVotes).where(eq(pollVotes.pollId, poll.id));
    expect(ballots).toHaveLength(2);
    for (const b of ballots) {
      expect(b.memberId).toBeNull();
      expect(b.voterKey).toMatch(/^[0-9a-f]{64}$/);
      expect(b.voterKey.startsWith('m:')).toBe(false);
      expect(b.votedAt).toEqual(poll.createdAt);
    }
    const audit = await db()
      .select()
      .from(auditLog)
      .where(eq(auditLog.subjectId, String(poll.id)));
    expect(audit.map((a) => a.action)).toEqual(['poll.create']);
  });
});

describe('results', () => {
  test('a named poll shows who chose what, to the bí thư and the phó bí thư only', async () => {
    const poll = await create({ multipleChoice: true });
    await vote(poll.id, lan, [0, 1]);
    await vote(poll.id, hung, [0]);
    const r = await pollResults({ pollId: poll.id, actor: member(pho.id) }, { db: db() });
    expect(r).toMatchObject({
      status: 'ok',
      counts: [2, 1, 0],
      voters: 2,
      audience: 6,
      turnout: 33,
      named: [
        { option: 0, names: ['Nguyễn Thị Lan', 'Trần Văn Hùng'] },
        { option: 1, names: ['Nguyễn Thị Lan'] },
        { option: 2, names: [] },
      ],
    });
    for (const m of [lan, uy, bi2])
      expect(await pollResults({ pollId: poll.id, actor: member(m.id) }, { db: db() })).toEqual({ status: 'forbidden' });
    expect(await pollResults({ pollId: 987654, actor: member(bi.id) }, { db: db() })).toEqual({ status: 'forbidden' });
  });

  test('an anonymous poll gives counts only, even to the bí thư, and its results message names nobody', async () => {
    const poll = await create({ anonymous: true, shareResults: true });
    await vote(poll.id, lan, [1]);
    await vote(poll.id, hung, [1]);
    const r = await pollResults({ pollId: poll.id, actor: member(bi.id) }, { db: db() });
    expect(r).toMatchObject({ status: 'ok', counts: [0, 2, 0], voters: 2 });
    expect(r).not.toHaveProperty('named');
    await closePoll({ pollId: poll.id, actor: member(bi.id), now: NOW }, { db: db() });
    const [result] = await byKey(`poll-result:${poll.id}:creator`);
    const text = JSON.stringify(wordsOf(result!));
    expect(text).toContain('2/6 đồng chí (33%)');
    expect(text).not.toMatch(/Lan|Hùng/);
  });

  test("the creator's newest poll is the one /ketqua and /dongbieuquyet act on", async () => {
    await create({}, pho);
    const newest = await create({ question: 'Đồng ý tổ chức dã ngoại?', options: ['Đồng ý', 'Không đồng ý'] }, pho);
    expect((await latestPollOf({ memberId: pho.id }, { db: db() }))?.id).toBe(newest.id);
    expect(await latestPollOf({ memberId: hung.id }, { db: db() })).toBeUndefined();
  });
});

describe('closing', () => {
  test('at the deadline the sweep closes the poll (fake clock): every copy stopped, results to the creator', async () => {
    const clock = createFakeClock(NOW);
    const poll = await create({ deadline: new Date(NOW.getTime() + HOUR) });
    await deliver(poll.id);
    await tgVote(poll.id, lan, [0]);
    const dispatched: number[] = [];
    const dispatch = async (ids: number[]) => {
      dispatched.push(...ids);
    };

    expect(await sweepPolls({ db: db(), clock, dispatch })).toBe(0);
    clock.advance(HOUR - 1);
    expect(await duePolls({ now: clock.now() }, { db: db() })).not.toContain(poll.id);
    // At the deadline the poll is over, even before the sweep has run.
    clock.advance(1);
    expect(await tgVote(poll.id, hung, [1], clock.now())).toBe('closed');
    expect(await duePolls({ now: clock.now() }, { db: db() })).toContain(poll.id);
    await sweepPolls({ db: db(), clock, dispatch });

    const [row] = await db().select().from(polls).where(eq(polls.id, poll.id));
    expect(row).toMatchObject({ status: 'closed', closedAt: clock.now() });
    const stops = await byKey(`poll-stop:${poll.id}:`);
    const copies = await db().select().from(pollCopies).where(eq(pollCopies.pollId, poll.id));
    expect(stops).toHaveLength(5);
    expect(stops.map((s) => [s.memberId, s.chatId, s.message]).sort()).toEqual(
      copies.map((c) => [c.memberId, c.chatId, { kind: 'stop_poll', pollId: poll.id, messageId: c.messageId }]).sort(),
    );
    const [result] = await byKey(`poll-result:${poll.id}:`);
    expect(result).toMatchObject({ memberId: bi.id, dedupeKey: `poll-result:${poll.id}:creator` });
    expect(JSON.stringify(wordsOf(result!))).toMatch(/Biểu quyết đã kết thúc[\s\S]*Thứ Bảy 13\/12: 1 phiếu[\s\S]*Nguyễn Thị Lan/);
    // Results go to the members only when chosen at creation.
    expect(await byKey(`poll-result:${poll.id}:`)).toHaveLength(1);
    expect(dispatched).toEqual(expect.arrayContaining([...stops, result!].map((r) => r.id)));

    const outboxBefore = (await db().select().from(outbox)).length;
    expect(await sweepPolls({ db: db(), clock, dispatch })).toBe(0);
    expect(await db().select().from(outbox)).toHaveLength(outboxBefore);
  });

  test('the bí thư closes early; closing twice, or a vote after the close, changes nothing', async () => {
    const poll = await create({ shareResults: true });
    await deliver(poll.id);
    await tgVote(poll.id, lan, [1]);
    expect(await closePoll({ pollId: poll.id, actor: member(lan.id), now: NOW }, { db: db() })).toEqual({ status: 'forbidden' });
    expect(await closePoll({ pollId: poll.id, actor: member(bi2.id), now: NOW }, { db: db() })).toEqual({ status: 'forbidden' });
    const r = await closePoll({ pollId: poll.id, actor: member(pho.id), now: NOW }, { db: db() });
    expect(r.status).toBe('closed');
    const written = await db().select().from(outbox);

    expect(await closePoll({ pollId: poll.id, actor: member(bi.id), now: NOW }, { db: db() })).toEqual({ status: 'already_closed' });
    expect(await closePoll({ pollId: poll.id, actor: system, now: new Date(NOW.getTime() + 25 * HOUR) }, { db: db() })).toEqual({
      status: 'already_closed',
    });
    expect(await tgVote(poll.id, hung, [0])).toBe('closed');
    expect(await tgVote(poll.id, lan, [])).toBe('closed');
    expect(await counts(poll.id)).toMatchObject({ counts: [0, 1, 0], voters: 1 });
    expect(await db().select().from(outbox)).toHaveLength(written.length);

    // shareResults: every reachable audience member gets them, the creator once, as creator.
    const results = await byKey(`poll-result:${poll.id}:`);
    expect(results.map((x) => x.dedupeKey).sort()).toEqual(
      [`poll-result:${poll.id}:creator`, ...[pho, uy, lan, hung].map((m) => `poll-result:${poll.id}:${m.id}`)].sort(),
    );
    expect(r.status === 'closed' && r.outboxIds.sort()).toEqual(
      [...results, ...(await byKey(`poll-stop:${poll.id}:`))].map((x) => x.id).sort(),
    );
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'poll.close'), eq(auditLog.subjectId, String(poll.id))));
    expect(audit).toMatchObject([{ actorMemberId: pho.id, details: { early: true, voters: 1, audience: 6, copiesStopped: 5 } }]);
  });

  test('the deadline job, the sweep and the bí thư closing at the same moment close the poll once', async () => {
    const poll = await create();
    await deliver(poll.id);
    const at = new Date(NOW.getTime() + 25 * HOUR);
    const outcomes = await Promise.all([
      closePoll({ pollId: poll.id, actor: system, now: at }, { db: db() }),
      closePoll({ pollId: poll.id, actor: system, now: at }, { db: db() }),
      closePoll({ pollId: poll.id, actor: member(bi.id), now: at }, { db: db() }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['already_closed', 'already_closed', 'closed']);
    expect(await byKey(`poll-stop:${poll.id}:`)).toHaveLength(5);
    expect(
      await db()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'poll.close'), eq(auditLog.subjectId, String(poll.id)))),
    ).toHaveLength(1);
  });

  test('after an anonymous poll closes its secret is gone and no ballot key can be recomputed', async () => {
    const poll = await create({ anonymous: true });
    await vote(poll.id, lan, [2]);
    const [open] = await db().select().from(polls).where(eq(polls.id, poll.id));
    expect(open!.ballotSecret).toHaveLength(32);
    const keysBefore = (await db().select().from(pollVotes).where(eq(pollVotes.pollId, poll.id))).map((b) => b.voterKey);
    await closePoll({ pollId: poll.id, actor: member(bi.id), now: NOW }, { db: db() });
    const [closed] = await db().select().from(polls).where(eq(polls.id, poll.id));
    expect(closed!.ballotSecret).toBeNull();
    const after = await db().select().from(pollVotes).where(eq(pollVotes.pollId, poll.id));
    expect(after.map((b) => b.voterKey)).not.toEqual(keysBefore);
    expect(after.map((b) => [b.memberId, b.optionIds])).toEqual([[null, [2]]]);
    expect(await counts(poll.id)).toMatchObject({ counts: [0, 0, 1], voters: 1 });
  });

  test('a poll message still waiting at the close is not sent; one delivered during the close is stopped by the sweep', async () => {
    const clock = createFakeClock(NOW);
    const poll = await create();
    const rows = await byKey(`poll:${poll.id}:`);
    const waiting = rows.find((x) => x.memberId === hung.id);
    const inFlight = rows.find((x) => x.memberId === uy.id);
    // One copy reached its member; another was being sent when the poll closed.
    await recordPollCopy(db(), {
      pollId: poll.id,
      memberId: lan.id,
      platform: 'telegram',
      chatId: `c${lan.id}`,
      messageId: 'm-lan',
      platformPollId: 'tg-lan',
    });
    await db()
      .update(outbox)
      .set({ lockedUntil: new Date(NOW.getTime() + 60_000) })
      .where(eq(outbox.id, inFlight!.id));
    const r = await closePoll({ pollId: poll.id, actor: member(bi.id), now: NOW }, { db: db() });
    expect(r.status).toBe('closed');
    expect((await db().select().from(outbox).where(eq(outbox.id, waiting!.id)))[0]).toMatchObject({ status: 'failed' });
    expect((await db().select().from(outbox).where(eq(outbox.id, inFlight!.id)))[0]).toMatchObject({ status: 'pending' });
    expect((await byKey(`poll-stop:${poll.id}:`)).map((s) => s.memberId)).toEqual([lan.id]);

    await recordPollCopy(db(), {
      pollId: poll.id,
      memberId: inFlight!.memberId!,
      platform: 'telegram',
      chatId: inFlight!.chatId,
      messageId: 'm-late',
      platformPollId: 'tg-late',
    });
    await sweepPolls({ db: db(), clock, dispatch: async () => {} });
    await sweepPolls({ db: db(), clock, dispatch: async () => {} });
    const stops = await byKey(`poll-stop:${poll.id}:`);
    expect(stops.map((s) => s.memberId)).toEqual([lan.id, inFlight!.memberId]);
    expect(stops[1]!.message).toEqual({ kind: 'stop_poll', pollId: poll.id, messageId: 'm-late' });
  });

  test('a poll held for a Zalo member silent for a week is not sent after the close either', async () => {
    const poll = await create();
    const held = (await byKey(`poll:${poll.id}:`)).find((x) => x.memberId === hung.id)!;
    await db().update(outbox).set({ status: 'held' }).where(eq(outbox.id, held.id));
    expect((await closePoll({ pollId: poll.id, actor: member(bi.id), now: NOW }, { db: db() })).status).toBe('closed');
    expect((await db().select().from(outbox).where(eq(outbox.id, held.id)))[0]).toMatchObject({ status: 'failed' });
  });
});
