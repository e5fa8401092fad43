import assert from 'node:assert/strict';
import { DEFAULT_DESK_RULES, deskRulesOf } from '../../src/domain/desk-rules.js';
import { halvesOf, isActiveBooking, slotsOverlap } from '../../src/domain/desk-slots.js';
import type { PolicyRules } from '../../src/domain/model.js';
import { muensterRules } from './fixtures.js';
import { bk } from '../desks/fixtures.js';

describe('desk rules and slots', () => {
  it('defaults as agreed', () => {
    assert.deepEqual(DEFAULT_DESK_RULES, {
      bookingWindowDays: 28,
      maxActiveBookings: 10,
      accessibleReserveDays: 2,
      checkInDeadline: '10:00',
      checkInReminderMinutes: 30,
      defaultOnSiteVisibility: 'name',
      reservedZoneOpenDays: 1,
    });
  });

  const cases: Array<[name: string, desks: PolicyRules['desks'] | Record<string, unknown>, expect: Partial<typeof DEFAULT_DESK_RULES>]> = [
    ['no desks block → the defaults', undefined, {}],
    ['complete block → as stated', { ...DEFAULT_DESK_RULES, bookingWindowDays: 14, defaultOnSiteVisibility: 'hidden' }, { bookingWindowDays: 14, defaultOnSiteVisibility: 'hidden' }],
    ['a partial block (e.g. left by an override) → the rest from the defaults', { maxActiveBookings: 3 }, { maxActiveBookings: 3 }],
    ['undefined values do not erase defaults', { checkInDeadline: undefined, reservedZoneOpenDays: 0 }, { reservedZoneOpenDays: 0 }],
  ];
  for (const [name, desks, expect] of cases) {
    it(`deskRulesOf: ${name}`, () => {
      const rules = { ...muensterRules, ...(desks === undefined ? {} : { desks }) } as PolicyRules;
      assert.deepEqual(deskRulesOf(rules), { ...DEFAULT_DESK_RULES, ...expect });
    });
  }

  it('slots: halves and overlaps', () => {
    assert.deepEqual(halvesOf('day'), ['morning', 'afternoon']);
    assert.deepEqual(halvesOf('morning'), ['morning']);
    const table: Array<[a: 'day' | 'morning' | 'afternoon', b: 'day' | 'morning' | 'afternoon', overlap: boolean]> = [
      ['day', 'day', true], ['day', 'morning', true], ['day', 'afternoon', true], ['morning', 'morning', true],
      ['morning', 'afternoon', false], ['afternoon', 'afternoon', true], ['afternoon', 'morning', false], ['morning', 'day', true],
    ];
    for (const [a, b, overlap] of table) assert.equal(slotsOverlap(a, b), overlap, `${a}/${b}`);
  });

  it('active bookings: booked and checked-in only', () => {
    const table = [['booked', true], ['checked-in', true], ['cancelled', false], ['released', false]] as const;
    for (const [status, active] of table) assert.equal(isActiveBooking(bk('d1', 'p1', '2026-03-02', 'day', status)), active, status);
  });
});
