/**
 * PostgreSQL adapter of the store port (several bot processes, large tenants).
 *
 * Tables (in `schema`, created if missing): requests (doc JSONB + indexed person_id, approver_id,
 * status, created_at, version), request_days (request_id, date, status) for range queries,
 * delegations, conversations, outbox_jobs (dedupe_key UNIQUE), sequences. `doc` is the source of
 * truth; the columns exist for indexes and SQL-side filters.
 *
 * Transactions: BEGIN; `pg_advisory_xact_lock(hashtext(schema))` — one global lock per schema
 * serialises all transactions of all processes (simple and correct; the throughput ceiling is one
 * transaction at a time, acceptable for now). This adapter predates the asynchronous port and
 * still works like a synchronous one: the *working set* is loaded into a `MemoryState` at the start of every transaction and the callback
 * runs on a `BufferedTx` over it; its buffered writes are flushed before COMMIT.
 *
 * LIMITATIONS (the port is asynchronous now; the adapter in src/store/postgres/ that queries SQL per
 * read replaces this one; the contract's old-history cases are skipped for it):
 * - The working set is: requests that are pending or have any day ≥ today − `workingSetDays`
 *   (default 60), all delegations, conversations and sequences, and outbox jobs that are pending,
 *   dead or done within 7 days. Reads inside a tx (and `read`) do not see older requests, so
 *   `getRequest`/`listRequestsOfPerson` on older history return nothing for them.
 * - Desk bookings in the working set: every booking with date ≥ today − `workingSetDays` (all
 *   future ones), plus all person settings. `getBooking`, `listBookingsOfPerson` and
 *   `listBookingsInRange` (also in `read`, i.e. reports) do not see older bookings; a report over
 *   older history needs plain SQL on `bookings` (indexed by date and (person_id, date)), which
 *   the adapter in src/store/postgres/ does per read.
 * - No desk booked twice, even across processes or with a bug above: `booking_halves` holds one
 *   row per occupied half day of each active (booked / checked-in) booking under
 *   UNIQUE (desk_id, date, half), maintained in flush; a violation fails the tx with
 *   StoreConflictError. (BufferedTx checks the same invariant before flush, on both stores.)
 * - Calendar: absences with date ≥ today − `workingSetDays` (table `absences`, indexed by
 *   (person_id, date) and (person_id, event_id)) and all subscriptions (about one per person).
 *   `listAbsencesOfPerson` / `listAbsencesOfEvent` do not see older absences; `putAbsence` is a
 *   plain upsert by id (no version), so writing one outside the working set is still safe.
 *   `removeSubscription` is flushed as a DELETE by id.
 * - VPN problem reports: tables `vpn_drafts`, `vpn_tickets` (number UNIQUE, indexed by
 *   reporter_id and incident_id), `vpn_incidents` and `vpn_state` (one JSONB doc per name:
 *   `recent-reports` = the outage window, `helpfulness` = the knowledge-base counters). The
 *   working set holds every unresolved ticket plus tickets created since today − `workingSetDays`,
 *   every open incident plus incidents opened since then, drafts created since then, and both
 *   `vpn_state` docs. `getTicket`, `getTicketByNumber`, `listTicketsOfReporter`,
 *   `listTicketsOfIncident`, `getIncident`, `listIncidentsOfReporter` and `getVpnDraft` do not see
 *   older resolved tickets, older resolved incidents or older drafts. Tickets, incidents and drafts
 *   are plain upserts by id (no version). A ticket number is unique: BufferedTx refuses a number
 *   held by another working-set ticket, and the UNIQUE constraint refuses one held by a ticket
 *   outside the working set (StoreConflictError either way).
 * - Loading the working set costs O(active records) per transaction: fine for small tenants,
 *   not for 5,000 staff. The adapter in src/store/postgres/ removes that.
 * - Optimistic versions are also checked in SQL at flush (`WHERE version = expected`, and an
 *   insert that collides with a row outside the working set), so a stale write never wins.
 * - An enqueue whose dedupe key belongs to a job outside the working set is dropped at flush
 *   (ON CONFLICT DO NOTHING): the old job stays, the returned job object is not stored.
 * The outbox worker calls are plain SQL (FOR UPDATE SKIP LOCKED), not under the global lock:
 * transactions only ever insert jobs, the worker only updates them.
 */
import pg from 'pg';
import { addDays } from '../domain/dates.js';
import type { Absence, CalendarSubscription } from '../domain/calendar-model.js';
import type { DeskBooking, PersonSettings } from '../domain/desk-model.js';
import type { Delegation, MobileWorkRequest } from '../domain/model.js';
import type { HelpfulnessCounters } from '../domain/vpn-knowledge-base.js';
import type { Incident, Ticket, VpnDraft } from '../domain/vpn-model.js';
import type { RecentReport } from '../domain/vpn-outage.js';
import { BufferedTx, runBuffered } from './buffered-tx.js';
import { isActiveBooking, MemoryState, slotHalves, type ChangeSet } from './memory-state.js';
import {
  StoreConflictError,
  type ConversationRecord,
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
import { emptyRecordSet, RECORD_TABLES, type DeletedIds } from './memory-state.js';

export interface PostgresStoreOptions {
  connectionString: string;
  /** Schema for the tables (default "mobile_work"); letters, digits, underscore. */
  schema?: string;
  now?: () => Date;
  /** Days of past requests kept in a transaction's working set (default 60). */
  workingSetDays?: number;
}

type Db = pg.PoolClient;

function ddl(s: string): string {
  return `
  CREATE SCHEMA IF NOT EXISTS ${s};
  CREATE TABLE IF NOT EXISTS ${s}.requests (
    id text PRIMARY KEY, person_id text NOT NULL, approver_id text, status text NOT NULL,
    created_at timestamptz NOT NULL, version integer NOT NULL, doc jsonb NOT NULL);
  CREATE INDEX IF NOT EXISTS requests_person ON ${s}.requests (person_id);
  CREATE INDEX IF NOT EXISTS requests_approver ON ${s}.requests (approver_id, status);
  CREATE INDEX IF NOT EXISTS requests_status ON ${s}.requests (status, created_at);
  CREATE TABLE IF NOT EXISTS ${s}.request_days (
    request_id text NOT NULL REFERENCES ${s}.requests (id) ON DELETE CASCADE, date date NOT NULL, status text NOT NULL);
  CREATE INDEX IF NOT EXISTS request_days_date ON ${s}.request_days (date, status);
  CREATE INDEX IF NOT EXISTS request_days_request ON ${s}.request_days (request_id);
  CREATE TABLE IF NOT EXISTS ${s}.delegations (
    id text PRIMARY KEY, manager_id text NOT NULL, deputy_id text NOT NULL, doc jsonb NOT NULL);
  CREATE TABLE IF NOT EXISTS ${s}.conversations (user_id text PRIMARY KEY, doc jsonb NOT NULL);
  CREATE TABLE IF NOT EXISTS ${s}.outbox_jobs (
    id text PRIMARY KEY, type text NOT NULL, status text NOT NULL, due_at timestamptz NOT NULL,
    locked_until timestamptz, dedupe_key text UNIQUE, created_at timestamptz NOT NULL, done_at timestamptz,
    doc jsonb NOT NULL);
  CREATE INDEX IF NOT EXISTS outbox_due ON ${s}.outbox_jobs (status, due_at);
  CREATE TABLE IF NOT EXISTS ${s}.sequences (name text PRIMARY KEY, value bigint NOT NULL);
  CREATE TABLE IF NOT EXISTS ${s}.bookings (
    id text PRIMARY KEY, desk_id text NOT NULL, person_id text NOT NULL, date date NOT NULL, slot text NOT NULL,
    status text NOT NULL, version integer NOT NULL, created_at timestamptz NOT NULL, doc jsonb NOT NULL);
  CREATE INDEX IF NOT EXISTS bookings_date ON ${s}.bookings (date);
  CREATE INDEX IF NOT EXISTS bookings_person_date ON ${s}.bookings (person_id, date);
  CREATE TABLE IF NOT EXISTS ${s}.booking_halves (
    desk_id text NOT NULL, date date NOT NULL, half text NOT NULL CHECK (half IN ('morning', 'afternoon')),
    booking_id text NOT NULL REFERENCES ${s}.bookings (id) ON DELETE CASCADE,
    CONSTRAINT booking_halves_slot UNIQUE (desk_id, date, half));
  CREATE INDEX IF NOT EXISTS booking_halves_booking ON ${s}.booking_halves (booking_id);
  CREATE TABLE IF NOT EXISTS ${s}.settings (person_id text PRIMARY KEY, doc jsonb NOT NULL);
  CREATE TABLE IF NOT EXISTS ${s}.absences (
    id text PRIMARY KEY, person_id text NOT NULL, date date NOT NULL, event_id text NOT NULL,
    active boolean NOT NULL, doc jsonb NOT NULL);
  CREATE INDEX IF NOT EXISTS absences_person_date ON ${s}.absences (person_id, date);
  CREATE INDEX IF NOT EXISTS absences_person_event ON ${s}.absences (person_id, event_id);
  CREATE TABLE IF NOT EXISTS ${s}.subscriptions (
    id text PRIMARY KEY, person_id text NOT NULL, expires_at timestamptz NOT NULL, doc jsonb NOT NULL);
  CREATE INDEX IF NOT EXISTS subscriptions_person ON ${s}.subscriptions (person_id);
  CREATE INDEX IF NOT EXISTS subscriptions_expires ON ${s}.subscriptions (expires_at);
  CREATE TABLE IF NOT EXISTS ${s}.vpn_drafts (
    id text PRIMARY KEY, reporter_id text NOT NULL, created_at timestamptz NOT NULL, doc jsonb NOT NULL);
  CREATE INDEX IF NOT EXISTS vpn_drafts_created ON ${s}.vpn_drafts (created_at);
  CREATE TABLE IF NOT EXISTS ${s}.vpn_tickets (
    id text PRIMARY KEY, number text NOT NULL UNIQUE, reporter_id text NOT NULL, status text NOT NULL,
    incident_id text, created_at timestamptz NOT NULL, doc jsonb NOT NULL);
  CREATE INDEX IF NOT EXISTS vpn_tickets_reporter ON ${s}.vpn_tickets (reporter_id);
  CREATE INDEX IF NOT EXISTS vpn_tickets_incident ON ${s}.vpn_tickets (incident_id);
  CREATE INDEX IF NOT EXISTS vpn_tickets_created ON ${s}.vpn_tickets (created_at);
  CREATE INDEX IF NOT EXISTS vpn_tickets_unresolved ON ${s}.vpn_tickets (created_at) WHERE status <> 'resolved';
  CREATE TABLE IF NOT EXISTS ${s}.vpn_incidents (
    id text PRIMARY KEY, status text NOT NULL, opened_at timestamptz NOT NULL, doc jsonb NOT NULL);
  CREATE INDEX IF NOT EXISTS vpn_incidents_opened ON ${s}.vpn_incidents (opened_at);
  CREATE INDEX IF NOT EXISTS vpn_incidents_open ON ${s}.vpn_incidents (opened_at) WHERE status = 'open';
  CREATE TABLE IF NOT EXISTS ${s}.vpn_state (name text PRIMARY KEY, doc jsonb NOT NULL);`;
}


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


/** Names of the single-document rows in `vpn_state`. */
const RECENT_REPORTS = 'recent-reports';
const HELPFULNESS = 'helpfulness';

export async function openPostgresStore(options: PostgresStoreOptions): Promise<MaintainableStore> {
  const schema = options.schema ?? 'mobile_work';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid Postgres schema name: ${schema}`);
  const pool = new pg.Pool({ connectionString: options.connectionString, max: 10 });
  const store = new PostgresStore(pool, schema, options.now ?? (() => new Date()), options.workingSetDays ?? 60);
  try {
    await store.withClient(async (c) => {
      await c.query('BEGIN');
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`ddl:${schema}`]);
      await c.query(ddl(schema));
      await c.query('COMMIT');
    });
  } catch (e) {
    await pool.end();
    throw e;
  }
  return store;
}

class PostgresStore implements MaintainableStore {
  private closed = false;
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly s: string,
    private readonly now: () => Date,
    private readonly workingSetDays: number,
  ) {}

  /** Runs `fn` on a pooled client, rolling back on error; tracked so close can wait for it. */
  async withClient<T>(fn: (c: Db) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error(`postgres store (schema ${this.s}) is closed`);
    const run = (async () => {
      const c = await this.pool.connect();
      try {
        return await fn(c);
      } catch (e) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        c.release();
      }
    })();
    this.running.add(run);
    try {
      return await run;
    } finally {
      this.running.delete(run);
    }
  }

  private async loadWorkingSet(c: Db): Promise<MemoryState> {
    const s = this.s;
    const now = this.now();
    const since = addDays(now.toISOString().slice(0, 10), -this.workingSetDays);
    const doneSince = new Date(now.getTime() - 7 * 86_400_000).toISOString();
    const sinceInstant = `${since}T00:00:00.000Z`;
    const [
      requests,
      delegations,
      conversations,
      jobs,
      sequences,
      bookings,
      settings,
      absences,
      subscriptions,
      drafts,
      tickets,
      incidents,
      vpnState,
    ] = await Promise.all([
      c.query<{ doc: MobileWorkRequest }>(
        `SELECT doc FROM ${s}.requests r WHERE r.status = 'pending'
           OR EXISTS (SELECT 1 FROM ${s}.request_days d WHERE d.request_id = r.id AND d.date >= $1)`,
        [since],
      ),
      c.query<{ doc: Delegation }>(`SELECT doc FROM ${s}.delegations`),
      c.query<{ doc: ConversationRecord }>(`SELECT doc FROM ${s}.conversations`),
      c.query<{ doc: OutboxJob }>(`SELECT doc FROM ${s}.outbox_jobs WHERE status <> 'done' OR done_at >= $1`, [doneSince]),
      c.query<{ name: string; value: string }>(`SELECT name, value FROM ${s}.sequences`),
      c.query<{ doc: DeskBooking }>(`SELECT doc FROM ${s}.bookings WHERE date >= $1`, [since]),
      c.query<{ doc: PersonSettings }>(`SELECT doc FROM ${s}.settings`),
      c.query<{ doc: Absence }>(`SELECT doc FROM ${s}.absences WHERE date >= $1`, [since]),
      c.query<{ doc: CalendarSubscription }>(`SELECT doc FROM ${s}.subscriptions`),
      c.query<{ doc: VpnDraft }>(`SELECT doc FROM ${s}.vpn_drafts WHERE created_at >= $1`, [sinceInstant]),
      c.query<{ doc: Ticket }>(`SELECT doc FROM ${s}.vpn_tickets WHERE status <> 'resolved' OR created_at >= $1`, [sinceInstant]),
      c.query<{ doc: Incident }>(`SELECT doc FROM ${s}.vpn_incidents WHERE status = 'open' OR opened_at >= $1`, [sinceInstant]),
      c.query<{ name: string; doc: unknown }>(`SELECT name, doc FROM ${s}.vpn_state WHERE name = ANY($1::text[])`, [
        [RECENT_REPORTS, HELPFULNESS],
      ]),
    ]);
    const vpnDoc = (name: string): unknown => vpnState.rows.find((r) => r.name === name)?.doc;
    const recentReports = vpnDoc(RECENT_REPORTS) as RecentReport[] | undefined;
    const helpfulness = vpnDoc(HELPFULNESS) as HelpfulnessCounters | undefined;
    const state = new MemoryState();
    state.apply({
      requests: requests.rows.map((r) => r.doc),
      delegations: delegations.rows.map((r) => r.doc),
      conversations: conversations.rows.map((r) => r.doc),
      jobs: jobs.rows.map((r) => r.doc),
      sequences: Object.fromEntries(sequences.rows.map((r) => [r.name, Number(r.value)])),
      bookings: bookings.rows.map((r) => r.doc),
      settings: settings.rows.map((r) => r.doc),
      absences: absences.rows.map((r) => r.doc),
      subscriptions: subscriptions.rows.map((r) => r.doc),
      vpnDrafts: drafts.rows.map((r) => r.doc),
      tickets: tickets.rows.map((r) => r.doc),
      incidents: incidents.rows.map((r) => r.doc),
      ...(recentReports !== undefined ? { vpnRecentReports: recentReports } : {}),
      ...(helpfulness !== undefined ? { helpfulness } : {}),
    });
    return state;
  }

  transact<T>(fn: (tx: StoreTx) => T | Promise<T>): Promise<T> {
    return this.withClient(async (c) => {
      await c.query('BEGIN');
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`tx:${this.s}`]);
      const state = await this.loadWorkingSet(c);
      const { result, changes } = await runBuffered(new BufferedTx(state, this.now), fn);
      if (changes) await this.flush(c, state, changes);
      await c.query('COMMIT');
      return result;
    });
  }

  private async flush(c: Db, loaded: MemoryState, ch: ChangeSet): Promise<void> {
    const s = this.s;
    for (const r of ch.requests ?? []) {
      const cols = [r.id, r.personId, r.approverId ?? null, r.status, r.createdAt, r.version, JSON.stringify(r)];
      const known = loaded.requests.get(r.id);
      const res = known
        ? await c.query(
            `UPDATE ${s}.requests SET person_id=$2, approver_id=$3, status=$4, created_at=$5, version=$6, doc=$7
              WHERE id=$1 AND version=$8`,
            [...cols, known.version],
          )
        : await c.query(
            `INSERT INTO ${s}.requests (id, person_id, approver_id, status, created_at, version, doc)
             VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (id) DO NOTHING`,
            cols,
          );
      if (res.rowCount !== 1) throw new StoreConflictError(`request ${r.id} was changed meanwhile (or is outside the working set)`);
      await c.query(`DELETE FROM ${s}.request_days WHERE request_id = $1`, [r.id]);
      await c.query(
        `INSERT INTO ${s}.request_days (request_id, date, status)
         SELECT $1, d, st FROM unnest($2::date[], $3::text[]) AS t(d, st)`,
        [r.id, r.days.map((d) => d.date), r.days.map((d) => d.status)],
      );
    }
    for (const d of ch.delegations ?? []) {
      await c.query(
        `INSERT INTO ${s}.delegations (id, manager_id, deputy_id, doc) VALUES ($1,$2,$3,$4)
         ON CONFLICT (id) DO UPDATE SET manager_id=EXCLUDED.manager_id, deputy_id=EXCLUDED.deputy_id, doc=EXCLUDED.doc`,
        [d.id, d.managerId, d.deputyId, JSON.stringify(d)],
      );
    }
    for (const cv of ch.conversations ?? []) {
      await c.query(
        `INSERT INTO ${s}.conversations (user_id, doc) VALUES ($1,$2) ON CONFLICT (user_id) DO UPDATE SET doc=EXCLUDED.doc`,
        [cv.userId, JSON.stringify(cv)],
      );
    }
    for (const j of ch.jobs ?? []) {
      await c.query(
        `INSERT INTO ${s}.outbox_jobs (id, type, status, due_at, dedupe_key, created_at, doc)
         VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT DO NOTHING`,
        [j.id, j.type, j.status, j.dueAt, j.dedupeKey ?? null, j.createdAt, JSON.stringify(j)],
      );
    }
    for (const [name, value] of Object.entries(ch.sequences ?? {})) {
      await c.query(
        `INSERT INTO ${s}.sequences (name, value) VALUES ($1,$2) ON CONFLICT (name) DO UPDATE SET value=EXCLUDED.value`,
        [name, value],
      );
    }
    await this.flushBookings(c, loaded, ch.bookings ?? []);
    for (const p of ch.settings ?? []) {
      await c.query(
        `INSERT INTO ${s}.settings (person_id, doc) VALUES ($1,$2) ON CONFLICT (person_id) DO UPDATE SET doc=EXCLUDED.doc`,
        [p.personId, JSON.stringify(p)],
      );
    }
    for (const a of ch.absences ?? []) {
      await c.query(
        `INSERT INTO ${s}.absences (id, person_id, date, event_id, active, doc) VALUES ($1,$2,$3,$4,$5,$6)
         ON CONFLICT (id) DO UPDATE SET person_id=EXCLUDED.person_id, date=EXCLUDED.date, event_id=EXCLUDED.event_id,
           active=EXCLUDED.active, doc=EXCLUDED.doc`,
        [a.id, a.personId, a.date, a.eventId, a.active, JSON.stringify(a)],
      );
    }
    if (ch.removedSubscriptions?.length) {
      await c.query(`DELETE FROM ${s}.subscriptions WHERE id = ANY($1::text[])`, [ch.removedSubscriptions]);
    }
    for (const sub of ch.subscriptions ?? []) {
      await c.query(
        `INSERT INTO ${s}.subscriptions (id, person_id, expires_at, doc) VALUES ($1,$2,$3,$4)
         ON CONFLICT (id) DO UPDATE SET person_id=EXCLUDED.person_id, expires_at=EXCLUDED.expires_at, doc=EXCLUDED.doc`,
        [sub.id, sub.personId, sub.expiresAt, JSON.stringify(sub)],
      );
    }
    await this.flushVpn(c, ch);
  }

  /** VPN records: plain upserts by id; the whole outage window / counters as `vpn_state` docs. */
  private async flushVpn(c: Db, ch: ChangeSet): Promise<void> {
    const s = this.s;
    for (const d of ch.vpnDrafts ?? []) {
      await c.query(
        `INSERT INTO ${s}.vpn_drafts (id, reporter_id, created_at, doc) VALUES ($1,$2,$3,$4)
         ON CONFLICT (id) DO UPDATE SET reporter_id=EXCLUDED.reporter_id, created_at=EXCLUDED.created_at, doc=EXCLUDED.doc`,
        [d.id, d.reporterId, d.createdAt, JSON.stringify(d)],
      );
    }
    for (const t of ch.tickets ?? []) {
      try {
        await c.query(
          `INSERT INTO ${s}.vpn_tickets (id, number, reporter_id, status, incident_id, created_at, doc) VALUES ($1,$2,$3,$4,$5,$6,$7)
           ON CONFLICT (id) DO UPDATE SET number=EXCLUDED.number, reporter_id=EXCLUDED.reporter_id, status=EXCLUDED.status,
             incident_id=EXCLUDED.incident_id, created_at=EXCLUDED.created_at, doc=EXCLUDED.doc`,
          [t.id, t.number, t.reporterId, t.status, t.incidentId ?? null, t.createdAt, JSON.stringify(t)],
        );
      } catch (e) {
        if ((e as { code?: unknown }).code === '23505') {
          throw new StoreConflictError(`ticket number ${t.number} is already used by another ticket; ticket ${t.id} not stored`);
        }
        throw e;
      }
    }
    for (const i of ch.incidents ?? []) {
      await c.query(
        `INSERT INTO ${s}.vpn_incidents (id, status, opened_at, doc) VALUES ($1,$2,$3,$4)
         ON CONFLICT (id) DO UPDATE SET status=EXCLUDED.status, opened_at=EXCLUDED.opened_at, doc=EXCLUDED.doc`,
        [i.id, i.status, i.openedAt, JSON.stringify(i)],
      );
    }
    const state: [string, unknown][] = [];
    if (ch.vpnRecentReports !== undefined) state.push([RECENT_REPORTS, ch.vpnRecentReports]);
    if (ch.helpfulness !== undefined) state.push([HELPFULNESS, ch.helpfulness]);
    for (const [name, doc] of state) {
      await c.query(
        `INSERT INTO ${s}.vpn_state (name, doc) VALUES ($1,$2) ON CONFLICT (name) DO UPDATE SET doc=EXCLUDED.doc`,
        [name, JSON.stringify(doc)],
      );
    }
  }

  /**
   * Writes bookings and keeps `booking_halves` (one row per occupied half day of an active
   * booking, UNIQUE (desk_id, date, half)) in step. The halves of every changed booking are
   * removed first and re-inserted after all rows are written, so a tx may cancel one booking and
   * book its slot again in any order. A unique violation means two active bookings of one desk
   * slot: the tx fails with StoreConflictError, whatever the layers above believed.
   */
  private async flushBookings(c: Db, loaded: MemoryState, bookings: readonly DeskBooking[]): Promise<void> {
    if (bookings.length === 0) return;
    const s = this.s;
    await c.query(`DELETE FROM ${s}.booking_halves WHERE booking_id = ANY($1::text[])`, [bookings.map((b) => b.id)]);
    for (const b of bookings) {
      const cols = [b.id, b.deskId, b.personId, b.date, b.slot, b.status, b.version, b.createdAt, JSON.stringify(b)];
      const known = loaded.bookings.get(b.id);
      const res = known
        ? await c.query(
            `UPDATE ${s}.bookings SET desk_id=$2, person_id=$3, date=$4, slot=$5, status=$6, version=$7, created_at=$8, doc=$9
              WHERE id=$1 AND version=$10`,
            [...cols, known.version],
          )
        : await c.query(
            `INSERT INTO ${s}.bookings (id, desk_id, person_id, date, slot, status, version, created_at, doc)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT (id) DO NOTHING`,
            cols,
          );
      if (res.rowCount !== 1) throw new StoreConflictError(`booking ${b.id} was changed meanwhile (or is outside the working set)`);
    }
    const halves = bookings.filter(isActiveBooking).flatMap((b) => slotHalves(b.slot).map((half) => ({ b, half })));
    if (halves.length === 0) return;
    try {
      await c.query(
        `INSERT INTO ${s}.booking_halves (desk_id, date, half, booking_id)
         SELECT * FROM unnest($1::text[], $2::date[], $3::text[], $4::text[])`,
        [halves.map((h) => h.b.deskId), halves.map((h) => h.b.date), halves.map((h) => h.half), halves.map((h) => h.b.id)],
      );
    } catch (e) {
      if ((e as { code?: unknown }).code === '23505') {
        throw new StoreConflictError(`double booking refused by the database: ${(e as Error).message}`);
      }
      throw e;
    }
  }

  read<T>(fn: (reader: StoreReader) => T | Promise<T>): Promise<T> {
    return this.withClient(async (c) => {
      await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const reader = new BufferedTx(await this.loadWorkingSet(c), this.now, true);
      try {
        return await fn(reader);
      } finally {
        reader.finish();
        await c.query('COMMIT');
      }
    });
  }

  // ---------------------------------------------------------------- data protection (src/privacy)

  async findRecords(mentioning: string): Promise<RecordSet> {
    return this.withClient(async (c) => {
      await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const set = emptyRecordSet();
      for (const table of RECORD_TABLES) {
        const { sql } = TABLE_SQL[table];
        const res = await c.query<{ doc: never }>(`SELECT doc FROM ${this.s}.${sql} t WHERE strpos(t.doc::text, $1) > 0`, [mentioning]);
        (set[table] as unknown[]).push(...res.rows.map((r) => r.doc));
      }
      set.vpnRecentReports = (await this.recentReports(c)).filter((r) => JSON.stringify(r).includes(mentioning));
      await c.query('COMMIT');
      return set;
    });
  }

  private async recentReports(c: Db): Promise<RecentReport[]> {
    const res = await c.query<{ doc: RecentReport[] }>(`SELECT doc FROM ${this.s}.vpn_state WHERE name = $1`, [RECENT_REPORTS]);
    return res.rows[0]?.doc ?? [];
  }

  /**
   * `mentioning`: one transaction over every table (under the store's transaction lock).
   * `olderThan`: per table, batches of 1,000 candidates in key order, each its own transaction
   * under the lock, so that bot transactions interleave; the SQL conditions select a superset of
   * the records whose age date is before the cutoff (the plan decides record by record).
   * Deleted rows are gone for every reader at COMMIT; the space is reclaimed by (auto)vacuum.
   */
  async rewriteRecords<C>(scope: RecordScope, plan: (records: RecordSet) => RecordRewrite<C>): Promise<C[]> {
    const results: C[] = [];
    if ('mentioning' in scope) {
      results.push(
        await this.rewriteBatch(async (c) => {
          const set = emptyRecordSet();
          for (const table of RECORD_TABLES) {
            const res = await c.query<{ doc: never }>(
              `SELECT doc FROM ${this.s}.${TABLE_SQL[table].sql} t WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) m WHERE strpos(t.doc::text, m) > 0)`,
              [scope.mentioning],
            );
            (set[table] as unknown[]).push(...res.rows.map((r) => r.doc));
          }
          set.vpnRecentReports = await this.recentReports(c);
          return { set, plan };
        }),
      );
      return results;
    }
    const BATCH = 1000;
    for (const table of RECORD_TABLES) {
      const cutoff = scope.olderThan[table];
      if (cutoff === undefined) continue;
      const { sql, key, older } = TABLE_SQL[table];
      let last = '';
      for (;;) {
        let size = 0;
        results.push(
          await this.rewriteBatch(async (c) => {
            const res = await c.query<{ k: string; doc: never }>(
              `SELECT t.${key} AS k, t.doc FROM ${this.s}.${sql} t WHERE $1::date IS NOT NULL AND $2::timestamptz IS NOT NULL AND (${older(this.s)}) AND t.${key} > $3 ORDER BY t.${key} LIMIT ${BATCH}`,
              [cutoff, `${cutoff}T00:00:00.000Z`, last],
            );
            size = res.rows.length;
            if (size > 0) last = res.rows[size - 1]!.k;
            const set = emptyRecordSet();
            (set[table] as unknown[]).push(...res.rows.map((r) => r.doc));
            return { set, plan };
          }),
        );
        if (size < BATCH) break;
      }
    }
    const recentCutoff = scope.olderThan.vpnRecentReports;
    if (recentCutoff !== undefined) {
      results.push(await this.rewriteBatch(async (c) => ({ set: { ...emptyRecordSet(), vpnRecentReports: await this.recentReports(c) }, plan })));
    }
    return results;
  }

  /** One transaction: load candidates, plan, write upserts (version-checked) and deletions. */
  private rewriteBatch<C>(load: (c: Db) => Promise<{ set: RecordSet; plan: (records: RecordSet) => RecordRewrite<C> }>): Promise<C> {
    return this.withClient(async (c) => {
      await c.query('BEGIN');
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`tx:${this.s}`]);
      const { set, plan } = await load(c);
      const { changes, deleted, result } = plan(set);
      const loaded = new MemoryState();
      loaded.apply({ requests: set.requests, bookings: set.bookings });
      await this.flush(c, loaded, changes);
      await this.deleteRows(c, deleted);
      await c.query('COMMIT');
      return result;
    });
  }

  private async deleteRows(c: Db, deleted: DeletedIds): Promise<void> {
    for (const table of RECORD_TABLES) {
      const ids = deleted[table];
      if (!ids?.length) continue;
      const { sql, key } = TABLE_SQL[table];
      await c.query(`DELETE FROM ${this.s}.${sql} WHERE ${key} = ANY($1::text[])`, [ids]);
    }
  }

  // ---------------------------------------------------------------- outbox worker

  claimDueJobs(now: string, lockUntil: string, limit: number, filter?: JobTypeFilter): Promise<OutboxJob[]> {
    return this.withClient(async (c) => {
      const res = await c.query<{ doc: OutboxJob }>(
        `UPDATE ${this.s}.outbox_jobs SET locked_until = $2, doc = jsonb_set(doc, '{lockedUntil}', to_jsonb($4::text))
          WHERE id IN (SELECT id FROM ${this.s}.outbox_jobs
                        WHERE status = 'pending' AND due_at <= $1 AND (locked_until IS NULL OR locked_until <= $1)
                          AND ($5::text[] IS NULL OR type = ANY($5)) AND ($6::text[] IS NULL OR NOT (type = ANY($6)))
                        ORDER BY due_at, created_at LIMIT $3 FOR UPDATE SKIP LOCKED)
          RETURNING doc`,
        [now, lockUntil, Math.max(0, limit), lockUntil, filter?.types ?? null, filter?.excludeTypes ?? null],
      );
      return res.rows.map((r) => r.doc).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.createdAt.localeCompare(b.createdAt));
    });
  }

  /** Locks a job row, lets `change` compute its new doc (undefined = leave it), writes it. */
  private updateJob(id: string, change: (job: OutboxJob) => OutboxJob | undefined): Promise<void> {
    return this.withClient(async (c) => {
      await c.query('BEGIN');
      const res = await c.query<{ doc: OutboxJob }>(`SELECT doc FROM ${this.s}.outbox_jobs WHERE id = $1 FOR UPDATE`, [id]);
      const job = res.rows[0]?.doc;
      if (!job) throw new Error(`outbox job ${id} not found`);
      const next = change(job);
      if (next) {
        await c.query(
          `UPDATE ${this.s}.outbox_jobs SET status=$2, due_at=$3, locked_until=NULL, done_at=$4, doc=$5 WHERE id=$1`,
          [id, next.status, next.dueAt, next.doneAt ?? null, JSON.stringify(next)],
        );
      }
      await c.query('COMMIT');
    });
  }

  completeJob(id: string, doneAt: string, result?: unknown): Promise<void> {
    return this.updateJob(id, (job) => {
      if (job.status === 'done') return undefined;
      delete job.lockedUntil;
      return { ...job, status: 'done', doneAt, ...(result !== undefined ? { result } : {}) };
    });
  }

  failJob(id: string, error: string, nextDueAt: string, dead: boolean): Promise<void> {
    return this.updateJob(id, (job) => {
      if (job.status !== 'pending') return undefined;
      delete job.lockedUntil;
      return { ...job, attempts: job.attempts + 1, lastError: error, dueAt: nextDueAt, status: dead ? 'dead' : 'pending' };
    });
  }

  nextDueAt(filter?: JobTypeFilter): Promise<string | undefined> {
    return this.withClient(async (c) => {
      const res = await c.query<{ doc: OutboxJob }>(
        `SELECT doc FROM ${this.s}.outbox_jobs WHERE status = 'pending'
            AND ($1::text[] IS NULL OR type = ANY($1)) AND ($2::text[] IS NULL OR NOT (type = ANY($2)))
          ORDER BY greatest(due_at, coalesce(locked_until, due_at)) LIMIT 1`,
        [filter?.types ?? null, filter?.excludeTypes ?? null],
      );
      const job = res.rows[0]?.doc;
      if (!job) return undefined;
      return job.lockedUntil !== undefined && Date.parse(job.lockedUntil) > Date.parse(job.dueAt) ? job.lockedUntil : job.dueAt;
    });
  }

  // ---------------------------------------------------------------- lifecycle

  async ping(): Promise<void> {
    await this.withClient(async (c) => {
      await c.query('SELECT 1');
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.running]);
    await this.pool.end();
  }
}
