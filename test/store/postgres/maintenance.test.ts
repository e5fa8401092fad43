/**
 * Data-protection maintenance on the PostgreSQL adapter (src/privacy uses it): every record that
 * mentions a person, of any age, is found; a rewrite by mention or by age changes and deletes
 * exactly what the plan says, in batches, with the desk halves following their bookings.
 */
import assert from 'node:assert/strict';
import { findPostgres, pgQuery } from '../../support/postgres.js';
import { pgSchemas } from '../../support/pg-schemas.js';
import { booking, conversation, ids, request } from '../store-fixtures.js';
import { ticket } from '../vpn-contract.js';

const url = await findPostgres();

describe('postgres adapter: data-protection maintenance', function () {
  if (!url) {
    it('needs a PostgreSQL server (skipped)', function () {
      this.skip();
    });
    return;
  }
  this.timeout(60_000);
  const db = pgSchemas(url);

  it('when a person is looked up, then their records of every year are found; a rewrite by mention changes and deletes as planned', async () => {
    const store = await db.open();
    await store.transact(async (tx) => {
      await tx.putRequest(request('old', { personId: 'px', days: [['2019-02-04', 'approved']], status: 'approved', createdAt: '2019-01-10T08:00:00.000Z' }));
      await tx.putRequest(request('new', { personId: 'px' }));
      await tx.putRequest(request('other', { personId: 'py' }));
      await tx.putBooking(booking('bx', { personId: 'px', date: '2019-02-05' }));
      await tx.putConversation(conversation('px'));
      await tx.putTicket(ticket('tx', 1, { reporterId: 'px' }));
    });
    const found = await store.findRecords('px');
    assert.deepEqual(ids(found.requests), ['new', 'old']);
    assert.deepEqual(ids(found.bookings), ['bx']);
    assert.equal(found.conversations.length, 1);
    assert.deepEqual(ids(found.tickets), ['tx']);

    const results = await store.rewriteRecords({ mentioning: ['px'] }, (records) => ({
      changes: { requests: records.requests.filter((r) => r.id === 'new').map((r) => ({ ...r, personId: 'erased', version: r.version + 1 })) },
      deleted: { requests: ['old'], bookings: records.bookings.map((b) => b.id), conversations: ['px'] },
      result: records.requests.length,
    }));
    assert.deepEqual(results, [2]);
    await store.read(async (r) => {
      assert.equal(await r.getRequest('old'), undefined);
      assert.equal((await r.getRequest('new'))?.personId, 'erased');
      assert.equal(await r.getBooking('bx'), undefined);
      assert.equal(await r.getConversation('px'), undefined);
      assert.equal((await r.getRequest('other'))?.personId, 'py');
    });
    assert.deepEqual(await pgQuery(url, `SELECT * FROM ${db.schema}.booking_halves`), [], 'the halves went with their booking');
  });

  it('when records are older than a cutoff, then they are handed over in batches of 1,000 and deleted', async () => {
    const store = await db.open();
    await store.transact(async (tx) => {
      for (let i = 0; i < 2500; i++) {
        await tx.putBooking(booking(`b${String(i).padStart(4, '0')}`, { deskId: `D${i}`, date: i < 2100 ? '2020-01-06' : '2026-03-02' }));
      }
    });
    const sizes = await store.rewriteRecords({ olderThan: { bookings: '2021-01-01' } }, (records) => ({
      changes: {},
      deleted: { bookings: records.bookings.filter((b) => b.date < '2021-01-01').map((b) => b.id) },
      result: records.bookings.length,
    }));
    assert.deepEqual(sizes, [1000, 1000, 100]);
    assert.equal((await store.read((r) => r.listBookingsInRange('2000-01-01', '2099-12-31'))).length, 400);
  });
});
