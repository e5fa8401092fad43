/**
 * Tables of cases for the caps of a policy version: every measure (share, hours, days), every
 * window (week, two weeks with an anchor, month, quarter, half-year, year, rolling days and weeks),
 * tracks, org-unit scope, the consequence (refused or needs approval), individual bands and the
 * holiday options (region, local holidays, whole and half days off, base lowered or not).
 */
import assert from 'node:assert/strict';
import type { Cap, CapWindow } from '../../src/domain/cap-model.js';
import { capWindowRange, capWindowsContaining } from '../../src/domain/cap-window.js';
import { HolidayCalendar, type HolidaySettings } from '../../src/domain/holiday-calendar.js';
import type { IndividualAgreement } from '../../src/domain/individual-agreement.js';
import type { DayVerdict, Policy, ProposedDay, ReasonCode, Track } from '../../src/domain/model.js';
import { evaluateProposal, type ExistingDay } from '../../src/domain/quota-engine.js';
import { quotaSummary } from '../../src/domain/quota-summary.js';
import { ctxFor, fullTime, muensterPolicy, muensterRules, partTime } from './fixtures.js';

const whole = (date: string): ProposedDay => ({ date, portion: 1 });
const halfDay = (date: string): ProposedDay => ({ date, portion: 0.5, half: 'morning' });

function cap(id: string, patch: Partial<Cap> & Pick<Cap, 'measure' | 'limit' | 'window'>): Cap {
  return { id, name: `Cap ${id}`, tracks: ['standing', 'occasional'], overLimit: 'refuse', holidayBase: 'worked', ...patch };
}

function policyWith(caps: Cap[], extra: { holidays?: HolidaySettings; agreements?: Record<string, IndividualAgreement[]>; state?: string } = {}): Policy {
  return {
    ...muensterPolicy,
    organisation: { ...muensterPolicy.organisation, state: extra.state ?? 'NW' },
    ...(extra.holidays ? { holidays: extra.holidays } : {}),
    ...(extra.agreements ? { agreements: extra.agreements } : {}),
    versions: [
      {
        validFrom: '2019-01-01',
        name: 'DV mit mehreren Grenzen',
        rules: {
          ...muensterRules,
          halfDaysAllowed: true,
          tracks: { ...muensterRules.tracks, occasional: { approval: 'none' }, standing: { ...muensterRules.tracks.standing, approval: 'none', minHoursPerWeek: undefined } },
          caps,
        },
        orgUnitOverrides: {},
      },
    ],
  };
}

const prior = (dates: string[], track?: Track, portion: 1 | 0.5 = 1): ExistingDay[] =>
  dates.map((date) => ({ date, portion, status: 'approved', requestId: 'r-old', ...(track ? { track } : {}) }));

interface Case {
  name: string;
  policy: Policy;
  existing?: ExistingDay[];
  track?: Track;
  days: ProposedDay[];
  today?: string;
  /** Verdict of the LAST day. */
  outcome: DayVerdict['outcome'];
  codes: ReasonCode[];
  params?: Record<string, string | number>;
  person?: typeof fullTime;
}

const week = (w: CapWindow = { kind: 'week' }) => w;
const regular = cap('regelmaessig', { tracks: ['standing'], measure: 'share', limit: 0.4, window: { kind: 'two-weeks', anchor: '2026-11-23' } });
const occasional = cap('gelegentlich', { tracks: ['occasional'], measure: 'days', limit: 3, window: { kind: 'month' } });
const combined = cap('gesamt', { measure: 'share', limit: 0.6, window: { kind: 'month' } });
const three = policyWith([regular, occasional, combined]);

const cases: Case[] = [
  // ---- several caps at once: each judges only its tracks
  { name: 'three caps: a first occasional day', policy: three, days: [whole('2026-12-01')], outcome: 'allowed', codes: ['OK'] },
  {
    name: 'three caps: a fourth occasional day in December breaks the occasional days cap (month)',
    policy: three,
    existing: prior(['2026-12-01', '2026-12-02', '2026-12-03'], 'occasional'),
    days: [whole('2026-12-07')],
    outcome: 'refused',
    codes: ['QUOTA_DAYS_WINDOW'],
    params: { cap: 'gelegentlich', capName: 'Cap gelegentlich', used: 4, limit: 3, window: 'month', windowFrom: '2026-12-01', windowTo: '2026-12-31' },
  },
  {
    name: 'three caps: standing days do not count towards the occasional days cap',
    policy: three,
    existing: prior(['2026-12-01', '2026-12-02', '2026-12-03'], 'standing'),
    days: [whole('2026-12-10')],
    outcome: 'allowed',
    codes: ['OK'],
  },
  {
    name: 'three caps: the regular cap (40 % over the two weeks anchored on 23 Nov) judges a standing day',
    policy: three,
    track: 'standing',
    existing: prior(['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-14'], 'standing'),
    days: [whole('2026-12-15')],
    outcome: 'refused',
    codes: ['QUOTA_HOURS'],
    params: { cap: 'regelmaessig', usedHours: 40, limitHours: 31.2, window: 'two-weeks', windowFrom: '2026-12-07', windowTo: '2026-12-20', share: 0.4 },
  },
  {
    name: 'a combined cap (30 % of December = 51.9 h) counts both tracks',
    policy: policyWith([occasional, cap('gesamt', { measure: 'share', limit: 0.3, window: { kind: 'month' } })]),
    existing: [...prior(['2026-12-01', '2026-12-02', '2026-12-03'], 'occasional'), ...prior(['2026-12-07', '2026-12-08', '2026-12-09'], 'standing')],
    track: 'standing',
    days: [whole('2026-12-14')],
    outcome: 'refused',
    codes: ['QUOTA_HOURS'],
    params: { cap: 'gesamt', capName: 'Cap gesamt', usedHours: 56, limitHours: 51.9, window: 'month', month: '2026-12' },
  },
  {
    name: 'an occasional day over both the occasional and the combined cap lists both, in the policy’s order',
    policy: policyWith([occasional, cap('gesamt', { measure: 'share', limit: 0.3, window: { kind: 'month' } })]),
    existing: [...prior(['2026-12-01', '2026-12-02', '2026-12-03'], 'occasional'), ...prior(['2026-12-07', '2026-12-08', '2026-12-09'], 'standing')],
    days: [whole('2026-12-14')],
    outcome: 'refused',
    codes: ['QUOTA_DAYS_WINDOW', 'QUOTA_HOURS'],
    params: { cap: 'gelegentlich' },
  },
  // ---- windows
  ...windowCases(),
  // ---- measure hours
  {
    name: 'hours cap: 20 h per week, a third 8-hour day is over',
    policy: policyWith([cap('stunden', { measure: 'hours', limit: 20, window: week() })]),
    existing: prior(['2026-11-23', '2026-11-24']),
    days: [whole('2026-11-25')],
    outcome: 'refused',
    codes: ['QUOTA_HOURS'],
    params: { usedHours: 24, limitHours: 20, cap: 'stunden' },
  },
  { name: 'hours cap: a half day still fits (20 h)', policy: policyWith([cap('stunden', { measure: 'hours', limit: 20, window: week() })]), existing: prior(['2026-11-23', '2026-11-24']), days: [halfDay('2026-11-25')], outcome: 'allowed', codes: ['OK'] },
  // ---- consequence: needs approval
  {
    name: 'a cap with the consequence "approval": over it the day goes to the manager, even on a track with no approval',
    policy: policyWith([cap('soft', { measure: 'days', limit: 2, window: week(), overLimit: 'approval' })]),
    existing: prior(['2026-11-23', '2026-11-24']),
    days: [whole('2026-11-25')],
    outcome: 'needs-approval',
    codes: ['OVER_CAP_APPROVAL'],
    params: { cap: 'soft', used: 3, limit: 2, over: 'QUOTA_DAYS', measure: 'days' },
  },
  {
    name: 'a refusing cap wins over an approval cap',
    policy: policyWith([cap('soft', { measure: 'days', limit: 2, window: week(), overLimit: 'approval' }), cap('hard', { measure: 'days', limit: 2.5, window: week() })]),
    existing: prior(['2026-11-23', '2026-11-24']),
    days: [whole('2026-11-25')],
    outcome: 'refused',
    codes: ['QUOTA_DAYS'],
    params: { cap: 'hard' },
  },
  // ---- scope
  { name: 'a cap scoped to another unit does not apply', policy: policyWith([cap('it', { measure: 'days', limit: 0, window: week(), orgUnits: ['it'] })]), days: [whole('2026-11-23')], outcome: 'allowed', codes: ['OK'] },
  { name: 'a cap scoped to a parent unit applies to its children', policy: policyWith([cap('verw', { measure: 'days', limit: 0, window: week(), orgUnits: ['verwaltung'] })]), days: [whole('2026-11-23')], outcome: 'refused', codes: ['QUOTA_DAYS'], params: { cap: 'verw' } },
  // ---- anchor of the two-week rhythm
  {
    name: 'two weeks anchored on 30 Nov: 23–27 Nov lie in the block before',
    policy: policyWith([cap('zwei', { measure: 'days', limit: 4, window: { kind: 'two-weeks', anchor: '2026-11-30' } })]),
    existing: prior(['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26']),
    days: [whole('2026-11-30')],
    outcome: 'allowed',
    codes: ['OK'],
  },
  {
    name: 'two weeks anchored on 23 Nov: 23 Nov–6 Dec is one block',
    policy: policyWith([cap('zwei', { measure: 'days', limit: 4, window: { kind: 'two-weeks', anchor: '2026-11-23' } })]),
    existing: prior(['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26']),
    days: [whole('2026-11-30')],
    outcome: 'refused',
    codes: ['QUOTA_DAYS_WINDOW'],
    params: { windowFrom: '2026-11-23', windowTo: '2026-12-06', weekTo: 49 },
  },
  // ---- individual bands and agreements
  ...individualCases(),
  // ---- holidays
  ...holidayCases(),
];

function windowCases(): Case[] {
  const days = (w: CapWindow, limit: number) => policyWith([cap('w', { measure: 'days', limit, window: w })]);
  return [
    { name: 'quarter: 2 days in Q4 already, a third is over a limit of 2', policy: days({ kind: 'quarter' }, 2), existing: prior(['2026-10-05', '2026-11-23']), days: [whole('2026-12-01')], outcome: 'refused', codes: ['QUOTA_DAYS_WINDOW'], params: { window: 'quarter', windowFrom: '2026-10-01', windowTo: '2026-12-31' } },
    { name: 'quarter: a day in the next quarter is free again', policy: days({ kind: 'quarter' }, 2), existing: prior(['2026-10-05', '2026-11-23']), days: [whole('2027-01-04')], outcome: 'allowed', codes: ['OK'] },
    { name: 'half-year: July–December counts together', policy: days({ kind: 'half-year' }, 2), existing: prior(['2026-07-06', '2026-11-23']), days: [whole('2026-12-01')], outcome: 'refused', codes: ['QUOTA_DAYS_WINDOW'], params: { window: 'half-year', windowFrom: '2026-07-01', windowTo: '2026-12-31' } },
    { name: 'half-year: January starts a new half-year', policy: days({ kind: 'half-year' }, 2), existing: prior(['2026-07-06', '2026-11-23']), days: [whole('2027-01-04')], outcome: 'allowed', codes: ['OK'] },
    { name: 'year: the calendar year counts', policy: days({ kind: 'year' }, 2), existing: prior(['2026-02-02', '2026-11-23']), days: [whole('2026-12-01')], outcome: 'refused', codes: ['QUOTA_DAYS_WINDOW'], params: { window: 'year', windowFrom: '2026-01-01', windowTo: '2026-12-31' } },
    {
      name: 'rolling 7 days: Wed–Tue holds three days, a fourth is over',
      policy: days({ kind: 'rolling-days', length: 7 }, 3),
      existing: prior(['2026-11-25', '2026-11-27', '2026-11-30']),
      days: [whole('2026-12-01')],
      outcome: 'refused',
      codes: ['QUOTA_DAYS_WINDOW'],
      params: { window: 'rolling-days', windowFrom: '2026-11-25', windowTo: '2026-12-01', windowDays: 7 },
    },
    { name: 'rolling 7 days: eight days later the first day has left every window', policy: days({ kind: 'rolling-days', length: 7 }, 3), existing: prior(['2026-11-25', '2026-11-27', '2026-11-30']), days: [whole('2026-12-02')], outcome: 'allowed', codes: ['OK'] },
    {
      name: 'rolling 7 days: a day BEFORE planned ones is judged by the windows that start with it',
      policy: days({ kind: 'rolling-days', length: 7 }, 3),
      existing: prior(['2026-11-30', '2026-12-01', '2026-12-02']),
      days: [whole('2026-11-26')],
      outcome: 'refused',
      codes: ['QUOTA_DAYS_WINDOW'],
      params: { windowFrom: '2026-11-26', windowTo: '2026-12-02' },
    },
    {
      name: 'rolling 4 weeks: 6 days in weeks 48–51, a seventh is over',
      policy: days({ kind: 'rolling-weeks', length: 4 }, 6),
      existing: prior(['2026-11-23', '2026-11-24', '2026-12-01', '2026-12-02', '2026-12-08', '2026-12-15']),
      days: [whole('2026-12-16')],
      outcome: 'refused',
      codes: ['QUOTA_DAYS_WINDOW'],
      params: { window: 'rolling-weeks', windowFrom: '2026-11-23', windowTo: '2026-12-20', windowWeeks: 4 },
    },
    { name: 'rolling 4 weeks: in week 52 the days of week 48 have left the window', policy: days({ kind: 'rolling-weeks', length: 4 }, 6), existing: prior(['2026-11-23', '2026-11-24', '2026-12-01', '2026-12-02', '2026-12-08', '2026-12-15']), days: [whole('2026-12-21')], outcome: 'allowed', codes: ['OK'] },
    { name: 'month of a share cap: 20 % of December (34.6 h) holds four days, not five', policy: policyWith([cap('m', { measure: 'share', limit: 0.2, window: { kind: 'month' } })]), existing: prior(['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-08']), days: [whole('2026-12-09')], outcome: 'refused', codes: ['QUOTA_HOURS'], params: { usedHours: 40, limitHours: 34.6, month: '2026-12' } },
  ];
}

function individualCases(): Case[] {
  const banded = cap('band', { measure: 'share', limit: 0.4, window: week(), individual: { bands: { niedrig: 0.2, hoch: 0.6 }, max: 0.8 } });
  const agreement = (limit: number, band?: string, validTo?: string): Record<string, IndividualAgreement[]> => ({
    anna: [{ personId: 'anna', capId: 'band', limit, validFrom: '2026-11-30', ...(band ? { band } : {}), ...(validTo ? { validTo } : {}) }],
  });
  return [
    { name: 'band: without an agreement the cap’s 40 % (15.6 h) holds one day, not two', policy: policyWith([banded]), existing: prior(['2026-11-30']), days: [whole('2026-12-01')], outcome: 'refused', codes: ['QUOTA_HOURS'], params: { limitHours: 15.6 } },
    { name: 'band "hoch" (60 % = 23.4 h): two days fit', policy: policyWith([banded], { agreements: agreement(0.6, 'hoch') }), existing: prior(['2026-11-30']), days: [whole('2026-12-01')], outcome: 'allowed', codes: ['OK'] },
    { name: 'band "hoch": a third day is over, and the verdict names the band', policy: policyWith([banded], { agreements: agreement(0.6, 'hoch') }), existing: prior(['2026-11-30', '2026-12-01']), days: [whole('2026-12-02')], outcome: 'refused', codes: ['QUOTA_HOURS'], params: { limitHours: 23.4, agreement: 'hoch', share: 0.6 } },
    { name: 'band "niedrig" (20 % = 7.8 h): not even one whole day of 8 h', policy: policyWith([banded], { agreements: agreement(0.2, 'niedrig') }), days: [whole('2026-11-30')], outcome: 'refused', codes: ['QUOTA_HOURS'], params: { agreement: 'niedrig' } },
    { name: 'an own limit by written agreement (80 %)', policy: policyWith([banded], { agreements: agreement(0.8) }), existing: prior(['2026-11-30', '2026-12-01', '2026-12-02']), days: [whole('2026-12-04')], outcome: 'allowed', codes: ['OK'] },
    { name: 'before the agreement is valid, the cap’s own limit applies', policy: policyWith([banded], { agreements: agreement(0.6, 'hoch') }), existing: prior(['2026-11-23']), days: [whole('2026-11-24')], outcome: 'refused', codes: ['QUOTA_HOURS'], params: { limitHours: 15.6 } },
    { name: 'after validTo, the cap’s own limit applies again', policy: policyWith([banded], { agreements: agreement(0.6, 'hoch', '2026-12-06') }), existing: prior(['2026-12-07']), days: [whole('2026-12-08')], outcome: 'refused', codes: ['QUOTA_HOURS'], params: { limitHours: 15.6 } },
    { name: 'another person’s agreement does not apply', policy: policyWith([banded], { agreements: agreement(0.6, 'hoch') }), person: { ...fullTime, id: 'bert' }, existing: prior(['2026-11-30']), days: [whole('2026-12-01')], outcome: 'refused', codes: ['QUOTA_HOURS'] },
  ];
}

function holidayCases(): Case[] {
  const settings: HolidaySettings = {
    local: [{ date: '2026-11-26', name: 'Stadtfest', portion: 1 }],
    daysOff: [
      { date: '12-24', name: 'Heiligabend', portion: 1 },
      { date: '12-31', name: 'Silvester', portion: 0.5 },
    ],
  };
  const share = (base: 'worked' | 'contracted', limit = 0.6) => policyWith([cap('anteil', { measure: 'share', limit, window: week(), holidayBase: base })], { holidays: settings });
  return [
    { name: 'a local holiday of the policy is refused like a public one', policy: share('worked'), days: [whole('2026-11-26')], outcome: 'refused', codes: ['PUBLIC_HOLIDAY'], params: { name: 'Stadtfest' } },
    { name: 'a whole day off (24 December, every year)', policy: share('worked'), days: [whole('2026-12-24')], outcome: 'refused', codes: ['DAY_OFF'], params: { name: 'Heiligabend' } },
    { name: 'a half day off (31 December) can still be a mobile day', policy: share('worked'), days: [whole('2026-12-31')], outcome: 'allowed', codes: ['OK'] },
    {
      name: 'holidays lower the base (default): Christmas week 2026 has 24 h to work, 60 % = 14.4 h',
      policy: share('worked'),
      existing: prior(['2026-12-21', '2026-12-22']),
      days: [halfDay('2026-12-23')],
      outcome: 'refused',
      codes: ['QUOTA_HOURS'],
      params: { usedHours: 20, limitHours: 14.4 },
    },
    {
      name: 'holidays keep the base: 60 % of the contracted 39 h = 23.4 h',
      policy: share('contracted'),
      existing: prior(['2026-12-21', '2026-12-22']),
      days: [halfDay('2026-12-23')],
      outcome: 'allowed',
      codes: ['OK'],
    },
    {
      name: 'a half day off counts half its hours: New Year’s week, 31 Dec whole remote day = 4 h',
      policy: policyWith([cap('stunden', { measure: 'hours', limit: 20, window: week() })], { holidays: settings }),
      existing: prior(['2026-12-28', '2026-12-29']),
      days: [whole('2026-12-31')],
      outcome: 'allowed',
      codes: ['OK'],
    },
    {
      name: 'region A of Bavaria (Augsburg): the Augsburger Friedensfest is a public holiday',
      policy: policyWith([], { state: 'BY', holidays: { region: 'A', local: [], daysOff: [] } }),
      today: '2025-08-01',
      days: [whole('2025-08-08')],
      outcome: 'refused',
      codes: ['PUBLIC_HOLIDAY'],
      params: { name: 'Augsburger Friedensfest' },
    },
    { name: 'Bavaria without a region: 8 August is a working day', policy: policyWith([], { state: 'BY' }), today: '2025-08-01', days: [whole('2025-08-08')], outcome: 'allowed', codes: ['OK'] },
  ];
}

describe('caps of a policy version (tables)', () => {
  for (const c of cases) {
    it(`when ${c.name}, then ${c.outcome}${c.codes.length ? ` (${c.codes.join(', ')})` : ''}`, () => {
      const ctx = ctxFor(c.person ?? fullTime, c.policy, { existingDays: c.existing ?? [], ...(c.today ? { today: c.today } : {}) });
      const verdicts = evaluateProposal(ctx, c.track ?? 'occasional', c.days);
      const last = verdicts[verdicts.length - 1]!;
      assert.equal(last.outcome, c.outcome, JSON.stringify(last));
      assert.deepEqual(last.reasons.map((r) => r.code), c.codes, JSON.stringify(last.reasons));
      for (const [k, v] of Object.entries(c.params ?? {})) assert.equal(last.reasons[0]!.params[k], v, `${k} in ${JSON.stringify(last.reasons[0])}`);
    });
  }
});

describe('cap windows', () => {
  const table: Array<[CapWindow, string, string, string]> = [
    [{ kind: 'quarter' }, '2026-02-14', '2026-01-01', '2026-03-31'],
    [{ kind: 'quarter' }, '2026-12-31', '2026-10-01', '2026-12-31'],
    [{ kind: 'half-year' }, '2026-06-30', '2026-01-01', '2026-06-30'],
    [{ kind: 'half-year' }, '2026-07-01', '2026-07-01', '2026-12-31'],
    [{ kind: 'year' }, '2028-02-29', '2028-01-01', '2028-12-31'],
    [{ kind: 'two-weeks', anchor: '2026-01-05' }, '2026-01-04', '2025-12-22', '2026-01-04'],
    [{ kind: 'two-weeks', anchor: '2026-01-05' }, '2026-01-18', '2026-01-05', '2026-01-18'],
    [{ kind: 'rolling-days', length: 28 }, '2026-03-01', '2026-02-02', '2026-03-01'],
    [{ kind: 'rolling-weeks', length: 2 }, '2026-11-25', '2026-11-16', '2026-11-29'],
  ];
  for (const [w, date, from, to] of table) {
    it(`when the window is ${JSON.stringify(w)} and the day ${date}, then it runs ${from}…${to}`, () => {
      assert.deepEqual(capWindowRange(w, date), { from, to });
    });
  }
  it('when a window is rolling over N days, then every one of the N runs containing the day is checked', () => {
    const runs = capWindowsContaining({ kind: 'rolling-days', length: 3 }, '2026-11-25');
    assert.deepEqual(runs, [
      { from: '2026-11-25', to: '2026-11-27' },
      { from: '2026-11-24', to: '2026-11-26' },
      { from: '2026-11-23', to: '2026-11-25' },
    ]);
  });
});

describe('holiday calendar', () => {
  it('when a region is given, then its public holidays count, and not without it', () => {
    assert.equal(new HolidayCalendar('BY', { region: 'A', local: [], daysOff: [] }).dayOff('2025-08-08')?.name, 'Augsburger Friedensfest');
    assert.equal(new HolidayCalendar('BY').dayOff('2025-08-08'), undefined);
  });
  it('when a date is listed as MM-DD, then it is off every year; a full date only once', () => {
    const c = new HolidayCalendar('NW', { local: [{ date: '2026-06-12', name: 'Stadtjubiläum', portion: 1 }], daysOff: [{ date: '12-31', name: 'Silvester', portion: 0.5 }] });
    assert.deepEqual(c.dayOff('2030-12-31'), { name: 'Silvester', portion: 0.5, kind: 'day-off' });
    assert.equal(c.dayOff('2026-06-12')?.kind, 'local');
    assert.equal(c.dayOff('2027-06-12'), undefined);
  });
  it('when a public holiday is also listed as a day off, then the public holiday wins', () => {
    const c = new HolidayCalendar('NW', { local: [], daysOff: [{ date: '12-25', name: 'dienstfrei', portion: 0.5 }] });
    assert.deepEqual(c.dayOff('2026-12-25'), { name: '1. Weihnachtstag', portion: 1, kind: 'public' });
  });
});

describe('my quota with caps', () => {
  it('when a policy has several caps, then the summary lists each with its window, use and limit, the band included', () => {
    const banded = cap('band', { measure: 'share', limit: 0.4, window: week(), individual: { bands: { hoch: 0.6 } } });
    const policy = policyWith([banded, occasional], { agreements: { paul: [{ personId: 'paul', capId: 'band', band: 'hoch', limit: 0.6, validFrom: '2026-01-01' }] } });
    const s = quotaSummary(ctxFor(partTime, policy, { existingDays: prior(['2026-11-23'], 'occasional') }), '2026-11-25');
    assert.equal(s.limitHours, 11.7); // 60 % of 19.5 h
    assert.deepEqual(s.caps, [
      { id: 'band', name: 'Cap band', measure: 'share', window: { from: '2026-11-23', to: '2026-11-29', kind: 'week' }, used: 6.5, allowed: 11.7, agreement: 'hoch' },
      { id: 'gelegentlich', name: 'Cap gelegentlich', measure: 'days', window: { from: '2026-11-01', to: '2026-11-30', kind: 'month' }, used: 1, allowed: 3 },
    ]);
  });
});
