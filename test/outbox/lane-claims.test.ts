/**
 * Lane-filtered claims on both stores: a lane claims (and sees as next due) only its own job
 * types, or every type but the other lanes' ones.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import { openPostgresStore } from '../../src/store/postgres-store.js';
import type { Store } from '../../src/store/store.js';
import { findPostgres, pgQuery } from '../support/postgres.js';

const url = await findPostgres();

function laneClaimCases(open: () => Promise<Store>): void {
  it('claims only the lane\'s types, or every type but the excluded ones, and tells the next due of those', async () => {
    const store = await open();
    await store.transact(async (tx) => {
      await tx.enqueue({ id: 'g1', type: 'calendar.upsert-day', payload: {}, dueAt: '2026-03-01T09:00:00.000Z' });
      await tx.enqueue({ id: 't1', type: 'approval.send', payload: {}, dueAt: '2026-03-01T10:00:00.000Z' });
      await tx.enqueue({ id: 'i1', type: 'vpn.itsm-create', payload: {}, dueAt: '2026-03-01T11:00:00.000Z' });
    });
    const graph = { types: ['calendar.upsert-day'] };
    const teams = { excludeTypes: ['calendar.upsert-day', 'vpn.itsm-create'] };
    assert.equal(await store.nextDueAt(teams), '2026-03-01T10:00:00.000Z');
    assert.equal(await store.nextDueAt(graph), '2026-03-01T09:00:00.000Z');
    const t = await store.claimDueJobs('2026-03-01T12:00:00.000Z', '2026-03-01T12:05:00.000Z', 10, teams);
    assert.deepEqual(t.map((j) => j.id), ['t1']);
    const g = await store.claimDueJobs('2026-03-01T12:00:00.000Z', '2026-03-01T12:05:00.000Z', 10, graph);
    assert.deepEqual(g.map((j) => j.id), ['g1']);
    const rest = await store.claimDueJobs('2026-03-01T12:00:00.000Z', '2026-03-01T12:05:00.000Z', 10);
    assert.deepEqual(rest.map((j) => j.id), ['i1'], 'no filter: every type');
  });
}

describe('lane-filtered claims: lowdb', () => {
  let dir: string;
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });
  laneClaimCases(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lane-claims-'));
    store = await openLowdbStore({ dataDir: dir });
    return store;
  });
});

describe('lane-filtered claims: postgres', () => {
  let schema = '';
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    if (url && schema) await pgQuery(url, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });
  if (!url) {
    it('needs a PostgreSQL server at 127.0.0.1:5432 (skipped)', function () {
      this.skip();
    });
    return;
  }
  laneClaimCases(async () => {
    schema = `lanes_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    store = await openPostgresStore({ connectionString: url, schema, now: () => new Date('2026-03-01T12:00:00.000Z') });
    return store;
  });
});
