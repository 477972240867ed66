import { admin } from '../texts/index.js';

// A CLI run in a shell that has not loaded .env falls back to the default DATABASE_URL and used
// to die with Postgres' bare "database "trolychibo" does not exist". These errors name the
// variable, where its value came from, and the fix. The URL is shown without its password.

export type DatabaseProblem =
  { kind: 'no_database'; database: string } | { kind: 'unreachable'; address: string } | { kind: 'rejected_login'; user: string };

/** What went wrong reaching the database, or null for any other error (which goes on as is). */
export function databaseProblem(err: unknown, url: string): DatabaseProblem | null {
  const code = errorCode(err);
  const u = new URL(url);
  if (code === '3D000') return { kind: 'no_database', database: decodeURIComponent(u.pathname.slice(1)) };
  if (code === '28P01' || code === '28000') return { kind: 'rejected_login', user: decodeURIComponent(u.username) };
  if (
    code === 'ECONNREFUSED' ||
    code === 'ENOTFOUND' ||
    code === 'EAI_AGAIN' ||
    code === 'ETIMEDOUT' ||
    code === 'EHOSTUNREACH' ||
    code === 'CONNECT_TIMEOUT'
  ) {
    return { kind: 'unreachable', address: `${u.hostname}:${u.port || '5432'}` };
  }
  return null;
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; errors?: unknown[]; cause?: unknown };
  if (typeof e.code === 'string') return e.code;
  // Node reports a refused dual-stack connect as an AggregateError of the attempts.
  if (Array.isArray(e.errors)) return e.errors.map(errorCode).find(Boolean);
  return e.cause === undefined ? undefined : errorCode(e.cause);
}

/** The URL as it may be shown: no password. */
export function shownUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/** The message for the operator: what failed, which DATABASE_URL, and how to fix it. */
export function describeDatabaseProblem(problem: DatabaseProblem, url: string, fromEnv: boolean): string {
  const t = admin.database;
  const source = t.source(shownUrl(url), fromEnv);
  if (problem.kind === 'no_database') return t.noDatabase(problem.database, source, t.loadEnv);
  if (problem.kind === 'rejected_login') return t.rejectedLogin(problem.user, source, t.loadEnv);
  return t.unreachable(problem.address, source, t.loadEnv);
}
