/**
 * Two instances (two stores, each with its own pool) on one schema, racing: what is contested is
 * decided by the database — a desk half-day, a number sequence, a person's quota, an org unit's
 * capacity — and what is not contested runs side by side (no global lock).
 */
import assert from 'node:assert/strict';
import type { PostgresStore } from '../../../src/store/postgres/postgres-store.js';
import { findPostgres } from '../../support/postgres.js';
import { pgSchemas } from '../../support/pg-schemas.js';
import { booking, request } from '../store-fixtures.js';
import type { AsyncTx } from '../../../src/store/postgres/async-port.js';

const url = await findPostgres();

/** Runs `n` transactions alternately on the stores, all at once. */
function race<T>(stores: PostgresStore[], n: number, fn: (tx: AsyncTx, i: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => stores[i % stores.length]!.transact((tx) => fn(tx, i))));
}

describe('postgres adapter: two instances racing', function () {
  if (!url) {
    it('needs a PostgreSQL server (skipped)', function () {
      this.skip();
    });
    return;
  }
  this.timeout(60_000);
  const db = pgSchemas(url);
  let a: PostgresStore;
  let b: PostgresStore;
  beforeEach(async () => {
    a = await db.open({ poolSize: 5 });
    b = await db.open({ poolSize: 5 });
  });

  it('when 30 requests book one desk on one day, then exactly one gets it and the others see it taken', async () => {
    const outcomes = await race([a, b], 30, async (tx, i) => {
      const held = (await tx.listBookingsOnDate('2026-03-02', ['D1'])).filter((x) => x.status === 'booked');
      if (held.length > 0) return 'taken';
      await tx.putBooking(booking(`b${i}`, { deskId: 'D1', personId: `p${i}` }));
      return 'booked';
    });
    assert.equal(outcomes.filter((o) => o === 'booked').length, 1);
    assert.equal((await a.read((r) => r.listBookingsOnDate('2026-03-02'))).length, 1);
  });

  it('when the writers skip the check, then the database itself never lets a desk half be held twice', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b).transact((tx) => tx.putBooking(booking(`b${i}`, { deskId: 'D1', slot: i % 3 === 0 ? 'day' : 'morning' }))),
      ),
    );
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
    assert.ok(outcomes.every((o) => o.status === 'fulfilled' || (o.reason as { code?: string }).code === 'STORE_CONFLICT'));
  });

  it('when 60 transactions draw from one sequence, then every number is handed out once, without gaps', async () => {
    const numbers = await race([a, b], 60, (tx) => tx.nextSequence('request-2026'));
    assert.deepEqual([...numbers].sort((x, y) => x - y), Array.from({ length: 60 }, (_, i) => i + 1));
  });

  it('when 20 requests race against a quota of 3 days a week for one person, then the quota is never exceeded', async () => {
    const granted = await race([a, b], 20, async (tx, i) => {
      const week = await tx.listRequestsOfPerson('px', '2026-03-02', '2026-03-08');
      if (week.length >= 3) return false;
      await tx.putRequest(request(`q${i}`, { personId: 'px', days: [[`2026-03-0${2 + (i % 5)}`, 'pending']] }));
      return true;
    });
    assert.equal(granted.filter(Boolean).length, 3);
    assert.equal((await b.read((r) => r.listRequestsOfPerson('px'))).length, 3);
  });

  it("when 30 people race for an org unit's day with room for 5, then the capacity is never exceeded", async () => {
    const granted = await race([a, b], 30, async (tx, i) => {
      const active = await tx.listActiveRequestsInRange('2026-03-04', '2026-03-04');
      if (active.filter((r) => r.orgUnitId === 'ou1').length >= 5) return false;
      await tx.putRequest(request(`c${i}`, { personId: `p${i}`, days: [['2026-03-04', 'pending']] }));
      return true;
    });
    assert.equal(granted.filter(Boolean).length, 5);
  });

  it('when 40 bookings of one day (each reading the whole day first) collide, then every one commits: retries queue on what they touched', async () => {
    const booked = await race([a, b], 40, async (tx, i) => {
      const day = await tx.listBookingsOnDate('2026-03-03');
      if (day.some((x) => x.deskId === `D${i}`)) return false;
      await tx.putBooking(booking(`d${i}`, { deskId: `D${i}`, date: '2026-03-03', personId: `p${i}` }));
      return true;
    });
    assert.equal(booked.filter(Boolean).length, 40);
    assert.equal((await a.read((r) => r.listBookingsOnDate('2026-03-03'))).length, 40);
    assert.ok(a.stats.retries + b.stats.retries > 0, 'they did collide');
  });

  it('when one transaction is still open on one desk, then another instance books another desk meanwhile (no global lock)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const slow = a.transact(async (tx) => {
      await tx.listBookingsOnDate('2026-03-02', ['D1']);
      await tx.putBooking(booking('slow', { deskId: 'D1' }));
      entered();
      await gate;
    });
    await inside;
    // With one global lock this would wait for `slow`, which waits for this: the test would time out.
    await b.transact(async (tx) => {
      await tx.listBookingsOnDate('2026-03-05', ['D2']);
      await tx.putBooking(booking('fast', { deskId: 'D2', date: '2026-03-05' }));
    });
    assert.equal((await b.read((r) => r.getBooking('slow'))), undefined, 'the open transaction is not visible yet');
    release();
    await slow;
    assert.equal((await b.read((r) => r.getBooking('slow')))?.id, 'slow');
  });
});
