import { afterAll, beforeAll, expect, test } from 'vitest';
import { desc, eq } from 'drizzle-orm';
import { outbox } from '../../src/modules/outbox/outbox.table.js';
import { eventually, startHarness, type Harness } from '../support/app-harness.js';
import { seedBranch, seedMember } from '../support/seed.js';
import { outboxQueuesFor } from '../support/zalo-flows.js';

// A reply is sent straight from the webhook. While it is being sent it holds the lease the
// operator configured (OUTBOX_LEASE_MS), not a built-in default; and once the platform has it, a
// failure to record that is retried rather than answered by sending it again.
let h: Harness;
let queues: ReturnType<typeof outboxQueuesFor>;
const lan = { id: 9051, first_name: 'Lan' };
const LEASE_MS = 15_000;
const newestRowToLan = async () =>
  (
    await h.tdb.db
      .select()
      .from(outbox)
      .where(eq(outbox.chatId, String(lan.id)))
      .orderBy(desc(outbox.id))
      .limit(1)
  )[0];

beforeAll(async () => {
  h = await startHarness({ mode: 'webhook', env: { OUTBOX_LEASE_MS: String(LEASE_MS) } });
  queues = outboxQueuesFor(h);
  const { branch } = await seedBranch(h.tdb.db);
  await seedMember(h.tdb.db, branch, { fullName: 'Nguyễn Thị Lan', phone: '0912345051' });
  await h.fake.deliverToWebhook(h.fake.sendContact(lan, { phone_number: '84912345051', user_id: lan.id }));
});
afterAll(async () => {
  await queues?.close();
  await h?.close();
});

test('a reply whose "sent" mark fails while Postgres blips is recorded once it answers: sent once, holding the configured lease', async () => {
  // Postgres takes the claim of Lan's reply, then refuses every later write to it (the mark as
  // sent among them), as if it went away right after Telegram took the message.
  await h.tdb.sql.unsafe(`
    create function refuse_sent() returns trigger language plpgsql as $$ begin raise exception 'connection lost'; end $$;
    create trigger refuse_sent before update on outbox for each row
      when (old.locked_until is not null and new.chat_id = '${lan.id}') execute function refuse_sent();`);
  const claimedAt = h.clock.now().getTime();
  const before = h.fake.sent(lan.id).length;
  const answered = h.fake.deliverToWebhook(h.fake.sendText(lan, '/toi'));
  let reply: string | undefined;
  try {
    await eventually(() => expect(h.fake.sent(lan.id).length).toBe(before + 1));
    reply = h.fake.sent(lan.id).at(-1)!.text;
    const row = await newestRowToLan();
    // Not recorded yet, and held for the lease the operator configured, not the default 2 minutes.
    expect(row).toMatchObject({ status: 'pending' });
    expect(row!.lockedUntil!.getTime()).toBe(claimedAt + LEASE_MS);
  } finally {
    await h.tdb.sql.unsafe('drop trigger refuse_sent on outbox; drop function refuse_sent();');
  }
  expect((await answered).status).toBe(200);
  const copies = () => h.fake.sent(lan.id).filter((m) => m.text === reply);
  const row = await newestRowToLan();
  expect(row).toMatchObject({ status: 'sent' });
  // A sweep after the lease finds nothing to resend.
  await queues.sweep(LEASE_MS + 1_000);
  await new Promise((r) => setTimeout(r, 300));
  expect(copies()).toHaveLength(1);
});
