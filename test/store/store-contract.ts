/**
 * The behaviour every Store adapter must show. Run it from an adapter's test file:
 *   runStoreContract('lowdb', async () => ({ store, reopen, cleanup }));
 * `reopen` opens a new store on the same backing data (after the test closed the first one).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { StoreConflictError, type Store } from '../../src/store/store.js';
import { runCalendarContract } from './calendar-contract.js';
import { runDeskContract } from './desk-contract.js';
import { runHistoryContract, type HistoryGaps } from './history-contract.js';
import { conversation, delegation, ids, request, sleep } from './store-fixtures.js';

export interface OpenedStore {
  store: Store;
  reopen(): Promise<Store>;
  cleanup(): Promise<void>;
}

export function runStoreContract(name: string, open: () => Promise<OpenedStore>, gaps: HistoryGaps = {}): void {
  describe(`Store contract: ${name}`, function () {
    let opened: OpenedStore;
    let store: Store;
    const extra: Store[] = [];

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });

    afterEach(async () => {
      for (const s of [store, ...extra.splice(0)]) await s.close().catch(() => undefined);
      await opened.cleanup();
    });

    it('round-trips a request and bumps its version', async () => {
      const saved = await store.transact((tx) => tx.putRequest(request('r1')));
      assert.equal(saved.version, 1);
      const got = await store.read((r) => r.getRequest('r1'));
      assert.deepEqual(got, saved);
      assert.equal(await store.read((r) => r.getRequest('nope')), undefined);
    });

    it('rejects a stale version with StoreConflictError and keeps the stored record', async () => {
      const v1 = await store.transact((tx) => tx.putRequest(request('r1')));
      await assert.rejects(
        store.transact((tx) => tx.putRequest({ ...v1, status: 'approved', version: 0 })),
        (e: unknown) => e instanceof StoreConflictError && e.code === 'STORE_CONFLICT',
      );
      await assert.rejects(store.transact((tx) => tx.putRequest(request('r1'))), StoreConflictError);
      const v2 = await store.transact((tx) => tx.putRequest({ ...v1, status: 'approved' }));
      assert.equal(v2.version, 2);
      assert.equal((await store.read((r) => r.getRequest('r1')))?.status, 'approved');
    });

    it('a throwing transaction leaves nothing behind', async () => {
      await store.transact((tx) => tx.putRequest(request('keep')));
      await assert.rejects(
        store.transact(async (tx) => {
          await tx.putRequest(request('r1'));
          await tx.enqueue({ type: 'teams.send', payload: { a: 1 }, dedupeKey: 'k1' });
          await tx.putDelegation(delegation('d1', 'm1', 'm2'));
          await tx.putConversation(conversation('u1'));
          await tx.nextSequence('request-2026');
          await sleep(1);
          assert.ok(await tx.getRequest('r1'), 'the tx sees its own write');
          throw new Error('boom');
        }),
        /boom/,
      );
      await store.read(async (r) => {
        assert.equal(await r.getRequest('r1'), undefined);
        assert.deepEqual(await r.listJobs(), []);
        assert.deepEqual(await r.listDelegations('m1'), []);
        assert.equal(await r.getConversation('u1'), undefined);
        assert.deepEqual(ids(await r.listRequestsOfPerson('p1')), ['keep']);
      });
      assert.equal(await store.transact((tx) => tx.nextSequence('request-2026')), 1);
      const job = await store.transact((tx) => tx.enqueue({ type: 't', payload: {}, dedupeKey: 'k1' }));
      assert.equal(job.status, 'pending', 'the dedupe key of the failed tx is free');
    });

    it('a tx cannot be used after its callback and read is read-only', async () => {
      let leaked: Parameters<Parameters<Store['transact']>[0]>[0] | undefined;
      await store.transact((tx) => {
        leaked = tx;
      });
      await assert.rejects(async () => {
        await leaked?.putRequest(request('late'));
      }, /finished/);
      await assert.rejects(
        store.read((r) => (r as unknown as { nextSequence(n: string): number }).nextSequence('x')),
        /read-only/,
      );
    });

    it('enqueue with a known dedupeKey returns the existing job', async () => {
      const first = await store.transact((tx) => tx.enqueue({ type: 'teams.send', payload: { n: 1 }, dedupeKey: 'k' }));
      const [again, inTx] = await store.transact(async (tx) => {
        const a = await tx.enqueue({ type: 'teams.send', payload: { n: 2 }, dedupeKey: 'k' });
        const b = await tx.enqueue({ type: 'x', payload: {}, dedupeKey: 'k2' });
        const c = await tx.enqueue({ type: 'x', payload: {}, dedupeKey: 'k2' });
        assert.equal(b.id, c.id);
        return [a, c];
      });
      assert.equal(again.id, first.id);
      assert.deepEqual(again.payload, { n: 1 });
      assert.equal(first.attempts, 0);
      assert.ok(first.dueAt && first.createdAt);
      const jobs = await store.read((r) => r.listJobs());
      assert.deepEqual(ids(jobs), [first.id, inTx.id].sort());
    });

    it('claims, completes, fails and dead-letters jobs', async () => {
      await store.transact(async (tx) => {
        await tx.enqueue({ id: 'late', type: 'a', payload: {}, dueAt: '2026-03-01T10:00:00.000Z' });
        await tx.enqueue({ id: 'early', type: 'a', payload: {}, dueAt: '2026-03-01T09:00:00.000Z' });
        await tx.enqueue({ id: 'future', type: 'b', payload: {}, dueAt: '2026-03-02T09:00:00.000Z' });
      });
      assert.equal(await store.nextDueAt(), '2026-03-01T09:00:00.000Z');
      const claimed = await store.claimDueJobs('2026-03-01T12:00:00.000Z', '2026-03-01T12:05:00.000Z', 10);
      assert.deepEqual(claimed.map((j) => j.id), ['early', 'late']);
      assert.ok(claimed.every((j) => j.lockedUntil === '2026-03-01T12:05:00.000Z'));

      await store.completeJob('early', '2026-03-01T12:00:01.000Z', { activityId: 'act-1' });
      await store.failJob('late', 'HTTP 503', '2026-03-01T12:10:00.000Z', false);
      await store.read(async (r) => {
        const early = await r.getJob('early');
        assert.equal(early?.status, 'done');
        assert.equal(early?.doneAt, '2026-03-01T12:00:01.000Z');
        assert.deepEqual(early?.result, { activityId: 'act-1' });
        const late = await r.getJob('late');
        assert.equal(late?.status, 'pending');
        assert.equal(late?.attempts, 1);
        assert.equal(late?.lastError, 'HTTP 503');
        assert.equal(late?.dueAt, '2026-03-01T12:10:00.000Z');
        assert.equal(late?.lockedUntil, undefined);
        assert.deepEqual(ids(await r.listJobs({ status: 'pending' })), ['future', 'late']);
        assert.deepEqual(ids(await r.listJobs({ type: 'b' })), ['future']);
      });
      assert.deepEqual(await store.claimDueJobs('2026-03-01T12:09:59.000Z', '2026-03-01T12:20:00.000Z', 10), []);
      const again = await store.claimDueJobs('2026-03-01T12:10:00.000Z', '2026-03-01T12:20:00.000Z', 10);
      assert.deepEqual(again.map((j) => j.id), ['late']);
      await store.failJob('late', 'HTTP 400', '2026-03-01T13:00:00.000Z', true);
      const dead = await store.read((r) => r.getJob('late'));
      assert.equal(dead?.status, 'dead');
      assert.equal(dead?.attempts, 2);
      assert.deepEqual(ids(await store.read((r) => r.listJobs({ status: 'dead' }))), ['late']);
      assert.equal(await store.nextDueAt(), '2026-03-02T09:00:00.000Z');
      await assert.rejects(store.completeJob('missing', '2026-03-01T12:00:00.000Z'), /not found/);
    });

    it('does not claim a claimed job again until its lock expires, and honours the limit', async () => {
      await store.transact(async (tx) => {
        for (let i = 0; i < 5; i++) await tx.enqueue({ id: `j${i}`, type: 'a', payload: {}, dueAt: `2026-03-01T09:0${i}:00.000Z` });
      });
      const first = await store.claimDueJobs('2026-03-01T10:00:00.000Z', '2026-03-01T10:01:00.000Z', 2);
      assert.deepEqual(first.map((j) => j.id), ['j0', 'j1']);
      const second = await store.claimDueJobs('2026-03-01T10:00:30.000Z', '2026-03-01T10:01:30.000Z', 10);
      assert.deepEqual(second.map((j) => j.id), ['j2', 'j3', 'j4']);
      assert.deepEqual(await store.claimDueJobs('2026-03-01T10:00:59.000Z', '2026-03-01T10:05:00.000Z', 10), []);
      assert.equal(await store.nextDueAt(), '2026-03-01T10:01:00.000Z', 'earliest lock expiry');
      const expired = await store.claimDueJobs('2026-03-01T10:01:00.000Z', '2026-03-01T10:02:00.000Z', 10);
      assert.deepEqual(expired.map((j) => j.id), ['j0', 'j1']);
    });

    it('answers the range, approver and person queries (committed and in-tx)', async () => {
      await store.transact(async (tx) => {
        await tx.putRequest(request('a', { personId: 'p1', approverId: 'm1', days: [['2026-03-02', 'pending'], ['2026-03-03', 'pending']] }));
        await tx.putRequest(request('b', { personId: 'p1', approverId: 'm2', status: 'approved', days: [['2026-03-05', 'approved']] }));
        await tx.putRequest(request('c', { personId: 'p2', approverId: 'm2', days: [['2026-03-04', 'rejected'], ['2026-03-10', 'pending']] }));
        await tx.putRequest(request('d', { personId: 'p3', approverId: 'm3', status: 'rejected', days: [['2026-03-03', 'rejected']] }));
      });
      await store.read(async (r) => {
        assert.deepEqual(ids(await r.listActiveRequestsInRange('2026-03-03', '2026-03-05')), ['a', 'b']);
        assert.deepEqual(ids(await r.listActiveRequestsInRange('2026-03-04', '2026-03-04')), []);
        assert.deepEqual(ids(await r.listActiveRequestsInRange('2026-03-10', '2026-03-10')), ['c']);
        assert.deepEqual(ids(await r.listActiveRequestsInRange('2000-01-01', '2099-12-31')), ['a', 'b', 'c']);
        assert.deepEqual(ids(await r.listPendingForApprovers(['m1', 'm2'])), ['a', 'c']);
        assert.deepEqual(ids(await r.listPendingForApprovers(['m3'])), []);
        assert.deepEqual(ids(await r.listRequestsOfPerson('p1')), ['a', 'b']);
        assert.deepEqual(ids(await r.listRequestsOfPerson('p1', '2026-03-04', '2026-03-31')), ['b']);
        assert.deepEqual(ids(await r.listRequestsOfPerson('p2', '2026-03-04', '2026-03-04')), ['c'], 'any day status');
        assert.deepEqual(ids(await r.listRequestsOfPerson('p1', '2026-03-06')), []);
        assert.deepEqual(ids(await r.listRequestsOfPerson('p1', undefined, '2026-03-02')), ['a']);
      });
      await store.transact(async (tx) => {
        const a = await tx.getRequest('a');
        assert.ok(a);
        await tx.putRequest({ ...a, status: 'approved', days: a.days.map((d) => ({ ...d, status: 'approved' })) });
        const c = await tx.getRequest('c');
        assert.ok(c);
        await tx.putRequest({ ...c, personId: 'p1', status: 'withdrawn', days: c.days.map((d) => ({ ...d, status: 'withdrawn' })) });
        await tx.putRequest(request('e', { personId: 'p2', approverId: 'm2', days: [['2026-03-04', 'pending']] }));
        assert.deepEqual(ids(await tx.listPendingForApprovers(['m1', 'm2'])), ['e']);
        assert.deepEqual(ids(await tx.listActiveRequestsInRange('2026-03-01', '2026-03-31')), ['a', 'b', 'e']);
        assert.deepEqual(ids(await tx.listRequestsOfPerson('p2')), ['e']);
        assert.deepEqual(ids(await tx.listRequestsOfPerson('p1')), ['a', 'b', 'c']);
      });
      await store.read(async (r) => {
        assert.deepEqual(ids(await r.listPendingForApprovers(['m1', 'm2'])), ['e']);
        assert.deepEqual(ids(await r.listActiveRequestsInRange('2026-03-01', '2026-03-31')), ['a', 'b', 'e']);
        assert.deepEqual(ids(await r.listRequestsOfPerson('p2')), ['e']);
      });
    });

    it('lists pending requests created before a time, not yet reminded; delegations; conversations', async () => {
      await store.transact(async (tx) => {
        await tx.putRequest(request('old', { createdAt: '2026-03-01T08:00:00.000Z' }));
        await tx.putRequest(request('reminded', { createdAt: '2026-03-01T08:00:00.000Z', remindedAt: '2026-03-02T08:00:00.000Z' }));
        await tx.putRequest(request('new', { createdAt: '2026-03-03T08:00:00.000Z' }));
        await tx.putRequest(request('done', { createdAt: '2026-03-01T08:00:00.000Z', status: 'approved' }));
        await tx.putDelegation(delegation('d1', 'm1', 'm2'));
        await tx.putDelegation(delegation('d2', 'm1', 'm3'));
        await tx.putDelegation(delegation('d3', 'm4', 'm2'));
        await tx.putConversation(conversation('u1'));
      });
      await store.transact((tx) => tx.putDelegation({ ...delegation('d2', 'm1', 'm3'), revoked: true }));
      await store.read(async (r) => {
        assert.deepEqual(ids(await r.listPendingCreatedBefore('2026-03-02T00:00:00.000Z')), ['old']);
        assert.deepEqual(ids(await r.listDelegations('m1')), ['d1', 'd2']);
        assert.equal((await r.listDelegations('m1')).find((d) => d.id === 'd2')?.revoked, true);
        assert.deepEqual(ids(await r.listDelegationsToDeputy('m2')), ['d1', 'd3']);
        assert.equal((await r.getConversation('u1'))?.conversationId, 'a:u1');
        assert.equal(await r.getConversation('u2'), undefined);
      });
    });

    it('sequences are monotonic, within a tx and under concurrency', async () => {
      assert.deepEqual(await store.transact(async (tx) => [await tx.nextSequence('s'), await tx.nextSequence('s'), await tx.nextSequence('t')]), [1, 2, 1]);
      const values = await Promise.all(Array.from({ length: 20 }, () => store.transact((tx) => tx.nextSequence('s'))));
      assert.deepEqual([...values].sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i + 3));
    });

    it('serialises read-check-write: 50 concurrent inserts never exceed a limit of 10', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.nat(3), { minLength: 50, maxLength: 50 }), async (delays) => {
          const person = `px-${Math.random().toString(36).slice(2)}`;
          const results = await Promise.all(
            delays.map((delay, i) =>
              store.transact(async (tx) => {
                const existing = (await tx.listRequestsOfPerson(person)).length;
                await sleep(delay);
                if (existing >= 10) return false;
                await tx.putRequest(request(`${person}-${i}`, { personId: person }));
                return true;
              }),
            ),
          );
          assert.equal(results.filter(Boolean).length, 10);
          assert.equal((await store.read((r) => r.listRequestsOfPerson(person))).length, 10);
        }),
        { numRuns: 3 },
      );
    });

    it('when a caller mutates a returned record, then it throws; a copy or the input can be changed without changing the store', async () => {
      const input = request('r1');
      const saved = await store.transact(async (tx) => {
        const s = await tx.putRequest(input);
        assert.throws(() => s.days.push({ date: '2026-12-24', portion: 1, status: 'pending' }), TypeError);
        const copy = { ...s, days: [...s.days, { date: '2026-12-24' as const, portion: 1 as const, status: 'pending' as const }] };
        assert.equal(copy.days.length, 2);
        return tx.getRequest('r1');
      });
      input.status = 'cancelled';
      assert.ok(saved);
      assert.throws(() => {
        saved.status = 'rejected';
      }, TypeError);
      const changedCopy = { ...saved, status: 'rejected' as const };
      assert.equal(changedCopy.status, 'rejected');
      const job = await store.transact((tx) => tx.enqueue({ id: 'j1', type: 'a', payload: { n: 1 }, dueAt: '2026-01-01T00:00:00.000Z' }));
      assert.throws(() => {
        (job.payload as { n: number }).n = 2;
      }, TypeError);
      const listed = await store.read((r) => r.listRequestsOfPerson('p1'));
      assert.throws(() => {
        listed[0]!.days[0]!.status = 'withdrawn';
      }, TypeError);
      listed[0] = { ...listed[0]!, days: listed[0]!.days.map((d) => ({ ...d, status: 'withdrawn' as const })) };
      const claimed = await store.claimDueJobs('2026-01-01T00:00:00.000Z', '2026-01-01T00:01:00.000Z', 1);
      claimed[0]!.status = 'dead';
      await store.read(async (r) => {
        const stored = await r.getRequest('r1');
        assert.equal(stored?.status, 'pending');
        assert.equal(stored?.days.length, 1);
        assert.equal(stored?.days[0]?.status, 'pending');
        assert.deepEqual((await r.getJob('j1'))?.payload, { n: 1 });
        assert.equal((await r.getJob('j1'))?.status, 'pending');
      });
    });

    it('gives the same state after close and reopen', async () => {
      await store.transact(async (tx) => {
        await tx.putRequest(request('r1', { days: [['2026-03-02', 'pending']] }));
        await tx.putDelegation(delegation('d1', 'm1', 'm2'));
        await tx.putConversation(conversation('u1'));
        await tx.enqueue({ id: 'j1', type: 'a', payload: { x: [1, 2] }, dedupeKey: 'k' });
        await tx.nextSequence('s');
      });
      const r1 = await store.transact(async (tx) => {
        const r = await tx.getRequest('r1');
        assert.ok(r);
        return tx.putRequest({ ...r, status: 'approved', days: r.days.map((d) => ({ ...d, status: 'approved' })) });
      });
      const dump = (s: Store): Promise<unknown> =>
        s.read(async (r) => ({
          request: await r.getRequest('r1'),
          active: ids(await r.listActiveRequestsInRange('2026-03-01', '2026-03-31')),
          pending: ids(await r.listPendingForApprovers(['m1'])),
          delegations: await r.listDelegations('m1'),
          conversation: await r.getConversation('u1'),
          jobs: await r.listJobs(),
        }));
      const before = await dump(store);
      await store.close();
      await assert.rejects(store.transact(() => 1), /closed/);
      await assert.rejects(store.read(() => 1), /closed/);
      await assert.rejects(store.ping(), /closed/);
      await assert.rejects(store.claimDueJobs('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 1), /closed/);
      const again = await opened.reopen();
      extra.push(again);
      assert.deepEqual(await dump(again), before);
      assert.equal((await again.read((r) => r.getRequest('r1')))?.version, r1.version);
      assert.equal(await again.transact((tx) => tx.nextSequence('s')), 2);
      assert.equal((await again.transact((tx) => tx.enqueue({ type: 'a', payload: {}, dedupeKey: 'k' }))).id, 'j1');
      await again.ping();
    });

    runDeskContract(
      () => store,
      () => opened,
      (s) => extra.push(s),
    );

    runCalendarContract(
      () => store,
      () => opened,
      (s) => extra.push(s),
    );

    runHistoryContract(
      () => store,
      () => opened,
      (s) => extra.push(s),
      gaps,
    );
  });
}
