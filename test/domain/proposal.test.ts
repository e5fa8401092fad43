import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays, daysBetween, weekdayOf } from '../../src/domain/dates.js';
import { DomainError } from '../../src/domain/errors.js';
import type { ProposalSpec } from '../../src/domain/model.js';
import { expandProposal } from '../../src/domain/proposal.js';

describe('expanding a proposal into days', () => {
  const cases: { name: string; spec: ProposalSpec; dates: string[]; half?: 'morning' | 'afternoon' }[] = [
    {
      name: 'single dates out of order with a duplicate',
      spec: { type: 'dates', dates: ['2026-11-27', '2026-11-23', '2026-11-27'] },
      dates: ['2026-11-23', '2026-11-27'],
    },
    {
      name: 'a range over a weekend',
      spec: { type: 'range', from: '2026-11-26', to: '2026-11-30' },
      dates: ['2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30'],
    },
    { name: 'a one-day range', spec: { type: 'range', from: '2026-11-26', to: '2026-11-26' }, dates: ['2026-11-26'] },
    {
      name: 'every Monday and Thursday for two weeks',
      spec: { type: 'recurring', weekdays: [4, 1], from: '2026-11-23', until: '2026-12-06' },
      dates: ['2026-11-23', '2026-11-26', '2026-11-30', '2026-12-03'],
    },
    {
      name: 'a half-day range over Christmas (holidays are kept)',
      spec: { type: 'range', from: '2026-12-24', to: '2026-12-25', half: 'afternoon' },
      dates: ['2026-12-24', '2026-12-25'],
      half: 'afternoon',
    },
    { name: 'no dates', spec: { type: 'dates', dates: [] }, dates: [] },
  ];
  for (const c of cases) {
    it(`when the proposal is ${c.name}, then it yields ${c.dates.length} day(s)`, () => {
      const days = expandProposal(c.spec);
      assert.deepEqual(days.map((d) => d.date), c.dates);
      for (const d of days) {
        assert.equal(d.portion, c.half ? 0.5 : 1);
        assert.equal(d.half, c.half);
      }
    });
  }

  const errors: { name: string; spec: ProposalSpec; code: string }[] = [
    { name: 'a range ending before it starts', spec: { type: 'range', from: '2026-11-26', to: '2026-11-25' }, code: 'END_BEFORE_START' },
    { name: 'recurring ending before it starts', spec: { type: 'recurring', weekdays: [1], from: '2026-11-26', until: '2026-11-01' }, code: 'END_BEFORE_START' },
    { name: 'a non-ISO date', spec: { type: 'dates', dates: ['26.11.2026'] }, code: 'INVALID_DATES' },
    { name: 'an impossible date', spec: { type: 'range', from: '2026-02-30', to: '2026-03-02' }, code: 'INVALID_DATES' },
    { name: 'a range of 401 days', spec: { type: 'range', from: '2026-01-01', to: addDays('2026-01-01', 400) }, code: 'RANGE_TOO_LONG' },
    { name: 'recurring over two years', spec: { type: 'recurring', weekdays: [1], from: '2026-01-01', until: '2027-12-31' }, code: 'RANGE_TOO_LONG' },
  ];
  for (const c of errors) {
    it(`when the proposal is ${c.name}, then it throws ${c.code}`, () => {
      assert.throws(() => expandProposal(c.spec), (e: unknown) => e instanceof DomainError && e.code === c.code);
    });
  }

  it('when a range is exactly 400 days, then it is accepted', () => {
    assert.equal(expandProposal({ type: 'range', from: '2026-01-01', to: addDays('2026-01-01', 399) }).length, 400);
  });

  it('when a recurring proposal is expanded, then every day is in range, on a chosen weekday, sorted and unique', () => {
    const weekday = fc.constantFrom(1, 2, 3, 4, 5, 6, 7) as fc.Arbitrary<1 | 2 | 3 | 4 | 5 | 6 | 7>;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 800 }), fc.integer({ min: 0, max: 399 }), fc.uniqueArray(weekday, { minLength: 1, maxLength: 7 }), (start, len, weekdays) => {
        const from = addDays('2025-01-01', start);
        const until = addDays(from, len);
        const days = expandProposal({ type: 'recurring', weekdays, from, until });
        for (let i = 0; i < days.length; i++) {
          const d = days[i]!;
          assert.ok(d.date >= from && d.date <= until);
          assert.ok(weekdays.includes(weekdayOf(d.date)));
          if (i > 0) assert.ok(days[i - 1]!.date < d.date);
        }
        const expected = Array.from({ length: daysBetween(from, until) + 1 }, (_, i) => addDays(from, i)).filter((x) => weekdays.includes(weekdayOf(x)));
        assert.equal(days.length, expected.length);
      }),
    );
  });
});
