import { describe, expect, test } from 'vitest';
import { mayRunPolls, normaliseChoice, tally, turnoutPercent, validatePollDraft, voterKey, type PollDraft } from './polls.models.js';

const now = new Date('2026-12-01T09:00:00+07:00');
const draft = (over: Partial<PollDraft> = {}): PollDraft => ({
  question: 'Chọn ngày sinh hoạt chuyên đề tháng 12?',
  options: ['Thứ Bảy 13/12', 'Chủ nhật 14/12'],
  multipleChoice: false,
  anonymous: false,
  shareResults: false,
  deadline: new Date('2026-12-02T09:00:00+07:00'),
  groupId: null,
  ...over,
});

describe('a poll draft', () => {
  test('a well-formed draft has no problems', () => {
    expect(validatePollDraft(draft(), { now })).toEqual([]);
  });

  test('each broken rule comes back as its own code', () => {
    expect(validatePollDraft(draft({ question: '   ' }), { now })).toEqual(['question_empty']);
    expect(validatePollDraft(draft({ question: 'ă'.repeat(301) }), { now })).toEqual(['question_too_long']);
    expect(validatePollDraft(draft({ question: 'ă'.repeat(300) }), { now })).toEqual([]);
    expect(validatePollDraft(draft({ options: ['Có'] }), { now })).toEqual(['too_few_options']);
    expect(validatePollDraft(draft({ options: Array.from({ length: 11 }, (_, i) => `Phương án ${i + 1}`) }), { now })).toEqual([
      'too_many_options',
    ]);
    expect(validatePollDraft(draft({ options: ['Có', ' '] }), { now })).toEqual(['option_empty']);
    expect(validatePollDraft(draft({ options: ['Có', 'x'.repeat(101)] }), { now })).toEqual(['option_too_long']);
    expect(validatePollDraft(draft({ deadline: now }), { now })).toEqual(['deadline_past']);
  });

  test('options differing only in case or spacing are duplicates; diacritics make them different', () => {
    expect(validatePollDraft(draft({ options: ['Đồng ý', ' đồng  ý '] }), { now })).toEqual(['duplicate_options']);
    expect(validatePollDraft(draft({ options: ['Có', 'Cố'] }), { now })).toEqual([]);
  });
});

describe('who runs polls', () => {
  test('the active bí thư and phó bí thư; not a chi ủy viên, a member, or an exempt bí thư', () => {
    expect(mayRunPolls({ role: 'secretary', status: 'active' })).toBe(true);
    expect(mayRunPolls({ role: 'deputy', status: 'active' })).toBe(true);
    expect(mayRunPolls({ role: 'committee_member', status: 'active' })).toBe(false);
    expect(mayRunPolls({ role: 'member', status: 'active' })).toBe(false);
    expect(mayRunPolls({ role: 'secretary', status: 'temporarily_exempt' })).toBe(false);
  });
});

describe('ballots', () => {
  test('a named ballot is keyed by member; an anonymous one by a key that shows no member id', () => {
    expect(voterKey({ anonymous: false, ballotSecret: null }, 42)).toBe('m:42');
    const secret = Buffer.alloc(32, 7);
    const key = voterKey({ anonymous: true, ballotSecret: secret }, 42);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(voterKey({ anonymous: true, ballotSecret: secret }, 42)).toBe(key);
    expect(voterKey({ anonymous: true, ballotSecret: Buffer.alloc(32, 8) }, 42)).not.toBe(key);
    expect(() => voterKey({ anonymous: true, ballotSecret: null }, 42)).toThrow();
  });

  test('a choice must name existing options, and only one in a single-choice poll', () => {
    const single = { optionCount: 3, multipleChoice: false };
    const multiple = { optionCount: 3, multipleChoice: true };
    expect(normaliseChoice([1], single)).toEqual([1]);
    expect(normaliseChoice([], single)).toEqual([]);
    expect(normaliseChoice([0, 2], single)).toBeNull();
    expect(normaliseChoice([3], single)).toBeNull();
    expect(normaliseChoice([-1], multiple)).toBeNull();
    expect(normaliseChoice([2, 0, 2], multiple)).toEqual([0, 2]);
  });

  test('counts per option and turnout in whole percent', () => {
    expect(tally(3, [[0], [0, 2], [2]])).toEqual([2, 0, 2]);
    expect(turnoutPercent(2, 3)).toBe(67);
    expect(turnoutPercent(0, 0)).toBe(0);
  });
});
