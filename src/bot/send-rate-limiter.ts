/**
 * The per-app rate of proactive writes (sends and updates) to the Bot Connector, enforced where
 * the requests leave the process: every `ProactiveSender` call takes a slot first. Teams allows a
 * bot about 30–50 writes per second per app and tenant (see `TEAMS_PROACTIVE_LIMITS.perApp`);
 * above that it answers 429 and may block the app for a while.
 *
 * The fan-out planner (src/domain/vpn-fanout.ts) already spreads due times, but a schedule alone
 * cannot keep the rate: jobs planned before a slow transaction committed, retries after a 429 or
 * an outage, and everything else the outbox sends all become due together. So the limit is kept
 * here, whatever the schedule.
 *
 * Guarantee (for each `{ count, perMs }`): no interval of `perMs` ms sees more than `count`
 * requests *arrive* at the connector, however long a request takes on the way. A slot is counted
 * from when it is taken until it is released (the answer came back, or the request failed), and a
 * new slot is given only when the `count`-th last slot was released at least `perMs` ago; a slot
 * still in flight blocks. Since a request arrives between taking and releasing its slot, two
 * arrivals `count` apart are at least `perMs` apart. (Counting from the moment of taking alone
 * would let a request delayed on the way arrive in the next second as the 31st.)
 *
 * Slots are handed out first come, first served. Waiting is short (at most one window, or until a
 * request in flight ends; give requests a time-out), so a caller simply awaits its slot.
 * One limiter per process: with several bot instances give each its share of the app's rate.
 */
import type { RateLimit } from '../domain/vpn-fanout.js';

export interface SendRateLimiterOptions {
  limits: readonly RateLimit[];
  /** Monotonic milliseconds (default `performance.now`). */
  now?: () => number;
  /** Waits `ms` milliseconds (default a timer). */
  sleep?: (ms: number) => Promise<void>;
}

interface Slot {
  /** When it was released; undefined while its request is in flight. */
  releasedAt?: number;
}

/** Gives back a slot; calling it again does nothing. */
export type ReleaseSlot = () => void;

export class SendRateLimiter {
  private readonly limits: readonly RateLimit[];
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** The most recent slots, oldest first; never more than the largest `count`. */
  private readonly slots: Slot[] = [];
  private readonly keep: number;
  private queue: Promise<unknown> = Promise.resolve();
  private released: Array<() => void> = [];
  private taken = 0;
  private waitedMs = 0;

  constructor(options: SendRateLimiterOptions) {
    for (const l of options.limits) {
      if (!Number.isInteger(l.count) || l.count < 1 || !(l.perMs > 0)) throw new RangeError(`a rate limit needs count >= 1 and perMs > 0 (got ${l.count}/${l.perMs})`);
    }
    this.limits = options.limits;
    this.keep = Math.max(0, ...options.limits.map((l) => l.count));
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Waits for a slot (first come, first served); call the result when the request has ended. */
  acquire(): Promise<ReleaseSlot> {
    const turn = this.queue.then(() => this.take());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Runs `request` in a slot and releases it however the request ends. */
  async run<T>(request: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await request();
    } finally {
      release();
    }
  }

  /** Slots given so far and the total time callers waited for them (ms), for logs and tests. */
  stats(): { taken: number; waitedMs: number; inFlight: number } {
    return { taken: this.taken, waitedMs: Math.round(this.waitedMs), inFlight: this.slots.filter((s) => s.releasedAt === undefined).length };
  }

  private async take(): Promise<ReleaseSlot> {
    const started = this.now();
    for (;;) {
      const now = this.now();
      let waitMs = 0;
      let blocked = false;
      for (const l of this.limits) {
        const kth = this.slots[this.slots.length - l.count];
        if (kth === undefined) continue;
        if (kth.releasedAt === undefined) blocked = true;
        else waitMs = Math.max(waitMs, kth.releasedAt + l.perMs - now);
      }
      if (!blocked && waitMs <= 0) break;
      if (blocked) await new Promise<void>((resolve) => this.released.push(resolve));
      else await this.sleep(waitMs);
    }
    const slot: Slot = {};
    this.slots.push(slot);
    if (this.slots.length > this.keep) this.slots.splice(0, this.slots.length - this.keep);
    this.taken++;
    this.waitedMs += this.now() - started;
    return () => {
      if (slot.releasedAt !== undefined) return;
      slot.releasedAt = this.now();
      const waiting = this.released;
      this.released = [];
      for (const wake of waiting) wake();
    };
  }
}
