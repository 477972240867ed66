// The two targets of the webhook benchmark, each in a process of its own, and the seeded branch
// the service's linked members belong to.
import { fork, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import { freePort } from '../../test/support/app-harness.js';
import { REDIS_URL } from '../scratch.js';
import { BENCH_TOKEN } from './bot-api.js';

export const SECRET = 'bench_webhook_secret';
export const MEMBERS = 4_000;
export const FIRST_MEMBER_ID = 700_000_001;

/** 20 branches of 200 members, every one on Telegram (private chat id = user id). */
export async function seed(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  await sql`insert into org_units (id, parent_id, kind, name, name_key, path) overriding system value
    values (1, null, 'committee', 'Đảng bộ phường Bench', 'dangbophuongbench', '/1/')`;
  await sql`insert into org_units (id, parent_id, kind, name, name_key, path) overriding system value
    select 1 + b, 1, 'branch', 'Chi bộ ' || b, 'chibo' || b, '/1/' || (1 + b) || '/' from generate_series(1, 20) b`;
  await sql`select setval(pg_get_serial_sequence('org_units', 'id'), 21)`;
  await sql`insert into members (id, branch_id, full_name, phone, role, kind, status) overriding system value
    select m, 2 + (m - 1) % 20, 'Đảng viên ' || m, '849' || lpad(m::text, 8, '0'),
           (case when m <= 20 then 'secretary' else 'member' end)::member_role, 'official', 'active'
    from generate_series(1, ${MEMBERS}::int) m`;
  await sql`select setval(pg_get_serial_sequence('members', 'id'), ${MEMBERS}::int)`;
  await sql`insert into chat_identities (member_id, platform, external_id, chat_id)
    select id, 'telegram', (${FIRST_MEMBER_ID - 1}::int + id)::text, (${FIRST_MEMBER_ID - 1}::int + id)::text from members`;
  await sql`analyze`;
  await sql.end();
}

export type Target = { name: string; port: number; child: ChildProcess };

async function waitUntil(ok: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await ok().catch(() => false))) {
    if (Date.now() > until) throw new Error(`${what} did not start within ${timeoutMs / 1000} s`);
    await sleep(200);
  }
}

export async function startService(dbUrl: string, apiRoot: string, prefix: string, env: Record<string, string> = {}): Promise<Target> {
  const port = await freePort();
  // BENCH_NODE_OPTIONS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to profile the service under load.
  const child = fork('dist/src/main.js', [], {
    execArgv: process.env.BENCH_NODE_OPTIONS?.split(' ').filter(Boolean) ?? [],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: {
      ...process.env,
      DATABASE_URL: dbUrl,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      TELEGRAM_BOT_TOKEN: BENCH_TOKEN,
      TELEGRAM_API_ROOT: apiRoot,
      PUBLIC_URL: 'https://bench.example.vn',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      HOST: '127.0.0.1',
      PORT: String(port),
      PROCESS_MODE: 'all',
      // The inbound path's own cost is measured, not Telegram's budget (about 30 sends a second,
      // which the service would otherwise keep to: see bench:replies).
      TELEGRAM_SEND_RATE_PER_SECOND: '1000',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      ...env,
    },
  });
  await waitUntil(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, 'the service');
  return { name: 'service', port, child };
}

export async function startEchoBot(apiRoot: string): Promise<Target> {
  const port = await freePort();
  const child = fork('bench/webhook/echo-bot.ts', [String(port), apiRoot, SECRET], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`the echo bot exited (${code})`)));
  });
  return { name: 'echo bot', port, child };
}
