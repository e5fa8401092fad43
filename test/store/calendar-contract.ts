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
      await getStore().transact(async (tx) => {
        await tx.putAbsence(a);
        await tx.putSubscription(sub);
      });
      await getStore().read(async (r) => {
        assert.deepEqual(await r.listAbsencesOfPerson('p1', '2026-03-02', '2026-03-02'), [a]);
        assert.deepEqual(await r.getSubscription('s1'), sub);
        assert.deepEqual(await r.getSubscriptionOfPerson('p1'), sub);
        assert.equal(await r.getSubscription('nope'), undefined);
        assert.equal(await r.getSubscriptionOfPerson('p2'), undefined);
        assert.deepEqual(await r.listAbsencesOfPerson('p2', '2026-01-01', '2026-12-31'), []);
        assert.deepEqual(await r.listAbsencesOfEvent('p1', 'nope'), []);
      });
      const inactive = { ...a, active: false, updatedAt: '2026-03-01T09:00:00.000Z' };
      const renewed = { ...sub, expiresAt: '2026-03-08T08:00:00.000Z' };
      await getStore().transact(async (tx) => {
        await tx.putAbsence(inactive);
        await tx.putSubscription(renewed);
      });
      await getStore().read(async (r) => {
        assert.deepEqual(await r.listAbsencesOfPerson('p1', '2026-03-01', '2026-03-31'), [inactive], 'inactive ones are listed too');
        assert.deepEqual(await r.listAbsencesOfEvent('p1', 'ev1'), [inactive]);
        assert.deepEqual(await r.getSubscription('s1'), renewed);
      });
    });

    it("lists a person's absences in a date range (inclusive, sorted), committed and in-tx", async () => {
      await getStore().transact(async (tx) => {
        await tx.putAbsence(absence('p1', '2026-03-04', 'ev2'));
        await tx.putAbsence(absence('p1', '2026-03-02', 'ev1'));
        await tx.putAbsence(absence('p1', '2026-03-03', 'ev1', { active: false }));
        await tx.putAbsence(absence('p1', '2026-03-03', 'ev2'));
        await tx.putAbsence(absence('p1', '2026-03-10', 'ev3'));
        await tx.putAbsence(absence('p2', '2026-03-03', 'ev1')); // another person's event with the same id
      });
      await getStore().read(async (r) => {
        const week = await r.listAbsencesOfPerson('p1', '2026-03-02', '2026-03-06');
        assert.deepEqual(
          week.map((a) => a.id),
          ['p1:2026-03-02:ev1', 'p1:2026-03-03:ev1', 'p1:2026-03-03:ev2', 'p1:2026-03-04:ev2'],
        );
        assert.deepEqual(ids(await r.listAbsencesOfPerson('p1', '2026-03-03', '2026-03-03')), ['p1:2026-03-03:ev1', 'p1:2026-03-03:ev2']);
        assert.deepEqual(ids(await r.listAbsencesOfPerson('p1', '2026-03-05', '2026-03-10')), ['p1:2026-03-10:ev3']);
        assert.deepEqual(await r.listAbsencesOfPerson('p1', '2026-03-05', '2026-03-09'), []);
        assert.deepEqual(await r.listAbsencesOfPerson('p1', '2026-03-06', '2026-03-02'), [], 'empty when to < from');
        // A long range (more days than the person has absence dates) gives the same answer.
        assert.deepEqual(ids(await r.listAbsencesOfPerson('p1', '2026-01-01', '2026-12-31')), [
          'p1:2026-03-02:ev1',
          'p1:2026-03-03:ev1',
          'p1:2026-03-03:ev2',
          'p1:2026-03-04:ev2',
          'p1:2026-03-10:ev3',
        ]);
        assert.deepEqual(ids(await r.listAbsencesOfPerson('p2', '2026-03-01', '2026-03-31')), ['p2:2026-03-03:ev1']);
      });
      await getStore().transact(async (tx) => {
        await tx.putAbsence(absence('p1', '2026-03-05', 'ev4'));
        await tx.putAbsence({ ...absence('p1', '2026-03-04', 'ev2'), active: false });
        await tx.putAbsence(absence('p3', '2026-03-05', 'ev4'));
        const week = await tx.listAbsencesOfPerson('p1', '2026-03-02', '2026-03-06');
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
        assert.deepEqual(ids(await tx.listAbsencesOfPerson('p1', '2026-03-05', '2026-03-05')), ['p1:2026-03-05:ev4']);
      });
      assert.equal((await getStore().read((r) => r.listAbsencesOfPerson('p1', '2026-03-01', '2026-03-31'))).length, 6);
    });

    it('lists the absences of one calendar event of one person (any date, sorted), committed and in-tx', async () => {
      await getStore().transact(async (tx) => {
        await tx.putAbsence(absence('p1', '2026-03-04', 'ev1'));
        await tx.putAbsence(absence('p1', '2026-03-02', 'ev1'));
        await tx.putAbsence(absence('p1', '2026-03-03', 'ev1', { active: false }));
        await tx.putAbsence(absence('p1', '2026-03-03', 'ev2'));
        await tx.putAbsence(absence('p2', '2026-03-02', 'ev1'));
      });
      await getStore().read(async (r) => {
        assert.deepEqual(
          (await r.listAbsencesOfEvent('p1', 'ev1')).map((a) => a.id),
          ['p1:2026-03-02:ev1', 'p1:2026-03-03:ev1', 'p1:2026-03-04:ev1'],
        );
        assert.deepEqual(ids(await r.listAbsencesOfEvent('p1', 'ev2')), ['p1:2026-03-03:ev2']);
        assert.deepEqual(ids(await r.listAbsencesOfEvent('p2', 'ev1')), ['p2:2026-03-02:ev1']);
        assert.deepEqual(await r.listAbsencesOfEvent('p2', 'ev2'), []);
      });
      await getStore().transact(async (tx) => {
        // The event was shortened: one day goes inactive, a new day appears.
        for (const a of await tx.listAbsencesOfEvent('p1', 'ev1')) if (a.date === '2026-03-04') await tx.putAbsence({ ...a, active: false });
        await tx.putAbsence(absence('p1', '2026-03-01', 'ev1'));
        assert.deepEqual(
          (await tx.listAbsencesOfEvent('p1', 'ev1')).map((a) => [a.date, a.active]),
          [
            ['2026-03-01', true],
            ['2026-03-02', true],
            ['2026-03-03', false],
            ['2026-03-04', false],
          ],
        );
        assert.deepEqual(ids(await tx.listAbsencesOfEvent('p1', 'ev2')), ['p1:2026-03-03:ev2']);
      });
      const after = await getStore().read(async (r) => (await r.listAbsencesOfEvent('p1', 'ev1')).filter((a) => a.active).map((a) => a.date));
      assert.deepEqual(after, ['2026-03-01', '2026-03-02']);
    });

    it('follows a record whose person, date or event changed under the same id (indexes move)', async () => {
      await getStore().transact((tx) => tx.putAbsence({ ...absence('p1', '2026-03-02', 'ev1'), id: 'x' }));
      await getStore().transact((tx) => tx.putAbsence({ ...absence('p2', '2026-03-05', 'ev9'), id: 'x' }));
      await getStore().read(async (r) => {
        assert.deepEqual(await r.listAbsencesOfPerson('p1', '2026-03-01', '2026-03-31'), []);
        assert.deepEqual(await r.listAbsencesOfEvent('p1', 'ev1'), []);
        assert.deepEqual(ids(await r.listAbsencesOfPerson('p2', '2026-03-05', '2026-03-05')), ['x']);
        assert.deepEqual(ids(await r.listAbsencesOfEvent('p2', 'ev9')), ['x']);
      });
      await getStore().transact((tx) => tx.putSubscription(subscription('s1', { personId: 'p1' })));
      await getStore().transact(async (tx) => {
        await tx.putSubscription(subscription('s1', { personId: 'p2' }));
        assert.equal(await tx.getSubscriptionOfPerson('p1'), undefined, 'in-tx: the overlay shadows the old person');
      });
      await getStore().read(async (r) => {
        assert.equal(await r.getSubscriptionOfPerson('p1'), undefined);
        assert.equal((await r.getSubscriptionOfPerson('p2'))?.id, 's1');
      });
    });

    it('lists subscriptions expiring before a time (strictly, as instants, earliest first), committed and in-tx', async () => {
      await getStore().transact(async (tx) => {
        await tx.putSubscription(subscription('late', { personId: 'p1', expiresAt: '2026-03-08T00:00:00.000Z' }));
        await tx.putSubscription(subscription('soon', { personId: 'p2', expiresAt: '2026-03-02T10:00:00.000Z' }));
        // 09:00 UTC written with an offset: earlier than 'soon', later than 'first'.
        await tx.putSubscription(subscription('offset', { personId: 'p3', expiresAt: '2026-03-02T10:00:00+01:00' }));
        await tx.putSubscription(subscription('first', { personId: 'p4', expiresAt: '2026-03-01T13:00:00.000Z' }));
        await tx.putSubscription(subscription('edge', { personId: 'p5', expiresAt: '2026-03-03T00:00:00.000Z' }));
      });
      await getStore().read(async (r) => {
        assert.deepEqual(
          (await r.listSubscriptionsExpiringBefore('2026-03-03T00:00:00.000Z')).map((s) => s.id),
          ['first', 'offset', 'soon'],
          'sorted by instant; the one expiring exactly at the limit is not included',
        );
        assert.deepEqual(await r.listSubscriptionsExpiringBefore('2026-03-01T00:00:00.000Z'), []);
        assert.deepEqual((await r.listSubscriptionsExpiringBefore('2026-03-02T09:30:00.000Z')).map((s) => s.id), ['first', 'offset']);
        assert.equal((await r.listSubscriptionsExpiringBefore('2026-04-01T00:00:00.000Z')).length, 5);
      });
      await getStore().transact(async (tx) => {
        const soon = await tx.getSubscription('soon');
        assert.ok(soon);
        await tx.putSubscription({ ...soon, expiresAt: '2026-03-09T10:00:00.000Z' }); // renewed
        await tx.putSubscription(subscription('new', { personId: 'p6', expiresAt: '2026-03-01T12:00:00.000Z' }));
        assert.deepEqual((await tx.listSubscriptionsExpiringBefore('2026-03-03T00:00:00.000Z')).map((s) => s.id), ['new', 'first', 'offset']);
      });
      assert.deepEqual(
        (await getStore().read((r) => r.listSubscriptionsExpiringBefore('2026-03-03T00:00:00.000Z'))).map((s) => s.id),
        ['new', 'first', 'offset'],
      );
    });

    it('removes a subscription: the removal shadows the committed record in the tx and is committed', async () => {
      await getStore().transact(async (tx) => {
        await tx.putSubscription(subscription('s1', { personId: 'p1', expiresAt: '2026-03-02T00:00:00.000Z' }));
        await tx.putSubscription(subscription('s2', { personId: 'p2', expiresAt: '2026-03-02T00:00:00.000Z' }));
      });
      await getStore().transact(async (tx) => {
        await tx.removeSubscription('s1');
        assert.equal(await tx.getSubscription('s1'), undefined);
        assert.equal(await tx.getSubscriptionOfPerson('p1'), undefined);
        assert.deepEqual(ids(await tx.listSubscriptionsExpiringBefore('2026-04-01T00:00:00.000Z')), ['s2']);
        await tx.removeSubscription('s1'); // twice is fine
        await tx.removeSubscription('never-existed'); // unknown ids are ignored
      });
      await getStore().read(async (r) => {
        assert.equal(await r.getSubscription('s1'), undefined);
        assert.equal(await r.getSubscriptionOfPerson('p1'), undefined);
        assert.deepEqual(ids(await r.listSubscriptionsExpiringBefore('2026-04-01T00:00:00.000Z')), ['s2']);
      });
      // Re-creating a removed id works, and a put after a remove in one tx wins (and vice versa).
      await getStore().transact(async (tx) => {
        await tx.removeSubscription('s2');
        await tx.putSubscription(subscription('s2', { personId: 'p2', expiresAt: '2026-03-09T00:00:00.000Z' }));
        await tx.putSubscription(subscription('s3', { personId: 'p3' }));
        await tx.removeSubscription('s3');
        await tx.putSubscription(subscription('s1', { personId: 'p1', expiresAt: '2026-03-10T00:00:00.000Z' }));
        assert.equal((await tx.getSubscription('s2'))?.expiresAt, '2026-03-09T00:00:00.000Z');
        assert.equal(await tx.getSubscription('s3'), undefined);
        assert.equal((await tx.getSubscriptionOfPerson('p1'))?.id, 's1');
      });
      await getStore().read(async (r) => {
        assert.deepEqual(ids(await r.listSubscriptionsExpiringBefore('2026-04-01T00:00:00.000Z')), ['s1', 's2']);
        assert.equal((await r.getSubscription('s2'))?.expiresAt, '2026-03-09T00:00:00.000Z');
        assert.equal(await r.getSubscription('s3'), undefined);
        assert.equal(await r.getSubscriptionOfPerson('p3'), undefined);
      });
    });

    it('replacing a subscription (remove the old, put the new) leaves one per person', async () => {
      await getStore().transact((tx) => tx.putSubscription(subscription('old', { personId: 'p1' })));
      await getStore().transact(async (tx) => {
        const old = await tx.getSubscriptionOfPerson('p1');
        assert.ok(old);
        await tx.removeSubscription(old.id);
        await tx.putSubscription(subscription('new', { personId: 'p1', expiresAt: '2026-03-08T08:00:00.000Z' }));
        assert.equal((await tx.getSubscriptionOfPerson('p1'))?.id, 'new');
      });
      await getStore().read(async (r) => {
        assert.equal((await r.getSubscriptionOfPerson('p1'))?.id, 'new');
        assert.equal(await r.getSubscription('old'), undefined);
      });
    });

    it('a throwing transaction leaves no absence, no subscription and no removal behind', async () => {
      await getStore().transact((tx) => tx.putSubscription(subscription('keep', { personId: 'p2' })));
      await assert.rejects(
        getStore().transact(async (tx) => {
          await tx.putAbsence(absence('p1', '2026-03-02', 'ev1'));
          await tx.putSubscription(subscription('s1', { personId: 'p1' }));
          await tx.removeSubscription('keep');
          await sleep(1);
          assert.equal((await tx.listAbsencesOfPerson('p1', '2026-03-02', '2026-03-02')).length, 1, 'the tx sees its own write');
          assert.equal(await tx.getSubscription('keep'), undefined);
          throw new Error('boom');
        }),
        /boom/,
      );
      await getStore().read(async (r) => {
        assert.deepEqual(await r.listAbsencesOfPerson('p1', '2000-01-01', '2099-12-31'), []);
        assert.deepEqual(await r.listAbsencesOfEvent('p1', 'ev1'), []);
        assert.equal(await r.getSubscription('s1'), undefined);
        assert.equal(await r.getSubscriptionOfPerson('p1'), undefined);
        assert.equal((await r.getSubscription('keep'))?.personId, 'p2');
        assert.deepEqual(ids(await r.listSubscriptionsExpiringBefore('2099-01-01T00:00:00.000Z')), ['keep']);
      });
    });

    it('read is read-only, and returned absences and subscriptions cannot be mutated', async () => {
      await getStore().transact(async (tx) => {
        await tx.putAbsence(absence('p1', '2026-03-02', 'ev1'));
        await tx.putSubscription(subscription('s1'));
      });
      await assert.rejects(getStore().read((r) => (r as unknown as { putAbsence(a: unknown): void }).putAbsence(absence('p1', '2026-03-03', 'ev1'))), /read-only/);
      await assert.rejects(getStore().read((r) => (r as unknown as { removeSubscription(id: string): void }).removeSubscription('s1')), /read-only/);
      const input = subscription('s2', { personId: 'p2' });
      await getStore().transact(async (tx) => {
        await tx.putSubscription(input);
        const a = (await tx.listAbsencesOfPerson('p1', '2026-03-02', '2026-03-02'))[0];
        assert.ok(a);
        assert.throws(() => {
          a.active = false;
        }, TypeError);
        const s = await tx.getSubscription('s1');
        assert.ok(s);
        assert.throws(() => {
          s.expiresAt = '2000-01-01T00:00:00.000Z';
        }, TypeError);
        const copy = { ...s, expiresAt: '2000-01-01T00:00:00.000Z' };
        assert.equal(copy.expiresAt, '2000-01-01T00:00:00.000Z');
      });
      input.personId = 'mutated';
      await getStore().read(async (r) => {
        assert.equal((await r.listAbsencesOfEvent('p1', 'ev1'))[0]?.active, true);
        assert.equal((await r.getSubscription('s1'))?.expiresAt, '2026-03-05T08:00:00.000Z');
        assert.equal((await r.getSubscription('s2'))?.personId, 'p2');
        const s = await r.getSubscriptionOfPerson('p1');
        assert.ok(s);
        assert.throws(() => {
          s.personId = 'x';
        }, TypeError);
        assert.equal((await r.getSubscriptionOfPerson('p1'))?.personId, 'p1');
      });
    });

    it('keeps absences, subscriptions and removals across close and reopen', async () => {
      await getStore().transact(async (tx) => {
        await tx.putAbsence(absence('p1', '2026-03-02', 'ev1'));
        await tx.putAbsence(absence('p1', '2026-03-03', 'ev1'));
        await tx.putAbsence(absence('p2', '2026-03-03', 'ev7', { active: false }));
        await tx.putSubscription(subscription('s1', { personId: 'p1', deltaLink: 'https://graph.microsoft.com/v1.0/delta?token=a' }));
        await tx.putSubscription(subscription('s2', { personId: 'p2', expiresAt: '2026-03-02T00:00:00.000Z' }));
        await tx.putSubscription(subscription('gone', { personId: 'p3' }));
      });
      await getStore().transact(async (tx) => {
        await tx.removeSubscription('gone');
        const a = (await tx.listAbsencesOfEvent('p1', 'ev1')).find((x) => x.date === '2026-03-03');
        assert.ok(a);
        await tx.putAbsence({ ...a, active: false });
      });
      const dump = (s: Store): Promise<unknown> =>
        s.read(async (r) => ({
          p1: await r.listAbsencesOfPerson('p1', '2026-03-01', '2026-03-31'),
          p2: await r.listAbsencesOfPerson('p2', '2026-03-01', '2026-03-31'),
          event: await r.listAbsencesOfEvent('p1', 'ev1'),
          s1: await r.getSubscription('s1'),
          ofP2: await r.getSubscriptionOfPerson('p2'),
          gone: await r.getSubscription('gone') ?? null,
          ofP3: await r.getSubscriptionOfPerson('p3') ?? null,
          expiring: await r.listSubscriptionsExpiringBefore('2026-04-01T00:00:00.000Z'),
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
