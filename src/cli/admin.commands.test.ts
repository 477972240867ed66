import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { unitRoles } from '../modules/unit-roles/unit-roles.table.js';
import { linkByInvite } from '../modules/identities/onboarding.usecases.js';
import { systemClock } from '../shared/clock.js';
import { startFakeTelegram, type FakeTelegram } from '../../test/fakes/telegram/index.js';
import { createTestDb, type TestDb } from '../../test/support/test-db.js';
import { seedBranch, seedMember } from '../../test/support/seed.js';
import { runCommand } from '../../test/support/cli.js';

let tdb: TestDb;
let fake: FakeTelegram;
const run = runCommand;

beforeAll(async () => {
  tdb = await createTestDb();
  fake = await startFakeTelegram();
  Object.assign(process.env, { DATABASE_URL: tdb.url, TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot });
  const { branch } = await seedBranch(tdb.db, 'Chi bộ 3', 'Đảng bộ xã An Bình');
  await seedBranch(tdb.db, 'Chi bộ 3', 'Đảng bộ xã An Hòa');
  await seedMember(tdb.db, branch, { fullName: 'Ngô Văn Một', phone: '0913000001', role: 'secretary' });
  await seedMember(tdb.db, branch, { fullName: 'Ngô Thị Hai', phone: '0913000002' });
});
afterAll(async () => {
  await fake?.close();
  await tdb?.drop();
});

describe('admin commands', () => {
  test('invite-links prints one single-use t.me link per member of the branch, phones masked', async () => {
    const { code, out } = await run('invite-links', 'chi bo 3', '--committee', 'Đảng bộ xã An Bình', '--days', '7');
    expect(code).toBe(0);
    const links = [...out.matchAll(/https:\/\/t\.me\/(\w+)\?start=([A-Za-z0-9_-]{32})/g)];
    expect(links).toHaveLength(2);
    expect(links[0]![1]).toBe(fake.botUsername);
    expect(out).toContain('Ngô Văn Một');
    expect(out).not.toContain('0913000001');
    expect(out).not.toContain('84913000001');

    const account = { platform: 'telegram' as const, externalId: '8001', chatId: '8001' };
    const first = await linkByInvite({ account, token: links[0]![2]! }, { db: tdb.db, clock: systemClock });
    expect(first.status).toBe('linked');
    const again = await linkByInvite(
      { account: { ...account, externalId: '8002', chatId: '8002' }, token: links[0]![2]! },
      { db: tdb.db, clock: systemClock },
    );
    expect(again.status).toBe('invalid_invite');
  });

  test('a branch name shared by two committees must be disambiguated', async () => {
    const { code, out } = await run('invite-links', 'Chi bộ 3');
    expect(code).toBe(1);
    expect(out).toContain('--committee');
  });

  test('an unknown branch is named in the error', async () => {
    const { code, out } = await run('invite-links', 'Chi bộ 99');
    expect(code).toBe(1);
    expect(out).toContain('Chi bộ 99');
  });

  test('relink-link gives an admin a link that moves the member to a new account', async () => {
    const { code, out } = await run('relink-link', '0913 000 002');
    expect(code).toBe(0);
    const token = /start=([A-Za-z0-9_-]{32})/.exec(out)![1]!;
    const r = await linkByInvite(
      { account: { platform: 'telegram', externalId: '8100', chatId: '8100' }, token },
      { db: tdb.db, clock: systemClock },
    );
    // Ngô Thị Hai was linked by the invite above: the relink moves her.
    expect(r.status).toBe('relinked');
    expect((await run('relink-link', '0999999999')).code).toBe(1);
  });

  test('grant-role makes a member the admin of a committee, once', async () => {
    const first = await run('grant-role', '0913000001', 'admin', 'Đảng bộ xã An Bình');
    expect(first.code).toBe(0);
    const second = await run('grant-role', '0913000001', 'admin', 'Đảng bộ xã An Bình');
    expect(second.out).toContain('đã là');
    expect(await tdb.db.select().from(unitRoles).where(eq(unitRoles.role, 'admin'))).toHaveLength(1);
    expect((await run('grant-role', '0913000001', 'king', 'Đảng bộ xã An Bình')).code).toBe(1);
  });

  test('an unknown command prints the usage', async () => {
    const { code, out } = await run('frobnicate');
    expect(code).toBe(1);
    expect(out).toContain('import-roster');
  });
});
