import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { runMigrations } from '../../src/shared/db/migrate.js';
import { databaseUrlFor, testDatabaseUrl } from './env.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDb: string;
    runId: string;
  }
}

// Build one migrated template database per run; every test file clones it (CREATE DATABASE
// … TEMPLATE), much faster than migrating per file. Names carry a run id so two runs on one
// machine (a developer and CI) never drop each other's databases.
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const admin = postgres(testDatabaseUrl, { max: 1, onnotice: () => {} });
  let runId: string;
  let templateDb: string;
  try {
    // The run's start (epoch seconds) is part of every name, so clean-up can tell a crashed
    // old run's databases from those of a run still going on elsewhere. Postgres' clock, not
    // ours: a run under faketime (a year ahead) would otherwise take every other run for stale.
    const now = await postgresEpoch(admin);
    runId = `${now}_${randomBytes(3).toString('hex')}`;
    templateDb = `trolychibo_tpl_${runId}`;
    await dropUnused(admin, now);
    await admin.unsafe(`create database ${templateDb}`);
  } finally {
    await admin.end();
  }
  await runMigrations(databaseUrlFor(templateDb));
  project.provide('templateDb', templateDb);
  project.provide('runId', runId);
  return async () => {
    const a = postgres(testDatabaseUrl, { max: 1, onnotice: () => {} });
    try {
      const rows = await a<{ datname: string }[]>`select datname from pg_database where datname like ${`trolychibo_%${runId}%`}`;
      for (const r of rows) await a.unsafe(`drop database if exists "${r.datname}" with (force)`);
    } finally {
      await a.end();
    }
  };
}

// Databases left by crashed runs: older than any run can last (CI stops a run at 90 min).
const STALE_AFTER_S = 6 * 3600;

async function postgresEpoch(admin: postgres.Sql): Promise<number> {
  const [row] = await admin<{ now: string }[]>`select floor(extract(epoch from now()))::bigint::text as now`;
  return Number(row!.now);
}

async function dropUnused(admin: postgres.Sql, now: number): Promise<void> {
  const rows = await admin<{ datname: string }[]>`select datname from pg_database where datname ~ '^trolychibo_(t|tpl)_[0-9]+_'`;
  for (const r of rows) {
    const started = Number(/^trolychibo_(?:t|tpl)_(\d+)_/.exec(r.datname)?.[1]);
    if (now - started < STALE_AFTER_S) continue;
    try {
      await admin.unsafe(`drop database if exists "${r.datname}" with (force)`);
    } catch {
      /* already gone */
    }
  }
}
