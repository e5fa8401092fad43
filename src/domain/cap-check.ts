/**
 * Which caps apply to a request, and whether a day breaks one of them.
 *
 * `capsOf` turns a version's rules into its list of caps: the `caps` list when the policy states
 * one, otherwise the original single-cap format (`quota`) normalised into a share cap and a
 * days-per-week cap, so old policy files keep their exact verdicts.
 *
 * `capBreach` counts the person's days (earlier requests and earlier days of the proposal, the
 * judged day included) in every window of the cap that contains the day, and returns the first
 * window over the limit, as a reason with the numbers: the cap's id and name, the window, what is
 * used and what is allowed, and the individual agreement that set the limit, if any.
 */
import type { IsoDate } from './dates.js';
import { isoWeek } from './dates.js';
import type { Cap } from './cap-model.js';
import { averagingCapWindow } from './averaging-window.js';
import { capWindowLabelParams, capWindowsContaining, capWindowSpanDays } from './cap-window.js';
import type { ExistingDay } from './evaluation-context.js';
import type { HolidayCalendar } from './holiday-calendar.js';
import { agreementFor, type IndividualAgreement } from './individual-agreement.js';
import type { Person, Policy, PolicyRules, Reason, Track } from './model.js';
import { contractedHoursIn, EPSILON, round2, workedHours } from './remote-load.js';

const BOTH: Track[] = ['standing', 'occasional'];

/** The caps of a set of (effective) rules; see the module comment. */
export function capsOf(rules: PolicyRules): Cap[] {
  if (rules.caps) return rules.caps;
  const caps: Cap[] = [];
  const q = rules.quota;
  if (q.maxShareOfHours !== undefined) {
    caps.push({
      id: 'quota-share',
      tracks: BOTH,
      measure: 'share',
      limit: q.maxShareOfHours,
      window: averagingCapWindow(q.averagingWindow, q.twoWeekAnchor),
      overLimit: 'refuse',
      holidayBase: 'worked',
      legacy: 'share',
    });
  }
  if (q.maxDaysPerWeek !== undefined) {
    caps.push({
      id: 'quota-days',
      tracks: BOTH,
      measure: 'days',
      limit: q.maxDaysPerWeek,
      window: { kind: 'week' },
      overLimit: 'refuse',
      holidayBase: 'worked',
      legacy: 'days',
    });
  }
  return caps;
}

/** Whether `cap` applies to a member of `orgUnitChain` ([own unit, parent, …]). */
export function capInScope(cap: Cap, orgUnitChain: readonly string[]): boolean {
  return !cap.orgUnits || cap.orgUnits.some((u) => orgUnitChain.includes(u));
}

/** The caps that judge a request of `track` by a member of `orgUnitChain`. */
export function applicableCaps(rules: PolicyRules, track: Track, orgUnitChain: readonly string[]): Cap[] {
  return capsOf(rules).filter((c) => c.tracks.includes(track) && capInScope(c, orgUnitChain));
}

/** Days that count towards a cap: its tracks (a day without a known track counts everywhere). */
export function countedDays(cap: Cap, days: readonly ExistingDay[]): ExistingDay[] {
  return days.filter((d) => d.track === undefined || cap.tracks.includes(d.track));
}

export interface CapInput {
  person: Person;
  calendar: HolidayCalendar;
  /** The person's days including the judged one. */
  days: readonly ExistingDay[];
  date: IsoDate;
  agreements?: Record<string, IndividualAgreement[]>;
}

/** The limit of `cap` for the person on `date`: their individual agreement, else the cap's own. */
export function capLimit(cap: Cap, input: Pick<CapInput, 'person' | 'date' | 'agreements'>): { limit: number; agreement?: IndividualAgreement } {
  const agreement = agreementFor(input.agreements, input.person.id, cap, input.date);
  return agreement ? { limit: agreement.limit, agreement } : { limit: cap.limit };
}

export interface CapUsage {
  from: IsoDate;
  to: IsoDate;
  /** Hours (share, hours) or days (days) used in the window. */
  used: number;
  /** Hours (share, hours) or days (days) allowed in the window. */
  allowed: number;
}

/** Use and allowance of `cap` in one window [from, to]. */
export function capUsage(cap: Cap, input: CapInput, from: IsoDate, to: IsoDate, limit: number): CapUsage {
  // One pass, no copies: the simulator calls this for every day of a year of requests.
  let used = 0;
  for (const d of input.days) {
    if (d.date < from || d.date > to) continue;
    if (d.track !== undefined && !cap.tracks.includes(d.track)) continue;
    used += cap.measure === 'days' ? d.portion : workedHours(input.person, input.calendar, d.date) * d.portion;
  }
  if (cap.measure === 'days') return { from, to, used, allowed: limit };
  const allowed =
    cap.measure === 'hours' ? limit : limit * contractedHoursIn(input.person, input.calendar, from, to, cap.holidayBase === 'contracted');
  return { from, to, used, allowed };
}

/** The reason `cap` is broken on `input.date`, or undefined when every window keeps it. */
export function capBreach(cap: Cap, input: CapInput): Reason | undefined {
  const { limit, agreement } = capLimit(cap, input);
  for (const range of capWindowsContaining(cap.window, input.date)) {
    const u = capUsage(cap, input, range.from, range.to, limit);
    if (u.used <= u.allowed + EPSILON) continue;
    return breachReason(cap, u, limit, agreement);
  }
  return undefined;
}

function breachReason(cap: Cap, u: CapUsage, limit: number, agreement: IndividualAgreement | undefined): Reason {
  const named: Record<string, string | number> = { cap: cap.id };
  if (cap.name) named.capName = cap.name;
  if (agreement) named.agreement = agreement.band ?? 'individual';
  const label = capWindowLabelParams(cap.window, u);
  if (cap.legacy === 'days') {
    return { code: 'QUOTA_DAYS', params: { used: u.used, limit: u.allowed, week: isoWeek(u.from).week, cap: cap.id } };
  }
  if (cap.legacy === 'share') {
    return {
      code: 'QUOTA_HOURS',
      params: { usedHours: round2(u.used), limitHours: round2(u.allowed), windowFrom: u.from, windowTo: u.to, ...label, cap: cap.id },
    };
  }
  const window = { windowFrom: u.from, windowTo: u.to, ...label };
  const params: Record<string, string | number> =
    cap.measure === 'days'
      ? { used: u.used, limit: u.allowed, ...window, ...named }
      : { usedHours: round2(u.used), limitHours: round2(u.allowed), ...window, ...named, ...(cap.measure === 'share' ? { share: limit } : {}) };
  const code = cap.measure !== 'days' ? 'QUOTA_HOURS' : cap.window.kind === 'week' ? 'QUOTA_DAYS' : 'QUOTA_DAYS_WINDOW';
  if (cap.overLimit === 'approval') return { code: 'OVER_CAP_APPROVAL', params: { ...params, over: code, measure: cap.measure } };
  return { code, params };
}

/** How many days around a judged span must be loaded so that every cap window is complete. */
export function capReachDays(policy: Policy): number {
  let reach = 0;
  for (const v of policy.versions) {
    const ruleSets = [v.rules, ...Object.values(v.orgUnitOverrides)];
    for (const r of ruleSets) {
      for (const cap of r.caps ?? []) reach = Math.max(reach, capWindowSpanDays(cap.window));
    }
  }
  return reach;
}
