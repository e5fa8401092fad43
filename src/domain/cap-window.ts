/**
 * The windows a cap is measured over. Fixed windows (week, two weeks, month, quarter, half-year,
 * year) contain each day exactly once; rolling windows are every run of N days (or N ISO weeks)
 * that contains the day, so a cap on them holds in every such run.
 */
import { addDays, addMonths, daysBetween, isoWeek, startOfIsoWeek, startOfMonth, endOfMonth, type IsoDate } from './dates.js';
import type { CapWindow, CapWindowKind } from './cap-model.js';

export interface WindowRange {
  from: IsoDate;
  to: IsoDate;
}

/** Anchor of two-week blocks when a policy names none: Monday 2024-01-01. */
export const TWO_WEEK_ANCHOR: IsoDate = '2024-01-01';

function quarterStart(date: IsoDate, monthsPerBlock: number): IsoDate {
  const month = Number(date.slice(5, 7));
  const first = Math.floor((month - 1) / monthsPerBlock) * monthsPerBlock + 1;
  return `${date.slice(0, 4)}-${String(first).padStart(2, '0')}-01`;
}

/** The fixed window containing `date`; for rolling windows the run that ends on `date`. */
export function capWindowRange(window: CapWindow, date: IsoDate): WindowRange {
  switch (window.kind) {
    case 'week': {
      const from = startOfIsoWeek(date);
      return { from, to: addDays(from, 6) };
    }
    case 'two-weeks': {
      const block = Math.floor(daysBetween(window.anchor, date) / 14);
      const from = addDays(window.anchor, block * 14);
      return { from, to: addDays(from, 13) };
    }
    case 'month':
      return { from: startOfMonth(date), to: endOfMonth(date) };
    case 'quarter': {
      const from = quarterStart(date, 3);
      return { from, to: addDays(addMonths(from, 3), -1) };
    }
    case 'half-year': {
      const from = quarterStart(date, 6);
      return { from, to: addDays(addMonths(from, 6), -1) };
    }
    case 'year':
      return { from: `${date.slice(0, 4)}-01-01`, to: `${date.slice(0, 4)}-12-31` };
    case 'rolling-days':
      return { from: addDays(date, -(window.length - 1)), to: date };
    case 'rolling-weeks': {
      const monday = startOfIsoWeek(date);
      return { from: addDays(monday, -7 * (window.length - 1)), to: addDays(monday, 6) };
    }
  }
}

/** Every window of the cap that contains `date` (one for fixed windows, N for rolling ones). */
export function capWindowsContaining(window: CapWindow, date: IsoDate): WindowRange[] {
  if (window.kind === 'rolling-days') {
    return Array.from({ length: window.length }, (_, i) => ({ from: addDays(date, -i), to: addDays(date, window.length - 1 - i) }));
  }
  if (window.kind === 'rolling-weeks') {
    const monday = startOfIsoWeek(date);
    return Array.from({ length: window.length }, (_, i) => ({
      from: addDays(monday, -7 * i),
      to: addDays(monday, 7 * (window.length - i) - 1),
    }));
  }
  return [capWindowRange(window, date)];
}

/** The longest span (days) a window of this kind covers, to know how much history to load. */
export function capWindowSpanDays(window: CapWindow): number {
  switch (window.kind) {
    case 'week': return 7;
    case 'two-weeks': return 14;
    case 'month': return 31;
    case 'quarter': return 92;
    case 'half-year': return 184;
    case 'year': return 366;
    case 'rolling-days': return window.length;
    case 'rolling-weeks': return 7 * window.length;
  }
}

/**
 * Data for a label such as "KW 48", "KW 48–49", "Dezember 2026", "2. Halbjahr 2026"; the card
 * layer words it. `window` is the kind; `week` the ISO week of the first day; `weekTo` the ISO
 * week of the last day (two-weeks); `month` is `YYYY-MM` (month); `windowDays` / `windowWeeks`
 * the length of a rolling window.
 */
export function capWindowLabelParams(window: CapWindow | CapWindowKind, range: WindowRange): Record<string, string | number> {
  const kind = typeof window === 'string' ? window : window.kind;
  const params: Record<string, string | number> = { window: kind, week: isoWeek(range.from).week };
  if (kind === 'two-weeks') params.weekTo = isoWeek(range.to).week;
  if (kind === 'month') params.month = range.from.slice(0, 7);
  if (typeof window !== 'string' && window.kind === 'rolling-days') params.windowDays = window.length;
  if (typeof window !== 'string' && window.kind === 'rolling-weeks') params.windowWeeks = window.length;
  return params;
}
