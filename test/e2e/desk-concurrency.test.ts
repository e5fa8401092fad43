/**
 * Simultaneous desk bookings over HTTP on the running server (lowdb store): however many clicks
 * race for one desk and slot, one booking is stored and every other person gets a clear answer;
 * one person racing for many desks on one slot holds at most one of them.
 *
 * 100 generated people of Sachgebiet 21 (a directory override), so that the team zone desk
 * A-2-210-1 (reserved for sg-21) may be booked by every one of them eight days ahead.
 */
import assert from 'node:assert/strict';
import type { DeskBooking } from '../../src/domain/desk-model.js';
import { startHarness, verbsOf, type Harness, type InvokeBody } from '../support/app-harness.js';
import { generatedDirectory } from '../support/generated-directory.js';

const CARD = 'application/vnd.microsoft.card.adaptive';
const DATE = '2026-12-03';
const DESK = 'A-2-210-1';
const PEOPLE_COUNT = 100;

describe('desk booking under concurrency over HTTP (lowdb store)', function () {
  this.timeout(60_000);
  let h: Harness;
  let ids: string[];

  beforeEach(async () => {
    const generated = generatedDirectory(PEOPLE_COUNT);
    ids = generated.ids;
    h = await startHarness({}, { directory: generated.directory });
  });
  afterEach(async () => h.close());

  const bookingsOn = (date: string): Promise<DeskBooking[]> => h.app.store.read((r) => r.listBookingsOnDate(date));
  const isActive = (b: DeskBooking) => b.status === 'booked' || b.status === 'checked-in';
  const errorLines = () => h.logger.lines.filter((l) => l.level === 'error' || l.event === 'action_failed');

  it('when 100 people click the same desk and slot at once, then exactly one booking is stored and 99 get the alternatives with the taken notice', async () => {
    assert.equal(ids.length, PEOPLE_COUNT);
    const answers: InvokeBody[] = await Promise.all(ids.map((id) => h.click(id, 'desk.book', { deskId: DESK, date: DATE, slot: 'day' })));

    const stored = await bookingsOn(DATE);
    assert.equal(stored.length, 1, 'one booking stored');
    const winner = stored[0]!;
    assert.equal(winner.deskId, DESK);
    assert.equal(winner.status, 'booked');

    for (const a of answers) {
      assert.equal(a.statusCode, 200, JSON.stringify(a.value).slice(0, 300));
      assert.equal(a.type, CARD);
    }
    const won = answers.filter((a) => JSON.stringify(a.value).includes('Ihr Platz ist gebucht'));
    const lost = answers.filter((a) => JSON.stringify(a.value).includes('Dieser Platz ist zu dieser Zeit schon gebucht'));
    assert.equal(won.length, 1, 'one person is told the desk is booked');
    assert.equal(lost.length, PEOPLE_COUNT - 1, 'everyone else is told it is taken');
    for (const a of lost) {
      const text = JSON.stringify(a.value);
      assert.match(text, /Andere freie Plätze/);
      const offered = verbsOf(a.value).filter((v) => v === 'desk.book');
      assert.ok(offered.length > 0, 'alternatives to book are offered');
      assert.ok(!text.includes(`"deskId":"${DESK}"`), 'the taken desk is not offered again');
    }
    assert.deepEqual(errorLines(), [], 'no error logged');
  });

  it('when one person books ten different desks for the same slot at once, then exactly one of them is booked', async () => {
    const person = ids[0]!;
    const desks = ['A-2-210-1', 'A-2-210-2', 'A-2-210-3', 'A-2-210-4', 'A-2-211-1', 'A-2-211-2', 'A-2-211-3', 'A-2-214-1', 'A-2-214-2', 'A-2-214-3'];
    const answers = await Promise.all(desks.map((deskId) => h.click(person, 'desk.book', { deskId, date: DATE, slot: 'day' })));

    const stored = (await h.app.store.read((r) => r.listBookingsOfPerson(person))).filter(isActive);
    assert.equal(stored.length, 1, 'one desk per person per slot');
    assert.ok(answers.every((a) => a.statusCode === 200));
    assert.equal(answers.filter((a) => JSON.stringify(a.value).includes('Ihr Platz ist gebucht')).length, 1);
    assert.equal(
      answers.filter((a) => JSON.stringify(a.value).includes('Sie haben für diese Zeit schon einen Platz gebucht')).length,
      desks.length - 1,
      'the other nine are told they already hold a desk for that time',
    );
    assert.deepEqual(errorLines(), []);
  });
});
