import assert from 'node:assert/strict';
import { createLogger } from '../../src/observability/logger.js';
import { OutboxWorker } from '../../src/outbox/outbox-worker.js';
import { parsePolicy } from '../../src/policy/load-policy.js';
import { createRetentionJobHandlers, RETENTION_JOB, scheduleRetention } from '../../src/privacy/retention-job.js';
import { P_OLD, seedRetentionData } from './privacy-fixtures.js';
import { forEachStore, type Target } from './store-targets.js';

const POLICY = parsePolicy(
  `organisation: { id: lra, name: Landratsamt, state: BY }
versions:
  - { validFrom: 2020-01-01, name: DV 2020 }
retention: { mobileWork: 13 }
`,
  'policy.yaml',
);

describe('The daily retention job', () => {
  forEachStore((name, factory) => {
    let t: Target;
    let clock = new Date('2026-12-07T00:30:00.000Z'); // 01:30 in Berlin
    beforeEach(async () => {
      clock = new Date('2026-12-07T00:30:00.000Z');
      t = await factory()(() => clock);
      await seedRetentionData(t.store);
    });
    afterEach(async () => {
      await t.dispose();
    });

    it(`when the bot starts before 03:00 on ${name}, then the run is due at 03:00 local, runs then and queues the next night`, async () => {
      await t.store.transact((tx) => scheduleRetention(tx, clock, 'Europe/Berlin'));
      await t.store.transact((tx) => scheduleRetention(tx, clock, 'Europe/Berlin')); // a restart: no second job
      const queued = await t.store.read((r) => r.listJobs({ type: RETENTION_JOB }));
      assert.deepEqual(queued.map((j) => j.dueAt), ['2026-12-07T02:00:00.000Z']);

      const logLines: string[] = [];
      const logger = createLogger('info', (l) => logLines.push(l));
      const worker = new OutboxWorker(t.store, createRetentionJobHandlers({ store: t.store, audit: t.audit, policy: POLICY, logger, now: () => clock }), logger, {
        now: () => clock,
      });
      await worker.runOnce();
      assert.equal((await t.audit.list()).length, 0, 'not run at 01:30');
      clock = new Date('2026-12-07T02:00:00.000Z');
      await worker.runOnce();
      const done = await t.store.read((r) => r.listJobs({ type: RETENTION_JOB, status: 'done' }));
      assert.equal(done.length, 1);

      const all = await t.store.findRecords(P_OLD);
      assert.deepEqual([...all.requests, ...all.bookings, ...all.tickets, ...all.conversations], [], 'the old person is gone');
      const entries = await t.audit.list({ action: 'privacy.retention' });
      assert.equal(entries.length, 1);
      assert.equal(entries[0]!.params['today'], '2026-12-07');
      assert.ok(logLines.some((l) => l.includes('"event":"retention_done"') && l.includes('"mobileWork.anonymised":1')));
      const next = await t.store.read((r) => r.listJobs({ type: RETENTION_JOB, status: 'pending' }));
      assert.deepEqual(next.map((j) => j.dueAt), ['2026-12-08T02:00:00.000Z']);
    });
  });
});
