import { expect } from 'vitest';
import { Redis } from 'ioredis';
import { createOutboxQueue, sweepOutbox } from '../../../src/jobs/outbox.jobs.js';
import type { Member } from '../../../src/modules/members/members.repository.js';
import type { OrgUnit } from '../../../src/modules/org-units/org-units.repository.js';
import type { FakeZaloUser, RecordedCall, SentMessage } from '../../fakes/zalo/index.js';
import type { Harness } from '../../support/app-harness.js';
import { testRedisUrl } from '../../support/env.js';
import { seedMember } from '../../support/seed.js';
import { zaloChatWith, zaloTexts } from '../../support/zalo-chat.js';

// Helpers shared by the Zalo meeting-cycle tests (not a test file itself).

export type ZaloMember = { user: FakeZaloUser; member: Member };
type Chat = ReturnType<typeof zaloChatWith>;
type Seed = Parameters<typeof seedMember>[2];

/**
 * A roster member who joins the way members do on Zalo: follow the OA, then share the phone
 * with Zalo's own form. The link (and the 7-day window) dates from the harness clock now.
 */
export async function joinOnZalo(h: Harness, chat: Chat, branch: OrgUnit, m: Seed): Promise<ZaloMember> {
  const member = await seedMember(h.tdb.db, branch, m);
  const user = h.zalo.user(m.fullName.split(' ').at(-1));
  await chat.follow(user);
  expect(zaloTexts(await chat.submitPhone(user, member.phone))).toContain(m.fullName);
  return { user, member };
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
export const csErrorsTo = (h: Harness, user: FakeZaloUser) => csCallsTo(h, user).filter((c) => c.error).map((c) => c.error);

/**
 * The outbox sweep as the scheduler runs it: a minute later on the service's clock (the sweep
 * leaves rows younger than a few seconds to their writer), then hands due rows to the workers.
 */
export function createOutboxSweeper(h: Harness) {
  const connection = new Redis(testRedisUrl, { maxRetriesPerRequest: null });
  const queue = createOutboxQueue({ connection, prefix: h.prefix });
  return {
    async sweepAMinuteLater(): Promise<number> {
      h.clock.advance(60_000);
      return sweepOutbox({ db: h.app.db, clock: h.clock, queue });
    },
    async close() {
      await queue.close();
      connection.disconnect();
    },
  };
}
