import type { Config } from './config/config.js';
import { createTelegramChannel } from './channels/telegram/telegram.channel.js';
import { TELEGRAM_WEBHOOK_PATH } from './channels/telegram/telegram.channel.js';
import { createInboundProcessor } from './conversation/inbound-processor.js';
import { createOutboxQueue, createOutboxWorker, sweepOutbox } from './jobs/outbox.jobs.js';
import { createCycleQueue, createCycleWorker, ensureMeetingsNow, sweepCycle } from './jobs/cycle.jobs.js';
import { createRedis } from './jobs/redis.js';
import { createBulkQueue, createBulkWorker, createOutboxDispatcher } from './jobs/bulk.jobs.js';
import { sweepMaterials } from './jobs/materials.jobs.js';
import { createPollsQueue, createPollsWorker, schedulePollClose, sweepPolls } from './jobs/polls.jobs.js';
import { materialDownloadUrl, materialLinkKey } from './modules/materials/material-link.js';
import { startSweeps } from './jobs/schedules.js';
import { createUpdatesRepository } from './modules/updates/updates.repository.js';
import { createHttpServer } from './server/http.js';
import { systemClock, type Clock } from './shared/clock.js';
import { createDb } from './shared/db/db.js';
import { runMigrations } from './shared/db/migrate.js';
import type { Logger } from './shared/logger.js';

const MONTH_MS = 30 * 86_400_000;
// With a public URL, documents beyond a platform's limit are served as links: accept bigger uploads.
const LINKED_UPLOAD_MAX_BYTES = 200 * 1024 * 1024;

/**
 * The composition root: config → dependencies → web and/or worker. main.ts adds signals;
 * end-to-end tests start the very same app against fake platforms.
 */
export async function createApp({ config, logger, clock = systemClock }: { config: Config; logger: Logger; clock?: Clock }) {
  const web = config.PROCESS_MODE !== 'worker';
  const worker = config.PROCESS_MODE !== 'web';

  await runMigrations(config.DATABASE_URL);
  const { db, close: closeDb } = createDb({ url: config.DATABASE_URL });
  const redis = createRedis(config.REDIS_URL);
  const prefix = config.QUEUE_PREFIX;

  const telegram = createTelegramChannel({ config, logger });
  const gateways = { telegram: telegram.gateway };
  await telegram.init();
  const username = await telegram.botUsername();
  const outboxQueue = createOutboxQueue({ connection: redis, prefix });
  const bulkQueues = { telegram: createBulkQueue({ connection: redis, prefix, platform: 'telegram' }) };
  const dispatch = createOutboxDispatcher({ db, interactive: outboxQueue, bulk: bulkQueues });
  const pollsQueue = createPollsQueue({ connection: redis, prefix });
  const processor = createInboundProcessor({
    db, clock, logger, gateways, dispatch,
    schedulePollClose: (poll) => schedulePollClose(pollsQueue, poll, new Date()),
    inviteLink: (_platform, token) => telegram.inviteLink(username, token),
  });

  const webhookMode = !!config.PUBLIC_URL;
  const linkKey = materialLinkKey(config.TELEGRAM_BOT_TOKEN);
  const materialLink = (materialId: number) => (config.PUBLIC_URL ? materialDownloadUrl(config.PUBLIC_URL, linkKey, materialId) : null);
  const http = createHttpServer({
    db, redis,
    ...(web && webhookMode ? { telegramWebhook: { path: TELEGRAM_WEBHOOK_PATH, handle: telegram.handleWebhook } } : {}),
    // The publishing endpoint exists only when a token is configured: no token, no door.
    ...(web && config.MATERIALS_API_TOKEN
      ? { materials: { db, clock, token: config.MATERIALS_API_TOKEN, dispatch, ...(config.PUBLIC_URL ? { maxUploadBytes: LINKED_UPLOAD_MAX_BYTES } : {}) } }
      : {}),
    ...(web && config.PUBLIC_URL ? { materialDownloads: { db, key: linkKey } } : {}),
  });

  const closers: (() => Promise<unknown>)[] = [];
  let address = '';

  async function start(): Promise<void> {
    // /healthz answers in every mode, so an orchestrator can probe workers too.
    address = await http.listen({ port: config.PORT, host: config.HOST });
    closers.push(() => http.close());
    if (web) {
      if (webhookMode) await telegram.startWebhook(processor, config.PUBLIC_URL!);
      else await telegram.startPolling(processor);
      closers.unshift(() => telegram.stop());
    }
    if (worker) {
      const timing = { leaseMs: config.OUTBOX_LEASE_MS, lockMs: config.JOB_LOCK_MS, materialLink };
      const outboxWorker = createOutboxWorker({ db, gateways, clock, logger, connection: redis, prefix, ...timing });
      const bulkWorker = createBulkWorker({
        db, clock, logger, connection: redis, prefix, platform: 'telegram', gateways: { telegram: telegram.bulkGateway }, ...timing,
        limits: { perSecond: config.TELEGRAM_RATE_PER_SECOND, perChatIntervalMs: config.TELEGRAM_PER_CHAT_INTERVAL_MS },
      });
      const pollsWorker = createPollsWorker({ db, clock, logger, connection: redis, prefix, dispatch });
      const cycleQueue = createCycleQueue({ connection: redis, prefix });
      const cycleWorker = createCycleWorker({ db, clock, logger, connection: redis, prefix, outboxQueue });
      // Meetings of this month and next exist before the first sweep looks for due work.
      await ensureMeetingsNow({ db, clock });
      const sweeps = await startSweeps({
        connection: redis, prefix, logger, watchdogMs: config.SCHEDULE_WATCHDOG_MS,
        sweeps: [
          { name: 'outbox-sweep', repeat: { every: config.OUTBOX_SWEEP_MS }, run: () => sweepOutbox({ db, clock, queue: outboxQueue, bulk: bulkQueues }) },
          { name: 'meeting-cycle', repeat: { pattern: '*/15 * * * *' }, run: () => sweepCycle({ db, clock, queue: cycleQueue }) },
          { name: 'materials', repeat: { pattern: '* * * * *' }, run: () => sweepMaterials({ db, clock, dispatch }) },
          { name: 'polls', repeat: { pattern: '* * * * *' }, run: () => sweepPolls({ db, clock, dispatch }) },
          { name: 'ensure-meetings', repeat: { pattern: '5 0 * * *' }, run: () => ensureMeetingsNow({ db, clock }) },
          {
            name: 'prune-processed-updates', repeat: { pattern: '30 3 * * *' },
            run: () => createUpdatesRepository({ db }).pruneOlderThan(new Date(clock.now().getTime() - MONTH_MS)),
          },
        ],
      });
      closers.push(
        () => outboxWorker.close(), () => bulkWorker.close(), () => pollsWorker.close(), () => cycleWorker.close(), async () => { sweeps.stopWatchdog(); await sweeps.worker.close(); }, () => sweeps.queue.close(), () => cycleQueue.close(),
      );
    }
    logger.info({ mode: config.PROCESS_MODE, telegram: web ? (webhookMode ? 'webhook' : 'polling') : 'off', address }, 'started');
  }

  /** Stop taking updates first, then let in-flight work finish, then close pools. */
  async function stop(): Promise<void> {
    for (const close of closers.splice(0)) {
      try { await close(); } catch (err) { logger.warn({ err: String(err) }, 'error while shutting down'); }
    }
    await outboxQueue.close();
    await bulkQueues.telegram.close();
    await pollsQueue.close();
    redis.disconnect();
    await closeDb();
  }

  return { start, stop, db, redis, http, processor, telegram, get address() { return address; } };
}

export type App = Awaited<ReturnType<typeof createApp>>;
