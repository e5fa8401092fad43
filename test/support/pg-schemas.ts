/**
 * Fresh PostgreSQL schemas for adapter tests: `pgSchemas()` inside a describe gives a new schema
 * name per test and drops every schema and closes every store it opened afterwards.
 */
import { randomUUID } from 'node:crypto';
import { openPostgresStore, type PostgresStore, type PostgresStoreOptions } from '../../src/store/postgres/postgres-store.js';
import { pgQuery } from './postgres.js';

export const newSchemaName = (): string => `pgtest_${randomUUID().replaceAll('-', '').slice(0, 16)}`;

export interface PgSchemas {
  /** The current test's schema. */
  readonly schema: string;
  /** Opens a store ("an instance", its own pool) on the current schema (or the given options). */
  open(options?: Partial<PostgresStoreOptions>): Promise<PostgresStore>;
}

export function pgSchemas(connectionString: string, now: () => Date = () => new Date('2026-03-01T12:00:00.000Z')): PgSchemas {
  let schema = '';
  const stores: PostgresStore[] = [];
  const schemas: string[] = [];
  beforeEach(() => {
    schema = newSchemaName();
    schemas.push(schema);
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close().catch(() => undefined);
    for (const s of schemas.splice(0)) await pgQuery(connectionString, `DROP SCHEMA IF EXISTS ${s} CASCADE`);
  });
  return {
    get schema() {
      return schema;
    },
    async open(options = {}) {
      const store = await openPostgresStore({ connectionString, schema, now, ...options });
      stores.push(store);
      return store;
    },
  };
}
