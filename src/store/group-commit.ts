/**
 * Group commit for the lowdb journal: transactions hand over their journal line and are answered
 * once it is fsync'd; lines that arrive while a write + fsync is under way are written together
 * by the next one (one fsync for all of them). Lines are written in the order they were added,
 * which is the order of their seq. After a failed write every pending and later line fails too
 * (the store then refuses all work: the journal's state on disk is uncertain).
 */
import type { JournalWriter } from './journal.js';

interface Waiter {
  seq: number;
  resolve: () => void;
  reject: (e: Error) => void;
}

export class GroupCommit {
  private queue: { seq: number; line: string }[] = [];
  private waiters: Waiter[] = [];
  private writing: Promise<void> | undefined;
  private failure: Error | undefined;
  /** Highest seq whose line is durable. */
  durableSeq: number;
  /** Highest seq handed to `add`. */
  private addedSeq: number;
  /** Lines per fsync, for diagnostics. */
  batches = 0;
  lines = 0;

  constructor(
    private readonly journal: () => JournalWriter,
    startSeq: number,
    private readonly onFailure: (e: Error) => void,
  ) {
    this.durableSeq = startSeq;
    this.addedSeq = startSeq;
  }

  /** Queues a line (seq strictly increasing); the write starts at once unless one is under way. */
  add(seq: number, line: string): void {
    if (this.failure) throw this.failure;
    this.queue.push({ seq, line });
    this.addedSeq = seq;
    if (!this.writing) this.writing = this.flushLoop();
  }

  /** Resolves when every line up to `seq` is durable; rejects when the journal write failed. */
  durable(seq: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (seq <= this.durableSeq) return Promise.resolve();
    return new Promise<void>((resolve, reject) => this.waiters.push({ seq, resolve, reject }));
  }

  /** Resolves when everything added so far is durable (or failed). */
  async drain(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        try {
          await this.journal().append(batch.map((b) => b.line));
        } catch (e) {
          const err = e instanceof Error ? e : new Error(String(e));
          this.failure = err;
          this.onFailure(err);
          for (const w of this.waiters.splice(0)) w.reject(err);
          this.queue = [];
          return;
        }
        this.batches++;
        this.lines += batch.length;
        this.durableSeq = (batch[batch.length - 1] as { seq: number }).seq;
        const still: Waiter[] = [];
        for (const w of this.waiters) {
          if (w.seq <= this.durableSeq) w.resolve();
          else still.push(w);
        }
        this.waiters = still;
      }
    } finally {
      this.writing = undefined;
    }
  }

  get pendingSeq(): number {
    return this.addedSeq;
  }
}
