import { afterAll, beforeAll, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { notifyMembers } from '../../../src/modules/outbox/notify.js';
import { outbox } from '../../../src/modules/outbox/outbox.table.js';
import { eventually, startHarness, type Harness } from '../../support/app-harness.js';
import { seedBranch } from '../../support/seed.js';
import { zaloChatWith } from '../../support/zalo-chat.js';
import { outboxQueuesFor, joinOnZalo, textsTo, type ZaloMember } from '../../support/zalo-flows.js';

// Messages held for a member outside Zalo's 7-day window are released when she writes: in order,
// or a notice of a moved meeting could arrive before the notice it replaces.
let h: Harness;
const chat = zaloChatWith(() => h);
let sweeper: ReturnType<typeof outboxQueuesFor>;
let ha: ZaloMember;
beforeAll(async () => {
  h = await startHarness({ zalo: true, start: '2026-11-05T09:00:00+07:00' });
  sweeper = outboxQueuesFor(h);
  const { branch } = await seedBranch(h.tdb.db, 'Chi bộ Thứ Tự');
  await joinOnZalo(h, chat, branch, { fullName: 'Phạm Văn Bí', phone: '0916000001', role: 'secretary' });
  ha = await joinOnZalo(h, chat, branch, { fullName: 'Hồ Thị Hà', phone: '0916000002' });
});
afterAll(async () => {
  await sweeper?.close();
  await h?.close();
});

test('messages held for a member silent for more than 7 days reach her in the order they were written once she writes', async () => {
  h.clock.set('2026-11-20T08:00:00+07:00');
  for (let i = 1; i <= 5; i++) {
    await notifyMembers(h.app.db, {
      memberIds: [ha.member.id],
      message: { kind: 'text', text: `Tin số ${i}` },
      dedupeKey: () => `order-${i}`,
      now: h.clock.now(),
    });
  }
  await sweeper.sweep(60_000);
  await eventually(async () =>
    expect((await h.tdb.db.select().from(outbox).where(eq(outbox.memberId, ha.member.id))).filter((r) => r.status === 'held')).toHaveLength(
      5,
    ),
  );
  const before = h.zalo.sent(ha.user.id).length;
  await chat.say(ha.user, 'Chào chi bộ');
  await eventually(() => expect(h.zalo.sent(ha.user.id).length - before).toBe(6));
  expect(textsTo(h, ha.user).slice(before + 1)).toEqual(['Tin số 1', 'Tin số 2', 'Tin số 3', 'Tin số 4', 'Tin số 5']);
});
