import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startFakeTelegram, type FakeTelegram } from '../../../test/fakes/telegram/index.js';
import { seedBranch, seedMember } from '../../../test/support/seed.js';
import { createTestDb, type TestDb } from '../../../test/support/test-db.js';
import { telegramGatewayFor } from '../../../test/support/telegram-gateway.js';
import { GatewayError, type ChatGateway, type GatewayErrorKind } from '../../shared/chat-gateway.js';
import { createFakeClock } from '../../shared/clock.js';
import { createLogger } from '../../shared/logger.js';
import type { OutboundMessage } from '../../shared/outbound.js';
import { createIdentitiesRepository } from '../identities/identities.repository.js';
import { deliverRow } from '../../../test/support/delivery.js';
import { OUTBOX_LEASE_MS, retryDelayMs } from './outbox.delivery.js';
import { createOutboxRepository } from './outbox.repository.js';
import { noticeMessage } from '../../shared/outbound.js';
import { createMessageDelivery } from '../../jobs/delivery.js';

const logger = createLogger({ level: 'silent' });
const START = '2026-11-20T09:00:00+07:00';
const reminder: OutboundMessage = { kind: 'text', text: 'Nhắc lịch sinh hoạt chi bộ tháng 11' };

/** A gateway that records every send and fails the next ones when told to. */
function recordingGateway() {
  const sends: { chatId: string; message: OutboundMessage }[] = [];
  const failures: GatewayErrorKind[] = [];
  const gateway: ChatGateway = {
    platform: 'telegram',
    async send(chatId, message) {
      await new Promise((r) => setTimeout(r, 5)); // let concurrent callers overlap
      const kind = failures.shift();
      if (kind) throw new GatewayError(kind, { platform: 'telegram', method: 'sendMessage', description: `simulated ${kind}` });
      sends.push({ chatId, message });
      return { messageId: String(1000 + sends.length) };
    },
    async answerCallback() {},
  };
  return { gateway, sends, failNext: (kind: GatewayErrorKind, times = 1) => failures.push(...Array<GatewayErrorKind>(times).fill(kind)) };
}

let t: TestDb;
let clock: ReturnType<typeof createFakeClock>;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.drop();
});
beforeEach(async () => {
  await t.sql`truncate outbox, chat_identities, members, org_units restart identity cascade`;
  clock = createFakeClock(START);
});

const outbox = () => createOutboxRepository({ db: t.db });
const write = async (chatId = '5001', message = reminder) =>
  (await outbox().add([{ platform: 'telegram', chatId, message }], clock.now()))[0]!;
const row = async (id: number) => (await outbox().findByIds([id]))[0]!;

describe('delivering an outbox message', () => {
  test('a pending message is sent once and recorded as sent with the provider message id', async () => {
    const { gateway, sends } = recordingGateway();
    const id = await write();
    expect(await deliverRow(id, { db: t.db, gateways: { telegram: gateway }, clock, logger })).toBe('sent');
    expect(sends).toEqual([{ chatId: '5001', message: reminder }]);
    expect(await row(id)).toMatchObject({ status: 'sent', providerMessageId: '1001', attempts: 1, lockedUntil: null, sentAt: clock.now() });
  });

  test('a notice is sent in the words of its feature; one of a type this version does not know fails, naming it', async () => {
    const { gateway, sends } = recordingGateway();
    const deps = { db: t.db, gateways: { telegram: gateway }, clock, logger };
    const unreachable = { type: 'outbox.unreachable', memberId: 3, fullName: 'Nguyễn Văn An', platform: 'zalo' };
    const [known, unknown] = await outbox().add(
      [
        { platform: 'telegram', chatId: '5001', message: noticeMessage(unreachable) },
        { platform: 'telegram', chatId: '5001', message: noticeMessage({ type: 'grading.reminder', meetingId: 1 }) },
      ],
      clock.now(),
    );
    expect(await deliverRow(known!, deps)).toBe('sent');
    expect(sends[0]!.message).toMatchObject({ kind: 'text', text: expect.stringContaining('Nguyễn Văn An') });
    expect(await deliverRow(unknown!, deps)).toBe('failed');
    expect(await row(unknown!)).toMatchObject({ status: 'failed', lastError: expect.stringContaining('grading.reminder') });
    expect(sends).toHaveLength(1);
  });

  test('a send whose record keeps failing until its lease ends is reported, and stays pending for the sweep', async () => {
    const { gateway, sends } = recordingGateway();
    const id = await write('5009');
    // Postgres takes the claim, then refuses every later write to this row.
    await t.sql.unsafe(`
      create function refuse_5009() returns trigger language plpgsql as $$ begin raise exception 'connection lost'; end $$;
      create trigger refuse_5009 before update on outbox for each row
        when (old.locked_until is not null and new.chat_id = '5009') execute function refuse_5009();`);
    try {
      const deliver = createMessageDelivery({ db: t.db, gateways: { telegram: gateway }, clock, logger, leaseMs: 100 });
      await expect(deliver(id)).rejects.toThrow(/Failed query: update "outbox"/);
    } finally {
      await t.sql.unsafe('drop trigger refuse_5009 on outbox; drop function refuse_5009();');
    }
    expect(sends).toHaveLength(1);
    expect(await row(id)).toMatchObject({ status: 'pending', attempts: 1 });
  });

  test('a message delivered twice in a row is sent only once', async () => {
    const { gateway, sends } = recordingGateway();
    const id = await write();
    const deps = { db: t.db, gateways: { telegram: gateway }, clock, logger };
    expect(await deliverRow(id, deps)).toBe('sent');
    expect(await deliverRow(id, deps)).toBe('skipped');
    expect(sends).toHaveLength(1);
  });

  test('five senders racing for the same message send it exactly once', async () => {
    const { gateway, sends } = recordingGateway();
    const id = await write();
    const deps = { db: t.db, gateways: { telegram: gateway }, clock, logger };
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => deliverRow(id, deps)));
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'skipped')).toHaveLength(4);
    expect(sends).toHaveLength(1);
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  test('a message leased by a sender that crashed waits for the lease to expire, then is sent', async () => {
    const { gateway, sends } = recordingGateway();
    const id = await write();
    // The crashed sender took the lease and died before sending.
    expect(await outbox().claim(id, clock.now(), OUTBOX_LEASE_MS)).toBeDefined();
    const deps = { db: t.db, gateways: { telegram: gateway }, clock, logger };

    clock.advance(OUTBOX_LEASE_MS - 1_000);
    expect(await deliverRow(id, deps)).toBe('skipped');
    expect(sends).toHaveLength(0);

    clock.advance(1_001);
    expect(await deliverRow(id, deps)).toBe('sent');
    expect(sends).toHaveLength(1);
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  test('a passing network fault leaves the message pending for a later try, with backoff', async () => {
    const { gateway, sends, failNext } = recordingGateway();
    const id = await write();
    failNext('transient');
    const deps = { db: t.db, gateways: { telegram: gateway }, clock, logger };
    expect(await deliverRow(id, deps)).toBe('retry_later');
    const after = await row(id);
    expect(after).toMatchObject({ status: 'pending', attempts: 1, lockedUntil: null });
    expect(after.notBefore).toEqual(new Date(clock.now().getTime() + retryDelayMs(1)));
    expect(after.lastError).toMatch(/^transient: /);

    // Not due yet: nobody sends it before the backoff is over.
    expect(await deliverRow(id, deps)).toBe('skipped');
    clock.set(after.notBefore);
    expect(await deliverRow(id, deps)).toBe('sent');
    expect(sends).toHaveLength(1);
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  test('a message that keeps failing transiently is given up after the maximum attempts', async () => {
    const { gateway, sends, failNext } = recordingGateway();
    const id = await write();
    failNext('transient', 100);
    const deps = { db: t.db, gateways: { telegram: gateway }, clock, logger };
    const outcomes: string[] = [];
    for (let i = 0; i < 20; i++) {
      const outcome = await deliverRow(id, deps);
      outcomes.push(outcome);
      if (outcome === 'failed') break;
      clock.set((await row(id)).notBefore);
    }
    expect(outcomes).toEqual([...Array<string>(7).fill('retry_later'), 'failed']);
    expect(await row(id)).toMatchObject({ status: 'failed', attempts: 8, lastError: 'gave up after 8 attempts: transient' });
    expect(sends).toHaveLength(0);
  });
});

describe('delivering through the Telegram gateway', () => {
  let fake: FakeTelegram;
  beforeEach(async () => {
    fake = await startFakeTelegram();
  });
  afterEach(async () => {
    await fake?.close();
  });
  const telegramGateway = () => telegramGatewayFor({ token: fake.token, apiRoot: fake.apiRoot, logger, sleep: async () => {} });

  test('a member who blocked the bot: the message fails as blocked and their account is marked blocked', async () => {
    const { branch } = await seedBranch(t.db);
    const member = await seedMember(t.db, branch, { fullName: 'Nguyễn Văn An', phone: '0912345601' });
    await createIdentitiesRepository({ db: t.db }).link({
      memberId: member.id,
      platform: 'telegram',
      externalId: '7001',
      chatId: '7001',
      at: clock.now(),
    });
    fake.blockedBy(7001);
    const id = (await outbox().add([{ platform: 'telegram', chatId: '7001', message: reminder, memberId: member.id }], clock.now()))[0]!;

    clock.advance(60_000);
    expect(await deliverRow(id, { db: t.db, gateways: { telegram: telegramGateway() }, clock, logger })).toBe('failed');
    const after = await row(id);
    expect(after.status).toBe('failed');
    expect(after.lastError).toMatch(/^blocked/);
    expect(after.lastError).not.toContain(fake.token);
    expect(fake.sent(7001)).toHaveLength(0);
    const identity = await createIdentitiesRepository({ db: t.db }).findForMember(member.id, 'telegram');
    expect(identity?.blockedAt).toEqual(clock.now());
  });

  test("a flood limit that outlasts the gateway's own waits puts the message off until retry_after, not failed", async () => {
    const id = await write('7002');
    for (let i = 0; i < 4; i++) {
      fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 30', parameters: { retry_after: 30 } });
    }
    const deps = { db: t.db, gateways: { telegram: telegramGateway() }, clock, logger };
    expect(await deliverRow(id, deps)).toBe('retry_later');
    expect(fake.callsTo('sendMessage')).toHaveLength(4); // the first try and three waits in the gateway
    const after = await row(id);
    // A rate limit is not the message's fault: it does not use up one of its attempts.
    expect(after).toMatchObject({ status: 'pending', attempts: 0, lockedUntil: null });
    expect(after.notBefore).toEqual(new Date(clock.now().getTime() + 30_000));
    expect(after.lastError).toMatch(/^rate_limited/);

    clock.advance(30_000);
    expect(await deliverRow(id, deps)).toBe('sent');
    const sent = fake.sent(7002);
    expect(sent).toHaveLength(1);
    expect(await row(id)).toMatchObject({ status: 'sent', providerMessageId: String(sent[0]!.message_id) });
  });
});
