/**
 * Expands what a person asks for (single dates, a range, a recurring pattern) into days.
 * Non-working days and holidays are kept: the quota engine reports them with a reason.
 */
import { daysBetween, eachDay, isIsoDate, weekdayOf, type IsoDate } from './dates.js';
import { DomainError } from './errors.js';
import type { HalfDay, ProposalSpec, ProposedDay } from './model.js';

/** Longest span (first to last day, inclusive) a single proposal may cover. */
export const MAX_PROPOSAL_DAYS = 400;

function assertIsoDates(dates: IsoDate[]): void {
  for (const date of dates) {
    if (typeof date !== 'string' || !isIsoDate(date)) {
      throw new DomainError('INVALID_DATES', `not an ISO date: ${String(date)}`, { date: String(date) });
    }
  }
}

function assertSpan(from: IsoDate, to: IsoDate): void {
  if (to < from) throw new DomainError('END_BEFORE_START', `${to} is before ${from}`, { from, to });
  const span = daysBetween(from, to) + 1;
  if (span > MAX_PROPOSAL_DAYS) {
    throw new DomainError('RANGE_TOO_LONG', `${span} days exceed ${MAX_PROPOSAL_DAYS}`, {
      days: span,
      limit: MAX_PROPOSAL_DAYS,
    });
  }
}

function toDay(date: IsoDate, half: HalfDay | undefined): ProposedDay {
  return half ? { date, portion: 0.5, half } : { date, portion: 1 };
}

/**
 * The proposed days, sorted by date and without duplicates.
 * - `dates`: those days; `range`: every calendar day from..to; `recurring`: every day in
 *   [from, until] on one of `weekdays`; `half` makes every day a half day (portion 0.5).
 * Throws DomainError INVALID_DATES (non-ISO date), END_BEFORE_START (to/until before from),
 * RANGE_TOO_LONG (more than 400 days from the first to the last day).
 */
export function expandProposal(spec: ProposalSpec): ProposedDay[] {
  let dates: IsoDate[];
  switch (spec.type) {
    case 'dates': {
      assertIsoDates(spec.dates);
      dates = [...new Set(spec.dates)].sort();
      const first = dates[0];
      const last = dates[dates.length - 1];
      if (first !== undefined && last !== undefined) assertSpan(first, last);
      break;
    }
    case 'range':
      assertIsoDates([spec.from, spec.to]);
      assertSpan(spec.from, spec.to);
      dates = eachDay(spec.from, spec.to);
      break;
    case 'recurring': {
      assertIsoDates([spec.from, spec.until]);
      assertSpan(spec.from, spec.until);
      const weekdays = new Set(spec.weekdays);
      dates = eachDay(spec.from, spec.until).filter((d) => weekdays.has(weekdayOf(d)));
      break;
    }
  }
  return dates.map((d) => toDay(d, spec.half));
}
