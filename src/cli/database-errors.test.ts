import { afterEach, describe, expect, test } from 'vitest';
import { runCommand } from '../../test/support/cli.js';
import { databaseUrlFor } from '../../test/support/env.js';
import { databaseProblem, describeDatabaseProblem } from './database-errors.js';

// An admin runs the CLI in a fresh shell, .env not loaded: the error must say what to do.
const saved = process.env.DATABASE_URL;
afterEach(() => {
  if (saved === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = saved;
});

async function migrateWith(url: string) {
  process.env.DATABASE_URL = url;
  return runCommand('migrate');
}

describe('the CLI when the database cannot be used', () => {
  test('a database that does not exist: the error names DATABASE_URL, how to load .env, and createdb', async () => {
    const { code, out } = await migrateWith(databaseUrlFor('trolychibo_khong_co'));
    expect(code).toBe(1);
    expect(out).toContain('“trolychibo_khong_co”');
    expect(out).toContain('DATABASE_URL=postgres://');
    expect(out).toContain('set -a; . ./.env; set +a');
    expect(out).toContain('createdb trolychibo_khong_co');
  });

  test('a refused connection names DATABASE_URL and the address it tried', async () => {
    const { code, out } = await migrateWith('postgres://postgres:matkhau@127.0.0.1:1/trolychibo');
    expect(code).toBe(1);
    expect(out).toContain('127.0.0.1:1');
    expect(out).toContain('DATABASE_URL=postgres://postgres:***@127.0.0.1:1/trolychibo');
    expect(out).toContain('set -a; . ./.env; set +a');
    expect(out).not.toContain('matkhau');
  });

  test('a login Postgres refuses names the user and DATABASE_URL', async () => {
    const url = new URL(databaseUrlFor('postgres'));
    url.username = 'nguoi_la';
    const { code, out } = await migrateWith(url.toString());
    expect(code).toBe(1);
    expect(out).toContain('“nguoi_la”');
    expect(out).toContain('DATABASE_URL');
  });

  test('with DATABASE_URL unset the message says the default was used', () => {
    const url = 'postgres://postgres@127.0.0.1:5432/trolychibo';
    const problem = databaseProblem(Object.assign(new Error('database "trolychibo" does not exist'), { code: '3D000' }), url);
    expect(problem).toEqual({ kind: 'no_database', database: 'trolychibo' });
    const message = describeDatabaseProblem(problem!, url, false);
    expect(message).toContain('DATABASE_URL chưa được đặt');
    expect(message).toContain('set -a; . ./.env; set +a');
  });

  test('any other error is not dressed up as a connection problem', () => {
    expect(databaseProblem(Object.assign(new Error('syntax error'), { code: '42601' }), 'postgres://127.0.0.1/x')).toBeNull();
    expect(databaseProblem('boom', 'postgres://127.0.0.1/x')).toBeNull();
  });
});
