/**
 * The period over which the share of remote hours of the original single-cap format
 * (`quota.averagingWindow`) is averaged: the ISO week, a block of two weeks, or the calendar month.
 * Two-week blocks are anchored at `quota.twoWeekAnchor` (default Monday 2024-01-01). The general
 * windows of caps live in `cap-window.ts`; this module maps the old names onto them.
 */
import type { IsoDate } from './dates.js';
import { capWindowLabelParams, capWindowRange, TWO_WEEK_ANCHOR, type WindowRange } from './cap-window.js';
import type { CapWindow } from './cap-model.js';
import type { AveragingWindow, PolicyRules } from './model.js';

export { TWO_WEEK_ANCHOR, type WindowRange } from './cap-window.js';

export function averagingCapWindow(kind: AveragingWindow, anchor: IsoDate = TWO_WEEK_ANCHOR): CapWindow {
  return kind === 'two-weeks' ? { kind, anchor } : { kind };
}

export function windowRange(kind: AveragingWindow, date: IsoDate, anchor: IsoDate = TWO_WEEK_ANCHOR): WindowRange {
  return capWindowRange(averagingCapWindow(kind, anchor), date);
}

/** The averaging window of `rules` that contains `date`. */
export function windowOf(rules: PolicyRules, date: IsoDate): WindowRange {
  return windowRange(rules.quota.averagingWindow, date, rules.quota.twoWeekAnchor);
}

/**
 * Data for a label such as "KW 48", "KW 48–49" or "Dezember 2026"; the card layer words it.
 * `window` is the kind; `week` the ISO week of the first day; `weekTo` the ISO week of the last
 * day (two-weeks); `month` is `YYYY-MM` (month).
 */
export function windowLabelParams(kind: AveragingWindow, range: WindowRange): Record<string, string | number> {
  return capWindowLabelParams(kind, range);
}
