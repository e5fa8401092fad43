/**
 * The delta fallback (no public notification URL): every 15 min per person the app asks
 * `/users/{id}/calendarView/delta` with the stored deltaLink and applies what changed.
 * Real app over HTTP with lowdb, the fake Graph and the fake Bot Connector.
 * Today in the harness: Wednesday 2026-11-25, 09:00Z.
 */
import assert from 'node:assert/strict';
import { buildEvaluationContext } from '../../src/app/evaluation-context.js';
import { loadPersonFacts } from '../../src/app/person-facts.js';
import { RequestDays } from '../../src/app/request-days.js';
import { FakeGraph } from '../fakes/fake-graph.js';
import { bookThursday, graphEnv, installCalendarRoutes, oofAllDay, type CalendarRoutes } from '../graph/subscription-fake-routes.js';
import { PEOPLE, startHarness, type Harness } from '../support/app-harness.js';

const THURSDAY = '2026-12-03';
const FRIDAY = '2026-12-04';

describe('absences by the delta fallback (HTTP, lowdb, fake Graph)', function () {
  this.timeout(30_000);
  let fake: FakeGraph;
  let routes: CalendarRoutes;
  let h: Harness;

  beforeEach(async () => {
    fake = new FakeGraph();
    await fake.start();
    routes = installCalendarRoutes(fake);
    h = await startHarness(graphEnv(fake));
  });
  afterEach(async () => {
    await h.close();
    await fake.stop();
  });

  const quarterHour = async () => {
    h.clock.advance(15 * 60_000);
    await h.drain();
  };
  const deltaCalls = (user: string) => fake.requests.filter((r) => r.method === 'GET' && r.path === `/users/${user}/calendarView/delta`);
  const absencesOf = (user: string) => h.app.store.read((r) => r.listAbsencesOfPerson(user, '2026-11-01', '2027-01-31'));

  it('polls each person every 15 min, loads the calendar first, then picks up a new oof event, releases the desk and tells the person', async () => {
    assert.equal(routes.subscriptions.size, 0, 'no subscriptions without a public URL');
    const booking = await bookThursday(h);
    await h.drain();
    const existing = fake.addEvent(PEOPLE.employee, oofAllDay('2026-12-10', '2026-12-11', 'Fortbildung'));

    await quarterHour();
    assert.equal(deltaCalls(PEOPLE.employee).length, 1, 'first round: the whole window');
    assert.ok(deltaCalls(PEOPLE.colleague).length >= 1, 'every person of the directory');
    assert.deepEqual((await absencesOf(PEOPLE.employee)).map((a) => [a.date, a.eventId]), [['2026-12-10', existing.id]]);
    const record = await h.app.store.read((r) => r.getSubscriptionOfPerson(PEOPLE.employee));
    assert.match(record?.deltaLink ?? '', /deltatoken=/);

    routes.pageSize = 1; // the next answer comes in pages
    const sentBefore = h.connector.sent.length;
    const event = fake.addEvent(PEOPLE.employee, oofAllDay(THURSDAY, '2026-12-05', 'Urlaub')); // Thu + Fri
    await quarterHour();
    assert.equal(deltaCalls(PEOPLE.employee).length, 2, 'second round (one page)');
    const dates = (await absencesOf(PEOPLE.employee)).filter((a) => a.eventId === event.id && a.active).map((a) => a.date).sort();
    assert.deepEqual(dates, [THURSDAY, FRIDAY]);
    const released = await h.app.store.read((r) => r.getBooking(booking.id));
    assert.equal(released?.status, 'released');
    assert.equal(released?.releaseReason, 'absence');
    assert.ok(
      h.connector.sent.slice(sentBefore).some((s) => JSON.stringify(s.activity).includes('eine Abwesenheit eingetragen ist')),
      'the released card went to Anna',
    );

    // Nothing changed: the next round writes nothing and sends nothing.
    const sentNow = h.connector.sent.length;
    await quarterHour();
    assert.equal(deltaCalls(PEOPLE.employee).length, 3);
    assert.equal(h.connector.sent.length, sentNow);

    // Deleted in Outlook → @removed in the delta → no longer absent.
    fake.removeEvent(PEOPLE.employee, event.id!);
    await quarterHour();
    assert.deepEqual((await absencesOf(PEOPLE.employee)).filter((a) => a.eventId === event.id).map((a) => a.active), [false, false]);
  });

  it('when Graph lost the sync state (410), then the round starts a fresh window and still finds the absence', async () => {
    await quarterHour();
    fake.addEvent(PEOPLE.employee, oofAllDay(THURSDAY, FRIDAY));
    fake.failNext(1, 410, {}, { error: { code: 'SyncStateNotFound', message: 'gone' } }, { method: 'GET', path: new RegExp(`^/users/${PEOPLE.employee}/calendarView/delta$`) });
    await quarterHour();
    assert.ok(fake.requests.some((r) => r.status === 410), 'Graph answered 410 once');
    assert.deepEqual((await absencesOf(PEOPLE.employee)).filter((a) => a.active).map((a) => a.date), [THURSDAY]);
  });

  it('a planned mobile-work day (pending here; approved alike) that later becomes an absence no longer counts against the quota, and the request is left as it was for the manager', async () => {
    const requested = await new RequestDays(h.app.ctx).execute({ userId: PEOPLE.employee, spec: { type: 'dates', dates: [THURSDAY, FRIDAY] } });
    assert.ok(requested.request, 'stored');
    const facts = await loadPersonFacts(h.app.ctx.directory, PEOPLE.employee);
    const counted = () =>
      h.app.store.read(async (r) => (await buildEvaluationContext(r, facts, h.app.ctx.policy, '2026-11-25', { from: THURSDAY, to: FRIDAY })).existingDays.map((d) => d.date));
    assert.deepEqual(await counted(), [THURSDAY, FRIDAY]);

    await quarterHour();
    fake.addEvent(PEOPLE.employee, oofAllDay(THURSDAY, FRIDAY));
    await quarterHour();
    assert.deepEqual(await counted(), [FRIDAY], 'Thursday is an absence now');
    const request = await h.app.store.read((r) => r.getRequest(requested.request!.id));
    assert.deepEqual(request?.days.map((d) => d.status), requested.request.days.map((d) => d.status), 'the request itself is unchanged');
  });
});
