/**
 * View models of the VPN problem-report cards. Call one, then `renderCard(name, view, locale)`.
 *
 *   card name                   view model
 *   vpn-report-form             vpnReportFormView(locale, { clients, values?, problems? })
 *   vpn-self-help               vpnSelfHelpView(locale, { draftId, entries })
 *   vpn-helped                  vpnHelpedView()
 *   vpn-reported                vpnReportedView(locale, ticket)
 *   vpn-linked                  vpnLinkedView(locale, incident)
 *   vpn-question                vpnQuestionView(locale, ticket, question)
 *   vpn-reporter-ticket         vpnReporterTicketView(locale, ticket, notice?)
 *   vpn-incident-resolved       vpnIncidentResolvedView(locale, incident)
 *   vpn-my-reports              vpnMyReportsView(locale, { tickets, incidents })
 *   vpn-desk-ticket             vpnDeskTicketView(locale, { ticket, nameOf, reporterUnit?, shownEntryTitles, canAct, refreshUserIds })
 *   vpn-desk-ticket-restricted  vpnDeskTicketRestrictedView(locale, ticket)
 *   vpn-desk-incident           vpnDeskIncidentView(locale, { incident, nameOf, ticketCount, canAct, refreshUserIds })
 *   vpn-reminder                vpnReminderView(locale, ticket, minutes)
 *
 * Texts for the bot: vpnProblemText, vpnClientText, vpnSymptomText, vpnStatusText, vpnPriorityText.
 */
export {
  MAX_SELF_HELP_ENTRIES,
  VPN_FORM_FIELDS,
  vpnIncidentResolvedView,
  vpnLinkedView,
  vpnMyReportsView,
  vpnQuestionView,
  vpnReportFormView,
  vpnReportedView,
  vpnReporterTicketView,
  vpnSelfHelpView,
  type FieldProblem,
  type ReporterNotice,
  type VpnFormField,
  type VpnIncidentResolvedView,
  type VpnLinkedView,
  type VpnMyIncidentRow,
  type VpnMyReportsView,
  type VpnMyTicketRow,
  type VpnQuestionView,
  type VpnReportedView,
  type VpnReportFormInput,
  type VpnReportFormView,
  type VpnReporterTicketView,
  type VpnSelfHelpEntryRow,
  type VpnSelfHelpView,
} from './vpn-report-views.js';
export {
  MAX_SHOWN_ENTRY_TITLES,
  vpnDeskIncidentView,
  vpnDeskTicketRestrictedView,
  vpnDeskTicketView,
  vpnReminderView,
  type VpnDeskIncidentInput,
  type VpnDeskIncidentView,
  type VpnDeskTicketInput,
  type VpnDeskTicketRestrictedView,
  type VpnDeskTicketView,
  type VpnReminderView,
} from './vpn-desk-views.js';
export {
  MAX_CONVERSATION_ROWS,
  MAX_MESSAGE_CHARS,
  MAX_SHOWN_TEXT,
  VPN_PROBLEM_PARAMS,
  conversationView,
  vpnAffectedText,
  vpnClientSymptomText,
  vpnClientText,
  vpnConnectionText,
  vpnFieldText,
  vpnPriorityExplained,
  vpnPriorityText,
  vpnProblemText,
  vpnSinceText,
  vpnStatusText,
  vpnSymptomText,
  vpnWhenText,
  type ConversationRow,
  type ConversationView,
} from './vpn-texts.js';

/** The "it helped" card has only fixed texts. */
export type VpnHelpedView = Record<string, never>;

export function vpnHelpedView(): VpnHelpedView {
  return {};
}
