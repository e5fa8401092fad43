/**
 * Invariants of several caps at once, checked with fast-check over random policies (1–3 caps of
 * random measure, window, tracks and limit) and random interleavings of requests (either track),
 * withdrawals and decisions, through the real request lifecycle:
 * (a) after every step, no refusing cap is over its limit in any of its windows (an independent
 *     recount);
 * (b) the order in which pending requests are decided does not change the final totals.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Cap, CapWindow } from '../../src/domain/cap-model.js';
import { addDays, eachDay, weekdayKey, weekdayOf, type IsoDate } from '../../src/domain/dates.js';
import { isPublicHoliday } from '../../src/domain/holidays.js';
import type { MobileWorkRequest, Person, Policy, ProposedDay, Track } from '../../src/domain/model.js';
import { evaluateProposal, type ExistingDay } from '../../src/domain/quota-engine.js';
import { activeDays, createRequestFromVerdicts, decideRequest, withdrawRequest } from '../../src/domain/request-lifecycle.js';
import { capWindowsContaining } from '../../src/domain/cap-window.js';
import { ctxFor, fullTime, muensterPolicy, muensterRules, partTime, TODAY } from './fixtures.js';

const windowArb: fc.Arbitrary<CapWindow> = fc.oneof(
  fc.constant<CapWindow>({ kind: 'week' }),
  fc.constant<CapWindow>({ kind: 'two-weeks', anchor: '2026-11-30' }),
  fc.constant<CapWindow>({ kind: 'month' }),
  fc.constant<CapWindow>({ kind: 'quarter' }),
  fc.integer({ min: 3, max: 20 }).map((length): CapWindow => ({ kind: 'rolling-days', length })),
  fc.integer({ min: 1, max: 4 }).map((length): CapWindow => ({ kind: 'rolling-weeks', length })),
);

const capArb = (i: number): fc.Arbitrary<Cap> =>
  fc
    .record({
      measure: fc.constantFrom<Cap['measure'][]>('share', 'hours', 'days'),
      window: windowArb,
      tracks: fc.constantFrom<Track[][]>(['standing'], ['occasional'], ['standing', 'occasional']),
      share: fc.integer({ min: 1, max: 10 }).map((n) => n / 10),
      hours: fc.integer({ min: 4, max: 80 }),
      days: fc.integer({ min: 1, max: 16 }).map((n) => n / 2),
      overLimit: fc.constantFrom<Cap['overLimit'][]>('refuse', 'refuse', 'approval'),
      base: fc.constantFrom<Cap['holidayBase'][]>('worked', 'contracted'),
    })
    .map((r) => ({
      id: `c${i}`,
      tracks: r.tracks,
      measure: r.measure,
      limit: r.measure === 'share' ? r.share : r.measure === 'hours' ? r.hours : r.days,
      window: r.window,
      overLimit: r.overLimit,
      holidayBase: r.base,
    }));

const capsArb = fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => capArb(i))));

function policyOf(caps: Cap[]): Policy {
  return {
    ...muensterPolicy,
    versions: [{ validFrom: '2019-01-01', name: 'zufällig', rules: { ...muensterRules, halfDaysAllowed: true, caps, tracks: { ...muensterRules.tracks, standing: { ...muensterRules.tracks.standing, minHoursPerWeek: undefined } } }, orgUnitOverrides: {} }],
  };
}

const hoursOn = (p: Person, d: IsoDate): number => (isPublicHoliday('NW', d) ? 0 : (p.hoursByWeekday[weekdayKey(weekdayOf(d))] ?? 0));
const contractedOn = (p: Person, d: IsoDate): number => p.hoursByWeekday[weekdayKey(weekdayOf(d))] ?? 0;

/** Independent recount: every refusing cap, every window around every counted day. */
function assertCapsHold(person: Person, caps: Cap[], days: ExistingDay[]): void {
  for (const cap of caps) {
    if (cap.overLimit !== 'refuse') continue;
    const counted = days.filter((d) => d.track === undefined || cap.tracks.includes(d.track));
    for (const d of counted) {
      for (const w of capWindowsContaining(cap.window, d.date)) {
        const inWin = counted.filter((x) => x.date >= w.from && x.date <= w.to);
        let used: number;
        let allowed: number;
        if (cap.measure === 'days') {
          used = inWin.reduce((s, x) => s + x.portion, 0);
          allowed = cap.limit;
        } else {
          used = inWin.reduce((s, x) => s + hoursOn(person, x.date) * x.portion, 0);
          const base = eachDay(w.from, w.to).reduce((s, x) => s + (cap.holidayBase === 'worked' ? hoursOn(person, x) : contractedOn(person, x)), 0);
          allowed = cap.measure === 'hours' ? cap.limit : cap.limit * base;
        }
        assert.ok(used <= allowed + 1e-9, `cap ${cap.id} ${JSON.stringify(cap.window)} ${w.from}…${w.to}: ${used} > ${allowed}`);
      }
    }
  }
}

const dayArb = fc.record({ offset: fc.integer({ min: 0, max: 40 }), half: fc.constantFrom<('morning' | undefined)[]>(undefined, undefined, 'morning') });
const toProposed = ({ offset, half }: { offset: number; half: 'morning' | undefined }): ProposedDay =>
  half ? { date: addDays(TODAY, offset), portion: 0.5, half } : { date: addDays(TODAY, offset), portion: 1 };

type Op =
  | { kind: 'request'; track: Track; days: { offset: number; half: 'morning' | undefined }[] }
  | { kind: 'withdraw'; pick: number }
  | { kind: 'reject'; pick: number }
  | { kind: 'approve'; pick: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant<'request'>('request'), track: fc.constantFrom<Track[]>('standing', 'occasional'), days: fc.array(dayArb, { minLength: 1, maxLength: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant<'withdraw'>('withdraw'), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant<'reject'>('reject'), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant<'approve'>('approve'), pick: fc.nat() }) },
);

function run(person: Person, policy: Policy, ops: Op[], check?: (days: ExistingDay[]) => void): MobileWorkRequest[] {
  let requests: MobileWorkRequest[] = [];
  ops.forEach((op, i) => {
    if (op.kind === 'request') {
      const verdicts = evaluateProposal(ctxFor(person, policy, { existingDays: activeDays(requests) }), op.track, op.days.map(toProposed));
      const req = createRequestFromVerdicts({ id: `r${i}`, number: `MA-${i}`, person, track: op.track, approvalMode: 'required', approverId: 'max', verdicts, now: 't' });
      if (req) requests = [...requests, req];
    } else if (requests.length > 0) {
      const k = op.pick % requests.length;
      const req = requests[k]!;
      const open = req.days.some((d) => d.status === 'pending');
      try {
        if (op.kind === 'withdraw') requests[k] = withdrawRequest(req, { by: person.id, at: 't', today: TODAY });
        else if (open) requests[k] = decideRequest(req, { by: 'max', at: 't', outcome: op.kind === 'approve' ? 'approve' : 'reject' });
      } catch {
        /* nothing to withdraw: a legal no-op */
      }
    }
    check?.(activeDays(requests));
  });
  return requests;
}

describe('caps properties (fast-check)', () => {
  it('when requests of both tracks, withdrawals and decisions interleave in any order, then no refusing cap is ever exceeded in any window', () => {
    fc.assert(
      fc.property(capsArb, fc.constantFrom(fullTime, partTime), fc.array(opArb, { minLength: 1, maxLength: 14 }), (caps, person, ops) => {
        run(person, policyOf(caps), ops, (days) => assertCapsHold(person, caps, days));
      }),
      { numRuns: 150 },
    );
  });

  it('when the pending requests are decided in any order, then the final days and totals per cap are the same', () => {
    fc.assert(
      fc.property(
        capsArb,
        fc.array(fc.record({ track: fc.constantFrom<Track[]>('standing', 'occasional'), days: fc.array(dayArb, { minLength: 1, maxLength: 5 }) }), { minLength: 2, maxLength: 6 }),
        fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        fc.array(fc.integer(), { minLength: 6, maxLength: 6 }),
        (caps, proposals, approve, keys) => {
          const policy = policyOf(caps);
          const requests = run(fullTime, policy, proposals.map((p) => ({ kind: 'request' as const, ...p })));
          fc.pre(requests.length >= 2);
          const decide = (order: number[]) => {
            const out = [...requests];
            for (const k of order) {
              if (!out[k]!.days.some((d) => d.status === 'pending')) continue;
              out[k] = decideRequest(out[k]!, { by: 'max', at: 't', outcome: approve[k] ? 'approve' : 'reject' });
            }
            return out;
          };
          const forward = requests.map((_, k) => k);
          const shuffled = [...forward].sort((a, b) => keys[a]! - keys[b]! || a - b);
          const totals = (rs: MobileWorkRequest[]) => {
            const days = activeDays(rs);
            return { statuses: rs.map((r) => [r.id, r.status, r.days.map((d) => d.status).join()]), portion: days.reduce((s, d) => s + d.portion, 0) };
          };
          const a = decide(forward);
          assert.deepEqual(totals(decide(shuffled)), totals(a));
          assertCapsHold(fullTime, caps, activeDays(a));
        },
      ),
      { numRuns: 100 },
    );
  });
});
