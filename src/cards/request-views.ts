/** View models for the employee's request list and the decision notice. */
import { plainText } from './plain-text.js';
import { startOfIsoWeek, type IsoDate } from '../domain/dates.js';
import type { Locale, MobileWorkRequest } from '../domain/model.js';
import { formatDateTime, t } from './i18n.js';
import {
  MAX_DAY_ROWS,
  MAX_LIST_ITEMS,
  capList,
  countOutcomes,
  dayLabel,
  dayStatusColor,
  dayStatusOutcome,
  dayStatusText,
  daysSummary,
  outcomeSummary,
  requestStatusColor,
  requestStatusText,
  sortDays,
  type ContainerStyle,
  type DayRow,
  type TextColor,
} from './view-helpers.js';

// ---------------------------------------------------------------- my requests

export interface MyRequestItem {
  requestId: string;
  number: string;
  statusText: string;
  color: TextColor;
  daysText: string;
  canWithdraw: boolean;
}

export interface MyRequestsView {
  hasItems: boolean;
  items: MyRequestItem[];
  hasMore: boolean;
  moreText: string;
}

function isActive(status: string): boolean {
  return status === 'pending' || status === 'approved';
}

/** The person's upcoming requests (a pending or approved day today or later), soonest first. */
export function myRequestsView(locale: Locale, input: { requests: MobileWorkRequest[]; today: IsoDate }): MyRequestsView {
  const upcoming = input.requests
    .map((r) => ({ r, next: sortDays(r.days).find((d) => d.date >= input.today && isActive(d.status)) }))
    .filter((x): x is { r: MobileWorkRequest; next: NonNullable<typeof x.next> } => x.next !== undefined)
    .sort((a, b) => (a.next.date < b.next.date ? -1 : a.next.date > b.next.date ? 1 : 0));
  const capped = capList(upcoming, MAX_LIST_ITEMS);
  return {
    hasItems: upcoming.length > 0,
    items: capped.shown.map(({ r }) => ({
      requestId: r.id,
      number: r.number,
      statusText: requestStatusText(locale, r.status),
      color: requestStatusColor(r.status),
      daysText: daysSummary(locale, r.days.filter((d) => d.status !== 'withdrawn' && d.status !== 'cancelled')),
      canWithdraw: true,
    })),
    hasMore: capped.hasMore,
    moreText: t(locale, 'mine.more', { shown: capped.shown.length, total: capped.total }),
  };
}

// ---------------------------------------------------------------- decision notice

export interface DecisionNoticeInput {
  /** The request after the decision (status and day statuses set, `decision` filled). */
  request: MobileWorkRequest;
  /** Display name of whoever decided (manager or deputy); omitted = not shown. */
  deciderName?: string;
  /** IANA time zone of the organisation, for the decision time. Default Europe/Berlin. */
  timeZone?: string;
  /** True only when calendar sync (Microsoft Graph) is configured: then the notice says so. */
  calendarSync?: boolean;
}

export interface DecisionNoticeView {
  title: string;
  style: ContainerStyle;
  summary: string;
  decidedText: string;
  hasComment: boolean;
  comment: string;
  days: DayRow[];
  hasMore: boolean;
  moreText: string;
  weekStart: IsoDate;
}

/** The proactive message to the employee after a manager's decision. */
export function decisionNoticeView(locale: Locale, input: DecisionNoticeInput): DecisionNoticeView {
  const { request } = input;
  const days = sortDays(request.days.filter((d) => d.status !== 'withdrawn' && d.status !== 'cancelled'));
  const counts = countOutcomes(days.map((d) => dayStatusOutcome(d.status)));
  const outcome =
    request.decision?.outcome ??
    (counts.approved > 0 && counts.rejected > 0 ? 'partially-approved' : counts.approved > 0 ? 'approved' : 'rejected');
  const titleKey =
    outcome === 'approved' ? 'notice.titleApproved' : outcome === 'rejected' ? 'notice.titleRejected' : 'notice.titlePartial';
  const style: ContainerStyle = outcome === 'approved' ? 'good' : outcome === 'rejected' ? 'attention' : 'warning';
  const when = request.decision ? formatDateTime(locale, request.decision.at, input.timeZone) : '';
  const decided = !when
    ? ''
    : input.deciderName
      ? t(locale, 'notice.decidedBy', { name: input.deciderName, when })
      : t(locale, 'notice.decidedAt', { when });
  const calendar = input.calendarSync && counts.approved > 0 ? t(locale, 'notice.calendar') : '';
  const capped = capList(days, MAX_DAY_ROWS);
  const firstApproved = days.find((d) => d.status === 'approved') ?? days[0];
  const comment = plainText(request.decision?.comment?.trim() ?? ''); // shown as typed, never as Markdown
  return {
    title: t(locale, titleKey, { number: request.number }),
    style,
    summary: outcomeSummary(locale, counts),
    decidedText: [decided, calendar].filter(Boolean).join(' '),
    hasComment: comment !== '',
    comment,
    days: capped.shown.map((d) => ({
      dateText: dayLabel(locale, d),
      statusText: dayStatusText(locale, d.status),
      color: dayStatusColor(d.status),
    })),
    hasMore: capped.hasMore,
    moreText: t(locale, 'result.more', { total: capped.total, shown: capped.shown.length }),
    weekStart: startOfIsoWeek(firstApproved?.date ?? request.days[0]?.date ?? request.createdAt.slice(0, 10)),
  };
}
