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
