import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Clock } from '../shared/clock.js';
import type { Platform } from '../shared/db/enums.js';
import type { Db } from '../shared/db/db.js';
import { createOutboxRepository } from '../modules/outbox/outbox.repository.js';
import type { Deliver } from '../modules/outbox/outbox.delivery.js';

export const OUTBOX_QUEUE = 'outbox';
export type OutboxJob = { outboxId: number };

// Rows younger than this are left to the process that created them (it sends replies
// directly); the sweep is the safety net for crashes and retries.
const SWEEP_GRACE_MS = 5_000;
const SWEEP_BATCH = 1_000;

type Deps = { connection: Redis; prefix: string };

/** Deterministic job id: a row waiting in the queue is never queued twice. */
export const outboxJobId = (id: number) => `outbox-${id}`;

export function createOutboxQueue({ connection, prefix }: Deps) {
  return new Queue<OutboxJob>(OUTBOX_QUEUE, {
    connection,
    prefix,
    // Finished jobs must not linger: BullMQ ignores an add whose job id still exists in any
    // state, so a kept failed job would stop the sweep from re-queuing its still-pending row.
    // Postgres (status, last_error) is the record of what happened to a message.
    defaultJobOptions: { removeOnComplete: true, removeOnFail: true, attempts: 3, backoff: { type: 'exponential', delay: 5_000 } },
  });
}

/**
 * Hand due outbox rows to the workers. Reads Postgres only, so after a Redis flush the next
 * sweep rebuilds the queue; the row lease, not the queue, guarantees one send per row.
 */
export async function sweepOutbox({
  db,
  clock,
  queue,
  bulk = {},
}: {
  db: Db;
  clock: Clock;
  queue: Queue<OutboxJob>;
  /** Broadcast rows go to their platform's rate-limited queue, never to the interactive one. */
  bulk?: Partial<Record<Platform, Queue<OutboxJob>>>;
}): Promise<number> {
  const now = clock.now();
  const rows = await createOutboxRepository({ db }).dueRows(now, new Date(now.getTime() - SWEEP_GRACE_MS), SWEEP_BATCH);
  const bulkQueue = (r: (typeof rows)[number]) => (r.lane === 'bulk' ? bulk[r.platform] : undefined);
  await enqueueOutbox(
    queue,
    rows.filter((r) => !bulkQueue(r)).map((r) => r.id),
  );
  for (const [platform, q] of Object.entries(bulk) as [Platform, Queue<OutboxJob>][]) {
    await enqueueOutbox(
      q,
      rows.filter((r) => r.lane === 'bulk' && r.platform === platform).map((r) => r.id),
    );
  }
  return rows.length;
}

/** Queue outbox rows for delivery now (the sweep would find them anyway, a little later). */
export async function enqueueOutbox(queue: Queue<OutboxJob>, ids: number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 1000) {
    await queue.addBulk(
      ids.slice(i, i + 1000).map((outboxId) => ({ name: 'deliver', data: { outboxId }, opts: { jobId: outboxJobId(outboxId) } })),
    );
  }
}

export function createOutboxWorker(deps: Deps & { deliver: Deliver; concurrency?: number; lockMs?: number }) {
  return new Worker<OutboxJob>(OUTBOX_QUEUE, async (job) => (await deps.deliver(job.data.outboxId)).outcome, {
    connection: deps.connection,
    prefix: deps.prefix,
    concurrency: deps.concurrency ?? 8,
    ...(deps.lockMs ? { lockDuration: deps.lockMs, stalledInterval: deps.lockMs } : {}),
  });
}
