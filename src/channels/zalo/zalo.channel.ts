import type { InboundEvent } from '../../conversation/inbound.js';
import type { InboundSink } from '../../conversation/pipeline/inbound-processor.js';
import type { Clock } from '../../shared/clock.js';
import type { Db } from '../../shared/db/db.js';
import { type Logger, errorText } from '../../shared/logger.js';
import { createInboundQueueRepository, type QueuedInbound } from '../../modules/updates/inbound-queue.repository.js';
import { createZaloClient } from './zalo.client.js';
import type { SendThrottle } from '../../shared/chat-gateway.js';
import { createZaloGateway } from './zalo.gateway.js';
import { idString, isRecord, parseJsonKeepingBigInts } from './zalo.json.js';
import { parseZaloWebhook, zaloInteractingUserId } from './zalo.parse.js';
import { isZaloProbe, verifyZaloSignature } from './zalo.signature.js';

export const ZALO_WEBHOOK_PATH = '/zalo/webhook';
// A queued event not handled this long after it arrived was dropped by a crash: the sweep takes it.
const SWEEP_GRACE_MS = 10_000;
const SWEEP_BATCH = 200;
const retryDelayMs = (attempts: number) => Math.min(5_000 * 2 ** attempts, 600_000);

export type ZaloChannelConfig = {
  ZALO_APP_ID: string;
  ZALO_APP_SECRET: string;
  ZALO_OA_SECRET_KEY: string;
  ZALO_API_ROOT: string;
  ZALO_REQUEST_INFO_IMAGE_URL: string;
};

/** The OAuth token source (zalo.tokens.ts): the client asks it for a token and for a new one on -216/-220. */
export type ZaloTokenSource = { accessToken(): Promise<string>; refreshAccessToken(rejected: string): Promise<string> };

type Deps = {
  config: ZaloChannelConfig;
  tokens: ZaloTokenSource;
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Button data prefixes the conversation owns: a hidden-query tap arrives as plain text. */
  buttonPrefixes: ReadonlySet<string>;
  /** The data of a poll option's button (the conversation's codec, given by app.ts). */
  pollOptionData: (pollId: number, option: number) => string;
  throttle?: SendThrottle;
};

export type ZaloWebhookRequest = { rawBody: Buffer; headers: Record<string, string | string[] | undefined> };

/**
 * Everything Zalo: the axios client stays inside this folder. Webhooks are verified, queued in
 * Postgres and answered at once (Zalo gives us 2 seconds), then handled one chat at a time in
 * arrival order; a sweep handles whatever a crash left in the queue.
 */
export function createZaloChannel({ config, tokens, db, clock, logger: parent, buttonPrefixes, pollOptionData, throttle }: Deps) {
  const logger = parent.child({ channel: 'zalo' });
  const client = createZaloClient({
    apiRoot: config.ZALO_API_ROOT,
    accessToken: tokens.accessToken,
    refreshAccessToken: tokens.refreshAccessToken,
  });
  const gateway = createZaloGateway({
    client,
    logger,
    render: { requestInfoImageUrl: config.ZALO_REQUEST_INFO_IMAGE_URL, pollOptionData },
    ...(throttle ? { throttle } : {}),
  });
  const keys = { appId: config.ZALO_APP_ID, oaSecretKey: config.ZALO_OA_SECRET_KEY, appSecret: config.ZALO_APP_SECRET };
  const queue = createInboundQueueRepository({ db });
  const chains = new Map<string, Promise<void>>();
  const variantsSeen = new Set<string>();
  let processor: InboundSink | undefined;

  /**
   * 200 for Zalo's unsigned `{}` probe and for every signed event we accepted (or choose to
   * ignore); 401 for a missing or wrong signature (nothing is read further or changed); 500
   * only when the event could not be stored, so Zalo delivers it again.
   */
  async function handleWebhook({ rawBody, headers }: ZaloWebhookRequest): Promise<{ status: number }> {
    if (isZaloProbe(rawBody)) return { status: 200 };
    const verdict = verifyZaloSignature(
      { rawBody, signature: headers['x-zevent-signature'], timestampHeader: headers['x-zevent-timestamp'] },
      keys,
    );
    if (!verdict.ok) {
      logger.warn({ reason: verdict.reason, bytes: rawBody.length }, 'zalo webhook refused: bad signature');
      return { status: 401 };
    }
    // Zalo's exact signing recipe is uncertain (reference §7 #1): say once which one it uses.
    if (!variantsSeen.has(verdict.variant)) {
      variantsSeen.add(verdict.variant);
      logger.info({ variant: verdict.variant }, 'zalo webhook signature verified');
    }
    const event = toEvent(rawBody);
    if (!event) return { status: 200 }; // our own echoes, receipts, stickers from strangers…
    try {
      if (await queue.add('zalo', event.updateId, event as unknown as Record<string, unknown>, clock.now())) schedule(event);
      return { status: 200 };
    } catch (err) {
      logger.error({ updateId: event.updateId, err: errorText(err) }, 'zalo event not stored; Zalo will retry');
      return { status: 500 };
    }
  }

  function toEvent(rawBody: Buffer): InboundEvent | null {
    const event = parseZaloWebhook(rawBody, { buttonPrefixes });
    if (event) return event;
    // A sticker, a location…: nothing to answer, but it is an interaction that reopens the
    // 7-day window (and releases messages held for this person).
    let body: unknown;
    try {
      body = parseJsonKeepingBigInts(rawBody);
    } catch {
      return null;
    }
    const userId = zaloInteractingUserId(body);
    const msgId = isRecord(body) && isRecord(body.message) ? idString(body.message.msg_id) : null;
    const ts = isRecord(body) ? (idString(body.timestamp) ?? '') : '';
    if (!userId || (!msgId && !ts)) return null;
    const updateId = msgId ?? `interaction:${userId}:${ts}`;
    return {
      platform: 'zalo',
      updateId,
      chatId: userId,
      user: { externalId: userId, displayName: '' },
      type: 'reachability',
      reachable: true,
    };
  }

  /** One chat's events are handled one after another, in the order they arrived. */
  function schedule(event: InboundEvent): Promise<void> {
    const previous = chains.get(event.chatId) ?? Promise.resolve();
    const next = previous.then(() =>
      handle({ platform: 'zalo', updateId: event.updateId, event: event as unknown as Record<string, unknown>, attempts: 0 }),
    );
    chains.set(event.chatId, next);
    void next.finally(() => {
      if (chains.get(event.chatId) === next) chains.delete(event.chatId);
    });
    return next;
  }

  async function handle(item: QueuedInbound): Promise<void> {
    if (!processor) return; // not started: the sweep handles it once we are
    try {
      await processor.process(item.event as unknown as InboundEvent);
      await queue.remove(item.platform, item.updateId);
    } catch (err) {
      // Postgres is unreachable (the processor records every other failure itself).
      logger.error({ updateId: item.updateId, err: errorText(err) }, 'zalo event not handled; will retry');
      await queue.postpone(item.platform, item.updateId, new Date(clock.now().getTime() + retryDelayMs(item.attempts))).catch(() => {});
    }
  }

  /** Events a crash or an outage left behind; the dedupe record makes a double handling harmless. */
  async function sweep(): Promise<number> {
    if (!processor) return 0;
    const rows = await queue.due(new Date(clock.now().getTime() - SWEEP_GRACE_MS), SWEEP_BATCH);
    for (const row of rows) {
      if (chains.has(String((row.event as { chatId?: unknown }).chatId))) continue; // being handled here right now
      await handle(row);
    }
    return rows.length;
  }

  /** Resolves when every event accepted so far has been handled (tests, shutdown). */
  async function idle(): Promise<void> {
    while (chains.size) await Promise.allSettled([...chains.values()]);
  }

  return {
    gateway,
    client,
    handleWebhook,
    sweep,
    idle,
    start(p: InboundSink) {
      processor = p;
    },
    async stop() {
      await idle();
      processor = undefined;
    },
  };
}

export type ZaloChannel = ReturnType<typeof createZaloChannel>;
