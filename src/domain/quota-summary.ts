/**
 * "My quota" for a date: how much of the averaging window and of the ISO week is used by the
 * person's pending and approved days, next to the limits of the rules valid on that date.
 */
import { isoWeek, startOfIsoWeek, type IsoDate } from './dates.js';
import { windowOf } from './averaging-window.js';
import { DomainError } from './errors.js';
import type { EvaluationContext } from './evaluation-context.js';
import type { AveragingWindow } from './model.js';
import { effectiveRules, policyVersionFor } from './policy-resolution.js';
import { contractedHoursIn, officeDaysInWeek, remoteDaysInWeek, remoteHoursIn, round2 } from './remote-load.js';

export interface QuotaSummary {
  window: { from: IsoDate; to: IsoDate; kind: AveragingWindow };
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
}

/**
 * Uses the policy version valid on `date` (the first version for a date before all of them).
 * Throws DomainError INVALID_INPUT for a policy without versions.
 */
export function quotaSummary(ctx: EvaluationContext, date: IsoDate): QuotaSummary {
  const version = policyVersionFor(ctx.policy, date) ?? ctx.policy.versions[0];
  if (!version) throw new DomainError('INVALID_INPUT', 'policy has no versions');
  const rules = effectiveRules(version, ctx.orgUnitChain);
  const state = ctx.policy.organisation.state;
  const { person, existingDays } = ctx;

  const range = windowOf(rules, date);
  const monday = startOfIsoWeek(date);
  const office = officeDaysInWeek(person, state, existingDays, monday, rules.minOfficeDaysPerWeek);
  const summary: QuotaSummary = {
    window: { ...range, kind: rules.quota.averagingWindow },
    usedHours: round2(remoteHoursIn(person, state, existingDays, range.from, range.to)),
    week: isoWeek(date).week,
    usedDaysInWeek: remoteDaysInWeek(existingDays, monday),
    officeDaysInWeek: office.officeDays,
    minOfficeDaysPerWeek: office.required,
  };
  if (rules.quota.maxShareOfHours !== undefined) {
    summary.limitHours = round2(rules.quota.maxShareOfHours * contractedHoursIn(person, state, range.from, range.to));
  }
  if (rules.quota.maxDaysPerWeek !== undefined) summary.maxDaysPerWeek = rules.quota.maxDaysPerWeek;
  return summary;
}
