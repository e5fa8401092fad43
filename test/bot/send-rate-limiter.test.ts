import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SendRateLimiter } from '../../src/bot/send-rate-limiter.js';

/** A virtual clock: `sleep` moves it forward at once, so the tests never wait for real time. */
function virtualTime(): { now: () => number; sleep: (ms: number) => Promise<void>; advance: (ms: number) => void } {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms) => {
      t += ms;
      await Promise.resolve();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

/** The most events in any half-open window [x, x + perMs). */
function maxInWindow(times: readonly number[], perMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (j < sorted.length && sorted[j]! < sorted[i]! + perMs) j++;
    max = Math.max(max, j - i);
  }
  return max;
}

describe('send rate limiter (per-app rate of proactive writes)', () => {
  it('when 100 writes come one after the other at 30/s, then they get slots in 30s, one window apart', async () => {
    const clock = virtualTime();
    const limiter = new SendRateLimiter({ limits: [{ count: 30, perMs: 1_000 }], now: clock.now, sleep: clock.sleep });
    const at: number[] = [];
    for (let i = 0; i < 100; i++) await limiter.run(async () => void at.push(clock.now()));
    assert.equal(at.length, 100);
    assert.equal(maxInWindow(at, 1_000), 30);
    assert.deepEqual([0, 29, 30, 59, 60, 99].map((i) => at[i]), [0, 0, 1_000, 1_000, 2_000, 3_000]);
    assert.equal(limiter.stats().taken, 100);
  });

  it('when 100 writes are due at once, then the slots are given first come, first served and within the limit', async () => {
    const clock = virtualTime();
    const limiter = new SendRateLimiter({ limits: [{ count: 30, perMs: 1_000 }], now: clock.now, sleep: clock.sleep });
    const order: number[] = [];
    const at: number[] = [];
    await Promise.all(Array.from({ length: 100 }, (_, i) => limiter.run(async () => {
      order.push(i);
      at.push(clock.now());
    })));
    assert.deepEqual(order, Array.from({ length: 100 }, (_, i) => i));
    assert.ok(maxInWindow(at, 1_000) <= 30);
  });

  it('when the oldest counted write is still in flight, then the next waits for its end and a whole window after it', async () => {
    const clock = virtualTime();
    const limiter = new SendRateLimiter({ limits: [{ count: 2, perMs: 100 }], now: clock.now, sleep: clock.sleep });
    const first = await limiter.acquire();
    const second = await limiter.acquire();
    let third = false;
    const pending = limiter.acquire().then((release) => {
      third = true;
      return release;
    });
    for (let i = 0; i < 5; i++) await Promise.resolve();
    assert.equal(third, false, 'two in flight: no third slot');
    clock.advance(250);
    first();
    first(); // a second release changes nothing
    const release = await pending;
    assert.equal(clock.now(), 350, 'given one window after the first ended, not after it started');
    second();
    release();
    assert.equal(limiter.stats().inFlight, 0);
  });

  it('property: however long each request takes on the way, no window of 1 s sees more than the limit arrive (counting from the start alone would let the 31st through)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ gapMs: fc.integer({ min: 0, max: 80 }), durationMs: fc.integer({ min: 0, max: 400 }), arrival: fc.double({ min: 0, max: 1, noNaN: true }) }), { minLength: 1, maxLength: 120 }),
        fc.integer({ min: 1, max: 30 }),
        async (requests, perSecond) => {
          const clock = virtualTime();
          const limiter = new SendRateLimiter({ limits: [{ count: perSecond, perMs: 1_000 }], now: clock.now, sleep: clock.sleep });
          const arrivals: number[] = [];
          for (const r of requests) {
            clock.advance(r.gapMs);
            await limiter.run(async () => {
              // the request reaches the connector somewhere between taking and releasing its slot
              arrivals.push(clock.now() + r.arrival * r.durationMs);
              clock.advance(r.durationMs);
            });
          }
          assert.ok(maxInWindow(arrivals, 1_000) <= perSecond, `${maxInWindow(arrivals, 1_000)} arrivals within 1 s (limit ${perSecond})`);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('refuses a limit of 0', () => {
    assert.throws(() => new SendRateLimiter({ limits: [{ count: 0, perMs: 1_000 }] }), RangeError);
  });
});
