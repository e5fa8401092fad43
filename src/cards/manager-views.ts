/** View models for managers and deputies: approval card, pending list, deputy form, reminder. */
import { plainText } from './plain-text.js';
import { isoWeek, startOfIsoWeek, type IsoDate, type Weekday } from '../domain/dates.js';
import type { Delegation, Locale, MobileWorkRequest } from '../domain/model.js';
import type { QuotaSummary } from '../domain/quota-summary.js';
import { formatDateShort, formatDateTime, formatNumber, joinList, t, weekdayName } from './i18n.js';
import {
  MAX_DAY_ROWS,
  MAX_LIST_ITEMS,
  capList,
  dayLabel,
  dayStatusColor,
  dayStatusText,
  daysSummary,
  sortDays,
  type ContainerStyle,
  type DayRow,
} from './view-helpers.js';

/** Teams shows a refreshable card to at most this many users (`refresh.userIds`). */
export const MAX_REFRESH_USERS = 60;

// ---------------------------------------------------------------- approval card

/** Quota state of the requesting person for one requested day. */
export interface DayQuota {
  /** Remote days planned in that day's ISO week, this request included. */
  daysUsed: number;
  daysLimit?: number;
  /** Remote hours planned in the averaging window, this request included. */
  hoursUsed?: number;
  hoursLimit?: number;
}

export interface ApprovalInput {
  request: MobileWorkRequest;
  person: { displayName: string; orgUnitName: string };
  /** Per requested date: members of the org unit already remote (without this request) and its size. */
  teamAwayByDate: Record<IsoDate, { away: number; size: number }>;
  quotaByDate?: Record<IsoDate, DayQuota>;
  /** Alternative to quotaByDate: the quota summary per ISO week (key: Monday), as in app/approval-facts.ts. */
  quotaByWeek?: Record<IsoDate, QuotaSummary>;
  /** Display name of whoever decided; shown once the request is decided. */
  decidedByName?: string;
  /** MRIs of the users whose card refreshes itself (approver and deputies); at most 60 are used. */
  refreshUserIds: string[];
  /** IANA time zone for timestamps. Default Europe/Berlin. */
  timeZone?: string;
}

export interface ApprovalDayRow extends DayRow {
  teamText: string;
  hasTeam: boolean;
  quotaText: string;
  hasQuota: boolean;
}

export interface ApprovalView {
  requestId: string;
  title: string;
  personName: string;
  orgUnitName: string;
  number: string;
  createdText: string;
  scopeText: string;
  hasPattern: boolean;
  patternText: string;
  /** True once the request is no longer pending: no inputs, no buttons, no refresh. */
  decided: boolean;
  decisionStyle: ContainerStyle;
  decisionText: string;
  hasDecisionComment: boolean;
  decisionComment: string;
  days: ApprovalDayRow[];
  hasMore: boolean;
  moreText: string;
  hasEmployeeComment: boolean;
  employeeComment: string;
  canApproveSome: boolean;
  dayChoices: { title: string; value: IsoDate }[];
  hasRefresh: boolean;
  refreshUserIds: string[];
}

function dayQuota(input: ApprovalInput, date: IsoDate): DayQuota | undefined {
  const byDate = input.quotaByDate?.[date];
  if (byDate) return byDate;
  const w = input.quotaByWeek?.[startOfIsoWeek(date)];
  if (!w) return undefined;
  return { daysUsed: w.usedDaysInWeek, daysLimit: w.maxDaysPerWeek, hoursUsed: w.usedHours, hoursLimit: w.limitHours };
}

function quotaLine(locale: Locale, date: IsoDate, q: DayQuota | undefined): string {
  if (!q) return '';
  const lines: string[] = [];
  if (q.daysLimit !== undefined) {
    lines.push(t(locale, 'approval.quotaDays', { week: isoWeek(date).week, used: q.daysUsed, limit: q.daysLimit }));
  }
  if (q.hoursUsed !== undefined && q.hoursLimit !== undefined) {
    lines.push(t(locale, 'approval.quotaHours', { used: formatNumber(locale, q.hoursUsed), limit: formatNumber(locale, q.hoursLimit) }));
  }
  return lines.join(' · ');
}

function decisionSummary(locale: Locale, input: ApprovalInput): { text: string; style: ContainerStyle } {
  const { request } = input;
  if (request.status === 'withdrawn' || request.status === 'cancelled') {
    return { text: t(locale, `approval.${request.status}`), style: 'default' };
  }
  const status = request.status;
  const outcome = request.decision?.outcome ?? (status === 'pending' ? 'approved' : status);
  const key = outcome === 'partially-approved' ? 'decision.partiallyApproved' : `decision.${outcome}`;
  const style: ContainerStyle = outcome === 'approved' ? 'good' : outcome === 'rejected' ? 'attention' : 'warning';
  const when = formatDateTime(locale, request.decision?.at ?? request.updatedAt, input.timeZone);
  const text = input.decidedByName
    ? t(locale, 'approval.decidedBy', { outcome: t(locale, key), name: input.decidedByName, when })
    : t(locale, 'approval.decidedAt', { outcome: t(locale, key), when });
  return { text, style };
}

/** The manager's approval card; the same data shows the decided state once the request is decided. */
export function approvalView(locale: Locale, input: ApprovalInput): ApprovalView {
  const { request } = input;
  const decided = request.status !== 'pending';
  const days = sortDays(request.days);
  const capped = capList(days, MAX_DAY_ROWS);
  const pendingDays = days.filter((d) => d.status === 'pending');
  const decision = decided ? decisionSummary(locale, input) : { text: '', style: 'default' as const };
  // Comments are typed by people: shown as typed, never read as Markdown.
  const decisionComment = plainText(request.decision?.comment?.trim() ?? '');
  const employeeComment = plainText(request.comment?.trim() ?? '');
  const standing = request.standing;
  const refreshUserIds = decided ? [] : [...new Set(input.refreshUserIds)].slice(0, MAX_REFRESH_USERS);
  const rows = capped.shown.map((d): ApprovalDayRow => {
    const team = input.teamAwayByDate[d.date];
    const quotaText = quotaLine(locale, d.date, dayQuota(input, d.date));
    return {
      dateText: dayLabel(locale, d),
      statusText: d.status === 'pending' ? t(locale, 'status.open') : dayStatusText(locale, d.status),
      color: d.status === 'pending' ? 'Default' : dayStatusColor(d.status),
      teamText: team ? t(locale, 'approval.team', { away: team.away, size: team.size }) : '',
      hasTeam: team !== undefined,
      quotaText,
      hasQuota: quotaText !== '',
    };
  });
  const pattern = standing
    ? [
        t(locale, 'approval.pattern', {
          weekdays: joinList(locale, [...standing.weekdays].sort((a, b) => a - b).map((w: Weekday) => weekdayName(locale, w))),
          from: formatDateShort(locale, standing.validFrom),
          to: formatDateShort(locale, standing.validTo),
        }),
        standing.trialUntil ? t(locale, 'approval.trial', { date: formatDateShort(locale, standing.trialUntil) }) : '',
      ]
        .filter(Boolean)
        .join(' · ')
    : '';
  return {
    requestId: request.id,
    title: t(locale, decided ? 'approval.titleDecided' : 'approval.title'),
    personName: input.person.displayName,
    orgUnitName: input.person.orgUnitName,
    number: request.number,
    createdText: formatDateTime(locale, request.createdAt, input.timeZone),
    scopeText: daysSummary(locale, request.days),
    hasPattern: pattern !== '',
    patternText: pattern,
    decided,
    decisionStyle: decision.style,
    decisionText: decision.text,
    hasDecisionComment: decided && decisionComment !== '',
    decisionComment: decisionComment ? t(locale, 'approval.decisionComment', { comment: decisionComment }) : '',
    days: rows,
    hasMore: capped.hasMore,
    moreText: t(locale, 'result.more', { total: capped.total, shown: capped.shown.length }),
    hasEmployeeComment: employeeComment !== '',
    employeeComment,
    canApproveSome: !decided && pendingDays.length > 1,
    dayChoices: decided ? [] : pendingDays.map((d) => ({ title: dayLabel(locale, d), value: d.date })),
    hasRefresh: refreshUserIds.length > 0,
    refreshUserIds,
  };
}

// ---------------------------------------------------------------- pending list

export interface PendingItemInput {
  request: MobileWorkRequest;
  person: { displayName: string };
}

export interface PendingListView {
  title: string;
  hasItems: boolean;
  items: { requestId: string; name: string; daysText: string; detailText: string }[];
  hasMore: boolean;
  moreText: string;
  canBulkApprove: boolean;
  bulkText: string;
  /** Ids of the requests shown; "Alle genehmigen" approves exactly these. */
  requestIds: string[];
}

/** Pending requests for a manager (or deputy), oldest first. */
export function pendingListView(locale: Locale, items: PendingItemInput[], opts: { timeZone?: string } = {}): PendingListView {
  const sorted = [...items]
    .filter((i) => i.request.status === 'pending')
    .sort((a, b) => (a.request.createdAt < b.request.createdAt ? -1 : a.request.createdAt > b.request.createdAt ? 1 : 0));
  const capped = capList(sorted, MAX_LIST_ITEMS);
  const shown = capped.shown.map(({ request, person }) => ({
    requestId: request.id,
    name: person.displayName,
    daysText: daysSummary(locale, request.days.filter((d) => d.status === 'pending')),
    detailText: t(locale, 'pending.detail', { number: request.number, date: formatDateTime(locale, request.createdAt, opts.timeZone) }),
  }));
  return {
    title: t(locale, 'pending.title', { n: sorted.length }),
    hasItems: shown.length > 0,
    items: shown,
    hasMore: capped.hasMore,
    moreText: t(locale, 'pending.more', { shown: shown.length, total: capped.total }),
    canBulkApprove: shown.length > 1,
    bulkText: t(locale, 'pending.bulk', { n: shown.length }),
    requestIds: shown.map((i) => i.requestId),
  };
}

// ---------------------------------------------------------------- deputy form

export interface DelegationFormInput {
  today: IsoDate;
  /** People who may act as deputy (e.g. other managers of the org unit). */
  people: { id: string; displayName: string }[];
  /** The manager's current or next delegation, if any. */
  active?: { delegation: Delegation; deputyName: string };
  values?: { deputy?: string; from?: IsoDate; to?: IsoDate };
  /** A translated error text shown above the form. */
  errorText?: string;
}

export interface DelegationFormView {
  hasActive: boolean;
  activeText: string;
  activeDelegationId: string;
  hasError: boolean;
  errorText: string;
  hasPeople: boolean;
  people: { title: string; value: string }[];
  minDate: IsoDate;
  values: { deputy: string; from: IsoDate | ''; to: IsoDate | '' };
}

export function delegationFormView(locale: Locale, input: DelegationFormInput): DelegationFormView {
  const active = input.active && !input.active.delegation.revoked && input.active.delegation.to >= input.today ? input.active : undefined;
  const people = [...input.people].sort((a, b) => a.displayName.localeCompare(b.displayName, locale));
  return {
    hasActive: active !== undefined,
    activeText: active
      ? t(locale, 'delegation.active', {
          name: active.deputyName,
          from: formatDateShort(locale, active.delegation.from),
          to: formatDateShort(locale, active.delegation.to),
        })
      : '',
    activeDelegationId: active?.delegation.id ?? '',
    hasError: Boolean(input.errorText),
    errorText: input.errorText ?? '',
    hasPeople: people.length > 0,
    people: people.map((p) => ({ title: p.displayName, value: p.id })),
    minDate: input.today,
    values: { deputy: input.values?.deputy ?? '', from: input.values?.from ?? input.today, to: input.values?.to ?? '' },
  };
}

// ---------------------------------------------------------------- reminder

export interface ReminderView {
  title: string;
  text: string;
  hasOldest: boolean;
  oldestText: string;
}

/** "3 Anträge warten auf Ihre Entscheidung." `oldestCreatedAt` is the oldest request's timestamp. */
export function reminderView(locale: Locale, input: { count: number; oldestCreatedAt?: string; timeZone?: string }): ReminderView {
  return {
    title: t(locale, 'reminder.title'),
    text: t(locale, 'reminder.text', { n: input.count }),
    hasOldest: input.oldestCreatedAt !== undefined,
    oldestText: input.oldestCreatedAt
      ? t(locale, 'reminder.oldest', { date: formatDateTime(locale, input.oldestCreatedAt, input.timeZone) })
      : '',
  };
}
