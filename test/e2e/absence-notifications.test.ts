/**
 * Absences from Outlook through Graph change notifications, end to end over HTTP: the real app
 * (restify, lowdb, outbox) with the fake Graph and the fake Bot Connector. The fake Graph
 * validates the notification URL the way Graph does (the handshake) before it creates a
 * subscription, and sends notifications to it. Today in the harness: Wednesday 2026-11-25, 09:00Z.
 */
import assert from 'node:assert/strict';
import { RequestDays } from '../../src/app/request-days.js';
import { CALENDAR_JOB } from '../../src/graph/subscriptions.js';
import { FakeGraph } from '../fakes/fake-graph.js';
import { bookThursday, freePort, graphEnv, installCalendarRoutes, oofAllDay, type CalendarRoutes } from '../graph/subscription-fake-routes.js';
import { PEOPLE, startHarness, type Harness } from '../support/app-harness.js';

const THURSDAY = '2026-12-03';

describe('absences by Graph change notification (HTTP, lowdb, fake Graph)', function () {
  this.timeout(30_000);
  let fake: FakeGraph;
  let routes: CalendarRoutes;
  let h: Harness;
  let url: string;

  beforeEach(async () => {
    fake = new FakeGraph();
    await fake.start();
    routes = installCalendarRoutes(fake);
    const port = await freePort();
    url = `http://127.0.0.1:${port}/api/graph/notifications`;
    h = await startHarness({ ...graphEnv(fake), PORT: String(port), GRAPH_NOTIFICATION_URL: url });
    await h.drain(); // the renewal job creates every subscription (each after the handshake)
  });
  afterEach(async () => {
    await h.close();
    await fake.stop();
  });

  const subscriptionOf = (personId: string) => h.app.store.read((r) => r.getSubscriptionOfPerson(personId));
  const jobCount = () => h.app.store.read(async (r) => (await r.listJobs({ type: CALENDAR_JOB.fetchChanges })).length);

  it('answers the validation handshake with the token as text/plain, at once', async () => {
    const res = await fetch(`${url}?validationToken=${encodeURIComponent('Validation: Testing client application reachability for subscription Request-Id: 1')}`, { method: 'POST' });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    assert.equal(await res.text(), 'Validation: Testing client application reachability for subscription Request-Id: 1');
  });

  it('at start, subscribes to every person\'s events with a secret clientState, after Graph validated the URL', async () => {
    const people = 9;
    assert.ok(routes.subscriptions.size >= people - 1, `subscriptions: ${routes.subscriptions.size}`);
    const sub = await subscriptionOf(PEOPLE.employee);
    assert.ok(sub, 'stored');
    const remote = routes.subscriptions.get(sub.id);
    assert.equal(remote?.resource, `/users/${PEOPLE.employee}/events`);
    assert.equal(remote?.changeType, 'created,updated,deleted');
    assert.equal(remote?.notificationUrl, url);
    assert.ok((remote?.clientState.length ?? 0) >= 40, 'a long random secret');
    assert.equal(remote?.clientState, sub.clientState);
    const minutes = (Date.parse(sub.expiresAt) - h.clock.now().getTime()) / 60_000;
    assert.equal(minutes, 4230);
  });

  it('when the body is malformed, then 400 and nothing is queued', async () => {
    const before = await jobCount();
    for (const body of ['{not json', JSON.stringify({ value: [{ subscriptionId: 'x' }] }), JSON.stringify({ hello: 1 })]) {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      assert.equal(res.status, 400, body);
    }
    assert.equal(await jobCount(), before);
  });

  it('when the clientState is wrong, then the notification is ignored and logged with the subscription id only', async () => {
    const sub = (await subscriptionOf(PEOPLE.employee))!;
    const event = fake.addEvent(PEOPLE.employee, oofAllDay(THURSDAY, '2026-12-04'));
    const before = await jobCount();
    assert.equal(await routes.notify(sub.id, 'created', event.id!, 'guessed-secret'), 202);
    assert.equal(await jobCount(), before);
    const warning = h.logger.lines.find((e) => e.event === 'graph_notification_rejected');
    assert.ok(warning, 'logged');
    assert.equal(warning.subscriptionId, sub.id);
    const logged = JSON.stringify(warning);
    assert.ok(!logged.includes(sub.clientState) && !logged.includes('guessed-secret') && !logged.includes(event.id!), 'no secret, no event id');
    await h.drain();
    const absences = await h.app.store.read((r) => r.listAbsencesOfPerson(PEOPLE.employee, THURSDAY, THURSDAY));
    assert.deepEqual(absences, []);
  });

  it('when an oof event arrives by notification, then that day\'s desk is released and Anna gets the released card; a mobile-work request that day is refused with ABSENT', async () => {
    const booking = await bookThursday(h);
    await h.drain();
    const sentBefore = h.connector.sent.length;
    const sub = (await subscriptionOf(PEOPLE.employee))!;
    const event = fake.addEvent(PEOPLE.employee, oofAllDay(THURSDAY, '2026-12-04'));
    assert.equal(await routes.notify(sub.id, 'created', event.id!), 202);
    await h.drain();

    const released = await h.app.store.read((r) => r.getBooking(booking.id));
    assert.equal(released?.status, 'released');
    assert.equal(released?.releaseReason, 'absence');
    const absences = await h.app.store.read((r) => r.listAbsencesOfPerson(PEOPLE.employee, THURSDAY, THURSDAY));
    assert.deepEqual(absences.map((a) => [a.date, a.eventId, a.active]), [[THURSDAY, event.id, true]]);
    const cards = h.connector.sent.slice(sentBefore).map((s) => JSON.stringify(s.activity));
    assert.ok(cards.some((c) => c.includes('wurde freigegeben, weil für Sie an diesem Tag eine Abwesenheit eingetragen ist')), 'the released card');

    const result = await new RequestDays(h.app.ctx).execute({ userId: PEOPLE.employee, spec: { type: 'dates', dates: [THURSDAY] } });
    assert.equal(result.request, undefined);
    assert.equal(result.verdicts[0]?.outcome, 'refused');
    assert.equal(result.verdicts[0]?.reasons[0]?.code, 'ABSENT');

    // The event is deleted in Outlook: the day is no longer absent (the released desk stays released).
    fake.removeEvent(PEOPLE.employee, event.id!);
    assert.equal(await routes.notify(sub.id, 'deleted', event.id!), 202);
    await h.drain();
    const after = await h.app.store.read((r) => r.listAbsencesOfPerson(PEOPLE.employee, THURSDAY, THURSDAY));
    assert.deepEqual(after.map((a) => a.active), [false]);
    const again = await new RequestDays(h.app.ctx).execute({ userId: PEOPLE.employee, spec: { type: 'dates', dates: [THURSDAY] } });
    assert.notEqual(again.verdicts[0]?.outcome, 'refused');
  });

  it('when a subscription nears its expiry, then the hourly job renews it (PATCH) before it lapses; one Graph forgot is created again', async () => {
    const sub = (await subscriptionOf(PEOPLE.employee))!;
    const other = (await subscriptionOf(PEOPLE.colleague))!;
    routes.subscriptions.delete(other.id); // Graph dropped it
    // 2 days and 2 hours later: 18 h before the expiry (4,230 min ≈ 2 d 22.5 h).
    for (let i = 0; i < 50; i++) {
      h.clock.advance(3_600_000);
      await h.drain();
    }
    const renewed = (await subscriptionOf(PEOPLE.employee))!;
    assert.equal(renewed.id, sub.id);
    assert.ok(Date.parse(renewed.expiresAt) > Date.parse(sub.expiresAt), 'expiry moved on');
    assert.ok(Date.parse(renewed.expiresAt) - h.clock.now().getTime() > 24 * 3_600_000, 'not about to lapse');
    assert.ok(fake.requests.some((r) => r.method === 'PATCH' && r.path === `/subscriptions/${sub.id}` && r.status === 200));
    const recreated = (await subscriptionOf(PEOPLE.colleague))!;
    assert.notEqual(recreated.id, other.id);
    assert.ok(routes.subscriptions.has(recreated.id));
  });
});
