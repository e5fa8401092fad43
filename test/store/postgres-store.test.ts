/**
 * The store contract against PostgreSQL at 127.0.0.1:5432 (trust auth, database `test`, user
 * `postgres` or `root`, or PG_TEST_URL). One fresh schema per opened store, dropped afterwards.
 * Skipped when no server answers.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openPostgresStore } from '../../src/store/postgres-store.js';
import { StoreConflictError, type Store } from '../../src/store/store.js';
import { runStoreContract, type OpenedStore } from './store-contract.js';
import fc from 'fast-check';
import { checkNoDoubleBooking, deskOpArb } from './desk-contract.js';
import { absence, booking, ids, request, sleep, subscription } from './store-fixtures.js';
import { incident, recentReport, runVpnStoreContract, ticket, vpnDraft } from './vpn-contract.js';
import { findPostgres, pgQuery } from '../support/postgres.js';


const url = await findPostgres();
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
  const newSchema = (): string => `store_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;

  /** Runs a statement on its own connection (outside any store). */
  const sql = <T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> => pgQuery<T>(connectionString, text, values);

  /** A fresh schema for every test of the enclosing describe; its stores are closed and the schema dropped afterwards. */
  function schemaPerTest(): { readonly schema: string; openStore(): Promise<Store> } {
    let schema = '';
    const stores: Store[] = [];
    beforeEach(() => {
      schema = newSchema();
    });
    afterEach(async () => {
      for (const s of stores.splice(0)) await s.close().catch(() => undefined);
      await dropSchema(schema);
    });
    return {
      get schema() {
        return schema;
      },
      async openStore() {
        const s = await openPostgresStore({ connectionString, schema, now });
        stores.push(s);
        return s;
      },
    };
  }

  const dropSchema = async (schema: string): Promise<void> => {
    await sql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  };

  describe('postgres store: several bot processes', () => {
    it('two store instances on one schema never exceed a read-check-write limit', async () => {
      const schema = newSchema();
      const a = await openPostgresStore({ connectionString, schema, now });
      const b = await openPostgresStore({ connectionString, schema, now });
      try {
        const results = await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            (i % 2 ? a : b).transact(async (tx) => {
              const count = (await tx.listRequestsOfPerson('px')).length;
              await sleep(i % 3);
              if (count >= 10) return false;
              await tx.putRequest(request(`r${i}`, { personId: 'px' }));
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

  describe('postgres store: desks are never booked twice', () => {
    let schema: string;
    let a: Store;
    let b: Store;
    beforeEach(async () => {
      schema = newSchema();
      a = await openPostgresStore({ connectionString, schema, now });
      b = await openPostgresStore({ connectionString, schema, now });
    });
    afterEach(async () => {
      await a.close();
      await b.close();
      await dropSchema(schema);
    });

    it('two store instances (two pools) on one schema: concurrent book / cancel / release / check-in (property)', async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(deskOpArb, { minLength: 5, maxLength: 40 }), async (ops) => {
          await checkNoDoubleBooking([a, b], ops, `run${run++}`);
        }),
        { numRuns: 10 },
      );
      // booking_halves holds exactly the halves of the active bookings.
      const halves = await sql<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.booking_halves`);
      const expected = await sql<{ n: string }>(
        `SELECT coalesce(sum(CASE WHEN slot = 'day' THEN 2 ELSE 1 END), 0) AS n FROM ${schema}.bookings
          WHERE status IN ('booked', 'checked-in')`,
      );
      assert.equal(Number(halves[0]?.n), Number(expected[0]?.n));
    });

    it('the database itself refuses a second active booking of a desk half (UNIQUE booking_halves)', async () => {
      await a.transact((tx) => tx.putBooking(booking('a1', { deskId: 'D1', date: '2026-03-02', slot: 'day' })));
      const rows = await sql<{ half: string; booking_id: string }>(
        `SELECT half, booking_id FROM ${schema}.booking_halves ORDER BY half`,
      );
      assert.deepEqual(rows, [
        { half: 'afternoon', booking_id: 'a1' },
        { half: 'morning', booking_id: 'a1' },
      ]);
      // A writer that skips every check above the database (a bug, another tool) still fails.
      const x = booking('x1', { deskId: 'D1', date: '2026-03-02', slot: 'morning' });
      await sql(
        `INSERT INTO ${schema}.bookings (id, desk_id, person_id, date, slot, status, version, created_at, doc)
         VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8)`,
        [x.id, x.deskId, x.personId, x.date, x.slot, x.status, x.createdAt, JSON.stringify(x)],
      );
      await assert.rejects(
        sql(`INSERT INTO ${schema}.booking_halves (desk_id, date, half, booking_id) VALUES ('D1', '2026-03-02', 'morning', 'x1')`),
        (e: unknown) => (e as { code?: string }).code === '23505',
      );
      // Cancelling frees the halves; the slot can be booked again.
      await b.transact(async (tx) => {
        const a1 = await tx.getBooking('a1');
        assert.ok(a1);
        await tx.putBooking({ ...a1, status: 'cancelled' });
      });
      assert.deepEqual(await sql(`SELECT * FROM ${schema}.booking_halves`), []);
      await a.transact((tx) => tx.putBooking(booking('a2', { deskId: 'D1', date: '2026-03-02', slot: 'afternoon' })));
    });

    it('a working-set booking changed by the other instance is a conflict, not an overwrite', async () => {
      const v1 = await a.transact((tx) => tx.putBooking(booking('a1')));
      await b.transact((tx) => tx.putBooking({ ...v1, status: 'checked-in' }));
      await assert.rejects(a.transact((tx) => tx.putBooking({ ...v1, status: 'cancelled' })), StoreConflictError);
      assert.equal((await a.read((r) => r.getBooking('a1')))?.status, 'checked-in');
    });
  });

  describe('postgres store: calendar tables', () => {
    const db = schemaPerTest();
    const { openStore } = db;

    it('writes absences and subscriptions into their indexed tables; a removal deletes the row', async () => {
      const s = await openStore();
      await s.transact(async (tx) => {
        await tx.putAbsence(absence('p1', '2026-03-02', 'ev1', { active: false }));
        await tx.putSubscription(subscription('s1', { personId: 'p1', expiresAt: '2026-03-05T09:00:00+01:00' }));
        await tx.putSubscription(subscription('s2', { personId: 'p2' }));
      });
      assert.deepEqual(
        await sql(`SELECT id, person_id, date::text AS date, event_id, active, doc->>'eventId' AS doc_event FROM ${db.schema}.absences`),
        [{ id: 'p1:2026-03-02:ev1', person_id: 'p1', date: '2026-03-02', event_id: 'ev1', active: false, doc_event: 'ev1' }],
      );
      const subs = await sql<{ id: string; person_id: string; expires_at: Date }>(
        `SELECT id, person_id, expires_at FROM ${db.schema}.subscriptions ORDER BY id`,
      );
      assert.deepEqual(subs.map((r) => [r.id, r.person_id, r.expires_at.toISOString()]), [
        ['s1', 'p1', '2026-03-05T08:00:00.000Z'],
        ['s2', 'p2', '2026-03-05T08:00:00.000Z'],
      ]);
      const indexes = await sql<{ indexname: string; indexdef: string }>(
        `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename IN ('absences', 'subscriptions')`,
        [db.schema],
      );
      const def = (name: string): string => indexes.find((i) => i.indexname === name)?.indexdef ?? '';
      assert.match(def('absences_person_date'), /\(person_id, date\)/);
      assert.match(def('absences_person_event'), /\(person_id, event_id\)/);
      assert.match(def('subscriptions_person'), /\(person_id\)/);
      assert.match(def('subscriptions_expires'), /\(expires_at\)/);
      await s.transact((tx) => tx.removeSubscription('s1'));
      assert.deepEqual(await sql(`SELECT id FROM ${db.schema}.subscriptions`), [{ id: 's2' }]);
    });

    it('a schema created before the calendar sync gets the new tables on open and keeps its data', async () => {
      const s = await openStore();
      await s.transact((tx) => tx.putBooking(booking('b1')));
      await s.close();
      await sql(`DROP TABLE ${db.schema}.absences; DROP TABLE ${db.schema}.subscriptions`); // the old schema
      const again = await openStore();
      await again.read(async (r) => {
        assert.equal((await r.getBooking('b1'))?.version, 1);
        assert.deepEqual(await r.listAbsencesOfPerson('p1', '2000-01-01', '2099-12-31'), []);
        assert.equal(await r.getSubscriptionOfPerson('p1'), undefined);
      });
      await again.transact(async (tx) => {
        await tx.putAbsence(absence('p1', '2026-03-02', 'ev1'));
        await tx.putSubscription(subscription('s1'));
      });
      assert.equal((await again.read((r) => r.getSubscription('s1')))?.personId, 'p1');
    });

    it('the working set holds absences from today - workingSetDays on and every subscription', async () => {
      const s = await openStore(); // now = 2026-03-01, 60 days: from 2025-12-31
      await s.transact(async (tx) => {
        await tx.putAbsence(absence('p1', '2025-12-30', 'ev-old'));
        await tx.putAbsence(absence('p1', '2025-12-31', 'ev-old'));
        await tx.putAbsence(absence('p1', '2026-03-02', 'ev-new'));
        await tx.putSubscription(subscription('expired', { personId: 'p1', expiresAt: '2025-06-01T00:00:00.000Z' }));
      });
      assert.equal((await sql(`SELECT id FROM ${db.schema}.absences`)).length, 3, 'all rows are stored');
      await s.read(async (r) => {
        assert.deepEqual(ids(await r.listAbsencesOfPerson('p1', '2025-01-01', '2026-12-31')), ['p1:2025-12-31:ev-old', 'p1:2026-03-02:ev-new']);
        assert.deepEqual(ids(await r.listAbsencesOfEvent('p1', 'ev-old')), ['p1:2025-12-31:ev-old']);
        assert.equal((await r.getSubscriptionOfPerson('p1'))?.id, 'expired');
        assert.deepEqual(ids(await r.listSubscriptionsExpiringBefore('2026-03-01T00:00:00.000Z')), ['expired']);
      });
      // An upsert of an absence outside the working set overwrites its row (no version to check).
      await s.transact((tx) => tx.putAbsence(absence('p1', '2025-12-30', 'ev-old', { active: false })));
      assert.deepEqual(await sql(`SELECT active FROM ${db.schema}.absences WHERE date = '2025-12-30'`), [{ active: false }]);
    });

    it('two store instances on one schema see each other\'s absences and removals', async () => {
      const a = await openStore();
      const b = await openStore();
      await a.transact(async (tx) => {
        await tx.putAbsence(absence('p1', '2026-03-02', 'ev1'));
        await tx.putSubscription(subscription('s1'));
      });
      await b.transact(async (tx) => {
        assert.deepEqual(ids(await tx.listAbsencesOfEvent('p1', 'ev1')), ['p1:2026-03-02:ev1']);
        await tx.removeSubscription('s1');
      });
      await a.read(async (r) => {
        assert.equal(await r.getSubscription('s1'), undefined);
        assert.deepEqual(await r.listSubscriptionsExpiringBefore('2099-01-01T00:00:00.000Z'), []);
      });
    });
  });

  describe('postgres store: VPN tables', () => {
    const db = schemaPerTest();
    const { openStore } = db;

    it('writes drafts, tickets, incidents and the two vpn_state docs into their tables in the commit', async () => {
      const s = await openStore();
      await s.transact(async (tx) => {
        await tx.putVpnDraft(vpnDraft('d1', { reporterId: 'p1' }));
        await tx.putTicket(ticket('t1', 1, { reporterId: 'p1', incidentId: 'i1', status: 'taken' }));
        await tx.putIncident(incident('i1', { linkedReporterIds: ['p1'] }));
        await tx.putVpnRecentReports([recentReport('2026-03-02T08:00:00.000Z', 'p1')]);
        await tx.putHelpfulness({ kb: { shown: 1, helped: 0, escalated: 1 } });
      });
      assert.deepEqual(await sql(`SELECT id, reporter_id, created_at::text <> '' AS has_created FROM ${db.schema}.vpn_drafts`), [
        { id: 'd1', reporter_id: 'p1', has_created: true },
      ]);
      assert.deepEqual(
        await sql(`SELECT id, number, reporter_id, status, incident_id, doc->>'number' AS doc_number FROM ${db.schema}.vpn_tickets`),
        [{ id: 't1', number: 'VPN-2026-00001', reporter_id: 'p1', status: 'taken', incident_id: 'i1', doc_number: 'VPN-2026-00001' }],
      );
      const inc = await sql<{ id: string; status: string; opened_at: Date }>(`SELECT id, status, opened_at FROM ${db.schema}.vpn_incidents`);
      assert.deepEqual(inc.map((r) => [r.id, r.status, r.opened_at.toISOString()]), [['i1', 'open', '2026-03-02T08:00:00.000Z']]);
      assert.deepEqual(await sql(`SELECT name, doc FROM ${db.schema}.vpn_state ORDER BY name`), [
        { name: 'helpfulness', doc: { kb: { shown: 1, helped: 0, escalated: 1 } } },
        { name: 'recent-reports', doc: [recentReport('2026-03-02T08:00:00.000Z', 'p1')] },
      ]);
      const indexes = await sql<{ indexname: string; indexdef: string }>(
        `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = 'vpn_tickets'`,
        [db.schema],
      );
      const def = (name: string): string => indexes.find((i) => i.indexname === name)?.indexdef ?? '';
      assert.match(def('vpn_tickets_reporter'), /\(reporter_id\)/);
      assert.match(def('vpn_tickets_incident'), /\(incident_id\)/);
      assert.ok(indexes.some((i) => /UNIQUE/.test(i.indexdef) && /\(number\)/.test(i.indexdef)), 'number is UNIQUE');
    });

    it('the working set holds unresolved tickets and open incidents of any age, and the rest from today - workingSetDays on', async () => {
      const s = await openStore(); // now = 2026-03-01, 60 days: from 2025-12-31
      await s.transact(async (tx) => {
        await tx.putTicket(ticket('old-open', 1, { createdAt: '2025-06-01T08:00:00.000Z', status: 'waiting-for-reporter' }));
        await tx.putTicket(ticket('old-done', 2, { createdAt: '2025-12-30T23:00:00.000Z', status: 'resolved' }));
        await tx.putTicket(ticket('recent-done', 3, { createdAt: '2025-12-31T00:00:00.000Z', status: 'resolved' }));
        await tx.putIncident(incident('old-open', { openedAt: '2025-06-01T08:00:00.000Z', linkedReporterIds: ['p1'] }));
        await tx.putIncident(incident('old-done', { openedAt: '2025-12-30T08:00:00.000Z', status: 'resolved', linkedReporterIds: ['p1'] }));
        await tx.putIncident(incident('recent-done', { openedAt: '2026-01-10T08:00:00.000Z', status: 'resolved', linkedReporterIds: ['p1'] }));
        await tx.putVpnDraft(vpnDraft('old', { createdAt: '2025-12-30T08:00:00.000Z' }));
        await tx.putVpnDraft(vpnDraft('recent', { createdAt: '2026-02-28T08:00:00.000Z' }));
      });
      assert.equal((await sql(`SELECT id FROM ${db.schema}.vpn_tickets`)).length, 3, 'all rows are stored');
      await s.read(async (r) => {
        assert.deepEqual(ids(await r.listTicketsOfReporter('p1')), ['old-open', 'recent-done']);
        assert.deepEqual(ids(await r.listUnresolvedTickets()), ['old-open']);
        assert.equal(await r.getTicket('old-done'), undefined);
        assert.deepEqual(ids(await r.listIncidentsOfReporter('p1')), ['old-open', 'recent-done']);
        assert.deepEqual(ids(await r.listOpenIncidents()), ['old-open']);
        assert.equal(await r.getVpnDraft('old'), undefined);
        assert.equal((await r.getVpnDraft('recent'))?.id, 'recent');
      });
    });

    it('a number held by a ticket outside the working set is refused by the database (StoreConflictError), nothing written', async () => {
      const s = await openStore();
      await s.transact((tx) => tx.putTicket(ticket('old-done', 1, { createdAt: '2025-06-01T08:00:00.000Z', status: 'resolved' })));
      await assert.rejects(
        s.transact(async (tx) => {
          await tx.putVpnDraft(vpnDraft('d1'));
          await tx.putTicket(ticket('t2', 1));
        }),
        StoreConflictError,
      );
      assert.deepEqual(await sql(`SELECT id FROM ${db.schema}.vpn_tickets`), [{ id: 'old-done' }]);
      assert.deepEqual(await sql(`SELECT id FROM ${db.schema}.vpn_drafts`), []);
    });

    it('a schema created before the VPN problem reports gets the new tables on open and keeps its data', async () => {
      const s = await openStore();
      await s.transact((tx) => tx.putBooking(booking('b1')));
      await s.close();
      await sql(`DROP TABLE ${db.schema}.vpn_drafts, ${db.schema}.vpn_tickets, ${db.schema}.vpn_incidents, ${db.schema}.vpn_state`);
      const again = await openStore();
      await again.read(async (r) => {
        assert.equal((await r.getBooking('b1'))?.version, 1);
        assert.deepEqual(await r.listUnresolvedTickets(), []);
        assert.deepEqual(await r.getVpnRecentReports(), []);
        assert.deepEqual(await r.getHelpfulness(), {});
      });
      await again.transact((tx) => tx.putTicket(ticket('t1', 1)));
      assert.equal((await again.read((r) => r.getTicketByNumber('VPN-2026-00001')))?.id, 't1');
    });

    it("two store instances on one schema see each other's tickets and refuse each other's numbers", async () => {
      const a = await openStore();
      const b = await openStore();
      await a.transact(async (tx) => {
        await tx.putTicket(ticket('t1', 1));
        await tx.putHelpfulness({ kb: { shown: 1, helped: 0, escalated: 0 } });
      });
      await assert.rejects(b.transact((tx) => tx.putTicket(ticket('t2', 1))), StoreConflictError);
      await b.transact(async (tx) => {
        assert.deepEqual(await tx.getHelpfulness(), { kb: { shown: 1, helped: 0, escalated: 0 } });
        await tx.putHelpfulness({ kb: { shown: 2, helped: 0, escalated: 0 } });
      });
      assert.deepEqual(await a.read((r) => r.getHelpfulness()), { kb: { shown: 2, helped: 0, escalated: 0 } });
    });
  });

  const openTempStore = async (): Promise<OpenedStore> => {
    const schema = newSchema();
    return {
      store: await openPostgresStore({ connectionString, schema, now }),
      reopen: () => openPostgresStore({ connectionString, schema, now }),
      cleanup: () => dropSchema(schema),
    };
  };
  runStoreContract('postgres', openTempStore, {
    oldHistory: 'the legacy adapter reads only its working set (60 days); the new adapter in src/store/postgres/ reads all history',
  });
  runVpnStoreContract('postgres (VPN problem reports)', openTempStore);
}
