import { Redis } from 'ioredis';
import { expect } from 'vitest';
import { createBulkQueue, createOutboxDispatcher } from '../../src/jobs/bulk.jobs.js';
import { createOutboxQueue, sweepOutbox } from '../../src/jobs/outbox.jobs.js';
import type { Member } from '../../src/modules/members/members.repository.js';
import type { OrgUnit } from '../../src/modules/org-units/org-units.repository.js';
import type { FakeZaloUser, RecordedCall, SentMessage } from '../fakes/zalo/index.js';
import { eventually, type Harness } from './app-harness.js';
import { testRedisUrl } from './env.js';
import { seedMember } from './seed.js';
import { zaloButtonsOf, type zaloChatWith } from './zalo-chat.js';

// Helpers shared by the Zalo end-to-end tests (meeting cycle, tasks, materials, polls, rate limit).

type ZaloChat = ReturnType<typeof zaloChatWith>;

/** A roster member links on Zalo as members do: follow the OA, then share the phone (84…). */
export async function linkOnZalo(h: Harness, chat: ZaloChat, displayName: string, phone84: string): Promise<FakeZaloUser> {
  const user = h.zalo.user(displayName);
  await chat.follow(user);
  const greeting = (await chat.submitPhone(user, phone84)).map((m) => m.text ?? '').join('\n');
  expect(greeting, `${displayName} linked on Zalo`).toContain('Đã liên kết tài khoản');
  return user;
}

/** The newest button payload this Zalo user was shown that starts with `prefix` (and ends with `suffix`). */
export function zaloButton(h: Harness, user: FakeZaloUser, prefix: string, suffix = ''): string {
  const data = h.zalo
    .sent(user.id)
    .flatMap(zaloButtonsOf)
    .findLast((d) => d.startsWith(prefix) && d.endsWith(suffix));
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
 * grace, so the fake clock moves 6 s first, or as much as the test says).
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
    async sweep(advanceMs = 6_000): Promise<number> {
      h.clock.advance(advanceMs);
      return sweepOutbox({ db: h.app.db, clock: h.clock, queue: interactive, bulk });
    },
    async close() {
      await Promise.all([interactive.close(), bulk.telegram.close(), bulk.zalo.close()]);
      connection.disconnect();
    },
  };
}

export type ZaloMember = { user: FakeZaloUser; member: Member };
type Seed = Parameters<typeof seedMember>[2];

/** A new roster member who then links on Zalo; the link (and the 7-day window) dates from now. */
export async function joinOnZalo(h: Harness, chat: ZaloChat, branch: OrgUnit, m: Seed): Promise<ZaloMember> {
  const member = await seedMember(h.tdb.db, branch, m);
  return { user: await linkOnZalo(h, chat, m.fullName.split(' ').at(-1)!, member.phone), member };
}

/** What the bot sent one Zalo user, in order (texts only). */
export const textsTo = (h: Harness, user: FakeZaloUser): string[] => h.zalo.sent(user.id).map((m) => m.text ?? '');
export const countTo = (h: Harness, user: FakeZaloUser, part: string) => textsTo(h, user).filter((t) => t.includes(part)).length;
export const noticesTo = (h: Harness, user: FakeZaloUser): SentMessage[] =>
  h.zalo.sent(user.id).filter((m) => m.text?.startsWith('THÔNG BÁO SINH HOẠT CHI BỘ'));
/** The last message to the user carrying a button with this hidden payload. */
export const withButton = (h: Harness, user: FakeZaloUser, payload: string): SentMessage | undefined =>
  h.zalo.sent(user.id).findLast((m) => ((m.buttons ?? []) as { payload?: unknown }[]).some((b) => b.payload === payload));

/** Every customer-service send the service attempted to this user, refused ones included. */
export const csCallsTo = (h: Harness, user: FakeZaloUser): RecordedCall[] =>
  h.zalo.callsTo('v3.0/oa/message/cs').filter((c) => (c.params.recipient as { user_id?: unknown } | undefined)?.user_id === user.id);
/** Zalo's refusals of those sends (-230 outside the 7-day window, …). */
export const csErrorsTo = (h: Harness, user: FakeZaloUser) =>
  csCallsTo(h, user)
    .filter((c) => c.error)
    .map((c) => c.error);
