import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createOrgUnitsRepository } from '../modules/org-units/org-units.repository.js';
import { createTestDb, type TestDb } from '../../test/support/test-db.js';
import { seedBranch } from '../../test/support/seed.js';
import { runCommand } from '../../test/support/cli.js';

let tdb: TestDb;
const run = runCommand;

beforeAll(async () => {
  tdb = await createTestDb();
  process.env.DATABASE_URL = tdb.url;
});
afterAll(async () => tdb?.drop());

describe('calendar and settings commands', () => {
  test("an admin enters the government's Tết 2026 days off and they show in the year's list", async () => {
    for (const d of ['2026-02-14', '2026-02-15', '2026-02-16', '2026-02-20', '2026-02-21', '2026-02-22']) {
      expect((await run('holiday', 'add', d, 'day_off', 'Tết Bính Ngọ')).code).toBe(0);
    }
    const { out } = await run('holiday', 'list', '2026');
    expect(out).toContain('2026-02-14  Tết Bính Ngọ');
    expect(out).toContain('2026-02-17  Tết Nguyên đán');
    expect(out).toContain('2026-04-26');
  });

  test('a bad date or kind is refused with the usage', async () => {
    expect((await run('holiday', 'add', '16/02/2026', 'day_off')).code).toBe(1);
    expect((await run('holiday', 'add', '2026-02-16', 'nghi')).out).toContain('Cách dùng');
  });

  test('a committee sets its meeting day for all its branches; a bad value is refused and changes nothing', async () => {
    const { committee } = await seedBranch(tdb.db, 'Chi bộ 1', 'Đảng bộ phường Hoàn Kiếm');
    expect((await run('unit-setting', 'Đảng bộ phường Hoàn Kiếm', 'meetingDay', '4')).code).toBe(0);
    expect((await run('unit-setting', 'Đảng bộ phường Hoàn Kiếm', 'meetingDay', '40')).code).toBe(1);
    expect((await run('unit-setting', 'Đảng bộ phường Hoàn Kiếm', 'vietnamCultureDay', 'true')).code).toBe(0);
    expect((await createOrgUnitsRepository({ db: tdb.db }).findById(committee.id))?.settings).toEqual({
      meetingDay: 4,
      vietnamCultureDay: true,
    });
  });
});
