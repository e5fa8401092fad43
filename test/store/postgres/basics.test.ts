/**
 * The PostgreSQL adapter's reads and writes inside one transaction (the asynchronous port): reads
 * see the transaction's own writes, optimistic versions hold, a failing transaction leaves nothing,
 * and old history is as visible as today's (no working set).
 */
import assert from 'node:assert/strict';
import { StoreConflictError } from '../../../src/store/store.js';
import { findPostgres, pgQuery } from '../../support/postgres.js';
import { pgSchemas } from '../../support/pg-schemas.js';
import { booking, ids, request, subscription } from '../store-fixtures.js';
import { incident, ticket } from '../vpn-contract.js';

const url = await findPostgres();

describe('postgres adapter: reads and writes in a transaction', function () {
  if (!url) {
    it('needs a PostgreSQL server (skipped)', function () {
      this.skip();
    });
    return;
  }
  const db = pgSchemas(url);

  it('when a transaction writes and then reads, then it sees its own writes; another reader sees them after commit', async () => {
    const store = await db.open();
    const saved = await store.transact(async (tx) => {
      const r = await tx.putRequest(request('r1', { days: [['2026-03-02', 'pending']] }));
      assert.equal((await tx.getRequest('r1'))?.version, 1);
      assert.deepEqual(ids(await tx.listActiveRequestsInRange('2026-03-01', '2026-03-31')), ['r1']);
      assert.deepEqual(ids(await tx.listPendingForApprovers(['m1'])), ['r1']);
      await tx.putBooking(booking('b1'));
      assert.deepEqual(ids(await tx.listBookingsOnDate('2026-03-02', ['D1'])), ['b1']);
      return r;
    });
    assert.equal(saved.version, 1);
    assert.ok(Object.isFrozen(saved) && Object.isFrozen(saved.days), 'records handed out are immutable');
    await store.read(async (r) => {
      assert.deepEqual(await r.getRequest('r1'), saved);
      assert.deepEqual(ids(await r.listBookingsOfPerson('p1')), ['b1']);
      assert.equal((await r.getBooking('b1'))?.version, 1);
    });
  });

  it('when a version is stale, then StoreConflictError and the stored record stays', async () => {
    const store = await db.open();
    const v1 = await store.transact((tx) => tx.putRequest(request('r1')));
    await assert.rejects(store.transact((tx) => tx.putRequest({ ...v1, status: 'approved', version: 0 })), StoreConflictError);
    await assert.rejects(store.transact((tx) => tx.putRequest(request('r1'))), StoreConflictError);
    const b1 = await store.transact((tx) => tx.putBooking(booking('b1')));
    await store.transact((tx) => tx.putBooking({ ...b1, status: 'checked-in' }));
    await assert.rejects(store.transact((tx) => tx.putBooking({ ...b1, status: 'cancelled' })), StoreConflictError);
    assert.equal((await store.read((r) => r.getBooking('b1')))?.status, 'checked-in');
    assert.equal((await store.transact((tx) => tx.putRequest({ ...v1, status: 'approved' }))).version, 2);
  });

  it('when a transaction throws, then none of its writes happen and its sequence numbers are not used', async () => {
    const store = await db.open();
    await assert.rejects(
      store.transact(async (tx) => {
        await tx.putRequest(request('r1'));
        await tx.enqueue({ type: 'teams.send', payload: {}, dedupeKey: 'k1' });
        assert.equal(await tx.nextSequence('request-2026'), 1);
        throw new Error('boom');
      }),
      /boom/,
    );
    await store.read(async (r) => {
      assert.equal(await r.getRequest('r1'), undefined);
      assert.deepEqual(await r.listJobs(), []);
    });
    assert.equal(await store.transact((tx) => tx.nextSequence('request-2026')), 1);
  });

  it('when records are years old, then every read still finds them (no working set)', async () => {
    const store = await db.open(); // now = 2026-03-01
    await store.transact(async (tx) => {
      await tx.putRequest(request('old', { days: [['2021-05-03', 'approved']], status: 'approved', createdAt: '2021-04-01T08:00:00.000Z' }));
      await tx.putBooking(booking('old-b', { date: '2021-05-04', status: 'released' }));
      await tx.putTicket(ticket('old-t', 1, { createdAt: '2021-05-01T08:00:00.000Z', status: 'resolved' }));
      await tx.putIncident(incident('old-i', { openedAt: '2021-05-01T08:00:00.000Z', status: 'resolved', linkedReporterIds: ['p1'] }));
      await tx.putSubscription(subscription('s-old', { expiresAt: '2021-06-01T00:00:00.000Z' }));
    });
    await store.read(async (r) => {
      assert.equal((await r.getRequest('old'))?.id, 'old');
      assert.deepEqual(ids(await r.listRequestsOfPerson('p1', '2021-01-01', '2021-12-31')), ['old']);
      assert.deepEqual(ids(await r.listRequestsOfPerson('p1', '2022-01-01')), []);
      assert.deepEqual(ids(await r.listBookingsInRange('2021-05-01', '2021-05-31')), ['old-b']);
      assert.equal((await r.getTicketByNumber('VPN-2026-00001'))?.id, 'old-t');
      assert.deepEqual(ids(await r.listIncidentsOfReporter('p1')), ['old-i']);
      assert.deepEqual(ids(await r.listSubscriptionsExpiringBefore('2026-01-01T00:00:00.000Z')), ['s-old']);
    });
  });

  it('when a transaction cancels a booking and books its slot again in either order, then both orders commit', async () => {
    const store = await db.open();
    const a = await store.transact((tx) => tx.putBooking(booking('a', { deskId: 'D1', slot: 'day' })));
    await store.transact(async (tx) => {
      await tx.putBooking(booking('b', { deskId: 'D1', slot: 'morning' })); // the slot is still held by a here
      await tx.putBooking({ ...a, status: 'cancelled' });
    });
    const rows = await pgQuery<{ booking_id: string }>(url, `SELECT booking_id FROM ${db.schema}.booking_halves`);
    assert.deepEqual(rows, [{ booking_id: 'b' }]);
  });

  it('when a transaction books a held desk half, then the commit fails with StoreConflictError and nothing is written', async () => {
    const store = await db.open();
    await store.transact((tx) => tx.putBooking(booking('a', { deskId: 'D1', slot: 'morning' })));
    await assert.rejects(
      store.transact(async (tx) => {
        await tx.putRequest(request('r1'));
        await tx.putBooking(booking('b', { deskId: 'D1', slot: 'day' }));
      }),
      StoreConflictError,
    );
    assert.equal(await store.read((r) => r.getRequest('r1')), undefined);
  });

  it('when a ticket number is taken, then StoreConflictError before anything is written and the tx can go on', async () => {
    const store = await db.open();
    await store.transact((tx) => tx.putTicket(ticket('t1', 1)));
    await store.transact(async (tx) => {
      await assert.rejects(tx.putTicket(ticket('t2', 1)), StoreConflictError);
      await tx.putTicket(ticket('t2', 2));
    });
    assert.equal((await store.read((r) => r.getTicketByNumber('VPN-2026-00002')))?.id, 't2');
  });

  it('when a new record (version 0) has the id of a stored one, then StoreConflictError and nothing of the transaction is written', async () => {
    const store = await db.open();
    await store.transact((tx) => tx.putBooking(booking('b1')));
    await assert.rejects(
      store.transact(async (tx) => {
        await tx.putRequest(request('r1'));
        await tx.putBooking(booking('b1', { deskId: 'D9' }));
      }),
      StoreConflictError,
    );
    assert.equal(await store.read((r) => r.getRequest('r1')), undefined);
    assert.equal((await store.read((r) => r.getBooking('b1')))?.deskId, 'D1');
  });

  it('when a job is enqueued twice with one dedupe key, then the first stays and is returned', async () => {
    const store = await db.open();
    const first = await store.transact((tx) => tx.enqueue({ type: 't', payload: { n: 1 }, dedupeKey: 'k' }));
    const again = await store.transact((tx) => tx.enqueue({ type: 't', payload: { n: 2 }, dedupeKey: 'k' }));
    assert.equal(again.id, first.id);
    assert.deepEqual((await store.read((r) => r.listJobs())).map((j) => j.payload), [{ n: 1 }]);
  });
});
