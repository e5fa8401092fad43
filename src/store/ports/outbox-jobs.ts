/**
 * Port of the outbox inside a transaction: side effects queued atomically with the data that
 * caused them. Claiming, completing and failing jobs is the worker's API on `Store`.
 */
import type { NewOutboxJob, OutboxJob, OutboxStatus } from '../store.js';

export interface OutboxJobReader {
  /** The job with this id; undefined when unknown (or pruned after it was done). */
  getJob(id: string): Promise<OutboxJob | undefined>;
  /** Jobs, optionally of one status and/or type, oldest first. */
  listJobs(filter?: { status?: OutboxStatus; type?: string }): Promise<OutboxJob[]>;
}

export interface OutboxJobWriter {
  /**
   * Queue a side effect to run after this transaction commits. Resolves to the (frozen) job; a
   * job with the same `dedupeKey` already stored or queued is returned instead of a new one.
   */
  enqueue(job: NewOutboxJob): Promise<OutboxJob>;
}
