import { Redis } from 'ioredis';
import { expect } from 'vitest';
import { createBulkQueue, createOutboxDispatcher } from '../../src/jobs/bulk.jobs.js';
import { createOutboxQueue, sweepOutbox } from '../../src/jobs/outbox.jobs.js';
import type { FakeZaloUser, SentMessage } from '../fakes/zalo/index.js';
import { eventually, type Harness } from './app-harness.js';
import { testRedisUrl } from './env.js';
import { zaloButtonsOf, zaloChatWith } from './zalo-chat.js';

// Helpers shared by the Zalo end-to-end flows (tasks, materials, polls, rate limit).

type ZaloChat = ReturnType<typeof zaloChatWith>;

/** A roster member joins on Zalo as members do: follow the OA, then share the phone (84…). */
export async function joinOnZalo(h: Harness, chat: ZaloChat, displayName: string, phone84: string): Promise<FakeZaloUser> {
  const user = h.zalo.user(displayName);
  await chat.follow(user);
  const greeting = (await chat.submitPhone(user, phone84)).map((m) => m.text ?? '').join('\n');
  expect(greeting, `${displayName} linked on Zalo`).toContain('Đã liên kết tài khoản');
  return user;
}

/** The newest button payload this Zalo user was shown that starts with `prefix` (and ends with `suffix`). */
export function zaloButton(h: Harness, user: FakeZaloUser, prefix: string, suffix = ''): string {
  const data = h.zalo.sent(user.id).flatMap(zaloButtonsOf).findLast((d) => d.startsWith(prefix) && d.endsWith(suffix));
  expect(data, `a Zalo button ${prefix}…${suffix} for ${user.displayName}`).toBeDefined();
  return data!;
}

/**
 * `eventually`, while the service's fake clock moves a second per look. Waits the service
 * schedules on its own clock — a recipient waiting while another sender uploads the shared
 * document (1 s), a retry — then pass as they would in production, where the clock runs.
 */
export function eventuallyAsTimePasses<T>(h: Harness, check: () => T | Promise<T>, timeoutMs = 15_000): Promise<T> {
  return eventually(check, timeoutMs, { beforeRetry: () => h.clock.advance(1_000), pollMs: 100 });
}

/** Messages the bot sent this Zalo user whose text contains `needle`. */
export const zaloSentWith = (h: Harness, user: FakeZaloUser, needle: string): SentMessage[] =>
  h.zalo.sent(user.id).filter((m) => m.text?.includes(needle));

/**
 * The delivery queues of the harness's service, for rows written outside a chat (the CLI, a use
 * case called directly): `dispatch` hands rows to the workers as the service does after a chat
 * command; `sweep` is the scheduled outbox sweep, run now (it takes rows older than its 5 s
 * grace, so the fake clock moves 6 s first).
 */
export function outboxQueuesFor(h: Harness) {
  const connection = new Redis(testRedisUrl, { maxRetriesPerRequest: null });
  const interactive = createOutboxQueue({ connection, prefix: h.prefix });
  const bulk = {
    telegram: createBulkQueue({ connection, prefix: h.prefix, platform: 'telegram' }),
    zalo: createBulkQueue({ connection, prefix: h.prefix, platform: 'zalo' }),
  };
  return {
    dispatch: createOutboxDispatcher({ db: h.app.db, interactive, bulk }),
    async sweep(): Promise<number> {
      h.clock.advance(6_000);
      return sweepOutbox({ db: h.app.db, clock: h.clock, queue: interactive, bulk });
    },
    async close() {
      await Promise.all([interactive.close(), bulk.telegram.close(), bulk.zalo.close()]);
      connection.disconnect();
    },
  };
}
