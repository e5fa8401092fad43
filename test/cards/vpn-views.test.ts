import assert from 'node:assert/strict';
import { createVpnPresenter } from '../../src/bot/vpn-presenter.js';
import { rawStrings } from '../../src/cards/i18n.js';
import { plainText } from '../../src/cards/plain-text.js';
import { VERBS, isVerb } from '../../src/cards/verbs.js';
import { VPN_FORM_FIELDS, VPN_PROBLEM_PARAMS, vpnProblemText } from '../../src/cards/vpn-views.js';
import type { Locale } from '../../src/domain/model.js';
import { VPN_CLIENTS, type VpnClient } from '../../src/domain/vpn-model.js';
import type { VpnProblemCode, VpnReportField } from '../../src/domain/vpn-report-validation.js';
import { actionsOf, allObjects, allStrings, executeActions, inputsOf, isObject, type JsonObject } from './card-walk.js';
import { samples } from './fixtures.js';
import {
  CONVERSATION,
  KB_ENTRIES,
  MARKUP,
  REPORT,
  VPN_NAMES,
  VPN_PROBLEMS,
  VPN_REFRESH_IDS,
  VPN_UNIT,
  VPN_VALUES,
  makeIncident,
  makeVpnTicket,
  vpnNameOf,
} from './vpn-fixtures.js';

const vpn = createVpnPresenter();
const LOCALES: readonly Locale[] = ['de', 'en'];
const ESCAPED = plainText(MARKUP);

/** What the `data` of each VPN verb may carry (VerbPayload without the inputs Teams merges in). */
const DATA_OF: Readonly<Record<string, readonly string[]>> = {
  [VERBS.vpnForm]: [],
  [VERBS.vpnSubmit]: [],
  [VERBS.vpnMine]: [],
  [VERBS.vpnHelped]: ['draftId', 'entryId'],
  [VERBS.vpnEscalate]: ['draftId'],
  [VERBS.vpnShow]: ['ticketId'],
  [VERBS.vpnAnswer]: ['ticketId'],
  [VERBS.vpnReopen]: ['ticketId'],
  [VERBS.vpnTake]: ['ticketId'],
  [VERBS.vpnAsk]: ['ticketId'],
  [VERBS.vpnResolve]: ['ticketId'],
  [VERBS.vpnRefresh]: ['ticketId'],
  [VERBS.vpnIncidentResolve]: ['incidentId'],
  [VERBS.vpnIncidentRefresh]: ['incidentId'],
};

const PROBLEM_CODES = Object.keys({
  REQUIRED: 1, UNKNOWN_VALUE: 1, CLIENT_NOT_OFFERED: 1, NOT_TEXT: 1, TOO_LONG: 1, CONTROL_CHARACTERS: 1, INVALID_PHONE: 1,
  INVALID_INVENTORY_NUMBER: 1, INVALID_VERSION: 1, NOT_A_NUMBER: 1, OUT_OF_RANGE: 1, NOT_BOOLEAN: 1, INVALID_DATE: 1, IN_FUTURE: 1,
} satisfies Record<VpnProblemCode, 1>) as VpnProblemCode[];

const byId = (card: unknown, id: string): JsonObject | undefined => inputsOf(card).find((i) => i.id === id);
const verbsOf = (card: unknown): string[] => executeActions(card).map((a) => String(a.verb));
const deskView = (over: Partial<Parameters<typeof vpn.deskTicket>[1]> = {}) => ({
  ticket: makeVpnTicket(),
  nameOf: vpnNameOf,
  reporterUnit: VPN_UNIT,
  shownEntryTitles: KB_ENTRIES.map((e) => e.de.title),
  canAct: true,
  refreshUserIds: VPN_REFRESH_IDS,
  ...over,
});

describe('VPN cards', () => {
  describe('report form', () => {
    it('offers exactly the configured clients, in the configured order, with their names', () => {
      const clients: VpnClient[] = ['globalprotect', 'ncp-secure-entry', 'other'];
      const choices = byId(vpn.reportForm('de', { clients }), 'client')?.choices as Array<{ title: string; value: string }>;
      assert.deepEqual(choices.map((c) => c.value), clients);
      assert.deepEqual(choices.map((c) => c.title), ['GlobalProtect', 'NCP Secure Entry', 'Anderer Client']);
      const all = byId(vpn.reportForm('en', { clients: VPN_CLIENTS }), 'client')?.choices as Array<{ title: string }>;
      assert.deepEqual(all.map((c) => c.title), ['NCP Secure Entry', 'genucard', 'FortiClient', 'GlobalProtect', 'Cisco Secure Client', 'Citrix Workspace', 'Other client']);
    });

    it('has the agreed inputs, required ones marked with an error message, and submits with vpn.submit', () => {
      const card = vpn.reportForm('de', { clients: VPN_CLIENTS });
      const ids = ['client', 'symptom', 'errorText', 'progressPercent', 'since', 'connection', 'internetWithoutVpn', 'deviceInventoryNumber', 'clientVersion', 'triedAlready', 'affected', 'callbackNumber'];
      assert.deepEqual(inputsOf(card).map((i) => i.id), ids);
      assert.deepEqual([...VPN_FORM_FIELDS], ids);
      const required = inputsOf(card).filter((i) => i.isRequired === true).map((i) => i.id);
      assert.deepEqual(required, ['client', 'symptom', 'since', 'connection', 'internetWithoutVpn', 'affected']);
      for (const i of inputsOf(card)) if (i.isRequired) assert.ok(typeof i.errorMessage === 'string' && i.errorMessage.length > 5, String(i.id));
      assert.equal(byId(card, 'errorText')?.maxLength, 500);
      assert.equal(byId(card, 'triedAlready')?.isMultiline, true);
      assert.deepEqual([byId(card, 'progressPercent')?.type, byId(card, 'progressPercent')?.min, byId(card, 'progressPercent')?.max], ['Input.Number', 0, 100]);
      assert.equal(byId(card, 'since')?.type, 'Input.Date');
      assert.deepEqual((byId(card, 'internetWithoutVpn')?.choices as Array<{ value: string }>).map((c) => c.value), ['true', 'false']);
      const submit = executeActions(card).find((a) => a.verb === VERBS.vpnSubmit);
      assert.equal(submit?.associatedInputs, 'auto');
      assert.ok(allStrings(card).some((s) => s.includes('nur der Service Desk')), 'says who sees the call-back number');
      assert.match(String(byId(card, 'callbackNumber')?.label), /freiwillig/);
    });

    it('a refused submit re-fills the values and lists every problem, on top and below its field', () => {
      const clients = VPN_CLIENTS.filter((c) => c !== 'citrix-workspace');
      const values: Record<string, string> = { ...VPN_VALUES, client: 'forticlient', progressPercent: '42' };
      const card = vpn.reportForm('de', { clients, values, problems: VPN_PROBLEMS });
      for (const id of ['symptom', 'errorText', 'since', 'internetWithoutVpn', 'deviceInventoryNumber', 'clientVersion', 'triedAlready', 'affected', 'callbackNumber']) {
        assert.equal(byId(card, id)?.value, values[id], id);
      }
      assert.equal(byId(card, 'client')?.value, 'forticlient');
      assert.equal(byId(card, 'progressPercent')?.value, 42);
      assert.equal(byId(card, 'connection')?.value, '');

      const body = card.body as JsonObject[];
      const summary = body.find((b) => b.type === 'Container' && b.style === 'attention');
      assert.ok(summary, 'attention summary');
      assert.ok(body.indexOf(summary) <= 2, 'summary at the top');
      const summaryTexts = allStrings(summary);
      assert.ok(summaryTexts.includes('Bitte prüfen Sie diese Angaben:'));
      for (const p of VPN_PROBLEMS) {
        const text = vpn.problemText('de', p);
        assert.ok(summaryTexts.includes(text), `summary: ${text}`);
        const i = body.findIndex((b) => b.id === p.field);
        assert.ok(i >= 0, p.field);
        const below = body[i + 1];
        assert.equal(below?.type, 'TextBlock');
        assert.equal(below?.color, 'Attention');
        assert.ok(String(below?.text).includes(text), `below ${p.field}`);
      }
      assert.ok(summaryTexts.includes('Fehlertext: höchstens 500 Zeichen (Sie haben 612).'));
    });

    it('re-fills nothing that the card cannot hold: unknown choices, a non-number, a date-time', () => {
      const card = vpn.reportForm('de', {
        clients: ['forticlient'],
        values: { client: 'globalprotect', symptom: '<b>', progressPercent: 'viel', since: '2026-11-30T07:45:00+01:00', internetWithoutVpn: 'ja' },
      });
      assert.equal(byId(card, 'client')?.value, '');
      assert.equal(byId(card, 'symptom')?.value, '');
      assert.equal(byId(card, 'progressPercent')?.value, undefined);
      assert.equal(byId(card, 'since')?.value, '2026-11-30');
      assert.equal(byId(card, 'internetWithoutVpn')?.value, '');
      assert.equal(allObjects(card).some((o) => o.style === 'attention'), false, 'no problems, no summary');
    });
  });

  describe('free text', () => {
    const marked = makeVpnTicket({
      status: 'resolved',
      report: { ...REPORT, errorText: MARKUP, triedAlready: MARKUP, clientVersion: '7.2 **x**' },
      conversation: [
        { kind: 'question', authorId: 'p-desk-1', at: '2026-11-30T09:00:00Z', text: MARKUP },
        { kind: 'answer', authorId: 'p-reporter', at: '2026-11-30T09:30:00Z', text: MARKUP },
      ],
      solution: MARKUP,
    });

    const assertEscaped = (card: unknown, minimum: number, where: string) => {
      const texts = allStrings(card);
      assert.ok(texts.filter((s) => s.includes(ESCAPED)).length >= minimum, `${where}: escaped text missing`);
      assert.ok(!texts.some((s) => s.includes(MARKUP)), `${where}: raw markup shown`);
    };

    it('markup typed by people appears escaped, as typed, on the desk card', () => {
      // error text, tried already, question, answer, solution
      assertEscaped(vpn.deskTicket('de', deskView({ ticket: marked })), 5, 'desk');
      assert.ok(allStrings(vpn.deskTicket('de', deskView({ ticket: marked }))).includes('7\\.2 \\*\\*x\\*\\*'));
    });

    it('markup appears escaped on the reporter card and the question card', () => {
      assertEscaped(vpn.reporterTicket('de', marked), 3, 'reporter');
      assertEscaped(vpn.question('en', marked, MARKUP), 1, 'question');
    });

    it('markup in an outage solution appears escaped on the desk and the reporters\' cards', () => {
      const incident = makeIncident({ status: 'resolved', solution: MARKUP, resolvedBy: 'p-desk-2', resolvedAt: '2026-11-30T10:15:00Z' });
      assertEscaped(vpn.deskIncident('de', { incident, nameOf: vpnNameOf, ticketCount: 0, canAct: true, refreshUserIds: [] }), 1, 'incident');
      assertEscaped(vpn.incidentResolved('de', incident), 1, 'incident resolved');
    });
  });

  describe('desk ticket', () => {
    const buttons = (card: unknown) => ({
      take: verbsOf(card).includes(VERBS.vpnTake),
      ask: verbsOf(card).includes(VERBS.vpnAsk),
      resolve: verbsOf(card).includes(VERBS.vpnResolve),
    });

    it('has take, ask and resolve only when the desk can act and the ticket is not resolved', () => {
      assert.deepEqual(buttons(vpn.deskTicket('de', deskView())), { take: true, ask: true, resolve: true });
      assert.deepEqual(buttons(vpn.deskTicket('de', deskView({ canAct: false }))), { take: false, ask: false, resolve: false });
      const resolved = makeVpnTicket({ status: 'resolved', assigneeId: 'p-desk-1', solution: 'Neu gestartet.' });
      assert.deepEqual(buttons(vpn.deskTicket('de', deskView({ ticket: resolved }))), { take: false, ask: false, resolve: false });
      assert.equal(inputsOf(vpn.deskTicket('de', deskView({ ticket: resolved }))).length, 0);
      const taken = makeVpnTicket({ status: 'taken', assigneeId: 'p-desk-1' });
      assert.deepEqual(buttons(vpn.deskTicket('de', deskView({ ticket: taken }))), { take: false, ask: true, resolve: true });
      const reopened = makeVpnTicket({ status: 'reopened', assigneeId: 'p-desk-1' });
      assert.equal(buttons(vpn.deskTicket('de', deskView({ ticket: reopened }))).take, true);
    });

    it('asks back and resolves through show-cards with the inputs question and solution', () => {
      const card = vpn.deskTicket('de', deskView());
      const shows = actionsOf(card).filter((a) => a.type === 'Action.ShowCard');
      assert.deepEqual(shows.map((s) => s.title), ['Rückfrage', 'Lösen']);
      assert.deepEqual(shows.map((s) => inputsOf(s.card).map((i) => i.id)), [['question'], ['solution']]);
      assert.deepEqual(shows.map((s) => verbsOf(s.card)), [[VERBS.vpnAsk], [VERBS.vpnResolve]]);
      assert.equal(executeActions(card).find((a) => a.verb === VERBS.vpnTake)?.title, 'Übernehmen');
    });

    it('refreshes with vpn.refresh, the ticket id and the given user ids', () => {
      const card = vpn.deskTicket('de', deskView());
      assert.ok(isObject(card.refresh));
      const action = card.refresh.action;
      assert.ok(isObject(action));
      assert.equal(action.type, 'Action.Execute');
      assert.equal(action.verb, VERBS.vpnRefresh);
      assert.deepEqual(action.data, { ticketId: 'tk-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' });
      assert.deepEqual(card.refresh.userIds, VPN_REFRESH_IDS);
      const resolved = vpn.deskTicket('de', deskView({ ticket: makeVpnTicket({ status: 'resolved' }), canAct: false, refreshUserIds: ['29:a', '29:b'] }));
      assert.deepEqual((resolved.refresh as JsonObject).userIds, ['29:a', '29:b']);
    });

    it('shows every report field in words, the reporter, the assignee, the seen solutions and the conversation in Berlin time', () => {
      const ticket = makeVpnTicket({ status: 'waiting-for-reporter', assigneeId: 'p-desk-2', conversation: CONVERSATION.slice(0, 2), incidentId: 'inc-1', external: { system: 'zammad', externalId: '99', externalNumber: '20261130-4711' } });
      const texts = allStrings(vpn.deskTicket('de', deskView({ ticket })));
      for (const expected of [
        'VPN-2026-00042 · P2 – dringend',
        'Status: wartet auf Antwort der meldenden Person',
        `${vpnNameOf('p-reporter')} (${VPN_UNIT})`,
        vpnNameOf('p-desk-2'),
        'FortiClient',
        'Keine Verbindung',
        '30.11.2026, 07:45 Uhr',
        '10 %',
        'WLAN',
        'ja, funktioniert',
        'mein Team',
        'LRA-NB-04711',
        '\\+49 \\(0\\)351 123-4567',
        '30.11.2026, 09:02 Uhr',
        `- ${plainText(KB_ENTRIES[0]?.de.title ?? '')}`,
        `Rückfrage von ${vpnNameOf('p-desk-1')} · 30.11.2026, 10:05 Uhr`,
        `Antwort von ${vpnNameOf('p-reporter')} · 30.11.2026, 11:05 Uhr`,
        'Ticket im ITSM-System (Zammad): 20261130-4711',
      ]) {
        assert.ok(texts.some((s) => s === expected || s.includes(expected)), expected);
      }
      assert.ok(texts.some((s) => s.includes('möglichen Störung')), 'linked incident');
      const off = allStrings(vpn.deskTicket('en', deskView({ ticket: makeVpnTicket({ report: { ...REPORT, internetWithoutVpn: false, callbackNumber: undefined } }) })));
      assert.ok(off.includes('no, not even without VPN'));
      assert.ok(off.includes('not given'));
    });

    it('the restricted card shows number and status and leaks no report field', () => {
      const ticket = makeVpnTicket({ status: 'taken', assigneeId: 'p-desk-1', conversation: CONVERSATION, solution: 'Geheim' });
      for (const locale of LOCALES) {
        const card = vpn.deskTicketRestricted(locale, ticket);
        const json = JSON.stringify(card);
        assert.ok(json.includes('VPN-2026-00042'));
        assert.ok(allStrings(card).some((s) => s.includes(locale === 'de' ? 'in Bearbeitung' : 'being worked on')));
        for (const secret of [
          'Fehler -14', 'Laptop neu gestartet', '351', 'LRA-NB', '7.2.4', 'FortiClient', 'WLAN', 'Geheim', 'Router',
          ...Object.values(VPN_NAMES).map((n) => n.split(' ').pop() ?? n),
        ]) {
          assert.ok(!json.includes(secret), `${locale}: leaks ${secret}`);
        }
        assert.equal(actionsOf(card).length, 0);
        assert.equal(inputsOf(card).length, 0);
        assert.equal(card.refresh, undefined);
      }
    });
  });

  describe('incident, reminder and the reporter\'s cards', () => {
    it('the outage card counts the people and tickets and resolves with vpn.incident.resolve only while open', () => {
      const incident = makeIncident();
      const open = vpn.deskIncident('de', { incident, nameOf: vpnNameOf, ticketCount: 4, canAct: true, refreshUserIds: ['29:x'] });
      const texts = allStrings(open);
      assert.ok(texts.includes('Mögliche Störung: GlobalProtect – Keine Verbindung'));
      assert.ok(texts.includes('37') && texts.includes('4'));
      assert.ok(texts.includes('30.11.2026, 08:50 Uhr'));
      const resolveAction = executeActions(open).find((a) => a.verb === VERBS.vpnIncidentResolve);
      assert.deepEqual(resolveAction?.data, { incidentId: incident.id });
      assert.deepEqual(inputsOf(open).map((i) => i.id), ['solution']);
      assert.deepEqual(((open.refresh as JsonObject).action as JsonObject).data, { incidentId: incident.id });
      assert.equal(((open.refresh as JsonObject).action as JsonObject).verb, VERBS.vpnIncidentRefresh);

      const done = makeIncident({ status: 'resolved', resolvedBy: 'p-desk-2', resolvedAt: '2026-11-30T10:15:00Z', solution: 'Gateway neu gestartet.' });
      const resolved = vpn.deskIncident('de', { incident: done, nameOf: vpnNameOf, ticketCount: 4, canAct: true, refreshUserIds: [] });
      assert.equal(verbsOf(resolved).includes(VERBS.vpnIncidentResolve), false);
      assert.ok(allStrings(resolved).includes(`Behoben am 30.11.2026, 11:15 Uhr von ${vpnNameOf('p-desk-2')}.`));
      assert.ok(allStrings(resolved).includes('Gateway neu gestartet.'));
    });

    it('the reminder says how long the ticket has waited and its priority', () => {
      const ticket = makeVpnTicket({ priority: 'P1' });
      assert.ok(allStrings(vpn.unassignedReminder('de', ticket, 30)).includes('VPN-2026-00042 wartet seit 30 Minuten auf Übernahme'));
      assert.ok(allStrings(vpn.unassignedReminder('de', ticket, 1)).includes('VPN-2026-00042 wartet seit 1 Minute auf Übernahme'));
      assert.ok(allStrings(vpn.unassignedReminder('de', ticket, 30)).includes('Dringlichkeit: P1 – sehr dringend'));
      assert.ok(allStrings(vpn.unassignedReminder('en', ticket, 45)).includes('VPN-2026-00042 has been waiting 45 minutes for someone to take it'));
    });

    it('self-help shows each entry with numbered steps, "Das hat geholfen" per entry the reporter can solve, and escalates', () => {
      const card = vpn.selfHelp('de', { draftId: 'dr-1', entries: KB_ENTRIES });
      const texts = allStrings(card);
      assert.ok(texts.includes('Bekannte Lösungen'));
      assert.ok(texts.some((s) => s.startsWith('1. Prüfen Sie, ob Internetseiten ohne VPN laden.\n2. ')));
      const helped = executeActions(card).filter((a) => a.verb === VERBS.vpnHelped);
      assert.deepEqual(helped.map((a) => a.data), [{ draftId: 'dr-1', entryId: 'forticlient-10-percent-network' }]);
      assert.equal(helped[0]?.title, 'Das hat geholfen');
      assert.ok(texts.some((s) => s.startsWith('Hier muss der Service Desk tätig werden')), 'escalate entry says the desk must act');
      const escalate = executeActions(card).find((a) => a.verb === VERBS.vpnEscalate);
      assert.deepEqual([escalate?.title, escalate?.style, escalate?.data], ['Weiter zum Service Desk', 'positive', { draftId: 'dr-1' }]);
      assert.ok(allStrings(vpn.selfHelp('en', { draftId: 'dr-1', entries: KB_ENTRIES })).includes('The device certificate has expired'));
    });

    it('helped, reported and linked tell the reporter what happens next', () => {
      assert.deepEqual(verbsOf(vpn.helped('de')), [VERBS.vpnForm, VERBS.vpnMine]);
      assert.ok(allStrings(vpn.helped('de')).includes('Neue Meldung'));
      const reported = allStrings(vpn.reported('de', makeVpnTicket({ priority: 'P1' })));
      assert.ok(reported.includes('Ihre Meldung VPN-2026-00042 ist beim Service Desk'));
      assert.ok(reported.includes('P1 – sehr dringend'));
      assert.ok(reported.some((s) => s.startsWith('Viele Menschen können gerade nicht arbeiten.')));
      assert.ok(reported.includes('So geht es weiter'));
      assert.deepEqual(verbsOf(vpn.reported('de', makeVpnTicket())), [VERBS.vpnMine]);
      const linked = allStrings(vpn.linked('de', makeIncident()));
      assert.ok(linked.some((s) => s.includes('GlobalProtect') && s.includes('30.11.2026, 08:50 Uhr') && s.includes('Keine Verbindung')));
      assert.ok(linked.some((s) => s.includes('nicht noch einmal melden')));
      const fixed = allStrings(vpn.incidentResolved('en', makeIncident({ status: 'resolved', solution: 'Restarted.' })));
      assert.ok(fixed.includes('The outage is fixed') && fixed.includes('Restarted.'));
    });

    it('the reporter\'s ticket offers an answer only while the desk waits, and reopening only when resolved', () => {
      const waiting = vpn.reporterTicket('de', makeVpnTicket({ status: 'waiting-for-reporter', conversation: CONVERSATION.slice(0, 1) }));
      assert.deepEqual(inputsOf(waiting).map((i) => i.id), ['answer']);
      assert.deepEqual(executeActions(waiting).find((a) => a.verb === VERBS.vpnAnswer)?.data, { ticketId: 'tk-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' });
      assert.equal(verbsOf(waiting).includes(VERBS.vpnReopen), false);
      assert.ok(allStrings(waiting).includes('Rückfrage des Service Desks · 30.11.2026, 10:05 Uhr'));

      const resolved = vpn.reporterTicket('de', makeVpnTicket({ status: 'resolved', solution: 'Router neu gestartet.' }), 'resolved');
      assert.equal(inputsOf(resolved).length, 0);
      assert.ok(verbsOf(resolved).includes(VERBS.vpnReopen));
      assert.ok(allStrings(resolved).includes('Ihre Meldung VPN-2026-00042 ist gelöst'));
      assert.ok(allStrings(resolved).includes('Router neu gestartet.'));

      const titles = (['answered', 'reopened', 'taken', 'resolved', 'status-changed', undefined] as const).map(
        (n) => (vpn.reporterTicket('de', makeVpnTicket(), n).body as JsonObject[])[0]?.text,
      );
      assert.equal(new Set(titles).size, titles.length, 'one headline per notice');
    });

    it('the question card asks with the desk\'s words and answers with vpn.answer', () => {
      const card = vpn.question('de', makeVpnTicket(), 'Welche Version?');
      assert.ok(allStrings(card).includes('Welche Version?'));
      const answer = byId(card, 'answer');
      assert.deepEqual([answer?.isMultiline, answer?.isRequired, answer?.maxLength], [true, true, 2000]);
      assert.deepEqual(executeActions(card).find((a) => a.verb === VERBS.vpnAnswer)?.data, { ticketId: 'tk-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' });
    });

    it('"Meine Meldungen" lists own tickets newest first with details, linked outages, or an empty text', () => {
      const tickets = [
        makeVpnTicket({ id: 'tk-old', number: 'VPN-2026-00001', createdAt: '2026-11-01T08:00:00Z', status: 'resolved' }),
        makeVpnTicket({ id: 'tk-new', number: 'VPN-2026-00003', createdAt: '2026-11-20T08:00:00Z' }),
        makeVpnTicket({ id: 'tk-mid', number: 'VPN-2026-00002', createdAt: '2026-11-10T08:00:00Z', status: 'waiting-for-reporter' }),
      ];
      const card = vpn.myReports('de', { tickets, incidents: [makeIncident()] });
      const shows = executeActions(card).filter((a) => a.verb === VERBS.vpnShow);
      assert.deepEqual(shows.map((a) => (a.data as JsonObject).ticketId), ['tk-new', 'tk-mid', 'tk-old']);
      assert.ok(shows.every((a) => a.title === 'Details'));
      const texts = allStrings(card);
      assert.ok(texts.includes('Rückfrage – der Service Desk wartet auf Ihre Antwort'));
      assert.ok(texts.includes('20.11.2026, 09:00 Uhr · FortiClient: Keine Verbindung'));
      assert.ok(texts.includes('GlobalProtect: Keine Verbindung – seit 30.11.2026, 08:50 Uhr'));
      assert.ok(texts.includes('besteht noch – wird bearbeitet'));
      assert.ok(verbsOf(card).includes(VERBS.vpnForm));
      const empty = vpn.myReports('de', { tickets: [], incidents: [] });
      assert.ok(allStrings(empty).includes('Sie haben noch keine VPN-Probleme gemeldet.'));
      assert.deepEqual(verbsOf(empty), [VERBS.vpnForm]);
    });
  });

  describe('all VPN cards', () => {
    for (const locale of LOCALES) {
      const vpnSamples = samples(locale).filter((s) => s.name.startsWith('vpn-'));

      it(`${locale}: every verb is one of VERBS and its data carries only the ids of that verb`, () => {
        assert.ok(vpnSamples.length >= 13);
        for (const s of vpnSamples) {
          for (const a of executeActions(s.card)) {
            assert.ok(isVerb(a.verb) && String(a.verb).startsWith('vpn.'), `${s.name}: ${String(a.verb)}`);
            const allowed = DATA_OF[String(a.verb)];
            assert.ok(allowed, `${s.name}: ${String(a.verb)} not expected`);
            const keys = a.data === undefined ? [] : Object.keys(a.data as object);
            assert.deepEqual(keys.sort(), [...allowed].sort(), `${s.name}: ${String(a.verb)} data`);
            for (const v of Object.values((a.data ?? {}) as object)) assert.match(String(v), /^[A-Za-z0-9_-]+$/, `${s.name}: ${String(a.verb)}`);
          }
        }
      });
    }

    it('secondary buttons next to required inputs do not trigger their validation', () => {
      const submits = new Set<string>([VERBS.vpnSubmit, VERBS.vpnAnswer, VERBS.vpnAsk, VERBS.vpnResolve, VERBS.vpnIncidentResolve]);
      for (const s of samples('de').filter((x) => x.name.startsWith('vpn-') && inputsOf(x.card).some((i) => i.isRequired))) {
        for (const a of executeActions(s.card)) {
          if (a === (s.card.refresh as JsonObject | undefined)?.action) continue;
          assert.equal(a.associatedInputs, submits.has(String(a.verb)) ? 'auto' : 'none', `${s.name}: ${String(a.verb)}`);
        }
      }
    });

    it('English cards show English texts only (no German-only string on any of them)', () => {
      const de = rawStrings('de');
      const en = rawStrings('en');
      const germanOnly = Object.entries(de)
        .filter(([key, text]) => key.startsWith('vpn.') && text !== en[key] && !/\{/.test(text) && text.length > 6)
        .map(([, text]) => text);
      assert.ok(germanOnly.length > 50);
      for (const s of samples('en').filter((x) => x.name.startsWith('vpn-'))) {
        const texts = allStrings(s.card);
        for (const g of germanOnly) assert.ok(!texts.includes(g), `${s.name} (${s.label}) shows German "${g}"`);
      }
      const form = vpn.reportForm('en', { clients: VPN_CLIENTS });
      assert.ok(allStrings(form).includes('Report a VPN problem'));
      assert.ok(allStrings(vpn.deskTicket('en', deskView())).includes('VPN-2026-00042 · P2 – urgent'));
    });
  });

  describe('size', () => {
    const prose = (n: number) => 'Das ist ein (ganz) normaler Satz mit **Markup** und <b>HTML</b>. '.repeat(Math.ceil(n / 60)).slice(0, n);
    const punctuation = (n: number) => '*_[]()<>#'.repeat(Math.ceil(n / 9)).slice(0, n);
    const fullTicket = (text: (n: number) => string) =>
      makeVpnTicket({
        status: 'resolved',
        assigneeId: 'p-desk-1',
        report: { ...REPORT, errorText: text(500), triedAlready: text(1000) },
        conversation: Array.from({ length: 12 }, (_, i) => ({ kind: i % 2 ? 'answer' : 'question', authorId: 'p-desk-1', at: '2026-11-30T09:00:00Z', text: text(2000) }) as const),
        solution: text(2000),
      });
    const bytes = (card: unknown) => Buffer.byteLength(JSON.stringify(card), 'utf8');

    it('the desk and reporter cards stay under 28 KB with every text at its limit, and under 100 KB even for pure markup', () => {
      for (const [text, limit] of [[prose, 28 * 1024], [punctuation, 100 * 1024]] as const) {
        const ticket = fullTicket(text);
        const desk = vpn.deskTicket('de', deskView({ ticket, shownEntryTitles: Array.from({ length: 20 }, () => text(300)) }));
        assert.ok(bytes(desk) < limit, `desk ${bytes(desk)}`);
        assert.ok(bytes(vpn.reporterTicket('de', ticket)) < limit);
        assert.ok(bytes(vpn.question('de', ticket, text(2000))) < limit);
      }
      const shown = allStrings(vpn.deskTicket('de', deskView({ ticket: fullTicket(prose) })));
      assert.ok(shown.includes('6 frühere Nachrichten werden hier nicht angezeigt.'), 'earlier messages are counted');
    });
  });

  describe('problemText', () => {
    const fields: VpnReportField[] = [...VPN_FORM_FIELDS];

    it('gives a sentence for every problem code and field in both languages', () => {
      const params = { max: 500, length: 612, min: 0, value: 'forticlient' };
      for (const locale of LOCALES) {
        for (const code of PROBLEM_CODES) {
          for (const field of fields) {
            const text = vpn.problemText(locale, { field, code, params });
            assert.ok(text.length > 15, `${locale} ${code} ${field}`);
            assert.doesNotMatch(text, /[{}]|vpn\.|undefined/, `${locale} ${code} ${field}: ${text}`);
          }
          const bare = vpn.problemText(locale, { field: 'errorText', code, params: {} });
          assert.doesNotMatch(bare, /[{}]|vpn\.|undefined/, `${locale} ${code} without params: ${bare}`);
        }
      }
      assert.deepEqual(Object.keys(VPN_PROBLEM_PARAMS).sort(), [...PROBLEM_CODES].sort());
    });

    it('names the field and the numbers', () => {
      const tooLong = { field: 'errorText' as const, code: 'TOO_LONG' as const, params: { max: 500, length: 612 } };
      assert.equal(vpn.problemText('de', tooLong), 'Fehlertext: höchstens 500 Zeichen (Sie haben 612).');
      assert.equal(vpn.problemText('en', tooLong), 'Error text: at most 500 characters (you entered 612).');
      assert.equal(vpnProblemText('de', { field: 'progressPercent', code: 'OUT_OF_RANGE', params: { min: 0, max: 100 } }), 'Fortschritt in Prozent: Bitte eine Zahl von 0 bis 100 eingeben.');
      assert.equal(
        vpn.problemText('de', { field: 'client', code: 'CLIENT_NOT_OFFERED', params: { value: 'citrix-workspace' } }),
        'VPN-Programm: Citrix Workspace wird in Ihrer Verwaltung nicht eingesetzt. Bitte wählen Sie einen Eintrag aus der Liste.',
      );
      assert.equal(vpn.problemText('en', { field: 'errorText', code: 'TOO_LONG', params: {} }), 'Error text: the text is too long. Please shorten it.');
    });

    it('describes unknown values without repeating what was sent', () => {
      const raw = '<script>alert(1)</script>' + 'x'.repeat(40);
      for (const locale of LOCALES) {
        for (const field of ['client', 'symptom'] as const) {
          for (const code of ['UNKNOWN_VALUE', 'CLIENT_NOT_OFFERED'] as const) {
            const text = vpn.problemText(locale, { field, code, params: { value: raw.slice(0, 40) } });
            assert.ok(!text.includes('script') && !text.includes('xxx'), `${locale} ${field} ${code}: ${text}`);
          }
        }
      }
    });
  });
});
