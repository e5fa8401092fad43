import assert from 'node:assert/strict';
import type { DayVerdict, Policy, PolicyVersion, ProposedDay, ReasonCode, Track } from '../../src/domain/model.js';
import { evaluateProposal, windowOf, type EvaluationContext } from '../../src/domain/quota-engine.js';
import { expandProposal } from '../../src/domain/proposal.js';
import {
  ctxFor,
  existing,
  fullTime,
  kitzingenPolicy,
  kitzingenRules,
  muensterPolicy,
  muensterRules,
  newStarter,
  partTime,
} from './fixtures.js';

const whole = (date: string): ProposedDay => ({ date, portion: 1 });
const half = (date: string, h: 'morning' | 'afternoon' = 'morning'): ProposedDay => ({ date, portion: 0.5, half: h });

function codes(v: DayVerdict): ReasonCode[] {
  return v.reasons.map((r) => r.code);
}

interface Case {
  name: string;
  ctx: EvaluationContext;
  track?: Track;
  days: ProposedDay[];
  /** Expected verdict of the LAST proposed day. */
  outcome: DayVerdict['outcome'];
  reasons: ReasonCode[];
  params?: Record<string, string | number>;
}

const ms = (extra: Parameters<typeof ctxFor>[2] = {}) => ctxFor(fullTime, muensterPolicy, extra);
const kt = (extra: Parameters<typeof ctxFor>[2] = {}) => ctxFor(fullTime, kitzingenPolicy, extra);

const cases: Case[] = [
  // ------------------------------------------------------------- Münster-like (NW, 0.8 weekly)
  { name: 'Münster: a Monday next week', ctx: ms(), days: [whole('2026-11-23')], outcome: 'needs-approval', reasons: ['APPROVAL_REQUIRED'] },
  { name: 'Münster: today itself (lead time 0)', ctx: ms(), days: [whole('2026-11-20')], outcome: 'needs-approval', reasons: ['APPROVAL_REQUIRED'] },
  { name: 'Münster: yesterday', ctx: ms(), days: [whole('2026-11-19')], outcome: 'refused', reasons: ['IN_PAST'] },
  { name: 'Münster: the last day of the horizon', ctx: ms(), days: [whole('2027-02-18')], outcome: 'needs-approval', reasons: ['APPROVAL_REQUIRED'] },
  { name: 'Münster: one day beyond the horizon', ctx: ms(), days: [whole('2027-02-19')], outcome: 'refused', reasons: ['BEYOND_HORIZON'], params: { lastDate: '2027-02-18' } },
  { name: 'Münster: a Saturday', ctx: ms(), days: [whole('2026-11-28')], outcome: 'refused', reasons: ['NON_WORKING_DAY'] },
  { name: 'Münster: Christmas Day (Friday)', ctx: ms(), days: [whole('2026-12-25')], outcome: 'refused', reasons: ['PUBLIC_HOLIDAY'], params: { name: '1. Weihnachtstag' } },
  { name: 'Münster: 26 December 2026 (Saturday and holiday)', ctx: ms(), days: [whole('2026-12-26')], outcome: 'refused', reasons: ['NON_WORKING_DAY', 'PUBLIC_HOLIDAY'] },
  { name: 'Münster: a day out of office per the calendar', ctx: ms({ absentDates: ['2026-11-23'] }), days: [whole('2026-11-23')], outcome: 'refused', reasons: ['ABSENT'] },
  { name: 'Münster: the day after an absence is not affected', ctx: ms({ absentDates: ['2026-11-23'] }), days: [whole('2026-11-24')], outcome: 'needs-approval', reasons: ['APPROVAL_REQUIRED'] },
  { name: 'Münster: a half day (not allowed)', ctx: ms(), days: [half('2026-11-23')], outcome: 'refused', reasons: ['HALF_DAY_NOT_ALLOWED'] },
  { name: 'Münster: a day already planned', ctx: ms({ existingDays: existing(['2026-11-23']) }), days: [whole('2026-11-23')], outcome: 'refused', reasons: ['ALREADY_PLANNED'] },
  { name: 'Münster: Tue–Fri (31 h of 31.2 h)', ctx: ms(), days: ['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27'].map(whole), outcome: 'needs-approval', reasons: ['APPROVAL_REQUIRED'] },
  {
    name: 'Münster: Mon–Thu (32 h over 31.2 h)',
    ctx: ms(),
    days: ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26'].map(whole),
    outcome: 'refused',
    reasons: ['QUOTA_HOURS'],
    params: { usedHours: 32, limitHours: 31.2, windowFrom: '2026-11-23', windowTo: '2026-11-29', window: 'week', week: 48 },
  },
  {
    name: 'Münster: a fourth day when three are already approved in another request',
    ctx: ms({ existingDays: existing(['2026-11-23', '2026-11-24', '2026-11-25']) }),
    days: [whole('2026-11-26')],
    outcome: 'refused',
    reasons: ['QUOTA_HOURS'],
    params: { usedHours: 32, limitHours: 31.2 },
  },
  {
    name: 'Münster: pending days of other requests count too',
    ctx: ms({ existingDays: existing(['2026-11-23', '2026-11-24', '2026-11-25']).map((d) => ({ ...d, status: 'pending' as const })) }),
    days: [whole('2026-11-26')],
    outcome: 'refused',
    reasons: ['QUOTA_HOURS'],
  },
  {
    name: 'Münster part-time (19.5 h Mon–Wed): two of three days (13 h of 15.6 h)',
    ctx: ctxFor(partTime, muensterPolicy),
    days: ['2026-11-23', '2026-11-24'].map(whole),
    outcome: 'needs-approval',
    reasons: ['APPROVAL_REQUIRED'],
  },
  {
    name: 'Münster part-time: all three days (19.5 h over 15.6 h)',
    ctx: ctxFor(partTime, muensterPolicy),
    days: ['2026-11-23', '2026-11-24', '2026-11-25'].map(whole),
    outcome: 'refused',
    reasons: ['QUOTA_HOURS'],
    params: { usedHours: 19.5, limitHours: 15.6 },
  },
  { name: 'Münster part-time: a Thursday', ctx: ctxFor(partTime, muensterPolicy), days: [whole('2026-11-26')], outcome: 'refused', reasons: ['NON_WORKING_DAY'] },
  {
    name: 'Münster: Christmas week, the holiday shrinks the limit (0.8 × 32 h = 25.6 h), third day fits',
    ctx: ms(),
    days: ['2026-12-21', '2026-12-22', '2026-12-23'].map(whole),
    outcome: 'needs-approval',
    reasons: ['APPROVAL_REQUIRED'],
  },
  {
    name: 'Münster: Christmas week, a fourth day (32 h over 25.6 h)',
    ctx: ms(),
    days: ['2026-12-21', '2026-12-22', '2026-12-23', '2026-12-24'].map(whole),
    outcome: 'refused',
    reasons: ['QUOTA_HOURS'],
    params: { usedHours: 32, limitHours: 25.6, week: 52 },
  },
  { name: 'Münster standing track (approval required)', ctx: ms(), track: 'standing', days: [whole('2026-11-23')], outcome: 'needs-approval', reasons: ['APPROVAL_REQUIRED'] },

  // ------------------------------------------------------------- Kitzingen-like (BY, 0.4 over two weeks)
  { name: 'Kitzingen: a Monday (occasional track notifies)', ctx: kt(), days: [whole('2026-11-30')], outcome: 'allowed', reasons: ['MANAGER_NOTIFIED'] },
  { name: 'Kitzingen: a standing day (approval required)', ctx: kt(), track: 'standing', days: [whole('2026-11-30')], outcome: 'needs-approval', reasons: ['APPROVAL_REQUIRED'] },
  { name: 'Kitzingen: today (lead time 1 day)', ctx: kt(), days: [whole('2026-11-20')], outcome: 'refused', reasons: ['LEAD_TIME'], params: { leadTimeDays: 1 } },
  { name: 'Kitzingen: yesterday is only IN_PAST', ctx: kt(), days: [whole('2026-11-19')], outcome: 'refused', reasons: ['IN_PAST'] },
  { name: 'Kitzingen: Tuesday is the presence day', ctx: kt(), days: [whole('2026-12-01')], outcome: 'refused', reasons: ['PRESENCE_DAY'] },
  { name: 'Kitzingen: Heilige Drei Könige 2027 (BY)', ctx: kt(), days: [whole('2027-01-06')], outcome: 'refused', reasons: ['PUBLIC_HOLIDAY'], params: { name: 'Heilige Drei Könige' } },
  { name: 'Kitzingen: Fronleichnam for a Bavarian organisation', ctx: kt({ today: '2026-05-20' }), days: [whole('2026-06-04')], outcome: 'refused', reasons: ['PUBLIC_HOLIDAY'], params: { name: 'Fronleichnam' } },
  { name: 'Kitzingen: a new starter within 3 months', ctx: ctxFor(newStarter, kitzingenPolicy), days: [whole('2026-12-31')], outcome: 'refused', reasons: ['ONBOARDING'], params: { until: '2027-01-01' } },
  { name: 'Kitzingen: a new starter once onboarding ended', ctx: ctxFor(newStarter, kitzingenPolicy), days: [whole('2027-01-04')], outcome: 'allowed', reasons: ['MANAGER_NOTIFIED'] },
  { name: 'Kitzingen: a half day', ctx: kt(), days: [half('2026-11-30')], outcome: 'allowed', reasons: ['MANAGER_NOTIFIED'] },
  { name: 'Kitzingen: the other half of a planned half day', ctx: kt({ existingDays: [{ date: '2026-11-30', portion: 0.5, half: 'morning', status: 'approved', requestId: 'r1' }] }), days: [half('2026-11-30', 'afternoon')], outcome: 'allowed', reasons: ['MANAGER_NOTIFIED'] },
  { name: 'Kitzingen: the same half again', ctx: kt({ existingDays: [{ date: '2026-11-30', portion: 0.5, half: 'morning', status: 'approved', requestId: 'r1' }] }), days: [half('2026-11-30', 'morning')], outcome: 'refused', reasons: ['ALREADY_PLANNED'] },
  { name: 'Kitzingen: a whole day over a planned half day', ctx: kt({ existingDays: existing(['2026-11-30'], 0.5) }), days: [whole('2026-11-30')], outcome: 'refused', reasons: ['ALREADY_PLANNED'] },
  {
    name: 'Kitzingen: Mon, Wed, Thu, Fri in one block (31 h of 31.2 h)',
    ctx: kt(),
    days: ['2026-11-30', '2026-12-02', '2026-12-03', '2026-12-04'].map(whole),
    outcome: 'allowed',
    reasons: ['MANAGER_NOTIFIED'],
  },
  {
    name: 'Kitzingen: a fifth day in the same two-week block (39 h over 31.2 h)',
    ctx: kt({ existingDays: existing(['2026-11-30', '2026-12-02', '2026-12-03', '2026-12-04']) }),
    days: [whole('2026-12-09')],
    outcome: 'refused',
    reasons: ['QUOTA_HOURS'],
    params: { usedHours: 39, limitHours: 31.2, windowFrom: '2026-11-30', windowTo: '2026-12-13', window: 'two-weeks', week: 49, weekTo: 50 },
  },
  {
    name: 'Kitzingen: the first day of the next block is free again',
    ctx: kt({ existingDays: existing(['2026-11-30', '2026-12-02', '2026-12-03', '2026-12-04']) }),
    days: [whole('2026-12-14')],
    outcome: 'allowed',
    reasons: ['MANAGER_NOTIFIED'],
  },
  { name: 'Kitzingen: 149 others remote (capacity 150)', ctx: kt({ remoteCountByDate: { '2026-11-30': 149 } }), days: [whole('2026-11-30')], outcome: 'allowed', reasons: ['MANAGER_NOTIFIED'] },
  { name: 'Kitzingen: 150 others remote (capacity reached)', ctx: kt({ remoteCountByDate: { '2026-11-30': 150 } }), days: [whole('2026-11-30')], outcome: 'refused', reasons: ['CAPACITY'], params: { used: 150, limit: 150 } },
  { name: 'Kitzingen: team of 4, one other away (2 of 4 stay)', ctx: kt({ orgUnit: { size: 4, remoteByDate: { '2026-11-30': 1 } } }), days: [whole('2026-11-30')], outcome: 'allowed', reasons: ['MANAGER_NOTIFIED'] },
  { name: 'Kitzingen: team of 4, two others away (1 of 4 stays)', ctx: kt({ orgUnit: { size: 4, remoteByDate: { '2026-11-30': 2 } } }), days: [whole('2026-11-30')], outcome: 'refused', reasons: ['MIN_ON_SITE'], params: { onSite: 1, size: 4, minShare: 0.5 } },
  { name: 'Kitzingen: a one-person unit skips the on-site share', ctx: kt({ orgUnit: { size: 1, remoteByDate: {} } }), days: [whole('2026-11-30')], outcome: 'allowed', reasons: ['MANAGER_NOTIFIED'] },

  // ------------------------------------------------------------- per-org-unit override (Kitzingen IT)
  { name: 'Kitzingen IT (override): Tuesday is no presence day, no approval needed', ctx: kt({ orgUnitChain: ['it', 'verwaltung'] }), days: [whole('2026-12-01')], outcome: 'allowed', reasons: ['OK'] },
  { name: 'Kitzingen IT, child unit inherits the override', ctx: kt({ orgUnitChain: ['it-netz', 'it', 'verwaltung'] }), days: [whole('2026-12-01')], outcome: 'allowed', reasons: ['OK'] },
  {
    name: 'Kitzingen IT: Mon–Thu remote, Friday would leave no office day',
    ctx: kt({ orgUnitChain: ['it'], existingDays: existing(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03']) }),
    days: [whole('2026-12-04')],
    outcome: 'refused',
    reasons: ['MIN_OFFICE_DAYS'],
    params: { officeDays: 0, min: 1, week: 49 },
  },
  {
    name: 'Kitzingen IT: Mon–Thu remote, a half Friday leaves half an office day (still too little)',
    ctx: kt({ orgUnitChain: ['it'], existingDays: existing(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03']) }),
    days: [half('2026-12-04')],
    outcome: 'refused',
    reasons: ['MIN_OFFICE_DAYS'],
    params: { officeDays: 0.5 },
  },
  {
    name: 'Kitzingen IT: week of Heilige Drei Könige, three of four working days remote',
    ctx: kt({ today: '2026-12-20', orgUnitChain: ['it'], existingDays: existing(['2027-01-04', '2027-01-05']) }),
    days: [whole('2027-01-07')],
    outcome: 'allowed',
    reasons: ['OK'],
  },
  {
    name: 'Kitzingen IT: week of Heilige Drei Könige, all four working days remote',
    ctx: kt({ today: '2026-12-20', orgUnitChain: ['it'], existingDays: existing(['2027-01-04', '2027-01-05', '2027-01-07']) }),
    days: [whole('2027-01-08')],
    outcome: 'refused',
    reasons: ['MIN_OFFICE_DAYS'],
    params: { officeDays: 0, min: 1, week: 1 },
  },
];

describe('quota engine: one rule at a time', () => {
  for (const c of cases) {
    const expectation = c.outcome === 'refused' ? `refused for ${c.reasons.join(', ')}` : `${c.outcome} (${c.reasons.join(', ')})`;
    it(`when ${c.name}, then the last day is ${expectation}`, () => {
      const verdicts = evaluateProposal(c.ctx, c.track ?? 'occasional', c.days);
      assert.equal(verdicts.length, c.days.length);
      const last = verdicts[verdicts.length - 1]!;
      assert.equal(last.outcome, c.outcome, JSON.stringify(last.reasons));
      assert.deepEqual(codes(last), c.reasons);
      if (c.params) {
        for (const [key, value] of Object.entries(c.params)) assert.equal(last.reasons[0]!.params[key], value, key);
      }
    });
  }
});

describe('quota engine: a proposal as a whole', () => {
  it('when a long range is proposed, then verdicts come in date order with weekends and holidays refused', () => {
    const days = expandProposal({ type: 'range', from: '2026-12-21', to: '2026-12-27' });
    const verdicts = evaluateProposal(ctxFor(fullTime, muensterPolicy), 'occasional', [...days].reverse());
    assert.deepEqual(
      verdicts.map((v) => [v.date, v.outcome, v.reasons[0]!.code]),
      [
        ['2026-12-21', 'needs-approval', 'APPROVAL_REQUIRED'],
        ['2026-12-22', 'needs-approval', 'APPROVAL_REQUIRED'],
        ['2026-12-23', 'needs-approval', 'APPROVAL_REQUIRED'],
        ['2026-12-24', 'refused', 'QUOTA_HOURS'],
        ['2026-12-25', 'refused', 'PUBLIC_HOLIDAY'],
        ['2026-12-26', 'refused', 'NON_WORKING_DAY'],
        ['2026-12-27', 'refused', 'NON_WORKING_DAY'],
      ],
    );
  });

  it('when a range hits the weekly day cap, then later days in the range are refused with used/limit/week', () => {
    const policy: Policy = {
      ...muensterPolicy,
      versions: [{ ...muensterPolicy.versions[0]!, rules: { ...muensterRules, quota: { ...muensterRules.quota, maxShareOfHours: 1, maxDaysPerWeek: 3 } } }],
    };
    const verdicts = evaluateProposal(ctxFor(fullTime, policy), 'occasional', expandProposal({ type: 'range', from: '2026-11-23', to: '2026-11-27' }));
    assert.deepEqual(verdicts.map((v) => v.outcome), ['needs-approval', 'needs-approval', 'needs-approval', 'refused', 'refused']);
    assert.deepEqual(verdicts[3]!.reasons, [{ code: 'QUOTA_DAYS', params: { used: 4, limit: 3, week: 48, cap: 'quota-days' } }]);
  });

  it('when the policy changes in the middle of a range, then days after validFrom use the new rules', () => {
    const v2026: PolicyVersion = {
      validFrom: '2026-12-01',
      name: 'DV 2026',
      rules: { ...muensterRules, quota: { ...muensterRules.quota, maxDaysPerWeek: 2 }, tracks: { ...muensterRules.tracks, occasional: { approval: 'notify' } } },
      orgUnitOverrides: {},
    };
    const policy: Policy = { ...muensterPolicy, versions: [...muensterPolicy.versions, v2026] };
    const verdicts = evaluateProposal(ctxFor(fullTime, policy), 'occasional', expandProposal({ type: 'range', from: '2026-11-30', to: '2026-12-02' }));
    assert.deepEqual(
      verdicts.map((v) => [v.date, v.policyVersion, v.outcome, v.reasons[0]!.code]),
      [
        ['2026-11-30', '2019-01-01', 'needs-approval', 'APPROVAL_REQUIRED'],
        ['2026-12-01', '2026-12-01', 'allowed', 'MANAGER_NOTIFIED'],
        ['2026-12-02', '2026-12-01', 'refused', 'QUOTA_DAYS'],
      ],
    );
  });

  it('when a day lies before the first policy version, then it is refused with NO_POLICY', () => {
    const policy: Policy = { ...muensterPolicy, versions: [{ ...muensterPolicy.versions[0]!, validFrom: '2026-12-01' }] };
    const [before, after] = evaluateProposal(ctxFor(fullTime, policy), 'occasional', [whole('2026-11-30'), whole('2026-12-01')]);
    assert.deepEqual(codes(before!), ['NO_POLICY']);
    assert.equal(before!.policyVersion, undefined);
    assert.equal(after!.outcome, 'needs-approval');
  });

  it('when several rules fail, then all are listed with the deciding one first', () => {
    const [v] = evaluateProposal(ctxFor(newStarter, kitzingenPolicy, { remoteCountByDate: { '2026-12-01': 200 } }), 'occasional', [whole('2026-12-01')]);
    assert.deepEqual(codes(v!), ['PRESENCE_DAY', 'ONBOARDING', 'CAPACITY']);
  });

  it('when a refused day sits in the middle, then it does not count for later days', () => {
    const verdicts = evaluateProposal(ctxFor(fullTime, muensterPolicy), 'occasional', [
      whole('2026-11-23'),
      whole('2026-11-24'),
      whole('2026-11-25'),
      whole('2026-11-26'), // refused: 32 h > 31.2 h
      whole('2026-11-27'), // 8+8+8+7 = 31 h: fits since Thursday was refused
    ]);
    assert.deepEqual(verdicts.map((v) => v.outcome), ['needs-approval', 'needs-approval', 'needs-approval', 'refused', 'needs-approval']);
  });

  it('when the same date is proposed twice, then the second is ALREADY_PLANNED', () => {
    const verdicts = evaluateProposal(ctxFor(fullTime, kitzingenPolicy), 'occasional', [whole('2026-11-30'), whole('2026-11-30')]);
    assert.deepEqual(verdicts.map((v) => v.reasons[0]!.code), ['MANAGER_NOTIFIED', 'ALREADY_PLANNED']);
  });

  it('when the person prefers English, then the holiday name is English', () => {
    const [v] = evaluateProposal(ctxFor({ ...fullTime, preferredLocale: 'en' }, muensterPolicy), 'occasional', [whole('2026-12-25')]);
    assert.equal(v!.reasons[0]!.params.name, 'Christmas Day');
  });

  it('when a half day is allowed, then the verdict keeps portion and half', () => {
    const [v] = evaluateProposal(ctxFor(fullTime, kitzingenPolicy), 'occasional', [half('2026-11-30', 'afternoon')]);
    assert.equal(v!.portion, 0.5);
    assert.equal(v!.half, 'afternoon');
    assert.equal(v!.policyVersion, '2023-01-01');
  });
});

describe('averaging window of a day', () => {
  const rulesWith = (averagingWindow: 'week' | 'two-weeks' | 'month') => ({ ...kitzingenRules, quota: { ...kitzingenRules.quota, averagingWindow } });
  const cases: { kind: 'week' | 'two-weeks' | 'month'; date: string; from: string; to: string }[] = [
    { kind: 'week', date: '2026-11-20', from: '2026-11-16', to: '2026-11-22' },
    { kind: 'week', date: '2026-11-22', from: '2026-11-16', to: '2026-11-22' },
    { kind: 'week', date: '2027-01-01', from: '2026-12-28', to: '2027-01-03' },
    { kind: 'two-weeks', date: '2024-01-01', from: '2024-01-01', to: '2024-01-14' },
    { kind: 'two-weeks', date: '2024-01-15', from: '2024-01-15', to: '2024-01-28' },
    { kind: 'two-weeks', date: '2023-12-31', from: '2023-12-18', to: '2023-12-31' },
    { kind: 'two-weeks', date: '2026-11-23', from: '2026-11-16', to: '2026-11-29' },
    { kind: 'two-weeks', date: '2026-11-30', from: '2026-11-30', to: '2026-12-13' },
    { kind: 'month', date: '2026-02-14', from: '2026-02-01', to: '2026-02-28' },
    { kind: 'month', date: '2028-02-29', from: '2028-02-01', to: '2028-02-29' },
  ];
  for (const c of cases) {
    it(`when the window is ${c.kind} and the day ${c.date}, then it runs ${c.from}…${c.to}`, () => {
      assert.deepEqual(windowOf(rulesWith(c.kind), c.date), { from: c.from, to: c.to });
    });
  }

  it('when the window is a month, then the hours limit covers the whole month', () => {
    const policy: Policy = { ...muensterPolicy, versions: [{ ...muensterPolicy.versions[0]!, rules: { ...muensterRules, quota: { maxShareOfHours: 0.2, averagingWindow: 'month' } } }] };
    // December 2026 in NW: 23 weekdays minus 25 Dec = 22 working days: 19 × 8 h + 3 Fridays × 7 h = 173 h → limit 34.6 h.
    const days = ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-08', '2026-12-09'].map(whole);
    const verdicts = evaluateProposal(ctxFor(fullTime, policy), 'occasional', days);
    assert.deepEqual(verdicts.map((v) => v.outcome), ['needs-approval', 'needs-approval', 'needs-approval', 'needs-approval', 'refused']);
    assert.deepEqual(verdicts[4]!.reasons[0], {
      code: 'QUOTA_HOURS',
      params: { usedHours: 40, limitHours: 34.6, windowFrom: '2026-12-01', windowTo: '2026-12-31', window: 'month', week: 49, month: '2026-12', cap: 'quota-share' },
    });
  });
});
