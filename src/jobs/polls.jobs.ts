import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Clock } from '../shared/clock.js';
import type { Db } from '../shared/db/db.js';
import type { Logger } from '../shared/logger.js';
import { closePoll, duePolls, findPoll, stopLateCopies, type Poll } from '../modules/polls/polls.usecases.js';

// Each poll closes at its deadline through one delayed job; the minute sweep (sweepPolls)
// closes whatever the jobs missed, so closing is rebuilt from Postgres after a Redis flush.
export const POLLS_QUEUE = 'polls';
export type PollCloseJob = { pollId: number };
type Dispatch = (outboxIds: number[]) => Promise<void>;

/** Deterministic: scheduling a poll twice queues one job. */
export const pollCloseJobId = (pollId: number) => `poll-close-${pollId}`;

export function createPollsQueue({ connection, prefix }: { connection: Redis; prefix: string }) {
  return new Queue<PollCloseJob>(POLLS_QUEUE, {
    connection,
    prefix,
    // Completed jobs are dropped: the poll's status in Postgres says it is closed. Failed ones
    // too, so their id never blocks a new schedule; the sweep closes the poll meanwhile.
    defaultJobOptions: { removeOnComplete: true, removeOnFail: true, attempts: 5, backoff: { type: 'exponential', delay: 5_000 } },
  });
}

/**
 * A delayed job at the poll's deadline. The delay is the time left on the injected clock (the one
 * the deadline was set by): mixing in the real now made a test's poll, due "yesterday" by the
 * real date, close at once. A job that wakes before the deadline does nothing (runPollClose).
 */
export async function schedulePollClose(queue: Queue<PollCloseJob>, poll: Pick<Poll, 'id' | 'deadline'>, now: Date): Promise<void> {
  await queue.add(
    'close',
    { pollId: poll.id },
    { jobId: pollCloseJobId(poll.id), delay: Math.max(0, poll.deadline.getTime() - now.getTime()) },
  );
}

/**
 * Close one poll if its deadline has come, then hand its messages (stops, results) to delivery.
 * A job woken early (clock skew between machines) leaves the poll to the sweep, a minute later.
 */
export async function runPollClose({ pollId }: PollCloseJob, { db, clock, dispatch }: { db: Db; clock: Clock; dispatch: Dispatch }) {
  const poll = await findPoll({ pollId }, { db });
  if (!poll || poll.status === 'closed') return { status: 'already_closed' as const };
  if (poll.deadline.getTime() > clock.now().getTime()) return { status: 'not_due' as const };
  const r = await closePoll({ pollId, actor: { kind: 'system' }, now: clock.now() }, { db, clock });
  if (r.status === 'closed') await dispatch(r.outboxIds);
  return r;
}

export function createPollsWorker(deps: {
  db: Db;
  clock: Clock;
  logger: Logger;
  connection: Redis;
  prefix: string;
  dispatch: Dispatch;
  concurrency?: number;
}) {
  return new Worker<PollCloseJob>(
    POLLS_QUEUE,
    async (job) => {
      const r = await runPollClose(job.data, deps);
      deps.logger.debug({ pollId: job.data.pollId, status: r.status }, 'poll close job done');
      return { status: r.status };
    },
    { connection: deps.connection, prefix: deps.prefix, concurrency: deps.concurrency ?? 2 },
  );
}

/**
 * Close every poll past its deadline, and stop copies that reached a member after their
 * poll closed. Reads Postgres only; safe to run as often as wanted. Returns polls closed.
 */
export async function sweepPolls({ db, clock, dispatch }: { db: Db; clock: Clock; dispatch: Dispatch }): Promise<number> {
  let closed = 0;
  for (const pollId of await duePolls({ now: clock.now() }, { db })) {
    const r = await closePoll({ pollId, actor: { kind: 'system' }, now: clock.now() }, { db, clock });
    if (r.status !== 'closed') continue;
    closed += 1;
    await dispatch(r.outboxIds);
  }
  const late = await stopLateCopies({ now: clock.now() }, { db });
  await dispatch(late.outboxIds);
  return closed;
}
