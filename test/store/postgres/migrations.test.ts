/**
 * Versioned migrations on start: a schema created by the DDL of the store before migrations
 * (with data) is adopted and migrated with its records readable; instances starting together
 * apply each migration once; a schema newer than the code is refused by name.
 */
import assert from 'node:assert/strict';
import { MIGRATIONS } from '../../../src/store/postgres/migrations.js';
import { openPostgresStore } from '../../../src/store/postgres/postgres-store.js';
import { findPostgres, pgQuery } from '../../support/postgres.js';
import { pgSchemas } from '../../support/pg-schemas.js';
import { legacyDdl } from '../fixtures/legacy-postgres-ddl.js';
import { booking, ids, request } from '../store-fixtures.js';
import { ticket } from '../vpn-contract.js';

const url = await findPostgres();

describe('postgres adapter: versioned migrations', function () {
  if (!url) {
    it('needs a PostgreSQL server (skipped)', function () {
      this.skip();
    });
    return;
  }
  this.timeout(60_000);
  const db = pgSchemas(url);
  const sql = <T extends object>(text: string, values: unknown[] = []): Promise<T[]> => pgQuery<T & Record<string, unknown>>(url, text, values);
  const latest = Math.max(...MIGRATIONS.map((m) => m.version));

  it('when a schema was created by the store before migrations, then it is migrated on start and its records are readable', async () => {
    const s = db.schema;
    await sql(legacyDdl(s));
    const r = { ...request('old-r', { days: [['2024-05-06', 'approved']], status: 'approved' }), version: 3 };
    await sql(`INSERT INTO ${s}.requests (id, person_id, approver_id, status, created_at, version, doc) VALUES ($1,$2,$3,$4,$5,$6,$7)`, [
      r.id, r.personId, r.approverId, r.status, r.createdAt, r.version, JSON.stringify(r),
    ]);
    await sql(`INSERT INTO ${s}.request_days (request_id, date, status) VALUES ($1, '2024-05-06', 'approved')`, [r.id]);
    const b = { ...booking('old-b', { deskId: 'D7', date: '2026-03-02', slot: 'morning' }), version: 1 };
    await sql(
      `INSERT INTO ${s}.bookings (id, desk_id, person_id, date, slot, status, version, created_at, doc) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
      [b.id, b.deskId, b.personId, b.date, b.slot, b.status, b.version, b.createdAt, JSON.stringify(b)],
    );
    await sql(`INSERT INTO ${s}.booking_halves (desk_id, date, half, booking_id) VALUES ('D7', '2026-03-02', 'morning', 'old-b')`);
    const t = ticket('old-t', 4);
    await sql(
      `INSERT INTO ${s}.vpn_tickets (id, number, reporter_id, status, incident_id, created_at, doc) VALUES ($1,$2,$3,$4,NULL,$5,$6)`,
      [t.id, t.number, t.reporterId, t.status, t.createdAt, JSON.stringify(t)],
    );
    await sql(`INSERT INTO ${s}.sequences (name, value) VALUES ('request-2026', 41)`);

    const store = await db.open();
    assert.deepEqual(
      (await sql<{ version: number }>(`SELECT version FROM ${s}.schema_migrations ORDER BY version`)).map((m) => m.version),
      MIGRATIONS.map((m) => m.version),
    );
    await store.read(async (rd) => {
      assert.equal((await rd.getRequest('old-r'))?.version, 3);
      assert.deepEqual(ids(await rd.listRequestsOfPerson('p1', '2024-05-01', '2024-05-31')), ['old-r']);
      assert.equal((await rd.getBooking('old-b'))?.slot, 'morning');
      assert.equal((await rd.getTicketByNumber(t.number))?.id, 'old-t');
    });
    assert.equal(await store.transact((tx) => tx.nextSequence('request-2026')), 42);
    // The migrated constraint still refuses the held half, and an update of an old record works.
    await assert.rejects(store.transact((tx) => tx.putBooking(booking('new-b', { deskId: 'D7', slot: 'day' }))), { code: 'STORE_CONFLICT' });
    await store.transact(async (tx) => {
      const old = await tx.getBooking('old-b');
      await tx.putBooking({ ...old!, status: 'cancelled' });
      await tx.putBooking(booking('new-b', { deskId: 'D7', slot: 'day' }));
    });
    const deferrable = await sql<{ condeferrable: boolean }>(
      `SELECT condeferrable FROM pg_constraint WHERE conname = 'booking_halves_slot' AND connamespace = $1::regnamespace`,
      [s],
    );
    assert.deepEqual(deferrable, [{ condeferrable: true }]);
  });

  it('when four instances start together on an empty schema, then each migration is applied once and all of them work', async () => {
    const stores = await Promise.all([1, 2, 3, 4].map(() => db.open({ poolSize: 2 })));
    const rows = await sql<{ version: number; n: string }>(`SELECT version, count(*) AS n FROM ${db.schema}.schema_migrations GROUP BY version ORDER BY version`);
    assert.deepEqual(rows.map((r) => [r.version, Number(r.n)]), MIGRATIONS.map((m) => [m.version, 1]));
    await Promise.all(stores.map((st, i) => st.transact((tx) => tx.putRequest(request(`r${i}`)))));
    assert.equal((await stores[0]!.read((r) => r.listRequestsOfPerson('p1'))).length, 4);
  });

  it('when the schema is newer than this code, then opening refuses and names the schema and both versions', async () => {
    await (await db.open()).close();
    await sql(`INSERT INTO ${db.schema}.schema_migrations (version, name) VALUES ($1, 'from the future')`, [latest + 1]);
    await assert.rejects(
      openPostgresStore({ connectionString: url, schema: db.schema }),
      new RegExp(`schema ${db.schema} is at migration ${latest + 1}, newer than this version of the bot knows \\(${latest}\\)`),
    );
  });
});
