/**
 * PostgreSQL adapter of the store port, for several bot processes ("instances") on one database.
 *
 * - Tables live in one schema (default `mobile_work`), created and changed by numbered
 *   migrations when the store opens (migrations.ts).
 * - `transact`: one SERIALIZABLE transaction; every read is an indexed query (pg-reader.ts),
 *   every write a statement in that transaction (pg-tx.ts). There is no global lock: PostgreSQL
 *   lets transactions that touch different desks, people, org units or sequences run side by side
 *   and aborts one of two that collide, which `TxRunner` runs again (tx-runner.ts).
 * - `read`: REPEATABLE READ READ ONLY, one consistent snapshot, never blocks or aborts a writer.
 * - Outbox worker calls: READ COMMITTED with FOR UPDATE SKIP LOCKED (outbox-queries.ts).
 * - A broken connection is replaced; a transaction that could not reach the database fails with
 *   StoreUnavailableError (turns answer "bitte gleich noch einmal"), `ping` throws while the
 *   database is down (so /readyz fails), and the next call after recovery works without a restart.
 */
import pg from 'pg';
import { StoreConflictError, type JobTypeFilter, type OutboxJob, type RecordRewrite, type RecordScope, type RecordSet } from '../store.js';
import type { AsyncMaintainableStore, AsyncReader, AsyncTx } from './async-port.js';
import { PgMaintenance } from './maintenance.js';
import { migrate } from './migrations.js';
import { claimDueJobs, completed, failed, nextDueAt, updateJob } from './outbox-queries.js';
import { uniqueViolation } from './pg-errors.js';
import type { Queryable } from './pg-reader.js';
import { PgTx } from './pg-tx.js';
import { TxRunner, type RunnerStats, type Session } from './tx-runner.js';

export interface PostgresStoreOptions {
  connectionString: string;
  /** Schema for the tables (default "mobile_work"); letters, digits, underscore. */
  schema?: string;
  now?: () => Date;
  /** Connections of this instance's pool (default 10). */
  poolSize?: number;
  /** Attempts of a transaction that keeps colliding (default 10). */
  maxAttempts?: number;
  /** Told about an idle connection that broke (it is replaced; default: ignored). */
  onConnectionError?: (error: Error) => void;
}

export type PostgresStore = AsyncMaintainableStore & {
  /** Commits, retries after collisions and reconnects of this instance so far. */
  readonly stats: RunnerStats;
};

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const schema = options.schema ?? 'mobile_work';
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid Postgres schema name: ${schema}`);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
    keepAlive: true,
  });
  // An idle connection that breaks (failover, server restart) must not crash the process: the
  // pool drops it and opens a new one when needed.
  pool.on('error', (e) => options.onConnectionError?.(e));
  try {
    const client = await pool.connect();
    try {
      await migrate(client, schema);
    } finally {
      client.release();
    }
  } catch (e) {
    await pool.end();
    throw e;
  }
  return new PgStore(pool, schema, options.now ?? (() => new Date()), options.maxAttempts ?? 10);
}

/** A session of plain statements (the outbox calls): remembers a failure for the runner. */
class StatementSession implements Session {
  failure: unknown;
  constructor(readonly db: Queryable) {}
  finish(): void {}
}

class PgStore implements PostgresStore {
  private closed = false;
  private readonly running = new Set<Promise<unknown>>();
  private readonly runner: TxRunner;
  private readonly maintenance: PgMaintenance;

  constructor(
    private readonly pool: pg.Pool,
    private readonly s: string,
    private readonly now: () => Date,
    maxAttempts: number,
  ) {
    this.runner = new TxRunner(pool, `schema ${s}`, s, maxAttempts);
    this.maintenance = new PgMaintenance(this.runner, s);
  }

  get stats(): RunnerStats {
    return this.runner.stats;
  }

  /** Tracks a call so that `close` can wait for it; refuses calls after close. */
  private async track<T>(run: () => Promise<T>): Promise<T> {
    if (this.closed) throw new Error(`postgres store (schema ${this.s}) is closed`);
    const p = run();
    this.running.add(p);
    try {
      return await p;
    } finally {
      this.running.delete(p);
    }
  }

  transact<T>(fn: (tx: AsyncTx) => T | Promise<T>): Promise<T> {
    return this.track(async () => {
      try {
        return await this.runner.run<PgTx, T>('serializable', (c) => new PgTx(c, this.s, this.now), async (tx) => fn(tx));
      } catch (e) {
        throw conflictOf(e) ?? e;
      }
    });
  }

  read<T>(fn: (reader: AsyncReader) => T | Promise<T>): Promise<T> {
    return this.track(() => this.runner.run<PgTx, T>('read-only', (c) => new PgTx(c, this.s, this.now, true), async (r) => fn(r)));
  }

  private statements<T>(fn: (db: Queryable) => Promise<T>): Promise<T> {
    return this.track(() => this.runner.run('read-committed', (c) => new StatementSession(c), (session) => fn(session.db)));
  }

  // ---------------------------------------------------------------- data protection (src/privacy)

  findRecords(mentioning: string): Promise<RecordSet> {
    return this.track(() => this.maintenance.findRecords(mentioning));
  }

  rewriteRecords<C>(scope: RecordScope, plan: (records: RecordSet) => RecordRewrite<C>): Promise<C[]> {
    return this.track(() => this.maintenance.rewriteRecords(scope, plan));
  }

  // ---------------------------------------------------------------- outbox worker

  claimDueJobs(now: string, lockUntil: string, limit: number, filter?: JobTypeFilter): Promise<OutboxJob[]> {
    return this.statements((db) => claimDueJobs(db, this.s, now, lockUntil, limit, filter));
  }

  completeJob(id: string, doneAt: string, result?: unknown): Promise<void> {
    return this.statements((db) => updateJob(db, this.s, id, completed(doneAt, result)));
  }

  failJob(id: string, error: string, nextDue: string, dead: boolean): Promise<void> {
    return this.statements((db) => updateJob(db, this.s, id, failed(error, nextDue, dead)));
  }

  nextDueAt(filter?: JobTypeFilter): Promise<string | undefined> {
    return this.statements((db) => nextDueAt(db, this.s, filter));
  }

  // ---------------------------------------------------------------- lifecycle

  /** Throws while the database cannot be reached (or the schema is gone). */
  async ping(): Promise<void> {
    await this.statements(async (db) => {
      await db.query(`SELECT 1 FROM ${this.s}.schema_migrations LIMIT 1`);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.running]);
    await this.pool.end();
  }
}

/** A violated uniqueness at COMMIT (two active bookings of one desk half, one ticket number twice) as the port's conflict. */
function conflictOf(e: unknown): StoreConflictError | undefined {
  const unique = uniqueViolation(e);
  if (!unique) return undefined;
  if (unique.constraint === 'booking_halves_slot') {
    return new StoreConflictError(`double booking refused by the database: ${(e as Error).message}`);
  }
  if (unique.constraint === 'vpn_tickets_number_key') {
    return new StoreConflictError(`ticket number already used by another ticket: ${(e as Error).message}`);
  }
  return undefined;
}
