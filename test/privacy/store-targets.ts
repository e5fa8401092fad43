/**
 * The two stores the privacy tests run on: lowdb in a fresh temp dir, PostgreSQL (real local
 * server, test/support/postgres.ts) in a fresh schema — each with its audit log, and a way to
 * read every byte the store keeps (lowdb: every file; PostgreSQL: every row of every table).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileAuditLog, PostgresAuditLog, type AuditLog } from '../../src/privacy/audit-log.js';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { MaintainableStore } from '../../src/store/store.js';
import { findPostgres, pgQuery } from '../support/postgres.js';

export interface Target {
  kind: 'lowdb' | 'postgres';
  store: MaintainableStore;
  audit: AuditLog;
  dataDir: string;
  schema: string;
  connectionString: string;
  /** Every stored byte as text: lowdb files (not the audit dir), or every table's rows. */
  everything(): Promise<string>;
  reopen(): Promise<MaintainableStore>;
  dispose(): Promise<void>;
}

export type TargetFactory = (now: () => Date) => Promise<Target>;

async function filesText(dir: string, skip: string): Promise<string> {
  let out = '';
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== skip) out += await filesText(p, skip);
    } else out += `\n--- ${entry.name}\n${await readFile(p, 'utf8')}`;
  }
  return out;
}

export const lowdbTarget: TargetFactory = async (now) => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'privacy-'));
  let store = await openLowdbStore({ dataDir, now, compactEvery: 100_000 });
  return {
    kind: 'lowdb',
    get store() {
      return store;
    },
    audit: new FileAuditLog(dataDir),
    dataDir,
    schema: '',
    connectionString: '',
    everything: () => filesText(dataDir, 'audit'),
    async reopen() {
      await store.close();
      store = await openLowdbStore({ dataDir, now, compactEvery: 100_000 });
      return store;
    },
    async dispose() {
      await store.close().catch(() => undefined);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
};

const pgUrl = await findPostgres();

export const postgresTarget: TargetFactory | undefined = pgUrl
  ? async (now) => {
      const schema = `privacy_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
      let store = await openPostgresStore({ connectionString: pgUrl, schema, now });
      const audit = new PostgresAuditLog(pgUrl, schema);
      return {
        kind: 'postgres',
        get store() {
          return store;
        },
        audit,
        dataDir: '',
        schema,
        connectionString: pgUrl,
        async everything() {
          const tables = await pgQuery<{ table_name: string }>(pgUrl, 'SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [schema]);
          let out = '';
          for (const { table_name } of tables) {
            if (table_name === 'audit_log') continue;
            const rows = await pgQuery<{ row: string }>(pgUrl, `SELECT t::text AS row FROM ${schema}.${table_name} t`);
            out += `\n--- ${table_name}\n${rows.map((r) => r.row).join('\n')}`;
          }
          return out;
        },
        async reopen() {
          await store.close();
          store = await openPostgresStore({ connectionString: pgUrl, schema, now });
          return store;
        },
        async dispose() {
          await store.close().catch(() => undefined);
          await audit.close().catch(() => undefined);
          await pgQuery(pgUrl, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        },
      };
    }
  : undefined;

/** Runs `body` once per store; PostgreSQL is pending (with a message) when no server answers. */
export function forEachStore(body: (name: 'lowdb' | 'postgres', factory: () => TargetFactory) => void): void {
  describe('on lowdb', () => body('lowdb', () => lowdbTarget));
  describe('on PostgreSQL', function () {
    if (!postgresTarget) {
      it('needs a PostgreSQL server at 127.0.0.1:5432 (skipped)', function () {
        this.skip();
      });
      return;
    }
    const factory = postgresTarget;
    body('postgres', () => factory);
  });
}
