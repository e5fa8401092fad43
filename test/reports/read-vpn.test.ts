import { assertReadsNeverPartial } from '../support/read-while-writing.js';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { appendFile, cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { countHelpfulness } from '../../src/domain/vpn-knowledge-base.js';
import type { Incident, Ticket } from '../../src/domain/vpn-model.js';
import { DataDirError } from '../../src/reports/read-bookings.js';
import { readLowdbVpnData, readPostgresVpnData, type InstantWindow } from '../../src/reports/read-vpn.js';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import { openPostgresStore } from '../../src/store/postgres-store.js';
import type { Store } from '../../src/store/store.js';
import { cleanUp, tempDir } from '../process/bot-process.js';
import { findPostgres, pgQuery } from '../support/postgres.js';
import { filesOf, lowdbStoresPerTest } from './report-fixtures.js';
import { changes, COUNTERS, fillStore, finalTickets, INCIDENTS } from './vpn-report-fixtures.js';

const WINDOW: InstantWindow = { from: '2026-11-02T00:00:00.000Z', to: '2026-11-16T00:00:00.000Z' };
const inWindow = (at: string) => at >= WINDOW.from && at < WINDOW.to;
const ticketSummary = (ts: readonly Ticket[]) => ts.map((t) => `${t.id} ${t.status} ${t.updatedAt}`).sort();
const incidentSummary = (is: readonly Incident[]) => is.map((i) => `${i.id} ${i.status} ${i.linkedReporterIds.length}`).sort();
const expectedTickets = () => ticketSummary(finalTickets().filter((t) => inWindow(t.createdAt)));
const expectedIncidents = () => incidentSummary(INCIDENTS.filter((i) => inWindow(i.openedAt)));

describe('reading the VPN records of a lowdb data directory for a report', () => {
  const openStore = lowdbStoresPerTest();

  /** Half of the changes compacted into store.json (closed store), the rest in the journal of a store still open. */
  async function halfCompacted(dataDir: string): Promise<Store> {
    const list = changes();
    const half = Math.floor(list.length / 2);
    const first = await openLowdbStore({ dataDir, compactEvery: 4 });
    await fillStore(first, list.slice(0, half));
    await first.close(); // compacts the rest
    const bot = await openStore(dataDir);
    await fillStore(bot, list.slice(half));
    return bot;
  }

  it('replays tickets, outages and counters from the snapshot and the journal of a running store, and changes no file', async () => {
    const dataDir = join(await tempDir('mwb-report-vpn-'), 'data');
    const bot = await halfCompacted(dataDir);
    const snapshot = JSON.parse(await readFile(join(dataDir, 'store.json'), 'utf8')) as { tickets: Ticket[]; helpfulness: unknown };
    assert.ok(snapshot.tickets.length > 0, 'the snapshot holds tickets');
    assert.notDeepEqual(snapshot.helpfulness, COUNTERS, 'the newest counters are only in the journal');
    assert.ok((await readFile(join(dataDir, 'journal.ndjson'), 'utf8')).includes('"tickets"'), 'the journal holds ticket changes');
    const before = await filesOf(dataDir);

    const read = await readLowdbVpnData(dataDir, WINDOW);

    assert.deepEqual(ticketSummary(read.tickets), expectedTickets());
    assert.deepEqual(incidentSummary(read.incidents), expectedIncidents());
    assert.deepEqual(read.helpfulness, COUNTERS);
    assert.deepEqual(read.helpfulness, await bot.read((r) => r.getHelpfulness()), 'the same counters as the store');
    assert.deepEqual(ticketSummary(read.tickets.filter((t) => t.status !== 'resolved')), ticketSummary(await bot.read(async (r) => (await r.listUnresolvedTickets()).filter((t) => inWindow(t.createdAt)))));
    assert.deepEqual(await filesOf(dataDir), before, 'the reader wrote, renamed or truncated a file');
  });

  it('without a window it reads only the counters', async () => {
    const dataDir = join(await tempDir('mwb-report-vpn-'), 'data');
    await halfCompacted(dataDir);
    const read = await readLowdbVpnData(dataDir);
    assert.deepEqual(read, { tickets: [], incidents: [], helpfulness: COUNTERS });
  });

  it('skips a journal line still being written and leaves it in place', async () => {
    const dir = await tempDir('mwb-report-vpn-');
    const live = join(dir, 'live');
    await fillStore(await openStore(live));
    const copy = join(dir, 'copy');
    await cp(live, copy, { recursive: true });
    const lines = (await readFile(join(copy, 'journal.ndjson'), 'utf8')).trim().split('\n');
    const seq = (JSON.parse(lines.at(-1)!) as { seq: number }).seq + 1;
    const resolvedAll = finalTickets().map((t) => ({ ...t, status: 'resolved' as const }));
    await appendFile(join(copy, 'journal.ndjson'), JSON.stringify({ seq, tickets: resolvedAll, helpfulness: {} }).slice(0, 200));
    const journal = await readFile(join(copy, 'journal.ndjson'), 'utf8');

    const read = await readLowdbVpnData(copy, WINDOW);

    assert.deepEqual(ticketSummary(read.tickets), expectedTickets());
    assert.deepEqual(read.helpfulness, COUNTERS);
    assert.equal(await readFile(join(copy, 'journal.ndjson'), 'utf8'), journal, 'the unfinished line was cut');
  });

  it('never sees a partial state while the store counts and compacts at the same time', async () => {
    const dataDir = join(await tempDir('mwb-report-vpn-'), 'data');
    const store = await openStore(dataDir, 15); // about 20 compactions during the writes
    await assertReadsNeverPartial({
      writes: 300,
      write: () => store.transact(async (tx) => tx.putHelpfulness(countHelpfulness(await tx.getHelpfulness(), { type: 'shown', entryIds: ['no-internet'] }))),
      read: async () => (await readLowdbVpnData(dataDir)).helpfulness['no-internet']?.shown ?? 0,
    });
  });

  it('reads a snapshot written before the VPN problem reports as no tickets and no counters', async () => {
    const dataDir = join(await tempDir('mwb-report-vpn-'), 'data');
    await mkdir(dataDir);
    await writeFile(
      join(dataDir, 'store.json'),
      JSON.stringify({ format: 1, lastSeq: 0, savedAt: '2026-01-01T00:00:00.000Z', requests: [], delegations: [], conversations: [], jobs: [], sequences: {} }),
    );
    assert.deepEqual(await readLowdbVpnData(dataDir, WINDOW), { tickets: [], incidents: [], helpfulness: {} });
  });

  it('names a missing data directory instead of creating it', async () => {
    const missing = join(await tempDir('mwb-report-vpn-'), 'no-such-dir');
    await assert.rejects(readLowdbVpnData(missing), (e: unknown) => e instanceof DataDirError && e.message.includes('no-such-dir'));
    await assert.rejects(readFile(join(missing, 'store.json')), { code: 'ENOENT' });
  });
});

const url = await findPostgres();

describe('reading the VPN records of PostgreSQL for a report', () => {
  if (!url) {
    it('needs a PostgreSQL server at 127.0.0.1:5432 (skipped)', function () {
      this.skip();
    });
    return;
  }
  const connectionString = url;
  let schema = '';
  const stores: Store[] = [];
  const sql = <T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> => pgQuery<T>(connectionString, text, values);
  beforeEach(() => {
    schema = `report_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close().catch(() => undefined);
    await sql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await cleanUp();
  });

  it('reads every ticket and outage of the window, also those outside the store\'s working set, and the counters', async () => {
    // The bot's clock half a year later: the resolved November tickets are outside its 60-day working set.
    const store = await openPostgresStore({ connectionString, schema, now: () => new Date('2027-06-01T12:00:00.000Z') });
    stores.push(store);
    await fillStore(store);
    const unresolvedOnly = await store.read((r) => Promise.all(['t1', 't2', 't3'].map(async (id) => (await r.getTicket(id))?.id ?? '-')));
    assert.deepEqual(unresolvedOnly, ['-', '-', 't3'], 'store.read sees only the working set');

    const read = await readPostgresVpnData(connectionString, WINDOW, schema);

    assert.deepEqual(ticketSummary(read.tickets), expectedTickets());
    assert.deepEqual(incidentSummary(read.incidents), expectedIncidents());
    assert.deepEqual(read.helpfulness, COUNTERS);
  });

  it('reads the same as the lowdb reader from the same changes', async () => {
    const store = await openPostgresStore({ connectionString, schema, now: () => new Date('2026-11-20T12:00:00.000Z') });
    stores.push(store);
    await fillStore(store);
    const dataDir = join(await tempDir('mwb-report-vpn-'), 'data');
    const lowdb = await openLowdbStore({ dataDir });
    await fillStore(lowdb);
    await lowdb.close();
    const window = { from: '2026-10-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' };
    const [fromPg, fromLowdb] = [await readPostgresVpnData(connectionString, window, schema), await readLowdbVpnData(dataDir, window)];
    assert.deepEqual(ticketSummary(fromPg.tickets), ticketSummary(fromLowdb.tickets));
    assert.equal(fromPg.tickets.length, finalTickets().length);
    assert.deepEqual(incidentSummary(fromPg.incidents), incidentSummary(fromLowdb.incidents));
    assert.deepEqual(fromPg.helpfulness, fromLowdb.helpfulness);
  });

  it('a schema without the VPN tables is an error naming them, and the reader creates nothing', async () => {
    await assert.rejects(
      readPostgresVpnData(connectionString, WINDOW, schema),
      (e: unknown) => e instanceof DataDirError && e.message.includes(`${schema}.vpn_tickets`),
    );
    assert.deepEqual(await sql('SELECT nspname FROM pg_namespace WHERE nspname = $1', [schema]), [], 'the reader created the schema');
  });

  it('runs in a read-only transaction', async () => {
    const store = await openPostgresStore({ connectionString, schema });
    stores.push(store);
    await sql(`CREATE TABLE ${schema}.reads (at timestamptz)`);
    await sql(`CREATE FUNCTION ${schema}.note_read() RETURNS text LANGUAGE plpgsql AS $$ BEGIN INSERT INTO ${schema}.reads VALUES (now()); RETURN 'helpfulness'; END $$`);
    // Replace vpn_state by a view that writes a row whenever it is read: in a READ ONLY transaction
    // that write is refused, so the read fails and nothing is written.
    await sql(`ALTER TABLE ${schema}.vpn_state RENAME TO vpn_state_table`);
    await sql(`INSERT INTO ${schema}.vpn_state_table (name, doc) VALUES ('helpfulness', '{}')`);
    await sql(`CREATE VIEW ${schema}.vpn_state AS SELECT name, doc FROM ${schema}.vpn_state_table WHERE name = ${schema}.note_read()`);
    await assert.rejects(readPostgresVpnData(connectionString, WINDOW, schema), /read-only transaction/);
    assert.deepEqual(await sql(`SELECT count(*)::int AS n FROM ${schema}.reads`), [{ n: 0 }]);
  });
});
