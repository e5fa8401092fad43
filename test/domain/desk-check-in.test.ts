import assert from 'node:assert/strict';
import { checkInDeadlineUtc, isNoShow, mayCheckIn, type CheckInRefusal } from '../../src/domain/desk-check-in.js';
import type { BookingStatus } from '../../src/domain/desk-model.js';
import { bk } from '../desks/fixtures.js';

describe('desk check-in', () => {
  describe('checkInDeadlineUtc: local deadline → UTC instant', () => {
    const cases: Array<[date: string, time: string, zone: string, utc: string, why: string]> = [
      ['2026-03-30', '10:00', 'Europe/Berlin', '2026-03-30T08:00:00.000Z', 'summer time (CEST, +2)'],
      ['2026-11-30', '10:00', 'Europe/Berlin', '2026-11-30T09:00:00.000Z', 'winter time (CET, +1)'],
      ['2026-03-28', '10:00', 'Europe/Berlin', '2026-03-28T09:00:00.000Z', 'the day before the spring change'],
      ['2026-03-29', '10:00', 'Europe/Berlin', '2026-03-29T08:00:00.000Z', 'the day of the spring change, after it'],
      ['2026-10-25', '10:00', 'Europe/Berlin', '2026-10-25T09:00:00.000Z', 'the day of the autumn change, after it'],
      ['2026-10-24', '10:00', 'Europe/Berlin', '2026-10-24T08:00:00.000Z', 'the day before the autumn change'],
      ['2026-03-29', '02:30', 'Europe/Berlin', '2026-03-29T01:30:00.000Z', 'a skipped time reads as 03:30 summer time'],
      ['2026-10-25', '02:30', 'Europe/Berlin', '2026-10-25T00:30:00.000Z', 'a repeated time: its first occurrence'],
      ['2026-06-01', '00:00', 'Europe/Berlin', '2026-05-31T22:00:00.000Z', 'midnight moves to the day before in UTC'],
      ['2026-03-08', '09:30', 'America/New_York', '2026-03-08T13:30:00.000Z', 'another zone (EDT)'],
      ['2026-01-10', '10:00', 'UTC', '2026-01-10T10:00:00.000Z', 'UTC'],
    ];
    for (const [date, time, zone, utc, why] of cases) {
      it(`${date} ${time} ${zone} → ${utc} (${why})`, () => {
        assert.equal(checkInDeadlineUtc(date, time, zone).toISOString(), utc);
      });
    }
    it('refuses a bad date, time or zone', () => {
      assert.throws(() => checkInDeadlineUtc('2026-02-30', '10:00', 'Europe/Berlin'), RangeError);
      assert.throws(() => checkInDeadlineUtc('2026-02-03', '24:00', 'Europe/Berlin'), RangeError);
      assert.throws(() => checkInDeadlineUtc('2026-02-03', '10:00', 'Europe/Nowhere'), RangeError);
    });
  });

  describe('mayCheckIn', () => {
    const cases: Array<{ name: string; person: string; date: string; status: BookingStatus; expect: CheckInRefusal | undefined }> = [
      { name: 'own booking today', person: 'p1', date: '2026-03-02', status: 'booked', expect: undefined },
      { name: 'someone else’s booking', person: 'p2', date: '2026-03-02', status: 'booked', expect: 'NOT_OWNER' },
      { name: 'already checked in', person: 'p1', date: '2026-03-02', status: 'checked-in', expect: 'ALREADY_CHECKED_IN' },
      { name: 'cancelled', person: 'p1', date: '2026-03-02', status: 'cancelled', expect: 'NOT_ACTIVE' },
      { name: 'released', person: 'p1', date: '2026-03-02', status: 'released', expect: 'NOT_ACTIVE' },
      { name: 'tomorrow’s booking', person: 'p1', date: '2026-03-03', status: 'booked', expect: 'NOT_TODAY' },
      { name: 'yesterday’s booking', person: 'p1', date: '2026-03-01', status: 'booked', expect: 'NOT_TODAY' },
    ];
    for (const c of cases) {
      it(`${c.name} → ${c.expect ?? 'may check in'}`, () => {
        assert.equal(mayCheckIn(bk('d1', 'p1', c.date, 'day', c.status), c.person, '2026-03-02'), c.expect);
      });
    }
  });

  describe('isNoShow', () => {
    const deadline = new Date('2026-03-02T09:00:00.000Z');
    const cases: Array<[now: string, status: BookingStatus, expect: boolean]> = [
      ['2026-03-02T08:59:59.000Z', 'booked', false],
      ['2026-03-02T09:00:00.000Z', 'booked', false],
      ['2026-03-02T09:00:01.000Z', 'booked', true],
      ['2026-03-02T12:00:00.000Z', 'checked-in', false],
      ['2026-03-02T12:00:00.000Z', 'cancelled', false],
      ['2026-03-02T12:00:00.000Z', 'released', false],
    ];
    for (const [now, status, expect] of cases) {
      it(`${status} at ${now.slice(11, 19)}Z, deadline 09:00Z → ${expect ? 'no-show' : 'not a no-show'}`, () => {
        assert.equal(isNoShow(bk('d1', 'p1', '2026-03-02', 'day', status), new Date(now), deadline), expect);
      });
    }
  });
});
