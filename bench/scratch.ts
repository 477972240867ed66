// A scratch database and Redis prefix for one benchmark run, removed afterwards.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import type { Redis } from 'ioredis';
import { runMigrations } from '../src/shared/db/migrate.js';

export const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * This run's scratch database: BENCH_DATABASE, or a name of its own, so two people benchmarking
 * on one server never drop each other's database.
 */
export function benchDatabaseName(bench: string): string {
  const name = process.env.BENCH_DATABASE ?? `trolychibo_bench_${bench}_${randomBytes(3).toString('hex')}`;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`BENCH_DATABASE must be a plain Postgres name (a-z, 0-9, _), got "${name}"`);
  return name;
}

export function dbUrl(name: string): string {
  const u = new URL(SERVER_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function onServer(statement: string): Promise<void> {
  const admin = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(statement);
  } finally {
    await admin.end();
  }
}

/** Create `name`, refusing (not dropping) one that exists: it may be another run's. */
export async function createScratchDatabase(name: string): Promise<void> {
  try {
    await onServer(`create database ${name}`);
  } catch (e) {
    if ((e as { code?: string }).code !== '42P04') throw e;
    throw new Error(
      `database ${name} already exists: another benchmark may be using it. Set BENCH_DATABASE to another name, or drop ${name} if it is a leftover.`,
      { cause: e },
    );
  }
}

export const dropScratchDatabase = (name: string) => onServer(`drop database if exists ${name} with (force)`);

/** A fresh, migrated database `name`; `drop()` removes it and every Redis key under `prefix`. */
export async function scratchDatabase(
  name: string,
): Promise<{ url: string; drop(redis?: { connection: Redis; prefix: string }): Promise<void> }> {
  await createScratchDatabase(name);
  await runMigrations(dbUrl(name));
  return {
    url: dbUrl(name),
    async drop(redis) {
      if (redis) {
        const keys = await redis.connection.keys(`${redis.prefix}:*`);
        if (keys.length) await redis.connection.del(...keys);
      }
      await dropScratchDatabase(name);
    },
  };
}

/** Each run's figures under its label, then exit (BullMQ connections would keep the process up). */
export function printFiguresAndExit(title: string, results: ({ label: string } & Record<string, unknown>)[]): never {
  console.log(`\n${title}, ${new Date().toISOString().slice(0, 10)}`);
  for (const r of results) {
    console.log(`\n${r.label}`);
    for (const [k, v] of Object.entries(r))
      if (k !== 'label') console.log(`  ${k.padEnd(22)} ${typeof v === 'object' ? JSON.stringify(v) : v}`);
  }
  process.exit(0);
}
