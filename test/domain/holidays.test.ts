import assert from 'node:assert/strict';
import { isPublicHoliday, isValidGermanState, publicHolidayName } from '../../src/domain/holidays.js';

describe('public holidays', () => {
  const cases: { state: string; date: string; holiday: boolean; de?: string }[] = [
    { state: 'BY', date: '2026-12-25', holiday: true, de: '1. Weihnachtstag' },
    { state: 'BE', date: '2026-12-25', holiday: true },
    { state: 'BY', date: '2026-06-04', holiday: true, de: 'Fronleichnam' },
    { state: 'BE', date: '2026-06-04', holiday: false },
    { state: 'NW', date: '2026-06-04', holiday: true },
    { state: 'BY', date: '2027-01-06', holiday: true, de: 'Heilige Drei Könige' },
    { state: 'NW', date: '2027-01-06', holiday: false },
    { state: 'SN', date: '2026-11-18', holiday: true, de: 'Buß- und Bettag' },
    { state: 'BY', date: '2026-11-18', holiday: false },
    { state: 'NW', date: '2026-11-18', holiday: false },
    { state: 'NW', date: '2026-12-24', holiday: false },
    { state: 'NW', date: '2026-01-01', holiday: true },
    { state: 'NW', date: '2026-12-31', holiday: false },
    { state: 'BY', date: '2026-12-26', holiday: true },
  ];
  for (const c of cases) {
    it(`when asking for ${c.date} in ${c.state}, then it is ${c.holiday ? '' : 'not '}a public holiday`, () => {
      assert.equal(isPublicHoliday(c.state, c.date), c.holiday);
      if (c.de) assert.equal(publicHolidayName(c.state, c.date, 'de'), c.de);
      if (!c.holiday) assert.equal(publicHolidayName(c.state, c.date, 'de'), undefined);
    });
  }

  it('when asking in English, then the English name is returned', () => {
    assert.equal(publicHolidayName('SN', '2026-11-18', 'en'), 'Day of Prayer and Repentance');
    assert.equal(publicHolidayName('BY', '2026-12-25', 'en'), 'Christmas Day');
  });

  it('when the process time zone would shift midnight, then the local date still matches', () => {
    // The library reports local dates; New Year must not slip to 31 December or 2 January.
    assert.equal(isPublicHoliday('BY', '2027-01-01'), true);
    assert.equal(isPublicHoliday('BY', '2026-12-31'), false);
    assert.equal(isPublicHoliday('BY', '2027-01-02'), false);
  });

  it('when a state code is checked, then only the 16 German states are valid', () => {
    for (const s of ['BW', 'BY', 'BE', 'BB', 'HB', 'HH', 'HE', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH']) {
      assert.equal(isValidGermanState(s), true, s);
    }
    for (const s of ['by', 'XX', '', 'DE', 'NRW']) assert.equal(isValidGermanState(s), false, s);
  });

  it('when the state is unknown, then asking for a holiday throws', () => {
    assert.throws(() => isPublicHoliday('XX', '2026-12-25'), RangeError);
    assert.throws(() => isPublicHoliday('BY', '2026-13-01'), RangeError);
  });
});
