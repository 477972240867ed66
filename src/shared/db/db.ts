import postgres from 'postgres';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import * as schema from './schema.js';

export type Db = PostgresJsDatabase<typeof schema>;
/** A transaction handle; repositories accept either, so use cases compose them in one transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

/** How long a new connection may take before it fails: an unreachable Postgres fails a request fast. */
const CONNECT_TIMEOUT_S = 5;

export function createDb({ url, max = 10, prepare = true }: { url: string; max?: number; prepare?: boolean }) {
  // onnotice: silence "relation already exists, skipping" notices from migrations.
  const sql = postgres(url, {
    max,
    connect_timeout: CONNECT_TIMEOUT_S,
    onnotice: () => {},
    connection: { TimeZone: 'Asia/Ho_Chi_Minh' },
  });
  const db = drizzle(prepare ? preparingEveryStatement(sql) : sql, { schema });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}

/**
 * drizzle runs every statement it did not name with `prepare: false`, so postgres.js parses and
 * plans it again each time, in an extra round trip. Preparing them all lets postgres.js keep each
 * statement text parsed per connection (an LRU of 1,000), which halves the round trips and most
 * of Postgres' CPU on the hot paths. Transactions and savepoints get the same client.
 * Off (DATABASE_PREPARE=false) behind a pooler that cannot keep prepared statements.
 */
function preparingEveryStatement<T extends postgres.Sql | postgres.TransactionSql>(sql: T): T {
  const wrapScope = (args: unknown[]) =>
    args.map((a) => (typeof a === 'function' ? (scoped: postgres.TransactionSql) => a(preparingEveryStatement(scoped)) : a));
  return new Proxy(sql, {
    get(target, key, receiver) {
      if (key === 'unsafe')
        return (query: string, params?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) =>
          target.unsafe(query, params, { ...options, prepare: true });
      if (key === 'begin' || key === 'savepoint')
        return (...args: unknown[]) => (Reflect.get(target, key, target) as (...a: unknown[]) => unknown).apply(target, wrapScope(args));
      return Reflect.get(target, key, receiver);
    },
  });
}
