/**
 * Versioned schema migrations, applied when a store opens.
 *
 * `schema_migrations` (in the store's schema) lists every applied migration by number. On open,
 * one transaction takes a per-schema advisory lock (so two instances starting together apply each
 * migration once: the second waits, then finds nothing left to do), applies the missing
 * migrations in order and records them. A failing migration rolls back all of that start's work.
 *
 * Migration 1 is the DDL the store used before migrations existed, written with IF NOT EXISTS, so
 * a schema created by that DDL is adopted as it is; later migrations change it from there. Never
 * edit a released migration: add the next number. Migrations are written to be re-runnable
 * (IF [NOT] EXISTS), so that a schema whose `schema_migrations` was lost is migrated again safely.
 */
import type pg from 'pg';

export interface Migration {
  version: number;
  name: string;
  /** SQL for schema `s` (already validated: letters, digits, underscore). */
  sql: (s: string) => string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'base tables (the DDL of the store before versioned migrations)',
    sql: (s) => `
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
  CREATE TABLE IF NOT EXISTS ${s}.vpn_state (name text PRIMARY KEY, doc jsonb NOT NULL);`,
  },
  {
    version: 2,
    name: 'an index for every query of the port; desk-half uniqueness checked at commit',
    sql: (s) => `
  -- A transaction may cancel one booking and book its slot again in either order: the check that
  -- no desk half is held twice runs at COMMIT (a violation fails the whole transaction).
  ALTER TABLE ${s}.booking_halves DROP CONSTRAINT IF EXISTS booking_halves_slot;
  ALTER TABLE ${s}.booking_halves ADD CONSTRAINT booking_halves_slot UNIQUE (desk_id, date, half) DEFERRABLE INITIALLY DEFERRED;
  -- listBookingsOnDate(date, deskIds): one date, optionally some desks.
  CREATE INDEX IF NOT EXISTS bookings_date_desk ON ${s}.bookings (date, desk_id);
  DROP INDEX IF EXISTS ${s}.bookings_date;
  -- listPendingForApprovers / listPendingCreatedBefore: only pending requests, a small part.
  CREATE INDEX IF NOT EXISTS requests_pending_approver ON ${s}.requests (approver_id) WHERE status = 'pending';
  CREATE INDEX IF NOT EXISTS requests_pending_created ON ${s}.requests (created_at) WHERE status = 'pending';
  -- listRequestsOfPerson(person, from, to) and listActiveRequestsInRange(from, to).
  CREATE INDEX IF NOT EXISTS request_days_request_date ON ${s}.request_days (request_id, date);
  DROP INDEX IF EXISTS ${s}.request_days_request;
  CREATE INDEX IF NOT EXISTS request_days_active_date ON ${s}.request_days (date) INCLUDE (request_id) WHERE status IN ('pending', 'approved');
  -- listDelegations(manager) / listDelegationsToDeputy(deputy).
  CREATE INDEX IF NOT EXISTS delegations_manager ON ${s}.delegations (manager_id);
  CREATE INDEX IF NOT EXISTS delegations_deputy ON ${s}.delegations (deputy_id);
  -- The outbox: due pending jobs (claim, next due) and listJobs by type.
  CREATE INDEX IF NOT EXISTS outbox_pending_due ON ${s}.outbox_jobs (due_at, created_at) WHERE status = 'pending';
  CREATE INDEX IF NOT EXISTS outbox_pending_wake ON ${s}.outbox_jobs ((greatest(due_at, coalesce(locked_until, due_at)))) WHERE status = 'pending';
  CREATE INDEX IF NOT EXISTS outbox_type_status ON ${s}.outbox_jobs (type, status);
  -- listIncidentsOfReporter: incidents whose linkedReporterIds contain the person.
  CREATE INDEX IF NOT EXISTS vpn_incidents_reporters ON ${s}.vpn_incidents USING gin ((doc -> 'linkedReporterIds'));`,
  },
];

/** Applies the missing migrations of `schema` in one transaction under a per-schema advisory lock. Returns the versions applied. */
export async function migrate(client: pg.ClientBase, schema: string): Promise<number[]> {
  const applied: number[] = [];
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`migrate:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (
         version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = new Set(
      (await client.query<{ version: number }>(`SELECT version FROM ${schema}.schema_migrations`)).rows.map((r) => r.version),
    );
    const known = Math.max(...MIGRATIONS.map((m) => m.version));
    const newest = Math.max(0, ...done);
    if (newest > known) {
      throw new Error(
        `PostgreSQL schema ${schema} is at migration ${newest}, newer than this version of the bot knows (${known}): start the newer version, or restore a matching backup`,
      );
    }
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      await client.query(m.sql(schema));
      await client.query(`INSERT INTO ${schema}.schema_migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
  return applied;
}
