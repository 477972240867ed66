// What check-in refuses, and how: an exported use case returns { refused: code } for the flow to
// say kindly. Inside, a use case stops at the first refusal with checkinError(code), which only
// refusing() catches; an unexpected error still propagates.

export type CheckinErrorCode =
  | 'checkin.meeting_not_found'
  | 'checkin.not_leader'
  | 'checkin.meeting_cancelled'
  | 'checkin.no_date'
  | 'checkin.not_open'
  | 'checkin.already_closed'
  | 'checkin.member_not_in_branch'
  | 'checkin.no_reason'
  | 'checkin.member_present'
  | 'checkin.no_start';

export type CheckinRefusal = { refused: CheckinErrorCode };

class Refused extends Error {
  constructor(readonly code: CheckinErrorCode) {
    super(code);
  }
}

/** Stop the use case here with this refusal (caught by refusing(), never seen by a caller). */
export const checkinError = (code: CheckinErrorCode): never => {
  throw new Refused(code);
};

/** The use case as callers see it: its result, or the refusal as a value. */
export const refusing =
  <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
  async (...args: A): Promise<R | CheckinRefusal> => {
    try {
      return await run(...args);
    } catch (err) {
      if (err instanceof Refused) return { refused: err.code };
      throw err;
    }
  };

export const isRefusal = (r: unknown): r is CheckinRefusal => typeof r === 'object' && r !== null && 'refused' in r;
