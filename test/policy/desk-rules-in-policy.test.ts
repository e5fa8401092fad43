import assert from 'node:assert/strict';
import { fileError } from '../support/file-error.js';
import { DEFAULT_DESK_RULES, deskRulesOf } from '../../src/domain/desk-rules.js';
import { loadPolicyFile, parsePolicy } from '../../src/policy/load-policy.js';

const MINIMAL = `organisation: { id: lra, name: Landratsamt, state: BY }
versions:
  - validFrom: 2023-01-01
    name: DV 2023
`;


describe('policy file: desk rules', () => {
  it('a policy without a desks block gets the default desk rules', () => {
    assert.deepEqual(parsePolicy(MINIMAL, 'p.yaml').versions[0]?.rules.desks, DEFAULT_DESK_RULES);
  });

  it('Münster-like: desk rules as written, 28 days, check-in by 10:00, names shown', async () => {
    const [v1, v2] = (await loadPolicyFile('policies/muenster-like.yaml')).versions;
    assert.deepEqual(v1?.rules.desks, { ...DEFAULT_DESK_RULES });
    assert.deepEqual(v2?.rules.desks, v1?.rules.desks, 'the 2027 version keeps them');
  });

  it('Kitzingen-like: 14 days, 5 bookings, 09:30, names hidden by default', async () => {
    const policy = await loadPolicyFile('policies/kitzingen-like.yaml');
    const [v1, v2] = policy.versions;
    assert.deepEqual(v1?.rules.desks, {
      bookingWindowDays: 14,
      maxActiveBookings: 5,
      accessibleReserveDays: 3,
      checkInDeadline: '09:30',
      checkInReminderMinutes: 30,
      defaultOnSiteVisibility: 'hidden',
      reservedZoneOpenDays: 1,
    });
    assert.deepEqual(v2?.rules.desks, v1?.rules.desks);
  });

  it('a later version changes single desk rules and keeps the others', () => {
    const text = `${MINIMAL}    rules: { desks: { bookingWindowDays: 21, checkInDeadline: "09:00" } }
  - validFrom: 2024-01-01
    name: DV 2024
    rules: { desks: { maxActiveBookings: 4 } }
`;
    const [v1, v2] = parsePolicy(text, 'p.yaml').versions;
    assert.deepEqual(v1?.rules.desks, { ...DEFAULT_DESK_RULES, bookingWindowDays: 21, checkInDeadline: '09:00' });
    assert.deepEqual(v2?.rules.desks, { ...DEFAULT_DESK_RULES, bookingWindowDays: 21, checkInDeadline: '09:00', maxActiveBookings: 4 });
  });

  it('an org-unit override states only what differs; deskRulesOf completes it', () => {
    const text = `${MINIMAL}    orgUnitOverrides:\n      sg-21: { desks: { reservedZoneOpenDays: 3 } }\n`;
    const v = parsePolicy(text, 'p.yaml').versions[0];
    assert.deepEqual(v?.orgUnitOverrides['sg-21'], { desks: { reservedZoneOpenDays: 3 } });
    assert.deepEqual(deskRulesOf({ ...v!.rules, desks: { ...v!.rules.desks!, ...v!.orgUnitOverrides['sg-21']!.desks } }), { ...DEFAULT_DESK_RULES, reservedZoneOpenDays: 3 });
  });

  const bad: Array<{ name: string; rules: string; path: string; problem: RegExp }> = [
    { name: 'a typo in a key', rules: '{ desks: { bookingWindowDay: 10 } }', path: 'versions[0].rules.desks.bookingWindowDay', problem: /unknown key/ },
    { name: 'a window of 0 days', rules: '{ desks: { bookingWindowDays: 0 } }', path: 'versions[0].rules.desks.bookingWindowDays', problem: /at least 1/ },
    { name: 'a fractional maximum', rules: '{ desks: { maxActiveBookings: 2.5 } }', path: 'versions[0].rules.desks.maxActiveBookings', problem: /whole number|int/ },
    { name: 'a deadline of 24:00', rules: '{ desks: { checkInDeadline: "24:00" } }', path: 'versions[0].rules.desks.checkInDeadline', problem: /must be a time like 10:00 \(got "24:00"\)/ },
    { name: 'a deadline without minutes', rules: '{ desks: { checkInDeadline: "10" } }', path: 'versions[0].rules.desks.checkInDeadline', problem: /must be a time like 10:00/ },
    { name: 'an unknown visibility', rules: '{ desks: { defaultOnSiteVisibility: public } }', path: 'versions[0].rules.desks.defaultOnSiteVisibility', problem: /must be one of name, hidden/ },
    { name: 'negative reserve days', rules: '{ desks: { accessibleReserveDays: -1 } }', path: 'versions[0].rules.desks.accessibleReserveDays', problem: /at least 0/ },
  ];
  for (const c of bad) {
    it(`refuses ${c.name}, naming file, path and line`, () => {
      const err = fileError(() => parsePolicy(`${MINIMAL}    rules: ${c.rules}\n`, 'policies/x.yaml'));
      const p = err.problems.find((q) => q.path === c.path);
      assert.ok(p, `no problem at ${c.path}: ${err.message}`);
      assert.match(p.problem, c.problem);
      assert.equal(p.line, 5);
      assert.match(err.message, /^policies\/x\.yaml: /);
    });
  }
});
