import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/support/test-db.js';
import { chatIdentities } from '../../modules/identities/identities.table.js';
import { createDb } from './db.js';

/** The statements on the pool's one connection that read chat identities, as Postgres keeps them. */
async function preparedIdentityReads(prepare: boolean, t: TestDb): Promise<number> {
  const { db, sql, close } = createDb({ url: t.url, max: 1, prepare });
  try {
    const read = (d: typeof db | Parameters<Parameters<typeof db.transaction>[0]>[0]) =>
      d.select().from(chatIdentities).where(eq(chatIdentities.externalId, '42'));
    await read(db);
    await read(db);
    await db.transaction(async (tx) => {
      await read(tx);
      await tx.transaction(async (inner) => void (await read(inner)));
    });
    const [row] = await sql<
      { n: number }[]
    >`select count(*)::int as n from pg_prepared_statements where statement like '%chat_identities%' and statement not like '%pg_prepared%'`;
    return row!.n;
  } finally {
    await close();
  }
}

describe('the Postgres client', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  test('a statement the service runs again and again is parsed once per connection, in a transaction too', async () => {
    expect(await preparedIdentityReads(true, t)).toBe(1);
  });

  test('behind a pooler that cannot keep prepared statements, nothing is left prepared', async () => {
    expect(await preparedIdentityReads(false, t)).toBe(0);
  });
});
