import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { publishMaterialCommand } from '../../../src/cli/publish-material.command.js';
import { materials } from '../../../src/modules/materials/materials.table.js';
import { outbox } from '../../../src/modules/outbox/outbox.table.js';
import type { FakeZaloUser } from '../../fakes/zalo/index.js';
import { startHarness, type Harness } from '../../support/app-harness.js';
import { seedBranch, seedMember } from '../../support/seed.js';
import { zaloButtonsOf, zaloChatWith } from '../../support/zalo-chat.js';
import { linkOnZalo, outboxQueuesFor } from '../../support/zalo-flows.js';

// Zalo refuses calls past the app's per-minute budget with -32. A broadcast to more members than
// the budget allows must wait out the minute and then finish: everyone once, nobody twice.
//
// Slow by nature (about a minute): the service waits Zalo's one-minute window in real time
// (zalo.errors.ts: -32 → retry after 60 s; the bulk queue and the shared pacer pause that long).
// The fake counts its window on the service's fake clock, which the test moves past the minute.
let h: Harness;
let queues: ReturnType<typeof outboxQueuesFor>;
const chat = zaloChatWith(() => h);
const members: FakeZaloUser[] = [];
const BUDGET = 4;
const MEMBERS = 7;

beforeAll(async () => {
  h = await startHarness({ zalo: true, start: '2026-11-25T09:00:00+07:00' });
  queues = outboxQueuesFor(h);
  const { branch } = await seedBranch(h.tdb.db, 'Chi bộ Khu phố 7');
  for (let i = 1; i <= MEMBERS; i++) {
    const phone = `09192000${String(i).padStart(2, '0')}`;
    await seedMember(h.tdb.db, branch, { fullName: `Đảng viên Số ${i}`, phone, role: i === 1 ? 'secretary' : 'member' });
    members.push(await linkOnZalo(h, chat, `Số ${i}`, `84${phone.slice(1)}`));
  }
});
afterAll(async () => {
  await queues?.close();
  await h?.close();
});

describe("Zalo's per-minute limit during a broadcast", () => {
  test(`a material for ${MEMBERS} Zalo members with a budget of ${BUDGET} calls a minute reaches each of them exactly once`, async () => {
    h.zalo.rateLimitPerMinute(BUDGET);
    const lines: string[] = [];
    const code = await publishMaterialCommand(
      [
        '--link',
        'https://tuyengiao.example.vn/tl-12.pdf',
        '--unit',
        'Đảng bộ phường Tân Định',
        '--month',
        '2026-12',
        '--title',
        'Tài liệu tháng 12',
      ],
      { db: h.tdb.db, clock: h.clock, out: (l) => lines.push(l), inviteLink: async () => '' },
    );
    expect(code, lines.join('\n')).toBe(0);
    const [material] = await h.tdb.db.select().from(materials);
    await queues.sweep();

    const received = (u: FakeZaloUser) => h.zalo.sent(u.id).filter((m) => zaloButtonsOf(m).includes(`mack:${material!.id}`)).length;
    const rows = () => h.tdb.db.select().from(outbox).where(eq(outbox.lane, 'bulk'));
    const until = Date.now() + 150_000;
    let refusals = 0;
    for (;;) {
      if ((await rows()).every((r) => r.status === 'sent')) break;
      if (Date.now() > until) throw new Error(`not all sent: ${JSON.stringify((await rows()).map((r) => [r.status, r.lastError]))}`);
      // Each new -32 starts Zalo's minute: let the fake clock pass it, as the service's real wait does.
      if (h.zalo.rateLimited > refusals) {
        refusals = h.zalo.rateLimited;
        h.clock.advance(61_000);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(h.zalo.rateLimited).toBeGreaterThan(0);
    expect(members.map(received)).toEqual(members.map(() => 1));
    expect((await rows()).map((r) => r.status)).toEqual(members.map(() => 'sent'));
  }, 180_000);
});
