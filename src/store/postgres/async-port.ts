/**
 * The asynchronous shape of the store port this adapter implements: every reader and tx method
 * keeps its name and parameters and returns a promise of its old result; records handed out are
 * immutable (deep-frozen). Until the port itself is asynchronous (issue 10, item 1), these mapped
 * types stand in for it; afterwards they are the port's own interfaces.
 */
import type { JobTypeFilter, OutboxJob, RecordMaintenance, StoreReader, StoreTx } from '../store.js';

type Promised<T> = { [K in keyof T]: T[K] extends (...a: infer A) => infer R ? (...a: A) => Promise<Awaited<R>> : never };

export type AsyncReader = Promised<StoreReader>;
export type AsyncTx = Promised<StoreTx>;

export interface AsyncStore {
  transact<T>(fn: (tx: AsyncTx) => T | Promise<T>): Promise<T>;
  read<T>(fn: (reader: AsyncReader) => T | Promise<T>): Promise<T>;
  claimDueJobs(now: string, lockUntil: string, limit: number, filter?: JobTypeFilter): Promise<OutboxJob[]>;
  completeJob(id: string, doneAt: string, result?: unknown): Promise<void>;
  failJob(id: string, error: string, nextDueAt: string, dead: boolean): Promise<void>;
  nextDueAt(filter?: JobTypeFilter): Promise<string | undefined>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type AsyncMaintainableStore = AsyncStore & RecordMaintenance;
