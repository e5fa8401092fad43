/** Representative (and deliberately long) data for the VPN cards, in both locales. */
import type { KnowledgeBaseEntry } from '../../src/domain/vpn-knowledge-base.js';
import type { Incident, Ticket, TicketMessage, VpnReport } from '../../src/domain/vpn-model.js';
import { VPN_CLIENTS } from '../../src/domain/vpn-model.js';
import type { VpnProblem } from '../../src/domain/vpn-report-validation.js';
import type { Locale } from '../../src/domain/model.js';
import type { CardDataMap, CardName } from '../../src/cards/render.js';
import {
  vpnDeskIncidentView,
  vpnDeskTicketRestrictedView,
  vpnDeskTicketView,
  vpnHelpedView,
  vpnIncidentResolvedView,
  vpnLinkedView,
  vpnMyReportsView,
  vpnQuestionView,
  vpnReminderView,
  vpnReportFormView,
  vpnReportedView,
  vpnReporterTicketView,
  vpnSelfHelpView,
} from '../../src/cards/vpn-views.js';
import type { Sample } from './fixtures.js';

export const VPN_NAMES: Readonly<Record<string, string>> = {
  'p-reporter': 'Dr. Maximiliane Müller-Lüdenscheidt',
  'p-desk-1': 'Hans-Joachim von Oberwiesenthal-Schönbrunn',
  'p-desk-2': 'Aylin Kaya-Schröder',
};
export const vpnNameOf = (id: string): string => VPN_NAMES[id] ?? id;
export const VPN_UNIT = 'Amt für Digitalisierung, Organisation und Informationstechnik – Sachgebiet 12.3';
export const VPN_REFRESH_IDS = Array.from({ length: 60 }, (_, i) => `29:1AbCdEfGhIjKlMnOpQrStUvWxYz-${i}`);

/** Free text with Markdown and HTML in it: must appear as typed. */
export const MARKUP = '**bold** <b>x</b> [link](http://x)';

export const REPORT: VpnReport = {
  client: 'forticlient',
  symptom: 'no-connection',
  errorText: 'Fehler -14: Die Verbindung zum VPN-Server konnte nicht hergestellt werden (Zeitüberschreitung bei 10 %). '.repeat(4).trim(),
  progressPercent: 10,
  since: '2026-11-30T07:45:00+01:00',
  connection: 'wlan',
  internetWithoutVpn: true,
  deviceInventoryNumber: 'LRA-NB-04711',
  clientVersion: '7.2.4 (build 0972)',
  triedAlready: 'Laptop neu gestartet, Router zu Hause 30 Sekunden vom Strom getrennt, Hotspot vom Diensthandy probiert – dort dasselbe. '.repeat(6).trim(),
  affected: 'my-team',
  callbackNumber: '+49 (0)351 123-4567',
};

const message = (kind: TicketMessage['kind'], i: number, text: string): TicketMessage => ({
  kind,
  authorId: kind === 'question' ? 'p-desk-1' : 'p-reporter',
  at: `2026-11-30T${String(9 + i).padStart(2, '0')}:05:00Z`,
  text,
});

export function makeVpnTicket(over: Partial<Ticket> = {}): Ticket {
  return {
    id: 'tk-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    number: 'VPN-2026-00042',
    reporterId: 'p-reporter',
    report: REPORT,
    status: 'open',
    priority: 'P2',
    conversation: [],
    createdAt: '2026-11-30T08:02:00Z',
    updatedAt: '2026-11-30T08:02:00Z',
    ...over,
  };
}

export const CONVERSATION: TicketMessage[] = [
  message('question', 0, 'Welche Meldung zeigt FortiClient genau, wenn Sie auf „Verbinden“ klicken? Bitte schreiben Sie den Text Wort für Wort ab.'),
  message('answer', 1, 'Da steht „Fehler -14“ und dann bleibt der Balken bei 10 % stehen. Im Büro klappt es mit demselben Gerät.'),
  message('question', 2, 'Danke! Können Sie es bitte einmal mit dem Hotspot Ihres Diensthandys versuchen und berichten, ob es dann geht?'),
  message('answer', 3, 'Mit dem Hotspot geht es sofort. Also liegt es wohl an unserem WLAN zu Hause. '.repeat(3).trim()),
  message('question', 4, 'Welchen Router haben Sie zu Hause (Hersteller und Modell stehen meist auf der Unterseite)?'),
  message('answer', 5, 'Eine FRITZ!Box 7590 AX vom Anbieter.'),
  message('question', 6, 'Bitte prüfen Sie, ob in der FRITZ!Box unter „Internet > Filter“ eine Kindersicherung aktiv ist.'),
  message('answer', 7, 'Ja, da war ein Filter aktiv. '.repeat(20).trim()),
];

export const KB_ENTRIES: KnowledgeBaseEntry[] = [
  {
    id: 'forticlient-10-percent-network',
    clients: ['forticlient'],
    symptoms: ['no-connection'],
    errorCodes: ['-14'],
    errorPatterns: [],
    progress: { min: 5, max: 15 },
    connections: [],
    escalate: false,
    de: {
      title: 'FortiClient bleibt bei 10 % stehen (Fehler -14): Netzwerk oder Port gesperrt',
      steps: [
        'Prüfen Sie, ob Internetseiten ohne VPN laden.',
        'Der VPN-Server wird über Port 443 bzw. 10443 erreicht. Öffentliche WLANs, Hotels und manche Gast-Netze sperren diese Ports – wechseln Sie testweise auf den Hotspot Ihres Diensthandys.',
        'Router zu Hause: Neustart (Strom 30 Sekunden trennen).',
        'Wenn es mit einem anderen Netz klappt, liegt es am ursprünglichen Netz – melden Sie das bitte mit dem Netz-Typ.',
      ],
    },
    en: {
      title: 'FortiClient stuck at 10 % (error -14): network or port blocked',
      steps: [
        'Check that web pages load without the VPN.',
        "The VPN server is reached on port 443 or 10443. Public Wi-Fi, hotels and some guest networks block these ports – try your work phone's hotspot instead.",
        'Home router: restart it (unplug for 30 seconds).',
        'If another network works, the original network is the cause – please report it with the connection type.',
      ],
    },
  },
  {
    id: 'certificate-expired',
    clients: [],
    symptoms: ['certificate', 'no-connection'],
    errorCodes: [],
    errorPatterns: ['zertifikat'],
    connections: [],
    escalate: true,
    de: {
      title: 'Das Gerätezertifikat ist abgelaufen',
      steps: ['Prüfen Sie Datum und Uhrzeit des Geräts.', 'Ein abgelaufenes Zertifikat kann nur der Service Desk erneuern.'],
    },
    en: {
      title: 'The device certificate has expired',
      steps: ["Check the device's date and time.", 'Only the service desk can renew an expired certificate.'],
    },
  },
];

export const VPN_PROBLEMS: VpnProblem[] = [
  { field: 'client', code: 'CLIENT_NOT_OFFERED', params: { value: 'citrix-workspace' } },
  { field: 'errorText', code: 'TOO_LONG', params: { max: 500, length: 612 } },
  { field: 'progressPercent', code: 'OUT_OF_RANGE', params: { min: 0, max: 100 } },
  { field: 'since', code: 'IN_FUTURE', params: {} },
  { field: 'connection', code: 'REQUIRED', params: {} },
  { field: 'callbackNumber', code: 'INVALID_PHONE', params: {} },
];

export const VPN_VALUES: Record<string, string> = {
  client: 'citrix-workspace',
  symptom: 'no-connection',
  errorText: 'x'.repeat(612),
  progressPercent: '140',
  since: '2027-01-05',
  connection: '',
  internetWithoutVpn: 'false',
  deviceInventoryNumber: 'LRA-NB-04711',
  clientVersion: '7.2.4',
  triedAlready: 'Neu gestartet.',
  affected: 'only-me',
  callbackNumber: 'bitte anrufen',
};

export function makeIncident(over: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-7f3e2d1c-0b9a-4876-a5b4-c3d2e1f0a9b8',
    client: 'globalprotect',
    symptom: 'no-connection',
    status: 'open',
    openedAt: '2026-11-30T07:50:00Z',
    linkedReporterIds: Array.from({ length: 37 }, (_, i) => `p-${i}`),
    ...over,
  };
}

const RESOLVED_INCIDENT = makeIncident({
  status: 'resolved',
  resolvedAt: '2026-11-30T10:15:00Z',
  resolvedBy: 'p-desk-2',
  solution: 'Das VPN-Gateway in Rechenzentrum 2 war nach einem Update hängen geblieben und wurde neu gestartet. Bitte verbinden Sie sich neu.',
});

type S = <N extends CardName>(name: N, label: string, data: CardDataMap[N]) => Sample;

export function vpnSamples(locale: Locale, s: S): Sample[] {
  const full = makeVpnTicket({ status: 'waiting-for-reporter', assigneeId: 'p-desk-1', conversation: CONVERSATION, shownEntryIds: KB_ENTRIES.map((e) => e.id) });
  const resolved = makeVpnTicket({
    status: 'resolved',
    assigneeId: 'p-desk-1',
    conversation: CONVERSATION.slice(0, 4),
    solution: 'Im Router war eine Kindersicherung aktiv, die Port 10443 gesperrt hat. Nach dem Abschalten des Filters klappt die Verbindung wieder.',
    incidentId: 'inc-1',
    external: { system: 'zammad', externalId: '4711', externalNumber: '20261130-4711' },
  });
  const titles = KB_ENTRIES.map((e) => e[locale].title);
  const mine = Array.from({ length: 24 }, (_, i) =>
    makeVpnTicket({
      id: `tk-${String(i).padStart(4, '0')}`,
      number: `VPN-2026-${String(100 + i).padStart(5, '0')}`,
      status: (['open', 'taken', 'waiting-for-reporter', 'resolved', 'reopened'] as const)[i % 5],
      createdAt: `2026-11-${String(1 + i).padStart(2, '0')}T08:00:00Z`,
    }),
  );
  return [
    s('vpn-report-form', 'refused with problems', vpnReportFormView(locale, { clients: VPN_CLIENTS.filter((c) => c !== 'citrix-workspace'), values: VPN_VALUES, problems: VPN_PROBLEMS })),
    s('vpn-report-form', 'empty, three clients', vpnReportFormView(locale, { clients: ['forticlient', 'ncp-secure-entry', 'other'] })),
    s('vpn-self-help', 'two entries', vpnSelfHelpView(locale, { draftId: 'dr-5a6b7c8d', entries: KB_ENTRIES })),
    s('vpn-self-help', 'nothing known', vpnSelfHelpView(locale, { draftId: 'dr-5a6b7c8d', entries: [] })),
    s('vpn-helped', 'thanks', vpnHelpedView()),
    s('vpn-reported', 'P2 with call-back', vpnReportedView(locale, makeVpnTicket())),
    s('vpn-linked', 'known outage', vpnLinkedView(locale, makeIncident())),
    s('vpn-question', 'long question', vpnQuestionView(locale, full, CONVERSATION[6]?.text ?? '')),
    s('vpn-reporter-ticket', 'waiting for answer', vpnReporterTicketView(locale, full, 'status-changed')),
    s('vpn-reporter-ticket', 'resolved', vpnReporterTicketView(locale, resolved, 'resolved')),
    s('vpn-incident-resolved', 'with solution', vpnIncidentResolvedView(locale, RESOLVED_INCIDENT)),
    s('vpn-my-reports', 'many', vpnMyReportsView(locale, { tickets: mine, incidents: [makeIncident(), RESOLVED_INCIDENT] })),
    s('vpn-my-reports', 'empty', vpnMyReportsView(locale, { tickets: [], incidents: [] })),
    s(
      'vpn-desk-ticket',
      'open, desk can act',
      vpnDeskTicketView(locale, { ticket: makeVpnTicket(), nameOf: vpnNameOf, reporterUnit: VPN_UNIT, shownEntryTitles: titles, canAct: true, refreshUserIds: VPN_REFRESH_IDS }),
    ),
    s(
      'vpn-desk-ticket',
      'long conversation',
      vpnDeskTicketView(locale, { ticket: full, nameOf: vpnNameOf, reporterUnit: VPN_UNIT, shownEntryTitles: titles, canAct: true, refreshUserIds: VPN_REFRESH_IDS }),
    ),
    s(
      'vpn-desk-ticket',
      'resolved',
      vpnDeskTicketView(locale, { ticket: resolved, nameOf: vpnNameOf, shownEntryTitles: [], canAct: false, refreshUserIds: VPN_REFRESH_IDS }),
    ),
    s('vpn-desk-ticket-restricted', 'non-member', vpnDeskTicketRestrictedView(locale, full)),
    s(
      'vpn-desk-incident',
      'open',
      vpnDeskIncidentView(locale, { incident: makeIncident(), nameOf: vpnNameOf, ticketCount: 4, canAct: true, refreshUserIds: VPN_REFRESH_IDS }),
    ),
    s(
      'vpn-desk-incident',
      'resolved',
      vpnDeskIncidentView(locale, { incident: RESOLVED_INCIDENT, nameOf: vpnNameOf, ticketCount: 4, canAct: false, refreshUserIds: VPN_REFRESH_IDS }),
    ),
    s(
      'vpn-desk-incident',
      'resolution being sent',
      vpnDeskIncidentView(locale, {
        // As the bot draws it: the total is the people linked to the outage.
        incident: { ...RESOLVED_INCIDENT, notifyTotal: RESOLVED_INCIDENT.linkedReporterIds.length },
        nameOf: vpnNameOf,
        ticketCount: 4,
        canAct: false,
        refreshUserIds: VPN_REFRESH_IDS,
        progress: { total: RESOLVED_INCIDENT.linkedReporterIds.length, notified: 20, unreachable: 1, pending: RESOLVED_INCIDENT.linkedReporterIds.length - 21 },
      }),
    ),
    s('vpn-reminder', '30 minutes', vpnReminderView(locale, makeVpnTicket({ priority: 'P1' }), 30)),
  ];
}
