import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Clock } from '../shared/clock.js';
import type { Db, Tx } from '../shared/db/db.js';
import type { Logger } from '../shared/logger.js';
import { nextPeriod, periodOf, vnDate } from '../shared/vn-time.js';
import { branchIdPages, planCycleJobs, type CycleJob, type CycleJobData, type CycleJobName } from '../modules/cycle/cycle.plan.js';
import { remindNonResponders, sendMeetingNotice } from '../modules/meetings/notice.usecases.js';
import { escalatePrep, sendPrepNag } from '../modules/meetings/prep.usecases.js';
import { askToChooseDate, remindThematic } from '../modules/meetings/reminders.usecases.js';
import { ensureRegularMeetings } from '../modules/meetings/schedule.usecases.js';
import type { NotifyResult } from '../modules/outbox/notify.js';
import { sendDigest } from '../modules/tasks/digest.usecases.js';
import { sendTaskReminders } from '../modules/tasks/reminders.usecases.js';
import { enqueueOutbox, type OutboxJob } from './outbox.jobs.js';

export const CYCLE_QUEUE = 'cycle';
type Deps = { db: Db; clock: Clock; logger: Logger; connection: Redis; prefix: string; outboxQueue: Queue<OutboxJob> };
type JobDeps = { db: Tx; clock: Clock };

const HANDLERS: { [K in CycleJobName]: (d: CycleJobData[K], deps: JobDeps) => Promise<NotifyResult> } = {
  'prep-nag': (d, deps) => sendPrepNag(d, deps),
  'prep-escalate': (d, deps) => escalatePrep(d, deps),
  notice: (d, deps) => sendMeetingNotice(d, deps),
  'rsvp-reminder': (d, deps) => remindNonResponders(d, deps),
  'needs-date': (d, deps) => askToChooseDate(d, deps),
  'thematic-reminder': (d, deps) => remindThematic({ ...d, toSupervisor: false }, deps),
  'thematic-supervisor': (d, deps) => remindThematic({ ...d, toSupervisor: true }, deps),
  // The day the job runs, not the one planned: "due today" must be true when it is read.
  'task-reminders': (d, deps) => sendTaskReminders({ branchId: d.branchId, today: vnDate(deps.clock.now()) }, deps),
  'task-digest': (d, deps) => sendDigest(d, deps),
};

/** The handler of a job, with its data typed by its name. */
const handle = <K extends CycleJobName>(name: K, data: CycleJobData[K], deps: JobDeps) => HANDLERS[name](data, deps);

export function createCycleQueue({ connection, prefix }: Pick<Deps, 'connection' | 'prefix'>) {
  return new Queue<CycleJob['data'], unknown, CycleJobName>(CYCLE_QUEUE, {
    connection,
    prefix,
    // Completed jobs are kept two days so their ids dedupe the hourly sweeps; failed ones are
    // removed, or their id would block the next sweep from queuing the work again.
    defaultJobOptions: {
      removeOnComplete: { age: 2 * 86_400 },
      removeOnFail: true,
      attempts: 3,
      backoff: { type: 'exponential', delay: 10_000 },
    },
  });
}

// Branch ids per page of the plan: 250,000 branches' jobs at once took 585 MB of RSS.
const SWEEP_PAGE_BRANCHES = 20_000;

/**
 * Plan what is due now and queue it, a page of branch ids at a time so the sweep's memory stays
 * flat however many branches there are; returns the number of jobs planned.
 */
export async function sweepCycle({
  db,
  clock,
  queue,
  pageBranches = SWEEP_PAGE_BRANCHES,
}: {
  db: Db;
  clock: Clock;
  queue: ReturnType<typeof createCycleQueue>;
  pageBranches?: number;
}): Promise<number> {
  const now = clock.now();
  let planned = 0;
  for (const branches of await branchIdPages(db, pageBranches)) {
    const jobs = await planCycleJobs({ now, branches }, { db });
    for (let i = 0; i < jobs.length; i += 1000) {
      await queue.addBulk(jobs.slice(i, i + 1000).map((j) => ({ name: j.name, data: j.data, opts: { jobId: j.jobId } })));
    }
    planned += jobs.length;
  }
  return planned;
}

/** This month's and next month's regular meetings for every branch (idempotent). */
export async function ensureMeetingsNow({ db, clock }: { db: Db; clock: Clock }) {
  const period = periodOf(vnDate(clock.now()));
  return ensureRegularMeetings({ periods: [period, nextPeriod(period)] }, { db, clock });
}

/** Run one job: its messages are written in one transaction, then handed to the delivery queue. */
export async function runCycleJob<K extends CycleJobName>(
  name: K,
  data: CycleJobData[K],
  { db, clock, outboxQueue }: Pick<Deps, 'db' | 'clock' | 'outboxQueue'>,
) {
  const result = await db.transaction((tx) => handle(name, data, { db: tx, clock }));
  await enqueueOutbox(outboxQueue, result.outboxIds);
  return result;
}

export function createCycleWorker(deps: Deps & { concurrency?: number }) {
  return new Worker<CycleJob['data'], unknown, CycleJobName>(
    CYCLE_QUEUE,
    async (job) => {
      // Written by sweepCycle from a CycleJob: the data is the one its name needs.
      const r = await runCycleJob(job.name, job.data as CycleJobData[typeof job.name], deps);
      return { sent: r.outboxIds.length, unreachable: r.unreachable.length };
    },
    { connection: deps.connection, prefix: deps.prefix, concurrency: deps.concurrency ?? 4 },
  );
}
