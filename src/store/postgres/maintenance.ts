/**
 * Data-protection maintenance on PostgreSQL (src/privacy): every record mentioning a text, and
 * rewriting records by scope in batches. Each batch is one SERIALIZABLE transaction (run again on
 * a serialization failure, so the plan must be a pure function of the records), interleaving with
 * the bot's transactions; no global lock. Deleted rows are gone for every reader at COMMIT; the
 * space is reclaimed by (auto)vacuum.
 */
import type { RecentReport } from '../../domain/vpn-outage.js';
import { emptyRecordSet, RECORD_TABLES, type ChangeSet, type DeletedIds } from '../memory-state.js';
import { StoreConflictError, type RecordRewrite, type RecordScope, type RecordSet, type RecordTable } from '../store.js';
import { isConnectionError, isRetryable } from './pg-errors.js';
import { HELPFULNESS, RECENT_REPORTS, type Queryable } from './pg-reader.js';
import {
  isNewRecordTaken,
  writeAbsence,
  writeBooking,
  writeConversation,
  writeDelegation,
  writeIncident,
  writeJob,
  writeRequest,
  writeSettings,
  writeSubscription,
  writeTicket,
  writeVpnDraft,
  writeVpnState,
} from './record-writes.js';
import type { Session, TxRunner } from './tx-runner.js';

/**
 * Per record table: the SQL table, its key column, and a condition (on alias `t`; $1 = cutoff
 * date, $2 = its start as an instant) that holds for at least every record whose age date
 * (src/privacy/retention-rules.ts) is before the cutoff.
 */
const TABLE_SQL: Record<RecordTable, { sql: string; key: string; older: (s: string) => string }> = {
  requests: {
    sql: 'requests',
    key: 'id',
    older: (s) => `t.created_at < $2::timestamptz AND NOT EXISTS (SELECT 1 FROM ${s}.request_days d WHERE d.request_id = t.id AND d.date >= $1::date)`,
  },
  bookings: { sql: 'bookings', key: 'id', older: () => 't.date < $1::date' },
  tickets: { sql: 'vpn_tickets', key: 'id', older: () => 't.created_at < $2::timestamptz' },
  incidents: { sql: 'vpn_incidents', key: 'id', older: () => "t.status = 'resolved' AND t.opened_at < $2::timestamptz" },
  vpnDrafts: { sql: 'vpn_drafts', key: 'id', older: () => 't.created_at < $2::timestamptz' },
  delegations: { sql: 'delegations', key: 'id', older: () => "(t.doc->>'to') < $1::text" },
  conversations: { sql: 'conversations', key: 'user_id', older: () => "(t.doc->>'updatedAt')::timestamptz < $2::timestamptz" },
  absences: { sql: 'absences', key: 'id', older: () => 't.date < $1::date' },
  subscriptions: { sql: 'subscriptions', key: 'id', older: () => 't.expires_at < $2::timestamptz' },
  jobs: { sql: 'outbox_jobs', key: 'id', older: () => "t.status <> 'pending' AND coalesce(t.done_at, t.due_at) < $2::timestamptz" },
  settings: { sql: 'settings', key: 'person_id', older: () => 'false' },
};

const BATCH = 1000;

class MaintenanceSession implements Session {
  failure: unknown;
  readonly db: Queryable;
  constructor(client: Queryable) {
    this.db = {
      query: async (text, values) => {
        try {
          return await client.query(text, values);
        } catch (e) {
          if (this.failure === undefined && (isRetryable(e) || isConnectionError(e))) this.failure = e;
          throw e;
        }
      },
    };
  }
  finish(): void {}
}

export class PgMaintenance {
  constructor(
    private readonly runner: TxRunner,
    private readonly s: string,
  ) {}

  private tx<T>(isolation: 'serializable' | 'read-only', fn: (db: Queryable) => Promise<T>): Promise<T> {
    return this.runner.run(isolation, (c) => new MaintenanceSession(c), (session) => fn(session.db));
  }

  async findRecords(mentioning: string): Promise<RecordSet> {
    return this.tx('read-only', async (db) => {
      const set = emptyRecordSet();
      for (const table of RECORD_TABLES) {
        const res = await db.query<{ doc: never }>(`SELECT doc FROM ${this.s}.${TABLE_SQL[table].sql} t WHERE strpos(t.doc::text, $1) > 0`, [mentioning]);
        (set[table] as unknown[]).push(...res.rows.map((r) => r.doc));
      }
      set.vpnRecentReports = (await this.recentReports(db)).filter((r) => JSON.stringify(r).includes(mentioning));
      return set;
    });
  }

  private async recentReports(db: Queryable): Promise<RecentReport[]> {
    const res = await db.query<{ doc: RecentReport[] }>(`SELECT doc FROM ${this.s}.vpn_state WHERE name = $1`, [RECENT_REPORTS]);
    return res.rows[0]?.doc ?? [];
  }

  /**
   * `mentioning`: one transaction over every table. `olderThan`: per table, batches of 1,000
   * candidates in key order, each its own transaction; the SQL conditions select a superset of
   * the records whose age date is before the cutoff (the plan decides record by record).
   */
  async rewriteRecords<C>(scope: RecordScope, plan: (records: RecordSet) => RecordRewrite<C>): Promise<C[]> {
    const results: C[] = [];
    if ('mentioning' in scope) {
      results.push(
        await this.rewriteBatch(plan, async (db) => {
          const set = emptyRecordSet();
          for (const table of RECORD_TABLES) {
            const res = await db.query<{ doc: never }>(
              `SELECT doc FROM ${this.s}.${TABLE_SQL[table].sql} t WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) m WHERE strpos(t.doc::text, m) > 0)`,
              [scope.mentioning],
            );
            (set[table] as unknown[]).push(...res.rows.map((r) => r.doc));
          }
          set.vpnRecentReports = await this.recentReports(db);
          return set;
        }),
      );
      return results;
    }
    for (const table of RECORD_TABLES) {
      const cutoff = scope.olderThan[table];
      if (cutoff === undefined) continue;
      const { sql, key, older } = TABLE_SQL[table];
      let last = '';
      for (;;) {
        let size = 0;
        let lastOfBatch = last;
        results.push(
          await this.rewriteBatch(plan, async (db) => {
            const res = await db.query<{ k: string; doc: never }>(
              `SELECT t.${key} AS k, t.doc FROM ${this.s}.${sql} t WHERE $1::date IS NOT NULL AND $2::timestamptz IS NOT NULL AND (${older(this.s)}) AND t.${key} > $3 ORDER BY t.${key} LIMIT ${BATCH}`,
              [cutoff, `${cutoff}T00:00:00.000Z`, last],
            );
            size = res.rows.length;
            lastOfBatch = size > 0 ? res.rows[size - 1]!.k : last;
            const set = emptyRecordSet();
            (set[table] as unknown[]).push(...res.rows.map((r) => r.doc));
            return set;
          }),
        );
        last = lastOfBatch;
        if (size < BATCH) break;
      }
    }
    if (scope.olderThan.vpnRecentReports !== undefined) {
      results.push(await this.rewriteBatch(plan, async (db) => ({ ...emptyRecordSet(), vpnRecentReports: await this.recentReports(db) })));
    }
    return results;
  }

  /** One transaction: load candidates, plan, write upserts (version-checked against what was loaded) and deletions. */
  private rewriteBatch<C>(plan: (records: RecordSet) => RecordRewrite<C>, load: (db: Queryable) => Promise<RecordSet>): Promise<C> {
    return this.tx('serializable', async (db) => {
      const set = await load(db);
      const { changes, deleted, result } = plan(set);
      await this.write(db, set, changes);
      await this.deleteRows(db, deleted);
      return result;
    });
  }

  private async write(db: Queryable, loaded: RecordSet, ch: ChangeSet): Promise<void> {
    const s = this.s;
    const versions = (records: readonly { id: string; version: number }[]): Map<string, number> => new Map(records.map((r) => [r.id, r.version]));
    // A record the plan did not load is written as new (expected version -1): its key taken is a conflict too.
    const conflict = async (table: 'requests' | 'bookings', id: string, write: () => Promise<boolean>): Promise<void> => {
      let ok: boolean;
      try {
        ok = await write();
      } catch (e) {
        if (!isNewRecordTaken(e, table)) throw e;
        ok = false;
      }
      if (!ok) throw new StoreConflictError(`${table === 'requests' ? 'request' : 'booking'} ${id} was changed meanwhile`);
    };
    const requestVersions = versions(loaded.requests);
    for (const r of ch.requests ?? []) await conflict('requests', r.id, () => writeRequest(db, s, r, requestVersions.get(r.id) ?? -1));
    const bookingVersions = versions(loaded.bookings);
    for (const b of ch.bookings ?? []) await conflict('bookings', b.id, () => writeBooking(db, s, b, bookingVersions.get(b.id) ?? -1));
    for (const d of ch.delegations ?? []) await writeDelegation(db, s, d);
    for (const c of ch.conversations ?? []) await writeConversation(db, s, c);
    for (const j of ch.jobs ?? []) await writeJob(db, s, j);
    for (const p of ch.settings ?? []) await writeSettings(db, s, p);
    for (const a of ch.absences ?? []) await writeAbsence(db, s, a);
    if (ch.removedSubscriptions?.length) await db.query(`DELETE FROM ${s}.subscriptions WHERE id = ANY($1::text[])`, [ch.removedSubscriptions]);
    for (const sub of ch.subscriptions ?? []) await writeSubscription(db, s, sub);
    for (const d of ch.vpnDrafts ?? []) await writeVpnDraft(db, s, d);
    for (const t of ch.tickets ?? []) await writeTicket(db, s, t);
    for (const i of ch.incidents ?? []) await writeIncident(db, s, i);
    if (ch.vpnRecentReports !== undefined) await writeVpnState(db, s, RECENT_REPORTS, ch.vpnRecentReports);
    if (ch.helpfulness !== undefined) await writeVpnState(db, s, HELPFULNESS, ch.helpfulness);
    for (const [name, value] of Object.entries(ch.sequences ?? {})) {
      await db.query(`INSERT INTO ${s}.sequences (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value`, [name, value]);
    }
  }

  private async deleteRows(db: Queryable, deleted: DeletedIds): Promise<void> {
    for (const table of RECORD_TABLES) {
      const ids = deleted[table];
      if (!ids?.length) continue;
      const { sql, key } = TABLE_SQL[table];
      await db.query(`DELETE FROM ${this.s}.${sql} WHERE ${key} = ANY($1::text[])`, [ids]);
    }
  }
}
