import assert from 'node:assert/strict';
import { ANONYMOUS } from '../../src/privacy/anonymise.js';
import { checkRetention, runRetention } from '../../src/privacy/retention.js';
import { DEFAULT_RETENTION, retentionCutoffs } from '../../src/domain/retention-periods.js';
import { EXPECTED_COUNTS, NOW, OLD_MARKERS, P_NEW, P_OLD, seedRetentionData, TODAY } from './privacy-fixtures.js';
import { forEachStore, type Target } from './store-targets.js';

describe('Retention is enforced', () => {
  it('when the default periods apply on 2026-12-07, then the cutoffs are 13 / 3 / 1 / 24 months back', () => {
    const c = retentionCutoffs(DEFAULT_RETENTION, TODAY);
    assert.equal(c.mobileWork, '2025-11-07');
    assert.equal(c.checkIns, '2026-09-07');
    assert.equal(c.outboxJobs, '2026-11-07');
    assert.equal(c.statistics, '2024-12-07');
  });

  forEachStore((name, factory) => {
    let t: Target;
    beforeEach(async () => {
      t = await factory()(() => NOW);
      await seedRetentionData(t.store);
    });
    afterEach(async () => {
      await t.dispose();
    });

    it(`when the daily job runs on ${name}, then no personal value past its period remains in any stored byte`, async () => {
      const before = await t.everything();
      for (const marker of OLD_MARKERS) assert.ok(before.includes(marker), `the seed must contain ${marker}`);
      await runRetention(t.store, t.audit, DEFAULT_RETENTION, TODAY, { now: () => NOW });
      const after = await t.everything();
      for (const marker of OLD_MARKERS) assert.ok(!after.includes(marker), `${marker} is still stored`);
      if (t.kind === 'lowdb') {
        // the journal with the old forms is gone: only the new snapshot and an empty active journal
        assert.doesNotMatch(after, /--- journal\.\d+\.ndjson/);
      }
    });

    it(`when the job ran on ${name}, then it recorded how many records of which kind it removed`, async () => {
      const run = await runRetention(t.store, t.audit, DEFAULT_RETENTION, TODAY, { now: () => NOW });
      const entries = await t.audit.list({ action: 'privacy.retention' });
      assert.equal(entries.length, 1);
      assert.deepEqual(entries[0]!.result, EXPECTED_COUNTS);
      assert.equal(entries[0]!.actor, 'system');
      assert.equal(run.counts.mobileWork?.anonymised, 1);
      assert.ok(!JSON.stringify(entries).includes(P_OLD), 'the audit entry holds counts, never ids');
    });

    it(`when the job ran on ${name}, then records within their period are untouched and anonymised ones keep what the reports need`, async () => {
      await runRetention(t.store, t.audit, DEFAULT_RETENTION, TODAY, { now: () => NOW });
      const store = await t.reopen();
      const all = await store.findRecords('');
      const req = (id: string) => all.requests.find((r) => r.id === id);
      assert.equal(req('req-new')?.personId, P_NEW);
      assert.deepEqual(
        { personId: req('req-old')?.personId, orgUnit: req('req-old')?.orgUnitId, days: req('req-old')?.days, outcome: req('req-old')?.decision?.outcome },
        { personId: ANONYMOUS, orgUnit: 'ou1', days: [{ date: '2025-10-01', portion: 1, status: 'approved' }], outcome: 'approved' },
      );
      assert.equal(req('req-anon'), undefined, 'anonymised records go after the statistics period');
      const bk = (id: string) => all.bookings.find((b) => b.id === id);
      assert.equal(bk('bk-old')?.personId, ANONYMOUS);
      assert.equal(bk('bk-old')?.status, 'checked-in');
      assert.equal(bk('bk-checkin')?.personId, P_NEW);
      assert.equal(bk('bk-checkin')?.checkedInAt, undefined);
      assert.equal(bk('bk-new')?.checkedInAt, '2026-11-30T07:50:00.000Z');
      assert.equal(bk('bk-anon'), undefined);
      const tk = (id: string) => all.tickets.find((x) => x.id === id);
      assert.equal(tk('t-old')?.reporterId, ANONYMOUS);
      assert.equal(tk('t-old')?.report.client, 'forticlient');
      assert.equal(tk('t-text')?.reporterId, P_NEW);
      assert.equal(tk('t-text')?.report.errorText, undefined);
      assert.equal(tk('t-open')?.report.errorText, 'NOCH-OFFEN', 'an unresolved ticket keeps its text');
      assert.equal(all.incidents.find((i) => i.id === 'inc-old')?.linkedReporterIds.length, 2, 'the number of reporters stays');
      assert.deepEqual(all.vpnDrafts.map((d) => d.id), ['d-new']);
      assert.deepEqual(all.delegations.map((d) => d.id), ['del-new']);
      assert.deepEqual(all.conversations.map((c) => c.userId), [P_NEW]);
      assert.deepEqual(all.absences.map((a) => a.eventId), ['ev-new']);
      assert.deepEqual(all.subscriptions.map((s) => s.id), ['sub-new']);
      assert.deepEqual(all.jobs.map((j) => j.id).sort(), ['job-done-new', 'job-pending-old'], 'pending jobs are never removed');
      assert.equal(all.vpnRecentReports.length, 1);
      assert.equal(all.settings.length, 1);
    });

    it(`when the check runs on ${name}, then it finds what is due before the job and nothing after it`, async () => {
      const target = () => (t.kind === 'lowdb' ? { kind: 'lowdb' as const, dataDir: t.dataDir } : { kind: 'postgres' as const, store: t.store });
      const before = await checkRetention(target(), DEFAULT_RETENTION, TODAY);
      assert.ok((before.due.mobileWork?.anonymised ?? 0) >= 1);
      await runRetention(t.store, t.audit, DEFAULT_RETENTION, TODAY, { now: () => NOW });
      const after = await checkRetention(target(), DEFAULT_RETENTION, TODAY);
      assert.deepEqual(after.due, {});
    });

    it(`when the job runs twice on ${name}, then the second run removes nothing`, async () => {
      await runRetention(t.store, t.audit, DEFAULT_RETENTION, TODAY, { now: () => NOW });
      const second = await runRetention(t.store, t.audit, DEFAULT_RETENTION, TODAY, { now: () => NOW });
      assert.deepEqual(second.counts, {});
    });

    it(`when a policy shortens a period on ${name}, then the job follows the policy`, async () => {
      const run = await runRetention(t.store, t.audit, { ...DEFAULT_RETENTION, mobileWork: 1 }, TODAY, { now: () => NOW });
      assert.equal(run.counts.mobileWork?.anonymised, 2, 'req-new (November) is now past one month too');
    });
  });
});
