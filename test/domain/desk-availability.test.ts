import assert from 'node:assert/strict';
import { addDays, weekdayOf, type IsoDate } from '../../src/domain/dates.js';
import { alternatives, checkBooking, DESK_REASON_CODES, findFreeDesks, type DeskReasonCode } from '../../src/domain/desk-availability.js';
import type { BookingSlot, DeskBooking } from '../../src/domain/desk-model.js';
import { HolidayCalendar } from '../../src/domain/holiday-calendar.js';
import { bk, ctxFor, inventory, TODAY, type CtxOptions } from '../desks/fixtures.js';

/** Bavaria plus a local holiday on WED and the 24th of December as a whole dienstfrei day, a half one on the 5th of March. */
const localCalendar = new HolidayCalendar('BY', {
  local: [{ date: '2026-03-04', name: 'Stadtfest', portion: 1 }],
  daysOff: [{ date: '12-24', name: 'Heiligabend', portion: 1 }, { date: '2026-03-05', name: 'Betriebsausflug', portion: 0.5 }],
})

const WED: IsoDate = '2026-03-04';
/** Three days ahead: accessible desks (2 days) and team zones (1 day) are still reserved. */
const THU: IsoDate = '2026-03-05';
const codes = (date: IsoDate, deskId: string, slot: BookingSlot, o: CtxOptions = {}): DeskReasonCode[] =>
  checkBooking(ctxFor(date, o), deskId, date, slot).map((r) => r.code);
const deskOf = (id: string) => {
  const d = inventory.desks.find((x) => x.id === id);
  assert.ok(d, id);
  return d;
};

describe('desk availability (checkBooking)', () => {
  describe('one case per reason code', () => {
    const cases: Array<{ name: string; desk: string; date?: IsoDate; slot?: BookingSlot; o?: CtxOptions; expect: DeskReasonCode[] }> = [
      { name: 'a free desk on a working day', desk: 'd1', expect: [] },
      { name: 'unknown desk', desk: 'nope', expect: ['UNKNOWN_DESK'] },
      { name: 'yesterday', desk: 'd1', date: '2026-02-27', expect: ['IN_PAST'] },
      { name: 'beyond the 28-day window', desk: 'd1', date: '2026-03-31', expect: ['OUTSIDE_WINDOW'] },
      { name: 'a Saturday', desk: 'd1', date: '2026-03-07', expect: ['NON_WORKING_DAY'] },
      { name: 'a weekday without contracted hours', desk: 'd1', o: { worksOn: (d) => weekdayOf(d) !== 3 }, expect: ['NON_WORKING_DAY'] },
      { name: 'Easter Monday in Bavaria', desk: 'd1', date: '2026-04-06', o: { today: '2026-04-01' }, expect: ['PUBLIC_HOLIDAY'] },
      { name: 'a local holiday the policy lists', desk: 'd1', o: { holidays: localCalendar }, expect: ['PUBLIC_HOLIDAY'] },
      { name: 'a whole dienstfrei day the policy lists', desk: 'd1', date: '2026-12-24', o: { today: '2026-12-20', holidays: localCalendar }, expect: ['DAY_OFF'] },
      { name: 'a half dienstfrei day leaves the desk bookable', desk: 'd1', date: '2026-03-05', o: { holidays: localCalendar }, expect: [] },
      { name: 'an unavailable desk', desk: 'd6', expect: ['DESK_UNAVAILABLE'] },
      { name: 'a desk assigned to someone else', desk: 'd5', expect: ['DESK_ASSIGNED'] },
      { name: 'the assignee books their own desk', desk: 'd5', o: { personId: 'p-assignee' }, expect: [] },
      { name: 'someone else holds the desk', desk: 'd1', o: { bookings: [bk('d1', 'p2', WED)] }, expect: ['SLOT_TAKEN'] },
      { name: 'a checked-in booking holds the desk too', desk: 'd1', o: { bookings: [bk('d1', 'p2', WED, 'day', 'checked-in')] }, expect: ['SLOT_TAKEN'] },
      { name: 'a cancelled booking frees the desk', desk: 'd1', o: { bookings: [bk('d1', 'p2', WED, 'day', 'cancelled')] }, expect: [] },
      { name: 'a released booking frees the desk', desk: 'd1', o: { bookings: [bk('d1', 'p2', WED, 'day', 'released', { releaseReason: 'no-show' })] }, expect: [] },
      { name: 'the person already has another desk that day', desk: 'd1', o: { bookings: [bk('d7', 'p1', WED)] }, expect: ['ALREADY_BOOKED_SLOT'] },
      { name: 'the person already holds this desk', desk: 'd1', o: { bookings: [bk('d1', 'p1', WED)] }, expect: ['ALREADY_BOOKED_SLOT'] },
      {
        name: 'the person holds the maximum of active bookings',
        desk: 'd1',
        o: { rules: { maxActiveBookings: 2 }, bookings: [bk('d1', 'p1', '2026-03-05'), bk('d1', 'p1', '2026-03-06')] },
        expect: ['MAX_ACTIVE_BOOKINGS'],
      },
      {
        name: 'past and cancelled bookings do not count toward the maximum',
        desk: 'd1',
        o: { rules: { maxActiveBookings: 2 }, bookings: [bk('d1', 'p1', '2026-02-27'), bk('d1', 'p1', '2026-03-05'), bk('d1', 'p1', '2026-03-06', 'day', 'cancelled')] },
        expect: [],
      },
      { name: 'an accessible desk three days ahead, not needed', desk: 'd3', date: '2026-03-05', expect: ['ACCESSIBLE_RESERVED'] },
      { name: 'a team zone of another unit', desk: 'd4', expect: ['ZONE_RESERVED'] },
      {
        name: 'the floor is full (3 people)',
        desk: 'd4',
        o: { chain: ['sg-21', 'fb-2'], bookings: [bk('d1', 'p2', WED), bk('d2', 'p3', WED), bk('d3', 'p4', WED)] },
        expect: ['FLOOR_FULL'],
      },
      {
        name: 'the site is full (5 people)',
        desk: 'd3',
        o: { needsAccessibleDesk: true, bookings: [bk('d1', 'p2', WED), bk('d2', 'p3', WED), bk('d5', 'p-assignee', WED), bk('d6', 'p5', WED), bk('d7', 'p6', WED)] },
        expect: ['SITE_FULL'],
      },
      { name: 'several reasons in order', desk: 'd6', date: '2026-02-28', expect: ['IN_PAST', 'NON_WORKING_DAY', 'DESK_UNAVAILABLE'] },
    ];
    for (const c of cases) {
      it(`${c.name} → ${c.expect.join(', ') || 'may book'}`, () => {
        assert.deepEqual(codes(c.date ?? WED, c.desk, c.slot ?? 'day', c.o), c.expect);
      });
    }
    it('covers every reason code', () => {
      const covered = new Set(cases.flatMap((c) => c.expect));
      assert.deepEqual(DESK_REASON_CODES.filter((code) => !covered.has(code)), []);
    });
  });

  describe('booking window (28 days)', () => {
    const cases: Array<[offset: number, expect: DeskReasonCode[]]> = [
      [-7, ['IN_PAST']],
      [-1, ['IN_PAST', 'NON_WORKING_DAY']], // Sunday before
      [0, []],
      [1, []],
      [28, []], // Monday 2026-03-30
      [29, ['OUTSIDE_WINDOW']],
      [59, ['OUTSIDE_WINDOW']],
      [60, ['OUTSIDE_WINDOW', 'PUBLIC_HOLIDAY']], // 1 May
    ];
    for (const [offset, expect] of cases) {
      it(`today ${offset >= 0 ? '+' : ''}${offset} → ${expect.join(', ') || 'may book'}`, () => {
        const date = addDays(TODAY, offset);
        assert.deepEqual(codes(date, 'd1', 'day'), expect);
      });
    }
    it('names the last bookable date', () => {
      const [r] = checkBooking(ctxFor('2026-03-31'), 'd1', '2026-03-31', 'day');
      assert.deepEqual(r, { code: 'OUTSIDE_WINDOW', params: { date: '2026-03-31', lastDate: '2026-03-30', windowDays: 28 } });
    });
    it('a shorter window from the policy', () => {
      assert.deepEqual(codes('2026-03-10', 'd1', 'day', { rules: { bookingWindowDays: 7 } }), ['OUTSIDE_WINDOW']);
      assert.deepEqual(codes('2026-03-09', 'd1', 'day', { rules: { bookingWindowDays: 7 } }), []);
    });
  });

  describe('accessible desks are kept for people who need them (2 days)', () => {
    const cases: Array<{ date: IsoDate; needs: boolean; expect: DeskReasonCode[]; freeFrom?: string }> = [
      { date: '2026-03-10', needs: false, expect: ['ACCESSIBLE_RESERVED'], freeFrom: '2026-03-08' },
      { date: '2026-03-05', needs: false, expect: ['ACCESSIBLE_RESERVED'], freeFrom: '2026-03-03' },
      { date: '2026-03-04', needs: false, expect: [] }, // exactly two days before: free
      { date: '2026-03-03', needs: false, expect: [] },
      { date: '2026-03-02', needs: false, expect: [] },
      { date: '2026-03-10', needs: true, expect: [] },
    ];
    for (const c of cases) {
      it(`${c.date}, ${c.needs ? 'needs one' : 'does not need one'} → ${c.expect.join(', ') || 'may book'}`, () => {
        const reasons = checkBooking(ctxFor(c.date, { needsAccessibleDesk: c.needs }), 'd3', c.date, 'day');
        assert.deepEqual(reasons.map((r) => r.code), c.expect);
        if (c.freeFrom) assert.equal(reasons[0]?.params['freeFrom'], c.freeFrom);
      });
    }
    it('with accessibleReserveDays 0 an accessible desk opens to everyone on the day itself', () => {
      assert.deepEqual(codes('2026-03-03', 'd3', 'day', { rules: { accessibleReserveDays: 0 } }), ['ACCESSIBLE_RESERVED']);
      assert.deepEqual(codes(TODAY, 'd3', 'day', { rules: { accessibleReserveDays: 0 } }), []);
    });
  });

  describe('half days', () => {
    const cases: Array<[existing: BookingSlot, wanted: BookingSlot, taken: boolean]> = [
      ['day', 'day', true],
      ['day', 'morning', true],
      ['day', 'afternoon', true],
      ['morning', 'day', true],
      ['morning', 'morning', true],
      ['morning', 'afternoon', false],
      ['afternoon', 'day', true],
      ['afternoon', 'morning', false],
      ['afternoon', 'afternoon', true],
    ];
    for (const [existing, wanted, taken] of cases) {
      it(`someone holds ${existing}, ${wanted} wanted → ${taken ? 'SLOT_TAKEN' : 'may book'}`, () => {
        assert.deepEqual(codes(WED, 'd1', wanted, { bookings: [bk('d1', 'p2', WED, existing)] }), taken ? ['SLOT_TAKEN'] : []);
      });
      it(`the person holds ${existing} elsewhere, ${wanted} wanted → ${taken ? 'ALREADY_BOOKED_SLOT' : 'may book'}`, () => {
        assert.deepEqual(codes(WED, 'd1', wanted, { bookings: [bk('d7', 'p1', WED, existing)] }), taken ? ['ALREADY_BOOKED_SLOT'] : []);
      });
    }
    it('morning at one desk, afternoon at another', () => {
      const bookings = [bk('d1', 'p1', WED, 'morning'), bk('d1', 'p2', WED, 'afternoon')];
      assert.deepEqual(codes(WED, 'd2', 'afternoon', { bookings }), []);
      assert.deepEqual(codes(WED, 'd1', 'afternoon', { bookings }), ['SLOT_TAKEN']);
    });
  });

  describe('team zones (reserved for sg-21, open to all 1 day before)', () => {
    const cases: Array<{ name: string; chain: string[]; date: IsoDate; expect: DeskReasonCode[] }> = [
      { name: 'member of sg-21', chain: ['sg-21', 'fb-2', 'lra'], date: '2026-03-10', expect: [] },
      { name: 'member of the parent unit fb-2', chain: ['fb-2', 'lra'], date: '2026-03-10', expect: ['ZONE_RESERVED'] },
      { name: 'another unit, a week ahead', chain: ['it-service', 'lra'], date: '2026-03-10', expect: ['ZONE_RESERVED'] },
      { name: 'another unit, the day before', chain: ['it-service', 'lra'], date: '2026-03-03', expect: [] },
      { name: 'another unit, the same day', chain: ['it-service', 'lra'], date: TODAY, expect: [] },
    ];
    for (const c of cases) {
      it(`${c.name}, ${c.date} → ${c.expect.join(', ') || 'may book'}`, () => {
        assert.deepEqual(codes(c.date, 'd4', 'day', { chain: c.chain }), c.expect);
      });
    }
    it('a zone reserved for a parent unit is open to its sub-units', () => {
      const inv = { ...inventory, desks: inventory.desks.map((d) => (d.id === 'd4' ? { ...d, reservedFor: ['fb-2'] } : d)) };
      assert.deepEqual(codes('2026-03-10', 'd4', 'day', { inv, chain: ['sg-21', 'fb-2', 'lra'] }), []);
    });
    it('names when the zone opens', () => {
      const [r] = checkBooking(ctxFor('2026-03-10'), 'd4', '2026-03-10', 'day');
      assert.deepEqual(r?.params, { deskId: 'd4', freeFrom: '2026-03-09', reservedFor: 'sg-21' });
    });
  });

  describe('occupancy limits (floor f1: 3, site s1: 5, per half day)', () => {
    const member = { chain: ['sg-21'], needsAccessibleDesk: true };
    const cases: Array<{ name: string; bookings: DeskBooking[]; desk: string; slot: BookingSlot; expect: DeskReasonCode[] }> = [
      { name: '2 on the floor', bookings: [bk('d1', 'p2', WED), bk('d2', 'p3', WED)], desk: 'd3', slot: 'day', expect: [] },
      { name: '3 mornings, afternoon wanted', bookings: [bk('d1', 'p2', WED, 'morning'), bk('d2', 'p3', WED, 'morning'), bk('d3', 'p4', WED, 'morning')], desk: 'd4', slot: 'afternoon', expect: [] },
      { name: '3 mornings, morning wanted', bookings: [bk('d1', 'p2', WED, 'morning'), bk('d2', 'p3', WED, 'morning'), bk('d3', 'p4', WED, 'morning')], desk: 'd4', slot: 'morning', expect: ['FLOOR_FULL'] },
      { name: '3 mornings, day wanted', bookings: [bk('d1', 'p2', WED, 'morning'), bk('d2', 'p3', WED, 'morning'), bk('d3', 'p4', WED, 'morning')], desk: 'd4', slot: 'day', expect: ['FLOOR_FULL'] },
      { name: '2 mornings + 1 afternoon, day wanted', bookings: [bk('d1', 'p2', WED, 'morning'), bk('d2', 'p3', WED, 'morning'), bk('d3', 'p4', WED, 'afternoon')], desk: 'd4', slot: 'day', expect: [] },
      { name: 'cancelled bookings do not count', bookings: [bk('d1', 'p2', WED), bk('d2', 'p3', WED), bk('d3', 'p4', WED, 'day', 'cancelled')], desk: 'd4', slot: 'day', expect: [] },
      { name: 'a floor without a limit', bookings: [bk('d1', 'p2', WED), bk('d2', 'p3', WED), bk('d3', 'p4', WED)], desk: 'd7', slot: 'day', expect: [] },
      { name: '5 on the site', bookings: [bk('d1', 'p2', WED), bk('d2', 'p3', WED), bk('d7', 'p4', WED), bk('d5', 'p-assignee', WED), bk('d6', 'p5', WED)], desk: 'd4', slot: 'day', expect: ['SITE_FULL'] },
      { name: 'the other site is not counted', bookings: [bk('d1', 'p2', WED), bk('d2', 'p3', WED), bk('d7', 'p4', WED), bk('d5', 'p-assignee', WED), bk('d6', 'p5', WED)], desk: 'd8', slot: 'day', expect: [] },
    ];
    for (const c of cases) {
      it(`${c.name} → ${c.expect.join(', ') || 'may book'}`, () => {
        assert.deepEqual(codes(WED, c.desk, c.slot, { ...member, bookings: c.bookings }), c.expect);
      });
    }
  });
});

describe('finding free desks', () => {
  it('lists the free desks the person may book, own team zone first, then by label', () => {
    const found = findFreeDesks(ctxFor(THU, { chain: ['sg-21', 'fb-2'], bookings: [bk('d1', 'p2', THU)] }), { date: THU, slot: 'day' });
    assert.deepEqual(found.map((f) => f.desk.id), ['d4', 'd2', 'd7', 'd8']);
    assert.deepEqual(found[0], { desk: deskOf('d4'), floorName: '1. OG', siteName: 'Rathaus', teamZone: true });
  });

  it('puts the floor of the person’s most recent booking before other floors', () => {
    const bookings = [bk('d7', 'p1', '2026-03-10', 'day', 'booked', { createdAt: '2026-03-01T09:00:00.000Z' }), bk('d8', 'p1', '2026-03-11', 'day', 'booked', { createdAt: '2026-02-01T09:00:00.000Z' })];
    const found = findFreeDesks(ctxFor(THU, { bookings }), { date: THU, slot: 'day' });
    assert.deepEqual(found.map((f) => f.desk.id), ['d7', 'd1', 'd2', 'd8']);
  });

  it('filters by site, floor and attributes, and stops at the limit', () => {
    const ctx = ctxFor(THU);
    assert.deepEqual(findFreeDesks(ctx, { date: THU, slot: 'day', attributes: ['two-monitors'] }).map((f) => f.desk.id), ['d2', 'd7']);
    assert.deepEqual(findFreeDesks(ctx, { date: THU, slot: 'day', floorId: 'f2' }).map((f) => f.desk.id), ['d7']);
    assert.deepEqual(findFreeDesks(ctx, { date: THU, slot: 'day', siteId: 's2' }).map((f) => f.desk.id), ['d8']);
    assert.deepEqual(findFreeDesks(ctx, { date: THU, slot: 'day' }, 2).map((f) => f.desk.id), ['d1', 'd2']);
  });

  it('finds nothing on a day that cannot be booked', () => {
    assert.deepEqual(findFreeDesks(ctxFor('2026-03-07'), { date: '2026-03-07', slot: 'day' }), []);
  });

  it('nearTeam: the team zone when the team has one', () => {
    const found = findFreeDesks(ctxFor(THU, { chain: ['sg-21', 'fb-2'] }), { date: THU, slot: 'day', nearTeam: true });
    assert.deepEqual(found.map((f) => f.desk.id), ['d4']);
  });

  it('nearTeam: else the floors where team members sit that day', () => {
    const bookings = [bk('d7', 'p2', THU), bk('d1', 'p9', THU)];
    const found = findFreeDesks(ctxFor(THU, { bookings, teamMemberIds: ['p1', 'p2', 'p3'] }), { date: THU, slot: 'day', nearTeam: true });
    assert.deepEqual(found.map((f) => f.desk.id), []); // f2: d5 assigned, d6 unavailable, d7 taken
    const morning = findFreeDesks(ctxFor(THU, { bookings: [bk('d7', 'p2', THU, 'morning'), bk('d2', 'p3', THU)], teamMemberIds: ['p2', 'p3'] }), { date: THU, slot: 'afternoon', nearTeam: true });
    assert.deepEqual(morning.map((f) => f.desk.id), ['d1', 'd7']);
  });

  it('nearTeam: nothing when there is no team zone and nobody of the team is on site', () => {
    assert.deepEqual(findFreeDesks(ctxFor(THU, { teamMemberIds: ['p2'] }), { date: THU, slot: 'day', nearTeam: true }), []);
  });

  it('prefers floors where the team sits after the own zone and recent floor', () => {
    const found = findFreeDesks(ctxFor(THU, { bookings: [bk('d8', 'p2', THU, 'morning')], teamMemberIds: ['p2'] }), { date: THU, slot: 'afternoon' });
    assert.equal(found[0]?.desk.id, 'd8');
  });
});

describe('alternatives to a taken desk', () => {
  it('same room first, then same floor, then same site; never another site', () => {
    const bookings = [bk('d1', 'p2', THU)];
    const alts = alternatives(ctxFor(THU, { bookings, chain: ['sg-21'] }), deskOf('d1'), THU, 'day', 5);
    assert.deepEqual(alts.map((d) => d.id), ['d2', 'd4', 'd7']);
  });

  it('prefers desks with the wanted attributes within the same distance', () => {
    const bookings = [bk('d2', 'p2', THU)];
    const alts = alternatives(ctxFor(THU, { bookings, chain: ['sg-21'] }), deskOf('d2'), THU, 'day', 3);
    // d1 (same room, docking only) before d4 (same floor); then d7 (other floor, both attributes)
    assert.deepEqual(alts.map((d) => d.id), ['d1', 'd4', 'd7']);
    const onFloor2 = alternatives(ctxFor(THU, { chain: ['sg-21'] }), { ...deskOf('d2'), id: 'x', roomId: 'r9', floorId: 'f9' }, THU, 'day', 4);
    assert.deepEqual(onFloor2.map((d) => d.id), ['d2', 'd7', 'd1', 'd4']);
  });

  it('offers only desks the person may book', () => {
    const alts = alternatives(ctxFor(THU), deskOf('d1'), THU, 'day');
    assert.ok(alts.every((d) => checkBooking(ctxFor(THU), d.id, THU, 'day').length === 0));
    assert.ok(!alts.some((d) => d.id === 'd3' || d.id === 'd4' || d.id === 'd5' || d.id === 'd6'));
  });
});
