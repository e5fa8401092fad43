/**
 * Faults of the Bot Connector, injected by a proxy in front of the fake connector while an
 * outage's resolution is sent to its reporters: 429 with Retry-After, stretches of 500/503,
 * dropped connections, requests never answered (time-outs), and 403 MessageWritesBlocked.
 * Side effects are counted at the fake: every reporter gets exactly one message, or — when they
 * blocked the bot — the job is dead-lettered with the reason after one try.
 */
import assert from 'node:assert/strict';
import { JOB } from '../../src/app/job-types.js';
import { VERBS } from '../../src/cards/verbs.js';
import { FAULT_BODIES } from '../fakes/fault-proxy.js';
import { PEOPLE } from '../support/app-harness.js';
import { channelClick, DESK, visibleText } from '../support/vpn-harness.js';
import { runOutboxToTheEnd, sayVia, seedOutage, startFaultHarness, toldPerReporter, type FaultHarness } from './fault-harness.js';

const SOLUTION = 'Das VPN-Gateway wurde neu gestartet.';
const ACTIVITIES = /\/v3\/conversations\/[^/]+\/activities/;
const personalPath = (id: string) => new RegExp(`/v3/conversations/a(:|%3A)personal-${id}/activities`, 'i');

describe('Bot Connector faults during a fan-out (fault proxy)', function () {
  this.timeout(60_000);
  let f: FaultHarness;
  beforeEach(async () => {
    f = await startFaultHarness({ PROACTIVE_TIMEOUT_MS: '1000' });
  });
  afterEach(async () => f.close());

  const resolve = async (incidentId: string) => {
    const answer = await channelClick(f.h, DESK.roth, VERBS.vpnIncidentResolve, { incidentId, solution: SOLUTION });
    assert.equal(answer.statusCode, 200, JSON.stringify(answer.value));
  };
  const notifyJobs = (status: 'pending' | 'done' | 'dead') => f.h.app.store.read((r) => r.listJobs({ type: JOB.vpnIncidentNotify, status }));

  it('when the connector answers 429 with Retry-After: 7, then those sends are retried no earlier than 7 s later and everyone is told once', async () => {
    const { ids } = await seedOutage(f, 'inc-429', 20);
    const throttle = f.proxy.inject({ method: 'POST', path: ACTIVITIES, times: 5, fault: { kind: 'status', status: 429, headers: { 'Retry-After': '7' }, body: FAULT_BODIES.throttled } });
    const from = Date.now();
    await resolve('inc-429');
    f.h.clock.advance(2_000); // the plan's 20 sends are all due
    await f.h.drain();
    assert.equal(throttle.hits, 5);
    const now = f.h.clock.now().getTime();
    const retried = (await notifyJobs('pending')).filter((j) => /429/.test(j.lastError ?? ''));
    assert.equal(retried.length, 5, 'the five throttled sends wait for their retry');
    for (const j of retried) assert.ok(Date.parse(j.dueAt) - now >= 7_000, `retried after ${Date.parse(j.dueAt) - now} ms, not before Retry-After`);

    f.h.clock.advance(6_000);
    await f.h.drain();
    assert.equal((await notifyJobs('pending')).length, 5, 'not before Retry-After');
    await runOutboxToTheEnd(f.h);
    const told = toldPerReporter(f.h, SOLUTION, from);
    assert.equal(told.size, ids.length, 'nobody lost');
    assert.deepEqual([...new Set(told.values())], [1], 'nobody told twice');
    assert.equal((await notifyJobs('dead')).length, 0);
  });

  it('when the connector fails with 503 for a stretch, then user turns still complete while it fails; after 500s, dropped connections and unanswered requests everyone is told exactly once', async () => {
    const { ids } = await seedOutage(f, 'inc-outage', 25);
    const outage = f.proxy.inject({ path: ACTIVITIES, fault: { kind: 'status', status: 503, headers: { 'Retry-After': '1' }, body: FAULT_BODIES.unavailable } });
    const from = Date.now();
    await resolve('inc-outage');
    f.h.clock.advance(2_000);
    await f.h.drain();
    assert.ok(outage.hits >= 10, `the sends meet the outage (${outage.hits} × 503)`);

    // While the connector is down: a person's turn and the desk's click are answered.
    const replies = await sayVia(f.h, f.proxy.url, PEOPLE.employee, 'hilfe');
    assert.ok(replies.length >= 1, 'the turn is answered');
    const refresh = await channelClick(f.h, DESK.roth, VERBS.vpnIncidentRefresh, { incidentId: 'inc-outage' });
    assert.equal(refresh.statusCode, 200);
    assert.ok(outage.active, 'the connector was still failing when both were answered');
    const before = f.h.connector.sent.length;

    // The stretch ends; then 500s, dropped connections and two requests that are never answered.
    outage.end();
    f.proxy.inject({ path: ACTIVITIES, times: 2, fault: { kind: 'timeout' } });
    f.proxy.inject({ path: ACTIVITIES, times: 3, fault: { kind: 'status', status: 500 } });
    f.proxy.inject({ path: ACTIVITIES, times: 4, fault: { kind: 'drop' } });
    await runOutboxToTheEnd(f.h);

    const counts = f.proxy.counts((r) => r.at >= from);
    assert.deepEqual([counts.timeout, counts.drop], [2, 4]);
    assert.ok(f.h.connector.sent.length > before);
    const told = toldPerReporter(f.h, SOLUTION, from);
    assert.equal(told.size, ids.length, 'nobody lost');
    assert.deepEqual([...new Set(told.values())], [1], 'nobody told twice');
    assert.equal((await notifyJobs('dead')).length, 0, 'nothing dead-lettered for a passing outage');
    const incident = await f.h.app.store.read((r) => r.getIncident('inc-outage'));
    assert.deepEqual(incident?.notifyResult, { notified: ids.length, unreachable: 0 });
  });

  it('when one reporter blocked the bot (403 MessageWritesBlocked), then that message is tried once, dead-lettered with the reason, and the card says 1 nicht erreichbar', async () => {
    const { ids, cardId } = await seedOutage(f, 'inc-blocked', 12);
    const blocked = ids[3]!;
    const refusal = f.proxy.inject({ path: personalPath(blocked), fault: { kind: 'status', status: 403, body: FAULT_BODIES.messageWritesBlocked } });
    const from = Date.now();
    await resolve('inc-blocked');
    f.h.clock.advance(2_000);
    await runOutboxToTheEnd(f.h);
    f.h.clock.advance(3_600_000);
    await runOutboxToTheEnd(f.h);

    assert.equal(refusal.hits, 1, 'never retried');
    const dead = await notifyJobs('dead');
    assert.equal(dead.length, 1);
    assert.deepEqual(dead[0]!.payload, { incidentId: 'inc-blocked', reporterId: blocked });
    assert.match(dead[0]!.lastError ?? '', /MessageWritesBlocked/);
    const told = toldPerReporter(f.h, SOLUTION, from);
    assert.equal(told.size, ids.length - 1);
    assert.deepEqual([...new Set(told.values())], [1]);
    const lastCard = f.h.connector.updates.filter((u) => u.activityId === cardId).at(-1);
    assert.match(visibleText(lastCard?.activity), /11 von 12 benachrichtigt, 1 nicht erreichbar/);
  });
});
