/**
 * Desk bookings in the Outlook calendar: a booking becomes an event with the desk as its location
 * (showAs free), cancelling it and the no-show release remove it. Today: Wednesday 2026-11-25.
 */
import assert from 'node:assert/strict';
import { DeskBookings } from '../../src/app/desk-bookings.js';
import { JOB } from '../../src/app/job-types.js';
import { actionData, cardOf, PEOPLE } from '../support/app-harness.js';
import { startCalendarHarness, type CalendarHarness } from '../graph/calendar-harness.js';

describe('calendar sync of desk bookings (HTTP, outbox, fake Graph)', function () {
  this.timeout(30_000);
  let c: CalendarHarness;
  beforeEach(async () => {
    c = await startCalendarHarness();
  });
  afterEach(async () => c?.close());

  async function bookThursday(): Promise<{ bookingId: string; deskId: string }> {
    const results = cardOf((await c.h.say(PEOPLE.employee, 'tisch am 3.12.'))[0]);
    const pick = actionData(results, 'desk.book');
    const booked = await c.h.click(PEOPLE.employee, 'desk.book', pick);
    assert.equal(booked.statusCode, 200);
    return { bookingId: String(actionData(booked.value, 'desk.cancel').bookingId), deskId: String(pick.deskId) };
  }

  it('when a desk is booked, then an event "Büro – Platz …" with the desk, floor and building as location and showAs free is written and its id stored', async () => {
    const { bookingId, deskId } = await bookThursday();
    await c.h.drain();
    const desk = c.h.app.ctx.inventory.desks.find((d) => d.id === deskId)!;
    const floor = c.h.app.ctx.inventory.floors.find((f) => f.id === desk.floorId)!;
    const building = c.h.app.ctx.inventory.buildings.find((b) => b.id === desk.buildingId)!;

    const events = c.graph.events(PEOPLE.employee);
    assert.equal(events.length, 1);
    const e = events[0]!;
    assert.equal(e.subject, `Büro – Platz ${desk.label}`);
    assert.equal(e.location?.displayName?.startsWith(`Platz ${desk.label}, ${floor.name}, ${building.name}`), true, e.location?.displayName ?? '');
    assert.equal(e.showAs, 'free');
    assert.equal(e.isAllDay, true);
    assert.deepEqual(e.categories, ['Arbeitsplatzbuchung']);
    assert.equal(e.transactionId, `mwb:test:desk-${bookingId}`);
    assert.equal((await c.h.app.store.read((r) => r.getBooking(bookingId)))?.calendarEventId, e.id);
  });

  it('when the booking is cancelled, then its event is deleted', async () => {
    const { bookingId } = await bookThursday();
    await c.h.drain();
    assert.equal(c.graph.events(PEOPLE.employee).length, 1);
    const answer = await c.h.click(PEOPLE.employee, 'desk.cancel', { bookingId });
    assert.equal(answer.statusCode, 200);
    await c.h.drain();
    assert.deepEqual(c.graph.events(PEOPLE.employee), []);
    assert.equal((await c.h.app.store.read((r) => r.getBooking(bookingId)))?.calendarEventId, undefined);
  });

  it('when the desk is released because nobody checked in, then its event is deleted too', async () => {
    const { bookingId } = await bookThursday();
    await c.h.drain();
    const released = await new DeskBookings(c.h.app.ctx).releaseIfNoShow(bookingId);
    assert.equal(released?.status, 'released');
    await c.h.drain();
    assert.deepEqual(c.graph.events(PEOPLE.employee), []);
    assert.equal((await c.jobs(JOB.calendarRemoveBooking))[0]?.status, 'done');
  });

  it('when the booking is cancelled before its event was written, then no event is left behind', async () => {
    c.graph.down();
    const { bookingId } = await bookThursday();
    await c.h.drain();
    await c.h.click(PEOPLE.employee, 'desk.cancel', { bookingId });
    c.graph.up();
    c.h.clock.advance(10 * 60_000);
    await c.h.drain();
    assert.deepEqual(c.graph.events(PEOPLE.employee), []);
  });
});
