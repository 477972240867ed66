import { isBranchLeader } from '../members/members.models.js';
import { createHmac } from 'node:crypto';
import { tidy } from '../../shared/fold.js';

// Telegram's own sendPoll limits (question ≤ 300, option ≤ 100 characters); 10 options keep
// the Zalo button rendering on one screen.
export const QUESTION_MAX = 300;
export const OPTION_MAX = 100;
export const OPTIONS_MIN = 2;
export const OPTIONS_MAX = 10;

export type PollDraft = {
  question: string;
  options: string[];
  multipleChoice: boolean;
  /** Results give counts only, to everyone; the ballots cannot be linked to members. */
  anonymous: boolean;
  /** At the close the results go to every audience member, not only to the creator. */
  shareResults: boolean;
  deadline: Date;
  /** A party group (tổ đảng) of the branch, or null for the whole branch. */
  groupId: number | null;
};

export type DraftProblem =
  | 'question_empty'
  | 'question_too_long'
  | 'too_few_options'
  | 'too_many_options'
  | 'option_empty'
  | 'option_too_long'
  | 'duplicate_options'
  | 'deadline_past';

/** Beyond the draft's own problems: the group is not one of the branch's, or nobody would get the poll. */
export type PollProblem = DraftProblem | 'group_not_found' | 'audience_empty';

export type VoteOutcome = 'recorded' | 'retracted' | 'not_in_audience' | 'closed' | 'bad_option' | 'unknown_poll';

/** The draft as it is stored and sent: whitespace tidied. */
export function tidyDraft(draft: PollDraft): PollDraft {
  return { ...draft, question: tidy(draft.question), options: draft.options.map(tidy) };
}

/** What is wrong with a draft, as stable codes (empty: it may be sent). */
export function validatePollDraft(draft: PollDraft, { now }: { now: Date }): DraftProblem[] {
  const d = tidyDraft(draft);
  const problems: DraftProblem[] = [];
  if (!d.question) problems.push('question_empty');
  else if ([...d.question].length > QUESTION_MAX) problems.push('question_too_long');
  if (d.options.length < OPTIONS_MIN) problems.push('too_few_options');
  if (d.options.length > OPTIONS_MAX) problems.push('too_many_options');
  if (d.options.some((o) => !o)) problems.push('option_empty');
  if (d.options.some((o) => [...o].length > OPTION_MAX)) problems.push('option_too_long');
  // "Đồng ý" and "đồng ý" are one answer to a reader; diacritics still tell "Có" from "Cố".
  const keys = d.options.filter(Boolean).map((o) => o.toLocaleLowerCase('vi'));
  if (new Set(keys).size !== keys.length) problems.push('duplicate_options');
  if (!(d.deadline.getTime() > now.getTime())) problems.push('deadline_past');
  return problems;
}

/** The branch's bí thư and phó bí thư, while active, run polls. */
export const mayRunPolls = isBranchLeader;

/**
 * The key of a member's ballot. Anonymous polls key it by an HMAC under the poll's secret:
 * while the poll is open the same member finds (and changes) the same ballot; once the secret
 * is erased at the close, nobody can tell whose ballot is whose.
 */
export function voterKey(poll: { anonymous: boolean; ballotSecret: Buffer | null }, memberId: number): string {
  if (!poll.anonymous) return `m:${memberId}`;
  if (!poll.ballotSecret) throw new Error('an anonymous poll without its ballot secret takes no votes');
  return createHmac('sha256', poll.ballotSecret).update(String(memberId)).digest('hex');
}

/**
 * The options chosen, sorted and without repeats; null when the choice is not allowed:
 * an index that does not exist, or more than one option in a single-choice poll.
 */
export function normaliseChoice(
  optionIds: readonly number[],
  { optionCount, multipleChoice }: { optionCount: number; multipleChoice: boolean },
): number[] | null {
  const chosen = [...new Set(optionIds)].sort((a, b) => a - b);
  if (chosen.some((i) => !Number.isInteger(i) || i < 0 || i >= optionCount)) return null;
  if (!multipleChoice && chosen.length > 1) return null;
  return chosen;
}

/** Votes per option; a multiple-choice ballot counts once for each option it names. */
export function tally(optionCount: number, ballots: readonly (readonly number[])[]): number[] {
  const counts = Array.from({ length: optionCount }, () => 0);
  for (const b of ballots) for (const i of b) if (i >= 0 && i < optionCount) counts[i] = (counts[i] ?? 0) + 1;
  return counts;
}

/** Whole percent of the audience that voted. */
export const turnoutPercent = (voters: number, audience: number) => (audience > 0 ? Math.round((voters * 100) / audience) : 0);
