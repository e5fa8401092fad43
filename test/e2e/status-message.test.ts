/**
 * GRAPH_STATUS_MESSAGE: an approved whole mobile-work day sets the person's Teams status message
 * at 06:00 local that day, expiring at midnight; a day withdrawn before then sets nothing.
 */
import assert from 'node:assert/strict';
import { startCalendarHarness, type CalendarHarness } from '../graph/calendar-harness.js';
import { actionData, cardOf, PEOPLE } from '../support/app-harness.js';

describe('Teams status message on approved mobile-work days (fake Graph)', function () {
  this.timeout(30_000);
  let c: CalendarHarness;
  let posted: Array<{ userId: string; body: unknown }>;

  beforeEach(async () => {
    c = await startCalendarHarness({ GRAPH_STATUS_MESSAGE: 'true' });
    posted = [];
    c.graph.route('POST', /^\/users\/([^/]+)\/presence\/setStatusMessage$/, ({ params, body }) => {
      posted.push({ userId: decodeURIComponent(params[0] ?? ''), body });
      return { status: 200, body: {} };
    });
    await c.h.say(PEOPLE.manager, 'hilfe');
  });
  afterEach(async () => c.close());

  async function askAndApprove(): Promise<string> {
    const card = cardOf((await c.h.say(PEOPLE.employee, 'homeoffice am 3.12.'))[0]);
    const { requestId } = actionData(card, 'homeOffice.withdraw');
    await c.h.click(PEOPLE.manager, 'homeOffice.approve', { requestId });
    return String(requestId);
  }

  it('when a day is approved, then the status message is set at 06:00 local that day with expiry at midnight', async () => {
    await askAndApprove();
    await c.h.drain();
    assert.equal(posted.length, 0, 'not before the day');
    c.h.clock.set(new Date('2026-12-03T05:01:00Z')); // 06:01 in Berlin
    await c.h.drain();
    assert.equal(posted.length, 1);
    assert.equal(posted[0]!.userId, PEOPLE.employee);
    const text = JSON.stringify(posted[0]!.body);
    assert.match(text, /Heute mobil erreichbar/);
    assert.match(text, /2026-12-03T23:00:00/);
  });

  it('when the day is withdrawn before 06:00, then no status message is set', async () => {
    const requestId = await askAndApprove();
    await c.h.click(PEOPLE.employee, 'homeOffice.withdraw', { requestId });
    c.h.clock.set(new Date('2026-12-03T05:01:00Z'));
    await c.h.drain();
    assert.equal(posted.length, 0);
  });
});
