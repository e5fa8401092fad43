/**
 * "Wer ist heute im Büro?" with Graph presence on (GRAPH_PRESENCE=true): availability appears next
 * to the names people chose to show — read from the fake Graph's getPresencesByUserId — and for
 * nobody else.
 */
import assert from 'node:assert/strict';
import { FakeGraph } from '../fakes/fake-graph.js';
import { graphEnv, installCalendarRoutes, type CalendarRoutes } from '../graph/subscription-fake-routes.js';
import { actionData, cardOf, PEOPLE, startHarness, type Harness } from '../support/app-harness.js';

const TODAY = '2026-11-25';
const THOMAS = PEOPLE.deputy; // Thomas Brandl, SG 21

describe('team day with Graph presence (HTTP, fake Graph)', function () {
  this.timeout(30_000);
  let fake: FakeGraph;
  let routes: CalendarRoutes;
  let h: Harness;

  beforeEach(async () => {
    fake = new FakeGraph();
    await fake.start();
    routes = installCalendarRoutes(fake);
    h = await startHarness({ ...graphEnv(fake), GRAPH_PRESENCE: 'true' });
  });
  afterEach(async () => {
    await h.close();
    await fake.stop();
  });

  async function bookToday(userId: string): Promise<void> {
    const found = await h.click(userId, 'desk.find', { date: TODAY, slot: 'day' });
    const booked = await h.click(userId, 'desk.book', actionData(found.value, 'desk.book'));
    assert.ok(JSON.stringify(booked.value).includes('desk.cancel'), 'booked');
  }

  it('when a colleague shows her name and is on site today, then her availability is shown next to it; a hidden colleague gets none', async () => {
    await h.click(PEOPLE.colleague, 'settings.save', { visibility: 'name', needsAccessibleDesk: 'false' });
    await bookToday(PEOPLE.colleague);
    await bookToday(THOMAS); // stays hidden (the Kitzingen default)
    routes.presences.set(PEOPLE.colleague, { availability: 'Busy', activity: 'InAMeeting' });
    routes.presences.set(THOMAS, { availability: 'Available', activity: 'Available' });

    const card = JSON.stringify(cardOf((await h.say(PEOPLE.employee, 'wer ist heute im büro'))[0]));
    assert.match(card, /Markus Wimmer \(beschäftigt\)/);
    assert.doesNotMatch(card, /Thomas|verfügbar/, 'nothing about the hidden colleague');
  });

  it('when Graph presence fails, then the names are still shown, without availability', async () => {
    await h.click(PEOPLE.colleague, 'settings.save', { visibility: 'name', needsAccessibleDesk: 'false' });
    await bookToday(PEOPLE.colleague);
    fake.failNext(5, 503);
    const card = JSON.stringify(cardOf((await h.say(PEOPLE.employee, 'wer ist heute im büro'))[0]));
    assert.match(card, /Markus Wimmer/);
    assert.doesNotMatch(card, /Markus Wimmer \(/);
  });

  it('when the day asked for is not today, then no presence is read', async () => {
    await h.click(PEOPLE.colleague, 'settings.save', { visibility: 'name', needsAccessibleDesk: 'false' });
    const before = fake.requests.filter((r) => r.path.includes('getPresencesByUserId')).length;
    await h.say(PEOPLE.employee, 'wer ist am 3.12. im büro');
    assert.equal(fake.requests.filter((r) => r.path.includes('getPresencesByUserId')).length, before);
  });
});
