/**
 * The embedded store: lowdb snapshot + append-only journal.
 *
 * Why not plain lowdb: `db.write()` rewrites the whole JSON file, so the cost of a write grows with
 * history (~100 ms at 100k records, ~570 ms at 500k). Here lowdb only holds the *snapshot*
 * (`<dataDir>/store.json`, via `Low` + `JSONFile`; never `JSONFilePreset`, which silently switches
 * to memory under NODE_ENV=test). Each committed transaction is appended as ONE JSON line of its
 * changes (whole records, upserted by id, with a strictly increasing `seq`) to
 * `<dataDir>/journal.ndjson`, and the file is fsync'd before `transact` resolves. A write therefore
 * costs one small append + fsync plus O(changed records) index updates, whatever the history.
 *
 * Open: load the snapshot, replay the journal entries with `seq > snapshot.lastSeq` (a torn last
 * line from a crash was never acknowledged: it is ignored and truncated; see `journal.ts`).
 *
 * Compaction (every `compactEvery` transactions, default 5000, and on close): under the mutex the
 * active journal is rotated to `journal.<seq>.ndjson` and a shallow view of the state is handed to
 * lowdb (which stringifies it and writes temp file + rename = atomic). Writers continue on the new
 * journal while the file is written; once the snapshot is fsync'd, the rotated journal is deleted.
 * A crash at any point leaves either the old snapshot + rotated journal or the new snapshot, whose
 * `lastSeq` makes replay skip what it already contains. Limitation: JSON.stringify of the snapshot
 * is synchronous and blocks the event loop (roughly 1 s per 100 MB) once per `compactEvery` writes.
 * Done outbox jobs older than 7 days are pruned at compaction (their dedupe keys are then free).
 *
 * Memory: `MemoryState` (maps by id + indexes by person, pending-by-approver, active-by-date,
 * desk bookings by date and by person, settings by person, calendar absences by person+date and
 * by person+event, subscriptions by person; VPN tickets by number, by reporter, by incident and
 * the unresolved set, incidents by linked reporter and the open set, drafts by id). Snapshots and
 * journal lines written before desk sharing, the calendar sync or the VPN problem reports simply
 * lack the `bookings` / `settings` / `absences` / `subscriptions` / `vpnDrafts` / `tickets` /
 * `incidents` / `vpnRecentReports` / `helpfulness` keys and load as empty. The outage window
 * (`vpnRecentReports`) and the knowledge-base counters (`helpfulness`) are single values: a
 * change set carries the whole new value, which replaces the old one on replay. A deleted
 * subscription is journalled as its id in `removedSubscriptions` (change sets are upserts
 * otherwise); compaction simply leaves it out.
 * Records in it are deep-frozen and never mutated; a change replaces the record. Readers get the
 * frozen records themselves (no copies); the outbox worker calls and `findRecords` hand out copies.
 *
 * Transactions and the outbox calls are serialised by a promise-chain mutex. A transaction's
 * writes are buffered (`BufferedTx`), journalled when its callback returns and applied to memory
 * only after the journal line is durable; a throwing callback changes nothing. If a journal write
 * fails, the store refuses all further work (the on-disk state is then uncertain): restart it.
 * `read` is not serialised: it sees the committed state (a sync callback sees one consistent state).
 */
import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { BufferedTx, runBuffered } from './buffered-tx.js';
import { JournalWriter, recoverJournal, syncDir, syncFile } from './journal.js';
import { MemoryState, RECORD_TABLES, recordSetOf, type ChangeSet, type StateData } from './memory-state.js';
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
  /** Compact (rewrite the snapshot, drop the journal) after this many journalled writes. */
  compactEvery?: number;
  now?: () => Date;
}

interface Snapshot extends StateData {
  format: 1;
  /** seq of the last journal entry contained in this snapshot. */
  lastSeq: number;
  savedAt: string;
}

const SNAPSHOT_FILE = 'store.json';
const DONE_JOB_RETENTION_MS = 7 * 86_400_000;

function emptySnapshot(): Snapshot {
  return {
    format: 1,
    lastSeq: 0,
    savedAt: new Date(0).toISOString(),
    requests: [],
    delegations: [],
    conversations: [],
    jobs: [],
    sequences: {},
    bookings: [],
    settings: [],
    absences: [],
    subscriptions: [],
    vpnDrafts: [],
    tickets: [],
    incidents: [],
    vpnRecentReports: [],
    helpfulness: {},
  };
}

function checkSnapshot(data: Snapshot, file: string): void {
  const ok =
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

/** A copy of the job without its claim. */
function unlocked(job: OutboxJob): OutboxJob {
  const copy = structuredClone(job);
  delete copy.lockedUntil;
  return copy;
}

interface PendingSnapshot {
  lastSeq: number;
  /** Resolves to the write error, never rejects. */
  written: Promise<Error | undefined>;
}

export async function openLowdbStore(options: LowdbStoreOptions): Promise<MaintainableStore> {
  const dir = path.resolve(options.dataDir);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, SNAPSHOT_FILE);
  const db = new Low<Snapshot>(new JSONFile<Snapshot>(file), emptySnapshot());
  await db.read();
  checkSnapshot(db.data, file);
  const state = MemoryState.fromData(db.data);
  const { entries, lastSeq } = await recoverJournal(dir, db.data.lastSeq);
  for (const entry of entries) state.apply(entry);
  const journal = await JournalWriter.open(dir);
  const store = new LowdbStore(dir, db, journal, state, {
    seq: lastSeq,
    durableSeq: db.data.lastSeq,
    sinceCompaction: entries.length,
    compactEvery: Math.max(1, options.compactEvery ?? 5000),
    now: options.now ?? (() => new Date()),
  });
  db.data = emptySnapshot(); // the state owns the records now
  store.maybeCompact();
  return store;
}

class LowdbStore implements MaintainableStore {
  private seq: number;
  private durableSeq: number;
  private sinceCompaction: number;
  private readonly compactEvery: number;
  private readonly now: () => Date;
  private tail: Promise<void> = Promise.resolve();
  private closing: Promise<void> | undefined;
  private failed: Error | undefined;
  private compaction: Promise<void> | undefined;
  private lastCompactionError: Error | undefined;

  constructor(
    private readonly dir: string,
    private readonly db: Low<Snapshot>,
    private readonly journal: JournalWriter,
    private readonly state: MemoryState,
    init: { seq: number; durableSeq: number; sinceCompaction: number; compactEvery: number; now: () => Date },
  ) {
    this.seq = init.seq;
    this.durableSeq = init.durableSeq;
    this.sinceCompaction = init.sinceCompaction;
    this.compactEvery = init.compactEvery;
    this.now = init.now;
  }

  // ---------------------------------------------------------------- plumbing

  private assertOpen(): void {
    if (this.closing) throw new Error(`lowdb store at ${this.dir} is closed`);
    this.assertHealthy();
  }

  private assertHealthy(): void {
    if (this.failed) throw new Error(`lowdb store at ${this.dir} failed and must be reopened: ${this.failed.message}`, { cause: this.failed });
  }

  /** Promise-chain mutex: runs `fn` after every task queued before it. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn);
    this.tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Makes `changes` durable as one journal line, then applies them to memory. Inside the mutex. */
  private async commit(changes: ChangeSet): Promise<void> {
    this.assertHealthy();
    const seq = this.seq + 1;
    const line = JSON.stringify({ seq, ...changes });
    try {
      await this.journal.append(line);
    } catch (e) {
      this.failed = toError(e);
      throw new Error(`lowdb store at ${this.dir}: journal write failed`, { cause: e });
    }
    this.seq = seq;
    // Apply what a replay would see (JSON round trip), so memory and disk never differ.
    this.state.apply(JSON.parse(line) as ChangeSet);
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
    return this.exclusive(async () => {
      this.assertHealthy();
      const { result, changes } = await runBuffered(new BufferedTx(this.state, this.now), fn);
      if (changes) await this.commit(changes);
      return result;
    });
  }

  async read<T>(fn: (reader: StoreReader) => T | Promise<T>): Promise<T> {
    this.assertOpen();
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
    return this.exclusive(async () => {
      this.assertHealthy();
      return fn();
    });
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
      await this.commit({ jobs: claimed });
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
      await this.commit({ jobs: [done] });
    });
  }

  failJob(id: string, error: string, nextDueAt: string, dead: boolean): Promise<void> {
    return this.outbox(async () => {
      const job = this.existingJob(id);
      if (job.status !== 'pending') return; // completed or dead-lettered meanwhile
      const failed: OutboxJob = { ...unlocked(job), attempts: job.attempts + 1, lastError: error, dueAt: nextDueAt, status: dead ? 'dead' : 'pending' };
      await this.commit({ jobs: [failed] });
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

  async findRecords(mentioning: string): Promise<RecordSet> {
    this.assertOpen();
    const set = recordSetOf(this.state, RECORD_TABLES, (r) => JSON.stringify(r).includes(mentioning));
    return structuredClone(set);
  }

  /**
   * One batch per table for `olderThan` (each in the mutex, so turns interleave), one batch over
   * all tables for `mentioning`; then a compaction, awaited: the new snapshot holds only the
   * rewritten state and the journals with the records' old forms are deleted.
   */
  async rewriteRecords<C>(scope: RecordScope, plan: (records: RecordSet) => RecordRewrite<C>): Promise<C[]> {
    this.assertOpen();
    const batches: Array<{ tables: readonly RecordTable[]; recent: boolean }> =
      'mentioning' in scope
        ? [{ tables: RECORD_TABLES, recent: true }]
        : [
            ...RECORD_TABLES.filter((t) => scope.olderThan[t] !== undefined).map((t) => ({ tables: [t], recent: false })),
            ...(scope.olderThan.vpnRecentReports !== undefined ? [{ tables: [], recent: true }] : []),
          ];
    const match =
      'mentioning' in scope
        ? (r: unknown) => {
            const text = JSON.stringify(r);
            return scope.mentioning.some((m) => text.includes(m));
          }
        : () => true;
    const results: C[] = [];
    for (const batch of batches) {
      results.push(
        await this.exclusive(async () => {
          this.assertHealthy();
          const records = recordSetOf(this.state, batch.tables, match);
          if (!batch.recent) records.vpnRecentReports = [];
          const { changes, deleted, result } = plan(records);
          const hasDeletes = Object.values(deleted).some((ids) => ids.length > 0);
          if (Object.keys(changes).length > 0 || hasDeletes) await this.commit({ ...changes, ...(hasDeletes ? { deleted } : {}) });
          return result;
        }),
      );
    }
    while (this.compaction) await this.compaction;
    const compaction = this.compact();
    this.compaction = compaction.catch(() => undefined).finally(() => {
      this.compaction = undefined;
    });
    await compaction;
    return results;
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
        if (!this.failed) await this.compact();
      } finally {
        await this.journal.close();
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

  private async compact(): Promise<void> {
    const pending = await this.exclusive(() => this.beginSnapshot());
    if (!pending) return;
    const error = await pending.written;
    this.db.data = emptySnapshot(); // drop the view, or it would pin old record versions
    if (error) throw error;
    await syncFile(path.join(this.dir, SNAPSHOT_FILE));
    await syncDir(this.dir);
    await this.journal.removeRotated(pending.lastSeq);
    this.durableSeq = Math.max(this.durableSeq, pending.lastSeq);
  }

  /** Inside the mutex: rotate the journal and hand a point-in-time view to lowdb. */
  private async beginSnapshot(): Promise<PendingSnapshot | undefined> {
    if (this.failed || this.seq === this.durableSeq) return undefined;
    this.state.pruneDoneJobs(this.now().getTime() - DONE_JOB_RETENTION_MS);
    if (this.journal.length > 0) await this.journal.rotate(this.seq);
    this.sinceCompaction = 0;
    // Fresh arrays of immutable records: a consistent view even while lowdb writes it out.
    this.db.data = { format: 1, lastSeq: this.seq, savedAt: this.now().toISOString(), ...this.state.toData() };
    const written = this.db.write().then(
      () => undefined,
      (e: unknown) => toError(e),
    );
    return { lastSeq: this.seq, written };
  }
}
