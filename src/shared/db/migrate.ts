import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';

// The committed migrations/ folder of the project root: the nearest one above this file,
// whether it runs from src/ (tsx, tests) or from dist/src/ (the build).
function findMigrationsFolder(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const candidate = join(dir, 'migrations');
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
    if (dirname(dir) === dir) throw new Error('migrations/ folder not found above ' + fileURLToPath(import.meta.url));
  }
}

export const migrationsFolder = findMigrationsFolder();

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
