/**
 * View models of the VPN cards in the service-desk channel: the ticket card (all fields, buttons
 * for desk members, Universal Actions refresh), what a non-member sees instead, the "possible
 * outage" card and the reminder for tickets nobody has taken. Pure functions; every text is
 * translated here and free text is escaped with `plainText`. Action data carries ids only.
 */
import type { FanoutProgress } from '../domain/vpn-fanout-progress.js';
import type { Incident, Ticket } from '../domain/vpn-model.js';
import { TICKET_TEXT_LIMIT } from '../domain/vpn-ticket.js';
import type { Locale } from '../domain/model.js';
import type { Choice } from './desk-views.js';
import { t } from './i18n.js';
import { MAX_REFRESH_USERS } from './manager-views.js';
import type { ContainerStyle } from './view-helpers.js';
import {
  conversationView,
  shownText,
  shownValue,
  vpnAffectedText,
  vpnClientSymptomText,
  vpnClientText,
  vpnConnectionText,
  vpnPriorityText,
  vpnSinceText,
  vpnStatusText,
  vpnSymptomText,
  vpnWhenText,
  type ConversationView,
} from './vpn-texts.js';

/** The desk ticket card's input (the same shape as `DeskTicketView` of src/bot/vpn-presenter-port.ts). */
export interface VpnDeskTicketInput {
  ticket: Ticket;
  nameOf: (personId: string) => string;
  reporterUnit?: string;
  /** Knowledge-base titles the reporter saw, in the card's locale. */
  shownEntryTitles: readonly string[];
  canAct: boolean;
  refreshUserIds: readonly string[];
}

/** The incident card's input (the same shape as `DeskIncidentView` of the port). */
export interface VpnDeskIncidentInput {
  incident: Incident;
  nameOf: (personId: string) => string;
  ticketCount: number;
  canAct: boolean;
  refreshUserIds: readonly string[];
  /** Once resolved: how many of the linked reporters have been told so far. */
  progress?: FanoutProgress;
}

/** Most knowledge-base titles listed on the desk card. */
export const MAX_SHOWN_ENTRY_TITLES = 10;

function refreshIds(ids: readonly string[]): string[] {
  return [...new Set(ids)].slice(0, MAX_REFRESH_USERS);
}

/** Whether the ticket waits for someone to take it (no assignee, or reopened by the reporter). */
function takeable(ticket: Ticket): boolean {
  return ticket.status !== 'resolved' && (ticket.assigneeId === undefined || ticket.status === 'reopened');
}

function ticketTitle(locale: Locale, ticket: Ticket): string {
  return t(locale, 'vpn.desk.title', { number: ticket.number, priority: vpnPriorityText(locale, ticket.priority) });
}

// ---------------------------------------------------------------- ticket

export interface VpnDeskTicketView extends ConversationView {
  title: string;
  statusText: string;
  facts: Choice[];
  hasErrorText: boolean;
  errorText: string;
  hasTriedAlready: boolean;
  triedAlready: string;
  hasShownEntries: boolean;
  shownEntries: Array<{ text: string }>;
  hasSolution: boolean;
  solutionText: string;
  hasIncident: boolean;
  hasExternal: boolean;
  externalText: string;
  hasActions: boolean;
  canTake: boolean;
  ticketId: string;
  textMax: number;
  refreshUserIds: string[];
}

/** The ticket card in the service-desk channel: every field, the conversation, and take / ask back / resolve. */
export function vpnDeskTicketView(locale: Locale, view: VpnDeskTicketInput): VpnDeskTicketView {
  const { ticket, nameOf } = view;
  const r = ticket.report;
  const no = t(locale, 'vpn.desk.notGiven');
  const optional = (text: string | undefined) => (text && text.trim() ? shownValue(text) : no);
  const unit = view.reporterUnit?.trim();
  const reporter = nameOf(ticket.reporterId);
  const facts: Choice[] = [
    { title: t(locale, 'vpn.fact.reporter'), value: unit ? t(locale, 'vpn.desk.reporterWithUnit', { name: reporter, unit }) : reporter },
    { title: t(locale, 'vpn.fact.reportedAt'), value: vpnWhenText(locale, ticket.createdAt) },
    { title: t(locale, 'vpn.fact.assignee'), value: ticket.assigneeId ? nameOf(ticket.assigneeId) : t(locale, 'vpn.desk.nobody') },
    { title: t(locale, 'vpn.fact.client'), value: vpnClientText(locale, r.client) },
    { title: t(locale, 'vpn.fact.symptom'), value: vpnSymptomText(locale, r.symptom) },
    { title: t(locale, 'vpn.fact.since'), value: vpnSinceText(locale, r.since) },
    {
      title: t(locale, 'vpn.fact.progress'),
      value: typeof r.progressPercent === 'number' ? t(locale, 'vpn.desk.percent', { n: r.progressPercent }) : no,
    },
    { title: t(locale, 'vpn.fact.connection'), value: vpnConnectionText(locale, r.connection) },
    { title: t(locale, 'vpn.fact.internet'), value: t(locale, r.internetWithoutVpn ? 'vpn.desk.internetYes' : 'vpn.desk.internetNo') },
    { title: t(locale, 'vpn.fact.affected'), value: vpnAffectedText(locale, r.affected) },
    { title: t(locale, 'vpn.fact.device'), value: optional(r.deviceInventoryNumber) },
    { title: t(locale, 'vpn.fact.version'), value: optional(r.clientVersion) },
    { title: t(locale, 'vpn.fact.callback'), value: optional(r.callbackNumber) },
  ];
  const errorText = shownText(r.errorText);
  const triedAlready = shownText(r.triedAlready);
  const solution = shownText(ticket.solution);
  const resolved = ticket.status === 'resolved';
  const external = ticket.external;
  const acts = view.canAct && !resolved;
  return {
    title: ticketTitle(locale, ticket),
    statusText: t(locale, 'vpn.desk.status', { status: vpnStatusText(locale, ticket.status, 'desk') }),
    facts,
    hasErrorText: errorText !== '',
    errorText,
    hasTriedAlready: triedAlready !== '',
    triedAlready,
    hasShownEntries: view.shownEntryTitles.length > 0,
    shownEntries: view.shownEntryTitles.slice(0, MAX_SHOWN_ENTRY_TITLES).map((title) => ({ text: `- ${shownValue(title, 120)}` })),
    ...conversationView(locale, ticket.conversation, nameOf),
    hasSolution: resolved && solution !== '',
    solutionText: solution,
    hasIncident: Boolean(ticket.incidentId),
    hasExternal: external !== undefined,
    externalText: external
      ? t(locale, 'vpn.desk.external', {
          system: t(locale, external.system === 'zammad' ? 'vpn.desk.systemZammad' : 'vpn.desk.systemWebhook'),
          number: shownValue(external.externalNumber ?? external.externalId, 60),
        })
      : '',
    hasActions: acts,
    canTake: acts && takeable(ticket),
    ticketId: ticket.id,
    textMax: TICKET_TEXT_LIMIT,
    refreshUserIds: refreshIds(view.refreshUserIds),
  };
}

export interface VpnDeskTicketRestrictedView {
  title: string;
  statusText: string;
}

/** What a non-member sees of a channel ticket: its number and status, nothing of the report. */
export function vpnDeskTicketRestrictedView(locale: Locale, ticket: Ticket): VpnDeskTicketRestrictedView {
  return {
    title: t(locale, 'vpn.restricted.title', { number: ticket.number }),
    statusText: t(locale, 'vpn.desk.status', { status: vpnStatusText(locale, ticket.status, 'desk') }),
  };
}

// ---------------------------------------------------------------- incident

export interface VpnDeskIncidentView {
  title: string;
  headerStyle: ContainerStyle;
  facts: Choice[];
  text: string;
  isResolved: boolean;
  resolvedText: string;
  /** "1.234 von 5.000 benachrichtigt" while the resolution is sent, and the outcome after. */
  hasProgress: boolean;
  progressText: string;
  hasSolution: boolean;
  solutionText: string;
  canResolve: boolean;
  incidentId: string;
  textMax: number;
  refreshUserIds: string[];
}

/** "Mögliche Störung": the pair, since when, how many are affected; resolve with a solution for everyone. */
export function vpnDeskIncidentView(locale: Locale, view: VpnDeskIncidentInput): VpnDeskIncidentView {
  const { incident } = view;
  const resolved = incident.status === 'resolved';
  const people = incident.linkedReporterIds.length;
  const solution = shownText(incident.solution);
  const progress = resolved ? view.progress : undefined;
  return {
    headerStyle: resolved ? 'good' : 'attention',
    title: t(locale, 'vpn.incident.title', { client: vpnClientText(locale, incident.client), symptom: vpnSymptomText(locale, incident.symptom) }),
    facts: [
      { title: t(locale, 'vpn.fact.status'), value: t(locale, `vpn.incidentStatus.${resolved ? 'resolved' : 'open'}`) },
      { title: t(locale, 'vpn.fact.client'), value: vpnClientText(locale, incident.client) },
      { title: t(locale, 'vpn.fact.symptom'), value: vpnSymptomText(locale, incident.symptom) },
      { title: t(locale, 'vpn.fact.since'), value: vpnWhenText(locale, incident.openedAt) },
      { title: t(locale, 'vpn.fact.people'), value: String(people) },
      { title: t(locale, 'vpn.fact.tickets'), value: String(view.ticketCount) },
      ...(progress ? [{ title: t(locale, 'vpn.fact.notified'), value: progressText(locale, progress) }] : []),
    ],
    text: t(locale, !resolved ? 'vpn.incident.text' : progress && progress.pending > 0 ? 'vpn.incident.textResolving' : 'vpn.incident.textResolved', {
      n: people,
    }),
    isResolved: resolved,
    resolvedText: resolved
      ? t(locale, incident.resolvedBy ? 'vpn.incident.resolvedBy' : 'vpn.incident.resolved', {
          name: incident.resolvedBy ? view.nameOf(incident.resolvedBy) : '',
          time: incident.resolvedAt ? vpnWhenText(locale, incident.resolvedAt) : '–',
        })
      : '',
    hasProgress: progress !== undefined,
    progressText: progress ? progressText(locale, progress) : '',
    hasSolution: resolved && solution !== '',
    solutionText: solution,
    canResolve: view.canAct && !resolved,
    incidentId: incident.id,
    textMax: TICKET_TEXT_LIMIT,
    refreshUserIds: refreshIds(view.refreshUserIds),
  };
}

/** Whole numbers with the locale's thousands separator: "1.234" (de), "1,234" (en). */
const count = (locale: Locale, n: number): string => new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: 0 }).format(n);

/** "1.234 von 5.000 benachrichtigt" (+ ", 3 nicht erreichbar"). */
function progressText(locale: Locale, p: FanoutProgress): string {
  const told = t(locale, 'vpn.incident.progress', { done: count(locale, p.notified), total: count(locale, p.total) });
  return p.unreachable > 0 ? `${told}${t(locale, 'vpn.incident.progressUnreachable', { n: p.unreachable, count: count(locale, p.unreachable) })}` : told;
}

// ---------------------------------------------------------------- reminder

export interface VpnReminderView {
  title: string;
  priorityText: string;
  problemText: string;
  canTake: boolean;
  ticketId: string;
}

/** Channel reminder: "VPN-2026-00042 wartet seit 30 Minuten auf Übernahme". */
export function vpnReminderView(locale: Locale, ticket: Ticket, minutes: number): VpnReminderView {
  return {
    title: t(locale, 'vpn.reminder.title', { number: ticket.number, n: Math.max(0, Math.round(minutes)) }),
    priorityText: t(locale, 'vpn.reminder.priority', { priority: vpnPriorityText(locale, ticket.priority) }),
    problemText: vpnClientSymptomText(locale, ticket.report.client, ticket.report.symptom),
    canTake: takeable(ticket),
    ticketId: ticket.id,
  };
}
