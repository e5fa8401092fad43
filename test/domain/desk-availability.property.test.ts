/**
 * Invariants of the desk rules, checked with fast-check:
 * (a) a slot that overlaps an active booking of the same desk is never bookable;
 * (b) whatever sequence of bookings and cancellations people make, the bookings accepted by
 *     `checkBooking` never overlap on a desk, never overlap for a person, never exceed the
 *     floor and site limits and never exceed a person's maximum of active bookings.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { IsoDate } from '../../src/domain/dates.js';
import { checkBooking } from '../../src/domain/desk-availability.js';
import type { BookingSlot, BookingStatus, DeskBooking } from '../../src/domain/desk-model.js';
import { halvesOf, isActiveBooking, slotsOverlap } from '../../src/domain/desk-slots.js';
import { bk, ctxFor, inventory } from '../desks/fixtures.js';

const DATES: IsoDate[] = ['2026-03-04', '2026-03-05', '2026-03-06'];
const PEOPLE = ['p1', 'p2', 'p3', 'p4', 'p5', 'p-assignee'];
const DESK_IDS = inventory.desks.map((d) => d.id);
const slot = fc.constantFrom<BookingSlot>('day', 'morning', 'afternoon');
const status = fc.constantFrom<BookingStatus>('booked', 'checked-in', 'cancelled', 'released');
const chainOf = (p: string) => (p === 'p1' ? ['sg-21', 'fb-2', 'lra'] : ['it-service', 'lra']);
const MAX_ACTIVE = 3;

describe('desk availability: properties', () => {
  it('(a) never allows a slot that overlaps an active booking of the same desk', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ desk: fc.constantFrom(...DESK_IDS), person: fc.constantFrom(...PEOPLE), slot, status }), { maxLength: 12 }),
        fc.constantFrom(...DESK_IDS),
        fc.constantFrom(...PEOPLE),
        slot,
        fc.boolean(),
        (existing, deskId, personId, wanted, needsAccessibleDesk) => {
          const date = DATES[0]!;
          const bookings = existing.map((e) => bk(e.desk, e.person, date, e.slot, e.status));
          const reasons = checkBooking(ctxFor(date, { personId, chain: chainOf(personId), needsAccessibleDesk, bookings, today: '2026-03-04' }), deskId, date, wanted);
          const blocked = bookings.some((b) => b.deskId === deskId && isActiveBooking(b) && slotsOverlap(b.slot, wanted));
          if (blocked) assert.notDeepEqual(reasons, [], `desk ${deskId} ${wanted} is held but was allowed`);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('(b) bookings accepted one after another never conflict', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('book' as const), person: fc.constantFrom(...PEOPLE), desk: fc.constantFrom(...DESK_IDS), date: fc.constantFrom(...DATES), slot }),
      fc.record({ kind: fc.constant('cancel' as const), index: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const bookings: DeskBooking[] = [];
        for (const o of ops) {
          if (o.kind === 'cancel') {
            const active = bookings.filter(isActiveBooking);
            const target = active[o.index % Math.max(1, active.length)];
            if (target) target.status = 'cancelled';
            continue;
          }
          const ctx = ctxFor(o.date, {
            today: '2026-03-04',
            personId: o.person,
            chain: chainOf(o.person),
            needsAccessibleDesk: o.person === 'p2',
            bookings,
            rules: { maxActiveBookings: MAX_ACTIVE },
          });
          if (checkBooking(ctx, o.desk, o.date, o.slot).length === 0) bookings.push(bk(o.desk, o.person, o.date, o.slot));
        }
        const active = bookings.filter(isActiveBooking);
        for (const a of active) {
          for (const b of active) {
            if (a === b || a.date !== b.date || !slotsOverlap(a.slot, b.slot)) continue;
            assert.notEqual(a.deskId, b.deskId, `desk ${a.deskId} booked twice on ${a.date}`);
            assert.notEqual(a.personId, b.personId, `${a.personId} holds two desks on ${a.date}`);
          }
        }
        for (const person of PEOPLE) assert.ok(active.filter((b) => b.personId === person).length <= MAX_ACTIVE);
        const deskById = new Map(inventory.desks.map((d) => [d.id, d]));
        for (const date of DATES) {
          for (const half of ['morning', 'afternoon'] as const) {
            const here = active.filter((b) => b.date === date && halvesOf(b.slot).includes(half));
            for (const floor of inventory.floors) {
              if (floor.maxOccupancy) assert.ok(here.filter((b) => deskById.get(b.deskId)?.floorId === floor.id).length <= floor.maxOccupancy);
            }
            for (const site of inventory.sites) {
              if (site.maxOccupancy) assert.ok(here.filter((b) => deskById.get(b.deskId)?.siteId === site.id).length <= site.maxOccupancy);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
