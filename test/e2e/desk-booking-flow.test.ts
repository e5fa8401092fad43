/**
 * Desk sharing over HTTP, as Teams drives it: a chat message finds free desks, a click books one,
 * "meine buchungen" lists it, a click cancels it, and the slot can be booked again. Bad input gets
 * a clear answer and stores nothing. Today in the harness: Wednesday 2026-11-25, 09:00Z.
 */
import assert from 'node:assert/strict';
import type { DeskBooking } from '../../src/domain/desk-model.js';
import { actionData, cardOf, PEOPLE, startHarness, verbsOf, type Harness } from '../support/app-harness.js';

const CARD = 'application/vnd.microsoft.card.adaptive';
const THURSDAY = '2026-12-03';

describe('desk booking through chat and cards (HTTP, lowdb)', function () {
  this.timeout(30_000);
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.close());

  const bookingsOf = (personId: string): Promise<DeskBooking[]> => h.app.store.read((r) => r.listBookingsOfPerson(personId));
  const active = (list: DeskBooking[]) => list.filter((b) => b.status === 'booked' || b.status === 'checked-in');

  async function searchThursday(userId: string = PEOPLE.employee): Promise<Record<string, unknown>> {
    const replies = await h.say(userId, 'tisch am 3.12.');
    assert.equal(replies.length, 1);
    return cardOf(replies[0]);
  }

  it('when Anna asks for a desk on 3.12., books one, lists, cancels and books again, then every step answers with the right card and the store follows', async () => {
    const results = await searchThursday();
    assert.ok(verbsOf(results).includes('desk.book'), 'the results card offers desks to book');
    const pick = actionData(results, 'desk.book');
    assert.equal(pick.date, THURSDAY);
    assert.equal(pick.slot, 'day');
    assert.equal(typeof pick.deskId, 'string');

    const booked = await h.click(PEOPLE.employee, 'desk.book', pick);
    assert.equal(booked.statusCode, 200);
    assert.equal(booked.type, CARD);
    const bookedText = JSON.stringify(booked.value);
    assert.match(bookedText, /Ihr Platz ist gebucht/);
    assert.match(bookedText, /bis 09:30 Uhr ein/, 'the card names the check-in deadline of the policy');
    const { bookingId } = actionData(booked.value, 'desk.cancel');
    const stored = await h.app.store.read((r) => r.getBooking(String(bookingId)));
    assert.equal(stored?.status, 'booked');
    assert.equal(stored?.deskId, pick.deskId);
    assert.equal(stored?.date, THURSDAY);

    const listed = cardOf((await h.say(PEOPLE.employee, 'meine buchungen'))[0]);
    assert.equal(actionData(listed, 'desk.cancel').bookingId, bookingId, 'my bookings lists it with a cancel button');
    assert.match(JSON.stringify(listed), /03\.12\.2026/);

    const afterCancel = await h.click(PEOPLE.employee, 'desk.cancel', { bookingId });
    assert.equal(afterCancel.statusCode, 200);
    assert.ok(!verbsOf(afterCancel.value).includes('desk.cancel'), 'the list no longer holds the booking');
    assert.equal((await h.app.store.read((r) => r.getBooking(String(bookingId))))?.status, 'cancelled');
    const relisted = cardOf((await h.say(PEOPLE.employee, 'meine buchungen'))[0]);
    assert.ok(!JSON.stringify(relisted).includes(String(bookingId)), 'gone from "meine buchungen"');

    const again = await h.click(PEOPLE.employee, 'desk.book', pick);
    assert.equal(again.statusCode, 200);
    assert.match(JSON.stringify(again.value), /Ihr Platz ist gebucht/);
    const mine = await bookingsOf(PEOPLE.employee);
    assert.equal(mine.length, 2);
    assert.deepEqual(active(mine).map((b) => [b.deskId, b.date]), [[pick.deskId, THURSDAY]]);
  });

  it('when a desk id does not exist, then a refusal card says so and nothing is stored', async () => {
    const res = await h.click(PEOPLE.employee, 'desk.book', { deskId: 'nope', date: THURSDAY, slot: 'day' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.type, CARD);
    assert.match(JSON.stringify(res.value), /Diesen Platz gibt es nicht/);
    assert.ok(!verbsOf(res.value).includes('desk.cancel'));
    assert.equal((await bookingsOf(PEOPLE.employee)).length, 0);
  });

  it('when the date lies beyond the 14-day booking window, then the refusal names the last bookable day and nothing is stored', async () => {
    // 2026-11-25 + 14 days = 2026-12-09; Thursday 2026-12-10 is one day too far.
    const res = await h.click(PEOPLE.employee, 'desk.book', { deskId: 'A-2-214-1', date: '2026-12-10', slot: 'day' });
    assert.equal(res.statusCode, 200);
    const text = JSON.stringify(res.value);
    assert.match(text, /So weit im Voraus können Sie noch nicht buchen/);
    assert.match(text, /09\.12\.2026/);
    assert.equal((await bookingsOf(PEOPLE.employee)).length, 0);
    const inside = await h.click(PEOPLE.employee, 'desk.book', { deskId: 'A-2-214-1', date: '2026-12-09', slot: 'day' });
    assert.match(JSON.stringify(inside.value), /Ihr Platz ist gebucht/, 'the last day of the window can be booked');
  });

  it("when someone cancels another person's booking, then it is refused as NOT_YOUR_BOOKING and the booking stays", async () => {
    const pick = actionData(await searchThursday(PEOPLE.colleague), 'desk.book');
    const booked = await h.click(PEOPLE.colleague, 'desk.book', pick);
    const { bookingId } = actionData(booked.value, 'desk.cancel');
    const before = await h.app.store.read((r) => r.getBooking(String(bookingId)));

    const res = await h.click(PEOPLE.employee, 'desk.cancel', { bookingId });
    assert.equal(res.statusCode, 400);
    assert.equal(res.value.code, 'NOT_YOUR_BOOKING');
    assert.deepEqual(await h.app.store.read((r) => r.getBooking(String(bookingId))), before);
  });

  it('when desk.find carries a date that is not a date, then the invoke answers 400 INVALID_INPUT', async () => {
    const res = await h.click(PEOPLE.employee, 'desk.find', { date: 'morgen', slot: 'day' });
    assert.equal(res.statusCode, 400);
    assert.equal(res.value.code, 'INVALID_INPUT');
    assert.equal(typeof res.value.message, 'string');
    assert.ok(!h.logger.lines.some((l) => l.level === 'error'));
  });
});
