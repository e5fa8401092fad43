/**
 * The calendar part of the store contract: absences (from Outlook `oof` events) and the Graph
 * change-notification subscriptions, including their removal. Run through `runStoreContract`.
 */
import assert from 'node:assert/strict';
import type { Store } from '../../src/store/store.js';
import type { OpenedStore } from './store-contract.js';
import { absence, ids, sleep, subscription } from './store-fixtures.js';

export function runCalendarContract(getStore: () => Store, getOpened: () => OpenedStore, keep: (s: Store) => void): void {
  describe('calendar absences and subscriptions', () => {
    it('round-trips an absence and a subscription; put replaces by id', async () => {
      const a = absence('p1', '2026-03-02', 'ev1');
      const sub = subscription('s1', { deltaLink: 'https://graph.microsoft.com/v1.0/delta?token=1' });
      await getStore().transact((tx) => {
        tx.putAbsence(a);
        tx.putSubscription(sub);
      });
      await getStore().read((r) => {
        assert.deepEqual(r.listAbsencesOfPerson('p1', '2026-03-02', '2026-03-02'), [a]);
        assert.deepEqual(r.getSubscription('s1'), sub);
        assert.deepEqual(r.getSubscriptionOfPerson('p1'), sub);
        assert.equal(r.getSubscription('nope'), undefined);
        assert.equal(r.getSubscriptionOfPerson('p2'), undefined);
        assert.deepEqual(r.listAbsencesOfPerson('p2', '2026-01-01', '2026-12-31'), []);
        assert.deepEqual(r.listAbsencesOfEvent('p1', 'nope'), []);
      });
      const inactive = { ...a, active: false, updatedAt: '2026-03-01T09:00:00.000Z' };
      const renewed = { ...sub, expiresAt: '2026-03-08T08:00:00.000Z' };
      await getStore().transact((tx) => {
        tx.putAbsence(inactive);
        tx.putSubscription(renewed);
      });
      await getStore().read((r) => {
        assert.deepEqual(r.listAbsencesOfPerson('p1', '2026-03-01', '2026-03-31'), [inactive], 'inactive ones are listed too');
        assert.deepEqual(r.listAbsencesOfEvent('p1', 'ev1'), [inactive]);
        assert.deepEqual(r.getSubscription('s1'), renewed);
      });
    });

    it("lists a person's absences in a date range (inclusive, sorted), committed and in-tx", async () => {
      await getStore().transact((tx) => {
        tx.putAbsence(absence('p1', '2026-03-04', 'ev2'));
        tx.putAbsence(absence('p1', '2026-03-02', 'ev1'));
        tx.putAbsence(absence('p1', '2026-03-03', 'ev1', { active: false }));
        tx.putAbsence(absence('p1', '2026-03-03', 'ev2'));
        tx.putAbsence(absence('p1', '2026-03-10', 'ev3'));
        tx.putAbsence(absence('p2', '2026-03-03', 'ev1')); // another person's event with the same id
      });
      await getStore().read((r) => {
        const week = r.listAbsencesOfPerson('p1', '2026-03-02', '2026-03-06');
        assert.deepEqual(
          week.map((a) => a.id),
          ['p1:2026-03-02:ev1', 'p1:2026-03-03:ev1', 'p1:2026-03-03:ev2', 'p1:2026-03-04:ev2'],
        );
        assert.deepEqual(ids(r.listAbsencesOfPerson('p1', '2026-03-03', '2026-03-03')), ['p1:2026-03-03:ev1', 'p1:2026-03-03:ev2']);
        assert.deepEqual(ids(r.listAbsencesOfPerson('p1', '2026-03-05', '2026-03-10')), ['p1:2026-03-10:ev3']);
        assert.deepEqual(r.listAbsencesOfPerson('p1', '2026-03-05', '2026-03-09'), []);
        assert.deepEqual(r.listAbsencesOfPerson('p1', '2026-03-06', '2026-03-02'), [], 'empty when to < from');
        // A long range (more days than the person has absence dates) gives the same answer.
        assert.deepEqual(ids(r.listAbsencesOfPerson('p1', '2026-01-01', '2026-12-31')), [
          'p1:2026-03-02:ev1',
          'p1:2026-03-03:ev1',
          'p1:2026-03-03:ev2',
          'p1:2026-03-04:ev2',
          'p1:2026-03-10:ev3',
        ]);
        assert.deepEqual(ids(r.listAbsencesOfPerson('p2', '2026-03-01', '2026-03-31')), ['p2:2026-03-03:ev1']);
      });
      await getStore().transact((tx) => {
        tx.putAbsence(absence('p1', '2026-03-05', 'ev4'));
        tx.putAbsence({ ...absence('p1', '2026-03-04', 'ev2'), active: false });
        tx.putAbsence(absence('p3', '2026-03-05', 'ev4'));
        const week = tx.listAbsencesOfPerson('p1', '2026-03-02', '2026-03-06');
        assert.deepEqual(
          week.map((a) => [a.id, a.active]),
          [
            ['p1:2026-03-02:ev1', true],
            ['p1:2026-03-03:ev1', false],
            ['p1:2026-03-03:ev2', true],
            ['p1:2026-03-04:ev2', false],
            ['p1:2026-03-05:ev4', true],
          ],
          'the tx sees its own writes, merged with and shadowing the committed ones',
        );
        assert.deepEqual(ids(tx.listAbsencesOfPerson('p1', '2026-03-05', '2026-03-05')), ['p1:2026-03-05:ev4']);
      });
      assert.equal((await getStore().read((r) => r.listAbsencesOfPerson('p1', '2026-03-01', '2026-03-31'))).length, 6);
    });

    it('lists the absences of one calendar event of one person (any date, sorted), committed and in-tx', async () => {
      await getStore().transact((tx) => {
        tx.putAbsence(absence('p1', '2026-03-04', 'ev1'));
        tx.putAbsence(absence('p1', '2026-03-02', 'ev1'));
        tx.putAbsence(absence('p1', '2026-03-03', 'ev1', { active: false }));
        tx.putAbsence(absence('p1', '2026-03-03', 'ev2'));
        tx.putAbsence(absence('p2', '2026-03-02', 'ev1'));
      });
      await getStore().read((r) => {
        assert.deepEqual(
          r.listAbsencesOfEvent('p1', 'ev1').map((a) => a.id),
          ['p1:2026-03-02:ev1', 'p1:2026-03-03:ev1', 'p1:2026-03-04:ev1'],
        );
        assert.deepEqual(ids(r.listAbsencesOfEvent('p1', 'ev2')), ['p1:2026-03-03:ev2']);
        assert.deepEqual(ids(r.listAbsencesOfEvent('p2', 'ev1')), ['p2:2026-03-02:ev1']);
        assert.deepEqual(r.listAbsencesOfEvent('p2', 'ev2'), []);
      });
      await getStore().transact((tx) => {
        // The event was shortened: one day goes inactive, a new day appears.
        for (const a of tx.listAbsencesOfEvent('p1', 'ev1')) if (a.date === '2026-03-04') tx.putAbsence({ ...a, active: false });
        tx.putAbsence(absence('p1', '2026-03-01', 'ev1'));
        assert.deepEqual(
          tx.listAbsencesOfEvent('p1', 'ev1').map((a) => [a.date, a.active]),
          [
            ['2026-03-01', true],
            ['2026-03-02', true],
            ['2026-03-03', false],
            ['2026-03-04', false],
          ],
        );
        assert.deepEqual(ids(tx.listAbsencesOfEvent('p1', 'ev2')), ['p1:2026-03-03:ev2']);
      });
      const after = await getStore().read((r) => r.listAbsencesOfEvent('p1', 'ev1').filter((a) => a.active).map((a) => a.date));
      assert.deepEqual(after, ['2026-03-01', '2026-03-02']);
    });

    it('follows a record whose person, date or event changed under the same id (indexes move)', async () => {
      await getStore().transact((tx) => tx.putAbsence({ ...absence('p1', '2026-03-02', 'ev1'), id: 'x' }));
      await getStore().transact((tx) => tx.putAbsence({ ...absence('p2', '2026-03-05', 'ev9'), id: 'x' }));
      await getStore().read((r) => {
        assert.deepEqual(r.listAbsencesOfPerson('p1', '2026-03-01', '2026-03-31'), []);
        assert.deepEqual(r.listAbsencesOfEvent('p1', 'ev1'), []);
        assert.deepEqual(ids(r.listAbsencesOfPerson('p2', '2026-03-05', '2026-03-05')), ['x']);
        assert.deepEqual(ids(r.listAbsencesOfEvent('p2', 'ev9')), ['x']);
      });
      await getStore().transact((tx) => tx.putSubscription(subscription('s1', { personId: 'p1' })));
      await getStore().transact((tx) => {
        tx.putSubscription(subscription('s1', { personId: 'p2' }));
        assert.equal(tx.getSubscriptionOfPerson('p1'), undefined, 'in-tx: the overlay shadows the old person');
      });
      await getStore().read((r) => {
        assert.equal(r.getSubscriptionOfPerson('p1'), undefined);
        assert.equal(r.getSubscriptionOfPerson('p2')?.id, 's1');
      });
    });

    it('lists subscriptions expiring before a time (strictly, as instants, earliest first), committed and in-tx', async () => {
      await getStore().transact((tx) => {
        tx.putSubscription(subscription('late', { personId: 'p1', expiresAt: '2026-03-08T00:00:00.000Z' }));
        tx.putSubscription(subscription('soon', { personId: 'p2', expiresAt: '2026-03-02T10:00:00.000Z' }));
        // 09:00 UTC written with an offset: earlier than 'soon', later than 'first'.
        tx.putSubscription(subscription('offset', { personId: 'p3', expiresAt: '2026-03-02T10:00:00+01:00' }));
        tx.putSubscription(subscription('first', { personId: 'p4', expiresAt: '2026-03-01T13:00:00.000Z' }));
        tx.putSubscription(subscription('edge', { personId: 'p5', expiresAt: '2026-03-03T00:00:00.000Z' }));
      });
      await getStore().read((r) => {
        assert.deepEqual(
          r.listSubscriptionsExpiringBefore('2026-03-03T00:00:00.000Z').map((s) => s.id),
          ['first', 'offset', 'soon'],
          'sorted by instant; the one expiring exactly at the limit is not included',
        );
        assert.deepEqual(r.listSubscriptionsExpiringBefore('2026-03-01T00:00:00.000Z'), []);
        assert.deepEqual(r.listSubscriptionsExpiringBefore('2026-03-02T09:30:00.000Z').map((s) => s.id), ['first', 'offset']);
        assert.equal(r.listSubscriptionsExpiringBefore('2026-04-01T00:00:00.000Z').length, 5);
      });
      await getStore().transact((tx) => {
        const soon = tx.getSubscription('soon');
        assert.ok(soon);
        tx.putSubscription({ ...soon, expiresAt: '2026-03-09T10:00:00.000Z' }); // renewed
        tx.putSubscription(subscription('new', { personId: 'p6', expiresAt: '2026-03-01T12:00:00.000Z' }));
        assert.deepEqual(tx.listSubscriptionsExpiringBefore('2026-03-03T00:00:00.000Z').map((s) => s.id), ['new', 'first', 'offset']);
      });
      assert.deepEqual(
        (await getStore().read((r) => r.listSubscriptionsExpiringBefore('2026-03-03T00:00:00.000Z'))).map((s) => s.id),
        ['new', 'first', 'offset'],
      );
    });

    it('removes a subscription: the removal shadows the committed record in the tx and is committed', async () => {
      await getStore().transact((tx) => {
        tx.putSubscription(subscription('s1', { personId: 'p1', expiresAt: '2026-03-02T00:00:00.000Z' }));
        tx.putSubscription(subscription('s2', { personId: 'p2', expiresAt: '2026-03-02T00:00:00.000Z' }));
      });
      await getStore().transact((tx) => {
        tx.removeSubscription('s1');
        assert.equal(tx.getSubscription('s1'), undefined);
        assert.equal(tx.getSubscriptionOfPerson('p1'), undefined);
        assert.deepEqual(ids(tx.listSubscriptionsExpiringBefore('2026-04-01T00:00:00.000Z')), ['s2']);
        tx.removeSubscription('s1'); // twice is fine
        tx.removeSubscription('never-existed'); // unknown ids are ignored
      });
      await getStore().read((r) => {
        assert.equal(r.getSubscription('s1'), undefined);
        assert.equal(r.getSubscriptionOfPerson('p1'), undefined);
        assert.deepEqual(ids(r.listSubscriptionsExpiringBefore('2026-04-01T00:00:00.000Z')), ['s2']);
      });
      // Re-creating a removed id works, and a put after a remove in one tx wins (and vice versa).
      await getStore().transact((tx) => {
        tx.removeSubscription('s2');
        tx.putSubscription(subscription('s2', { personId: 'p2', expiresAt: '2026-03-09T00:00:00.000Z' }));
        tx.putSubscription(subscription('s3', { personId: 'p3' }));
        tx.removeSubscription('s3');
        tx.putSubscription(subscription('s1', { personId: 'p1', expiresAt: '2026-03-10T00:00:00.000Z' }));
        assert.equal(tx.getSubscription('s2')?.expiresAt, '2026-03-09T00:00:00.000Z');
        assert.equal(tx.getSubscription('s3'), undefined);
        assert.equal(tx.getSubscriptionOfPerson('p1')?.id, 's1');
      });
      await getStore().read((r) => {
        assert.deepEqual(ids(r.listSubscriptionsExpiringBefore('2026-04-01T00:00:00.000Z')), ['s1', 's2']);
        assert.equal(r.getSubscription('s2')?.expiresAt, '2026-03-09T00:00:00.000Z');
        assert.equal(r.getSubscription('s3'), undefined);
        assert.equal(r.getSubscriptionOfPerson('p3'), undefined);
      });
    });

    it('replacing a subscription (remove the old, put the new) leaves one per person', async () => {
      await getStore().transact((tx) => tx.putSubscription(subscription('old', { personId: 'p1' })));
      await getStore().transact((tx) => {
        const old = tx.getSubscriptionOfPerson('p1');
        assert.ok(old);
        tx.removeSubscription(old.id);
        tx.putSubscription(subscription('new', { personId: 'p1', expiresAt: '2026-03-08T08:00:00.000Z' }));
        assert.equal(tx.getSubscriptionOfPerson('p1')?.id, 'new');
      });
      await getStore().read((r) => {
        assert.equal(r.getSubscriptionOfPerson('p1')?.id, 'new');
        assert.equal(r.getSubscription('old'), undefined);
      });
    });

    it('a throwing transaction leaves no absence, no subscription and no removal behind', async () => {
      await getStore().transact((tx) => tx.putSubscription(subscription('keep', { personId: 'p2' })));
      await assert.rejects(
        getStore().transact(async (tx) => {
          tx.putAbsence(absence('p1', '2026-03-02', 'ev1'));
          tx.putSubscription(subscription('s1', { personId: 'p1' }));
          tx.removeSubscription('keep');
          await sleep(1);
          assert.equal(tx.listAbsencesOfPerson('p1', '2026-03-02', '2026-03-02').length, 1, 'the tx sees its own write');
          assert.equal(tx.getSubscription('keep'), undefined);
          throw new Error('boom');
        }),
        /boom/,
      );
      await getStore().read((r) => {
        assert.deepEqual(r.listAbsencesOfPerson('p1', '2000-01-01', '2099-12-31'), []);
        assert.deepEqual(r.listAbsencesOfEvent('p1', 'ev1'), []);
        assert.equal(r.getSubscription('s1'), undefined);
        assert.equal(r.getSubscriptionOfPerson('p1'), undefined);
        assert.equal(r.getSubscription('keep')?.personId, 'p2');
        assert.deepEqual(ids(r.listSubscriptionsExpiringBefore('2099-01-01T00:00:00.000Z')), ['keep']);
      });
    });

    it('read is read-only and returns copies of absences and subscriptions', async () => {
      await getStore().transact((tx) => {
        tx.putAbsence(absence('p1', '2026-03-02', 'ev1'));
        tx.putSubscription(subscription('s1'));
      });
      await assert.rejects(getStore().read((r) => (r as unknown as { putAbsence(a: unknown): void }).putAbsence(absence('p1', '2026-03-03', 'ev1'))), /read-only/);
      await assert.rejects(getStore().read((r) => (r as unknown as { removeSubscription(id: string): void }).removeSubscription('s1')), /read-only/);
      const input = subscription('s2', { personId: 'p2' });
      await getStore().transact((tx) => {
        tx.putSubscription(input);
        const a = tx.listAbsencesOfPerson('p1', '2026-03-02', '2026-03-02')[0];
        assert.ok(a);
        a.active = false;
        const s = tx.getSubscription('s1');
        assert.ok(s);
        s.expiresAt = '2000-01-01T00:00:00.000Z';
      });
      input.personId = 'mutated';
      await getStore().read((r) => {
        assert.equal(r.listAbsencesOfEvent('p1', 'ev1')[0]?.active, true);
        assert.equal(r.getSubscription('s1')?.expiresAt, '2026-03-05T08:00:00.000Z');
        assert.equal(r.getSubscription('s2')?.personId, 'p2');
        const s = r.getSubscriptionOfPerson('p1');
        assert.ok(s);
        s.personId = 'x';
        assert.equal(r.getSubscriptionOfPerson('p1')?.personId, 'p1');
      });
    });

    it('keeps absences, subscriptions and removals across close and reopen', async () => {
      await getStore().transact((tx) => {
        tx.putAbsence(absence('p1', '2026-03-02', 'ev1'));
        tx.putAbsence(absence('p1', '2026-03-03', 'ev1'));
        tx.putAbsence(absence('p2', '2026-03-03', 'ev7', { active: false }));
        tx.putSubscription(subscription('s1', { personId: 'p1', deltaLink: 'https://graph.microsoft.com/v1.0/delta?token=a' }));
        tx.putSubscription(subscription('s2', { personId: 'p2', expiresAt: '2026-03-02T00:00:00.000Z' }));
        tx.putSubscription(subscription('gone', { personId: 'p3' }));
      });
      await getStore().transact((tx) => {
        tx.removeSubscription('gone');
        const a = tx.listAbsencesOfEvent('p1', 'ev1').find((x) => x.date === '2026-03-03');
        assert.ok(a);
        tx.putAbsence({ ...a, active: false });
      });
      const dump = (s: Store): Promise<unknown> =>
        s.read((r) => ({
          p1: r.listAbsencesOfPerson('p1', '2026-03-01', '2026-03-31'),
          p2: r.listAbsencesOfPerson('p2', '2026-03-01', '2026-03-31'),
          event: r.listAbsencesOfEvent('p1', 'ev1'),
          s1: r.getSubscription('s1'),
          ofP2: r.getSubscriptionOfPerson('p2'),
          gone: r.getSubscription('gone') ?? null,
          ofP3: r.getSubscriptionOfPerson('p3') ?? null,
          expiring: r.listSubscriptionsExpiringBefore('2026-04-01T00:00:00.000Z'),
        }));
      const before = await dump(getStore());
      assert.deepEqual((before as { gone: unknown }).gone, null);
      await getStore().close();
      const again = await getOpened().reopen();
      keep(again);
      assert.deepEqual(await dump(again), before);
    });
  });
}
