/** Issue 13 item 6: the weekly desk booking the README promises is reachable from the "booked" card. */
import assert from 'node:assert/strict';
import { actionData, PEOPLE, startHarness, verbsOf, type Harness } from '../support/app-harness.js';

describe('weekly desk booking from the booked card (HTTP)', function () {
  this.timeout(30_000);
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h.close());

  it('when Anna books Thursday and clicks "Wöchentlich buchen" until 17.12., then she has the desk on the Thursdays the booking window allows and is told which not', async () => {
    const booked = await h.click(PEOPLE.employee, 'desk.book', { deskId: 'A-2-214-1', date: '2026-11-26', slot: 'day' });
    assert.ok(verbsOf(booked.value).includes('desk.repeat'), 'the card offers the weekly booking');
    assert.match(JSON.stringify(booked.value), /Jeden Donnerstag wiederholen bis/);
    const answer = await h.click(PEOPLE.employee, 'desk.repeat', { ...actionData(booked.value, 'desk.repeat'), until: '2026-12-17' });
    assert.equal(answer.statusCode, 200, JSON.stringify(answer.value));
    const text = JSON.stringify(answer.value);
    assert.match(text, /Serie mit 2 Terminen/);
    assert.match(text, /2 Termine wurden nicht gebucht: Do, 10\.12\.2026, Do, 17\.12\.2026\. So weit im Voraus/);
    assert.ok(!verbsOf(answer.value).includes('desk.repeat'), 'a series is not offered again');
    const dates = (await h.app.store.read((r) => r.listBookingsOfPerson(PEOPLE.employee, '2026-11-26', '2026-12-31'))).map((b) => b.date).sort();
    assert.deepEqual(dates, ['2026-11-26', '2026-12-03']);
  });
});
