/**
 * "My quota" for a date: how much of the cap window and of the ISO week is used by the person's
 * pending and approved days, next to the limits of the rules valid on that date.
 *
 * With several caps, the card shows the first hours cap (share or hours) that applies to
 * occasional days and the first days-per-week cap; every cap (with its window, use and limit) is
 * listed in `caps` for views that show them all.
 */
import { isoWeek, startOfIsoWeek, type IsoDate } from './dates.js';
import { applicableCaps, capLimit, capUsage } from './cap-check.js';
import type { CapMeasure, CapWindowKind } from './cap-model.js';
import { capWindowRange } from './cap-window.js';
import { windowOf } from './averaging-window.js';
import type { EvaluationContext } from './evaluation-context.js';
import { holidayCalendarOf } from './holiday-calendar.js';
import { rulesInForce } from './policy-resolution.js';
import { officeDaysInWeek, remoteDaysInWeek, remoteHoursIn, round2 } from './remote-load.js';

export interface CapSummary {
  id: string;
  name?: string;
  measure: CapMeasure;
  window: { from: IsoDate; to: IsoDate; kind: CapWindowKind };
  /** Hours (share, hours) or days (days). */
  used: number;
  allowed: number;
  /** Band id or 'individual' when an individual agreement set the limit. */
  agreement?: string;
  /** A cap written in the single-cap format (`quota:`), shown by the summary's hours and days fields. */
  legacy?: boolean;
}

export interface QuotaSummary {
  window: { from: IsoDate; to: IsoDate; kind: CapWindowKind };
  usedHours: number;
  /** Absent when the rules set no share of hours. */
  limitHours?: number;
  /** ISO week number of `date`. */
  week: number;
  usedDaysInWeek: number;
  maxDaysPerWeek?: number;
  officeDaysInWeek: number;
  /** The office days demanded this week: min(rule, the person's working days that week). */
  minOfficeDaysPerWeek: number;
  /** Every cap that applies to the person (either track), with its window around `date`. */
  caps?: CapSummary[];
}

/**
 * Uses the policy version valid on `date` (the first version for a date before all of them).
 * Throws DomainError INVALID_INPUT for a policy without versions.
 */
export function quotaSummary(ctx: EvaluationContext, date: IsoDate): QuotaSummary {
  const { rules } = rulesInForce(ctx.policy, ctx.orgUnitChain, date);
  const calendar = holidayCalendarOf(ctx.policy);
  const { person, existingDays } = ctx;

  const all = [...applicableCaps(rules, 'occasional', ctx.orgUnitChain), ...applicableCaps(rules, 'standing', ctx.orgUnitChain)].filter(
    (cap, i, list) => list.findIndex((c) => c.id === cap.id) === i,
  );
  const caps: CapSummary[] = all.map((cap) => {
    const range = capWindowRange(cap.window, date);
    const { limit, agreement } = capLimit(cap, { person, date, agreements: ctx.policy.agreements });
    const u = capUsage(cap, { person, calendar, days: existingDays, date, agreements: ctx.policy.agreements }, range.from, range.to, limit);
    return {
      id: cap.id,
      ...(cap.name ? { name: cap.name } : {}),
      measure: cap.measure,
      window: { ...range, kind: cap.window.kind },
      used: round2(u.used),
      allowed: round2(u.allowed),
      ...(agreement ? { agreement: agreement.band ?? 'individual' } : {}),
      ...(cap.legacy ? { legacy: true } : {}),
    };
  });
  const occasional = applicableCaps(rules, 'occasional', ctx.orgUnitChain);
  const hoursCap = occasional.find((c) => c.measure !== 'days');
  const daysCap = occasional.find((c) => c.measure === 'days' && c.window.kind === 'week');
  const hours = hoursCap ? caps.find((c) => c.id === hoursCap.id) : undefined;

  const legacyRange = windowOf(rules, date);
  const window = hours?.window ?? { ...legacyRange, kind: rules.quota.averagingWindow };
  const monday = startOfIsoWeek(date);
  const office = officeDaysInWeek(person, calendar, existingDays, monday, rules.minOfficeDaysPerWeek);
  const summary: QuotaSummary = {
    window,
    usedHours: hours?.used ?? round2(remoteHoursIn(person, calendar, existingDays, window.from, window.to)),
    week: isoWeek(date).week,
    usedDaysInWeek: remoteDaysInWeek(existingDays, monday),
    officeDaysInWeek: office.officeDays,
    minOfficeDaysPerWeek: office.required,
    caps,
  };
  if (hours) summary.limitHours = hours.allowed;
  if (daysCap) summary.maxDaysPerWeek = caps.find((c) => c.id === daysCap.id)?.allowed ?? daysCap.limit;
  return summary;
}
