/**
 * Faults of Microsoft Graph, injected by a proxy in front of the fake Graph, while approved days
 * go to the Outlook calendar: 429 with Retry-After, a stretch of 503, a create whose answer is
 * lost after Graph stored the event, a request never answered. Counted at the fake: exactly one
 * calendar event per approved day; nothing dead, nothing lost; turns answered during the faults.
 */
import assert from 'node:assert/strict';
import { JOB } from '../../src/app/job-types.js';
import { FakeGraph } from '../fakes/fake-graph.js';
import { FAULT_BODIES, FaultProxy } from '../fakes/fault-proxy.js';
import { actionData, cardOf, PEOPLE, startHarness, type Harness } from '../support/app-harness.js';
import { runOutboxToTheEnd } from './fault-harness.js';

const GRAPH_ENV = {
  GRAPH_TENANT_ID: 'contoso.onmicrosoft.com',
  GRAPH_CLIENT_ID: '00000000-0000-0000-0000-0000000000aa',
  GRAPH_CLIENT_SECRET: 'never-sent-to-http-hosts',
};
const CREATE = /\/users\/[^/]+\/(calendar\/)?events(\?|$)/;
const DAYS = [
  ['homeoffice am 3.12.', '2026-12-03'],
  ['homeoffice am 9.12.', '2026-12-09'],
  ['homeoffice am 16.12.', '2026-12-16'],
] as const;

describe('Microsoft Graph faults during the calendar sync (fault proxy)', function () {
  this.timeout(60_000);
  let graph: FakeGraph;
  let proxy: FaultProxy;
  let h: Harness;
  beforeEach(async () => {
    graph = new FakeGraph();
    proxy = new FaultProxy(await graph.start());
    await proxy.start();
    h = await startHarness({ GRAPH_BASE_URL: proxy.url, ...GRAPH_ENV }, { graphOptions: { timeoutMs: 400 } });
    await h.say(PEOPLE.manager, 'hilfe');
  });
  afterEach(async () => {
    proxy.clear();
    await h.close();
    await proxy.stop();
    await graph.stop();
  });

  async function approve(text: string): Promise<void> {
    const card = cardOf((await h.say(PEOPLE.employee, text))[0]);
    const requestId = String(actionData(card, 'homeOffice.withdraw').requestId);
    const answer = await h.click(PEOPLE.manager, 'homeOffice.approve', { requestId });
    assert.equal(answer.statusCode, 200, JSON.stringify(answer.value));
  }

  const calendarJobs = (status: 'pending' | 'done' | 'dead') => h.app.store.read((r) => r.listJobs({ type: JOB.calendarUpsertDay, status }));
  const eventsPerDay = () => {
    const out = new Map<string, number>();
    for (const e of graph.events(PEOPLE.employee)) {
      const day = String(e.start?.dateTime ?? '').slice(0, 10);
      out.set(day, (out.get(day) ?? 0) + 1);
    }
    return out;
  };

  it('when Graph throttles with 429 and Retry-After: 9, then the create is retried no earlier than 9 s later and the day gets one event', async () => {
    const throttle = proxy.inject({ method: 'POST', path: CREATE, times: 1, fault: { kind: 'status', status: 429, headers: { 'Retry-After': '9' }, body: FAULT_BODIES.throttled } });
    await approve(DAYS[0][0]);
    await h.drain();
    assert.equal(throttle.hits, 1);
    const [job] = await calendarJobs('pending');
    assert.ok(job, 'the create waits for its retry');
    assert.ok(Date.parse(job.dueAt) - h.clock.now().getTime() >= 9_000, 'not before Retry-After');
    h.clock.advance(8_000);
    await h.drain();
    assert.equal(graph.events(PEOPLE.employee).length, 0);
    await runOutboxToTheEnd(h, 1_000, 600, [JOB.calendarUpsertDay]);
    assert.deepEqual([...eventsPerDay()], [[DAYS[0][1], 1]]);
  });

  it('when Graph is down (503) for a stretch, loses the answer of a stored create and leaves a request unanswered, then turns are answered meanwhile and every approved day has exactly one event', async () => {
    const outage = proxy.inject({ path: /\/users\//, fault: { kind: 'status', status: 503, headers: { 'Retry-After': '1' }, body: FAULT_BODIES.unavailable } });
    for (const [text] of DAYS) await approve(text); // the approvals themselves never wait for Graph
    await h.drain();
    assert.ok(outage.hits >= DAYS.length, `the creates met the outage (${outage.hits} × 503)`);
    const week = await h.say(PEOPLE.employee, 'meine woche');
    assert.ok(week.length >= 1, 'a turn is answered while Graph fails');
    assert.ok(outage.active);

    outage.end();
    const lost = proxy.inject({ method: 'POST', path: CREATE, times: 1, fault: { kind: 'drop-after' } });
    const hung = proxy.inject({ method: 'POST', path: CREATE, times: 1, fault: { kind: 'timeout' } });
    proxy.inject({ method: 'POST', path: CREATE, times: 1, fault: { kind: 'drop' } });
    await runOutboxToTheEnd(h, 60_000, 600, [JOB.calendarUpsertDay]);

    assert.equal(lost.hits, 1, 'one create was stored by Graph but its answer lost');
    assert.equal(hung.hits, 1);
    assert.deepEqual(new Map([...eventsPerDay()].sort()), new Map(DAYS.map(([, d]) => [d, 1] as const)), 'one event per day');
    assert.equal((await calendarJobs('done')).length, DAYS.length);
    assert.equal((await calendarJobs('dead')).length, 0);
  });
});
