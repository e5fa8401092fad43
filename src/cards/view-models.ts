/**
 * View models: pure functions from domain objects to the data of a card template.
 * Call one, then `renderCard(name, view, locale)` from render.ts. All texts come out translated;
 * action data carries ids, dates and flags only.
 *
 *   card name          view model
 *   main-menu          mainMenuView(isManager)
 *   request-form       requestFormView(locale, { rules, policyName, today, values?, errorText? })
 *   request-result     requestResultView(locale, request | undefined, verdicts)
 *   my-week            myWeekView(locale, { weekStart, today, days, quota? })       (days/quota as in app/my-week.ts)
 *   quota              quotaView(locale, { summary, policyName?, policyValidFrom? })  (summary: domain QuotaSummary)
 *   approval           approvalView(locale, { request, person, teamAwayByDate, quotaByDate?, quotaByWeek?, decidedByName?, refreshUserIds })
 *   pending-list       pendingListView(locale, [{ request, person }])
 *   decision-notice    decisionNoticeView(locale, { request, deciderName? })
 *   my-requests        myRequestsView(locale, { requests, today })
 *   delegation-form    delegationFormView(locale, { today, people, active?, values?, errorText? })
 *   message            messageView(title, text, { showHelp? }) / errorView(locale, code)
 *   reminder           reminderView(locale, { count, oldestCreatedAt? })
 *   desk-search        deskSearchView(locale, { today, date?, slot?, sites, floors, attributes, errorText?, maxDate?, values? })
 *   desk-results       deskResultsView(locale, { date, slot, desks, headline?, noticeText? })
 *   desk-booked        deskBookedView(locale, { booking, deskLabel, where, attributes, checkInDeadline, seriesCount? })
 *   desk-my-bookings   myBookingsView(locale, { today, bookings: [{ booking, deskLabel, where }] })
 *   desk-check-in      checkInView(locale, { booking, deskLabel, where, deadline, state })
 *   team-day           teamDayView(locale, { date, orgUnitName, names, hiddenCount })
 *   desk-conflict      deskConflictView(locale, { date, kind, requestId?, bookingId?, deskLabel?, deskId?, slot? })
 *   privacy-settings   privacySettingsView(locale, { visibility, needsAccessibleDesk })
 *
 * Desk texts for the bot: deskWhereText, deskAttributesText, slotDateText, deskReasonText.
 */
export {
  errorView,
  mainMenuView,
  messageView,
  requestFormView,
  requestResultView,
  rulesSummary,
  type MainMenuView,
  type MessageView,
  type RequestFormInput,
  type RequestFormValues,
  type RequestFormView,
  type RequestKind,
  type RequestResultView,
  type ResultDayRow,
} from './employee-views.js';
export {
  myWeekView,
  quotaLeftText,
  quotaView,
  type MyWeekInput,
  type MyWeekView,
  type QuotaInput,
  type QuotaSummary,
  type QuotaView,
  type WeekDayInput,
  type WeekDayRow,
  type WeekDayStatus,
} from './week-views.js';
export {
  decisionNoticeView,
  myRequestsView,
  type DecisionNoticeInput,
  type DecisionNoticeView,
  type MyRequestItem,
  type MyRequestsView,
} from './request-views.js';
export {
  MAX_REFRESH_USERS,
  approvalView,
  delegationFormView,
  pendingListView,
  reminderView,
  type ApprovalDayRow,
  type ApprovalInput,
  type ApprovalView,
  type DayQuota,
  type DelegationFormInput,
  type DelegationFormView,
  type PendingItemInput,
  type PendingListView,
  type ReminderView,
} from './manager-views.js';
export {
  DESK_REASON_PARAMS,
  MAX_TEAM_NAMES,
  checkInView,
  deskAttributesText,
  deskBookedView,
  deskConflictView,
  deskReasonText,
  deskResultsView,
  deskSearchView,
  deskWhereText,
  myBookingsView,
  privacySettingsView,
  slotDateText,
  slotText,
  teamDayView,
  weekdayDayText,
  type CheckInInput,
  type CheckInState,
  type CheckInView,
  type Choice,
  type DeskBookedInput,
  type DeskBookedView,
  type DeskConflictInput,
  type DeskConflictKind,
  type DeskConflictView,
  type DeskReasonCode,
  type DeskResultInput,
  type DeskResultRow,
  type DeskResultsInput,
  type DeskResultsView,
  type DeskSearchInput,
  type DeskSearchView,
  type MyBookingItem,
  type MyBookingsInput,
  type MyBookingsView,
  type PrivacySettingsInput,
  type PrivacySettingsView,
  type TeamDayInput,
  type TeamDayView,
} from './desk-views.js';
export type { DayRow } from './view-helpers.js';
