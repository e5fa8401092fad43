/**
 * Teams messages never wait behind Microsoft Graph: with Graph hanging (every request accepted and
 * never answered, the client's production time-out of 30 s) and a 400-person delta slot due, an
 * approval card and the employee's decision notice still reach the (fake) Bot Connector within 2 s
 * of their cause. The worker runs its real loops here (not `runOnce`).
 */
import assert from 'node:assert/strict';
import { CALENDAR_JOB } from '../../src/graph/subscriptions.js';
import { FakeGraph } from '../fakes/fake-graph.js';
import { GRAPH_ENV } from '../graph/calendar-harness.js';
import { actionData, cardOf, PEOPLE, startHarness, type Harness } from '../support/app-harness.js';

describe('outbox lanes with a hanging Microsoft Graph (HTTP, lowdb, fake Graph and Connector)', function () {
  this.timeout(30_000);
  let graph: FakeGraph;
  let h: Harness;

  beforeEach(async () => {
    graph = new FakeGraph();
    const url = await graph.start();
    // No graphOptions: the production time-out (30 s) and per-mailbox limit.
    h = await startHarness({ GRAPH_BASE_URL: url, ...GRAPH_ENV });
    await h.say(PEOPLE.manager, 'hilfe'); // the manager's conversation, for proactive cards
    await h.say(PEOPLE.employee, 'hilfe');
  });
  afterEach(async () => {
    await graph?.stop(); // ends the hanging calls, so the worker's graceful stop does not wait 30 s
    await h?.close();
  });

  const sentTo = (userId: string) => h.connector.sent.filter((a) => a.conversationId === `a:personal-${userId}`).length;

  it('when Graph hangs and 400 delta polls are due, then the approval card and the decision notice still arrive within 2 s each', async () => {
    graph.hang();
    // A 15-minute delta slot of 400 people, all due now, ahead of everything else.
    await h.app.store.transact(async (tx) => {
      for (let i = 0; i < 400; i++) {
        await tx.enqueue({ type: CALENDAR_JOB.deltaPoll, payload: { personId: `00000000-0000-0000-0001-${String(i).padStart(12, '0')}` }, dueAt: '2026-11-25T08:59:00.000Z' });
      }
    });
    h.app.worker.start();
    await graph.waitFor((g) => g.requests.length >= 4, 5000); // the Graph lane is stuck now

    const beforeManager = sentTo(PEOPLE.manager);
    const asked = Date.now();
    const card = cardOf((await h.say(PEOPLE.employee, 'homeoffice am 3.12.'))[0]);
    const turnMs = Date.now() - asked;
    await h.connector.waitFor(() => sentTo(PEOPLE.manager) > beforeManager, 2000);
    const cardMs = Date.now() - asked;

    const requestId = String(actionData(card, 'homeOffice.withdraw').requestId);
    const beforeEmployee = sentTo(PEOPLE.employee);
    const approved = Date.now();
    assert.equal((await h.click(PEOPLE.manager, 'homeOffice.approve', { requestId })).statusCode, 200);
    await h.connector.waitFor(() => sentTo(PEOPLE.employee) > beforeEmployee, 2000);
    const noticeMs = Date.now() - approved;

    // The Graph lanes are still stuck on their hanging calls (nothing of theirs finished).
    const upsert = await h.app.store.read((r) => r.listJobs({ type: 'calendar.upsert-day' }));
    assert.equal(upsert[0]?.status, 'pending', 'the calendar job waits for Graph');
    const lanes = h.app.worker.laneStatus();
    assert.ok((lanes.find((l) => l.name === 'graph-reads')?.running ?? 0) > 0, 'the read lane is busy with hanging calls');
    assert.ok((lanes.find((l) => l.name === 'graph-reads')?.running ?? 99) <= 4, 'no more reads at a time than the lane allows');
    process.stdout.write(`      approval card after ${cardMs} ms (turn ${turnMs} ms), decision notice after ${noticeMs} ms (Graph hanging)\n`);
  });
});
