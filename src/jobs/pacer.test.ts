import { performance } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createTestRedis } from '../../test/support/test-redis.js';
import { ARRIVAL_JITTER_US, LATE_TOLERANCE_US, createPacer, paceIntervalUs, perMinute, perSecond, type Rate } from './pacer.js';
import { createRedis } from './redis.js';

// The pacer against a real Redis. A starved process is played by a sleep that wakes up late:
// exactly what a worker short of CPU sees between taking its slot and making its call.
let redis: ReturnType<typeof createTestRedis>;
const connections: ReturnType<typeof createRedis>[] = [];
beforeEach(() => {
  redis = createTestRedis();
});
afterEach(async () => {
  for (const c of connections.splice(0)) c.disconnect();
  await redis.cleanup();
});

function pacer(rate: Rate, sleep?: (ms: number) => Promise<void>) {
  const connection = createRedis(redis.url);
  connections.push(connection);
  return createPacer({ connection, key: `${redis.prefix}:pace:test`, rate, ...(sleep ? { sleep } : {}) });
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The most calls in any window of `windowMs` (calls at their times in ms). */
const peak = (at: number[], windowMs: number) => Math.max(0, ...at.map((a) => at.filter((b) => b >= a && b < a + windowMs).length));

describe('the spacing of send slots', () => {
  test('count + 1 slots span the window with room for a late call and for the network', () => {
    for (const rate of [
      perSecond(2),
      perSecond(10),
      perSecond(25),
      perSecond(30),
      perSecond(1000),
      perMinute(30),
      perMinute(4000),
      perMinute(1),
    ]) {
      const span = rate.count * paceIntervalUs(rate);
      expect(span - LATE_TOLERANCE_US).toBeGreaterThanOrEqual(rate.windowMs * 1000 + ARRIVAL_JITTER_US);
    }
    expect(ARRIVAL_JITTER_US).toBeGreaterThanOrEqual(40_000);
  });

  test('the configured rate is nearly reached', () => {
    for (const rate of [perSecond(10), perSecond(30), perSecond(100), perMinute(30), perMinute(4000)]) {
      expect((rate.windowMs * 1000) / paceIntervalUs(rate)).toBeGreaterThanOrEqual(rate.count * 0.94);
    }
  });
});

describe('pacing callers that share one budget', () => {
  test('a broadcast caller that wakes up late lets its slot go: no sliding second ever holds more than the rate', async () => {
    const rate = perSecond(10);
    // One process runs normally; the other is starved: every other wake-up comes 150 ms late.
    let wakeUps = 0;
    const starved = pacer(rate, async (ms) => realSleep(ms + (wakeUps++ % 2 === 0 ? 150 : 0)));
    const healthy = pacer(rate);
    const calls: number[] = [];
    const caller = async (p: ReturnType<typeof pacer>, n: number) => {
      for (let i = 0; i < n; i++) {
        await p.pace('bulk');
        calls.push(performance.now());
      }
    };
    // Four callers in each process, as a worker runs several jobs at once.
    await Promise.all([...Array.from({ length: 4 }, () => caller(starved, 4)), ...Array.from({ length: 4 }, () => caller(healthy, 4))]);
    expect(calls).toHaveLength(32);
    expect(wakeUps).toBeGreaterThan(4);
    expect(peak(calls, 1000)).toBeLessThanOrEqual(10);
  }, 30_000);

  test('a reply that keeps waking up late gives its slot up once, then goes: it is not sent to the back again and again', async () => {
    const queued = pacer(perSecond(10));
    let wakeUps = 0;
    const starved = pacer(perSecond(10), async (ms) => {
      wakeUps++;
      await realSleep(ms + 150); // every wake-up 150 ms late
    });
    await queued.pace(); // connected
    // Another sender keeps the queue busy, so every new slot of the reply is one to wait for.
    const busy = (async () => {
      for (let i = 0; i < 12; i++) await queued.pace();
    })();
    await realSleep(50);
    await starved.pace('interactive');
    await busy;
    expect(wakeUps).toBe(2); // its slot, late; a new one, late again; then it goes
  });

  test('a 429 pause holds back a caller already waiting for its slot', async () => {
    const p = pacer(perSecond(10));
    await p.pace();
    const waiting = p.pace();
    await p.pauseFor(400);
    const started = performance.now();
    await waiting;
    expect(performance.now() - started).toBeGreaterThanOrEqual(350);
  });

  test('a reply overtakes a broadcast in full flow, and the two together stay within the rate', async () => {
    const p = pacer(perSecond(20));
    await p.pace(); // connected: a first answer's delay would otherwise count as lateness
    const calls: { at: number; who: string }[] = [];
    let broadcasting = true;
    // Sixteen broadcast callers, as a bulk worker runs sixteen jobs at once.
    const bulk = Array.from({ length: 16 }, async () => {
      while (broadcasting) {
        await p.pace('bulk');
        calls.push({ at: performance.now(), who: 'bulk' });
      }
    });
    await realSleep(400);
    const asked = calls.length;
    await p.pace('interactive');
    calls.push({ at: performance.now(), who: 'reply' });
    const overtaken = calls.length - 1 - asked; // broadcast calls made while the reply waited
    await realSleep(200);
    broadcasting = false;
    await Promise.all(bulk);
    expect(asked).toBeGreaterThan(4); // the broadcast was flowing
    // Without priority the reply would wait behind the sixteen slots already reserved.
    expect(overtaken).toBeLessThanOrEqual(4); // what the broadcast may reserve ahead: 150 ms
    expect(
      peak(
        calls.map((c) => c.at),
        1000,
      ),
    ).toBeLessThanOrEqual(20);
  }, 30_000);
});
