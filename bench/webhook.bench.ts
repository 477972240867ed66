// Webhook benchmark: the service in webhook mode against a bare telegraf echo bot, one run, the
// same load generator (autocannon, every request a new update_id), the same Bot API stand-in.
//
//   npm run bench:webhook                    # 10 s per measurement
//   BENCH_SECONDS=30 npm run bench:webhook   # longer
//
// Two mixes: linked members sending a text or /lich (a command that reads Postgres), and unknown
// users' /start. Each at 10 and 50 concurrent. For every run it prints req/s, p50/p99, CPU ms per
// update (node, and Postgres from /proc), the replies delivered against the updates answered
// 200 (each chat checked: none lost, none doubled), and the ratio to the echo bot.
// A script, not a test: it prints figures next to the targets and asserts nothing about time.

import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { benchDatabaseName, scratchDatabase } from './scratch.js';
import { startBenchBotApi } from './webhook/bot-api.js';
import { FIRST_MEMBER_ID, MEMBERS, SECRET, seed, startEchoBot, startService, type Target } from './webhook/targets.js';
import { loadAverage, postgresCpuMs, processCpuMs } from './webhook/proc-cpu.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const TARGETS = { ratio: 0.5, p99Ms: 100, cpuMsPerUpdate: 1.5, updatesPerSecond: 1_000 };
const log = (s: string) => process.stderr.write(`  ${s}\n`);

type Mix = 'members' | 'start';
let nextUpdateId = 1_000_000;
let nextStranger = 900_000_000;
let nextMember = 0;

/** One update of the mix, for a chat; linked members alternate a text and /lich. */
function update(mix: Mix): { chat: number; body: string } {
  const updateId = nextUpdateId++;
  const chat = mix === 'start' ? nextStranger++ : FIRST_MEMBER_ID + (nextMember++ % MEMBERS);
  const text = mix === 'start' ? '/start' : updateId % 2 ? 'Chào đồng chí' : '/lich';
  const entities = text.startsWith('/') ? [{ type: 'bot_command', offset: 0, length: text.length }] : undefined;
  const from = { id: chat, is_bot: false, first_name: 'Bench' };
  const message = {
    message_id: updateId,
    date: Math.floor(Date.now() / 1000),
    from,
    chat: { id: chat, type: 'private', first_name: 'Bench' },
    text,
    entities,
  };
  return { chat, body: JSON.stringify({ update_id: updateId, message }) };
}

type Figures = {
  reqPerSec: number;
  p50: number;
  p99: number;
  non2xx: number;
  nodeMs: number;
  pgMs: number;
  updates: number;
  replies: number;
  lostChats: number;
  doubledChats: number;
};

async function load(
  target: Target,
  mix: Mix,
  connections: number,
  seconds: number,
  api: Awaited<ReturnType<typeof startBenchBotApi>>,
  perUpdate = 1,
): Promise<Figures> {
  api.reset();
  // Built is an upper bound (autocannon builds each connection's next request before it needs
  // it, and may never send it); answered 200 is the lower bound. A chat with fewer replies than
  // answered updates lost one; a chat with more replies than updates ever built got a double.
  const built = new Map<string, number>();
  const answered = new Map<string, number>();
  const bump = (m: Map<string, number>, chat: string) => m.set(chat, (m.get(chat) ?? 0) + 1);
  const nodeBefore = processCpuMs(target.child.pid!);
  const pgBefore = postgresCpuMs();
  const result = await autocannon({
    url: `http://127.0.0.1:${target.port}`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/telegram/webhook',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
        setupRequest: (req, context) => {
          const u = update(mix);
          bump(built, String(u.chat));
          (context as { chat?: string }).chat = String(u.chat);
          return { ...req, body: u.body };
        },
        onResponse: (status, _body, context) => {
          if (status === 200) bump(answered, (context as { chat: string }).chat);
        },
      },
    ],
  });
  const cpuEnd = { node: processCpuMs(target.child.pid!), pg: postgresCpuMs() };
  // Replies may still be on their way (the service sends them after answering): wait until
  // nothing more has arrived for 2 s.
  let last = -1;
  for (let quiet = 0; quiet < 10;) {
    await sleep(200);
    quiet = api.sent() === last ? quiet + 1 : 0;
    last = api.sent();
  }
  let lostChats = 0;
  let doubledChats = 0;
  for (const [chat, n] of built) {
    const got = api.sentByChat.get(chat) ?? 0;
    if (got < (answered.get(chat) ?? 0) * perUpdate) lostChats++;
    if (got > n * perUpdate) doubledChats++;
  }
  const updates = result['2xx'];
  return {
    reqPerSec: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors + result.timeouts,
    nodeMs: (cpuEnd.node - nodeBefore) / Math.max(updates, 1),
    pgMs: (cpuEnd.pg - pgBefore) / Math.max(updates, 1),
    updates,
    replies: api.sent(),
    lostChats,
    doubledChats,
  };
}

/** How many messages one update of the mix makes the target send (the service may greet and ask). */
async function repliesPerUpdate(target: Target, mix: Mix, api: Awaited<ReturnType<typeof startBenchBotApi>>): Promise<number> {
  api.reset();
  const u = update(mix);
  const res = await fetch(`http://127.0.0.1:${target.port}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    body: u.body,
  });
  if (!res.ok) throw new Error(`${target.name} answered ${res.status} to one ${mix} update`);
  await sleep(500);
  return api.sentByChat.get(String(u.chat)) ?? 0;
}

async function main() {
  const dbName = benchDatabaseName('webhook');
  const prefix = `benchwh_${Date.now()}`;
  log(`scratch database ${dbName}; load average ${loadAverage()}`);
  const scratch = await scratchDatabase(dbName);
  await seed(scratch.url);
  const api = await startBenchBotApi();
  const targets = [await startService(scratch.url, api.apiRoot, prefix), await startEchoBot(api.apiRoot)];
  const rows: ({ target: string; mix: Mix; connections: number; perUpdate: number } & Figures)[] = [];
  const loads: string[] = [];
  try {
    for (const mix of ['members', 'start'] as const) {
      for (const target of targets) {
        const perUpdate = Math.max(1, await repliesPerUpdate(target, mix, api));
        // Warm-up: JIT, the connection pool, Postgres' caches.
        await load(target, mix, 10, Math.min(3, SECONDS), api, perUpdate);
        for (const connections of [10, 50]) {
          log(`${target.name}, ${mix}, ${connections} concurrent…`);
          rows.push({
            target: target.name,
            mix,
            connections,
            perUpdate,
            ...(await load(target, mix, connections, SECONDS, api, perUpdate)),
          });
          loads.push(loadAverage());
        }
      }
    }
  } finally {
    for (const t of targets) t.child.kill('SIGTERM');
    await sleep(1000);
    await api.close();
    await scratch.drop();
  }

  const f1 = (n: number) => n.toFixed(2);
  console.log(
    `\nWebhook benchmark, ${new Date().toISOString().slice(0, 10)}, ${SECONDS} s per run, load average at the end of each run: ${loads.join(' | ')}`,
  );
  console.log(
    `targets: ≥ ${TARGETS.ratio}× the echo bot at 50 concurrent, p99 < ${TARGETS.p99Ms} ms, ≤ ${TARGETS.cpuMsPerUpdate} ms CPU per update, ≥ ${TARGETS.updatesPerSecond} updates/s, every update answered once\n`,
  );
  console.log(
    '| target | mix | conc. | req/s | ratio | p50 ms | p99 ms | CPU ms/update node + pg | replies / expected | lost / doubled chats | non-2xx |',
  );
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const echo = rows.find((e) => e.target === 'echo bot' && e.mix === r.mix && e.connections === r.connections);
    const ratio = echo ? r.reqPerSec / echo.reqPerSec : NaN;
    console.log(
      `| ${r.target} | ${r.mix} | ${r.connections} | ${r.reqPerSec} | ${ratio.toFixed(2)} | ${r.p50} | ${r.p99} | ${f1(r.nodeMs)} + ${f1(r.pgMs)} = ${f1(r.nodeMs + r.pgMs)} | ${r.replies} / ${r.updates * r.perUpdate} | ${r.lostChats} / ${r.doubledChats} | ${r.non2xx} |`,
    );
  }
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
