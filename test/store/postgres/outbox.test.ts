/**
 * The outbox on PostgreSQL with several workers in two instances: every due job is claimed by
 * exactly one worker (FOR UPDATE SKIP LOCKED), a timed job is claimed once when it falls due, and
 * an expired claim (a worker that died) is taken again.
 */
import assert from 'node:assert/strict';
import type { PostgresStore } from '../../../src/store/postgres/postgres-store.js';
import { findPostgres } from '../../support/postgres.js';
import { pgSchemas } from '../../support/pg-schemas.js';

const url = await findPostgres();

const at = (minute: number): string => new Date(Date.UTC(2026, 2, 1, 12, minute)).toISOString();

describe('postgres adapter: outbox workers in two instances', function () {
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
    a = await db.open({ poolSize: 4 });
    b = await db.open({ poolSize: 4 });
  });

  /** Workers (alternately on a and b) claiming `limit` at a time at `now` until nothing is left; returns the claimed ids. */
  async function drain(workers: number, now: string, limit: number): Promise<string[]> {
    const claimed: string[] = [];
    await Promise.all(
      Array.from({ length: workers }, async (_, w) => {
        const store = w % 2 ? a : b;
        for (;;) {
          const jobs = await store.claimDueJobs(now, at(59), limit);
          if (jobs.length === 0) return;
          for (const j of jobs) {
            claimed.push(j.id);
            await store.completeJob(j.id, now, { by: w });
          }
        }
      }),
    );
    return claimed;
  }

  it('when eight workers in two instances drain 300 due jobs, then each job is claimed and done exactly once', async () => {
    await a.transact(async (tx) => {
      for (let i = 0; i < 300; i++) await tx.enqueue({ id: `j${i}`, type: 'teams.send', payload: { i }, dueAt: at(0) });
    });
    const claimed = await drain(8, at(1), 7);
    assert.equal(claimed.length, 300);
    assert.equal(new Set(claimed).size, 300, 'no job claimed twice');
    const jobs = await b.read((r) => r.listJobs({ status: 'done' }));
    assert.equal(jobs.length, 300);
  });

  it('when timed jobs fall due, then each is claimed once, not before its time, across both instances', async () => {
    await b.transact(async (tx) => {
      for (let i = 0; i < 20; i++) await tx.enqueue({ id: `t${i}`, type: 'approval.remind', payload: {}, dueAt: at(10 + (i % 4)) });
    });
    assert.deepEqual(await drain(6, at(9), 5), [], 'nothing is due yet');
    assert.equal(await a.nextDueAt(), at(10));
    const first = await drain(6, at(11), 5);
    assert.deepEqual(first.sort(), ['t0', 't1', 't12', 't13', 't16', 't17', 't4', 't5', 't8', 't9']);
    const rest = await drain(6, at(20), 5);
    assert.equal(rest.length, 10);
    assert.equal(new Set([...first, ...rest]).size, 20);
    assert.equal(await b.nextDueAt(), undefined);
  });

  it('when a worker died holding a claim, then the job is taken again once the claim expired, by one worker', async () => {
    await a.transact((tx) => tx.enqueue({ id: 'x', type: 'teams.send', payload: {}, dueAt: at(0) }));
    assert.deepEqual((await a.claimDueJobs(at(1), at(5), 10)).map((j) => j.id), ['x']); // a "dies" here
    assert.deepEqual(await b.claimDueJobs(at(2), at(6), 10), [], 'still claimed');
    assert.equal(await b.nextDueAt(), at(5));
    const again = await Promise.all([a.claimDueJobs(at(5), at(9), 10), b.claimDueJobs(at(5), at(9), 10)]);
    assert.equal(again.flat().length, 1);
    await b.failJob('x', 'boom', at(30), false);
    const job = await a.read((r) => r.getJob('x'));
    assert.equal(job?.attempts, 1);
    assert.equal(job?.lockedUntil, undefined);
    assert.equal(job?.dueAt, at(30));
  });
});
