import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { describe, expect, inject, test } from 'vitest';
import { databaseUrlFor, testDatabaseUrl } from '../../../test/support/env.js';
import { migrationsFolder, runMigrations } from './migrate.js';

describe('migrations', () => {
  test('two processes migrating a fresh database at the same time both succeed', async () => {
    const name = `trolychibo_t_${inject('runId')}_mig`;
    const admin = postgres(testDatabaseUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    try {
      await Promise.all([runMigrations(databaseUrlFor(name)), runMigrations(databaseUrlFor(name)), runMigrations(databaseUrlFor(name))]);
      const db = postgres(databaseUrlFor(name), { max: 1 });
      const tables = await db`select count(*)::int as n from information_schema.tables where table_schema = 'public'`;
      const applied = await db`select count(*)::int as n from drizzle.__drizzle_migrations`;
      await db.end();
      expect(tables[0]!.n).toBeGreaterThanOrEqual(8);
      expect(applied[0]!.n).toBe(readdirSync(migrationsFolder).filter((f) => f.endsWith('.sql')).length);
    } finally {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });

  test('the drizzle schema and the committed migrations do not drift', async () => {
    // drizzle-kit generate into a copy of the migrations: any new file means the schema
    // changed without a committed migration. (drizzle-kit prefixes --out with "./": pass it relative.)
    const out = mkdtempSync(join(tmpdir(), 'drift-'));
    try {
      cpSync(migrationsFolder, out, { recursive: true });
      const before = readdirSync(out).length;
      const { stdout, stderr } = await promisify(execFile)(
        'npx',
        [
          'drizzle-kit',
          'generate',
          '--dialect',
          'postgresql',
          '--schema',
          'src/shared/db/schema.ts',
          '--out',
          relative(process.cwd(), out),
        ],
        { timeout: 60_000 },
      );
      expect(readdirSync(out).length, stdout + stderr).toBe(before);
      expect(stdout + stderr).toMatch(/No schema changes/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 90_000);
});
