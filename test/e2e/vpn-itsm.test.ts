/**
 * ITSM hand-over over HTTP: with ITSM=zammad every escalated ticket is created in (a local,
 * protocol-true) Zammad through the outbox, desk questions and answers become articles, and
 * when the desk closes the ticket in Zammad the reporter is told in Teams.
 */
import assert from 'node:assert/strict';
import { VERBS } from '../../src/cards/verbs.js';
import { actionData, PEOPLE, startHarness, verbsOf, type Harness } from '../support/app-harness.js';
import { channelClick, DESK, DESK_ENV, FORTI_REPORT, visibleText } from '../support/vpn-harness.js';
import { FakeZammad } from '../fakes/fake-zammad.js';

describe('VPN tickets handed over to Zammad (HTTP)', function () {
  this.timeout(60_000);
  let h: Harness;
  let zammad: FakeZammad;
  beforeEach(async () => {
    zammad = new FakeZammad();
    const url = await zammad.start();
    h = await startHarness({ ...DESK_ENV, ITSM: 'zammad', ZAMMAD_URL: url, ZAMMAD_TOKEN: zammad.token, ITSM_POLL_MINUTES: '5' });
  });
  afterEach(async () => {
    await h.close();
    await zammad.stop();
  });

  it('when a ticket is escalated, worked and then closed in Zammad, then Zammad has one ticket with the conversation and the reporter is told', async () => {
    const selfHelp = await h.click(PEOPLE.employee, VERBS.vpnSubmit, FORTI_REPORT);
    await h.click(PEOPLE.employee, VERBS.vpnEscalate, actionData(selfHelp.value, VERBS.vpnEscalate));
    // Zammad answers 503 once: the outbox retries, still one ticket
    zammad.failNext(1, 503, { 'Retry-After': '1' });
    await h.drain();
    h.clock.advance(2_000);
    await h.drain();
    assert.equal(zammad.tickets.length, 1);
    const zt = zammad.tickets[0]!;
    assert.match(zt.title, /FortiClient/);
    const ticket = (await h.app.store.read((r) => r.getTicketByNumber('VPN-2026-00001')))!;
    assert.equal(ticket.external?.system, 'zammad');
    assert.equal(ticket.external?.externalId, String(zt.id));
    assert.ok(zt.articles.some((a) => a.body.includes('LRA-NB-04711')), 'the diagnostics are in Zammad');

    await channelClick(h, DESK.roth, VERBS.vpnAsk, { ticketId: ticket.id, question: 'Welche Version genau?' });
    await h.click(PEOPLE.employee, VERBS.vpnAnswer, { ticketId: ticket.id, answer: '7.2.4 build 0972' });
    await h.drain();
    assert.ok(zt.articles.some((a) => a.body.includes('Welche Version genau?')));
    assert.ok(zt.articles.some((a) => a.body.includes('7.2.4 build 0972')));

    // the desk closes it in Zammad; the next poll brings it back to Teams
    zammad.setTicketState(zt.id, 'closed');
    const sentBefore = h.connector.sent.length;
    h.clock.advance(5 * 60_000 + 1_000);
    await h.drain();
    const resolved = (await h.app.store.read((r) => r.getTicket(ticket.id)))!;
    assert.equal(resolved.status, 'resolved');
    const told = h.connector.sent.slice(sentBefore).filter((s) => s.conversationId === `a:personal-${PEOPLE.employee}`);
    assert.equal(told.length, 1);
    assert.ok(verbsOf(told[0]!.activity).includes(VERBS.vpnReopen));
    assert.match(visibleText(told[0]!.activity), /VPN-2026-00001/);

    // polling stops once closed
    const requests = zammad.requests.length;
    h.clock.advance(60 * 60_000);
    await h.drain();
    assert.equal(zammad.requests.filter((r, i) => i >= requests && r.method === 'GET').length, 0);
    assert.equal(zammad.tickets.length, 1);
    assert.deepEqual(await h.app.store.read(async (r) => (await r.listJobs({ status: 'dead' })).map((j) => j.type)), []);
  });
});
