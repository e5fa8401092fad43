/**
 * Invariants of the quota engine and the request lifecycle, checked with fast-check:
 * (a) whatever sequence of requests people make, accepted days never exceed the limits;
 * (b) withdrawing days frees exactly the quota they held;
 * (c) the order in which an approver decides pending requests does not change the outcome.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays, eachDay, startOfIsoWeek, weekdayKey, weekdayOf, type IsoDate } from '../../src/domain/dates.js';
import { isPublicHoliday } from '../../src/domain/holidays.js';
import type { DayVerdict, MobileWorkRequest, Person, Policy, PolicyRules, ProposedDay } from '../../src/domain/model.js';
import { effectiveRules, policyVersionFor } from '../../src/domain/policy-resolution.js';
import { evaluateProposal, windowOf, type ExistingDay } from '../../src/domain/quota-engine.js';
import { quotaSummary } from '../../src/domain/quota-summary.js';
import { activeDays, createRequestFromVerdicts, decideRequest, withdrawRequest } from '../../src/domain/request-lifecycle.js';
import { ctxFor, fullTime, kitzingenPolicy, muensterPolicy, muensterRules, partTime, TODAY } from './fixtures.js';

const withRules = (base: Policy, patch: (r: PolicyRules) => PolicyRules): Policy => ({
  ...base,
  versions: base.versions.map((v) => ({ ...v, rules: patch(v.rules) })),
});

const muensterCapped = withRules(muensterPolicy, (r) => ({ ...r, halfDaysAllowed: true, quota: { ...r.quota, maxDaysPerWeek: 3 } }));
const monthly = withRules(kitzingenPolicy, (r) => ({ ...r, presenceDays: [], quota: { maxShareOfHours: 0.5, averagingWindow: 'month', maxDaysPerWeek: 2.5 } }));
/** A policy that changes its rules on 2026-12-14, in the middle of the planning period. */
const changing: Policy = {
  ...muensterCapped,
  versions: [
    ...muensterCapped.versions,
    { validFrom: '2026-12-14', name: 'DV 2027', rules: { ...muensterRules, halfDaysAllowed: true, quota: { maxShareOfHours: 0.4, averagingWindow: 'two-weeks', maxDaysPerWeek: 2 } }, orgUnitOverrides: {} },
  ],
};

const POLICIES = [muensterPolicy, muensterCapped, kitzingenPolicy, monthly, changing];
const PEOPLE = [fullTime, partTime];

const hoursOn = (p: Person, d: IsoDate): number => p.hoursByWeekday[weekdayKey(weekdayOf(d))] ?? 0;

/** An independent recount of the limits, for every window and week touched by `days`. */
function assertWithinLimits(person: Person, policy: Policy, days: ExistingDay[]): void {
  const state = policy.organisation.state;
  const perDate = new Map<IsoDate, number>();
  for (const d of days) perDate.set(d.date, (perDate.get(d.date) ?? 0) + d.portion);
  for (const [date, portion] of perDate) assert.ok(portion <= 1, `${date} planned ${portion} times`);

  for (const d of days) {
    const version = policyVersionFor(policy, d.date)!;
    const rules = effectiveRules(version, [person.orgUnitId]);
    const w = windowOf(rules, d.date);
    if (rules.quota.maxShareOfHours !== undefined) {
      const working = eachDay(w.from, w.to).filter((x) => !isPublicHoliday(state, x));
      const limit = rules.quota.maxShareOfHours * working.reduce((s, x) => s + hoursOn(person, x), 0);
      const used = days.filter((x) => x.date >= w.from && x.date <= w.to && !isPublicHoliday(state, x.date)).reduce((s, x) => s + hoursOn(person, x.date) * x.portion, 0);
      // A window may straddle a version change; the rules of the later days judged them.
      if (version.validFrom <= w.from) assert.ok(used <= limit + 1e-9, `${used} h > ${limit} h in ${w.from}…${w.to}`);
    }
    if (rules.quota.maxDaysPerWeek !== undefined) {
      const monday = startOfIsoWeek(d.date);
      const inWeek = days.filter((x) => x.date >= monday && x.date <= addDays(monday, 6));
      const used = inWeek.reduce((s, x) => s + x.portion, 0);
      assert.ok(used <= rules.quota.maxDaysPerWeek, `${used} days > ${rules.quota.maxDaysPerWeek} in week of ${monday}`);
    }
  }
}

const dayArb = fc.record({
  offset: fc.integer({ min: 0, max: 55 }),
  half: fc.constantFrom<('morning' | 'afternoon' | undefined)[]>(undefined, undefined, 'morning', 'afternoon'),
});
const toProposed = ({ offset, half }: { offset: number; half: 'morning' | 'afternoon' | undefined }): ProposedDay =>
  half ? { date: addDays(TODAY, offset), portion: 0.5, half } : { date: addDays(TODAY, offset), portion: 1 };

const accepted = (verdicts: DayVerdict[], requestId: string): ExistingDay[] =>
  verdicts
    .filter((v) => v.outcome !== 'refused')
    .map((v) => ({ date: v.date, portion: v.portion, status: v.outcome === 'allowed' ? 'approved' : 'pending', requestId, ...(v.half ? { half: v.half } : {}) }));

describe('quota engine properties', () => {
  it('when any sequence of requests is evaluated against all earlier accepted days, then no window, week or date is ever over its limit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: POLICIES.length - 1 }),
        fc.integer({ min: 0, max: PEOPLE.length - 1 }),
        fc.array(fc.array(dayArb, { minLength: 1, maxLength: 10 }), { minLength: 1, maxLength: 12 }),
        (pi, pe, requests) => {
          const policy = POLICIES[pi]!;
          const person = PEOPLE[pe]!;
          let existingDays: ExistingDay[] = [];
          requests.forEach((req, i) => {
            const verdicts = evaluateProposal(ctxFor(person, policy, { existingDays }), 'occasional', req.map(toProposed));
            existingDays = [...existingDays, ...accepted(verdicts, `r${i}`)];
          });
          assertWithinLimits(person, policy, existingDays);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('when days are withdrawn after a quota refusal, then the same day is accepted exactly when the freed hours make room', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9 }),
        fc.shuffledSubarray([0, 1, 2, 3, 4], { minLength: 5, maxLength: 5 }),
        fc.integer({ min: 0, max: PEOPLE.length - 1 }),
        fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
        fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
        (week, order, pe, approveFirst, withdrawPick) => {
          const person = PEOPLE[pe]!;
          const policy = muensterPolicy;
          const monday = addDays('2026-11-23', 7 * week);
          let requests: MobileWorkRequest[] = [];
          let target: ProposedDay | undefined;
          for (const i of order) {
            const day: ProposedDay = { date: addDays(monday, i), portion: 1 };
            const verdicts = evaluateProposal(ctxFor(person, policy, { existingDays: activeDays(requests) }), 'occasional', [day]);
            const v = verdicts[0]!;
            if (v.outcome === 'refused') {
              if (v.reasons[0]!.code === 'QUOTA_HOURS') {
                target = day;
                break;
              }
              continue;
            }
            let req = createRequestFromVerdicts({ id: `r${i}`, number: `MA-${i}`, person, track: 'occasional', approvalMode: 'required', approverId: 'max', verdicts, now: 't' })!;
            if (approveFirst[i]) req = decideRequest(req, { by: 'max', at: 't', outcome: 'approve' });
            requests = [...requests, req];
          }
          fc.pre(target !== undefined);
          const picked = requests.filter((_, k) => withdrawPick[k]);
          const toWithdraw = picked.length > 0 ? picked : requests; // at least one
          const after = requests.map((r) => (toWithdraw.includes(r) ? withdrawRequest(r, { by: person.id, at: 't', today: TODAY }) : r));
          const remaining = activeDays(after);

          const ctx = ctxFor(person, policy, { existingDays: remaining });
          const summary = quotaSummary(ctx, target!.date);
          const fits = summary.usedHours + hoursOn(person, target!.date) <= summary.limitHours! + 1e-9;
          const [v] = evaluateProposal(ctx, 'occasional', [target!]);
          assert.equal(v!.outcome !== 'refused', fits, JSON.stringify({ summary, v }));
          if (!fits) assert.deepEqual(v!.reasons.map((r) => r.code), ['QUOTA_HOURS']);

          // Withdrawing everything always frees the day.
          const none = requests.map((r) => withdrawRequest(r, { by: person.id, at: 't', today: TODAY }));
          const [free] = evaluateProposal(ctxFor(person, policy, { existingDays: activeDays(none) }), 'occasional', [target!]);
          assert.equal(free!.outcome, 'needs-approval');
        },
      ),
      { numRuns: 150 },
    );
  });

  it('when pending requests are approved in any order, then the final days and quota totals are the same', () => {
    const decisionArb = fc.record({ kind: fc.constantFrom('approve', 'approve-some', 'reject'), keep: fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }) });
    fc.assert(
      fc.property(
        fc.array(fc.array(dayArb, { minLength: 1, maxLength: 6 }), { minLength: 2, maxLength: 6 }),
        fc.array(decisionArb, { minLength: 6, maxLength: 6 }),
        fc.array(fc.integer(), { minLength: 6, maxLength: 6 }),
        (proposals, decisions, keys) => {
          const person = fullTime;
          const policy = muensterCapped;
          let requests: MobileWorkRequest[] = [];
          proposals.forEach((p, i) => {
            const verdicts = evaluateProposal(ctxFor(person, policy, { existingDays: activeDays(requests) }), 'occasional', p.map(toProposed));
            const req = createRequestFromVerdicts({ id: `r${i}`, number: `MA-${i}`, person, track: 'occasional', approvalMode: 'required', approverId: 'max', verdicts, now: 't' });
            if (req) requests = [...requests, req];
          });
          fc.pre(requests.length >= 2);

          const decide = (order: number[]): MobileWorkRequest[] => {
            const out = [...requests];
            for (const k of order) {
              const d = decisions[k]!;
              const req = out[k]!;
              const dates = req.days.filter((_, j) => d.keep[j]).map((x) => x.date);
              out[k] = decideRequest(req, d.kind === 'reject' ? { by: 'max', at: 't', outcome: 'reject' } : { by: 'max', at: 't', outcome: 'approve', ...(d.kind === 'approve-some' ? { dates } : {}) });
            }
            return out;
          };
          const forward = requests.map((_, k) => k);
          const shuffled = [...forward].sort((a, b) => keys[a]! - keys[b]! || a - b);
          const a = decide(forward);
          const b = decide(shuffled);
          const totals = (rs: MobileWorkRequest[]) => {
            const days = activeDays(rs);
            const weeks = [...new Set(days.map((d) => startOfIsoWeek(d.date)))].sort();
            return {
              statuses: rs.map((r) => [r.id, r.status, r.days.map((d) => d.status).join()]),
              weeks: weeks.map((w) => quotaSummary(ctxFor(person, policy, { existingDays: days }), w)),
            };
          };
          assert.deepEqual(totals(b), totals(a));
          assertWithinLimits(person, policy, activeDays(a));
        },
      ),
      { numRuns: 100 },
    );
  });
});
