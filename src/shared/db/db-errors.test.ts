import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../../../test/support/test-db.js';
import { createDb } from './db.js';
import { isConnectionLoss } from './db-errors.js';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.drop());

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('telling "Postgres is unreachable" from "our statement failed"', () => {
  test("a refused connection is a connection loss, through drizzle's wrapper", async () => {
    const down = createDb({ url: 'postgres://postgres@127.0.0.1:1/x', max: 1 });
    try {
      expect(isConnectionLoss(await failure(down.db.execute(sql`select 1`)))).toBe(true);
    } finally {
      await down.close();
    }
  });

  test('a server shutting down (SQLSTATE 57P01) is a connection loss; a bad statement or a broken constraint is not', async () => {
    const shutdown = await failure(t.db.execute(sql`do $$ begin raise exception 'bye' using errcode = '57P01'; end $$`));
    expect(isConnectionLoss(shutdown)).toBe(true);
    expect(isConnectionLoss(await failure(t.db.execute(sql`select * from no_such_table`)))).toBe(false);
    expect(isConnectionLoss(await failure(t.db.execute(sql`select 1/0`)))).toBe(false);
    expect(isConnectionLoss(new Error('anything'))).toBe(false);
  });
});
