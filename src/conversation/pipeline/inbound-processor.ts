import type { Clock } from '../../shared/clock.js';
import type { Db, Tx } from '../../shared/db/db.js';
import type { Platform } from '../../shared/db/enums.js';
import type { Gateways } from '../../shared/chat-gateway.js';
import { type Logger, errorText } from '../../shared/logger.js';
import { createIdentitiesRepository } from '../../modules/identities/identities.repository.js';
import { createOutboxRepository } from '../../modules/outbox/outbox.repository.js';
import { OUTBOX_LEASE_MS, type Deliver } from '../../modules/outbox/outbox.delivery.js';
import type { OutboxRow } from '../../modules/outbox/outbox.repository.js';
import { releaseHeldMessages } from '../../modules/outbox/reply-window.js';
import { createUpdatesRepository } from '../../modules/updates/updates.repository.js';
import { bot } from '../../texts/index.js';
import type { InboundEvent } from '../inbound.js';
import { text, type ConversationDeps } from '../conversation.types.js';
import type { Router } from './router.js';
import { isConnectionLoss } from '../../shared/db/db-errors.js';

export type InboundOutcome = 'handled' | 'duplicate' | 'failed';

type Deps = {
  db: Db;
  clock: Clock;
  logger: Logger;
  gateways: Gateways;
  /** The app's one delivery function: the replies are sent at once, the same way the workers send. */
  deliver: Deliver;
  inviteLink: (platform: Platform, token: string) => string;
  /** The conversation of every feature (createRouter over the features' flows). */
  router: Router;
  /** What the features' flows need beyond the transaction and the clock (the poll-close scheduler). */
  conversation?: Partial<ConversationDeps>;
  /** Hand outbox rows written for other people to the delivery workers. */
  dispatch?: (outboxIds: number[]) => Promise<void>;
  /** The outbox lease (OUTBOX_LEASE_MS): replies are written leased to this process. */
  leaseMs?: number;
};

type Handled = { leased: OutboxRow[]; ids: number[]; buttonAnswer?: string; dispatch?: number[] };

/**
 * The one path every inbound event takes, whatever the platform: dedupe, handle, and write
 * the replies to the outbox in ONE transaction. process() resolves at the commit, so a webhook
 * answers without waiting on the platform; the replies are sent at once in the background.
 * A crash after the commit loses nothing: the outbox sweep sends what is still pending.
 * Throws only when Postgres itself is unreachable, so a webhook answers 5xx and is redelivered.
 */
export function createInboundProcessor(deps: Deps) {
  const { db, clock, logger, leaseMs = OUTBOX_LEASE_MS } = deps;
  const sending = new Map<string, Promise<void>>();

  async function process(e: InboundEvent): Promise<InboundOutcome> {
    const log = { platform: e.platform, updateId: e.updateId, type: e.type };
    let outcome: InboundOutcome = 'handled';
    let handled: Handled | null;
    try {
      handled = await db.transaction(async (tx) => {
        if (!(await createUpdatesRepository({ db: tx }).claim(e.platform, e.updateId))) return null;
        await touchAccount(tx, e);
        // They wrote: what was held for them (outside the reply window) goes out after their replies,
        // sent here one by one like the replies, so it arrives in the order it was written.
        // Only platforms with a reply window hold anything: Telegram's updates skip the query.
        const holds = deps.gateways[e.platform]?.replyWindowMs !== undefined && !(e.type === 'reachability' && !e.reachable);
        const released = holds ? await releaseHeldMessages(tx, { platform: e.platform, chatId: e.chatId, now: clock.now() }) : [];
        const result = await deps.router.handleEvent(e, {
          ...deps.conversation,
          db: tx,
          clock,
          inviteLink: deps.inviteLink,
          gateways: deps.gateways,
        });
        // A platform without button acknowledgements (Zalo) shows the acknowledgement as a reply.
        const replies =
          e.type === 'button' && !e.callbackId && result.replies.length === 0 && result.buttonAnswer
            ? [text(result.buttonAnswer)]
            : result.replies;
        // Written leased to us: sending them right after the commit needs no claim of its own.
        const leased = await createOutboxRepository({ db: tx }).addLeased(
          replies.map((message) => ({ platform: e.platform, chatId: e.chatId, message })),
          clock.now(),
          leaseMs,
        );
        return {
          leased,
          ids: released,
          ...(result.buttonAnswer ? { buttonAnswer: result.buttonAnswer } : {}),
          ...(result.dispatch ? { dispatch: result.dispatch } : {}),
        };
      });
    } catch (err) {
      // Postgres unreachable or gone mid-way: nothing was stored, so nothing may be answered as
      // handled; the caller answers 5xx and the platform delivers the update again.
      if (isConnectionLoss(err)) {
        logger.error({ ...log, err: errorText(err) }, 'inbound event not stored: Postgres unreachable; it will be delivered again');
        throw err;
      }
      logger.error({ ...log, err: errorText(err) }, 'inbound event failed');
      // Record the failure and apologise, so a redelivery does not fail the same way forever.
      // If this also fails, Postgres is down: rethrow so the platform delivers again later.
      handled = await db.transaction(async (tx) => {
        if (!(await createUpdatesRepository({ db: tx }).claim(e.platform, e.updateId, 'failed'))) return null;
        const leased = await createOutboxRepository({ db: tx }).addLeased(
          [{ platform: e.platform, chatId: e.chatId, message: text(bot.errors.generic) }],
          clock.now(),
          leaseMs,
        );
        return { leased, ids: [] };
      });
      outcome = 'failed';
    }
    if (e.type === 'button' && e.callbackId) await answerButton(e.platform, e.callbackId, handled?.buttonAnswer);
    if (!handled) {
      logger.info(log, 'duplicate update ignored');
      return 'duplicate';
    }
    // The update is stored with its replies: answer the platform now, send in the background.
    // The outbox guarantees the sending (a crash leaves the rows to the sweep).
    sendInOrder(`${e.platform}:${e.chatId}`, () => sendReplies(handled, log));
    logger.info({ ...log, outcome }, 'inbound event processed');
    return outcome;
  }

  /**
   * One chat's replies leave in the order their updates were stored, each update's replies in
   * order; then what the flow wrote for other people, so the sender's own answer comes first.
   * Never throws: a row not sent now stays pending for the outbox sweep.
   */
  function sendInOrder(chat: string, send: () => Promise<void>): void {
    const next = (sending.get(chat) ?? Promise.resolve()).then(send);
    sending.set(chat, next);
    void next.finally(() => {
      if (sending.get(chat) === next) sending.delete(chat);
    });
  }

  async function sendReplies(handled: Handled, log: Record<string, unknown>): Promise<void> {
    try {
      await sendOwn(handled);
      if (handled.dispatch?.length && deps.dispatch) await deps.dispatch(handled.dispatch);
    } catch (err) {
      logger.warn({ ...log, err: errorText(err) }, 'replies left to the outbox sweep');
    }
  }

  /**
   * The update's replies, then what it released, stopping at the first not sent now. The rest
   * stay leased to us until the lease ends, then the sweep sends them: after the one that failed
   * (retried sooner), so they still arrive in order.
   */
  async function sendOwn({ leased, ids }: Handled): Promise<void> {
    for (const row of leased) if ((await deps.deliver(row.id, { leased: row })).outcome !== 'sent') return;
    for (const id of ids) if ((await deps.deliver(id)).outcome !== 'sent') return;
  }

  /** Resolves when every reply being sent in the background has been (shutdown, tests). */
  async function settled(): Promise<void> {
    while (sending.size) await Promise.all(sending.values());
  }

  async function touchAccount(tx: Tx, e: InboundEvent): Promise<void> {
    const identities = createIdentitiesRepository({ db: tx });
    if (e.type === 'reachability' && !e.reachable) await identities.markBlocked(e.platform, e.user.externalId, clock.now());
    else await identities.touch(e.platform, e.user.externalId, clock.now());
  }

  // Best effort: a late or repeated acknowledgement fails on the platform side and is harmless.
  async function answerButton(platform: Platform, callbackId: string, answer?: string): Promise<void> {
    try {
      await deps.gateways[platform]?.answerCallback(callbackId, answer);
    } catch (err) {
      logger.warn({ platform, err: errorText(err) }, 'could not acknowledge a button press');
    }
  }

  return { process, settled };
}

export type InboundProcessor = ReturnType<typeof createInboundProcessor>;
/** What a channel hands its events to. */
export type InboundSink = Pick<InboundProcessor, 'process'>;
