/**
 * What the bot shows for VPN problem reports; implemented by `vpn-presenter.ts` over
 * `src/cards/vpn-views.ts` and `cards/vpn-*.json`. Free text (error text, what was tried,
 * questions, answers, solutions) is always rendered with `plainText` (shown as typed, never as
 * Markdown/HTML).
 */
import type { FanoutProgress } from '../domain/vpn-fanout-progress.js';
import type { VpnProblem } from '../domain/vpn-report-validation.js';
import type { KnowledgeBaseEntry } from '../domain/vpn-knowledge-base.js';
import type { Incident, Ticket, VpnClient } from '../domain/vpn-model.js';
import type { Locale } from '../domain/model.js';
import type { Card } from './presenter-port.js';

/** Names for ids shown on desk cards (reporter, assignee, authors of questions/answers). */
export type NameOf = (personId: string) => string;

export interface DeskTicketView {
  ticket: Ticket;
  nameOf: NameOf;
  /** The reporter's org unit name and phone-free contact info the desk may see. */
  reporterUnit?: string;
  /** Titles of the knowledge-base entries the reporter saw before escalating (in the card's locale). */
  shownEntryTitles: string[];
  /** Show the desk buttons (take / ask back / resolve). False for a non-member's refresh and resolved tickets. */
  canAct: boolean;
  /** Up to 60 desk member ids for the card's `refresh.userIds` (Universal Actions). */
  refreshUserIds: string[];
}

export interface DeskIncidentView {
  incident: Incident;
  nameOf: NameOf;
  /** Tickets opened for the pair before the outage was detected (now linked). */
  ticketCount: number;
  canAct: boolean;
  refreshUserIds: string[];
  /** Once resolved: how many of the linked reporters have been told so far. */
  progress?: FanoutProgress;
}

export interface VpnPresenter {
  /** The guided report form; `values` re-fill inputs after a refused submit, `problems` are shown per field. */
  reportForm(locale: Locale, opts: { clients: readonly VpnClient[]; values?: Readonly<Record<string, string>>; problems?: readonly VpnProblem[] }): Card;
  /** Known problems matching the report, with "Das hat geholfen" (per entry) and "Weiter zum Service Desk". */
  selfHelp(locale: Locale, opts: { draftId: string; entries: readonly KnowledgeBaseEntry[] }): Card;
  /** After "Das hat geholfen": thanks, and a button to report again. */
  helped(locale: Locale): Card;
  /** The reporter's confirmation: number, priority, what happens next. */
  reported(locale: Locale, ticket: Ticket): Card;
  /** The reporter is linked to a known outage instead of a new ticket. */
  linked(locale: Locale, incident: Incident): Card;
  /** The ticket card in the service-desk channel (all fields; buttons when `canAct`). */
  deskTicket(locale: Locale, view: DeskTicketView): Card;
  /** What a non-member sees when the channel card refreshes for them: number and status only. */
  deskTicketRestricted(locale: Locale, ticket: Ticket): Card;
  /** The "possible outage" card in the service-desk channel. */
  deskIncident(locale: Locale, view: DeskIncidentView): Card;
  /** Channel reminder: a ticket nobody has taken for `minutes`. */
  unassignedReminder(locale: Locale, ticket: Ticket, minutes: number): Card;
  /** To the reporter: the desk asks back; input `answer`, verb `vpn.answer`. */
  question(locale: Locale, ticket: Ticket, question: string): Card;
  /**
   * The reporter's view of one own ticket: status, conversation, solution; "Antworten" when the desk
   * waits for them, "Wieder öffnen" when resolved. `notice` is a headline for the occasion.
   */
  reporterTicket(locale: Locale, ticket: Ticket, notice?: 'answered' | 'reopened' | 'taken' | 'resolved' | 'status-changed'): Card;
  /** To every linked reporter when the desk resolves the outage. */
  incidentResolved(locale: Locale, incident: Incident): Card;
  /** "Meine Meldungen": own tickets (newest first) and outages the person is linked to. */
  myReports(locale: Locale, opts: { tickets: readonly Ticket[]; incidents: readonly Incident[] }): Card;
  /** One translated sentence for a validation problem, e.g. "Fehlertext: höchstens 500 Zeichen (Sie haben 612)." */
  problemText(locale: Locale, problem: VpnProblem): string;
}
