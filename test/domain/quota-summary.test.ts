import assert from 'node:assert/strict';
import { quotaSummary } from '../../src/domain/quota-summary.js';
import { ctxFor, existing, fullTime, kitzingenPolicy, muensterPolicy, partTime } from './fixtures.js';

describe('my quota summary', () => {
  it('when a Münster full-timer has two approved and one pending day, then all three count', () => {
    const ctx = ctxFor(fullTime, muensterPolicy, {
      existingDays: [...existing(['2026-11-23', '2026-11-24']), { date: '2026-11-27', portion: 1, status: 'pending', requestId: 'r2' }],
    });
    assert.deepEqual(quotaSummary(ctx, '2026-11-25'), {
      window: { from: '2026-11-23', to: '2026-11-29', kind: 'week' },
      usedHours: 23,
      limitHours: 31.2,
      week: 48,
      usedDaysInWeek: 3,
      officeDaysInWeek: 2,
      minOfficeDaysPerWeek: 0,
      caps: [{ id: 'quota-share', measure: 'share', window: { from: '2026-11-23', to: '2026-11-29', kind: 'week' }, used: 23, allowed: 31.2, legacy: true }],
    });
  });

  it('when a Kitzingen part-timer has a half day, then the two-week window and office days reflect it', () => {
    const ctx = ctxFor(partTime, kitzingenPolicy, { existingDays: existing(['2026-11-30'], 0.5) });
    assert.deepEqual(quotaSummary(ctx, '2026-12-09'), {
      window: { from: '2026-11-30', to: '2026-12-13', kind: 'two-weeks' },
      usedHours: 3.25, // half of Monday's 6.5 h: inside the two-week window, but in week 49, not 50
      limitHours: 15.6,
      week: 50,
      usedDaysInWeek: 0,
      officeDaysInWeek: 3,
      minOfficeDaysPerWeek: 1,
      caps: [{ id: 'quota-share', measure: 'share', window: { from: '2026-11-30', to: '2026-12-13', kind: 'two-weeks' }, used: 3.25, allowed: 15.6, legacy: true }],
    });
  });

  it('when the week of the date has a holiday, then the office days count only working days', () => {
    // Week 1/2027 in BY: Wed 6 Jan is a holiday → 4 working days; one remote day leaves 3.
    const ctx = ctxFor(fullTime, kitzingenPolicy, { existingDays: existing(['2027-01-04']) });
    const s = quotaSummary(ctx, '2027-01-07');
    assert.equal(s.officeDaysInWeek, 3);
    assert.equal(s.usedHours, 8);
    assert.equal(s.limitHours, 25.2); // 0.4 × (78 h − 7 h New Year (Fri) − 8 h Epiphany (Wed))
  });
});
