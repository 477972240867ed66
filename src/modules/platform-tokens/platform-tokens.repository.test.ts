import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/support/test-db.js';
import { createPlatformTokensRepository } from './platform-tokens.repository.js';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.drop();
});

const pair = (n: number) => ({
  accessToken: `sealed-access-${n}`,
  refreshToken: `sealed-refresh-${n}`,
  accessExpiresAt: new Date(`2026-03-0${n}T10:00:00Z`),
  refreshExpiresAt: null,
  rotatedAt: new Date(`2026-03-0${n}T09:00:00Z`),
});

describe('platform tokens repository', () => {
  test('a platform without a pair has no row; a saved pair is read back', async () => {
    const repo = createPlatformTokensRepository({ db: t.db });
    expect(await repo.find('telegram')).toBeUndefined();
    await repo.save('zalo', pair(1));
    expect(await repo.find('zalo')).toMatchObject({ ...pair(1), deadAt: null, deadReason: null });
  });

  test('a rotation replaces the one row of the platform', async () => {
    const repo = createPlatformTokensRepository({ db: t.db });
    await repo.save('zalo', pair(2));
    const rows = await t.sql`select platform, access_token from platform_tokens`;
    expect(rows).toEqual([{ platform: 'zalo', access_token: 'sealed-access-2' }]);
  });

  test('a dead pair keeps its reason until a new pair revives it', async () => {
    const repo = createPlatformTokensRepository({ db: t.db });
    await repo.markDead('zalo', { at: new Date('2026-03-03T00:00:00Z'), reason: '-14014' });
    expect(await repo.find('zalo')).toMatchObject({ deadAt: new Date('2026-03-03T00:00:00Z'), deadReason: '-14014' });
    await repo.save('zalo', pair(4));
    expect(await repo.find('zalo')).toMatchObject({ accessToken: 'sealed-access-4', deadAt: null, deadReason: null });
  });

  test('a row read for update inside a transaction holds a second writer until the first commits', async () => {
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    const first = t.db.transaction(async (tx) => {
      await createPlatformTokensRepository({ db: tx }).find('zalo', { forUpdate: true });
      order.push('locked');
      await held;
      await createPlatformTokensRepository({ db: tx }).save('zalo', pair(5));
      order.push('first saved');
    });
    while (order.length === 0) await new Promise((r) => setTimeout(r, 5));
    const second = t.db.transaction(async (tx) => {
      await createPlatformTokensRepository({ db: tx }).find('zalo', { forUpdate: true });
      order.push('second read');
    });
    await new Promise((r) => setTimeout(r, 50));
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['locked', 'first saved', 'second read']);
  });
});
