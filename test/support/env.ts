// Where the test suite finds its engines. Defaults are the local services of a developer
// machine and CI; override with DATABASE_URL / REDIS_URL.
export const testDatabaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const testRedisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export function databaseUrlFor(name: string): string {
  const u = new URL(testDatabaseUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
