/**
 * Outage detection over HTTP: 200 reports of the same client and symptom within two minutes make
 * one "possible outage" card; everyone is linked; resolving it tells each of the 200 exactly once,
 * although the connector answers 429 (with Retry-After) to a share of the sends.
 */
import assert from 'node:assert/strict';
import { VERBS } from '../../src/cards/verbs.js';
import { JOB } from '../../src/app/job-types.js';
import { actionData, startHarness, type Harness } from '../support/app-harness.js';
import { CHANNEL, channelClick, DESK, DESK_ENV, FORTI_REPORT, visibleText } from '../support/vpn-harness.js';

const REPORTERS = 200;
const reporter = (i: number) => `aaaaaaaa-0000-4000-8000-${String(i).padStart(12, '0')}`;

describe('VPN outage detection, end to end (HTTP)', function () {
  this.timeout(120_000);
  let h: Harness;
  before(async () => {
    h = await startHarness(DESK_ENV);
  });
  after(async () => h.close());

  /** Runs the outbox, moving the clock a second at a time, until no job is pending. */
  async function runOutboxToTheEnd(maxSeconds = 900): Promise<void> {
    for (let s = 0; s < maxSeconds; s++) {
      await h.drain();
      const pending = await h.app.store.read(async (r) => (await r.listJobs({ status: 'pending' })).filter((j) => j.type !== JOB.vpnUnassignedRemind));
      if (pending.length === 0) return;
      h.clock.advance(1_000);
    }
    assert.fail('the outbox did not finish');
  }

  it('when 200 people report the same FortiClient failure within 2 minutes, then the desk gets one outage card and, when it is resolved, each is told once despite 429s', async () => {
    const rule = h.app.ctx.policy.vpn.outage;
    assert.ok(rule.reports < REPORTERS && rule.minutes >= 2, 'the sample policy detects this outage');

    for (let i = 0; i < REPORTERS; i++) {
      const selfHelp = await h.click(reporter(i), VERBS.vpnSubmit, FORTI_REPORT);
      const answer = await h.click(reporter(i), VERBS.vpnEscalate, actionData(selfHelp.value, VERBS.vpnEscalate));
      assert.equal(answer.statusCode, 200);
      h.clock.advance(600); // 200 reports in 2 minutes
    }

    const incidents = await h.app.store.read((r) => r.listOpenIncidents());
    assert.equal(incidents.length, 1, 'one incident');
    const incident = incidents[0]!;
    assert.equal(incident.linkedReporterIds.length, REPORTERS, 'every reporter linked');
    assert.equal(new Set(incident.linkedReporterIds).size, REPORTERS);
    const tickets = await h.app.store.read((r) => r.listTicketsOfIncident(incident.id));
    assert.equal(tickets.length, rule.reports - 1, 'only the reports before the detection became tickets');

    await runOutboxToTheEnd();
    const outageCards = h.connector.sent.filter((s) => s.conversationId === CHANNEL && JSON.stringify(s.activity).includes(VERBS.vpnIncidentResolve));
    assert.equal(outageCards.length, 1, 'one outage card in the channel');
    const cardUpdates = h.connector.updates.filter((u) => u.activityId === outageCards[0]!.id);
    assert.ok(cardUpdates.length >= 1 && cardUpdates.length <= 3, `the count is brought up to date about once a minute (${cardUpdates.length} updates)`);
    assert.match(visibleText(cardUpdates.at(-1)!.activity), /\b200\b/, 'the card counts everyone affected');

    // the desk resolves the outage while the connector throttles
    h.connector.failRate(0.3, 429, { 'Retry-After': '2' }, undefined, { maxInARow: 3 });
    const sentBefore = h.connector.sent.length;
    const resolved = await channelClick(h, DESK.roth, VERBS.vpnIncidentResolve, { incidentId: incident.id, solution: 'Das VPN-Gateway wurde neu gestartet.' });
    assert.equal(resolved.statusCode, 200, JSON.stringify(resolved.value));
    await runOutboxToTheEnd();

    const told = h.connector.sent.slice(sentBefore).filter((s) => s.conversationId.startsWith('a:personal-') && JSON.stringify(s.activity).includes('VPN-Gateway wurde neu gestartet'));
    const perReporter = new Map<string, number>();
    for (const s of told) perReporter.set(s.conversationId, (perReporter.get(s.conversationId) ?? 0) + 1);
    assert.equal(perReporter.size, REPORTERS, 'nobody lost');
    assert.deepEqual([...new Set(perReporter.values())], [1], 'nobody told twice');
    const throttled = h.connector.requests.filter((r) => r.status === 429).length;
    assert.ok(throttled >= 40, `the connector throttled a good share of the sends (${throttled} × 429)`);
    assert.deepEqual(await h.app.store.read(async (r) => (await r.listJobs({ status: 'dead' })).map((j) => j.type)), []);
    // the earlier tickets are resolved with the outage
    const after = await h.app.store.read((r) => r.listTicketsOfIncident(incident.id));
    assert.deepEqual([...new Set(after.map((t) => t.status))], ['resolved']);

    // a second click on "resolve" tells nobody again
    const again = await channelClick(h, DESK.roth, VERBS.vpnIncidentResolve, { incidentId: incident.id, solution: 'nochmal' });
    assert.equal(again.statusCode, 200);
    const count = h.connector.sent.length;
    await runOutboxToTheEnd();
    assert.equal(h.connector.sent.filter((s, i) => i >= count && s.conversationId.startsWith('a:personal-')).length, 0);
  });
});
