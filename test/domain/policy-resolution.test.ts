import { DEFAULT_VPN_POLICY } from '../../src/domain/model.js';
import assert from 'node:assert/strict';
import type { Policy, PolicyVersion } from '../../src/domain/model.js';
import { effectiveRules, policyVersionFor, rulesInForce } from '../../src/domain/policy-resolution.js';
import { kitzingenRules, muensterRules } from './fixtures.js';

const v2019: PolicyVersion = { validFrom: '2019-01-01', name: 'DV 2019', rules: muensterRules, orgUnitOverrides: {} };
const v2026: PolicyVersion = { validFrom: '2026-12-01', name: 'DV 2026', rules: kitzingenRules, orgUnitOverrides: {} };
const policy: Policy = {
  organisation: { id: 'x', name: 'X', state: 'NW', timeZone: 'Europe/Berlin' },
  vpn: DEFAULT_VPN_POLICY,
  versions: [v2019, v2026],
};

describe('policy version for a day', () => {
  const cases: { date: string; expected: string | undefined }[] = [
    { date: '2018-12-31', expected: undefined },
    { date: '2019-01-01', expected: '2019-01-01' },
    { date: '2026-11-30', expected: '2019-01-01' },
    { date: '2026-12-01', expected: '2026-12-01' },
    { date: '2030-06-01', expected: '2026-12-01' },
  ];
  for (const c of cases) {
    it(`when the day is ${c.date}, then version ${c.expected ?? 'none'} applies`, () => {
      assert.equal(policyVersionFor(policy, c.date)?.validFrom, c.expected);
    });
  }

  it('when versions are not sorted, then the latest valid one still wins', () => {
    const unsorted = { ...policy, versions: [v2026, v2019] };
    assert.equal(policyVersionFor(unsorted, '2027-01-01')?.validFrom, '2026-12-01');
    assert.equal(policyVersionFor(unsorted, '2026-01-01')?.validFrom, '2019-01-01');
  });
});

describe("the rules in force for a person's unit on a day (the one way every caller reads them)", () => {
  const withOverride: Policy = {
    ...policy,
    versions: [v2026, { ...v2019, orgUnitOverrides: { amt: { leadTimeDays: 9 } } }],
  };
  const cases: { date: string; chain: string[]; version: string; inForce: boolean; leadTimeDays: number }[] = [
    { date: '2018-06-01', chain: [], version: '2019-01-01', inForce: false, leadTimeDays: muensterRules.leadTimeDays },
    { date: '2018-06-01', chain: ['amt'], version: '2019-01-01', inForce: false, leadTimeDays: 9 },
    { date: '2019-01-01', chain: ['team', 'amt'], version: '2019-01-01', inForce: true, leadTimeDays: 9 },
    { date: '2026-11-30', chain: ['other'], version: '2019-01-01', inForce: true, leadTimeDays: muensterRules.leadTimeDays },
    { date: '2026-12-01', chain: ['amt'], version: '2026-12-01', inForce: true, leadTimeDays: kitzingenRules.leadTimeDays },
  ];
  for (const c of cases) {
    it(`when the day is ${c.date} and the unit chain is [${c.chain.join(', ')}], then version ${c.version} ${c.inForce ? 'is in force' : 'is the one about to apply'} with lead time ${c.leadTimeDays}`, () => {
      const r = rulesInForce(withOverride, c.chain, c.date);
      assert.equal(r.version.validFrom, c.version);
      assert.equal(r.inForce, c.inForce);
      assert.equal(r.rules.leadTimeDays, c.leadTimeDays);
    });
  }

  it('when the rules are read, then the policy itself is never changed', () => {
    const before = JSON.stringify(withOverride);
    rulesInForce(withOverride, ['team', 'amt'], '2020-01-01').rules.leadTimeDays = 99;
    assert.equal(JSON.stringify(withOverride), before);
  });
});

describe('effective rules for an org unit', () => {
  const version: PolicyVersion = {
    validFrom: '2023-01-01',
    name: 'DV',
    rules: kitzingenRules,
    orgUnitOverrides: {
      dezernat: { leadTimeDays: 3, quota: { maxDaysPerWeek: 3 }, tracks: { standing: { trialPeriodMonths: 6 } } },
      it: { leadTimeDays: 0, presenceDays: [], quota: { maxShareOfHours: 0.6 }, tracks: { occasional: { approval: 'none' } } },
    },
  };

  it('when no unit in the chain has an override, then the organisation rules apply unchanged', () => {
    assert.deepEqual(effectiveRules(version, ['bauamt', 'verwaltung']), kitzingenRules);
  });

  it('when the own unit and an ancestor override, then the nearer unit wins and quota/tracks merge', () => {
    const rules = effectiveRules(version, ['it', 'dezernat', 'verwaltung']);
    assert.equal(rules.leadTimeDays, 0); // own unit beats the Dezernat
    assert.deepEqual(rules.presenceDays, []);
    assert.deepEqual(rules.quota, { maxShareOfHours: 0.6, averagingWindow: 'two-weeks', maxDaysPerWeek: 3 });
    assert.deepEqual(rules.tracks.standing, { approval: 'required', trialPeriodMonths: 6, maxDurationMonths: 12 });
    assert.deepEqual(rules.tracks.occasional, { approval: 'none' });
    assert.equal(rules.capacityPerDay, 150);
  });

  it('when only an ancestor overrides, then its children inherit the override', () => {
    const rules = effectiveRules(version, ['sachgebiet-42', 'dezernat']);
    assert.equal(rules.leadTimeDays, 3);
    assert.equal(rules.quota.maxDaysPerWeek, 3);
    assert.equal(rules.quota.maxShareOfHours, 0.4);
  });

  it('when rules are resolved, then the version is not mutated', () => {
    const before = JSON.stringify(version);
    const rules = effectiveRules(version, ['it', 'dezernat']);
    rules.quota.maxShareOfHours = 0.99;
    rules.tracks.standing.trialPeriodMonths = 99;
    assert.equal(JSON.stringify(version), before);
  });

  it('when an override holds an explicit undefined, then it does not erase the value', () => {
    const v: PolicyVersion = { ...version, orgUnitOverrides: { a: { capacityPerDay: undefined, quota: { maxShareOfHours: undefined } } } };
    const rules = effectiveRules(v, ['a']);
    assert.equal(rules.capacityPerDay, 150);
    assert.equal(rules.quota.maxShareOfHours, 0.4);
  });
});

describe('policy resolution: desk rules per org unit', () => {
  it('when an org unit overrides one desk rule, then the other desk rules of the policy stay', async () => {
    const { effectiveRules } = await import('../../src/domain/policy-resolution.js');
    const { deskRulesOf } = await import('../../src/domain/desk-rules.js');
    const { kitzingenVersion } = await import('./fixtures.js');
    const base = { ...kitzingenVersion.rules, desks: { ...deskRulesOf(kitzingenVersion.rules), defaultOnSiteVisibility: 'hidden' as const, checkInDeadline: '09:30' } };
    const version = { ...kitzingenVersion, rules: base, orgUnitOverrides: { 'it-service': { desks: { checkInDeadline: '08:00' } } } };
    const rules = deskRulesOf(effectiveRules(version, ['it-service', 'lra']));
    assert.equal(rules.checkInDeadline, '08:00');
    assert.equal(rules.defaultOnSiteVisibility, 'hidden');
  });
});
