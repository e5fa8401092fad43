/**
 * View models of the VPN cards a reporter sees: the guided report form, the known solutions,
 * the confirmations, a question of the service desk, the own ticket and "Meine Meldungen".
 * Pure functions; every text is translated here and free text is escaped with `plainText`.
 * Action data carries ids only.
 */
import type { KnowledgeBaseEntry } from '../domain/vpn-knowledge-base.js';
import {
  AFFECTED_SCOPES,
  CONNECTION_TYPES,
  VPN_CLIENTS,
  VPN_SYMPTOMS,
  type Incident,
  type Ticket,
  type VpnClient,
} from '../domain/vpn-model.js';
import { VPN_TEXT_LIMITS, type VpnProblem, type VpnReportField } from '../domain/vpn-report-validation.js';
import { TICKET_TEXT_LIMIT } from '../domain/vpn-ticket.js';
import type { Locale } from '../domain/model.js';
import type { Choice } from './desk-views.js';
import { t } from './i18n.js';
import { MAX_LIST_ITEMS, capList } from './view-helpers.js';
import {
  conversationView,
  shownText,
  shownValue,
  vpnClientSymptomText,
  vpnClientText,
  vpnConnectionText,
  vpnPriorityExplained,
  vpnPriorityText,
  vpnProblemText,
  vpnStatusText,
  vpnSymptomText,
  vpnWhenText,
  type ConversationView,
} from './vpn-texts.js';

/** Most known solutions on one card (the most specific first). */
export const MAX_SELF_HELP_ENTRIES = 5;

/** The form's inputs, in the order of the card (ids = VpnReport keys). */
export const VPN_FORM_FIELDS = [
  'client',
  'symptom',
  'errorText',
  'progressPercent',
  'since',
  'connection',
  'internetWithoutVpn',
  'deviceInventoryNumber',
  'clientVersion',
  'triedAlready',
  'affected',
  'callbackNumber',
] as const satisfies readonly VpnReportField[];
export type VpnFormField = (typeof VPN_FORM_FIELDS)[number];

// ---------------------------------------------------------------- report form

export interface VpnReportFormInput {
  /** Clients the organisation offers, in the order to show (a subset of VPN_CLIENTS). */
  clients: readonly VpnClient[];
  /** The card's values of a refused submit (strings as Teams sends them). */
  values?: Readonly<Record<string, string>>;
  problems?: readonly VpnProblem[];
}

export interface FieldProblem {
  has: boolean;
  text: string;
}

export interface VpnReportFormView {
  hasProblems: boolean;
  problemsTitle: string;
  problems: Array<{ text: string }>;
  /** Per input: the problem sentences shown right below it. */
  errors: Record<VpnFormField, FieldProblem>;
  clientChoices: Choice[];
  symptomChoices: Choice[];
  connectionChoices: Choice[];
  internetChoices: Choice[];
  affectedChoices: Choice[];
  limits: typeof VPN_TEXT_LIMITS;
  values: {
    client: string;
    symptom: string;
    errorText: string;
    /** null = empty (left out of the card). */
    progressPercent: number | null;
    since: string;
    connection: string;
    internetWithoutVpn: string;
    deviceInventoryNumber: string;
    clientVersion: string;
    triedAlready: string;
    affected: string;
    callbackNumber: string;
  };
}

function offered(clients: readonly VpnClient[]): VpnClient[] {
  const known = clients.filter((c) => (VPN_CLIENTS as readonly string[]).includes(c));
  return [...new Set(known.length > 0 ? known : VPN_CLIENTS)];
}

/** The guided report form (submit `vpn.submit`); re-fills `values` and lists `problems` on top and below each field. */
export function vpnReportFormView(locale: Locale, input: VpnReportFormInput): VpnReportFormView {
  const clients = offered(input.clients);
  const v = input.values ?? {};
  const raw = (key: VpnFormField): string => (typeof v[key] === 'string' ? (v[key] ?? '') : '');
  const oneOf = (key: VpnFormField, allowed: readonly string[]): string => (allowed.includes(raw(key).trim()) ? raw(key).trim() : '');
  const percent = raw('progressPercent').trim().replace(/\s*%$/, '').replace(',', '.');
  const n = /^\d+(\.\d+)?$/.test(percent) ? Number(percent) : Number.NaN;
  const since = /^\d{4}-\d{2}-\d{2}/.exec(raw('since').trim())?.[0] ?? '';

  const problems = input.problems ?? [];
  const errors = Object.fromEntries(
    VPN_FORM_FIELDS.map((field) => {
      const texts = problems.filter((p) => p.field === field).map((p) => vpnProblemText(locale, p));
      return [field, { has: texts.length > 0, text: texts.join(' ') }];
    }),
  ) as Record<VpnFormField, FieldProblem>;
  const choices = (values: readonly string[], label: (value: string) => string): Choice[] =>
    values.map((value) => ({ title: label(value), value }));

  return {
    hasProblems: problems.length > 0,
    problemsTitle: t(locale, 'vpn.form.problemsTitle', { n: problems.length }),
    problems: problems.map((p) => ({ text: vpnProblemText(locale, p) })),
    errors,
    clientChoices: choices(clients, (c) => vpnClientText(locale, c)),
    symptomChoices: choices(VPN_SYMPTOMS, (s) => vpnSymptomText(locale, s)),
    connectionChoices: choices(CONNECTION_TYPES, (c) => vpnConnectionText(locale, c)),
    internetChoices: [
      { title: t(locale, 'vpn.form.internetYes'), value: 'true' },
      { title: t(locale, 'vpn.form.internetNo'), value: 'false' },
    ],
    affectedChoices: choices(AFFECTED_SCOPES, (a) => t(locale, `vpn.form.affected.${a}`)),
    limits: VPN_TEXT_LIMITS,
    values: {
      client: oneOf('client', clients),
      symptom: oneOf('symptom', VPN_SYMPTOMS),
      errorText: raw('errorText'),
      progressPercent: Number.isFinite(n) && n >= 0 && n <= 100 ? n : null,
      since,
      connection: oneOf('connection', CONNECTION_TYPES),
      internetWithoutVpn: oneOf('internetWithoutVpn', ['true', 'false']),
      deviceInventoryNumber: raw('deviceInventoryNumber'),
      clientVersion: raw('clientVersion'),
      triedAlready: raw('triedAlready'),
      affected: oneOf('affected', AFFECTED_SCOPES),
      callbackNumber: raw('callbackNumber'),
    },
  };
}

// ---------------------------------------------------------------- self-help

export interface VpnSelfHelpEntryRow {
  entryId: string;
  draftId: string;
  titleText: string;
  stepsText: string;
  /** The desk must act: no "Das hat geholfen", a note instead. */
  escalate: boolean;
  canHelp: boolean;
  helpedTooltip: string;
}

export interface VpnSelfHelpView {
  draftId: string;
  hasEntries: boolean;
  entries: VpnSelfHelpEntryRow[];
}

/** "1. Schritt\n2. Schritt" (a Markdown list; each step escaped and on one line). */
function stepsText(steps: readonly string[]): string {
  return steps.map((s, i) => `${i + 1}. ${shownText(s.replace(/\s+/g, ' '), 600)}`).join('\n');
}

/** "Bekannte Lösungen": title and numbered steps per entry; "Das hat geholfen" (`vpn.helped`), "Weiter zum Service Desk" (`vpn.escalate`). */
export function vpnSelfHelpView(locale: Locale, input: { draftId: string; entries: readonly KnowledgeBaseEntry[] }): VpnSelfHelpView {
  const entries = input.entries.slice(0, MAX_SELF_HELP_ENTRIES);
  return {
    draftId: input.draftId,
    hasEntries: entries.length > 0,
    entries: entries.map((e) => {
      const text = e[locale] ?? e.de;
      const title = shownValue(text.title);
      return {
        entryId: e.id,
        draftId: input.draftId,
        titleText: title,
        stepsText: stepsText(text.steps),
        escalate: e.escalate,
        canHelp: !e.escalate,
        helpedTooltip: t(locale, 'vpn.selfHelp.helpedTooltip', { title: text.title.replace(/\s+/g, ' ').slice(0, 120) }),
      };
    }),
  };
}

// ---------------------------------------------------------------- confirmations

export interface VpnReportedView {
  title: string;
  facts: Choice[];
  priorityExplained: string;
  nextText: string;
  hasCallback: boolean;
}

/** After the escalation: number, priority in words, what happens next; button "Meine Meldungen". */
export function vpnReportedView(locale: Locale, ticket: Ticket): VpnReportedView {
  return {
    title: t(locale, 'vpn.reported.title', { number: ticket.number }),
    facts: [
      { title: t(locale, 'vpn.fact.number'), value: ticket.number },
      { title: t(locale, 'vpn.fact.priority'), value: vpnPriorityText(locale, ticket.priority) },
      { title: t(locale, 'vpn.fact.problem'), value: vpnClientSymptomText(locale, ticket.report.client, ticket.report.symptom) },
    ],
    priorityExplained: vpnPriorityExplained(locale, ticket.priority),
    nextText: t(locale, 'vpn.reported.next', { number: ticket.number }),
    hasCallback: Boolean(ticket.report.callbackNumber),
  };
}

export interface VpnLinkedView {
  text: string;
}

/** The report belongs to a known outage: no new ticket, the person is told when it is fixed. */
export function vpnLinkedView(locale: Locale, incident: Incident): VpnLinkedView {
  return {
    text: t(locale, 'vpn.linked.text', {
      client: vpnClientText(locale, incident.client),
      symptom: vpnSymptomText(locale, incident.symptom),
      since: vpnWhenText(locale, incident.openedAt),
    }),
  };
}

export interface VpnIncidentResolvedView {
  text: string;
  hasSolution: boolean;
  solutionText: string;
}

/** To every linked reporter: the outage is fixed, with what the desk wrote. */
export function vpnIncidentResolvedView(locale: Locale, incident: Incident): VpnIncidentResolvedView {
  const solution = shownText(incident.solution);
  return {
    text: t(locale, 'vpn.incidentResolved.text', {
      client: vpnClientText(locale, incident.client),
      symptom: vpnSymptomText(locale, incident.symptom),
      since: vpnWhenText(locale, incident.openedAt),
    }),
    hasSolution: solution !== '',
    solutionText: solution,
  };
}

// ---------------------------------------------------------------- question and own ticket

export interface VpnQuestionView {
  title: string;
  questionText: string;
  ticketId: string;
  answerMax: number;
}

/** The desk asks back; input `answer`, verb `vpn.answer`. */
export function vpnQuestionView(locale: Locale, ticket: Ticket, question: string): VpnQuestionView {
  return {
    title: t(locale, 'vpn.question.title', { number: ticket.number }),
    questionText: shownText(question),
    ticketId: ticket.id,
    answerMax: TICKET_TEXT_LIMIT,
  };
}

export type ReporterNotice = 'answered' | 'reopened' | 'taken' | 'resolved' | 'status-changed';

export interface VpnReporterTicketView extends ConversationView {
  title: string;
  statusText: string;
  facts: Choice[];
  hasSolution: boolean;
  solutionText: string;
  canAnswer: boolean;
  canReopen: boolean;
  ticketId: string;
  answerMax: number;
}

const NOTICE_KEY: Readonly<Record<ReporterNotice, string>> = {
  answered: 'vpn.mine.noticeAnswered',
  reopened: 'vpn.mine.noticeReopened',
  taken: 'vpn.mine.noticeTaken',
  resolved: 'vpn.mine.noticeResolved',
  'status-changed': 'vpn.mine.noticeChanged',
};

/** The reporter's own ticket; "Antworten" when the desk waits for them, "Wieder öffnen" when resolved. */
export function vpnReporterTicketView(locale: Locale, ticket: Ticket, notice?: ReporterNotice): VpnReporterTicketView {
  const solution = shownText(ticket.solution);
  const resolved = ticket.status === 'resolved';
  return {
    title: t(locale, notice ? NOTICE_KEY[notice] : 'vpn.mine.ticketTitle', { number: ticket.number }),
    statusText: t(locale, 'vpn.mine.status', { status: vpnStatusText(locale, ticket.status, 'reporter') }),
    facts: [
      { title: t(locale, 'vpn.fact.number'), value: ticket.number },
      { title: t(locale, 'vpn.fact.problem'), value: vpnClientSymptomText(locale, ticket.report.client, ticket.report.symptom) },
      { title: t(locale, 'vpn.fact.reportedAt'), value: vpnWhenText(locale, ticket.createdAt) },
      { title: t(locale, 'vpn.fact.priority'), value: vpnPriorityText(locale, ticket.priority) },
    ],
    ...conversationView(locale, ticket.conversation),
    hasSolution: resolved && solution !== '',
    solutionText: solution,
    canAnswer: ticket.status === 'waiting-for-reporter',
    canReopen: resolved,
    ticketId: ticket.id,
    answerMax: TICKET_TEXT_LIMIT,
  };
}

// ---------------------------------------------------------------- my reports

export interface VpnMyTicketRow {
  ticketId: string;
  numberText: string;
  statusText: string;
  detailText: string;
  detailsTooltip: string;
}

export interface VpnMyIncidentRow {
  text: string;
  statusText: string;
}

export interface VpnMyReportsView {
  isEmpty: boolean;
  hasTickets: boolean;
  tickets: VpnMyTicketRow[];
  hasMore: boolean;
  moreText: string;
  hasIncidents: boolean;
  incidents: VpnMyIncidentRow[];
}

/** "Meine Meldungen": own tickets, newest first, with "Details" (`vpn.show`), and linked outages. */
export function vpnMyReportsView(locale: Locale, input: { tickets: readonly Ticket[]; incidents: readonly Incident[] }): VpnMyReportsView {
  const sorted = [...input.tickets].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.number.localeCompare(a.number));
  const capped = capList(sorted, MAX_LIST_ITEMS);
  const incidents = [...input.incidents].sort((a, b) => Date.parse(b.openedAt) - Date.parse(a.openedAt)).slice(0, MAX_LIST_ITEMS);
  return {
    isEmpty: sorted.length === 0 && incidents.length === 0,
    hasTickets: sorted.length > 0,
    tickets: capped.shown.map((ticket) => ({
      ticketId: ticket.id,
      numberText: ticket.number,
      statusText: vpnStatusText(locale, ticket.status, 'reporter'),
      detailText: t(locale, 'vpn.mine.row', {
        date: vpnWhenText(locale, ticket.createdAt),
        problem: vpnClientSymptomText(locale, ticket.report.client, ticket.report.symptom),
      }),
      detailsTooltip: t(locale, 'vpn.action.detailsTooltip', { number: ticket.number }),
    })),
    hasMore: capped.hasMore,
    moreText: t(locale, 'vpn.mine.more', { shown: capped.shown.length, total: capped.total }),
    hasIncidents: incidents.length > 0,
    incidents: incidents.map((incident) => ({
      text: t(locale, 'vpn.mine.incidentRow', {
        client: vpnClientText(locale, incident.client),
        symptom: vpnSymptomText(locale, incident.symptom),
        since: vpnWhenText(locale, incident.openedAt),
      }),
      statusText: t(locale, `vpn.incidentStatus.${incident.status === 'resolved' ? 'resolved' : 'open'}`),
    })),
  };
}
