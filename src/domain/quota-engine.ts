/**
 * The quota engine: judges each proposed day against the service agreement (Dienstvereinbarung).
 *
 * For every day (in date order) the rules are those of the policy version valid on that day,
 * resolved for the person's org unit. Checks, in this order (the first failing one decides,
 * every failing one is listed):
 *   IN_PAST, LEAD_TIME, BEYOND_HORIZON (occasional days) or STANDING_TOO_LONG and
 *   STANDING_MIN_HOURS (a standing agreement), NON_WORKING_DAY, PUBLIC_HOLIDAY, ABSENT (out of
 *   office per the calendar, `ctx.absentDates`), PRESENCE_DAY,
 *   ONBOARDING, HALF_DAY_NOT_ALLOWED, ALREADY_PLANNED, then every cap that applies (in the
 *   policy's order: QUOTA_HOURS for share and hours caps, QUOTA_DAYS for days per week,
 *   QUOTA_DAYS_WINDOW for days over another window), MIN_OFFICE_DAYS, CAPACITY, MIN_ON_SITE.
 * PUBLIC_HOLIDAY covers the state's (and region's) public holidays and the policy's local
 * holidays; DAY_OFF a whole "dienstfrei" day (a half one only halves the hours of the day).
 * IN_PAST and LEAD_TIME exclude each other (a past day is reported as IN_PAST only).
 * Days earlier in the same proposal that are not refused count like existing days for later
 * ones, so a long range can never overshoot a quota. A cap whose consequence is "approval" does
 * not refuse: over it the day needs approval (OVER_CAP_APPROVAL with the cap's numbers), whatever
 * the track's mode. With nothing refused and no such cap, the track's approval mode decides:
 * required → needs-approval (APPROVAL_REQUIRED), notify → allowed (MANAGER_NOTIFIED), none →
 * allowed (OK). Caps (see cap-check.ts) judge only requests of the tracks they count, and only
 * members of their org units; each names itself and the window that decided in the reason.
 */
import { addDays, addMonths, isoWeek, startOfIsoWeek, weekdayOf } from './dates.js';
import type { EvaluationContext, ExistingDay } from './evaluation-context.js';
import { applicableCaps, capBreach } from './cap-check.js';
import { holidayCalendarOf } from './holiday-calendar.js';
import type { DayVerdict, PolicyRules, ProposedDay, Reason, Track } from './model.js';
import { rulesInForce } from './policy-resolution.js';
import { contractedHours, EPSILON, officeDaysInWeek, round2 } from './remote-load.js';

export type { EvaluationContext, ExistingDay } from './evaluation-context.js';
export { windowOf } from './averaging-window.js';

/** requestId given to days of the proposal itself while later days are judged. */
export const PROPOSAL_REQUEST_ID = '(proposal)';

function reason(code: Reason['code'], params: Reason['params'] = {}): Reason {
  return { code, params };
}

function clashesWith(day: ProposedDay, existing: readonly ExistingDay[]): boolean {
  const same = existing.filter((e) => e.date === day.date);
  if (same.length === 0) return false;
  if (day.portion !== 0.5 || same.some((e) => e.portion !== 0.5)) return true;
  if (same.reduce((sum, e) => sum + e.portion, 0) + day.portion > 1 + EPSILON) return true;
  return day.half !== undefined && same.some((e) => e.half === day.half);
}

/** What a standing agreement (a recurring pattern) is judged by, computed once per proposal. */
interface StandingFacts {
  /** First day of the agreement (its first proposed day). */
  start: string;
  /** Remote hours per week the pattern covers (contracted hours of its weekdays × portion). */
  weeklyHours: number;
}

function standingFacts(ctx: EvaluationContext, sorted: readonly ProposedDay[]): StandingFacts | undefined {
  const first = sorted[0];
  if (!first) return undefined;
  const seen = new Map<number, number>();
  for (const d of sorted) seen.set(weekdayOf(d.date), Math.max(seen.get(weekdayOf(d.date)) ?? 0, contractedHours(ctx.person, d.date) * d.portion));
  return { start: first.date, weeklyHours: round2([...seen.values()].reduce((a, b) => a + b, 0)) };
}

/**
 * Every failing reason for one day, in the documented order (`refused`), and the caps with the
 * consequence "approval" that the day goes over (`approval`).
 */
function failingReasons(
  ctx: EvaluationContext,
  rules: PolicyRules,
  track: Track,
  day: ProposedDay,
  planned: readonly ExistingDay[],
  standing?: StandingFacts,
): { refused: Reason[]; approval: Reason[] } {
  const { person, today } = ctx;
  const calendar = holidayCalendarOf(ctx.policy);
  const date = day.date;
  const out: Reason[] = [];
  const approval: Reason[] = [];

  if (date < today) out.push(reason('IN_PAST'));
  else if (date < addDays(today, rules.leadTimeDays)) {
    out.push(reason('LEAD_TIME', { leadTimeDays: rules.leadTimeDays }));
  }
  if (standing) {
    // A standing agreement is not bound by the planning horizon of single days, but by its
    // maximum duration and a minimum of remote hours per week (Münster: at least 8 h telework).
    const months = rules.tracks.standing.maxDurationMonths;
    const lastDate = addDays(addMonths(standing.start, months), -1);
    if (date > lastDate) out.push(reason('STANDING_TOO_LONG', { months, lastDate }));
    const min = rules.tracks.standing.minHoursPerWeek;
    if (min !== undefined && standing.weeklyHours < min - EPSILON) {
      out.push(reason('STANDING_MIN_HOURS', { hours: standing.weeklyHours, min }));
    }
  } else {
    const lastDate = addDays(today, rules.planningHorizonDays);
    if (date > lastDate) out.push(reason('BEYOND_HORIZON', { lastDate }));
  }
  if (contractedHours(person, date) <= 0) out.push(reason('NON_WORKING_DAY'));
  const off = calendar.dayOff(date, person.preferredLocale ?? 'de');
  if (off && off.portion >= 1) out.push(reason(off.kind === 'day-off' ? 'DAY_OFF' : 'PUBLIC_HOLIDAY', { name: off.name }));
  if (ctx.absentDates?.includes(date)) out.push(reason('ABSENT'));
  if (rules.presenceDays.includes(weekdayOf(date))) out.push(reason('PRESENCE_DAY'));
  if (rules.onboardingMonths > 0) {
    const until = addMonths(person.startDate, rules.onboardingMonths);
    if (date < until) out.push(reason('ONBOARDING', { until }));
  }
  if (day.portion !== 1 && !rules.halfDaysAllowed) out.push(reason('HALF_DAY_NOT_ALLOWED'));
  if (clashesWith(day, planned)) out.push(reason('ALREADY_PLANNED'));

  const withDay: ExistingDay[] = [
    ...planned,
    { date, portion: day.portion, status: 'pending', requestId: PROPOSAL_REQUEST_ID, track },
  ];

  for (const cap of applicableCaps(rules, track, ctx.orgUnitChain)) {
    const breach = capBreach(cap, { person, calendar, days: withDay, date, agreements: ctx.policy.agreements });
    if (breach) (breach.code === 'OVER_CAP_APPROVAL' ? approval : out).push(breach);
  }

  const monday = startOfIsoWeek(date);
  const week = isoWeek(date).week;
  if (rules.minOfficeDaysPerWeek > 0) {
    const office = officeDaysInWeek(person, calendar, withDay, monday, rules.minOfficeDaysPerWeek);
    if (office.officeDays < office.required - EPSILON) {
      out.push(reason('MIN_OFFICE_DAYS', { officeDays: office.officeDays, min: office.required, week }));
    }
  }

  if (rules.capacityPerDay !== undefined) {
    const used = ctx.remoteCountByDate[date] ?? 0;
    if (used + 1 > rules.capacityPerDay) out.push(reason('CAPACITY', { used, limit: rules.capacityPerDay }));
  }

  const size = ctx.orgUnit.size;
  if (rules.minOnSiteShare !== undefined && size > 1) {
    const onSite = size - 1 - (ctx.orgUnit.remoteByDate[date] ?? 0);
    if (onSite / size < rules.minOnSiteShare - EPSILON) {
      out.push(reason('MIN_ON_SITE', { onSite, size, minShare: rules.minOnSiteShare }));
    }
  }
  return { refused: out, approval };
}

function baseVerdict(day: ProposedDay): Pick<DayVerdict, 'date' | 'portion' | 'half'> {
  return day.half ? { date: day.date, portion: day.portion, half: day.half } : { date: day.date, portion: day.portion };
}

/** One verdict per proposed day, in date order (see the module comment for the rules). */
export function evaluateProposal(ctx: EvaluationContext, track: Track, days: ProposedDay[]): DayVerdict[] {
  const sorted = [...days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const planned: ExistingDay[] = [...ctx.existingDays];
  const verdicts: DayVerdict[] = [];
  const standing = track === 'standing' ? standingFacts(ctx, sorted) : undefined;

  for (const day of sorted) {
    const { version, rules, inForce } = rulesInForce(ctx.policy, ctx.orgUnitChain, day.date);
    if (!inForce) {
      verdicts.push({ ...baseVerdict(day), outcome: 'refused', reasons: [reason('NO_POLICY')] });
      continue;
    }
    const failing = failingReasons(ctx, rules, track, day, planned, standing);
    if (failing.refused.length > 0) {
      verdicts.push({ ...baseVerdict(day), outcome: 'refused', reasons: failing.refused, policyVersion: version.validFrom });
      continue;
    }
    const approval = rules.tracks[track].approval;
    const verdict: DayVerdict =
      failing.approval.length > 0
        ? { ...baseVerdict(day), outcome: 'needs-approval', reasons: failing.approval, policyVersion: version.validFrom }
        : approval === 'required'
        ? { ...baseVerdict(day), outcome: 'needs-approval', reasons: [reason('APPROVAL_REQUIRED')], policyVersion: version.validFrom }
        : {
            ...baseVerdict(day),
            outcome: 'allowed',
            reasons: [reason(approval === 'notify' ? 'MANAGER_NOTIFIED' : 'OK')],
            policyVersion: version.validFrom,
          };
    verdicts.push(verdict);
    planned.push({
      date: day.date,
      portion: day.portion,
      status: verdict.outcome === 'allowed' ? 'approved' : 'pending',
      requestId: PROPOSAL_REQUEST_ID,
      track,
      ...(day.half ? { half: day.half } : {}),
    });
  }
  return verdicts;
}
