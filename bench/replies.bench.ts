// Replies under Telegram's budget: linked members write /lich at a steady rate (one reply each)
// to the service in webhook mode, against the fake Telegram server, which enforces 30 sends a
// second in a sliding window and answers 429 with retry_after beyond, as Telegram does.
//
//   npm run bench:replies                              # 30 updates/s for 60 s
//   BENCH_RATE=30 BENCH_SECONDS=120 npm run bench:replies
//
// Two runs side by side: the service with its bot-wide send budget (TELEGRAM_SEND_RATE_PER_SECOND
// = 30, replies paced in Redis ahead of broadcasts), and the baseline with that budget lifted to
// 1,000 (replies sent as fast as they come, 429s waited out by the gateway). For each it prints
// the send calls and the 429s among them, the replies delivered, and the time from a member's
// message to the bot's reply (p50, p95, max). A script, not a test: it asserts nothing about time.

import { setTimeout as sleep } from 'node:timers/promises';
import { startFakeTelegram } from '../test/fakes/telegram/index.js';
import { benchDatabaseName, scratchDatabase } from './scratch.js';
import { BENCH_TOKEN } from './webhook/bot-api.js';
import { loadAverage } from './webhook/proc-cpu.js';
import { FIRST_MEMBER_ID, MEMBERS, SECRET, seed, startService } from './webhook/targets.js';

const RATE = Number(process.env.BENCH_RATE ?? 30);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const TELEGRAM_LIMIT = 30;
const TARGETS = { rate429: 0.01, p95Ms: 3_000 };
const log = (s: string) => process.stderr.write(`  ${s}\n`);
const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? NaN;

let nextUpdateId = 5_000_000;
let nextMember = 0;

type Figures = {
  label: string;
  updates: number;
  replies: number;
  calls: number;
  r429: number;
  p50: number;
  p95: number;
  max: number;
  load: string;
};

async function run(label: string, sendRate: number, dbUrl: string, prefix: string, fake: Awaited<ReturnType<typeof startFakeTelegram>>) {
  const service = await startService(dbUrl, fake.apiRoot, `${prefix}_${sendRate}`, { TELEGRAM_SEND_RATE_PER_SECOND: String(sendRate) });
  const callsBefore = fake.calls.length;
  const postedAt = new Map<number, number>();
  let failed = 0;
  try {
    log(`${label}: ${RATE} updates/s for ${SECONDS} s`);
    const started = performance.now();
    const posts: Promise<void>[] = [];
    for (let i = 0; i < RATE * SECONDS; i++) {
      const due = started + (i * 1000) / RATE;
      if (due > performance.now()) await sleep(due - performance.now());
      const chat = FIRST_MEMBER_ID + (nextMember++ % MEMBERS);
      const updateId = nextUpdateId++;
      postedAt.set(chat, Date.now());
      const message = {
        message_id: updateId,
        date: Math.floor(Date.now() / 1000),
        from: { id: chat, is_bot: false, first_name: 'Bench' },
        chat: { id: chat, type: 'private', first_name: 'Bench' },
        text: '/lich',
        entities: [{ type: 'bot_command', offset: 0, length: 5 }],
      };
      posts.push(
        fetch(`http://127.0.0.1:${service.port}/telegram/webhook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
          body: JSON.stringify({ update_id: updateId, message }),
        }).then(
          (r) => void (r.ok || failed++),
          () => void failed++,
        ),
      );
    }
    await Promise.all(posts);
    const replied = () =>
      new Set(
        fake.calls
          .slice(callsBefore)
          .filter((c) => c.method === 'sendMessage' && !c.error)
          .map((c) => Number(c.params.chat_id)),
      );
    for (let waited = 0; replied().size < postedAt.size && waited < 120_000; waited += 250) await sleep(250);
    const calls = fake.calls.slice(callsBefore).filter((c) => c.method === 'sendMessage');
    const latencies = [...postedAt]
      .map(([chat, at]) => (calls.find((c) => !c.error && Number(c.params.chat_id) === chat)?.at ?? Infinity) - at)
      .sort((a, b) => a - b);
    const r: Figures = {
      label,
      updates: postedAt.size - failed,
      replies: replied().size,
      calls: calls.length,
      r429: calls.filter((c) => c.error?.error_code === 429).length,
      p50: pct(latencies, 50),
      p95: pct(latencies, 95),
      max: latencies[latencies.length - 1] ?? NaN,
      load: loadAverage(),
    };
    log(JSON.stringify(r));
    return r;
  } finally {
    service.child.kill('SIGTERM');
    await new Promise((r) => service.child.once('exit', r));
  }
}

async function main(): Promise<void> {
  if (RATE * SECONDS > MEMBERS) throw new Error(`at most ${MEMBERS} updates (one per member): lower BENCH_RATE or BENCH_SECONDS`);
  const dbName = benchDatabaseName('replies');
  const prefix = `bench_replies_${Date.now()}`;
  const scratch = await scratchDatabase(dbName);
  const fake = await startFakeTelegram({ token: BENCH_TOKEN });
  fake.rateLimit({ perSecond: TELEGRAM_LIMIT });
  const rows: Figures[] = [];
  try {
    await seed(scratch.url);
    rows.push(await run('budget lifted (baseline)', 1_000, scratch.url, prefix, fake));
    await sleep(3_000); // let the fake's window and any retry_after pass
    rows.push(await run('bot-wide budget, 30/s', TELEGRAM_LIMIT, scratch.url, prefix, fake));
  } finally {
    await fake.close();
    await scratch.drop();
  }
  console.log(
    `\nReplies benchmark, ${new Date().toISOString().slice(0, 10)}: ${RATE} member messages a second for ${SECONDS} s, one reply each; the fake Telegram allows ${TELEGRAM_LIMIT} sends a second`,
  );
  console.log(`targets: < ${TARGETS.rate429 * 100}% of calls answered 429, p95 from message to reply < ${TARGETS.p95Ms / 1000} s\n`);
  console.log('| service | updates | replies | send calls | 429s | p50 ms | p95 ms | max ms | load avg |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const r of rows)
    console.log(
      `| ${r.label} | ${r.updates} | ${r.replies} | ${r.calls} | ${r.r429} (${((100 * r.r429) / Math.max(1, r.calls)).toFixed(1)}%) | ${r.p50} | ${r.p95} | ${r.max} | ${r.load} |`,
    );
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
