/**
 * Faults of Zammad, injected by a proxy in front of the fake Zammad, while escalated VPN tickets
 * are handed over: 429 with Retry-After, a stretch of 503, a create or a note whose answer is lost
 * after Zammad stored it, a request never answered. Counted at the fake: one Zammad ticket per
 * VPN ticket, one article per note; nothing dead; the reporters' turns answered during the faults.
 */
import assert from 'node:assert/strict';
import { JOB } from '../../src/app/job-types.js';
import { VERBS } from '../../src/cards/verbs.js';
import { FakeZammad } from '../fakes/fake-zammad.js';
import { FAULT_BODIES, FaultProxy } from '../fakes/fault-proxy.js';
import { actionData, PEOPLE, startHarness, type Harness } from '../support/app-harness.js';
import { channelClick, DESK, DESK_ENV, FORTI_REPORT } from '../support/vpn-harness.js';
import { runOutboxToTheEnd } from './fault-harness.js';

const ITSM_JOBS = [JOB.vpnItsmCreate, JOB.vpnItsmNote, JOB.vpnItsmState];
const REPORTERS = [PEOPLE.employee, PEOPLE.colleague, PEOPLE.newStarter];

describe('Zammad faults during the ITSM hand-over (fault proxy)', function () {
  this.timeout(60_000);
  let zammad: FakeZammad;
  let proxy: FaultProxy;
  let h: Harness;
  beforeEach(async () => {
    zammad = new FakeZammad();
    proxy = new FaultProxy(await zammad.start());
    await proxy.start();
    h = await startHarness({ ...DESK_ENV, ITSM: 'zammad', ZAMMAD_URL: proxy.url, ZAMMAD_TOKEN: zammad.token, ITSM_POLL_MINUTES: '60' });
  });
  afterEach(async () => {
    proxy.clear();
    await h.close();
    await proxy.stop();
    await zammad.stop();
  });

  async function report(userId: string): Promise<void> {
    const selfHelp = await h.click(userId, VERBS.vpnSubmit, FORTI_REPORT);
    const answer = await h.click(userId, VERBS.vpnEscalate, actionData(selfHelp.value, VERBS.vpnEscalate));
    assert.equal(answer.statusCode, 200, JSON.stringify(answer.value));
  }
  const itsmJobs = (status: 'pending' | 'dead') => h.app.store.read(async (r) => (await r.listJobs({ status })).filter((j) => ITSM_JOBS.includes(j.type as (typeof ITSM_JOBS)[number])));
  const ticketsPerRef = () => {
    const out = new Map<string, number>();
    for (const t of zammad.tickets) for (const tag of t.tags.filter((x) => /^VPN-/i.test(x))) out.set(tag.toUpperCase(), (out.get(tag.toUpperCase()) ?? 0) + 1);
    return out;
  };

  it('when Zammad throttles with 429 and Retry-After: 30, then the hand-over is retried no earlier than 30 s later and creates one ticket', async () => {
    const throttle = proxy.inject({ method: 'POST', path: /\/api\/v1\/tickets$/, times: 1, fault: { kind: 'status', status: 429, headers: { 'Retry-After': '30' }, body: FAULT_BODIES.throttled } });
    await report(PEOPLE.employee);
    await h.drain();
    assert.equal(throttle.hits, 1);
    const [job] = (await itsmJobs('pending')).filter((j) => j.type === JOB.vpnItsmCreate);
    assert.ok(job && Date.parse(job.dueAt) - h.clock.now().getTime() >= 30_000, 'not before Retry-After');
    h.clock.advance(25_000);
    await h.drain();
    assert.equal(zammad.tickets.length, 0);
    await runOutboxToTheEnd(h, 5_000, 600, ITSM_JOBS);
    assert.deepEqual([...ticketsPerRef().values()], [1]);
  });

  it('when Zammad is down (503) for a stretch, then reports are still answered; after lost answers and an unanswered request there is one Zammad ticket per report and one article per note', async () => {
    const outage = proxy.inject({ path: /\/api\/v1\//, fault: { kind: 'status', status: 503, headers: { 'Retry-After': '2' }, body: FAULT_BODIES.unavailable } });
    for (const id of REPORTERS) await report(id); // each report is answered while Zammad is down
    await h.drain();
    assert.ok(outage.hits >= REPORTERS.length && outage.active);

    outage.end();
    const lostCreate = proxy.inject({ method: 'POST', path: /\/api\/v1\/tickets$/, times: 1, fault: { kind: 'drop-after' } });
    proxy.inject({ method: 'POST', path: /\/api\/v1\/tickets$/, times: 1, fault: { kind: 'timeout' } });
    proxy.inject({ path: /\/api\/v1\//, times: 2, fault: { kind: 'drop' } });
    await runOutboxToTheEnd(h, 5_000, 600, ITSM_JOBS);
    assert.equal(lostCreate.hits, 1);
    assert.equal(zammad.tickets.length, REPORTERS.length, 'one Zammad ticket per report');
    assert.deepEqual([...new Set(ticketsPerRef().values())], [1]);

    // A note whose answer is lost: the retry does not add it twice.
    const ticket = (await h.app.store.read((r) => r.getTicketByNumber('VPN-2026-00001')))!;
    const question = 'Welche Client-Version genau?';
    const lostNote = proxy.inject({ method: 'POST', path: /\/api\/v1\/ticket_articles$/, times: 1, fault: { kind: 'drop-after' } });
    await channelClick(h, DESK.roth, VERBS.vpnAsk, { ticketId: ticket.id, question });
    await runOutboxToTheEnd(h, 5_000, 600, ITSM_JOBS);
    assert.equal(lostNote.hits, 1);
    const zt = zammad.tickets.find((t) => String(t.id) === ticket.external?.externalId);
    assert.equal(zt?.articles.filter((a) => a.body.includes(question)).length, 1, 'one article for the note');
    assert.deepEqual(await itsmJobs('dead'), []);
  });
});
