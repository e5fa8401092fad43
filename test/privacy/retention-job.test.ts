import assert from 'node:assert/strict';
import { createLogger } from '../../src/observability/logger.js';
import { parsePolicy } from '../../src/policy/load-policy.js';
import { nextRetentionAt, RetentionScheduler } from '../../src/privacy/retention-job.js';
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

describe('The daily retention run in the bot', () => {
  const cases: Array<[string, string, string]> = [
    ['01:30 in Berlin (winter)', '2026-12-07T00:30:00.000Z', '2026-12-07T02:00:00.000Z'],
    ['03:00 in Berlin exactly', '2026-12-07T02:00:00.000Z', '2026-12-08T02:00:00.000Z'],
    ['noon in Berlin (summer)', '2026-07-01T10:00:00.000Z', '2026-07-02T01:00:00.000Z'],
  ];
  for (const [what, now, due] of cases) {
    it(`when it is ${what}, then the next run is at 03:00 local (${due})`, () => {
      assert.equal(nextRetentionAt(new Date(now), 'Europe/Berlin').toISOString(), due);
    });
  }

  forEachStore((name, factory) => {
    let t: Target;
    const clock = new Date('2026-12-07T02:00:00.000Z');
    beforeEach(async () => {
      t = await factory()(() => clock);
      await seedRetentionData(t.store);
    });
    afterEach(async () => {
      await t.dispose();
    });

    it(`when the scheduled run fires on ${name}, then the old person is gone, the counts are audited and logged`, async () => {
      const logLines: string[] = [];
      const logger = createLogger('info', (l) => logLines.push(l));
      const scheduler = new RetentionScheduler({ store: t.store, audit: t.audit, policy: POLICY, logger, now: () => clock });
      scheduler.start();
      await scheduler.runNow();
      await scheduler.stop();
      const all = await t.store.findRecords(P_OLD);
      assert.deepEqual([...all.requests, ...all.bookings, ...all.tickets, ...all.conversations], [], 'the old person is gone');
      const entries = await t.audit.list({ action: 'privacy.retention' });
      assert.equal(entries.length, 1);
      assert.equal(entries[0]!.params['today'], '2026-12-07');
      assert.ok(logLines.some((l) => l.includes('"event":"retention_done"') && l.includes('"mobileWork.anonymised":1')));
    });
  });
});
