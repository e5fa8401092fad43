/** The Outlook events we write (pure), and when the nightly reconciliation runs. */
import assert from 'node:assert/strict';
import { nextReconcileAt } from '../../src/app/calendar-sync.js';
import { deskBookingEvent, deskLocation, mobileWorkEvent } from '../../src/graph/calendar-events.js';
import type { DeskInventory } from '../../src/domain/desk-model.js';

const inventory: DeskInventory = {
  sites: [{ id: 'hq', name: 'Landratsamt' }],
  buildings: [{ id: 'main', siteId: 'hq', name: 'Hauptgebäude' }],
  floors: [{ id: 'f2', siteId: 'hq', buildingId: 'main', name: '2. OG' }],
  rooms: [{ id: 'r214', floorId: 'f2', name: 'Raum 214' }],
  desks: [{ id: 'D-214-A', label: '214 A', siteId: 'hq', buildingId: 'main', floorId: 'f2', roomId: 'r214', attributes: [], status: 'bookable', reservedFor: [] }],
};

describe('calendar events', () => {
  it('writes a morning half day as a timed event 08:00–12:00 local time, not all-day', () => {
    const e = mobileWorkEvent({ requestId: 'r1', requestNumber: 'MA-2026-00001', date: '2026-12-03', half: 'morning', locale: 'de', timeZone: 'Europe/Berlin' });
    assert.equal(e.isAllDay, false);
    assert.deepEqual([e.start?.dateTime, e.end?.dateTime], ['2026-12-03T08:00:00', '2026-12-03T12:00:00']);
    assert.equal(e.start?.timeZone, 'W. Europe Standard Time');
  });

  it('writes an afternoon half day 12:00–16:00', () => {
    const e = mobileWorkEvent({ requestId: 'r1', requestNumber: 'MA-2026-00001', date: '2026-12-03', half: 'afternoon', locale: 'de', timeZone: 'Europe/Berlin' });
    assert.deepEqual([e.start?.dateTime, e.end?.dateTime], ['2026-12-03T12:00:00', '2026-12-03T16:00:00']);
  });

  it('uses an English subject for English speakers and keeps the German category', () => {
    const e = mobileWorkEvent({ requestId: 'r1', requestNumber: 'MA-2026-00001', date: '2026-12-31', locale: 'en', timeZone: 'Europe/Berlin' });
    assert.equal(e.subject, 'Mobile work');
    assert.deepEqual(e.categories, ['Mobiles Arbeiten']);
    assert.deepEqual([e.start?.dateTime, e.end?.dateTime], ['2026-12-31T00:00:00', '2027-01-01T00:00:00'], 'all-day across the year end');
    assert.equal(e.transactionId, 'mwb:local:day-r1-2026-12-31');
  });

  it('names the desk, floor and building as the location of a desk booking', () => {
    const where = deskLocation(inventory, 'D-214-A', 'de');
    assert.deepEqual(where, { label: '214 A', text: 'Platz 214 A, 2. OG, Hauptgebäude' });
    const e = deskBookingEvent({ bookingId: 'b1', date: '2026-12-03', slot: 'afternoon', deskLabel: '214 A', location: where!.text, locale: 'de', timeZone: 'Europe/Berlin' });
    assert.equal(e.location?.displayName, 'Platz 214 A, 2. OG, Hauptgebäude');
    assert.equal(e.showAs, 'free');
    assert.equal(e.isAllDay, false);
    assert.equal(e.transactionId, 'mwb:local:desk-b1');
  });

  it('runs the reconciliation at the next 02:00 in Berlin, also across the switch to winter time', () => {
    assert.deepEqual(nextReconcileAt(new Date('2026-11-25T09:00:00Z'), 'Europe/Berlin'), { date: '2026-11-26', dueAt: new Date('2026-11-26T01:00:00Z') });
    assert.deepEqual(nextReconcileAt(new Date('2026-11-25T00:30:00Z'), 'Europe/Berlin'), { date: '2026-11-25', dueAt: new Date('2026-11-25T01:00:00Z') });
    assert.deepEqual(nextReconcileAt(new Date('2026-10-24T12:00:00Z'), 'Europe/Berlin'), { date: '2026-10-25', dueAt: new Date('2026-10-25T00:00:00Z') });
  });
});
