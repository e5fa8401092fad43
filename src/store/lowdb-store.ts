/**
 * The embedded store: lowdb partition files + an append-only journal, in one data directory
 * owned by one process.
 *
 * Files (see `partitions.ts` for which record goes where):
 * - `store.lock`: the owner (pid, host, command, since); a second process refuses to open the
 *   directory and names it; a stale lock after kill -9 is taken over (`data-dir-lock.ts`).
 * - `<kind>/<key>.json`: records by kind and period (week/month), `open` for records still being
 *   worked on, `all` for the small kinds; each written by lowdb (`Low` + `JSONFile`, temp file +
 *   rename; never `JSONFilePreset`, which silently switches to memory under NODE_ENV=test).
 * - `<kind>/<key>.idx` (requests, bookings): the id index of a partition (sorted CRC-32 hashes of
 *   its ids, written before the partition, old and new ids: a superset), so that an old record is
 *   found without reading history at open. Written only with its partition.
 * - `manifest.json` (lowdb): `lastSeq` = every journal entry up to it is in the partition files.
 * - `journal.ndjson` (+ `journal.<seq>.ndjson` while a compaction runs): one line per committed
 *   change set with a CRC-32 per line (`journal.ts`).
 * - `store.json`: the whole-state snapshot of format 1 (before partitions). When there is no
 *   manifest it is loaded, and the first compaction writes it out as partitions, then deletes it.
 *
 * Writes: a transaction runs under a promise-chain mutex (check-then-write never races); its
 * change set becomes one journal line, is applied to memory and handed to the group commit
 * (`group-commit.ts`): lines of transactions that arrive during a write + fsync are written
 * with the next single fsync. Each caller is answered only once its own line is durable, and a
 * `read` waits until everything it can see is durable. If a journal write fails, the store
 * refuses all further work (the on-disk state is uncertain): restart it.
 *
 * Memory (`MemoryState`, indexes by person, date, status, …) holds every partition of the small
 * kinds, `open`, and the history partitions from the horizon on: bookings from the first day of
 * the month `horizonMonths` (default 2) before the current one, requests from 13 months back
 * (`requestHorizonMonths`: a yearly quota reads a year of a person's requests). Older history is read on
 * demand (`partition-set.ts`; queries over an old range, ids of old records via the manifest's
 * id index), kept in a small LRU and dropped again after a compaction.
 *
 * Compaction (every `compactEvery` journalled writes, default 5000, and on close): inside the
 * mutex the journal is rotated and the changed ("dirty") partitions are taken as point-in-time
 * views (arrays of immutable records); outside it they are written one file at a time (a week of
 * bookings is a few MB, so lowdb's synchronous stringify stays far below 100 ms), fsync'd, the
 * directories fsync'd, then the manifest; then the rotated journal is deleted. A crash at any
 * point leaves the old manifest + rotated journal: replaying the journal from the manifest's
 * `lastSeq` over partitions already (partly) rewritten is idempotent (whole records upserted by
 * id; a copy left behind in a partition the crash did not rewrite loses to the replayed one and
 * is dropped at the next compaction). Done outbox jobs older than 7 days are pruned at compaction.
 * Records in memory are deep-frozen and never mutated; a change replaces the record. Readers get the
 * frozen records themselves (no copies); the outbox worker calls and `findRecords` hand out copies.
 *
 * Every error about a file names the file.
 */
import { constants } from 'node:fs';
import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { createLogger, type Logger } from '../observability/logger.js';
import { lockDataDir, LOCK_FILE, type DataDirLock } from './data-dir-lock.js';
import { BufferedTx, runBuffered } from './buffered-tx.js';
import { GroupCommit } from './group-commit.js';
import { JournalWriter, journalLine, recoverJournal, syncDir, syncFile } from './journal.js';
import { MemoryState, RECORD_TABLES, recordSetOf, type ChangeSet, type StateData } from './memory-state.js';
import { PartitionSet, type PartitionView } from './partition-set.js';
import { ALL, checkManifest, horizonStart, idOf, type Kind, type Manifest, type PartitionedKind, type PartitionFile } from './partitions.js';
import {
  matchesJobType,
  type JobTypeFilter,
  type MaintainableStore,
  type OutboxJob,
  type RecordRewrite,
  type RecordScope,
  type RecordSet,
  type RecordTable,
  type StoreReader,
  type StoreTx,
} from './store.js';

export interface LowdbStoreOptions {
  dataDir: string;
  /** Compact (write the changed partitions, drop the journal) after this many journalled writes. */
  compactEvery?: number;
  now?: () => Date;
  /** Bookings from the first day of the month this many months before the current one are held in memory (default 2). */
  horizonMonths?: number;
  /**
   * The same for requests (default 13): the quota rules read a person's requests up to a year
   * around a new one (a yearly cap), on every request turn; older requests are read on demand.
   */
  requestHorizonMonths?: number;
  /** Older history partitions kept in memory after an on-demand read (LRU, default 16). */
  historyCache?: number;
  /** Warnings (stale lock taken over, torn journal tail cut); default: JSON lines on stderr. */
  logger?: Pick<Logger, 'warn' | 'info'>;
  /** How the lock names this process to a second one (default: its command line). */
  command?: string;
}

interface Snapshot extends StateData {
  format: 1;
  /** seq of the last journal entry contained in this snapshot. */
  lastSeq: number;
  savedAt: string;
}

type ManifestFile = Manifest;

/** The whole-state snapshot of format 1 (before partitions); migrated at the first compaction. */
export const LEGACY_SNAPSHOT_FILE = 'store.json';
export const MANIFEST_FILE = 'manifest.json';
const DONE_JOB_RETENTION_MS = 7 * 86_400_000;

function checkSnapshot(data: Snapshot, file: string): void {
  const ok =
    typeof data === 'object' &&
    data !== null &&
    data.format === 1 &&
    typeof data.lastSeq === 'number' &&
    [data.requests, data.delegations, data.conversations, data.jobs].every(Array.isArray) &&
    typeof data.sequences === 'object' &&
    data.sequences !== null &&
    // absent in snapshots written before desk sharing / the calendar sync / the VPN problem reports
    [data.bookings ?? [], data.settings ?? [], data.absences ?? [], data.subscriptions ?? []].every(Array.isArray) &&
    [data.vpnDrafts ?? [], data.tickets ?? [], data.incidents ?? [], data.vpnRecentReports ?? []].every(Array.isArray) &&
    (data.helpfulness === undefined || (typeof data.helpfulness === 'object' && data.helpfulness !== null && !Array.isArray(data.helpfulness)));
  if (!ok) throw new Error(`${file} is not a store snapshot (format 1)`);
}

const toError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));
const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** A copy of the job without its claim. */
function unlocked(job: OutboxJob): OutboxJob {
  const copy = structuredClone(job);
  delete copy.lockedUntil;
  return copy;
}

/** Reads a lowdb JSON file; an unparsable file is an error naming it. */
async function readJson<T>(file: string): Promise<T | null> {
  const db = new Low<T | null>(new JSONFile<T | null>(file), null);
  try {
    await db.read();
  } catch (e) {
    throw new Error(`${file} is corrupt or unreadable: ${message(e)}`, { cause: e });
  }
  return db.data;
}

const stderrLogger = (): Pick<Logger, 'warn' | 'info'> => createLogger('info', (line) => process.stderr.write(`${line}\n`));

/** Counters of a lowdb store (diagnostics, tests, the benchmark). */
export interface LowdbStats {
  /** Partition files known, held in memory, changed since the last compaction. */
  partitions: number;
  loaded: number;
  dirty: number;
  /** History partitions read from disk after the open (old history asked for). */
  loadsOnDemand: number;
  /** Journal writes (each one fsync) and the lines they carried: lines / fsyncs = group-commit factor. */
  fsyncs: number;
  lines: number;
  /** Longest synchronous step of a compaction so far (taking the views, stringifying one file, evicting), ms. */
  longestCompactionStepMs: number;
}

export type LowdbStore = MaintainableStore & { readonly stats: LowdbStats };

export async function openLowdbStore(options: LowdbStoreOptions): Promise<LowdbStore> {
  const dir = path.resolve(options.dataDir);
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw new Error(`DATA_DIR ${dir} cannot be created: ${message(e)}`, { cause: e });
  }
  const logger = options.logger ?? stderrLogger();
  const lock = await lockDataDir(dir, {
    onStaleTakeover: (text) => logger.warn('store_lock_stale_taken_over', { file: path.join(dir, LOCK_FILE), message: text }),
    ...(options.command !== undefined ? { command: options.command } : {}),
  });
  try {
    return await openLocked(dir, lock, options, logger);
  } catch (e) {
    await lock.release();
    throw e;
  }
}

async function openLocked(dir: string, lock: DataDirLock, options: LowdbStoreOptions, logger: Pick<Logger, 'warn' | 'info'>): Promise<Lowdb> {
  const now = options.now ?? (() => new Date());
  const months = Math.max(0, options.horizonMonths ?? 2);
  const requestMonths = Math.max(0, options.requestHorizonMonths ?? 13);
  const horizon = (kind: Kind): string => horizonStart(now().toISOString().slice(0, 10), kind === 'requests' ? requestMonths : months);
  const state = new MemoryState();
  const parts = new PartitionSet(dir, state, Math.max(0, options.historyCache ?? 16));
  const manifestFile = path.join(dir, MANIFEST_FILE);
  const legacyFile = path.join(dir, LEGACY_SNAPSHOT_FILE);
  const manifest = await readJson<ManifestFile>(manifestFile);
  let baseSeq = 0;
  let legacy = false;
  await parts.scan();
  if (manifest !== null) {
    baseSeq = checkManifest(manifest, manifestFile).lastSeq;
    await parts.loadAtOpen(horizon);
  } else {
    const snapshot = await readJson<Snapshot>(legacyFile);
    if (snapshot !== null) {
      checkSnapshot(snapshot, legacyFile);
      state.apply(snapshot);
      baseSeq = snapshot.lastSeq;
      legacy = true;
    }
    // partitions of a first compaction that did not finish (no manifest yet): the journal replays over them
    await parts.loadAtOpen(horizon);
    if (legacy) parts.markAllDirty();
  }
  state.history = parts;
  const { entries, lastSeq } = await recoverJournal(dir, baseSeq, (event, fields) => logger.warn(event, fields));
  for (const entry of entries) {
    parts.beforeApply(entry);
    state.apply(entry);
  }
  const journal = await JournalWriter.open(dir);
  const store = new Lowdb(dir, lock, journal, state, parts, {
    seq: lastSeq,
    compactedSeq: baseSeq,
    legacy,
    sinceCompaction: entries.length,
    compactEvery: Math.max(1, options.compactEvery ?? 5000),
    now,
    horizon,
  });
  store.maybeCompact();
  return store;
}

interface CompactionPlan {
  lastSeq: number;
  views: PartitionView[];
}

class Lowdb implements LowdbStore {
  private seq: number;
  private compactedSeq: number;
  private legacy: boolean;
  private sinceCompaction: number;
  private readonly compactEvery: number;
  private readonly now: () => Date;
  private readonly horizon: (kind: Kind) => string;
  private readonly group: GroupCommit;
  private tail: Promise<void> = Promise.resolve();
  private closing: Promise<void> | undefined;
  private failed: Error | undefined;
  private compaction: Promise<void> | undefined;
  private lastCompactionError: Error | undefined;
  private readonly madeDirs = new Set<string>();
  private longestStepMs = 0;

  constructor(
    private readonly dir: string,
    private readonly lock: DataDirLock,
    private readonly journal: JournalWriter,
    private readonly state: MemoryState,
    private readonly parts: PartitionSet,
    init: { seq: number; compactedSeq: number; legacy: boolean; sinceCompaction: number; compactEvery: number; now: () => Date; horizon: (kind: Kind) => string },
  ) {
    this.seq = init.seq;
    this.compactedSeq = init.compactedSeq;
    this.legacy = init.legacy;
    this.sinceCompaction = init.sinceCompaction;
    this.compactEvery = init.compactEvery;
    this.now = init.now;
    this.horizon = init.horizon;
    this.group = new GroupCommit(
      () => this.journal,
      init.seq,
      (e) => {
        this.failed ??= new Error(`${path.join(dir, 'journal.ndjson')}: journal write failed: ${e.message}`, { cause: e });
      },
    );
  }

  // ---------------------------------------------------------------- plumbing

  private assertOpen(): void {
    if (this.closing) throw new Error(`lowdb store at ${this.dir} is closed`);
    this.assertHealthy();
  }

  private assertHealthy(): void {
    if (this.failed) throw new Error(`lowdb store at ${this.dir} failed and must be reopened: ${this.failed.message}`, { cause: this.failed });
  }

  /**
   * Promise-chain mutex: runs `fn` after every task queued before it. Each task starts in a
   * macrotask of its own (setImmediate): with group commit, queued transactions no longer wait
   * for I/O in between, and chained in microtasks they would hold the event loop all together.
   */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(fn);
    this.tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** `fn` in the mutex; resolves once every journal line it committed is durable (group commit). */
  private async durably<T>(fn: () => Promise<T>): Promise<T> {
    this.assertOpen();
    let upTo = 0;
    const result = await this.exclusive(async () => {
      this.assertHealthy();
      const value = await fn();
      upTo = this.seq;
      return value;
    });
    try {
      await this.group.durable(upTo);
    } catch (e) {
      throw new Error(`lowdb store at ${this.dir}: journal write failed`, { cause: e });
    }
    return result;
  }

  /**
   * Inside the mutex: journals `changes` as one line (written by the group commit) and applies
   * them to memory. The caller is answered by `durably` once the line is on disk.
   */
  private commit(changes: ChangeSet): void {
    this.assertHealthy();
    const seq = this.seq + 1;
    const line = journalLine({ seq, ...changes });
    // Apply what a replay would see (JSON round trip), so memory and disk never differ.
    const applied = JSON.parse(line) as ChangeSet;
    this.parts.beforeApply(applied);
    this.group.add(seq, line);
    this.seq = seq;
    this.state.apply(applied);
    this.sinceCompaction++;
    this.maybeCompact();
  }

  // ---------------------------------------------------------------- transactions

  transact<T>(fn: (tx: StoreTx) => T | Promise<T>): Promise<T> {
    try {
      this.assertOpen();
    } catch (e) {
      return Promise.reject(toError(e));
    }
    return this.durably(async () => {
      const { result, changes } = await runBuffered(new BufferedTx(this.state, this.now), fn);
      if (changes) this.commit(changes);
      return result;
    });
  }

  async read<T>(fn: (reader: StoreReader) => T | Promise<T>): Promise<T> {
    this.assertOpen();
    await this.group.durable(this.seq); // never show what is not yet on disk
    const reader = new BufferedTx(this.state, this.now, true);
    try {
      return await fn(reader);
    } finally {
      reader.finish();
    }
  }

  // ---------------------------------------------------------------- outbox worker

  private outbox<T>(fn: () => Promise<T>): Promise<T> {
    try {
      this.assertOpen();
    } catch (e) {
      return Promise.reject(toError(e));
    }
    return this.durably(fn);
  }

  claimDueJobs(now: string, lockUntil: string, limit: number, filter?: JobTypeFilter): Promise<OutboxJob[]> {
    return this.outbox(async () => {
      const at = Date.parse(now);
      const due = this.state
        .jobsWithStatus('pending')
        .filter((j) => matchesJobType(j.type, filter) && Date.parse(j.dueAt) <= at && (j.lockedUntil === undefined || Date.parse(j.lockedUntil) <= at))
        .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0))
        .slice(0, Math.max(0, limit));
      if (due.length === 0) return [];
      const claimed = due.map((j): OutboxJob => ({ ...structuredClone(j), lockedUntil: lockUntil }));
      this.commit({ jobs: claimed });
      return claimed.map((j) => structuredClone(j));
    });
  }

  private existingJob(id: string): OutboxJob {
    const job = this.state.jobs.get(id);
    if (!job) throw new Error(`outbox job ${id} not found`);
    return job;
  }

  completeJob(id: string, doneAt: string, result?: unknown): Promise<void> {
    return this.outbox(async () => {
      const job = this.existingJob(id);
      if (job.status === 'done') return;
      const done: OutboxJob = { ...unlocked(job), status: 'done', doneAt, ...(result !== undefined ? { result: structuredClone(result) } : {}) };
      this.commit({ jobs: [done] });
    });
  }

  failJob(id: string, error: string, nextDueAt: string, dead: boolean): Promise<void> {
    return this.outbox(async () => {
      const job = this.existingJob(id);
      if (job.status !== 'pending') return; // completed or dead-lettered meanwhile
      const failed: OutboxJob = { ...unlocked(job), attempts: job.attempts + 1, lastError: error, dueAt: nextDueAt, status: dead ? 'dead' : 'pending' };
      this.commit({ jobs: [failed] });
    });
  }

  /** Earliest time a pending job can be claimed: its dueAt, or its lock expiry when later. */
  async nextDueAt(filter?: JobTypeFilter): Promise<string | undefined> {
    this.assertOpen();
    let best: { at: number; iso: string } | undefined;
    for (const j of this.state.jobsWithStatus('pending')) {
      if (!matchesJobType(j.type, filter)) continue;
      const due = Date.parse(j.dueAt);
      const lock = j.lockedUntil === undefined ? Number.NEGATIVE_INFINITY : Date.parse(j.lockedUntil);
      const cand = lock > due ? { at: lock, iso: j.lockedUntil as string } : { at: due, iso: j.dueAt };
      if (!best || cand.at < best.at) best = cand;
    }
    return best?.iso;
  }

  // ---------------------------------------------------------------- data protection (src/privacy)

  /** Matching records of the history partitions not in memory, read one file at a time. */
  private async historyMatching(tables: readonly RecordTable[], match: (r: unknown) => boolean, into: RecordSet): Promise<void> {
    for (const p of this.parts.unloaded()) {
      if (p.kind === 'values' || !tables.includes(p.kind)) continue;
      const found = (await this.parts.readRecords(p)).filter(match);
      // a record of a history partition may meanwhile be in memory (loaded on demand): that copy counts
      const table = this.state[p.kind] as ReadonlyMap<string, unknown>;
      (into[p.kind] as unknown[]).push(...found.filter((r) => !table.has(idOf(p.kind as PartitionedKind, r))));
    }
  }

  async findRecords(mentioning: string): Promise<RecordSet> {
    this.assertOpen();
    const match = (r: unknown): boolean => JSON.stringify(r).includes(mentioning);
    return this.exclusive(async () => {
      const set = recordSetOf(this.state, RECORD_TABLES, match);
      await this.historyMatching(RECORD_TABLES, match, set);
      return structuredClone(set);
    });
  }

  /**
   * `mentioning`: one batch over all tables, history on disk included. `olderThan`: one batch per
   * table for what is in memory, then one per history partition on disk (each in the mutex, so
   * turns interleave). Then a compaction, awaited: the changed partitions hold only the rewritten
   * records and the journals with the records' old forms are deleted.
   */
  async rewriteRecords<C>(scope: RecordScope, plan: (records: RecordSet) => RecordRewrite<C>): Promise<C[]> {
    this.assertOpen();
    const match =
      'mentioning' in scope
        ? (r: unknown) => {
            const text = JSON.stringify(r);
            return scope.mentioning.some((m) => text.includes(m));
          }
        : () => true;
    const apply = async (records: RecordSet): Promise<C> => {
      const { changes, deleted, result } = plan(records);
      const hasDeletes = Object.values(deleted).some((ids) => ids.length > 0);
      if (Object.keys(changes).length > 0 || hasDeletes) this.commit({ ...changes, ...(hasDeletes ? { deleted } : {}) });
      return result;
    };
    const results: C[] = [];
    if ('mentioning' in scope) {
      results.push(
        await this.durably(async () => {
          const records = recordSetOf(this.state, RECORD_TABLES, match);
          await this.historyMatching(RECORD_TABLES, match, records);
          return apply(records);
        }),
      );
    } else {
      const tables = RECORD_TABLES.filter((t) => scope.olderThan[t] !== undefined);
      const batches: Array<{ tables: readonly RecordTable[]; recent: boolean }> = [
        ...tables.map((t) => ({ tables: [t], recent: false })),
        ...(scope.olderThan.vpnRecentReports !== undefined ? [{ tables: [], recent: true }] : []),
      ];
      for (const batch of batches) {
        results.push(
          await this.durably(async () => {
            const records = recordSetOf(this.state, batch.tables, match);
            if (!batch.recent) records.vpnRecentReports = [];
            return apply(records);
          }),
        );
      }
      for (const p of this.parts.unloaded()) {
        if (p.kind === 'values' || !tables.includes(p.kind)) continue;
        const loadsBefore = this.parts.loadsOnDemand;
        results.push(
          await this.durably(async () => {
            const records = recordSetOf(this.state, [], match);
            records.vpnRecentReports = [];
            await this.historyMatching([p.kind as RecordTable], match, records);
            return apply(records);
          }),
        );
        // a rewritten old record loads its partition: write it out and drop it again before the next one
        if (this.parts.loadsOnDemand > loadsBefore) await this.compactNow();
      }
    }
    await this.compactNow();
    return results;
  }

  /** Runs a compaction now (after the one under way) and waits for it. */
  private async compactNow(): Promise<void> {
    while (this.compaction) await this.compaction;
    const compaction = this.compact();
    this.compaction = compaction.catch(() => undefined).finally(() => {
      this.compaction = undefined;
    });
    await compaction;
  }

  // ---------------------------------------------------------------- health and lifecycle

  async ping(): Promise<void> {
    this.assertOpen();
    await access(this.dir, constants.W_OK);
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.exclusive(async () => undefined); // drain everything queued before close
      if (this.compaction) await this.compaction;
      try {
        await this.group.drain();
        if (!this.failed) await this.compact();
      } finally {
        await this.journal.close();
        await this.lock.release();
      }
    })();
    return this.closing;
  }

  // ---------------------------------------------------------------- compaction

  /** Starts a background compaction when due (called inside the mutex; never awaited there). */
  maybeCompact(): void {
    if (this.compaction || this.closing || this.sinceCompaction < this.compactEvery) return;
    this.compaction = this.compact()
      .then(
        () => {
          this.lastCompactionError = undefined;
        },
        (e: unknown) => {
          this.lastCompactionError = toError(e); // retried at the next threshold / on close
        },
      )
      .finally(() => {
        this.compaction = undefined;
      });
  }

  /** Last background compaction failure, if the latest attempt failed (for diagnostics). */
  get compactionError(): Error | undefined {
    return this.lastCompactionError;
  }

  /** Times a synchronous step of the compaction (it blocks the event loop for that long). */
  private step<T>(fn: () => T): T {
    const t0 = performance.now();
    try {
      return fn();
    } finally {
      this.longestStepMs = Math.max(this.longestStepMs, performance.now() - t0);
    }
  }

  /** Partitions, how many are in memory, on-demand loads and group-commit batches (diagnostics, benchmark). */
  get stats(): LowdbStats {
    return {
      ...this.parts.stats(),
      loadsOnDemand: this.parts.loadsOnDemand,
      fsyncs: this.group.batches,
      lines: this.group.lines,
      longestCompactionStepMs: this.longestStepMs,
    };
  }

  private async compact(): Promise<void> {
    const plan = await this.exclusive(() => this.beginCompaction());
    if (!plan) return;
    const dirs = new Set<string>();
    for (let i = 0; i < plan.views.length; i++) {
      const view = plan.views[i] as PartitionView;
      try {
        await this.writeView(view, plan.lastSeq);
      } catch (e) {
        for (const rest of plan.views.slice(i)) this.parts.restore(rest);
        throw new Error(`${view.file}: compaction could not write the partition: ${message(e)}`, { cause: e });
      }
      dirs.add(path.dirname(view.file));
    }
    for (const d of dirs) await syncDir(d);
    const manifestFile = path.join(this.dir, MANIFEST_FILE);
    const manifest: ManifestFile = { format: 2, lastSeq: plan.lastSeq, savedAt: this.now().toISOString() };
    try {
      const db = new Low<ManifestFile>(new JSONFile<ManifestFile>(manifestFile), manifest);
      await this.step(() => db.write());
      await syncFile(manifestFile);
      await syncDir(this.dir);
    } catch (e) {
      for (const view of plan.views) this.parts.restore(view);
      throw new Error(`${manifestFile}: compaction could not write the manifest: ${message(e)}`, { cause: e });
    }
    if (this.legacy) {
      await rm(path.join(this.dir, LEGACY_SNAPSHOT_FILE), { force: true });
      await syncDir(this.dir);
      this.legacy = false;
    }
    await this.journal.removeRotated(plan.lastSeq);
    this.compactedSeq = Math.max(this.compactedSeq, plan.lastSeq);
    if (!this.failed) await this.exclusive(async () => void this.step(() => this.parts.evict(this.horizon)));
  }

  private async writeView(view: PartitionView, lastSeq: number): Promise<void> {
    let records = view.records;
    if (view.deletes) {
      const gone = new Set(view.deletes);
      const kind = view.part.kind as PartitionedKind;
      records = (await this.parts.readRecords(view.part)).filter((r) => !gone.has(idOf(kind, r)));
    }
    const { kind, key } = view.part;
    const indexFile = this.parts.indexFileOf(kind, key);
    if (kind !== 'values' && key !== ALL && (records?.length ?? 0) === 0) {
      await rm(view.file, { force: true });
      await rm(indexFile, { force: true });
      this.parts.written(view, false);
      return;
    }
    const dir = path.dirname(view.file);
    if (!this.madeDirs.has(dir)) {
      await mkdir(dir, { recursive: true });
      await syncDir(this.dir);
      this.madeDirs.add(dir);
    }
    if (view.index) {
      // before the partition: a crash in between leaves an index that knows the ids of both versions
      const tmp = `${indexFile}.tmp`;
      await writeFile(tmp, new Uint8Array(view.index.buffer, view.index.byteOffset, view.index.byteLength));
      await syncFile(tmp);
      await rename(tmp, indexFile);
    }
    const body: PartitionFile = { format: 2, kind, key, lastSeq, ...(view.values ?? { records: records ?? [] }) };
    const db = new Low<PartitionFile>(new JSONFile<PartitionFile>(view.file), body);
    await this.step(() => db.write()); // lowdb stringifies synchronously, then writes temp file + rename
    await syncFile(view.file);
    this.parts.written(view, true);
  }

  /** Inside the mutex: prune done jobs, rotate the journal, take the dirty partitions' views. */
  private async beginCompaction(): Promise<CompactionPlan | undefined> {
    if (this.failed) return undefined;
    const before = this.now().getTime() - DONE_JOB_RETENTION_MS;
    const prune = this.step(() => this.state
      .jobsWithStatus('done')
      .filter((j) => j.doneAt !== undefined && Date.parse(j.doneAt) < before)
      .map((j) => j.id));
    if (prune.length > 0) {
      const changes: ChangeSet = { deleted: { jobs: prune } };
      this.parts.beforeApply(changes);
      this.state.apply(changes);
    }
    if (this.seq === this.compactedSeq && this.parts.dirty.size === 0 && !this.legacy) return undefined;
    await this.group.drain();
    if (this.failed) return undefined;
    if (this.journal.length > 0) await this.journal.rotate(this.seq);
    this.sinceCompaction = 0;
    return this.step(() => ({ lastSeq: this.seq, views: this.parts.takeViews() }));
  }
}
