import { afterAll, beforeAll, expect, test } from 'vitest';
import { processedUpdates } from '../../src/modules/updates/updates.table.js';
import { bot } from '../../src/texts/index.js';
import { eventually, startHarness, WEBHOOK_SECRET, type Harness } from '../support/app-harness.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../support/throwaway-postgres.js';

// Postgres goes away for a few seconds while members keep writing. Telegram redelivers every
// update it did not get a 200 for, as it does for real; at the end each update must have had its
// effect exactly once: one reply each, no apology, nothing lost, nothing doubled.
let pg: ThrowawayPostgres;
let h: Harness;
const UPDATES = 80;
const EVERY_MS = 50;
const LEASE_MS = 10_000;
const OUTAGE_MS = 2_500;

beforeAll(async () => {
  pg = await startThrowawayPostgres();
  // A quick sweep and a short lease: a reply sent but not recorded as sent would go out again
  // within the test.
  h = await startHarness({ mode: 'webhook', databaseServer: pg.url, env: { OUTBOX_SWEEP_MS: '500', OUTBOX_LEASE_MS: String(LEASE_MS) } });
}, 60_000);
afterAll(async () => {
  await h?.close();
  await pg?.destroy();
});

/** Telegram's side: post the update until it is answered 200, a little later each time. */
async function deliverUntilAccepted(update: unknown, statuses: number[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const status = await fetch(`${h.baseUrl}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
      body: JSON.stringify(update),
      // Far beyond what the service may take; Telegram itself gives up on a webhook sooner.
      signal: AbortSignal.timeout(15_000),
    }).then((r) => r.status);
    statuses.push(status);
    if (status === 200) return;
    await new Promise((r) => setTimeout(r, 200 * attempt));
  }
}

test('members who write while Postgres is down for a few seconds each get exactly one answer once it is back', async () => {
  const users = Array.from({ length: UPDATES }, (_, i) => ({ id: 7_100_000 + i, first_name: `Khách ${i}` }));
  const statuses: number[] = [];
  const deliveries: Promise<void>[] = [];
  const outage = (async () => {
    await new Promise((r) => setTimeout(r, (UPDATES / 4) * EVERY_MS));
    // Replies reach Telegram just as Postgres goes: their sending cannot be recorded at once.
    const release = h.fake.holdSends();
    await new Promise((r) => setTimeout(r, 300));
    await pg.stop();
    release();
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    await pg.start();
  })();
  for (const user of users) {
    deliveries.push(deliverUntilAccepted(h.fake.sendText(user, '/start'), statuses));
    await new Promise((r) => setTimeout(r, EVERY_MS));
  }
  await outage;
  await Promise.all(deliveries);
  await h.app.idle();

  // The outage was real: some updates were refused (5xx) and delivered again.
  expect(statuses.filter((s) => s >= 500).length).toBeGreaterThan(0);
  expect(statuses.every((s) => s === 200 || s >= 500)).toBe(true);
  await eventually(() => expect(users.filter((u) => h.fake.sent(u.id).length === 0)).toEqual([]), 30_000, {
    // The service's clock follows real time here, so leases of senders the outage cut off end.
    beforeRetry: () => h.clock.advance(200),
    pollMs: 200,
  });
  // A reply whose record was lost would go out again once its lease ends: let it end (the
  // service's clock is the test's) and give the sweep time to look.
  h.clock.advance(LEASE_MS + 1_000);
  await new Promise((r) => setTimeout(r, 2_000));
  const answers = users.map((u) => h.fake.sent(u.id).map((m) => m.text));
  expect(answers.filter((a) => a.length !== 1)).toEqual([]);
  expect(new Set(answers.flat())).toEqual(new Set([bot.onboarding.askPhone]));
  expect(await h.tdb.db.$count(processedUpdates)).toBe(UPDATES);
}, 90_000);
