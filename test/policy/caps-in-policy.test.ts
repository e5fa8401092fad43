/**
 * The policy file's caps, holidays and individual agreements: what parses into what, what is an
 * error (with the path inside the file), and that today's single-cap format keeps working.
 */
import assert from 'node:assert/strict';
import { capsOf } from '../../src/domain/cap-check.js';
import { checkPolicyAgainstDirectory } from '../../src/policy/check-policy-against-directory.js';
import { loadPolicyFile, parsePolicy, withAgreements } from '../../src/policy/load-policy.js';
import { fileError } from '../support/file-error.js';

const head = `organisation: { id: x, name: Verwaltung, state: BY }
`;
const withCaps = (caps: string, extra = '') => `${head}${extra}versions:
  - validFrom: 2026-01-01
    name: DV 2026
    rules:
      caps:
${caps}
`;

describe('caps in the policy file', () => {
  it('when today\'s single-cap format is used, then it still parses and becomes a share cap and a days cap with the same limits', () => {
    const p = parsePolicy(`${head}versions:\n  - validFrom: 2023-01-01\n    name: DV\n    rules:\n      quota: { maxShareOfHours: 40%, averagingWindow: two-weeks, maxDaysPerWeek: 2.5, twoWeekAnchor: 2026-01-05 }\n`, 'p.yaml');
    const caps = capsOf(p.versions[0]!.rules);
    assert.deepEqual(caps.map((c) => [c.id, c.measure, c.limit, c.window]), [
      ['quota-share', 'share', 0.4, { kind: 'two-weeks', anchor: '2026-01-05' }],
      ['quota-days', 'days', 2.5, { kind: 'week' }],
    ]);
    assert.equal(p.versions[0]!.rules.caps, undefined);
  });

  it('when the shipped policies are loaded, then the old ones have no caps list and the new ones have theirs', async () => {
    for (const f of ['policies/kitzingen-like.yaml', 'policies/muenster-like.yaml']) assert.equal((await loadPolicyFile(f)).versions[0]!.rules.caps, undefined, f);
    const several = await loadPolicyFile('policies/landkreis-mehrere-grenzen-like.yaml');
    assert.deepEqual(several.versions[0]!.rules.caps!.map((c) => [c.id, c.tracks.join('+'), c.measure, c.limit, c.window.kind, c.overLimit]), [
      ['telearbeit', 'standing', 'share', 0.6, 'two-weeks', 'refuse'],
      ['mobil-gelegentlich', 'occasional', 'days', 24, 'half-year', 'refuse'],
      ['gesamt', 'standing+occasional', 'share', 0.8, 'month', 'refuse'],
      ['buergerbuero-woche', 'standing+occasional', 'days', 1, 'week', 'approval'],
    ]);
    assert.deepEqual(several.holidays, { region: 'A', local: [], daysOff: [{ date: '12-24', name: 'Heiligabend', portion: 1 }, { date: '12-31', name: 'Silvester', portion: 1 }] });
    const bands = await loadPolicyFile('policies/stadt-baender-like.yaml', 'samples/agreements.yaml');
    assert.deepEqual(bands.versions[0]!.rules.caps![0]!.individual, { bands: { klein: 0.2, mittel: 0.4, gross: 0.6 }, max: 0.8 });
    assert.equal(bands.versions[0]!.rules.caps![0]!.holidayBase, 'contracted');
    assert.deepEqual(bands.agreements!['00000000-0000-0000-0000-000000000005'], [
      { personId: '00000000-0000-0000-0000-000000000005', capId: 'anteil', limit: 0.7, validFrom: '2026-01-01', validTo: '2027-06-30' },
    ]);
  });

  const windows: Array<[string, unknown]> = [
    ['week', { kind: 'week' }],
    ['two-weeks', { kind: 'two-weeks', anchor: '2024-01-01' }],
    ['month', { kind: 'month' }],
    ['quarter', { kind: 'quarter' }],
    ['half-year', { kind: 'half-year' }],
    ['year', { kind: 'year' }],
    ['rolling 28 days', { kind: 'rolling-days', length: 28 }],
    ['Rolling 4 Weeks', { kind: 'rolling-weeks', length: 4 }],
  ];
  for (const [text, window] of windows) {
    it(`when a cap's window is "${text}", then it is ${JSON.stringify(window)}`, () => {
      const p = parsePolicy(withCaps(`        - { id: c, name: C, days: 2, window: "${text}" }`), 'p.yaml');
      assert.deepEqual(p.versions[0]!.rules.caps![0]!.window, window);
    });
  }

  const errors: Array<[string, string, RegExp]> = [
    ['an unknown window', `        - { id: c, name: C, days: 2, window: fortnight }`, /versions\[0\]\.rules\.caps\[0\]\.window: must be week, two-weeks, month, quarter, half-year, year, "rolling N days" or "rolling N weeks" \(got "fortnight"\)/],
    ['a rolling window of 0 days', `        - { id: c, name: C, days: 2, window: rolling 0 days }`, /a rolling window has 1 to 366 days/],
    ['no limit', `        - { id: c, name: C, window: week }`, /caps\[0\]: states exactly one limit: share \(of the own hours\), hours or days \(got none\)/],
    ['two limits', `        - { id: c, name: C, days: 2, hours: 10, window: week }`, /got hours and days/],
    ['a share over 100 %', `        - { id: c, name: C, share: 120%, window: week }`, /caps\[0\]\.share: .*1/],
    ['an anchor that is not a Monday', `        - { id: c, name: C, days: 2, window: two-weeks, anchor: 2026-01-06 }`, /caps\[0\]\.anchor: must be a Monday/],
    ['an anchor on a weekly window', `        - { id: c, name: C, days: 2, window: week, anchor: 2026-01-05 }`, /caps\[0\]\.anchor: only a two-weeks window has an anchor/],
    ['a duplicate id', `        - { id: c, name: C, days: 2, window: week }\n        - { id: c, name: D, days: 3, window: month }`, /caps\[1\]\.id: duplicate cap id "c" \(already used by caps\[0\]\)/],
    ['an unknown key', `        - { id: c, name: C, days: 2, window: week, maxDays: 3 }`, /caps\[0\]\.maxDays: unknown key/],
    ['a band of days that is not whole or half', `        - { id: c, name: C, days: 2, window: week, individual: { bands: { a: 1.3 } } }`, /caps\[0\]\.individual\.bands\.a: days must be whole or half days/],
    ['holidaysLowerBase on a days cap', `        - { id: c, name: C, days: 2, window: week, holidaysLowerBase: false }`, /holidaysLowerBase: only a share cap/],
  ];
  for (const [name, caps, expected] of errors) {
    it(`when a cap has ${name}, then the file is refused naming the path`, () => {
      const e = fileError(() => parsePolicy(withCaps(caps), 'p.yaml'));
      assert.match(e.message, expected);
      assert.match(e.message, /^p\.yaml: /);
    });
  }

  it('when a version states both quota and caps, or a later one goes back to quota, or an override uses quota beside caps, then each is refused', () => {
    const both = fileError(() => parsePolicy(withCaps(`        - { id: c, name: C, days: 2, window: week }`).replace('    rules:\n', '    rules:\n      quota: { maxDaysPerWeek: 2 }\n'), 'p.yaml'));
    assert.match(both.message, /versions\[0\]\.rules\.quota: state either quota \(one cap\) or caps \(several\), not both/);
    const back = fileError(() => parsePolicy(withCaps(`        - { id: c, name: C, days: 2, window: week }`) + `  - validFrom: 2027-01-01\n    name: DV 2027\n    rules:\n      quota: { maxDaysPerWeek: 3 }\n`, 'p.yaml'));
    assert.match(back.message, /versions\[1\]\.rules\.quota: an earlier version states caps/);
    const override = fileError(() => parsePolicy(withCaps(`        - { id: c, name: C, days: 2, window: week }`) + `    orgUnitOverrides:\n      it: { quota: { maxDaysPerWeek: 3 } }\n`, 'p.yaml'));
    assert.match(override.message, /versions\[0\]\.orgUnitOverrides\.it\.quota: this version uses caps/);
  });

  it('when an org unit override states caps, then they replace the version\'s caps for that unit', () => {
    const p = parsePolicy(withCaps(`        - { id: c, name: C, days: 2, window: week }`) + `    orgUnitOverrides:\n      it:\n        caps:\n          - { id: it, name: IT, days: 4, window: week }\n`, 'p.yaml');
    assert.deepEqual(p.versions[0]!.orgUnitOverrides.it!.caps!.map((c) => c.id), ['it']);
  });

  it('when a cap names an org unit the directory does not know, then the start check reports its path', () => {
    const p = parsePolicy(withCaps(`        - { id: c, name: C, days: 2, window: week, orgUnits: [buergerbuero, bauamt] }`), 'p.yaml');
    const problems = checkPolicyAgainstDirectory(p, ['lra', 'buergerbuero', 'bauaufsicht']);
    assert.deepEqual(problems.map((x) => x.path), ['versions[0].rules.caps[0].orgUnits[1]']);
    assert.match(problems[0]!.problem, /unknown org unit; known: lra, buergerbuero, bauaufsicht/);
  });
});

describe('holidays in the policy file', () => {
  it('when a region, local holidays and whole and half days off are listed, then they parse', () => {
    const p = parsePolicy(`${head}holidays:\n  region: A\n  local: [{ date: "2026-06-12", name: Stadtjubiläum }]\n  daysOff:\n    - { date: "12-24", name: Heiligabend, portion: half }\n    - { date: "12-31", name: Silvester, portion: 0.5 }\n    - { date: "2026-05-15", name: Brückentag }\nversions:\n  - { validFrom: 2026-01-01, name: DV }\n`, 'p.yaml');
    assert.deepEqual(p.holidays, {
      region: 'A',
      local: [{ date: '2026-06-12', name: 'Stadtjubiläum', portion: 1 }],
      daysOff: [
        { date: '12-24', name: 'Heiligabend', portion: 0.5 },
        { date: '12-31', name: 'Silvester', portion: 0.5 },
        { date: '2026-05-15', name: 'Brückentag', portion: 1 },
      ],
    });
  });

  it('when the region is unknown for the state, then the error lists the known ones', () => {
    const e = fileError(() => parsePolicy(`${head}holidays: { region: XY }\nversions:\n  - { validFrom: 2026-01-01, name: DV }\n`, 'p.yaml'));
    assert.match(e.message, /holidays\.region: unknown region of BY; known: A \(Stadt Augsburg\), KATH .*\(got "XY"\)/);
  });

  it('when a listed date is neither YYYY-MM-DD nor MM-DD, then it is refused', () => {
    const e = fileError(() => parsePolicy(`${head}holidays: { daysOff: [{ date: "24.12.", name: Heiligabend }] }\nversions:\n  - { validFrom: 2026-01-01, name: DV }\n`, 'p.yaml'));
    assert.match(e.message, /holidays\.daysOff\[0\]\.date: must be a date like 2026-06-12 \(once\) or 12-24 \(every year\)/);
  });
});

describe('individual agreements file', () => {
  const policyText = withCaps(`        - { id: anteil, name: Anteil, share: 40%, window: month, individual: { bands: { klein: 20%, gross: 60% }, max: 80% } }
        - { id: tage, name: Tage, days: 4, window: week }`);
  const policy = parsePolicy(policyText, 'p.yaml');
  const P = '00000000-0000-0000-0000-000000000003';
  const cases: Array<[string, string, RegExp]> = [
    ['an unknown cap', `{ person: ${P}, cap: tage, band: klein, validFrom: 2026-01-01 }`, /agreements\[0\]\.cap: no cap "tage" with individual limits in the policy; known: anteil/],
    ['an unknown band', `{ person: ${P}, cap: anteil, band: mittel, validFrom: 2026-01-01 }`, /agreements\[0\]\.band: no band "mittel" in cap "anteil"; known: klein, gross/],
    ['a limit above the maximum', `{ person: ${P}, cap: anteil, limit: 90%, validFrom: 2026-01-01 }`, /agreements\[0\]\.limit: is above the highest individual limit of cap "anteil" \(0\.8\)/],
    ['both a band and a limit', `{ person: ${P}, cap: anteil, band: klein, limit: 30%, validFrom: 2026-01-01 }`, /agreements\[0\]: states either a band or an own limit/],
    ['validTo before validFrom', `{ person: ${P}, cap: anteil, band: klein, validFrom: 2026-05-01, validTo: 2026-04-30 }`, /agreements\[0\]\.validTo: must be on or after validFrom/],
    ['no person id', `{ person: anna, cap: anteil, band: klein, validFrom: 2026-01-01 }`, /agreements\[0\]\.person: must be an Entra object id/],
  ];
  for (const [name, entry, expected] of cases) {
    it(`when an agreement has ${name}, then the file is refused naming the path`, () => {
      const e = fileError(() => withAgreements(policy, `agreements:\n  - ${entry}\n`, 'a.yaml'));
      assert.match(e.message, expected);
    });
  }

  it('when two agreements of one person for one cap overlap, then the second is refused', () => {
    const e = fileError(() => withAgreements(policy, `agreements:\n  - { person: ${P}, cap: anteil, band: klein, validFrom: 2026-01-01, validTo: 2026-06-30 }\n  - { person: ${P}, cap: anteil, band: gross, validFrom: 2026-06-01 }\n`, 'a.yaml'));
    assert.match(e.message, /agreements\[1\]\.validFrom: overlaps agreements\[0\]/);
  });

  it('when agreements follow one another, then both are kept with their limits', () => {
    const p = withAgreements(policy, `agreements:\n  - { person: ${P.toUpperCase()}, cap: anteil, band: klein, validFrom: 2026-01-01, validTo: 2026-06-30 }\n  - { person: ${P}, cap: anteil, limit: "3/4", validFrom: 2026-07-01 }\n`, 'a.yaml');
    assert.deepEqual(p.agreements![P]!.map((a) => [a.band ?? '-', a.limit, a.validFrom, a.validTo ?? '-']), [
      ['klein', 0.2, '2026-01-01', '2026-06-30'],
      ['-', 0.75, '2026-07-01', '-'],
    ]);
  });
});
