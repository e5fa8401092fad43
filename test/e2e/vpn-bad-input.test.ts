/**
 * Bad input on VPN reports over HTTP: every refusal is a clear message (German, English for an
 * English Teams), markup typed by people is shown as typed, nothing half-written is stored.
 */
import assert from 'node:assert/strict';
import { VERBS } from '../../src/cards/verbs.js';
import { TICKET_TEXT_LIMIT } from '../../src/domain/vpn-ticket.js';
import { actionData, cardOf, PEOPLE, startHarness, type Harness } from '../support/app-harness.js';
import { CHANNEL, channelClick, DESK, DESK_ENV, FORTI_REPORT, visibleText } from '../support/vpn-harness.js';

describe('VPN reports: bad input (HTTP)', function () {
  this.timeout(60_000);
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(DESK_ENV);
  });
  afterEach(async () => h.close());

  const stored = () =>
    h.app.store.read(async (r) => ({
      tickets: (await r.listTicketsOfReporter(PEOPLE.employee)).length + (await r.listTicketsOfReporter(PEOPLE.colleague)).length,
      incidents: (await r.listOpenIncidents()).length,
      jobs: (await r.listJobs()).length,
      counters: JSON.stringify(await r.getHelpfulness()),
    }));

  async function openTicket(userId: string = PEOPLE.employee, report: Record<string, string> = FORTI_REPORT) {
    const selfHelp = await h.click(userId, VERBS.vpnSubmit, report);
    const escalated = await h.click(userId, VERBS.vpnEscalate, actionData(selfHelp.value, VERBS.vpnEscalate));
    assert.equal(escalated.statusCode, 200);
    return (await h.app.store.read((r) => r.listTicketsOfReporter(userId)))[0]!;
  }

  it('when the error text is longer than allowed, then the form comes back filled in with the limit named, and nothing is stored', async () => {
    const before = await stored();
    const res = await h.click(PEOPLE.employee, VERBS.vpnSubmit, { ...FORTI_REPORT, errorText: 'x'.repeat(612) });
    assert.equal(res.statusCode, 200);
    const text = visibleText(res.value);
    assert.match(text, /500/);
    assert.match(text, /612/);
    assert.ok(JSON.stringify(res.value).includes('LRA-NB-04711'), 'the other values are kept');
    assert.ok(actionData(res.value, VERBS.vpnSubmit) !== undefined);
    assert.deepEqual(await stored(), before);

    const en = await h.click(PEOPLE.employee, VERBS.vpnSubmit, { ...FORTI_REPORT, errorText: 'x'.repeat(612) }, 'en-US');
    assert.notEqual(visibleText(en.value), text, 'English for an English Teams');
  });

  it('when an answer or a solution is longer than allowed, then it is refused with the limit, and the ticket is unchanged', async () => {
    const ticket = await openTicket();
    await channelClick(h, DESK.roth, VERBS.vpnAsk, { ticketId: ticket.id, question: 'Seit wann genau?' });
    const long = 'ä'.repeat(TICKET_TEXT_LIMIT + 1);
    const answer = await h.click(PEOPLE.employee, VERBS.vpnAnswer, { ticketId: ticket.id, answer: long });
    assert.equal(answer.statusCode, 400);
    assert.equal(answer.value.code, 'TEXT_TOO_LONG');
    assert.match(String(answer.value.message), new RegExp(String(TICKET_TEXT_LIMIT)));
    const en = await h.click(PEOPLE.employee, VERBS.vpnAnswer, { ticketId: ticket.id, answer: long }, 'en-US');
    assert.match(String(en.value.message), /at most/);
    const solution = await channelClick(h, DESK.roth, VERBS.vpnResolve, { ticketId: ticket.id, solution: long });
    assert.equal(solution.value.code, 'TEXT_TOO_LONG');
    const empty = await channelClick(h, DESK.roth, VERBS.vpnResolve, { ticketId: ticket.id, solution: '   ' });
    assert.equal(empty.value.code, 'TEXT_EMPTY');
    const now = (await h.app.store.read((r) => r.getTicket(ticket.id)))!;
    assert.equal(now.status, 'waiting-for-reporter');
    assert.equal(now.conversation.length, 1);
  });

  it('when free text contains Markdown or HTML, then every card shows it exactly as typed', async () => {
    const typed = '**fett** <script>alert(1)</script> [klick](http://evil.example) _x_ # 1. eins';
    const ticket = await openTicket(PEOPLE.employee, { ...FORTI_REPORT, errorText: typed, triedAlready: typed });
    await h.drain();
    const deskCard = h.connector.sent.find((s) => s.conversationId === CHANNEL)!.activity;
    assert.ok(visibleText(deskCard).includes(typed), 'shown as typed on the desk card');
    assert.ok(!JSON.stringify(deskCard).includes('**fett**'), 'never as Markdown');
    assert.ok(!JSON.stringify(deskCard).includes('<script>'), 'never as HTML');

    await channelClick(h, DESK.roth, VERBS.vpnAsk, { ticketId: ticket.id, question: typed });
    await h.drain();
    const question = h.connector.sent.filter((s) => s.conversationId === `a:personal-${PEOPLE.employee}`).at(-1)!.activity;
    assert.ok(visibleText(question).includes(typed));
    assert.ok(!JSON.stringify(question).includes('**fett**'));
  });

  const unknownValues: Array<[string, Record<string, string>, RegExp]> = [
    ['an unknown client', { client: 'anyconnect-9000' }, /client|Programm/i],
    ['an unknown symptom', { symptom: 'kaputt' }, /problem|Art/i],
    ['a client this organisation does not offer', { client: 'globalprotect' }, /.+/],
    ['an unknown connection type', { connection: 'brieftaube' }, /.+/],
    ['"maybe" for the internet question', { internetWithoutVpn: 'vielleicht' }, /.+/],
    ['a date in the future', { since: '2027-01-01' }, /.+/],
    ['letters as progress', { progressPercent: 'zehn' }, /.+/],
    ['a callback number with letters', { callbackNumber: 'ruf mich an' }, /.+/],
  ];
  for (const [what, patch, mentions] of unknownValues) {
    it(`when the form sends ${what}, then the form comes back with a message and nothing is stored`, async () => {
      const before = await stored();
      const res = await h.click(PEOPLE.employee, VERBS.vpnSubmit, { ...FORTI_REPORT, ...patch });
      assert.equal(res.statusCode, 200);
      assert.ok(JSON.stringify(res.value).includes(VERBS.vpnSubmit), 'the form again');
      assert.match(visibleText(res.value), mentions);
      assert.ok(!verbsOfCard(res.value).includes(VERBS.vpnEscalate), 'no self-help for an invalid report');
      assert.deepEqual(await stored(), before);
    });
  }

  it('when someone asks for a ticket that is not theirs, then it is "not found" (no hint it exists), in German and English', async () => {
    const ticket = await openTicket();
    for (const [verb, data] of [
      [VERBS.vpnShow, { ticketId: ticket.id }],
      [VERBS.vpnAnswer, { ticketId: ticket.id, answer: 'Ich bin es nicht' }],
      [VERBS.vpnReopen, { ticketId: ticket.id }],
    ] as const) {
      const de = await h.click(PEOPLE.colleague, verb, data);
      assert.equal(de.statusCode, 400, verb);
      assert.equal(de.value.code, 'TICKET_NOT_FOUND', verb);
      const en = await h.click(PEOPLE.colleague, verb, data, 'en-US');
      assert.notEqual(en.value.message, de.value.message);
    }
    const typed = await h.say(PEOPLE.colleague, `status ${ticket.number}`);
    const text = visibleText(cardOf(typed[0]));
    assert.ok(!text.includes('FortiClient') && !text.includes('Anna Huber'), 'nothing of the ticket');
    assert.match(text, /nicht/);
    const own = await h.say(PEOPLE.employee, `status ${ticket.number.toLowerCase()}`);
    assert.ok(visibleText(cardOf(own[0])).includes(ticket.number));
  });

  it('when someone escalates a draft that is not theirs, then it is "not found" and nothing is opened', async () => {
    const selfHelp = await h.click(PEOPLE.employee, VERBS.vpnSubmit, FORTI_REPORT);
    const before = await stored();
    const res = await h.click(PEOPLE.colleague, VERBS.vpnEscalate, actionData(selfHelp.value, VERBS.vpnEscalate));
    assert.equal(res.statusCode, 400);
    assert.equal(res.value.code, 'VPN_REPORT_NOT_FOUND');
    const helped = await h.click(PEOPLE.colleague, VERBS.vpnHelped, actionData(selfHelp.value, VERBS.vpnHelped));
    assert.equal(helped.value.code, 'VPN_REPORT_NOT_FOUND');
    assert.deepEqual(await stored(), before);
  });

  it('when a desk member resolves a ticket someone else already resolved, then they are told and nobody is notified twice', async () => {
    const ticket = await openTicket();
    await channelClick(h, DESK.roth, VERBS.vpnResolve, { ticketId: ticket.id, solution: 'Erledigt.' });
    const second = await channelClick(h, DESK.gruber, VERBS.vpnResolve, { ticketId: ticket.id, solution: 'Auch erledigt.' });
    assert.equal(second.statusCode, 400);
    assert.equal(second.value.code, 'TICKET_WRONG_STATUS');
    await h.drain();
    const told = h.connector.sent.filter((s) => s.conversationId === `a:personal-${PEOPLE.employee}`);
    assert.equal(told.length, 1);
  });
});

function verbsOfCard(card: unknown): string[] {
  const out: string[] = [];
  JSON.stringify(card, (_k, v: unknown) => {
    if (v && typeof v === 'object' && (v as { type?: unknown }).type === 'Action.Execute') out.push(String((v as { verb?: unknown }).verb));
    return v;
  });
  return out;
}
