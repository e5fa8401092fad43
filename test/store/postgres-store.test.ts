/**
 * The store contract against PostgreSQL at 127.0.0.1:5432 (trust auth, database `test`, user
 * `postgres` or `root`, or PG_TEST_URL). One fresh schema per opened store, dropped afterwards.
 * Skipped when no server answers.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openPostgresStore } from '../../src/store/postgres-store.js';
import { runStoreContract } from './store-contract.js';
import { request, sleep } from './store-fixtures.js';

async function findServer(): Promise<string | undefined> {
  const candidates = process.env.PG_TEST_URL
    ? [process.env.PG_TEST_URL]
    : ['postgres://postgres@127.0.0.1:5432/test', 'postgres://root@127.0.0.1:5432/test'];
  for (const url of candidates) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return url;
    } catch {
      // try the next one
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  return undefined;
}

const url = await findServer();
// Fixed clock: the contract's data lies in March 2026 and must be inside the working set.
const now = (): Date => new Date('2026-03-01T12:00:00.000Z');

if (!url) {
  describe('Store contract: postgres', () => {
    it('needs a PostgreSQL server at 127.0.0.1:5432 (skipped)', function () {
      this.skip();
    });
  });
} else {
  const connectionString = url;
  const dropSchema = async (schema: string): Promise<void> => {
    const client = new pg.Client({ connectionString });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      await client.end();
    }
  };
  const newSchema = (): string => `store_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;

  describe('postgres store: several bot processes', () => {
    it('two store instances on one schema never exceed a read-check-write limit', async () => {
      const schema = newSchema();
      const a = await openPostgresStore({ connectionString, schema, now });
      const b = await openPostgresStore({ connectionString, schema, now });
      try {
        const results = await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            (i % 2 ? a : b).transact(async (tx) => {
              const count = tx.listRequestsOfPerson('px').length;
              await sleep(i % 3);
              if (count >= 10) return false;
              tx.putRequest(request(`r${i}`, { personId: 'px' }));
              return true;
            }),
          ),
        );
        assert.equal(results.filter(Boolean).length, 10);
        assert.equal((await b.read((r) => r.listRequestsOfPerson('px'))).length, 10);
      } finally {
        await a.close();
        await b.close();
        await dropSchema(schema);
      }
    });
  });

  runStoreContract('postgres', async () => {
    const schema = newSchema();
    return {
      store: await openPostgresStore({ connectionString, schema, now }),
      reopen: () => openPostgresStore({ connectionString, schema, now }),
      cleanup: () => dropSchema(schema),
    };
  });
}
