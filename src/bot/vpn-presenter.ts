/** VPN problem reports → Adaptive Cards, through `src/cards/vpn-views.ts` and `cards/vpn-*.json`. */
import { renderCard } from '../cards/render.js';
import {
  vpnDeskIncidentView,
  vpnDeskTicketRestrictedView,
  vpnDeskTicketView,
  vpnHelpedView,
  vpnIncidentResolvedView,
  vpnLinkedView,
  vpnMyReportsView,
  vpnProblemText,
  vpnQuestionView,
  vpnReminderView,
  vpnReportFormView,
  vpnReportedView,
  vpnReporterTicketView,
  vpnSelfHelpView,
} from '../cards/vpn-views.js';
import type { Card } from './presenter-port.js';
import type { VpnPresenter } from './vpn-presenter-port.js';

export function createVpnPresenter(): VpnPresenter {
  const card = (c: object): Card => ({ ...c });
  return {
    reportForm: (locale, o) => card(renderCard('vpn-report-form', vpnReportFormView(locale, o), locale)),
    selfHelp: (locale, o) => card(renderCard('vpn-self-help', vpnSelfHelpView(locale, o), locale)),
    helped: (locale) => card(renderCard('vpn-helped', vpnHelpedView(), locale)),
    reported: (locale, ticket) => card(renderCard('vpn-reported', vpnReportedView(locale, ticket), locale)),
    linked: (locale, incident) => card(renderCard('vpn-linked', vpnLinkedView(locale, incident), locale)),
    deskTicket: (locale, view) => card(renderCard('vpn-desk-ticket', vpnDeskTicketView(locale, view), locale)),
    deskTicketRestricted: (locale, ticket) => card(renderCard('vpn-desk-ticket-restricted', vpnDeskTicketRestrictedView(locale, ticket), locale)),
    deskIncident: (locale, view) => card(renderCard('vpn-desk-incident', vpnDeskIncidentView(locale, view), locale)),
    unassignedReminder: (locale, ticket, minutes) => card(renderCard('vpn-reminder', vpnReminderView(locale, ticket, minutes), locale)),
    question: (locale, ticket, question) => card(renderCard('vpn-question', vpnQuestionView(locale, ticket, question), locale)),
    reporterTicket: (locale, ticket, notice) => card(renderCard('vpn-reporter-ticket', vpnReporterTicketView(locale, ticket, notice), locale)),
    incidentResolved: (locale, incident) => card(renderCard('vpn-incident-resolved', vpnIncidentResolvedView(locale, incident), locale)),
    myReports: (locale, o) => card(renderCard('vpn-my-reports', vpnMyReportsView(locale, o), locale)),
    problemText: (locale, problem) => vpnProblemText(locale, problem),
  };
}
