/**
 * Booking a desk for today after the check-in deadline, and saying "ich bin da" twice (issue 13,
 * items 2 and 3). Kitzingen policy: check in by 09:30 Berlin time (08:30Z in winter), reminder
 * 30 minutes before.
 */
import assert from 'node:assert/strict';
import { actionData, cardOf, PEOPLE, startHarness, type Harness } from '../support/app-harness.js';

const TODAY = '2026-11-26';
const cardsSentTo = (h: Harness, personId: string) =>
  h.connector.sent.filter((s) => s.conversationId === `a:personal-${personId}`).map((s) => JSON.stringify(s.activity));

describe('desk booked for today and checked in twice (HTTP)', function () {
  this.timeout(30_000);
  let h: Harness;
  afterEach(async () => h.close());

  it('when Anna books a desk for today after the deadline, then she is checked in at once and the desk is never released as a no-show', async () => {
    h = await startHarness({}, {}, new Date('2026-11-26T12:00:00Z')); // 13:00 Berlin, deadline 09:30 long past
    const answer = await h.click(PEOPLE.employee, 'desk.book', { deskId: 'A-2-214-1', date: TODAY, slot: 'day' });
    assert.equal(answer.statusCode, 200);
    const text = JSON.stringify(answer.value);
    assert.match(text, /Sie sind gleich eingecheckt/);
    assert.doesNotMatch(text, /bis 09:30 Uhr ein/, 'no check-in demand that cannot be met');
    const bookingId = String(actionData(answer.value, 'desk.cancel').bookingId);
    assert.equal((await h.app.store.read((r) => r.getBooking(bookingId)))?.status, 'checked-in');

    h.clock.advance(3_600_000);
    await h.drain();
    h.clock.advance(6 * 3_600_000);
    await h.drain();
    assert.equal((await h.app.store.read((r) => r.getBooking(bookingId)))?.status, 'checked-in');
    const sent = cardsSentTo(h, PEOPLE.employee);
    assert.equal(sent.filter((c) => c.includes('Ihr Platz wurde freigegeben')).length, 0, 'no release');
    assert.equal(sent.filter((c) => c.includes('Erinnerung: Bitte einchecken')).length, 0, 'no late reminder');
  });

  it('when Anna books for today after the reminder time but before the deadline, then no late reminder comes and the deadline still applies', async () => {
    h = await startHarness({}, {}, new Date('2026-11-26T08:10:00Z')); // 09:10 Berlin: reminder was 09:00
    const answer = await h.click(PEOPLE.employee, 'desk.book', { deskId: 'A-2-214-1', date: TODAY, slot: 'day' });
    assert.match(JSON.stringify(answer.value), /bis 09:30 Uhr ein/);
    await h.drain();
    h.clock.advance(5 * 60_000);
    await h.drain();
    assert.equal(cardsSentTo(h, PEOPLE.employee).filter((c) => c.includes('Erinnerung: Bitte einchecken')).length, 0);
  });

  it('when Anna says "ich bin da" a second time, then she is told since when she is checked in, not that the booking is gone', async () => {
    h = await startHarness({}, {}, new Date('2026-11-25T09:00:00Z'));
    await h.click(PEOPLE.employee, 'desk.book', { deskId: 'A-2-214-1', date: TODAY, slot: 'day' });
    h.clock.set(new Date('2026-11-26T07:02:00Z')); // 08:02 Berlin
    const first = JSON.stringify(cardOf((await h.say(PEOPLE.employee, 'ich bin da'))[0]));
    assert.match(first, /Sie sind eingecheckt/);
    h.clock.set(new Date('2026-11-26T07:40:00Z'));
    const second = JSON.stringify(cardOf((await h.say(PEOPLE.employee, 'ich bin da'))[0]));
    assert.doesNotMatch(second, /gibt es nicht/);
    assert.match(second, /bereits seit 08:02 Uhr/);
    const english = JSON.stringify(cardOf((await h.say(PEOPLE.employee, "I'm here", 'en-US'))[0]));
    assert.match(english, /since 08:02/);
  });

  it('when someone without a booking says "ich bin da", then the error card has a real title, not the key', async () => {
    h = await startHarness();
    const reply = JSON.stringify(cardOf((await h.say(PEOPLE.colleague, 'ich bin da'))[0]));
    assert.doesNotMatch(reply, /error\.title/);
    assert.match(reply, /Das hat nicht geklappt/);
  });
});
