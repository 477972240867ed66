import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';

// Same relative path from src/shared/db and dist/src/shared/db.
export const migrationsFolder = fileURLToPath(new URL('../../../migrations', import.meta.url));

// Arbitrary constant identifying "schema migration" among advisory locks.
const MIGRATION_LOCK_ID = 729_114_003;

/**
 * Apply committed migrations. drizzle's migrate() takes no lock, so two processes starting
 * together would race on the same DDL; a session advisory lock on a dedicated single
 * connection serialises them, and the second finds nothing left to do.
 */
export async function runMigrations(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
    try {
      await migrate(drizzle(sql), { migrationsFolder });
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}
