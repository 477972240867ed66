import { performance } from 'node:perf_hooks';
import type { Redis } from 'ioredis';

// Send slots shared by every process that calls one platform, kept in Redis so they agree.
//
// A slot is only as good as the moment the call is made. A process starved of CPU (or a timer
// that fires late) would otherwise call long after its slot and land next to the following
// one, and the platform counts arrivals in a sliding window. So a slot is honoured only within
// a small tolerance after its time; a caller later than that lets it go and takes a new one.
// Callers wait for their slot right before the HTTP call (see ChatGateway.send's `pace`), not
// before the database work that prepares a message.

/** A platform's budget: at most `count` calls in any sliding window of `windowMs`. */
export type Rate = { count: number; windowMs: number };

export const perSecond = (count: number): Rate => ({ count, windowMs: 1_000 });
export const perMinute = (count: number): Rate => ({ count, windowMs: 60_000 });

/** How late after its slot a call may still be made; a later caller takes a new slot. */
export const LATE_TOLERANCE_US = 10_000;

/**
 * How much later one call may reach the platform than the one `count` slots after it, on top of
 * being late by the tolerance: the time between our check and the platform's count (building
 * the request, the event loop, the network). A thinner margin (17 ms at 30/s) drew 429s from a
 * server enforcing 30/s while the test process was busy; 40 ms costs 3% of the rate.
 */
export const ARRIVAL_JITTER_US = 40_000;

/**
 * The gap between two slots, in microseconds, so that count + 1 slots span the window plus the
 * tolerance plus the jitter. BullMQ's own limiter counts fixed windows and lets twice the rate
 * through across a boundary; the bench measured 94% of Telegram's 30/s that way, this paces at
 * 95% with no 429.
 */
export function paceIntervalUs({ count, windowMs }: Rate): number {
  return Math.ceil((windowMs * 1000 + LATE_TOLERANCE_US + ARRIVAL_JITTER_US) / Math.max(1, count));
}

// Reserve the next send slot atomically, on Redis' clock; no slot falls inside a pause the
// platform asked for (KEYS[2], set on a 429). A reply (ARGV[2] = 'interactive') always takes
// the next free slot, however far ahead the queue reaches. A broadcast ('bulk') takes one only
// within a short lookahead (ARGV[3]): otherwise it reserves nothing and is told when to ask again,
// so a reply waits behind at most that much of a broadcast.
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local last = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, last + interval)
local paused = redis.call('PTTL', KEYS[2])
if paused > 0 then slot = math.max(slot, now + paused * 1000) end
local lookahead = tonumber(ARGV[3])
if ARGV[2] == 'bulk' and slot > now + lookahead then return { tostring(slot - lookahead - now), '0' } end
redis.call('SET', KEYS[1], tostring(slot), 'PX', 60000)
return { tostring(slot - now), '1' }`;

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * How far ahead a broadcast call may reserve (at least one slot): what a reply may wait behind.
 * One slot was too little: a broadcast caller woken a little late left its slot unused, and at
 * 30/s the lane fell from 95% to 89% of the limit.
 */
export const BULK_LOOKAHEAD_US = 150_000;

/** After this many late slots in a row the caller goes with the last one rather than spin. */
const MAX_LATE_SLOTS = 8;
/**
 * A reply gives up a late slot once at most. Its new slot is at the end of the queue, which at
 * the platform's limit is seconds away: eight re-queues held one reply 11 s (bench:replies).
 * Going late risks a 429 only when the queue is full and the call is over 50 ms late.
 */
const MAX_LATE_SLOTS_INTERACTIVE = 1;

/** Replies to people go first; broadcasts fill the slots replies leave. */
export type PacePriority = 'interactive' | 'bulk';

export type Pacer = {
  /** Resolves at this caller's slot; call the platform straight after. */
  pace(priority?: PacePriority): Promise<void>;
  /** A 429's retry_after: holds back every caller, including those already waiting. */
  pauseFor(ms: number): Promise<void>;
};

export function createPacer({
  connection,
  key,
  rate,
  sleep = defaultSleep,
  now = () => performance.now(),
}: {
  connection: Redis;
  key: string;
  rate: Rate;
  /** Injected so a test can starve a caller on purpose (a timer that fires late). */
  sleep?: (ms: number) => Promise<void>;
  /** A monotonic clock in milliseconds. */
  now?: () => number;
}): Pacer {
  const intervalUs = paceIntervalUs(rate);
  const interval = String(intervalUs);
  const lookahead = String(Math.max(intervalUs, BULK_LOOKAHEAD_US));
  const toleranceMs = LATE_TOLERANCE_US / 1000;
  const pausedKey = `${key}:paused`;
  return {
    async pace(priority: PacePriority = 'interactive') {
      for (let late = 0; ;) {
        const asked = now();
        const [waitUs, reserved] = (await connection.eval(RESERVE, 2, key, pausedKey, interval, priority, lookahead)) as [string, string];
        const answered = now();
        const waitMs = Number(waitUs) / 1000;
        if (reserved !== '1') {
          await sleep(Math.max(1, waitMs)); // replies are queued ahead: ask again when they have gone
          continue;
        }
        // Redis read its clock somewhere between asking and the answer, so the slot lies in
        // [asked + wait, answered + wait]: wait for its latest possible time, and count lateness
        // from its earliest.
        const due = answered + waitMs;
        // A slot free at once (nobody queued): the one before it is an interval or more ago, and a
        // slow answer only narrows the gap to the next, which the jitter margin covers. Checking
        // lateness here made every reply on a busy machine reserve again and again (9 evals).
        if (waitMs < 0.5) return;
        if (due - now() > 0.5) {
          await sleep(due - now());
          // The reservation saw any pause set before it; one may have been set while we waited.
          const paused = await connection.pttl(pausedKey);
          if (paused > 0) {
            await sleep(paused); // a 429 arrived while we waited: take a new slot after the pause
            continue;
          }
        }
        const maxLate = priority === 'interactive' ? MAX_LATE_SLOTS_INTERACTIVE : MAX_LATE_SLOTS;
        if (now() <= asked + waitMs + toleranceMs || late++ >= maxLate) return;
      }
    },
    async pauseFor(ms: number) {
      await connection.set(pausedKey, '1', 'PX', Math.max(1, Math.round(ms)));
    },
  };
}
