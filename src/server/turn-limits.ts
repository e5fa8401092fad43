/**
 * Bounded work at the door:
 * - `Admission`: at most `maxConcurrent` activities in work at once, at most `maxQueued` waiting for
 *   a place (each for at most `maxWaitMs`); everything beyond is refused at once (503) before its
 *   body is read, so a flood costs a header parse per request, not memory or a turn;
 * - `KeyedRateLimit`: a token bucket per person (burst, then a steady rate), kept for at most
 *   `maxKeys` people (least recently seen dropped first).
 *
 * Time comes in through `now` (milliseconds), so both are tested without a real clock.
 */

export interface AdmissionLimits {
  maxConcurrent: number;
  maxQueued: number;
  maxWaitMs: number;
}

export type Release = () => void;

export class Admission {
  private active = 0;
  private readonly waiting: Array<{ grant: (release: Release | undefined) => void; timer: NodeJS.Timeout }> = [];

  constructor(private readonly limits: AdmissionLimits) {}

  /** A release function once there is room, or undefined when the server is saturated. */
  async enter(): Promise<Release | undefined> {
    if (this.active < this.limits.maxConcurrent) return this.take();
    if (this.waiting.length >= this.limits.maxQueued) return undefined;
    return new Promise<Release | undefined>((resolve) => {
      const entry = {
        grant: resolve,
        timer: setTimeout(() => {
          const at = this.waiting.indexOf(entry);
          if (at >= 0) this.waiting.splice(at, 1);
          resolve(undefined);
        }, this.limits.maxWaitMs),
      };
      entry.timer.unref();
      this.waiting.push(entry);
    });
  }

  get inWork(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  private take(): Release {
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      const next = this.waiting.shift();
      if (next) {
        clearTimeout(next.timer);
        next.grant(this.take());
      }
    };
  }
}

export interface RateLimits {
  /** Turns a person may send at once before the steady rate applies. */
  burst: number;
  /** Steady turns per second per person. */
  perSecond: number;
  /** People remembered at most (least recently seen forgotten first). */
  maxKeys: number;
}

export class KeyedRateLimit {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limits: RateLimits,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** 0 when the turn may run (a token is taken), else the seconds until the next token. */
  take(key: string): number {
    const now = this.now();
    const { burst, perSecond } = this.limits;
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    this.buckets.delete(key); // re-inserted last: Map order is recency order
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    let wait = 0;
    if (bucket.tokens >= 1) bucket.tokens -= 1;
    else wait = Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
    this.buckets.set(key, bucket);
    while (this.buckets.size > this.limits.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest === undefined) break;
      this.buckets.delete(oldest);
    }
    return wait;
  }

  get size(): number {
    return this.buckets.size;
  }
}
