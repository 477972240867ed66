import type { Config } from './config/config.js';
import { createTelegramChannel } from './channels/telegram/telegram.channel.js';
import { TELEGRAM_WEBHOOK_PATH } from './channels/telegram/telegram.channel.js';
import { createInboundProcessor } from './conversation/pipeline/inbound-processor.js';
import { createOutboxQueue, createOutboxWorker, sweepOutbox } from './jobs/outbox.jobs.js';
import { createRedis } from './jobs/redis.js';
import { createBulkQueue, createBulkWorker, createOutboxDispatcher } from './jobs/bulk.jobs.js';
import { createPacer, perMinute, perSecond } from './jobs/pacer.js';
import { createMessageDelivery } from './jobs/delivery.js';
import { createZaloChannel, ZALO_WEBHOOK_PATH } from './channels/zalo/zalo.channel.js';
import { zaloEnabled } from './channels/zalo/zalo.config.js';
import { createZaloTokenStore } from './channels/zalo/zalo.tokens.js';
import { createRouter } from './conversation/pipeline/router.js';
import { pollVoteCodec } from './conversation/buttons/polls.buttons.js';
import { FEATURES, featureFlows } from './features/index.js';
import type { Feature, FeatureParts } from './features/feature.js';
import { alertAdmins } from './modules/alerts/admin-alerts.usecases.js';
import { vnDate } from './shared/vn-time.js';
import { zaloTexts } from './texts/index.js';
import type { Platform } from './shared/db/enums.js';
import { materialDownloadUrl, materialLinkKey } from './modules/materials/material-link.js';
import { startSweeps } from './jobs/schedules.js';
import { createUpdatesRepository } from './modules/updates/updates.repository.js';
import { createHttpServer } from './server/http.js';
import { systemClock, type Clock } from './shared/clock.js';
import { createDb } from './shared/db/db.js';
import { runMigrations } from './shared/db/migrate.js';
import type { Logger } from './shared/logger.js';
import { errorText } from './shared/logger.js';

const MONTH_MS = 30 * 86_400_000;
// Zalo publishes no per-user limit; half a second apart keeps a broadcast from flooding one chat.
const ZALO_PER_CHAT_INTERVAL_MS = 500;
// Only for events a crash left behind (live ones are handled at once).
const ZALO_INBOUND_SWEEP_MS = 5_000;

/**
 * The composition root: config → dependencies → web and/or worker. main.ts adds signals;
 * end-to-end tests start the very same app against fake platforms.
 */
export async function createApp({
  config,
  logger,
  clock = systemClock,
  features = FEATURES,
}: {
  config: Config;
  logger: Logger;
  clock?: Clock;
  /** What the service does (src/features/); every feature by default. */
  features?: readonly Feature[];
}) {
  const web = config.PROCESS_MODE !== 'worker';
  const worker = config.PROCESS_MODE !== 'web';

  await runMigrations(config.DATABASE_URL);
  const { db, close: closeDb } = createDb({ url: config.DATABASE_URL, max: config.DATABASE_POOL_MAX, prepare: config.DATABASE_PREPARE });
  const redis = createRedis(config.REDIS_URL);
  const prefix = config.QUEUE_PREFIX;
  // Every feature's conversation: both channels get its menu and button prefixes from here.
  const router = createRouter(featureFlows(features));

  // Either platform may run alone (config requires one at least).
  const telegram = config.TELEGRAM_BOT_TOKEN
    ? createTelegramChannel({
        config: { ...config, TELEGRAM_BOT_TOKEN: config.TELEGRAM_BOT_TOKEN },
        logger,
        commandMenu: router.commandMenu,
        // Telegram's budget for the whole bot, whoever sends: replies first, then broadcasts.
        throttle: createPacer({
          connection: redis,
          key: `${prefix}:pace:telegram-api`,
          rate: perSecond(config.TELEGRAM_SEND_RATE_PER_SECOND),
        }),
      })
    : undefined;
  await telegram?.init();
  const username = telegram ? await telegram.botUsername() : '';
  const outboxQueue = createOutboxQueue({ connection: redis, prefix });
  const bulkQueues: Partial<Record<Platform, ReturnType<typeof createBulkQueue>>> = {};
  if (telegram) bulkQueues.telegram = createBulkQueue({ connection: redis, prefix, platform: 'telegram' });
  const dispatch = createOutboxDispatcher({ db, interactive: outboxQueue, bulk: bulkQueues });

  const zaloTokens = zaloEnabled(config)
    ? createZaloTokenStore({
        db,
        clock,
        logger,
        oauth: { oauthRoot: config.ZALO_OAUTH_ROOT, appId: config.ZALO_APP_ID!, appSecret: config.ZALO_APP_SECRET! },
        // Zalo sends pause (nothing is lost); only an admin can grant consent again: tell them elsewhere.
        onDead: async (reason) => {
          const now = clock.now();
          const { outboxIds } = await alertAdmins(
            {
              message: { kind: 'text', text: zaloTexts.consentLost(reason) },
              key: `zalo-consent:${vnDate(now)}`,
              now,
              avoidPlatform: 'zalo',
            },
            { db },
          );
          await dispatch(outboxIds);
        },
      })
    : undefined;
  const zalo = zaloTokens
    ? createZaloChannel({
        config: {
          ...config,
          ZALO_APP_ID: config.ZALO_APP_ID!,
          ZALO_APP_SECRET: config.ZALO_APP_SECRET!,
          ZALO_OA_SECRET_KEY: config.ZALO_OA_SECRET_KEY!,
        },
        tokens: zaloTokens,
        db,
        clock,
        logger,
        buttonPrefixes: router.buttonPrefixes,
        pollOptionData: (pollId, option) => pollVoteCodec.encode({ pollId, option }),
        // Zalo's limit is per app per minute, whoever calls: one shared budget for every process.
        throttle: createPacer({ connection: redis, key: `${prefix}:pace:zalo-api`, rate: perMinute(config.ZALO_RATE_PER_MINUTE) }),
      })
    : undefined;
  if (zalo) bulkQueues.zalo = createBulkQueue({ connection: redis, prefix, platform: 'zalo' });
  const gateways = { ...(telegram ? { telegram: telegram.gateway } : {}), ...(zalo ? { zalo: zalo.gateway } : {}) };
  const bulkGateways = { ...(telegram ? { telegram: telegram.bulkGateway } : {}), ...(zalo ? { zalo: zalo.gateway } : {}) };

  const inviteLink = (token: string) => {
    const link = telegram ? telegram.inviteLink(username, token) : null;
    return zaloTexts.invite(link, token, zalo ? { oaId: config.ZALO_OA_ID } : null);
  };
  const webhookMode = !!config.PUBLIC_URL;
  // Telegram's token when there is one (links already given out stay valid); else the Zalo App Secret.
  const linkKey = materialLinkKey(config.TELEGRAM_BOT_TOKEN ?? config.ZALO_APP_SECRET!);
  const materialLink = (materialId: number) => (config.PUBLIC_URL ? materialDownloadUrl(config.PUBLIC_URL, linkKey, materialId) : null);
  const parts: FeatureParts[] = features.map(
    (f) => f.setup?.({ config, db, clock, logger, redis, prefix, dispatch, outboxQueue, linkKey }) ?? {},
  );
  // One delivery for every path: the lease and the material link hold for replies sent at once too.
  const deliver = createMessageDelivery({ db, gateways, bulkGateways, clock, logger, leaseMs: config.OUTBOX_LEASE_MS, materialLink });
  const processor = createInboundProcessor({
    db,
    clock,
    logger,
    gateways,
    dispatch,
    deliver,
    router,
    leaseMs: config.OUTBOX_LEASE_MS,
    conversation: Object.assign({}, ...parts.map((p) => p.conversation ?? {})),
    inviteLink: (_platform, token) => inviteLink(token),
  });

  const http = createHttpServer({
    db,
    redis,
    ...(web && webhookMode && telegram ? { telegramWebhook: { path: TELEGRAM_WEBHOOK_PATH, handle: telegram.handleWebhook } } : {}),
    // Zalo has no polling: its webhook URL is saved in Zalo's developer console, PUBLIC_URL or not.
    ...(web && zalo ? { zaloWebhook: { path: ZALO_WEBHOOK_PATH, handle: zalo.handleWebhook } } : {}),
    ...(web ? { routes: parts.flatMap((p) => p.routes ?? []) } : {}),
    ...(web && telegram && !webhookMode ? { readiness: [{ name: 'telegram-polling', ready: () => !telegram.pollingStalled() }] } : {}),
  });

  const closers: (() => Promise<unknown>)[] = [];
  let address = '';

  async function start(): Promise<void> {
    // /healthz answers in every mode, so an orchestrator can probe workers too.
    address = await http.listen({ port: config.PORT, host: config.HOST });
    closers.push(() => http.close());
    if (web && telegram) {
      if (webhookMode) await telegram.startWebhook(processor, config.PUBLIC_URL!);
      else await telegram.startPolling(processor);
      closers.unshift(() => telegram.stop());
    }
    if (zalo) {
      // Workers need it too: their sweep handles Zalo events a crashed web process left queued.
      zalo.start(processor);
      closers.unshift(() => zalo.stop());
    }
    if (worker) {
      const lanes = { deliver, connection: redis, prefix, lockMs: config.JOB_LOCK_MS };
      const outboxWorker = createOutboxWorker(lanes);
      const bulkWorker = telegram
        ? createBulkWorker({
            ...lanes,
            db,
            platform: 'telegram',
            limits: { rate: perSecond(config.TELEGRAM_RATE_PER_SECOND), perChatIntervalMs: config.TELEGRAM_PER_CHAT_INTERVAL_MS },
          })
        : undefined;
      if (bulkWorker) closers.push(() => bulkWorker.close());
      const zaloBulkWorker = zalo
        ? createBulkWorker({
            ...lanes,
            db,
            platform: 'zalo',
            limits: { rate: perMinute(config.ZALO_RATE_PER_MINUTE), perChatIntervalMs: ZALO_PER_CHAT_INTERVAL_MS },
          })
        : undefined;
      if (zaloBulkWorker) closers.push(() => zaloBulkWorker.close());
      for (const p of parts) await p.beforeSweeps?.();
      for (const p of parts) closers.push(...(p.startWorkers?.() ?? []));
      const sweeps = await startSweeps({
        connection: redis,
        prefix,
        logger,
        watchdogMs: config.SCHEDULE_WATCHDOG_MS,
        sweeps: [
          {
            name: 'outbox-sweep',
            repeat: { every: config.OUTBOX_SWEEP_MS },
            run: () => sweepOutbox({ db, clock, queue: outboxQueue, bulk: bulkQueues }),
          },
          ...parts.flatMap((p) => p.sweeps ?? []),
          ...(zalo && zaloTokens
            ? [
                { name: 'zalo-inbound', repeat: { every: ZALO_INBOUND_SWEEP_MS }, run: () => zalo.sweep() },
                // Rotating daily keeps the 3-month refresh token alive through quiet months.
                { name: 'zalo-token', repeat: { pattern: '*/15 * * * *' }, run: () => zaloTokens.ensureFresh() },
              ]
            : []),
          {
            name: 'prune-processed-updates',
            repeat: { pattern: '30 3 * * *' },
            run: () => createUpdatesRepository({ db }).pruneOlderThan(new Date(clock.now().getTime() - MONTH_MS)),
          },
        ],
      });
      closers.push(
        () => outboxWorker.close(),
        async () => {
          sweeps.stopWatchdog();
          await sweeps.worker.close();
        },
        () => sweeps.queue.close(),
      );
    }
    logger.info(
      {
        mode: config.PROCESS_MODE,
        telegram: web && telegram ? (webhookMode ? 'webhook' : 'polling') : 'off',
        zalo: zalo ? (web ? 'webhook' : 'worker') : 'off',
        address,
      },
      'started',
    );
  }

  /** Stop taking updates first, then let in-flight work finish, then close pools. */
  async function stop(): Promise<void> {
    for (const close of closers.splice(0)) {
      try {
        await close();
      } catch (err) {
        logger.warn({ err: errorText(err) }, 'error while shutting down');
      }
    }
    // Replies of updates already answered, still on their way (the sweep would send them later).
    await processor.settled();
    await outboxQueue.close();
    for (const q of Object.values(bulkQueues)) await q.close();
    for (const p of parts) await p.close?.();
    redis.disconnect();
    await closeDb();
  }

  return {
    start,
    stop,
    db,
    redis,
    http,
    processor,
    /** Every update taken in has been handled and its replies sent (Zalo's queue, then the replies). */
    async idle(): Promise<void> {
      await zalo?.idle();
      await processor.settled();
    },
    deliver,
    telegram,
    zalo,
    zaloTokens,
    get address() {
      return address;
    },
  };
}

export type App = Awaited<ReturnType<typeof createApp>>;
