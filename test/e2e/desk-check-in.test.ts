/**
 * Check-in and no-show release over HTTP, driven by the durable outbox and a manual clock.
 *
 * Kitzingen policy: check in by 09:30 Berlin time, reminder 30 minutes before. On Thursday
 * 2026-11-26 (winter time, UTC+1) that is 08:30Z for the deadline and 08:00Z for the reminder.
 * A restart of the app on the same data directory neither loses nor doubles these jobs.
 */
import assert from 'node:assert/strict';
import { JOB } from '../../src/app/job-types.js';
import { actionData, cardOf, PEOPLE, startHarness, verbsOf, type Harness } from '../support/app-harness.js';

const TOMORROW = '2026-11-26';
const BEFORE_REMINDER = new Date('2026-11-26T07:59:00Z');
const AFTER_REMINDER = new Date('2026-11-26T08:01:00Z');
const AT_DEADLINE = new Date('2026-11-26T08:30:00Z');
const AFTER_DEADLINE = new Date('2026-11-26T08:31:00Z');

/** Cards the fake Bot Connector received for this person (proactive sends). */
function cardsSentTo(h: Harness, personId: string): string[] {
  return h.connector.sent
    .filter((s) => s.conversationId === `a:personal-${personId}`)
    .map((s) => JSON.stringify(s.activity));
}
const reminders = (h: Harness, personId: string) => cardsSentTo(h, personId).filter((c) => c.includes('Erinnerung: Bitte einchecken'));
const releasedCards = (h: Harness, personId: string) => cardsSentTo(h, personId).filter((c) => c.includes('Ihr Platz wurde freigegeben'));

async function book(h: Harness, personId: string, deskId: string): Promise<string> {
  const answer = await h.click(personId, 'desk.book', { deskId, date: TOMORROW, slot: 'day' });
  assert.equal(answer.statusCode, 200);
  assert.match(JSON.stringify(answer.value), /Ihr Platz ist gebucht/);
  return String(actionData(answer.value, 'desk.cancel').bookingId);
}

const statusOf = (h: Harness, bookingId: string) => h.app.store.read((r) => r.getBooking(bookingId));

describe('desk check-in and no-show release (HTTP, outbox, manual clock)', function () {
  this.timeout(30_000);
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.close());

  it('when the reminder time has not come, then no reminder is sent; just after it, exactly one', async () => {
    await book(h, PEOPLE.employee, 'A-2-214-1');
    h.clock.set(BEFORE_REMINDER);
    await h.drain();
    assert.equal(reminders(h, PEOPLE.employee).length, 0);
    h.clock.set(AFTER_REMINDER);
    await h.drain();
    await h.drain();
    assert.equal(reminders(h, PEOPLE.employee).length, 1);
    assert.ok(verbsOf(JSON.parse(reminders(h, PEOPLE.employee)[0]!)).includes('desk.checkIn'), 'the reminder offers "Ich bin da"');
  });

  it('when Anna says "ich bin da" after the reminder, then she is checked in and the deadline releases nothing', async () => {
    const bookingId = await book(h, PEOPLE.employee, 'A-2-214-1');
    h.clock.set(AFTER_REMINDER);
    await h.drain();
    assert.equal(reminders(h, PEOPLE.employee).length, 1);

    const reply = cardOf((await h.say(PEOPLE.employee, 'ich bin da'))[0]);
    assert.match(JSON.stringify(reply), /Sie sind eingecheckt/);
    assert.equal((await statusOf(h, bookingId))?.status, 'checked-in');

    h.clock.set(AFTER_DEADLINE);
    await h.drain();
    h.clock.advance(6 * 3_600_000);
    await h.drain();
    assert.equal((await statusOf(h, bookingId))?.status, 'checked-in', 'a checked-in booking is never released');
    assert.equal(releasedCards(h, PEOPLE.employee).length, 0);
    assert.equal(reminders(h, PEOPLE.employee).length, 1, 'still one reminder');
  });

  it('when Markus clicks "Ich bin da" on the reminder card, then he is checked in and keeps the desk', async () => {
    const bookingId = await book(h, PEOPLE.colleague, 'A-2-214-2');
    h.clock.set(AFTER_REMINDER);
    await h.drain();
    const reminder = JSON.parse(reminders(h, PEOPLE.colleague)[0]!) as unknown;
    const answer = await h.click(PEOPLE.colleague, 'desk.checkIn', actionData(reminder, 'desk.checkIn'));
    assert.equal(answer.statusCode, 200);
    assert.equal((await statusOf(h, bookingId))?.status, 'checked-in');
    h.clock.set(AFTER_DEADLINE);
    await h.drain();
    assert.equal((await statusOf(h, bookingId))?.status, 'checked-in');
  });

  it('when nobody checks in by the deadline, then the booking is released as a no-show at the deadline, not before, and the person gets one "released" card', async () => {
    const checkedIn = await book(h, PEOPLE.employee, 'A-2-214-1');
    const noShow = await book(h, PEOPLE.colleague, 'A-2-214-2');
    h.clock.set(AFTER_REMINDER);
    await h.drain();
    await h.say(PEOPLE.employee, 'ich bin da');

    h.clock.set(new Date(AT_DEADLINE.getTime() - 1000));
    await h.drain();
    assert.equal((await statusOf(h, noShow))?.status, 'booked', 'one second before the deadline it is still held');

    h.clock.set(AFTER_DEADLINE);
    await h.drain();
    await h.drain();
    const released = await statusOf(h, noShow);
    assert.equal(released?.status, 'released');
    assert.equal(released?.releaseReason, 'no-show');
    assert.equal(releasedCards(h, PEOPLE.colleague).length, 1, 'Markus is told once');
    assert.match(releasedCards(h, PEOPLE.colleague)[0]!, /bis 09:30 Uhr niemand eingecheckt/);
    assert.equal((await statusOf(h, checkedIn))?.status, 'checked-in', 'the checked-in booking is not released');
    assert.equal(releasedCards(h, PEOPLE.employee).length, 0);

    // The released desk can be booked again the same day.
    const rebook = await h.click(PEOPLE.newStarter, 'desk.book', { deskId: 'A-2-214-2', date: TOMORROW, slot: 'day' });
    assert.match(JSON.stringify(rebook.value), /Ihr Platz ist gebucht/);
  });
});

describe('desk check-in jobs across a restart (same DATA_DIR)', function () {
  this.timeout(30_000);
  let first: Harness | undefined;
  let second: Harness | undefined;
  afterEach(async () => {
    await second?.close();
    await first?.close(); // removes the shared data directory last
    first = second = undefined;
  });

  const jobsOf = async (h: Harness, type: string) => h.app.store.read((r) => r.listJobs({ type }));

  it('when the app restarts before the reminder and comes back after the deadline, then the booking is released once and the person told once', async () => {
    first = await startHarness();
    const bookingId = await book(first, PEOPLE.employee, 'A-2-214-1');
    await first.app.stop();

    second = await startHarness({}, {}, AFTER_DEADLINE, { dataDir: first.dataDir });
    await second.drain();
    await second.drain();
    const released = await statusOf(second, bookingId);
    assert.equal(released?.status, 'released');
    assert.equal(released?.releaseReason, 'no-show');
    // The conversation was recorded with the first app's connector URL: the proactive card goes there.
    assert.equal(releasedCards(first, PEOPLE.employee).length, 1, 'told once');
    assert.equal(reminders(first, PEOPLE.employee).length, 0, 'no reminder to check in after the deadline has passed');
    for (const type of [JOB.deskCheckInReminder, JOB.deskNoShow, JOB.deskReleasedNotify]) {
      const jobs = await jobsOf(second, type);
      assert.equal(jobs.length, 1, `one ${type} job`);
      assert.equal(jobs[0]!.status, 'done', `${type} ran`);
    }
  });

  it('when the reminder was sent before the restart, then it is not sent again and the release happens once', async () => {
    first = await startHarness();
    const bookingId = await book(first, PEOPLE.employee, 'A-2-214-1');
    first.clock.set(AFTER_REMINDER);
    await first.drain();
    assert.equal(reminders(first, PEOPLE.employee).length, 1);
    await first.app.stop();

    second = await startHarness({}, {}, AFTER_DEADLINE, { dataDir: first.dataDir });
    await second.drain();
    second.clock.advance(3_600_000);
    await second.drain();
    assert.equal((await statusOf(second, bookingId))?.status, 'released');
    assert.equal(reminders(first, PEOPLE.employee).length, 1, 'the reminder is not doubled');
    assert.equal(releasedCards(first, PEOPLE.employee).length, 1);
    assert.equal(second.connector.sent.length, 0);
    for (const type of [JOB.deskCheckInReminder, JOB.deskNoShow, JOB.deskReleasedNotify]) {
      assert.equal((await jobsOf(second, type)).length, 1, `one ${type} job`);
    }
  });

  it('when the person checked in before the restart, then the restarted app releases nothing', async () => {
    first = await startHarness();
    const bookingId = await book(first, PEOPLE.employee, 'A-2-214-1');
    first.clock.set(AFTER_REMINDER);
    await first.say(PEOPLE.employee, 'ich bin da');
    await first.app.stop();

    second = await startHarness({}, {}, AFTER_DEADLINE, { dataDir: first.dataDir });
    await second.drain();
    assert.equal((await statusOf(second, bookingId))?.status, 'checked-in');
    assert.equal(releasedCards(first, PEOPLE.employee).length, 0);
  });
});
