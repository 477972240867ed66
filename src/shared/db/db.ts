import postgres from 'postgres';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import * as schema from './schema.js';

export type Db = PostgresJsDatabase<typeof schema>;
/** A transaction handle; repositories accept either, so use cases compose them in one transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

/** How long a new connection may take before it fails: an unreachable Postgres fails a request fast. */
const CONNECT_TIMEOUT_S = 5;

export function createDb({ url, max = 10 }: { url: string; max?: number }) {
  // onnotice: silence "relation already exists, skipping" notices from migrations.
  const sql = postgres(url, {
    max,
    connect_timeout: CONNECT_TIMEOUT_S,
    onnotice: () => {},
    connection: { TimeZone: 'Asia/Ho_Chi_Minh' },
  });
  const db = drizzle(sql, { schema });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}
