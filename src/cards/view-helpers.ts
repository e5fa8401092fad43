/** Small building blocks shared by the view models: day labels, status words, summaries. */
import { addDays, compareDates, weekdayOf, type IsoDate } from '../domain/dates.js';
import type { DayStatus, HalfDay, Locale, RequestDay, RequestStatus } from '../domain/model.js';
import { formatDate, formatDateShort, joinList, t } from './i18n.js';

/** Adaptive Card text colours. Colour only ever repeats what the words already say. */
export type TextColor = 'Default' | 'Good' | 'Warning' | 'Attention';
/** Adaptive Card container styles. */
export type ContainerStyle = 'default' | 'emphasis' | 'good' | 'warning' | 'attention';

/** One day on a card: date, status as words, and a colour that repeats the words. */
export interface DayRow {
  dateText: string;
  statusText: string;
  color: TextColor;
}

/** Three outcomes an employee reads on a card. */
export type DayOutcome = 'approved' | 'pending' | 'rejected';

export const OUTCOME_COLOR: Readonly<Record<DayOutcome, TextColor>> = {
  approved: 'Good',
  pending: 'Warning',
  rejected: 'Attention',
};

/** Longest list of day rows on one card; the rest is summed up in one line. */
export const MAX_DAY_ROWS = 25;
/** Longest list of requests on one card. */
export const MAX_LIST_ITEMS = 20;

/** "Mo, 30.11.2026" or "Mo, 30.11.2026, vormittags". */
export function dayLabel(locale: Locale, day: { date: IsoDate; half?: HalfDay }): string {
  const date = formatDate(locale, day.date);
  return day.half ? t(locale, 'date.withHalf', { date, half: t(locale, `half.${day.half}`) }) : date;
}

export function dayStatusOutcome(status: DayStatus): DayOutcome {
  if (status === 'approved') return 'approved';
  if (status === 'pending') return 'pending';
  return 'rejected';
}

/** Status word of a single day, e.g. "genehmigt", "zurückgezogen". */
export function dayStatusText(locale: Locale, status: DayStatus): string {
  return t(locale, `status.${status}`);
}

export function dayStatusColor(status: DayStatus): TextColor {
  if (status === 'withdrawn' || status === 'cancelled') return 'Default';
  return OUTCOME_COLOR[dayStatusOutcome(status)];
}

const REQUEST_STATUS_KEY: Readonly<Record<RequestStatus, string>> = {
  pending: 'requestStatus.pending',
  approved: 'requestStatus.approved',
  'partially-approved': 'requestStatus.partiallyApproved',
  rejected: 'requestStatus.rejected',
  withdrawn: 'requestStatus.withdrawn',
  cancelled: 'requestStatus.cancelled',
};

export function requestStatusText(locale: Locale, status: RequestStatus): string {
  return t(locale, REQUEST_STATUS_KEY[status]);
}

export function requestStatusColor(status: RequestStatus): TextColor {
  switch (status) {
    case 'approved':
      return 'Good';
    case 'partially-approved':
    case 'pending':
      return 'Warning';
    case 'rejected':
      return 'Attention';
    default:
      return 'Default';
  }
}

export function sortDays<T extends { date: IsoDate }>(days: readonly T[]): T[] {
  return [...days].sort((a, b) => compareDates(a.date, b.date));
}

/** "3 Tage (30.11.2026 – 02.12.2026)" / "1 Tag (Mo, 30.11.2026)" / "0,5 Tage (Mo, 30.11.2026, vormittags)". */
export function daysSummary(locale: Locale, days: readonly RequestDay[]): string {
  const sorted = sortDays(days);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last) return t(locale, 'summary.days', { n: 0 });
  const total = sorted.reduce((sum, d) => sum + d.portion, 0);
  const count = t(locale, 'summary.days', { n: total });
  const dates =
    sorted.length === 1
      ? dayLabel(locale, first)
      : isUnbroken(sorted.map((d) => d.date))
        ? t(locale, 'date.range', { from: formatDateShort(locale, first.date), to: formatDateShort(locale, last.date) })
        : sorted.length <= MAX_LISTED_DAYS
          ? joinList(locale, sorted.map((d) => dayLabel(locale, d)))
          : t(locale, 'summary.between', { from: formatDateShort(locale, first.date), to: formatDateShort(locale, last.date) });
  return t(locale, 'summary.scope', { count, dates });
}

/** More single days than this are summed up as "single days between … and …". */
const MAX_LISTED_DAYS = 5;

/**
 * A range "from – to" reads as every working day in between: true when only weekend days are
 * missing between the sorted dates (Mon + Thu is not unbroken; Fri + Mon is).
 */
function isUnbroken(dates: readonly IsoDate[]): boolean {
  for (let i = 1; i < dates.length; i++) {
    let d = addDays(dates[i - 1] ?? '', 1);
    while (d < (dates[i] ?? '')) {
      if (weekdayOf(d) < 6) return false;
      d = addDays(d, 1);
    }
  }
  return true;
}

/** "2 Tage genehmigt, 1 Tag wartet auf Genehmigung, 1 Tag abgelehnt". */
export function outcomeSummary(locale: Locale, counts: Readonly<Record<DayOutcome, number>>): string {
  const order: DayOutcome[] = ['approved', 'pending', 'rejected'];
  return order
    .filter((o) => counts[o] > 0)
    .map((o) => t(locale, `result.count.${o}`, { n: counts[o] }))
    .join(', ');
}

export function countOutcomes(outcomes: readonly DayOutcome[]): Record<DayOutcome, number> {
  const counts: Record<DayOutcome, number> = { approved: 0, pending: 0, rejected: 0 };
  for (const o of outcomes) counts[o] += 1;
  return counts;
}

/** Keeps the first `max` entries and says how many there were. */
export function capList<T>(items: readonly T[], max: number): { shown: T[]; total: number; hasMore: boolean } {
  return { shown: items.slice(0, max), total: items.length, hasMore: items.length > max };
}
