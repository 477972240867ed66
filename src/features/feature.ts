import type { FastifyPluginAsync } from 'fastify';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config/config.js';
import type { ConversationDeps } from '../conversation/conversation.types.js';
import type { FlowModule } from '../conversation/flow-module.js';
import type { OutboxJob } from '../jobs/outbox.jobs.js';
import type { Sweep } from '../jobs/schedules.js';
import type { Clock } from '../shared/clock.js';
import type { Db } from '../shared/db/db.js';
import type { Logger } from '../shared/logger.js';

// What a feature adds to the service, declared in one place (src/features/<feature>.feature.ts)
// and listed in src/features/index.ts; createApp runs whatever the list declares.

/** What every feature may use when it is set up. */
export type FeatureContext = {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
  redis: Redis;
  prefix: string;
  /** Hand outbox rows to the delivery queues. */
  dispatch: (outboxIds: number[]) => Promise<void>;
  outboxQueue: Queue<OutboxJob>;
  /** The key material links are signed with. */
  linkKey: Buffer;
};

export type Closer = () => Promise<unknown>;

/** What a feature runs, once set up for this process. */
export type FeatureParts = {
  /** What its flows need beyond the transaction and the clock (the poll-close scheduler). */
  conversation?: Partial<ConversationDeps>;
  /** Its HTTP routes, each an encapsulated Fastify plugin (web processes). */
  routes?: FastifyPluginAsync[];
  /** Run in worker processes before the sweeps start (e.g. this month's meetings exist). */
  beforeSweeps?: () => Promise<unknown>;
  /** Its recurring sweeps (worker processes). */
  sweeps?: Sweep[];
  /** Its BullMQ workers (worker processes); each returns how to close it. */
  startWorkers?: () => Closer[];
  /** Close what setup opened (queues), in every process. */
  close?: Closer;
};

export type Feature = {
  name: string;
  /** Its share of the conversation: commands (in the menu, in this order), buttons, text steps. */
  flows?: FlowModule[];
  setup?: (ctx: FeatureContext) => FeatureParts;
};
