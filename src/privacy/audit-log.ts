/**
 * The audit trail of administrative access: every report, privacy export / erasure, retention
 * run and outbox listing is recorded append-only — who, when, what, with which parameters — and
 * never the data itself (no record, no name, no free text; counts only).
 *
 * lowdb (`DATA_DIR/audit/audit-YYYY-MM.ndjson`): one JSON line per entry, appended with O_APPEND
 * and fsync'd before the command goes on (a command that cannot record its access does not run).
 * The directory is created 0700 and the files 0600. Old months are removed as whole files once
 * their last day is past the `audit` period (an entry lives at most one month longer).
 *
 * PostgreSQL (`<schema>.audit_log`): INSERT only; a trigger refuses every UPDATE, and every
 * DELETE unless the transaction set `mobile_work.audit_prune = on` (only `prune` does, for the
 * `audit` period). Grant the bot's role no more than INSERT/SELECT if you want it enforced by
 * rights too (docs/datenschutz/tom.md).
 */
import { mkdir, open, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { endOfMonth, type IsoDate } from '../domain/dates.js';

export type AuditValue = string | number | boolean;

export interface AuditEntry {
  /** ISO instant. */
  at: string;
  /** OS user or the `--operator` name; `system` for the bot's own retention job. */
  actor: string;
  /** e.g. `report.occupancy`, `privacy.export`, `privacy.erase`, `privacy.retention`, `outbox.list`. */
  action: string;
  /** The command's parameters (person id, period, options) — never data read. */
  params: Record<string, AuditValue>;
  /** Counts of what was done (records exported, deleted, anonymised); never the records. */
  result?: Record<string, AuditValue>;
}

export interface AuditFilter {
  from?: IsoDate;
  to?: IsoDate;
  action?: string;
}

export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
  /** Oldest first. */
  list(filter?: AuditFilter): Promise<AuditEntry[]>;
  /** Removes entries before `cutoff` (whole months on lowdb); returns how many. */
  prune(cutoff: IsoDate): Promise<number>;
  close(): Promise<void>;
}

/** An operator name: the given one, else the OS user; a shared account (root) must name a person. */
export class OperatorError extends Error {
  readonly code = 'OPERATOR_REQUIRED';
}

const SHARED_ACCOUNTS = new Set(['root', 'node', 'nobody', 'admin', 'administrator', 'postgres']);

export function resolveOperator(explicit: string | undefined, osUser: () => string = () => os.userInfo().username): string {
  if (explicit !== undefined) {
    const name = explicit.trim();
    if (!/^[\p{L}\p{N} .@_'-]{2,80}$/u.test(name)) {
      throw new OperatorError('--operator braucht einen Namen (2–80 Zeichen, Buchstaben, Ziffern, . @ _ - \'). / --operator needs a name.');
    }
    return name;
  }
  let user = '';
  try {
    user = osUser();
  } catch {
    user = '';
  }
  if (user === '' || SHARED_ACCOUNTS.has(user.toLowerCase())) {
    throw new OperatorError(
      `Als gemeinsames Konto (${user || 'unbekannt'}) ist --operator "<Vorname Nachname>" Pflicht, damit das Protokoll eine Person nennt. / ` +
        `Running as a shared account (${user || 'unknown'}): --operator "<name>" is required so that the audit trail names a person.`,
    );
  }
  return user;
}

/**
 * For commands that show no personal data (aggregated reports, the outbox list): `--operator` when
 * given (checked as above), else the OS user as it is, a shared account marked as such.
 */
export function operatorOrOsUser(explicit: string | undefined, osUser: () => string = () => os.userInfo().username): string {
  if (explicit !== undefined) return resolveOperator(explicit, osUser);
  let user = '';
  try {
    user = osUser();
  } catch {
    user = '';
  }
  if (user === '') return '(unbekannt)';
  return SHARED_ACCOUNTS.has(user.toLowerCase()) ? `${user} (gemeinsames Konto)` : user;
}

const inFilter = (e: AuditEntry, f: AuditFilter = {}): boolean =>
  (f.from === undefined || e.at.slice(0, 10) >= f.from) && (f.to === undefined || e.at.slice(0, 10) <= f.to) && (f.action === undefined || e.action === f.action);

// ---------------------------------------------------------------- lowdb: files

const FILE = /^audit-(\d{4})-(\d{2})\.ndjson$/;

export class FileAuditLog implements AuditLog {
  private readonly dir: string;
  constructor(dataDir: string) {
    this.dir = path.join(path.resolve(dataDir), 'audit');
  }

  async append(entry: AuditEntry): Promise<void> {
    // Never creates DATA_DIR itself: a missing data directory is an operator error, not a new store.
    await mkdir(this.dir, { mode: 0o700 }).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'EEXIST') return;
      if (e.code === 'ENOENT') throw new Error(`DATA_DIR ${path.dirname(this.dir)} is not a directory (the audit trail lives in its audit/ folder)`);
      throw e;
    });
    const file = path.join(this.dir, `audit-${entry.at.slice(0, 7)}.ndjson`);
    const fh = await open(file, 'a', 0o600);
    try {
      await fh.write(`${JSON.stringify(entry)}\n`);
      await fh.sync();
    } finally {
      await fh.close();
    }
  }

  private async files(): Promise<Array<{ file: string; month: string }>> {
    const names = await readdir(this.dir).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return [] as string[];
      throw e;
    });
    return names
      .map((n) => ({ n, m: FILE.exec(n) }))
      .filter((x): x is { n: string; m: RegExpExecArray } => x.m !== null)
      .map((x) => ({ file: path.join(this.dir, x.n), month: `${x.m[1]}-${x.m[2]}` }))
      .sort((a, b) => (a.month < b.month ? -1 : 1));
  }

  async list(filter?: AuditFilter): Promise<AuditEntry[]> {
    const out: AuditEntry[] = [];
    for (const { file } of await this.files()) {
      const text = await readFile(file, 'utf8');
      for (const line of text.split('\n')) {
        if (line.trim() === '') continue;
        let e: AuditEntry;
        try {
          e = JSON.parse(line) as AuditEntry;
        } catch {
          continue; // a torn last line of a crashed append: it was never acknowledged
        }
        if (inFilter(e, filter)) out.push(e);
      }
    }
    return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }

  async prune(cutoff: IsoDate): Promise<number> {
    let removed = 0;
    for (const { file, month } of await this.files()) {
      if (endOfMonth(`${month}-01`) >= cutoff) continue;
      const text = await readFile(file, 'utf8');
      removed += text.split('\n').filter((l) => l.trim() !== '').length;
      await rm(file, { force: true });
    }
    return removed;
  }

  async close(): Promise<void> {}
}

// ---------------------------------------------------------------- PostgreSQL: table

function auditDdl(s: string): string {
  return `
  CREATE SCHEMA IF NOT EXISTS ${s};
  CREATE TABLE IF NOT EXISTS ${s}.audit_log (
    seq bigserial PRIMARY KEY, at timestamptz NOT NULL, actor text NOT NULL, action text NOT NULL, doc jsonb NOT NULL);
  CREATE INDEX IF NOT EXISTS audit_log_at ON ${s}.audit_log (at);
  CREATE OR REPLACE FUNCTION ${s}.audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $f$
  BEGIN
    IF TG_OP = 'DELETE' AND coalesce(current_setting('mobile_work.audit_prune', true), '') = 'on' THEN RETURN OLD; END IF;
    RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP;
  END $f$;
  DROP TRIGGER IF EXISTS audit_log_append_only ON ${s}.audit_log;
  CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON ${s}.audit_log
    FOR EACH ROW EXECUTE FUNCTION ${s}.audit_log_append_only();`;
}

export class PostgresAuditLog implements AuditLog {
  private ready: Promise<void> | undefined;
  private readonly pool: pg.Pool;

  constructor(
    connectionString: string,
    private readonly schema = 'mobile_work',
  ) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid Postgres schema name: ${schema}`);
    this.pool = new pg.Pool({ connectionString, max: 2, application_name: 'mobile-work-bot audit' });
  }

  private ensure(): Promise<void> {
    this.ready ??= (async () => {
      const c = await this.pool.connect();
      try {
        await c.query('BEGIN');
        await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`ddl:${this.schema}`]);
        await c.query(auditDdl(this.schema));
        await c.query('COMMIT');
      } catch (e) {
        await c.query('ROLLBACK').catch(() => undefined);
        this.ready = undefined;
        throw e;
      } finally {
        c.release();
      }
    })();
    return this.ready;
  }

  async append(entry: AuditEntry): Promise<void> {
    await this.ensure();
    await this.pool.query(`INSERT INTO ${this.schema}.audit_log (at, actor, action, doc) VALUES ($1, $2, $3, $4)`, [
      entry.at,
      entry.actor,
      entry.action,
      JSON.stringify(entry),
    ]);
  }

  async list(filter: AuditFilter = {}): Promise<AuditEntry[]> {
    await this.ensure();
    const res = await this.pool.query<{ doc: AuditEntry }>(`SELECT doc FROM ${this.schema}.audit_log ORDER BY at, seq`);
    return res.rows.map((r) => r.doc).filter((e) => inFilter(e, filter));
  }

  async prune(cutoff: IsoDate): Promise<number> {
    await this.ensure();
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      await c.query("SELECT set_config('mobile_work.audit_prune', 'on', true)");
      const res = await c.query(`DELETE FROM ${this.schema}.audit_log WHERE at < $1::timestamptz`, [`${cutoff}T00:00:00.000Z`]);
      await c.query('COMMIT');
      return res.rowCount ?? 0;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** Whether the bot's store exists in the database (its `requests` table), without creating anything. */
  static async storeExists(connectionString: string, schema = 'mobile_work'): Promise<boolean> {
    const client = new pg.Client({ connectionString, connectionTimeoutMillis: 10_000 });
    await client.connect();
    try {
      const res = await client.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [`${schema}.requests`]);
      return res.rows[0]?.found === true;
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

export function openAuditLog(config: { store: 'lowdb' | 'postgres'; dataDir: string; databaseUrl?: string | undefined }, schema?: string): AuditLog {
  if (config.store === 'postgres') {
    if (!config.databaseUrl) throw new Error('DATABASE_URL is required for STORE=postgres');
    return new PostgresAuditLog(config.databaseUrl, schema);
  }
  return new FileAuditLog(config.dataDir);
}
