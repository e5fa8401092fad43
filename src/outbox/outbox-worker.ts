/**
 * Runs outbox jobs: claims due jobs from the store, runs the handler for each job's type and
 * records the outcome.
 *
 * - success → `completeJob(id, now, result)` (e.g. the activity id a send returned)
 * - error with `permanent === true` (PermanentSendError and friends) → dead at once
 * - other errors → pending again after exponential back-off with jitter; an error carrying a
 *   numeric `retryAfterMs` (TransientSendError on 429 / 503) is honoured: never earlier than that
 * - `maxAttempts` reached, or no handler for the type → dead; except an error with `waiting === true`
 *   (the job waits for something outside our control, e.g. the user to install the app): it is
 *   retried at its `retryAfterMs` however often it failed, and never dead-lettered for that
 *
 * `job.attempts` counts the failed runs recorded so far (the store increments it in `failJob`),
 * so the run in progress is attempt `job.attempts + 1`.
 *
 * Logs carry job id, type, attempts and error codes; never payloads.
 */
import { errorFields, type Logger } from '../observability/logger.js';
import type { OutboxJob, Store } from '../store/store.js';

export type OutboxHandler = (job: OutboxJob) => Promise<unknown>;
export type OutboxHandlers = Record<string, OutboxHandler>;

/** The part of the Store the worker uses. */
export type OutboxStore = Pick<Store, 'claimDueJobs' | 'completeJob' | 'failJob' | 'nextDueAt'>;

export interface OutboxWorkerOptions {
  /** How long a job may wait for its recipient (`waiting` errors) before it is dead-lettered. Default 14 days. */
  maxWaitMs?: number;
  /** Longest sleep between polls (ms). Default 1000. */
  pollMs?: number;
  /** Jobs claimed per round. Default 10. */
  batchSize?: number;
  /** Runs per job before it is dead. Default 8. */
  maxAttempts?: number;
  /** First retry delay (ms). Default 2000. */
  baseDelayMs?: number;
  /** Largest back-off delay (ms); a longer Retry-After still wins. Default 15 min. */
  maxDelayMs?: number;
  /** How long a claim locks a job (ms). Default 2 min. */
  lockMs?: number;
  /** Jobs of one batch run at the same time. Default 1 (in claim order). */
  concurrency?: number;
  now?: () => Date;
  /** In [0, 1); for the jitter. */
  random?: () => number;
}

type ResolvedOptions = Required<OutboxWorkerOptions>;

export type JobOutcome = 'done' | 'retry' | 'dead';

export class OutboxWorker {
  private readonly options: ResolvedOptions;
  private running = false;
  private loopPromise: Promise<void> | undefined;
  private inFlight: Promise<number> | undefined;
  private wake: (() => void) | undefined;
  private notified = false;

  constructor(
    private readonly store: OutboxStore,
    private readonly handlers: OutboxHandlers,
    private readonly logger: Logger,
    options: OutboxWorkerOptions = {},
  ) {
    this.options = {
      pollMs: options.pollMs ?? 1000,
      batchSize: options.batchSize ?? 10,
      maxAttempts: options.maxAttempts ?? 8,
      baseDelayMs: options.baseDelayMs ?? 2000,
      maxDelayMs: options.maxDelayMs ?? 15 * 60_000,
      lockMs: options.lockMs ?? 2 * 60_000,
      concurrency: Math.max(1, options.concurrency ?? 1),
      now: options.now ?? (() => new Date()),
      random: options.random ?? Math.random,
      maxWaitMs: options.maxWaitMs ?? 14 * 86_400_000,
    };
  }

  /** Starts the polling loop (idempotent). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopPromise = this.loop();
  }

  /** Stops polling and waits for the batch in flight to finish (graceful shutdown). */
  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp();
    await this.loopPromise;
    this.loopPromise = undefined;
    if (this.inFlight) await settled(this.inFlight);
  }

  /** Wake the loop now (call after a transaction enqueued jobs). */
  notify(): void {
    this.notified = true;
    this.wakeUp();
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Claims and runs one batch; resolves with the number of jobs run. Batches never overlap. */
  async runOnce(): Promise<number> {
    while (this.inFlight) await settled(this.inFlight);
    const batch = this.runBatch();
    this.inFlight = batch;
    try {
      return await batch;
    } finally {
      this.inFlight = undefined;
    }
  }

  /** Delay before the next run after `attempt` failed runs (1-based), before Retry-After. */
  backoffMs(attempt: number): number {
    const { baseDelayMs, maxDelayMs, random } = this.options;
    const exp = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
    // "Equal jitter": half fixed, half random, so retries of many jobs spread out.
    return Math.round(exp / 2 + (exp / 2) * random());
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let ran = 0;
      try {
        ran = await this.runOnce();
      } catch (err) {
        this.logger.error('outbox_poll_failed', errorFields(err));
      }
      if (!this.running) break;
      if (ran >= this.options.batchSize) continue; // more may be due: no sleep
      await this.sleep(await this.sleepMs());
    }
  }

  private async sleepMs(): Promise<number> {
    const { pollMs, now } = this.options;
    try {
      const next = await this.store.nextDueAt();
      if (next === undefined) return pollMs;
      const ms = Date.parse(next) - now().getTime();
      return Number.isNaN(ms) ? pollMs : Math.min(pollMs, Math.max(0, ms));
    } catch (err) {
      this.logger.warn('outbox_next_due_failed', errorFields(err));
      return pollMs;
    }
  }

  private async sleep(ms: number): Promise<void> {
    if (this.notified || !this.running) {
      this.notified = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
    this.wake = undefined;
    this.notified = false;
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private async runBatch(): Promise<number> {
    const { now, lockMs, batchSize, concurrency } = this.options;
    const claimedAt = now();
    const jobs = await this.store.claimDueJobs(
      claimedAt.toISOString(),
      new Date(claimedAt.getTime() + lockMs).toISOString(),
      batchSize,
    );
    if (jobs.length === 0) return 0;
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < jobs.length) {
        const job = jobs[next++];
        if (job) await this.runJob(job);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, lane));
    return jobs.length;
  }

  /** Runs one claimed job and records the outcome; never throws. */
  private async runJob(job: OutboxJob): Promise<JobOutcome> {
    const { now } = this.options;
    const attempt = job.attempts + 1;
    const ids = { jobId: job.id, jobType: job.type, attempt };
    const handler = Object.hasOwn(this.handlers, job.type) ? this.handlers[job.type] : undefined;
    if (!handler) {
      this.logger.error('outbox_job_dead', { ...ids, reason: 'unknown_type' });
      await this.record(job, () => this.store.failJob(job.id, `No handler for job type "${job.type}"`, now().toISOString(), true));
      return 'dead';
    }
    const started = Date.now();
    let result: unknown;
    try {
      result = await handler(job);
    } catch (err) {
      return this.fail(job, attempt, err, Date.now() - started);
    }
    this.logger.info('outbox_job_done', { ...ids, durationMs: Date.now() - started });
    await this.record(job, () => this.store.completeJob(job.id, now().toISOString(), result));
    return 'done';
  }

  private async fail(job: OutboxJob, attempt: number, err: unknown, durationMs: number): Promise<JobOutcome> {
    const { now, maxAttempts } = this.options;
    const ids = { jobId: job.id, jobType: job.type, attempt, durationMs };
    const description = describeError(err);
    const failedAt = now();
    const waitedTooLong =
      isWaiting(err) && failedAt.getTime() - Date.parse(job.createdAt) > this.options.maxWaitMs;
    if (isPermanent(err) || waitedTooLong || (attempt >= maxAttempts && !isWaiting(err))) {
      const reason = isPermanent(err) ? 'permanent_error' : waitedTooLong ? 'waited_too_long' : 'max_attempts';
      this.logger.error('outbox_job_dead', { ...ids, reason, ...errorFields(err) });
      await this.record(job, () => this.store.failJob(job.id, description, failedAt.toISOString(), true));
      return 'dead';
    }
    const retryAfterMs = retryAfterOf(err);
    const backoff = this.backoffMs(attempt);
    const delayMs = retryAfterMs === undefined ? backoff : Math.max(retryAfterMs, Math.min(backoff, retryAfterMs + 1000));
    const dueAt = new Date(failedAt.getTime() + delayMs).toISOString();
    this.logger.warn('outbox_job_retry', { ...ids, delayMs, retryAfterMs, ...errorFields(err) });
    await this.record(job, () => this.store.failJob(job.id, description, dueAt, false));
    return 'retry';
  }

  /** Store errors while recording an outcome are logged; the lock expires and the job runs again. */
  private async record(job: OutboxJob, write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (err) {
      this.logger.error('outbox_record_failed', { jobId: job.id, jobType: job.type, ...errorFields(err) });
    }
  }
}

/** PermanentSendError-like: any error with `permanent === true`. */
export function isPermanent(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { permanent?: unknown }).permanent === true;
}

/** NoConversationError-like: any error with `waiting === true` (retry, never dead for attempts). */
export function isWaiting(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { waiting?: unknown }).waiting === true;
}

/** TransientSendError-like: a finite, non-negative numeric `retryAfterMs`. */
export function retryAfterOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const value = (err as { retryAfterMs?: unknown }).retryAfterMs;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Waits for a promise without taking over its rejection (someone else handles that). */
async function settled(promise: Promise<unknown>): Promise<void> {
  try {
    await promise;
  } catch {
    // reported to the caller that started it
  }
}

function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const status = (err as { status?: unknown }).status;
    const parts = [err.name];
    if (typeof code === 'string') parts.push(code);
    if (typeof status === 'number') parts.push(`HTTP ${status}`);
    return `${parts.join(' ')}: ${err.message}`.slice(0, 500);
  }
  return `Non-error thrown: ${typeof err}`;
}
