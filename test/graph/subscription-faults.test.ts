/**
 * Calendar subscriptions as a real tenant answers them (HTTP, lowdb, fake Graph): one mailbox
 * outside the Exchange RBAC scope fails alone, counted in the log and on /readyz and tried again on
 * its own; lifecycle notifications and the hourly safety-net delta recover lost notifications.
 * Today in the harness: Wednesday 2026-11-25, 09:00Z.
 */
import assert from 'node:assert/strict';
import { CALENDAR_JOB } from '../../src/graph/subscriptions.js';
import { FakeGraph } from '../fakes/fake-graph.js';
import { PEOPLE, startHarness, type Harness } from '../support/app-harness.js';
import { freePort, graphEnv, installCalendarRoutes, oofAllDay, type CalendarRoutes } from './subscription-fake-routes.js';

const THURSDAY = '2026-12-03';

describe('calendar subscriptions in a real tenant (HTTP, lowdb, fake Graph)', function () {
  this.timeout(30_000);
  let fake: FakeGraph;
  let routes: CalendarRoutes;
  let h: Harness | undefined;

  beforeEach(async () => {
    fake = new FakeGraph();
    await fake.start();
    routes = installCalendarRoutes(fake);
  });
  afterEach(async () => {
    await h?.close();
    h = undefined;
    await fake.stop();
  });

  async function start(withSubscriptions: boolean): Promise<Harness> {
    const port = await freePort();
    const env: Record<string, string> = { ...graphEnv(fake), PORT: String(port) };
    if (withSubscriptions) env.GRAPH_NOTIFICATION_URL = `http://127.0.0.1:${port}/api/graph/notifications`;
    h = await startHarness(env);
    return h;
  }
  const readyDetails = async (app: Harness) => ((await (await fetch(`${app.baseUrl}/readyz`)).json()) as { details?: { graph?: { status: string; mailboxesRefused: number } } }).details;
  const everyone = Object.values(PEOPLE);

  it('when the first person of the directory is outside the RBAC scope, then everyone else is subscribed, the refusal is counted (ids only) and retried next hour', async () => {
    routes.refused.add(PEOPLE.manager); // the first person in samples/directory.yaml
    const app = await start(true);
    await app.drain();

    for (const id of everyone.filter((p) => p !== PEOPLE.manager)) {
      assert.ok(await app.app.store.read((r) => r.getSubscriptionOfPerson(id)), `subscription of ${id}`);
    }
    assert.equal(await app.app.store.read((r) => r.getSubscriptionOfPerson(PEOPLE.manager)), undefined);
    assert.deepEqual((await readyDetails(app))?.graph, { status: 'ok', mailboxesRefused: 1 });
    const refusedLines = app.logger.lines.filter((l) => l.event === 'graph_mailbox_refused');
    assert.equal(refusedLines.length, 1, 'named once, not per call');
    assert.equal(refusedLines[0]?.mailbox, PEOPLE.manager);
    assert.deepEqual(Object.keys(refusedLines[0] ?? {}).filter((k) => /name|^mail$|email|subject/i.test(k)), [], 'ids only');
    const summary = app.logger.lines.find((l) => l.event === 'graph_subscriptions');
    assert.equal(summary?.refused, 1);
    assert.equal(summary?.failed, 0);

    // The administrator adds her to the RBAC group: the next hourly renewal subscribes her.
    routes.refused.delete(PEOPLE.manager);
    app.clock.advance(3_600_000);
    await app.drain();
    assert.ok(await app.app.store.read((r) => r.getSubscriptionOfPerson(PEOPLE.manager)), 'subscribed once in scope');
    assert.deepEqual((await readyDetails(app))?.graph, { status: 'ok', mailboxesRefused: 0 });
  });

  it('when one mailbox is refused in delta mode, then its poll is skipped (no dead job) and its chain goes on, the others are read', async () => {
    routes.refused.add(PEOPLE.colleague);
    const app = await start(false);
    app.clock.advance(15 * 60_000);
    await app.drain();
    const polls = await app.app.store.read((r) => r.listJobs({ type: CALENDAR_JOB.deltaPoll }));
    assert.equal(polls.filter((j) => j.status === 'dead').length, 0);
    const hers = polls.filter((j) => (j.payload as { personId: string }).personId === PEOPLE.colleague);
    assert.ok(hers.some((j) => j.status === 'done') && hers.some((j) => j.status === 'pending'), 'done for now, next slot queued');
    assert.ok(await app.app.store.read((r) => r.getSubscriptionOfPerson(PEOPLE.employee)), 'the others have their delta state');
    assert.equal((await readyDetails(app))?.graph?.mailboxesRefused, 1);
  });

  it('when Graph says notifications were missed, then a delta round finds the absence whose notification never came', async () => {
    const app = await start(true);
    await app.drain();
    fake.addEvent(PEOPLE.employee, oofAllDay(THURSDAY, '2026-12-04')); // no notification for it
    const sub = await app.app.store.read((r) => r.getSubscriptionOfPerson(PEOPLE.employee));
    assert.equal(routes.subscriptions.get(sub!.id)?.lifecycleNotificationUrl, routes.subscriptions.get(sub!.id)?.notificationUrl, 'lifecycle URL given');
    assert.equal(await routes.lifecycle(sub!.id, 'missed'), 202);
    await app.drain();
    const absences = await app.app.store.read((r) => r.listAbsencesOfPerson(PEOPLE.employee, THURSDAY, THURSDAY));
    assert.equal(absences.filter((a) => a.active).length, 1);
  });

  it('when Graph asks for reauthorization or removed a subscription, then it is renewed, or created again', async () => {
    const app = await start(true);
    await app.drain();
    const sub = (await app.app.store.read((r) => r.getSubscriptionOfPerson(PEOPLE.employee)))!;
    app.clock.advance(60_000);
    assert.equal(await routes.lifecycle(sub.id, 'reauthorizationRequired'), 202);
    await app.drain();
    const renewed = await app.app.store.read((r) => r.getSubscriptionOfPerson(PEOPLE.employee));
    assert.equal(renewed?.id, sub.id);
    assert.ok(Date.parse(renewed!.expiresAt) > Date.parse(sub.expiresAt), 'expiry pushed out');

    routes.subscriptions.delete(sub.id);
    const res = await fetch(`${app.baseUrl}/api/graph/notifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: [{ subscriptionId: sub.id, clientState: sub.clientState, lifecycleEvent: 'subscriptionRemoved' }] }),
    });
    assert.equal(res.status, 202);
    await app.drain();
    const again = await app.app.store.read((r) => r.getSubscriptionOfPerson(PEOPLE.employee));
    assert.ok(again && again.id !== sub.id && routes.subscriptions.has(again.id), 'a new subscription');
  });

  it('when a lifecycle notification carries a wrong clientState, then nothing is queued', async () => {
    const app = await start(true);
    await app.drain();
    const sub = (await app.app.store.read((r) => r.getSubscriptionOfPerson(PEOPLE.employee)))!;
    const res = await fetch(`${app.baseUrl}/api/graph/notifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: [{ subscriptionId: sub.id, clientState: 'forged', lifecycleEvent: 'subscriptionRemoved' }] }),
    });
    assert.equal(res.status, 202);
    assert.equal((await app.app.store.read((r) => r.listJobs({ type: CALENDAR_JOB.lifecycle }))).length, 0);
  });

  it('when a notification is lost without any word from Graph, then the hourly safety-net delta finds the absence', async () => {
    const app = await start(true);
    await app.drain();
    fake.addEvent(PEOPLE.employee, oofAllDay(THURSDAY, '2026-12-04'));
    app.clock.advance(60 * 60_000);
    await app.drain();
    const absences = await app.app.store.read((r) => r.listAbsencesOfPerson(PEOPLE.employee, THURSDAY, THURSDAY));
    assert.equal(absences.filter((a) => a.active).length, 1, 'found within the hour');
  });
});
