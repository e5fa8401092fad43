/**
 * At most N requests at a time per mailbox (Outlook allows 4 concurrent requests per mailbox;
 * a fifth is answered 429 "ApplicationThrottled / MailboxConcurrency"). Callers wait in FIFO
 * order for a slot. Idle mailboxes leave no state behind.
 */
export class MailboxLimiter {
  private readonly active = new Map<string, number>();
  private readonly queues = new Map<string, Array<() => void>>();

  constructor(readonly perMailbox = 4) {}

  /** Runs `fn` holding one slot of every mailbox in `mailboxes` (taken in sorted order: no deadlock). */
  async run<T>(mailboxes: readonly string[], fn: () => Promise<T>): Promise<T> {
    const keys = [...new Set(mailboxes.map((m) => m.toLowerCase()))].sort();
    const held: string[] = [];
    try {
      for (const key of keys) {
        await this.acquire(key);
        held.push(key);
      }
      return await fn();
    } finally {
      for (const key of held.reverse()) this.release(key);
    }
  }

  /** Requests running now for this mailbox (tests, diagnostics). */
  inFlight(mailbox: string): number {
    return this.active.get(mailbox.toLowerCase()) ?? 0;
  }

  private async acquire(key: string): Promise<void> {
    const n = this.active.get(key) ?? 0;
    if (n < this.perMailbox) {
      this.active.set(key, n + 1);
      return;
    }
    await new Promise<void>((resolve) => {
      const queue = this.queues.get(key) ?? [];
      queue.push(resolve);
      this.queues.set(key, queue);
    });
    // The releasing caller handed its slot over: the count stays as it was.
  }

  private release(key: string): void {
    const queue = this.queues.get(key);
    const next = queue?.shift();
    if (queue && queue.length === 0) this.queues.delete(key);
    if (next) {
      next();
      return;
    }
    const n = (this.active.get(key) ?? 1) - 1;
    if (n <= 0) this.active.delete(key);
    else this.active.set(key, n);
  }
}

/**
 * At most `max` requests per mailbox in any `windowMs` (Outlook: 10,000 per 10 minutes), counted in
 * ten buckets per window (so the window slides in tenths). `take` counts a request for every
 * mailbox, or, when one of them is at its limit, counts nothing and returns how long to wait.
 */
export class MailboxRate {
  private readonly buckets = new Map<string, { start: number; counts: number[] }>();
  private readonly bucketMs: number;

  constructor(
    readonly max: number,
    readonly windowMs: number,
  ) {
    this.bucketMs = Math.max(1, Math.floor(windowMs / 10));
  }

  take(mailboxes: readonly string[], nowMs: number): number {
    const keys = [...new Set(mailboxes.map((m) => m.toLowerCase()))];
    const slot = Math.floor(nowMs / this.bucketMs);
    let wait = 0;
    for (const key of keys) {
      const b = this.current(key, slot);
      if (b.counts.reduce((a, c) => a + c, 0) >= this.max) {
        // The oldest non-empty bucket leaves the window at its end.
        const oldest = b.counts.findIndex((c) => c > 0);
        wait = Math.max(wait, (b.start + oldest + 10) * this.bucketMs - nowMs);
      }
    }
    if (wait > 0) return wait;
    for (const key of keys) {
      const b = this.current(key, slot);
      b.counts[9] = (b.counts[9] ?? 0) + 1;
    }
    return 0;
  }

  /** The mailbox's ten buckets ending with `slot` (older ones dropped); idle mailboxes are forgotten. */
  private current(key: string, slot: number): { start: number; counts: number[] } {
    let b = this.buckets.get(key);
    const start = slot - 9;
    if (!b) {
      b = { start, counts: new Array<number>(10).fill(0) };
      this.buckets.set(key, b);
      if (this.buckets.size > 10_000) this.forgetIdle(start);
      return b;
    }
    const shift = start - b.start;
    if (shift > 0) {
      b.counts = shift >= 10 ? new Array<number>(10).fill(0) : [...b.counts.slice(shift), ...new Array<number>(shift).fill(0)];
      b.start = start;
    }
    return b;
  }

  private forgetIdle(start: number): void {
    for (const [key, b] of this.buckets) if (b.start + 9 < start) this.buckets.delete(key);
  }
}
