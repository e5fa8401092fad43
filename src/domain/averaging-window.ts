/**
 * The period over which the share of remote hours is averaged: the ISO week, a block of two
 * weeks, or the calendar month. Two-week blocks are anchored at Monday 2024-01-01, so every
 * organisation and every year agree on where a block starts.
 */
import {
  addDays,
  daysBetween,
  endOfMonth,
  isoWeek,
  startOfIsoWeek,
  startOfMonth,
  type IsoDate,
} from './dates.js';
import type { AveragingWindow, PolicyRules } from './model.js';

export const TWO_WEEK_ANCHOR: IsoDate = '2024-01-01';

export interface WindowRange {
  from: IsoDate;
  to: IsoDate;
}

export function windowRange(kind: AveragingWindow, date: IsoDate): WindowRange {
  switch (kind) {
    case 'week': {
      const from = startOfIsoWeek(date);
      return { from, to: addDays(from, 6) };
    }
    case 'two-weeks': {
      const block = Math.floor(daysBetween(TWO_WEEK_ANCHOR, date) / 14);
      const from = addDays(TWO_WEEK_ANCHOR, block * 14);
      return { from, to: addDays(from, 13) };
    }
    case 'month':
      return { from: startOfMonth(date), to: endOfMonth(date) };
  }
}

/** The averaging window of `rules` that contains `date`. */
export function windowOf(rules: PolicyRules, date: IsoDate): WindowRange {
  return windowRange(rules.quota.averagingWindow, date);
}

/**
 * Data for a label such as "KW 48", "KW 48–49" or "Dezember 2026"; the card layer words it.
 * `window` is the kind; `week` the ISO week of the first day; `weekTo` the ISO week of the last
 * day (two-weeks); `month` is `YYYY-MM` (month).
 */
export function windowLabelParams(
  kind: AveragingWindow,
  range: WindowRange,
): Record<string, string | number> {
  const params: Record<string, string | number> = { window: kind, week: isoWeek(range.from).week };
  if (kind === 'two-weeks') params.weekTo = isoWeek(range.to).week;
  if (kind === 'month') params.month = range.from.slice(0, 7);
  return params;
}
