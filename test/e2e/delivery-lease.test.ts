import { afterAll, beforeAll, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { outbox } from '../../src/modules/outbox/outbox.table.js';
import { eventually, startHarness, type Harness } from '../support/app-harness.js';
import { seedBranch, seedMember } from '../support/seed.js';
import { outboxQueuesFor } from '../support/zalo-flows.js';

// A reply is sent straight from the webhook, and by a worker when that fails half-way: both
// hold a row for the lease the operator configured (OUTBOX_LEASE_MS), not a built-in default.
let h: Harness;
let queues: ReturnType<typeof outboxQueuesFor>;
const lan = { id: 9051, first_name: 'Lan' };
const LEASE_MS = 15_000;

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

test('a reply whose "sent" mark was lost goes out again once the configured lease ends, not two minutes later', async () => {
  // Postgres takes the claim of Lan's reply, then refuses every later write to it (the mark as
  // sent, the release for a retry), as if it went away right after Telegram took the message.
  await h.tdb.sql.unsafe(`
    create function refuse_sent() returns trigger language plpgsql as $$ begin raise exception 'connection lost'; end $$;
    create trigger refuse_sent before update on outbox for each row
      when (old.locked_until is not null and new.chat_id = '${lan.id}') execute function refuse_sent();`);
  const sentAt = h.clock.now().getTime();
  const before = h.fake.sent(lan.id).length;
  try {
    await h.fake.deliverToWebhook(h.fake.sendText(lan, '/toi'));
    await eventually(() => expect(h.fake.sent(lan.id).length).toBe(before + 1));
  } finally {
    await h.tdb.sql.unsafe('drop trigger refuse_sent on outbox; drop function refuse_sent();');
  }
  const reply = h.fake.sent(lan.id).at(-1)!.text;
  const copies = () => h.fake.sent(lan.id).filter((m) => m.text === reply);
  const [row] = await h.tdb.db
    .select()
    .from(outbox)
    .where(eq(outbox.chatId, String(lan.id)))
    .orderBy(outbox.id)
    .then((r) => r.slice(-1));
  expect(row).toMatchObject({ status: 'pending' });
  expect(row!.lockedUntil!.getTime()).toBe(sentAt + LEASE_MS);

  // The sweep a second after the lease ends hands it to a worker, which sends it again.
  await queues.sweep(LEASE_MS + 1_000);
  await eventually(() => expect(copies()).toHaveLength(2));
  await eventually(async () =>
    expect((await h.tdb.db.select().from(outbox).where(eq(outbox.id, row!.id)))[0]).toMatchObject({ status: 'sent' }),
  );
});
