import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { chatIdentities } from '../../src/modules/identities/identities.table.js';
import { processedUpdates } from '../../src/modules/updates/updates.table.js';
import { bot } from '../../src/texts/index.js';
import { startHarness, type Harness } from '../support/app-harness.js';
import { seedBranch, seedMember } from '../support/seed.js';

// What a member sees, and what Telegram is told, when something breaks on our side.
let h: Harness;
const lan = { id: 9001, first_name: 'Lan' };

beforeAll(async () => {
  h = await startHarness({ mode: 'webhook' });
  const { branch } = await seedBranch(h.tdb.db);
  await seedMember(h.tdb.db, branch, { fullName: 'Nguyễn Thị Lan', phone: '0912345678' });
  await h.fake.deliverToWebhook(h.fake.sendContact(lan, { phone_number: '84912345678', user_id: lan.id }));
});
afterAll(async () => h?.close());

describe('failures', () => {
  test('a fault while handling a message gets the member an apology, and the update is not retried forever', async () => {
    await h.tdb.sql`alter table chat_identities rename to chat_identities_away`;
    try {
      const update = h.fake.sendText(lan, '/toi');
      expect((await h.fake.deliverToWebhook(update)).status).toBe(200);
      expect(h.fake.sent(lan.id).at(-1)?.text).toBe(bot.errors.generic);
      const [row] = await h.tdb.db
        .select()
        .from(processedUpdates)
        .where(eq(processedUpdates.updateId, String(update.update_id)));
      expect(row?.outcome).toBe('failed');
    } finally {
      await h.tdb.sql`alter table chat_identities_away rename to chat_identities`;
    }
  });

  test('when nothing can be stored the webhook answers 500 so Telegram delivers again, and the redelivery is handled', async () => {
    await h.tdb.sql`alter table processed_updates rename to processed_updates_away`;
    const update = h.fake.sendText(lan, '/toi');
    try {
      expect((await h.fake.deliverToWebhook(update)).status).toBe(500);
    } finally {
      await h.tdb.sql`alter table processed_updates_away rename to processed_updates`;
    }
    expect((await h.fake.deliverToWebhook(update)).status).toBe(200);
    expect(h.fake.sent(lan.id).at(-1)?.text).toContain('Nguyễn Thị Lan');
  });

  test('an update whose handling lost the connection to Postgres is not answered as handled: no apology, delivered again, handled then', async () => {
    // Postgres answers the dedupe, then goes away while the account is touched (SQLSTATE 57P01,
    // what a server shutting down sends), and is back for whatever comes next.
    await h.tdb.sql.unsafe(`
      create function gone() returns trigger language plpgsql as $$ begin raise exception 'terminating connection due to administrator command' using errcode = '57P01'; end $$;
      create trigger gone before update on chat_identities for each row when (new.external_id = '${lan.id}') execute function gone();`);
    const update = h.fake.sendText(lan, '/toi');
    const sentBefore = h.fake.sent(lan.id).length;
    try {
      expect((await h.fake.deliverToWebhook(update)).status).toBe(500);
    } finally {
      await h.tdb.sql.unsafe('drop trigger gone on chat_identities; drop function gone();');
    }
    expect(h.fake.sent(lan.id)).toHaveLength(sentBefore);
    const stored = await h.tdb.db
      .select()
      .from(processedUpdates)
      .where(eq(processedUpdates.updateId, String(update.update_id)));
    expect(stored).toHaveLength(0);
    // Telegram delivers it again: now it is handled, once.
    expect((await h.fake.deliverToWebhook(update)).status).toBe(200);
    expect(
      h.fake
        .sent(lan.id)
        .slice(sentBefore)
        .map((m) => m.text),
    ).toEqual([expect.stringContaining('Nguyễn Thị Lan')]);
  });

  test('a member who blocks the bot is marked unreachable until they write again', async () => {
    const member = { ...lan, is_bot: false };
    const chat = { id: lan.id, type: 'private', first_name: lan.first_name };
    const change = (status: string) =>
      h.fake.injectUpdate({
        my_chat_member: {
          chat,
          from: member,
          date: 1,
          old_chat_member: { user: { id: h.fake.botId, is_bot: true, first_name: 'bot' }, status: 'member' },
          new_chat_member: { user: { id: h.fake.botId, is_bot: true, first_name: 'bot' }, status },
        },
      });
    const identity = async () =>
      (
        await h.tdb.db
          .select()
          .from(chatIdentities)
          .where(eq(chatIdentities.externalId, String(lan.id)))
      )[0]!;
    await h.fake.deliverToWebhook(change('kicked'));
    expect((await identity()).blockedAt).not.toBeNull();
    await h.fake.deliverToWebhook(h.fake.sendText(lan, '/toi'));
    expect((await identity()).blockedAt).toBeNull();
  });
});
