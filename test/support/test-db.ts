import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import postgres from 'postgres';
import { createDb, type Db } from '../../src/shared/db/db.js';
import { testDatabaseUrl } from './env.js';
import { runMigrations } from '../../src/shared/db/migrate.js';

export type TestDb = { db: Db; sql: postgres.Sql; url: string; name: string; drop(): Promise<void> };

/** A fresh database with every migration applied, cloned from the suite's template. */
export async function createTestDb(): Promise<TestDb> {
  const template = inject('templateDb');
  const name = `trolychibo_t_${inject('runId')}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(testDatabaseUrl, { max: 1, onnotice: () => {} });
  try {
    // Parallel clones can collide on the template's brief lock; retry a few times.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.unsafe(`create database ${name} template ${template}`);
        break;
      } catch (e) {
        if (attempt >= 20 || !String((e as Error).message).includes('being accessed by other users')) throw e;
        await new Promise((r) => setTimeout(r, 100 + attempt * 50));
      }
    }
  } finally {
    await admin.end();
  }
  return openTestDb(testDatabaseUrl, name);
}

/** A fresh, migrated database on another server (a throwaway cluster a test stops and starts). */
export async function createTestDbOn(serverUrl: string): Promise<TestDb> {
  const name = `trolychibo_t_${inject('runId')}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const db = openTestDb(serverUrl, name);
  await runMigrations(db.url);
  return db;
}

function openTestDb(serverUrl: string, name: string): TestDb {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const { db, sql, close } = createDb({ url, max: 5 });
  return {
    db,
    sql,
    url,
    name,
    async drop() {
      await close();
      const a = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}
