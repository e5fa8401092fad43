/**
 * Runs PostgreSQL transactions on a pool: no global lock, the database decides what collides.
 *
 * - `serializable`: BEGIN ISOLATION LEVEL SERIALIZABLE. When PostgreSQL aborts it with a
 *   serialization failure (40001) or a deadlock (40P01) — two transactions read and wrote
 *   overlapping things, e.g. two bookings of one desk, two requests against one person's quota —
 *   the whole callback runs again on a fresh transaction, up to `maxAttempts` times with jittered
 *   exponential backoff. The callback must only touch the transaction (it may run more than once).
 * - A connection that breaks before COMMIT was sent (failover, a restarted server, a cut
 *   network) is thrown away and the transaction runs again on a new connection; nothing of the
 *   broken one was committed. When it breaks during COMMIT, or the server stays unreachable,
 *   the caller gets StoreUnavailableError (the database is atomic: all or nothing was written).
 */
import type pg from 'pg';
import { StoreUnavailableError } from '../store-unavailable.js';
import { backoffMs, isConnectionError, isRetryable } from './pg-errors.js';

export type Isolation = 'serializable' | 'read-only' | 'read-committed';

const BEGIN: Record<Isolation, string> = {
  // A sequential scan takes a predicate lock on the whole table, so that every other writer of it
  // collides; index scans lock only the index pages they read. Small tables would be scanned.
  serializable: 'BEGIN ISOLATION LEVEL SERIALIZABLE; SET LOCAL enable_seqscan = off',
  'read-only': 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
  'read-committed': 'BEGIN',
};

/** What a session reports about the statements it ran (see PgReader.failure). */
export interface Session {
  failure: unknown;
  finish(): void;
  /** Names of the contested things the transaction touched (see PgReader.contested). */
  contested?(): string[];
}

export interface RunnerStats {
  commits: number;
  /** Transactions run again after a serialization failure or deadlock. */
  retries: number;
  /** Transactions run again after a broken connection. */
  reconnects: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class TxRunner {
  readonly stats: RunnerStats = { commits: 0, retries: 0, reconnects: 0 };

  constructor(
    private readonly pool: pg.Pool,
    private readonly describe: string,
    /** Prefix of the lock names (the schema: instances of other schemas never wait for these). */
    private readonly lockPrefix: string,
    private readonly maxAttempts = 10,
    /** Attempts while connections break: a turn should hear "bitte gleich noch einmal" soon, not after a minute. */
    private readonly maxConnectionAttempts = 3,
  ) {}

  /**
   * One transaction: `open` makes the session over the client, `fn` runs on it. Retried as
   * described above; any other error rolls back and is thrown as it is.
   */
  async run<S extends Session, T>(isolation: Isolation, open: (client: pg.PoolClient) => S, fn: (session: S) => Promise<T>): Promise<T> {
    /** What earlier attempts collided over: locked before the next attempt begins. */
    const learned = new Set<string>();
    for (let attempt = 1; ; attempt++) {
      let client: pg.PoolClient | undefined;
      let locked = false;
      let committing = false;
      let session: S | undefined;
      let lost: Error | undefined;
      // A checked-out connection that breaks emits 'error' (no pool listener while checked out):
      // it must not crash the process; the statement in flight fails and says so.
      const onLost = (e: Error): void => {
        lost ??= e;
      };
      try {
        client = await this.pool.connect();
        client.on('error', onLost);
        if (learned.size > 0) {
          // Session locks, taken before the transaction's snapshot exists: a retry waits for the
          // other holders of these names to finish and then sees their commits, instead of
          // colliding with them again. Sorted, so that two retries never wait for each other in a cycle.
          locked = true;
          await client.query('SELECT pg_advisory_lock(hashtextextended($2 || k, 0)) FROM unnest($1::text[]) AS k', [
            [...learned].sort(),
            `${this.lockPrefix}:`,
          ]);
        }
        await client.query(BEGIN[isolation]);
        session = open(client);
        let result: T;
        try {
          result = await fn(session);
        } finally {
          session.finish();
        }
        committing = true;
        await client.query('COMMIT');
        if (locked) await client.query('SELECT pg_advisory_unlock_all()');
        client.off('error', onLost);
        client.release();
        this.stats.commits++;
        return result;
      } catch (e) {
        // A callback may catch a failed statement and throw something else: the cause counts.
        const cause = session?.failure ?? e;
        const broken = lost !== undefined || isConnectionError(cause) || isConnectionError(e);
        if (client) {
          client.off('error', onLost);
          if (!broken && !committing) await client.query('ROLLBACK').catch(() => undefined);
          if (!broken && locked) await client.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
          client.release(broken ? (e instanceof Error ? e : new Error(String(e))) : undefined);
        }
        if (broken && committing) {
          throw new StoreUnavailableError(
            `PostgreSQL (${this.describe}) connection broke during COMMIT: the transaction was applied completely or not at all`,
            true,
            { cause: e },
          );
        }
        const again = broken ? attempt < this.maxConnectionAttempts : attempt < this.maxAttempts && (isRetryable(cause) || isRetryable(e));
        if (again) {
          if (broken) this.stats.reconnects++;
          else {
            this.stats.retries++;
            for (const k of session?.contested?.() ?? []) learned.add(k);
          }
          await sleep(backoffMs(attempt) * (broken ? 10 : 1));
          continue;
        }
        if (broken) {
          throw new StoreUnavailableError(`PostgreSQL (${this.describe}) is not reachable: ${(e as Error).message}`, false, { cause: e });
        }
        throw e;
      }
    }
  }
}
