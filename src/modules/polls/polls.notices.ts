// The notices of the poll feature, as data; their words are in src/conversation/notices/polls.notices.ts.

/** A poll's results as people read them (JSON: the deadline as an ISO instant). */
export type ResultsView = {
  question: string;
  options: string[];
  counts: number[];
  /** Named polls only: who chose each option. */
  named?: { option: number; names: string[] }[];
  voters: number;
  audience: number;
  turnout: number;
  anonymous: boolean;
  multipleChoice: boolean;
  closed: boolean;
  deadline: string;
};

/** The results when the poll closes: to its creator, and to everyone asked when it shares them. */
export type PollNotice = { type: 'poll.results'; pollId: number; results: ResultsView };
