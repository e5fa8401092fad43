/**
 * VPN problem reports over HTTP, through the real app and a fake Bot Connector:
 * report → self-help → escalate → the desk takes it in the channel → asks back → the reporter
 * answers → the desk resolves → the reporter is told and may reopen; a non-member is refused.
 */
import assert from 'node:assert/strict';
import { VERBS } from '../../src/cards/verbs.js';
import { actionData, cardOf, PEOPLE, startHarness, TENANT, verbsOf, type Harness } from '../support/app-harness.js';
import { CHANNEL, channelClick, DESK, DESK_ENV, FORTI_REPORT, visibleText } from '../support/vpn-harness.js';

const texts = (card: unknown): string => visibleText(card);

describe('VPN problem report, end to end (HTTP)', function () {
  this.timeout(60_000);
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(DESK_ENV);
  });
  afterEach(async () => h.close());

  it('when a person reports, gets self-help, escalates and the desk works the ticket to the end, then everyone is told at each step', async () => {
    // "vpn geht nicht" opens the guided form
    const form = cardOf((await h.say(PEOPLE.employee, 'vpn geht nicht'))[0]);
    assert.ok(verbsOf(form).includes(VERBS.vpnSubmit));

    // submitting shows the known FortiClient -14 problem first
    const selfHelp = await h.click(PEOPLE.employee, VERBS.vpnSubmit, FORTI_REPORT);
    assert.equal(selfHelp.statusCode, 200);
    assert.ok(verbsOf(selfHelp.value).includes(VERBS.vpnHelped));
    const { draftId } = actionData(selfHelp.value, VERBS.vpnEscalate);
    assert.equal(await h.app.store.read(async (r) => (await r.getHelpfulness())['forticlient-10-percent-network']?.shown), 1);

    // "Weiter zum Service Desk": a ticket with a readable number
    const reported = await h.click(PEOPLE.employee, VERBS.vpnEscalate, { draftId });
    assert.equal(reported.statusCode, 200);
    assert.match(texts(reported.value), /VPN-2026-00001/);
    const ticket = (await h.app.store.read((r) => r.getTicketByNumber('VPN-2026-00001')))!;
    assert.equal(ticket.status, 'open');
    assert.equal(ticket.priority, 'P3');
    assert.deepEqual(ticket.shownEntryIds?.[0], 'forticlient-10-percent-network');
    assert.equal(await h.app.store.read(async (r) => (await r.getHelpfulness())['forticlient-10-percent-network']?.escalated), 1);

    // the desk channel gets one card with every field and the desk buttons
    await h.drain();
    const posted = h.connector.sent.filter((s) => s.conversationId === CHANNEL);
    assert.equal(posted.length, 1);
    const deskCard = texts(posted[0]!.activity);
    for (const expected of ['VPN-2026-00001', 'Fehler -14', 'LRA-NB-04711', '7.2.4', '+49 9321 928-1234', 'Anna Huber']) assert.ok(deskCard.includes(expected), expected);
    for (const verb of [VERBS.vpnTake, VERBS.vpnAsk, VERBS.vpnResolve]) assert.ok(verbsOf(posted[0]!.activity).includes(verb), verb);
    const refresh = (cardOf(posted[0]!.activity as never) as { refresh?: { userIds?: string[] } }).refresh;
    assert.deepEqual(refresh?.userIds, [`8:orgid:${DESK.roth}`, `8:orgid:${DESK.gruber}`], 'refreshes for the desk members (MRIs)');

    // someone outside the desk presses "take": refused, nothing changes
    const refused = await channelClick(h, PEOPLE.colleague, VERBS.vpnTake, { ticketId: ticket.id });
    assert.equal(refused.statusCode, 400);
    assert.equal(refused.value.code, 'NOT_DESK_MEMBER');
    assert.equal((await h.app.store.read((r) => r.getTicket(ticket.id)))!.status, 'open');
    assert.ok(h.logger.lines.some((l) => l.event === 'vpn_desk_action_refused'));

    // the desk takes it: the card answers with the current state, the posted card is updated
    const taken = await channelClick(h, DESK.roth, VERBS.vpnTake, { ticketId: ticket.id });
    assert.equal(taken.statusCode, 200, JSON.stringify(taken.value));
    assert.match(texts(taken.value), /Andreas Roth/);
    await h.drain();
    assert.ok(h.connector.updates.some((u) => u.activityId === posted[0]!.id && texts(u.activity).includes('Andreas Roth')));

    // asks back: the question reaches the reporter's chat
    const sentBefore = h.connector.sent.length;
    const asked = await channelClick(h, DESK.roth, VERBS.vpnAsk, { ticketId: ticket.id, question: 'Welche Fehlermeldung zeigt FortiClient genau?' });
    assert.equal(asked.statusCode, 200);
    await h.drain();
    const toReporter = h.connector.sent.slice(sentBefore).filter((s) => s.conversationId === `a:personal-${PEOPLE.employee}`);
    assert.equal(toReporter.length, 1);
    assert.match(texts(toReporter[0]!.activity), /Welche Fehlermeldung zeigt FortiClient genau/);
    assert.ok(verbsOf(toReporter[0]!.activity).includes(VERBS.vpnAnswer));

    // the reporter answers: it is on the ticket and on the channel card
    const answered = await h.click(PEOPLE.employee, VERBS.vpnAnswer, { ticketId: ticket.id, answer: 'Credential or SSLVPN configuration is wrong (-7200)' });
    assert.equal(answered.statusCode, 200);
    await h.drain();
    const afterAnswer = (await h.app.store.read((r) => r.getTicket(ticket.id)))!;
    assert.equal(afterAnswer.status, 'taken');
    assert.deepEqual(afterAnswer.conversation.map((m) => m.kind), ['question', 'answer']);
    const lastUpdate = visibleText(h.connector.updates.at(-1)!.activity);
    assert.ok(lastUpdate.includes("-7200"), lastUpdate);

    // the desk resolves: the reporter is told and can reopen
    const before2 = h.connector.sent.length;
    const resolved = await channelClick(h, DESK.gruber, VERBS.vpnResolve, { ticketId: ticket.id, solution: 'Passwort zurückgesetzt, bitte neu anmelden.' });
    assert.equal(resolved.statusCode, 200);
    assert.ok(!verbsOf(resolved.value).includes(VERBS.vpnTake), 'no desk buttons on a resolved ticket');
    await h.drain();
    const told = h.connector.sent.slice(before2).filter((s) => s.conversationId === `a:personal-${PEOPLE.employee}`);
    assert.equal(told.length, 1);
    assert.match(texts(told[0]!.activity), /Passwort zurückgesetzt/);
    assert.ok(verbsOf(told[0]!.activity).includes(VERBS.vpnReopen));

    const reopened = await h.click(PEOPLE.employee, VERBS.vpnReopen, { ticketId: ticket.id });
    assert.equal(reopened.statusCode, 200);
    assert.equal((await h.app.store.read((r) => r.getTicket(ticket.id)))!.status, 'reopened');

    // "meine meldungen" lists it
    const mine = cardOf((await h.say(PEOPLE.employee, 'meine meldungen'))[0]);
    assert.match(texts(mine), /VPN-2026-00001/);
    assert.deepEqual(h.logger.lines.filter((l) => l.event === 'action_failed' || l.event === 'turn_error' || l.event === 'outbox_job_dead'), []);
  });

  it('when "Das hat geholfen" is pressed, then no ticket is opened and the entry counts as helpful', async () => {
    const selfHelp = await h.click(PEOPLE.employee, VERBS.vpnSubmit, FORTI_REPORT);
    const helped = actionData(selfHelp.value, VERBS.vpnHelped);
    const res = await h.click(PEOPLE.employee, VERBS.vpnHelped, helped);
    assert.equal(res.statusCode, 200);
    await h.click(PEOPLE.employee, VERBS.vpnHelped, helped); // a second click counts once
    const counters = await h.app.store.read((r) => r.getHelpfulness());
    assert.equal(counters[String(helped.entryId)]?.helped, 1);
    assert.deepEqual(await h.app.store.read((r) => r.listTicketsOfReporter(PEOPLE.employee)), []);
  });

  it('when "Weiter zum Service Desk" is clicked twice, then there is one ticket', async () => {
    const selfHelp = await h.click(PEOPLE.employee, VERBS.vpnSubmit, FORTI_REPORT);
    const data = actionData(selfHelp.value, VERBS.vpnEscalate);
    const [a, b] = await Promise.all([h.click(PEOPLE.employee, VERBS.vpnEscalate, data), h.click(PEOPLE.employee, VERBS.vpnEscalate, data)]);
    assert.equal(a.statusCode, 200);
    assert.equal(b.statusCode, 200);
    assert.equal((await h.app.store.read((r) => r.listTicketsOfReporter(PEOPLE.employee))).length, 1);
    await h.drain();
    assert.equal(h.connector.sent.filter((s) => s.conversationId === CHANNEL).length, 1);
  });

  it('when nobody takes a ticket, then the channel is reminded after the policy time, and not after it was taken', async () => {
    const selfHelp = await h.click(PEOPLE.employee, VERBS.vpnSubmit, FORTI_REPORT);
    await h.click(PEOPLE.employee, VERBS.vpnEscalate, actionData(selfHelp.value, VERBS.vpnEscalate));
    await h.drain();
    const minutes = h.app.ctx.policy.vpn.unassignedReminderMinutes;
    h.clock.advance((minutes - 1) * 60_000);
    await h.drain();
    assert.equal(h.connector.sent.filter((s) => s.conversationId === CHANNEL).length, 1, 'not yet');
    h.clock.advance(2 * 60_000);
    await h.drain();
    const channel = h.connector.sent.filter((s) => s.conversationId === CHANNEL);
    assert.equal(channel.length, 2);
    assert.match(texts(channel[1]!.activity), /VPN-2026-00001/);

    const ticket = (await h.app.store.read((r) => r.getTicketByNumber('VPN-2026-00001')))!;
    await channelClick(h, DESK.roth, VERBS.vpnTake, { ticketId: ticket.id });
    h.clock.advance(minutes * 2 * 60_000);
    await h.drain();
    assert.equal(h.connector.sent.filter((s) => s.conversationId === CHANNEL).length, 2, 'no reminder after taking');
  });

  it('when the channel card refreshes for a non-member, then it shows no details of the report', async () => {
    const selfHelp = await h.click(PEOPLE.employee, VERBS.vpnSubmit, FORTI_REPORT);
    await h.click(PEOPLE.employee, VERBS.vpnEscalate, actionData(selfHelp.value, VERBS.vpnEscalate));
    const ticket = (await h.app.store.read((r) => r.getTicketByNumber('VPN-2026-00001')))!;
    const other = await channelClick(h, PEOPLE.colleague, VERBS.vpnRefresh, { ticketId: ticket.id });
    assert.equal(other.statusCode, 200);
    for (const secret of ['Fehler -14', 'LRA-NB-04711', '928-1234', 'Anna Huber', 'Neu gestartet']) assert.ok(!texts(other.value).includes(secret), secret);
    const member = await channelClick(h, DESK.gruber, VERBS.vpnRefresh, { ticketId: ticket.id });
    assert.ok(texts(member.value).includes('LRA-NB-04711'));
  });

  it('when the app is installed in the service-desk team, then the bot learns the channel and posts tickets there', async () => {
    const res = await h.post({
      type: 'conversationUpdate',
      id: 'install-1',
      channelId: 'msteams',
      serviceUrl: h.serviceUrl,
      timestamp: h.clock.now().toISOString(),
      from: { id: `29:teams-${DESK.roth}`, aadObjectId: DESK.roth },
      recipient: { id: '28:bot-id', name: 'Mobiles Arbeiten' },
      conversation: { id: CHANNEL, conversationType: 'channel', tenantId: TENANT, isGroup: true },
      membersAdded: [{ id: '28:bot-id' }, { id: `29:teams-${DESK.roth}` }],
      channelData: { tenant: { id: TENANT }, team: { id: CHANNEL }, channel: { id: CHANNEL } },
    });
    assert.ok(res.status === 200 || res.status === 201, String(res.status));
    const learnt = await h.app.store.read((r) => r.getConversation(`channel:${CHANNEL}`));
    assert.equal(learnt?.conversationId, CHANNEL);
    assert.equal(learnt?.serviceUrl, h.serviceUrl);
    assert.equal(h.connector.sent.length, 0, 'no menu posted into the channel');
  });
});
