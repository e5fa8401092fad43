/**
 * Reading the VPN records for a report (tickets, outages, knowledge-base counters), safely while
 * the bot runs.
 *
 * lowdb: `readLowdbState` (read-bookings.ts) — the snapshot and journals read without writing,
 * an unfinished journal line skipped, read again when the bot compacts meanwhile.
 *
 * PostgreSQL: one connection, one `READ ONLY, REPEATABLE READ` transaction (one consistent
 * moment), plain SELECTs on the tables of the PostgreSQL store (`src/store/postgres/`): `vpn_tickets` by `created_at`,
 * `vpn_incidents` by `opened_at` (both indexed) and the `vpn_state` doc named `helpfulness`.
 * It runs no migration: a database without the tables is an error that says so (exit 2), not an empty
 * report.
 */
import pg from 'pg';
import type { AppConfig } from '../config/config.js';
import type { HelpfulnessCounters } from '../domain/vpn-knowledge-base.js';
import type { Incident, Ticket } from '../domain/vpn-model.js';
import { DataDirError, readLowdbState } from './read-bookings.js';

/** Half-open window of instants `[from, to)`, ISO 8601 (e.g. `2026-11-01T00:00:00.000Z`). */
export interface InstantWindow {
  from: string;
  to: string;
}

export interface VpnReportData {
  /** Tickets created in the window (none without a window). */
  tickets: Ticket[];
  /** Outages opened in the window (none without a window). */
  incidents: Incident[];
  /** The knowledge-base counters (all time). */
  helpfulness: HelpfulnessCounters;
}

/** The store's default schema (`openPostgresStore`). */
export const DEFAULT_SCHEMA = 'mobile_work';

const inWindow = (at: string, w: InstantWindow): boolean => {
  const t = Date.parse(at);
  return t >= Date.parse(w.from) && t < Date.parse(w.to);
};

export async function readVpnData(config: AppConfig, window?: InstantWindow, opts: { schema?: string } = {}): Promise<VpnReportData> {
  if (config.store === 'postgres') {
    if (!config.databaseUrl) throw new DataDirError('DATABASE_URL is required for STORE=postgres');
    return readPostgresVpnData(config.databaseUrl, window, opts.schema);
  }
  return readLowdbVpnData(config.dataDir, window);
}

export async function readLowdbVpnData(dataDir: string, window?: InstantWindow): Promise<VpnReportData> {
  const state = await readLowdbState(dataDir);
  return {
    tickets: window ? [...state.tickets.values()].filter((t) => inWindow(t.createdAt, window)) : [],
    incidents: window ? [...state.incidents.values()].filter((i) => inWindow(i.openedAt, window)) : [],
    helpfulness: state.helpfulness,
  };
}

const TABLES = ['vpn_tickets', 'vpn_incidents', 'vpn_state'] as const;

export async function readPostgresVpnData(connectionString: string, window?: InstantWindow, schema = DEFAULT_SCHEMA): Promise<VpnReportData> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid Postgres schema name: ${schema}`);
  const client = new pg.Client({ connectionString, application_name: 'mobile-work-bot report', connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      const present = await client.query<{ name: string; found: boolean }>(
        'SELECT t AS name, to_regclass($1 || \'.\' || t) IS NOT NULL AS found FROM unnest($2::text[]) AS t',
        [schema, [...TABLES]],
      );
      const missing = present.rows.filter((r) => !r.found).map((r) => `${schema}.${r.name}`);
      if (missing.length > 0) {
        throw new DataDirError(
          `the database of DATABASE_URL has no table ${missing.join(', ')} (has the bot run there with STORE=postgres and VPN problem reports?)`,
        );
      }
      // One after the other: a pg client runs one query at a time.
      const tickets = window
        ? await client.query<{ doc: Ticket }>(`SELECT doc FROM ${schema}.vpn_tickets WHERE created_at >= $1 AND created_at < $2 ORDER BY created_at, id`, [
            window.from,
            window.to,
          ])
        : undefined;
      const incidents = window
        ? await client.query<{ doc: Incident }>(`SELECT doc FROM ${schema}.vpn_incidents WHERE opened_at >= $1 AND opened_at < $2 ORDER BY opened_at, id`, [
            window.from,
            window.to,
          ])
        : undefined;
      const state = await client.query<{ doc: HelpfulnessCounters }>(`SELECT doc FROM ${schema}.vpn_state WHERE name = 'helpfulness'`);
      return {
        tickets: tickets?.rows.map((r) => r.doc) ?? [],
        incidents: incidents?.rows.map((r) => r.doc) ?? [],
        helpfulness: state.rows[0]?.doc ?? {},
      };
    } finally {
      await client.query('ROLLBACK').catch(() => undefined); // read only: nothing to commit
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
