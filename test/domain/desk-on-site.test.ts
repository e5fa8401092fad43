import assert from 'node:assert/strict';
import type { PersonSettings } from '../../src/domain/desk-model.js';
import { onSiteView, type OnSiteInput } from '../../src/domain/desk-on-site.js';
import { bk } from '../desks/fixtures.js';

const DATE = '2026-03-04';
const members = [
  { id: 'p1', displayName: 'Anna Huber' },
  { id: 'p2', displayName: 'Markus Wimmer' },
  { id: 'p3', displayName: 'Sabine Lehner' },
  { id: 'p4', displayName: 'Özlem Arslan' },
  { id: 'p5', displayName: 'Jonas Eder' },
];
const hidden = (personId: string): PersonSettings => ({ personId, onSiteVisibility: 'hidden', updatedAt: '2026-01-01T00:00:00Z' });
const shown = (personId: string): PersonSettings => ({ personId, onSiteVisibility: 'name', updatedAt: '2026-01-01T00:00:00Z' });

function view(over: Partial<OnSiteInput>) {
  return onSiteView({ date: DATE, bookings: [], members, settings: {}, defaultVisibility: 'name', viewerId: 'p1', ...over });
}

describe('who of the team is on site', () => {
  const cases: Array<{ name: string; input: Partial<OnSiteInput>; names: string[]; hiddenCount: number }> = [
    { name: 'nobody booked', input: {}, names: [], hiddenCount: 0 },
    {
      name: 'names sorted alphabetically (German collation), viewer left out',
      input: { bookings: [bk('d1', 'p1', DATE), bk('d2', 'p2', DATE), bk('d3', 'p4', DATE), bk('d4', 'p5', DATE)] },
      names: ['Jonas Eder', 'Markus Wimmer', 'Özlem Arslan'].sort(new Intl.Collator('de').compare),
      hiddenCount: 0,
    },
    { name: 'a person who hides their name is only counted', input: { bookings: [bk('d2', 'p2', DATE), bk('d3', 'p3', DATE)], settings: { p3: hidden('p3') } }, names: ['Markus Wimmer'], hiddenCount: 1 },
    { name: 'policy default hidden, one shows their name', input: { defaultVisibility: 'hidden', bookings: [bk('d2', 'p2', DATE), bk('d3', 'p3', DATE)], settings: { p2: shown('p2') } }, names: ['Markus Wimmer'], hiddenCount: 1 },
    { name: 'morning and afternoon bookings of one person count once', input: { bookings: [bk('d2', 'p2', DATE, 'morning'), bk('d7', 'p2', DATE, 'afternoon')] }, names: ['Markus Wimmer'], hiddenCount: 0 },
    { name: 'cancelled and released bookings do not count', input: { bookings: [bk('d2', 'p2', DATE, 'day', 'cancelled'), bk('d3', 'p3', DATE, 'day', 'released')] }, names: [], hiddenCount: 0 },
    { name: 'checked-in bookings count', input: { bookings: [bk('d2', 'p2', DATE, 'day', 'checked-in')] }, names: ['Markus Wimmer'], hiddenCount: 0 },
    { name: 'other dates and non-members are ignored', input: { bookings: [bk('d2', 'p2', '2026-03-05'), bk('d3', 'stranger', DATE)] }, names: [], hiddenCount: 0 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(view(c.input), { names: c.names, hiddenCount: c.hiddenCount });
    });
  }
  it('returns only names and a count: no ids, no ranking, no per-person numbers', () => {
    const v = view({ bookings: [bk('d2', 'p2', DATE), bk('d3', 'p3', DATE)] });
    assert.deepEqual(Object.keys(v).sort(), ['hiddenCount', 'names']);
    assert.ok(!JSON.stringify(v).includes('p2'));
  });
});
