/**
 * The desk-sharing part of the store contract (bookings, person settings) and the invariant
 * "no desk is ever booked twice" as a fast-check property over concurrent transactions.
 * Run through `runStoreContract`; `checkNoDoubleBooking` is also used with several store
 * instances on one backing store (Postgres: several bot processes).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { BookingSlot, BookingStatus, DeskBooking } from '../../src/domain/desk-model.js';
import { StoreConflictError, type Store } from '../../src/store/store.js';
import type { OpenedStore } from './store-contract.js';
import { booking, ids, settings, sleep } from './store-fixtures.js';

const ACTIVE: ReadonlySet<BookingStatus> = new Set<BookingStatus>(['booked', 'checked-in']);
const isActive = (b: DeskBooking): boolean => ACTIVE.has(b.status);
const overlap = (a: BookingSlot, b: BookingSlot): boolean => a === 'day' || b === 'day' || a === b;

export type DeskOp =
  | { kind: 'book'; desk: number; day: number; slot: BookingSlot; delay: number }
  | { kind: 'cancel' | 'release' | 'check-in'; desk: number; day: number; slot: BookingSlot; delay: number };

export const deskOpArb: fc.Arbitrary<DeskOp> = fc.record({
  kind: fc.constantFrom('book', 'book', 'cancel', 'release', 'check-in'),
  desk: fc.nat(2),
  day: fc.nat(1),
  slot: fc.constantFrom<BookingSlot>('day', 'morning', 'afternoon'),
  delay: fc.nat(3),
});

const DAYS = ['2026-03-09', '2026-03-10'];

/** The pairs of active bookings that overlap on one desk and date (should be none). */
export function doubleBookings(all: readonly DeskBooking[]): [DeskBooking, DeskBooking][] {
  const active = all.filter(isActive);
  const out: [DeskBooking, DeskBooking][] = [];
  for (let i = 0; i < active.length; i++) {
    for (let j = i + 1; j < active.length; j++) {
      const a = active[i]!;
      const b = active[j]!;
      if (a.deskId === b.deskId && a.date === b.date && overlap(a.slot, b.slot)) out.push([a, b]);
    }
  }
  return out;
}

/**
 * Issues `ops` concurrently (Promise.all), spread round-robin over `stores`. Each op is one tx in
 * the shape of the app's use cases: read the date's bookings of the desk, wait a little (so
 * transactions overlap in time), decide, write. Afterwards there must be no double booking, and
 * no tx may have failed (transactions are serialised, so the app's check is never stale).
 */
export async function checkNoDoubleBooking(stores: readonly Store[], ops: readonly DeskOp[], prefix: string): Promise<void> {
  const results = await Promise.allSettled(
    ops.map((op, i) =>
      stores[i % stores.length]!.transact(async (tx) => {
        const date = DAYS[op.day]!;
        const deskId = `${prefix}-desk-${op.desk}`;
        const onDesk = await tx.listBookingsOnDate(date, [deskId]);
        await sleep(op.delay);
        if (op.kind === 'book') {
          if (onDesk.some((b) => isActive(b) && overlap(b.slot, op.slot))) return 'taken';
          await tx.putBooking(booking(`${prefix}-b${i}`, { deskId, date, slot: op.slot, personId: `p${i % 5}` }));
          return 'booked';
        }
        const target = onDesk.find((b) => (op.kind === 'check-in' ? b.status === 'booked' : isActive(b)));
        if (!target) return 'nothing';
        const status: BookingStatus = op.kind === 'cancel' ? 'cancelled' : op.kind === 'release' ? 'released' : 'checked-in';
        await tx.putBooking({ ...target, status });
        return op.kind;
      }),
    ),
  );
  const failed = results.filter((r) => r.status === 'rejected');
  assert.deepEqual(failed, [], 'no transaction fails');
  for (const date of DAYS) {
    for (const s of stores) {
      const all = await s.read((r) => r.listBookingsOnDate(date));
      const mine = all.filter((b) => b.deskId.startsWith(`${prefix}-`));
      assert.deepEqual(doubleBookings(mine), [], `no double booking on ${date}`);
    }
  }
}

export function runDeskContract(getStore: () => Store, getOpened: () => OpenedStore, keep: (s: Store) => void): void {
  describe('desk bookings and settings', () => {
    it('round-trips a booking and bumps its version', async () => {
      const saved = await getStore().transact((tx) => tx.putBooking(booking('b1')));
      assert.equal(saved.version, 1);
      assert.deepEqual(await getStore().read((r) => r.getBooking('b1')), saved);
      assert.equal(await getStore().read((r) => r.getBooking('nope')), undefined);
      const v2 = await getStore().transact(async (tx) => {
        const b = await tx.getBooking('b1');
        assert.ok(b);
        return tx.putBooking({ ...b, status: 'checked-in', checkedInAt: '2026-03-02T08:01:00.000Z' });
      });
      assert.equal(v2.version, 2);
      assert.deepEqual(await getStore().read((r) => r.getBooking('b1')), v2);
    });

    it('rejects a stale booking version with StoreConflictError and keeps the stored one', async () => {
      const v1 = await getStore().transact((tx) => tx.putBooking(booking('b1')));
      await assert.rejects(
        getStore().transact((tx) => tx.putBooking({ ...v1, status: 'cancelled', version: 0 })),
        (e: unknown) => e instanceof StoreConflictError && e.code === 'STORE_CONFLICT',
      );
      await assert.rejects(getStore().transact((tx) => tx.putBooking(booking('b1'))), StoreConflictError);
      await assert.rejects(
        getStore().transact(async (tx) => {
          await tx.putBooking({ ...v1, status: 'checked-in' });
          return tx.putBooking({ ...v1, status: 'cancelled' }); // stale against the tx's own write
        }),
        StoreConflictError,
      );
      const stored = await getStore().read((r) => r.getBooking('b1'));
      assert.equal(stored?.status, 'booked');
      assert.equal(stored?.version, 1);
    });

    it('a throwing transaction leaves no booking and no settings', async () => {
      await assert.rejects(
        getStore().transact(async (tx) => {
          await tx.putBooking(booking('b1'));
          await tx.putSettings(settings('p1', { onSiteVisibility: 'hidden' }));
          await sleep(1);
          assert.ok(await tx.getBooking('b1'), 'the tx sees its own write');
          assert.equal((await tx.listBookingsOnDate('2026-03-02')).length, 1);
          assert.equal((await tx.getSettings('p1'))?.onSiteVisibility, 'hidden');
          throw new Error('boom');
        }),
        /boom/,
      );
      await getStore().read(async (r) => {
        assert.equal(await r.getBooking('b1'), undefined);
        assert.deepEqual(await r.listBookingsOnDate('2026-03-02'), []);
        assert.deepEqual(await r.listBookingsOfPerson('p1'), []);
        assert.equal(await r.getSettings('p1'), undefined);
      });
    });

    it('lists bookings on one date only, filtered by desks; by person and range (committed and in-tx)', async () => {
      await getStore().transact(async (tx) => {
        await tx.putBooking(booking('a', { deskId: 'D1', personId: 'p1', date: '2026-03-02' }));
        await tx.putBooking(booking('b', { deskId: 'D2', personId: 'p2', date: '2026-03-02', slot: 'morning', status: 'cancelled' }));
        await tx.putBooking(booking('c', { deskId: 'D3', personId: 'p1', date: '2026-03-03', slot: 'afternoon' }));
        await tx.putBooking(booking('d', { deskId: 'D1', personId: 'p2', date: '2026-03-05', status: 'released' }));
        await tx.putBooking(booking('e', { deskId: 'D1', personId: 'p1', date: '2026-01-15', status: 'checked-in' }));
      });
      await getStore().read(async (r) => {
        assert.deepEqual(ids(await r.listBookingsOnDate('2026-03-02')), ['a', 'b'], 'any status, that date only');
        assert.deepEqual(ids(await r.listBookingsOnDate('2026-03-02', ['D2', 'D9'])), ['b']);
        assert.deepEqual(ids(await r.listBookingsOnDate('2026-03-02', [])), []);
        assert.deepEqual(ids(await r.listBookingsOnDate('2026-03-04')), []);
        assert.deepEqual(ids(await r.listBookingsOfPerson('p1')), ['a', 'c', 'e']);
        assert.deepEqual(ids(await r.listBookingsOfPerson('p1', '2026-03-01')), ['a', 'c']);
        assert.deepEqual(ids(await r.listBookingsOfPerson('p1', undefined, '2026-03-02')), ['a', 'e']);
        assert.deepEqual(ids(await r.listBookingsOfPerson('p1', '2026-03-03', '2026-03-03')), ['c']);
        assert.deepEqual(ids(await r.listBookingsOfPerson('p3')), []);
        assert.deepEqual(ids(await r.listBookingsInRange('2026-03-02', '2026-03-05')), ['a', 'b', 'c', 'd']);
        assert.deepEqual(ids(await r.listBookingsInRange('2026-03-03', '2026-03-04')), ['c']);
        assert.deepEqual(ids(await r.listBookingsInRange('2026-01-01', '2099-12-31')), ['a', 'b', 'c', 'd', 'e']);
        assert.deepEqual(ids(await r.listBookingsInRange('2026-03-05', '2026-03-02')), []);
        assert.deepEqual(
          (await r.listBookingsInRange('2026-01-01', '2026-12-31')).map((b) => b.date),
          ['2026-01-15', '2026-03-02', '2026-03-02', '2026-03-03', '2026-03-05'],
          'ordered by date',
        );
      });
      await getStore().transact(async (tx) => {
        const a = await tx.getBooking('a');
        assert.ok(a);
        await tx.putBooking({ ...a, date: '2026-03-04', deskId: 'D2' }); // moved: leaves 03-02
        await tx.putBooking(booking('f', { deskId: 'D1', personId: 'p3', date: '2026-03-02' }));
        assert.deepEqual(ids(await tx.listBookingsOnDate('2026-03-02')), ['b', 'f']);
        assert.deepEqual(ids(await tx.listBookingsOnDate('2026-03-04', ['D2'])), ['a']);
        assert.deepEqual(ids(await tx.listBookingsOfPerson('p3')), ['f']);
        assert.deepEqual(ids(await tx.listBookingsInRange('2026-03-04', '2026-03-04')), ['a']);
      });
      await getStore().read(async (r) => {
        assert.deepEqual(ids(await r.listBookingsOnDate('2026-03-02')), ['b', 'f']);
        assert.deepEqual(ids(await r.listBookingsOnDate('2026-03-04')), ['a']);
        assert.deepEqual(ids(await r.listBookingsOfPerson('p1', '2026-03-04', '2026-03-04')), ['a']);
      });
    });

    it('upserts settings by person', async () => {
      await getStore().transact((tx) => tx.putSettings(settings('p1', { onSiteVisibility: 'hidden' })));
      await getStore().transact(async (tx) => {
        assert.equal((await tx.getSettings('p1'))?.onSiteVisibility, 'hidden');
        await tx.putSettings(settings('p1', { needsAccessibleDesk: true, updatedAt: '2026-02-21T08:00:00.000Z' }));
        await tx.putSettings(settings('p2', { onSiteVisibility: 'name' }));
        assert.equal((await tx.getSettings('p1'))?.needsAccessibleDesk, true);
      });
      await getStore().read(async (r) => {
        assert.deepEqual(await r.getSettings('p1'), settings('p1', { needsAccessibleDesk: true, updatedAt: '2026-02-21T08:00:00.000Z' }));
        assert.equal((await r.getSettings('p2'))?.onSiteVisibility, 'name');
        assert.equal(await r.getSettings('p3'), undefined);
      });
    });

    it('when a caller mutates a returned booking or settings, then it throws and the store keeps its records', async () => {
      const input = booking('b1');
      const s = settings('p1', { onSiteVisibility: 'name' });
      const saved = await getStore().transact(async (tx) => {
        const out = await tx.putBooking(input);
        assert.throws(() => {
          out.status = 'cancelled';
        }, TypeError);
        await tx.putSettings(s);
        const got = await tx.getSettings('p1');
        assert.ok(got);
        assert.throws(() => {
          got.onSiteVisibility = 'hidden';
        }, TypeError);
        return tx.getBooking('b1');
      });
      input.deskId = 'X';
      s.onSiteVisibility = 'hidden';
      assert.ok(saved);
      assert.throws(() => {
        saved.status = 'released';
      }, TypeError);
      const copy = { ...saved, status: 'released' as const };
      assert.equal(copy.status, 'released');
      const listed = await getStore().read((r) => r.listBookingsOnDate('2026-03-02'));
      assert.throws(() => {
        listed[0]!.status = 'released';
      }, TypeError);
      const ofPerson = await getStore().read((r) => r.listBookingsOfPerson('p1'));
      assert.throws(() => {
        ofPerson[0]!.deskId = 'Y';
      }, TypeError);
      await getStore().read(async (r) => {
        const b = await r.getBooking('b1');
        assert.equal(b?.status, 'booked');
        assert.equal(b?.deskId, 'D1');
        assert.equal((await r.getSettings('p1'))?.onSiteVisibility, 'name');
      });
    });

    it('refuses two active bookings of one desk slot even when the caller does not check', async () => {
      await getStore().transact((tx) => tx.putBooking(booking('a', { slot: 'morning' })));
      await assert.rejects(getStore().transact((tx) => tx.putBooking(booking('b', { slot: 'day' }))), StoreConflictError);
      await assert.rejects(getStore().transact((tx) => tx.putBooking(booking('b', { slot: 'morning', status: 'checked-in' }))), StoreConflictError);
      await assert.rejects(
        getStore().transact(async (tx) => {
          await tx.putBooking(booking('x', { deskId: 'D2', slot: 'afternoon' }));
          await tx.putBooking(booking('y', { deskId: 'D2', slot: 'day' }));
        }),
        StoreConflictError,
      );
      // Other half, other desk, other date, or an inactive booking: fine.
      await getStore().transact(async (tx) => {
        await tx.putBooking(booking('c', { slot: 'afternoon' }));
        await tx.putBooking(booking('d', { deskId: 'D2' }));
        await tx.putBooking(booking('e', { date: '2026-03-03' }));
        await tx.putBooking(booking('f', { slot: 'morning', status: 'cancelled' }));
      });
      // Cancel and re-book the same slot in one tx, in either order.
      await getStore().transact(async (tx) => {
        const a = await tx.getBooking('a');
        assert.ok(a);
        await tx.putBooking(booking('g', { slot: 'morning', personId: 'p2' }));
        await tx.putBooking({ ...a, status: 'cancelled' });
      });
      await getStore().transact(async (tx) => {
        const g = await tx.getBooking('g');
        assert.ok(g);
        await tx.putBooking({ ...g, status: 'released', releaseReason: 'no-show' });
        await tx.putBooking(booking('h', { slot: 'morning', personId: 'p3' }));
      });
      // Re-activating a cancelled booking whose slot is taken is refused too.
      const a = await getStore().read((r) => r.getBooking('a'));
      assert.ok(a);
      await assert.rejects(getStore().transact((tx) => tx.putBooking({ ...a, status: 'booked' })), StoreConflictError);
      const active = (await getStore().read((r) => r.listBookingsOnDate('2026-03-02', ['D1']))).filter(isActive);
      assert.deepEqual(ids(active), ['c', 'h']);
    });

    it('never books a desk slot twice under concurrent book / cancel / release / check-in (property)', async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(deskOpArb, { minLength: 5, maxLength: 40 }), async (ops) => {
          await checkNoDoubleBooking([getStore()], ops, `run${run++}`);
        }),
        { numRuns: 15 },
      );
    });

    it('keeps bookings and settings across close and reopen', async () => {
      await getStore().transact(async (tx) => {
        await tx.putBooking(booking('b1', { date: '2026-03-02' }));
        await tx.putBooking(booking('b2', { date: '2026-03-03', slot: 'morning', personId: 'p2' }));
        await tx.putSettings(settings('p1', { onSiteVisibility: 'hidden' }));
      });
      await getStore().transact(async (tx) => {
        const b = await tx.getBooking('b1');
        assert.ok(b);
        await tx.putBooking({ ...b, status: 'cancelled' });
      });
      const dump = (s: Store): Promise<unknown> =>
        s.read(async (r) => ({
          b1: await r.getBooking('b1'),
          onDate: await r.listBookingsOnDate('2026-03-03'),
          person: await r.listBookingsOfPerson('p1'),
          range: await r.listBookingsInRange('2026-03-01', '2026-03-31'),
          settings: await r.getSettings('p1'),
        }));
      const before = await dump(getStore());
      await getStore().close();
      const again = await getOpened().reopen();
      keep(again);
      assert.deepEqual(await dump(again), before);
      assert.equal((await again.read((r) => r.getBooking('b1')))?.version, 2);
      // The slot of the cancelled b1 is free again after reopen; b2's half is still taken.
      await again.transact((tx) => tx.putBooking(booking('b3', { date: '2026-03-02' })));
      await assert.rejects(again.transact((tx) => tx.putBooking(booking('b4', { date: '2026-03-03' }))), StoreConflictError);
    });
  });
}
