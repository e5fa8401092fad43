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
export type { DayRow } from './view-helpers.js';
