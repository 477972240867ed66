// Meeting-cycle benchmark: one day's work of the cycle (ensure this and next month's meetings,
// then sweep what is due into BullMQ) against a seeded tree of N branches.
//
//   npm run bench:cycle              # N = 10 000 and 100 000
//   npm run bench:cycle -- 1000      # any list of N
//
// A script, not a test: it prints figures and asserts nothing about time. Each N runs in a
// child process of its own so that its peak RSS / heap is not inherited from a previous N.
// Engines: DATABASE_URL (the server; the bench creates and drops its own database on it)
// and REDIS_URL, defaulting to the local services.

import { spawn } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { Redis } from 'ioredis';
import { createFakeClock } from '../src/shared/clock.js';
import { createDb } from '../src/shared/db/db.js';
import { runMigrations } from '../src/shared/db/migrate.js';
import { createRedis } from '../src/jobs/redis.js';
import { createCycleQueue, ensureMeetingsNow, sweepCycle } from '../src/jobs/cycle.jobs.js';
import { planCycleJobs } from '../src/modules/cycle/cycle.plan.js';
import { benchDatabaseName, createScratchDatabase, dbUrl, dropScratchDatabase, REDIS_URL } from './scratch.js';

// Chosen once in the parent and inherited by each child (one database at a time).
process.env.BENCH_DATABASE = benchDatabaseName('cycle');
const BENCH_DB = process.env.BENCH_DATABASE;
const COMMITTEES = 100;
const MEMBERS_PER_BRANCH = 25;
const PROBATIONARY_PER_BRANCH = 3; // the last 3 of 25: 22 official, so every branch has a chi ủy
// 7 days before the regular meeting of Thursday 3 Dec 2026: every branch gets its prep nag.
const DUE_AT = '2026-11-26T08:00:00+07:00';
// No meeting within the 20-day horizon (Nov's was on the 3rd, Dec's is 23 days away).
const NOTHING_AT = '2026-11-10T08:00:00+07:00';
// Every Dec meeting inside the horizon (17 days ahead) but nothing due yet: the plan reads them all.
const HORIZON_AT = '2026-11-16T08:00:00+07:00';

type Result = {
  n: number;
  seed: {
    orgUnitsMs: number;
    membersMs: number;
    identitiesMs: number;
    analyzeMs: number;
    totalMs: number;
    members: number;
    identities: number;
  };
  ensureMs: number;
  ensureCpuMs: number;
  ensureLoopMaxMs: number;
  meetingsCreated: number;
  sweepMs: number;
  sweepCpuMs: number;
  sweepLoopMaxMs: number;
  planned: number;
  enqueued: number;
  jobsPerSec: number;
  planDueMs: number;
  reensureMs: number;
  reensureCreated: number;
  resweepMs: number;
  resweepPlanned: number;
  resweepNew: number;
  planNothingMs: number;
  planNothingJobs: number;
  planHorizonMs: number;
  planHorizonJobs: number;
  peakRssMb: number;
  peakHeapMb: number;
  maxRssMb: number;
  baseRssMb: number;
  redisMb: number;
};

const ms = (t0: number) => performance.now() - t0;
// CPU time (user + system) this process spent since `c0`: the rest of a phase's wall time is
// waiting on Postgres / Redis (or on other processes of this 2-core machine).
const cpuMs = (c0: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};
const mb = (bytes: number) => bytes / 1024 / 1024;
const log = (s: string) => process.stderr.write(`  ${s}\n`);

/**
 * One province → 100 committees → n branches, ~25 members each, 80 % on Telegram, all in a few
 * set-based statements. Ids are given explicitly (OVERRIDING SYSTEM VALUE) so paths and member
 * roles are computed in SQL with no round trip; the identity sequences are moved past them.
 */
async function seed(sql: postgres.Sql, n: number): Promise<Result['seed']> {
  const t0 = performance.now();

  let t = performance.now();
  await sql`insert into org_units (id, parent_id, kind, name, name_key, path) overriding system value
    values (1, null, 'province', 'Tỉnh Bench', 'tinhbench', '/1/')`;
  await sql`insert into org_units (id, parent_id, kind, name, name_key, path) overriding system value
    select 1 + c, 1, 'committee', 'Đảng bộ xã ' || c, 'dangboxa' || c, '/1/' || (1 + c) || '/'
    from generate_series(1, ${COMMITTEES}::int) c`;
  // Branch b (1..n) has id 1 + COMMITTEES + b and sits under committee 2 + (b mod COMMITTEES).
  await sql`insert into org_units (id, parent_id, kind, name, name_key, path) overriding system value
    select ${1 + COMMITTEES}::int + b, 2 + b % ${COMMITTEES}::int, 'branch', 'Chi bộ ' || b, 'chibo' || b,
           '/1/' || (2 + b % ${COMMITTEES}::int) || '/' || (${1 + COMMITTEES}::int + b) || '/'
    from generate_series(1, ${n}::int) b`;
  await sql`select setval(pg_get_serial_sequence('org_units', 'id'), (select max(id) from org_units))`;
  const orgUnitsMs = ms(t);

  // Member k (1..25) of branch b has id (b-1)*25 + k: secretary, deputy, 2 committee members, the rest members.
  t = performance.now();
  const per = MEMBERS_PER_BRANCH;
  await sql`insert into members (id, branch_id, full_name, phone, role, kind, status) overriding system value
    select (b - 1) * ${per}::int + k, ${1 + COMMITTEES}::int + b, 'Đảng viên ' || b || '.' || k,
           '849' || lpad(((b - 1) * ${per}::int + k)::text, 8, '0'),
           (case k when 1 then 'secretary' when 2 then 'deputy' when 3 then 'committee_member' when 4 then 'committee_member' else 'member' end)::member_role,
           (case when k > ${per - PROBATIONARY_PER_BRANCH}::int then 'probationary' else 'official' end)::member_kind,
           'active'
    from generate_series(1, ${n}::int) b, generate_series(1, ${per}::int) k`;
  await sql`select setval(pg_get_serial_sequence('members', 'id'), (select max(id) from members))`;
  const membersMs = ms(t);

  // Every member but the 5th, 10th, ... of a branch (80 %, the secretary always) is on Telegram.
  t = performance.now();
  await sql`insert into chat_identities (member_id, platform, external_id, chat_id)
    select id, 'telegram', (700000000 + id)::text, (700000000 + id)::text from members where id % 5 <> 0`;
  const identitiesMs = ms(t);

  t = performance.now();
  await sql`analyze org_units`;
  await sql`analyze members`;
  await sql`analyze chat_identities`;
  const analyzeMs = ms(t);

  const totalMs = ms(t0);
  // Sanity: every unit's path is its parent's path plus its own id; every branch has a chi ủy.
  const [check] = await sql<{ members: number; identities: number; badPaths: number; noCommittee: number }[]>`
    select (select count(*)::int from members) as members, (select count(*)::int from chat_identities) as identities,
           (select count(*)::int from org_units u left join org_units p on p.id = u.parent_id
             where u.path <> coalesce(p.path, '/') || u.id || '/') as "badPaths",
           (select count(*)::int from org_units b where b.kind = 'branch' and (select count(*) from members m
             where m.branch_id = b.id and m.kind = 'official') < 9) as "noCommittee"`;
  if (check!.badPaths || check!.noCommittee) throw new Error(`bad seed: ${JSON.stringify(check)}`);
  return { orgUnitsMs, membersMs, identitiesMs, analyzeMs, totalMs, members: check!.members, identities: check!.identities };
}

async function countJobs(queue: ReturnType<typeof createCycleQueue>): Promise<number> {
  const counts = await queue.getJobCounts();
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

async function deletePrefix(prefix: string): Promise<number> {
  const r = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) deleted += await r.del(...keys);
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
  return deleted;
}

async function redisUsedBytes(r: Redis): Promise<number> {
  const info = await r.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

async function runOne(n: number): Promise<Result> {
  const prefix = `bench_${Date.now()}`;
  await createScratchDatabase(BENCH_DB);
  const url = dbUrl(BENCH_DB);
  const { db, close } = createDb({ url, max: 10 });
  const connection = createRedis(REDIS_URL);
  const queue = createCycleQueue({ connection, prefix });
  try {
    await runMigrations(url);
    log(`seeding ${n.toLocaleString('en')} branches…`);
    // A connection of its own for the bulk load, with synchronous_commit off and, as the data
    // is consistent by construction (checked after), no per-row foreign-key triggers (replica role;
    // needs a superuser, which the local postgres user is).
    const seeder = postgres(url, {
      max: 1,
      onnotice: () => {},
      connection: { synchronous_commit: 'off', session_replication_role: 'replica' },
    });
    const seeded = await seed(seeder, n).finally(() => seeder.end({ timeout: 5 }));
    log(
      `seeded in ${(seeded.totalMs / 1000).toFixed(1)} s (${seeded.members.toLocaleString('en')} members, ${seeded.identities.toLocaleString('en')} identities)`,
    );
    await queue.waitUntilReady();
    const redisBefore = await redisUsedBytes(connection);

    // Peak memory of the day's work, sampled every 50 ms (and at each phase end).
    const baseRssMb = mb(process.memoryUsage().rss);
    let peakRss = 0;
    let peakHeap = 0;
    const sample = () => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    };
    const sampler = setInterval(sample, 50);

    const clock = createFakeClock(DUE_AT);
    let t = performance.now();
    let c = process.cpuUsage();
    // The longest the event loop was blocked: what a bot sharing the process would wait.
    let loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const { created } = await ensureMeetingsNow({ db, clock });
    const ensureMs = ms(t);
    const ensureCpuMs = cpuMs(c);
    loop.disable();
    const ensureLoopMaxMs = loop.max / 1e6;
    sample();
    log(`ensure: ${created.toLocaleString('en')} meetings in ${(ensureMs / 1000).toFixed(2)} s`);

    t = performance.now();
    c = process.cpuUsage();
    loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const planned = await sweepCycle({ db, clock, queue });
    const sweepMs = ms(t);
    const sweepCpuMs = cpuMs(c);
    loop.disable();
    const sweepLoopMaxMs = loop.max / 1e6;
    sample();
    const enqueued = await countJobs(queue);
    log(`sweep: ${planned.toLocaleString('en')} planned, ${enqueued.toLocaleString('en')} in the queue, ${(sweepMs / 1000).toFixed(2)} s`);
    clearInterval(sampler);
    const redisAfter = await redisUsedBytes(connection);

    // The plan alone at the same clock, to split the sweep into plan and enqueue.
    t = performance.now();
    await planCycleJobs({ now: clock.now() }, { db });
    const planDueMs = ms(t);

    // ensureMeetingsNow again, as at every worker start and each night at 00:05: nothing to create.
    t = performance.now();
    const reensure = await ensureMeetingsNow({ db, clock });
    const reensureMs = ms(t);

    // Same clock again: deterministic ids, so nothing new may be queued.
    t = performance.now();
    const resweepPlanned = await sweepCycle({ db, clock, queue });
    const resweepMs = ms(t);
    const resweepNew = (await countJobs(queue)) - enqueued;
    log(`re-sweep: ${resweepPlanned.toLocaleString('en')} planned, ${resweepNew} new, ${(resweepMs / 1000).toFixed(2)} s`);

    t = performance.now();
    const nothing = await planCycleJobs({ now: new Date(NOTHING_AT) }, { db });
    const planNothingMs = ms(t);
    t = performance.now();
    const horizon = await planCycleJobs({ now: new Date(HORIZON_AT) }, { db });
    const planHorizonMs = ms(t);

    return {
      n,
      seed: seeded,
      ensureMs,
      ensureCpuMs,
      ensureLoopMaxMs,
      meetingsCreated: created,
      sweepMs,
      sweepCpuMs,
      sweepLoopMaxMs,
      planned,
      enqueued,
      jobsPerSec: enqueued / (sweepMs / 1000),
      planDueMs,
      reensureMs,
      reensureCreated: reensure.created,
      resweepMs,
      resweepPlanned,
      resweepNew,
      planNothingMs,
      planNothingJobs: nothing.length,
      planHorizonMs,
      planHorizonJobs: horizon.length,
      peakRssMb: mb(peakRss),
      peakHeapMb: mb(peakHeap),
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      baseRssMb,
      redisMb: mb(redisAfter - redisBefore),
    };
  } finally {
    await queue.close().catch(() => {});
    connection.disconnect();
    const keys = await deletePrefix(prefix).catch((e: unknown) => {
      log(`redis clean-up failed: ${String(e)}`);
      return 0;
    });
    log(`clean-up: ${keys.toLocaleString('en')} Redis keys of ${prefix} deleted`);
    await close();
    await dropScratchDatabase(BENCH_DB);
  }
}

// ---- parent: one child process per N, then the tables ----

function runChild(n: number): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', String(n)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let result: Result | undefined;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('@@RESULT ')) result = JSON.parse(line.slice('@@RESULT '.length)) as Result;
      else process.stdout.write(line + '\n');
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 && result ? resolve(result) : reject(new Error(`bench for N=${n} exited with ${code}`))));
  });
}

const s = (x: number) => (x < 1000 ? `${x.toFixed(0)} ms` : `${(x / 1000).toFixed(2)} s`);
const int = (x: number) => Math.round(x).toLocaleString('en');

function printTable(r: Result) {
  const rows: [string, string][] = [
    ['branches / members / telegram ids', `${int(r.n)} / ${int(r.seed.members)} / ${int(r.seed.identities)}`],
    [
      'seed total (units · members · ids · analyze)',
      `${s(r.seed.totalMs)}  (${s(r.seed.orgUnitsMs)} · ${s(r.seed.membersMs)} · ${s(r.seed.identitiesMs)} · ${s(r.seed.analyzeMs)})`,
    ],
    [
      'ensureMeetingsNow (Nov + Dec)',
      `${s(r.ensureMs)}  — ${int(r.meetingsCreated)} meetings created (node CPU ${s(r.ensureCpuMs)}, longest event-loop stall ${s(r.ensureLoopMaxMs)})`,
    ],
    [
      'sweepCycle @ 26/11 08:00 (plan + enqueue)',
      `${s(r.sweepMs)}  — ${int(r.planned)} planned, ${int(r.enqueued)} in queue (node CPU ${s(r.sweepCpuMs)}, longest event-loop stall ${s(r.sweepLoopMaxMs)})`,
    ],
    ['  of which planCycleJobs alone', s(r.planDueMs)],
    ['  jobs per second (sweep)', int(r.jobsPerSec)],
    ['ensureMeetingsNow again (all exist)', `${s(r.reensureMs)}  — ${int(r.reensureCreated)} created`],
    ['second sweep, same clock', `${s(r.resweepMs)}  — ${int(r.resweepPlanned)} planned, ${int(r.resweepNew)} NEW`],
    ['planCycleJobs @ 10/11 (nothing in horizon)', `${s(r.planNothingMs)}  — ${int(r.planNothingJobs)} jobs`],
    ['planCycleJobs @ 16/11 (all in horizon, none due)', `${s(r.planHorizonMs)}  — ${int(r.planHorizonJobs)} jobs`],
    [
      'peak RSS / heapUsed (50 ms samples)',
      `${r.peakRssMb.toFixed(0)} MB / ${r.peakHeapMb.toFixed(0)} MB  (RSS before ${r.baseRssMb.toFixed(0)} MB, OS maxRSS ${r.maxRssMb.toFixed(0)} MB)`,
    ],
    ['Redis memory for the queued jobs', `${r.redisMb.toFixed(1)} MB`],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  console.log(`\nN = ${int(r.n)} branches`);
  console.log('-'.repeat(w + 50));
  for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);
}

async function main() {
  const childAt = process.argv.indexOf('--child');
  if (childAt >= 0) {
    const result = await runOne(Number(process.argv[childAt + 1]));
    process.stdout.write(`@@RESULT ${JSON.stringify(result)}\n`);
    return;
  }
  const args = process.argv
    .slice(2)
    .filter((a) => /^\d[\d_]*$/.test(a))
    .map((a) => Number(a.replace(/_/g, '')));
  const sizes = args.length ? args : [10_000, 100_000];
  console.log(`meeting-cycle bench — ${new Date().toISOString()}, node ${process.version}, sizes ${sizes.map(int).join(', ')}`);
  const results: Result[] = [];
  for (const n of sizes) {
    console.error(`\n▶ N = ${int(n)}`);
    const t0 = performance.now();
    results.push(await runChild(n));
    console.error(`  (N = ${int(n)} done in ${s(ms(t0))} wall)`);
  }
  for (const r of results) printTable(r);
  if (results.length > 1) {
    const [a, b] = [results[0]!, results[results.length - 1]!];
    const ratio = (x: number, y: number) => `${(y / x).toFixed(1)}×`;
    console.log(
      `\nScaling ${int(a.n)} → ${int(b.n)} branches (${(b.n / a.n).toFixed(0)}× the branches, ${(b.enqueued / Math.max(a.enqueued, 1)).toFixed(1)}× the due jobs):`,
    );
    console.log(
      `  sweep ${ratio(a.sweepMs, b.sweepMs)}, plan ${ratio(a.planDueMs, b.planDueMs)}, ensure ${ratio(a.ensureMs, b.ensureMs)}, ` +
        `plan with nothing in horizon ${ratio(a.planNothingMs, b.planNothingMs)}, seed ${ratio(a.seed.totalMs, b.seed.totalMs)}`,
    );
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
