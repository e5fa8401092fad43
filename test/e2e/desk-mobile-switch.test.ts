/**
 * A desk and a mobile-work day on the same date are never silently doubled, over HTTP: booking a
 * desk on a mobile day offers the switch (withdraw the day and book), and asking for a mobile day
 * on a day with a desk offers the other switch (release the desk and request the day). Nothing is
 * written until the person chooses.
 */
import assert from 'node:assert/strict';
import { JOB } from '../../src/app/job-types.js';
import type { DeskBooking } from '../../src/domain/desk-model.js';
import { actionData, cardOf, PEOPLE, startHarness, verbsOf, type Harness } from '../support/app-harness.js';

const THURSDAY = '2026-12-03';
const FRIDAY = '2026-12-04';
const DESK = 'A-2-214-1';

describe('desk booking and mobile-work days on the same date (HTTP)', function () {
  this.timeout(30_000);
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.say(PEOPLE.manager, 'hilfe'); // the manager's chat is known: approval cards can be sent
  });
  afterEach(async () => h.close());

  const bookingsOf = (personId: string): Promise<DeskBooking[]> => h.app.store.read((r) => r.listBookingsOfPerson(personId));
  const requestOf = (id: string) => h.app.store.read((r) => r.getRequest(id));
  const toManager = () => h.connector.sent.filter((s) => s.conversationId === `a:personal-${PEOPLE.manager}`);

  async function mobileDay(text: string): Promise<string> {
    const card = cardOf((await h.say(PEOPLE.employee, text))[0]);
    const { requestId } = actionData(card, 'homeOffice.withdraw');
    return String(requestId);
  }

  for (const state of ['pending', 'approved'] as const) {
    it(`when Anna books a desk on a mobile day that is ${state}, then she is offered the switch and nothing is stored until she takes it`, async () => {
      const requestId = await mobileDay('homeoffice am 3.12.');
      await h.drain();
      if (state === 'approved') {
        assert.equal((await h.click(PEOPLE.manager, 'homeOffice.approve', { requestId })).statusCode, 200);
        await h.drain();
      }
      assert.equal((await requestOf(requestId))?.status, state);

      const answer = await h.click(PEOPLE.employee, 'desk.book', { deskId: DESK, date: THURSDAY, slot: 'day' });
      assert.equal(answer.statusCode, 200);
      assert.match(JSON.stringify(answer.value), /An diesem Tag arbeiten Sie mobil/);
      assert.ok(verbsOf(answer.value).includes('desk.switchToOffice'));
      assert.deepEqual(await bookingsOf(PEOPLE.employee), [], 'no booking yet');
      assert.equal((await requestOf(requestId))?.status, state, 'the mobile day is untouched');

      const switched = await h.click(PEOPLE.employee, 'desk.switchToOffice', actionData(answer.value, 'desk.switchToOffice'));
      assert.equal(switched.statusCode, 200);
      assert.match(JSON.stringify(switched.value), /Ihr Platz ist gebucht/);
      const request = await requestOf(requestId);
      assert.equal(request?.days.find((d) => d.date === THURSDAY)?.status, state === 'pending' ? 'withdrawn' : 'cancelled');
      const booked = await bookingsOf(PEOPLE.employee);
      assert.deepEqual(booked.map((b) => [b.deskId, b.date, b.status]), [[DESK, THURSDAY, 'booked']]);
    });
  }

  it('when Anna switches a pending mobile day to a desk, then the manager is told and the approval card loses its buttons', async () => {
    const requestId = await mobileDay('homeoffice am 3.12.');
    await h.drain();
    assert.equal(toManager().length, 1, 'the approval card was sent');
    const conflict = await h.click(PEOPLE.employee, 'desk.book', { deskId: DESK, date: THURSDAY, slot: 'day' });
    await h.click(PEOPLE.employee, 'desk.switchToOffice', actionData(conflict.value, 'desk.switchToOffice'));
    await h.drain();

    assert.equal((await requestOf(requestId))?.status, 'withdrawn');
    assert.equal(h.connector.updates.length, 1, 'the sent approval card is updated');
    assert.equal(h.connector.updates[0]!.activityId, toManager()[0]!.id);
    const updated = (h.connector.updates[0]!.activity.attachments as Array<{ content: unknown }>)[0]!.content;
    assert.ok(!verbsOf(updated).includes('homeOffice.approve'), 'nothing left to approve');
    const jobs = await h.app.store.read((r) => r.listJobs({ type: JOB.withdrawalNotify }));
    assert.equal(jobs.length, 1, 'the manager is told once');
  });

  it('when Anna asks for a mobile day on a day with her desk booking, then she is offered the switch; taking it releases the desk and creates the request', async () => {
    const booked = await h.click(PEOPLE.employee, 'desk.book', { deskId: DESK, date: FRIDAY, slot: 'day' });
    const { bookingId } = actionData(booked.value, 'desk.cancel');

    const conflict = cardOf((await h.say(PEOPLE.employee, 'homeoffice am 4.12.'))[0]);
    assert.match(JSON.stringify(conflict), /An diesem Tag haben Sie einen Platz gebucht/);
    assert.ok(verbsOf(conflict).includes('homeOffice.switchToMobile'));
    assert.equal(await h.app.store.read(async (r) => (await r.listRequestsOfPerson(PEOPLE.employee)).length), 0, 'no request yet');
    assert.equal((await h.app.store.read((r) => r.getBooking(String(bookingId))))?.status, 'booked', 'the desk is kept');

    const switched = await h.click(PEOPLE.employee, 'homeOffice.switchToMobile', actionData(conflict, 'homeOffice.switchToMobile'));
    assert.equal(switched.statusCode, 200);
    const released = await h.app.store.read((r) => r.getBooking(String(bookingId)));
    assert.equal(released?.status, 'released');
    assert.equal(released?.releaseReason, 'mobile-work');
    const requests = await h.app.store.read((r) => r.listRequestsOfPerson(PEOPLE.employee));
    assert.equal(requests.length, 1);
    assert.deepEqual(requests[0]!.days.map((d) => [d.date, d.status]), [[FRIDAY, 'pending']]);

    // The released desk is free again for a colleague.
    const other = await h.click(PEOPLE.colleague, 'desk.book', { deskId: DESK, date: FRIDAY, slot: 'day' });
    assert.match(JSON.stringify(other.value), /Ihr Platz ist gebucht/);
  });
});
