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
 * - error with `blocksLane === true` (a configuration error that hits every job of the lane alike,
 *   e.g. Entra refusing the client secret): the job goes back (never dead for that), and its LANE
 *   stops: it claims nothing until `retryAfterMs` (or 1 min, doubling up to 15 min), then runs one
 *   job as a probe; a success resumes it. Blocking and resuming are logged once each
 *   (`outbox_lane_blocked` / `outbox_lane_resumed`), and `laneStatus()` tells /readyz.
 *
 * Lanes: jobs are claimed per lane (a set of job types) and each lane has its own concurrency and
 * an optional start rate, so a hanging Microsoft Graph occupies the Graph lanes only and a Teams
 * message never waits behind a calendar call (see src/outbox/lanes.ts). Without `lanes`, one lane
 * takes every type (`concurrency` jobs at a time), as before. Each lane runs its own loop: it
 * claims as many due jobs as it has free slots, starts them, and claims again when a slot frees.
 *
 * Logs carry job id, type, attempts and error codes; never payloads.
 */
import { errorFields, type Logger } from '../observability/logger.js';
import type { JobTypeFilter, OutboxJob, Store } from '../store/store.js';

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
  /** Jobs of one batch run at the same time. Default 1 (in claim order). Without `lanes` only. */
  concurrency?: number;
  /** Lanes (job types, concurrency, rate); the last lane without `types` takes every other type. */
  lanes?: LaneSpec[];
  /** First pause of a lane blocked by a configuration error (ms). Default 60 s, doubling up to 15 min. */
  blockedProbeMs?: number;
  now?: () => Date;
  /** In [0, 1); for the jitter. */
  random?: () => number;
}

export interface LaneSpec {
  name: string;
  /** The job types of this lane; absent: every type no other lane names (one such lane at most). */
  types?: readonly string[];
  /** Jobs of this lane running at the same time. */
  concurrency: number;
  /** At most `max` job starts in any window of `perMs` (e.g. Teams: 30 per 1000 ms per app). */
  rate?: { max: number; perMs: number };
}

export interface LaneStatus {
  name: string;
  running: number;
  /** Set while the lane is stopped by a configuration error. */
  blocked?: { code: string; since: string; nextProbeAt: string };
}

type ResolvedOptions = Required<Omit<OutboxWorkerOptions, 'lanes'>>;

export type JobOutcome = 'done' | 'retry' | 'dead';

export class OutboxWorker {
  private readonly options: ResolvedOptions;
  private readonly lanes: Lane[];
  private running = false;
  private loops: Array<Promise<void>> = [];
  private manualRound: Promise<number> | undefined;

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
      blockedProbeMs: options.blockedProbeMs ?? 60_000,
    };
    const specs = options.lanes && options.lanes.length > 0 ? options.lanes : [{ name: 'all', concurrency: this.options.concurrency }];
    const named = specs.flatMap((l) => l.types ?? []);
    if (specs.filter((l) => !l.types).length > 1) throw new Error('outbox: at most one lane may take "every other type"');
    if (new Set(named).size !== named.length) throw new Error('outbox: a job type belongs to two lanes');
    this.lanes = specs.map((spec) => new Lane(spec, spec.types ? { types: spec.types } : named.length > 0 ? { excludeTypes: named } : undefined));
    if (!specs.some((l) => !l.types)) {
      // Types of no lane (e.g. an unknown type) still need a lane that dead-letters them.
      this.lanes.push(new Lane({ name: 'other', concurrency: 1 }, { excludeTypes: named }));
    }
  }

  /** Starts one loop per lane (idempotent). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = this.lanes.map((lane) => this.loop(lane));
  }

  /** Stops claiming and waits for the jobs in flight to finish (graceful shutdown). */
  async stop(): Promise<void> {
    this.running = false;
    for (const lane of this.lanes) lane.wakeUp();
    await Promise.all(this.loops);
    this.loops = [];
    if (this.manualRound) await settled(this.manualRound);
    await Promise.all(this.lanes.flatMap((lane) => [...lane.active].map((p) => settled(p))));
  }

  /** Wake every lane now (call after a transaction enqueued jobs). */
  notify(): void {
    for (const lane of this.lanes) lane.notify();
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Per lane: jobs running, and whether a configuration error stopped it (for /readyz). */
  laneStatus(): LaneStatus[] {
    return this.lanes.map((lane) => ({
      name: lane.spec.name,
      running: lane.active.size,
      ...(lane.blocked
        ? { blocked: { code: lane.blocked.code, since: lane.blocked.since.toISOString(), nextProbeAt: new Date(lane.blocked.probeAt).toISOString() } }
        : {}),
    }));
  }

  /**
   * Claims and runs one batch per lane (lanes side by side, each up to its concurrency); resolves
   * with the number of jobs run. Rounds never overlap. For tests and tools; the loops do this on their own.
   */
  async runOnce(): Promise<number> {
    while (this.manualRound) await settled(this.manualRound);
    const round = (async () => {
      const counts = await Promise.all(this.lanes.map((lane) => this.runLaneBatch(lane)));
      return counts.reduce((a, b) => a + b, 0);
    })();
    this.manualRound = round;
    try {
      return await round;
    } finally {
      this.manualRound = undefined;
    }
  }

  /** Delay before the next run after `attempt` failed runs (1-based), before Retry-After. */
  backoffMs(attempt: number): number {
    const { baseDelayMs, maxDelayMs, random } = this.options;
    const exp = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
    // "Equal jitter": half fixed, half random, so retries of many jobs spread out.
    return Math.round(exp / 2 + (exp / 2) * random());
  }

  private async runLaneBatch(lane: Lane): Promise<number> {
    const limit = this.claimLimit(lane, true);
    if (limit <= 0) return 0;
    const jobs = await this.claim(lane, limit);
    let next = 0;
    const slot = async (): Promise<void> => {
      while (next < jobs.length) {
        const job = jobs[next++];
        if (job) await this.runInLane(lane, job);
      }
    };
    await Promise.all(Array.from({ length: Math.min(lane.spec.concurrency, jobs.length) }, slot));
    return jobs.length;
  }

  /** How many jobs the lane may claim now: free slots, the rate window, one probe while blocked. */
  private claimLimit(lane: Lane, wholeBatch = false): number {
    const nowMs = this.options.now().getTime();
    if (lane.blocked) return nowMs >= lane.blocked.probeAt && lane.active.size === 0 ? 1 : 0;
    // A manual round claims a whole batch and runs it `concurrency` at a time; the loop claims free slots.
    let free = wholeBatch ? this.options.batchSize : Math.min(this.options.batchSize, lane.spec.concurrency - lane.active.size);
    if (lane.spec.rate) free = Math.min(free, lane.spec.rate.max - lane.startsWithin(lane.spec.rate.perMs, nowMs));
    return free;
  }

  private async claim(lane: Lane, limit: number): Promise<OutboxJob[]> {
    const { now, lockMs } = this.options;
    const claimedAt = now();
    const jobs = await this.store.claimDueJobs(claimedAt.toISOString(), new Date(claimedAt.getTime() + lockMs).toISOString(), limit, lane.filter);
    const at = this.options.now().getTime(); // the worker's clock: a manual clock in tests
    lane.started.push(...jobs.map(() => at));
    return jobs;
  }

  private async runInLane(lane: Lane, job: OutboxJob): Promise<void> {
    const run = this.runJob(job, lane);
    lane.active.add(run);
    try {
      await run;
    } finally {
      lane.active.delete(run);
      lane.wakeUp();
    }
  }

  private async loop(lane: Lane): Promise<void> {
    while (this.running) {
      let claimed = 0;
      let limit = 0;
      try {
        limit = this.claimLimit(lane);
        if (limit > 0) {
          const jobs = await this.claim(lane, limit);
          claimed = jobs.length;
          for (const job of jobs) void this.runInLane(lane, job);
        }
      } catch (err) {
        this.logger.error('outbox_poll_failed', { lane: lane.spec.name, ...errorFields(err) });
      }
      if (!this.running) break;
      if (claimed > 0 && claimed === limit) continue; // more may be due and there is room
      await lane.sleep(await this.sleepMs(lane), this.running);
    }
  }

  private async sleepMs(lane: Lane): Promise<number> {
    const { pollMs, now } = this.options;
    const nowMs = now().getTime();
    if (lane.blocked) return Math.max(0, Math.min(pollMs, lane.blocked.probeAt - nowMs));
    if (lane.active.size >= lane.spec.concurrency) return pollMs; // a finishing job wakes the lane
    if (lane.spec.rate && lane.startsWithin(lane.spec.rate.perMs, nowMs) >= lane.spec.rate.max) {
      return Math.max(1, lane.untilRateFrees(lane.spec.rate, nowMs));
    }
    try {
      const next = await this.store.nextDueAt(lane.filter);
      if (next === undefined) return pollMs;
      const ms = Date.parse(next) - nowMs;
      // A job due now that the claim did not get (locked by another process): poll, do not spin.
      return Number.isNaN(ms) ? pollMs : Math.min(pollMs, Math.max(ms <= 0 ? Math.min(pollMs, 50) : 0, ms));
    } catch (err) {
      this.logger.warn('outbox_next_due_failed', errorFields(err));
      return pollMs;
    }
  }

  /** Runs one claimed job and records the outcome; never throws. */
  private async runJob(job: OutboxJob, lane: Lane): Promise<JobOutcome> {
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
      if (blocksLane(err)) return this.block(lane, job, err);
      return this.fail(job, attempt, err, Date.now() - started);
    }
    if (lane.blocked) {
      this.logger.info('outbox_lane_resumed', { lane: lane.spec.name, code: lane.blocked.code, blockedMs: now().getTime() - lane.blocked.since.getTime() });
      lane.blocked = undefined;
      lane.notify();
    }
    this.logger.info('outbox_job_done', { ...ids, lane: lane.spec.name, durationMs: Date.now() - started });
    await this.record(job, () => this.store.completeJob(job.id, now().toISOString(), result));
    return 'done';
  }

  /** A configuration error: the job goes back unchanged in status, the lane pauses until its probe. */
  private async block(lane: Lane, job: OutboxJob, err: unknown): Promise<JobOutcome> {
    const { now, blockedProbeMs } = this.options;
    const at = now();
    const code = codeOf(err);
    const previous = lane.blocked;
    const pauseMs = retryAfterOf(err) ?? (previous ? Math.min(15 * 60_000, previous.pauseMs * 2) : blockedProbeMs);
    lane.blocked = { code, since: previous?.since ?? at, probeAt: at.getTime() + pauseMs, pauseMs };
    if (!previous || previous.code !== code) {
      this.logger.error('outbox_lane_blocked', { lane: lane.spec.name, jobId: job.id, jobType: job.type, pauseMs, ...errorFields(err) });
    }
    await this.record(job, () => this.store.failJob(job.id, describeError(err), new Date(at.getTime() + pauseMs).toISOString(), false));
    return 'retry';
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


/** One lane's state: its running jobs, recent starts (for the rate), its pause, its wake-up. */
class Lane {
  readonly active = new Set<Promise<unknown>>();
  /** Start times (ms) within the rate window. */
  readonly started: number[] = [];
  blocked: { code: string; since: Date; probeAt: number; pauseMs: number } | undefined;
  private wake: (() => void) | undefined;
  private notified = false;

  constructor(
    readonly spec: LaneSpec,
    readonly filter: JobTypeFilter | undefined,
  ) {}

  startsWithin(windowMs: number, nowMs: number): number {
    while (this.started.length > 0 && (this.started[0] ?? 0) <= nowMs - windowMs) this.started.shift();
    return this.started.length;
  }

  untilRateFrees(rate: { max: number; perMs: number }, nowMs: number): number {
    this.startsWithin(rate.perMs, nowMs);
    const oldest = this.started[this.started.length - rate.max];
    return oldest === undefined ? 0 : oldest + rate.perMs - nowMs;
  }

  notify(): void {
    this.notified = true;
    this.wakeUp();
  }

  wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  async sleep(ms: number, running: boolean): Promise<void> {
    if (this.notified || !running) {
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
}

/** An error that stops its whole lane (a configuration error such as a refused client secret). */
export function blocksLane(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { blocksLane?: unknown }).blocksLane === true;
}

function codeOf(err: unknown): string {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : err instanceof Error ? err.name : 'unknown';
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
