/**
 * Issue 13, item 5: Mon + Thu is not a range. "2 Tage (14.12.2026 – 17.12.2026)" reads as Mon–Thu;
 * single days are named, a real run of days stays a range.
 */
import assert from 'node:assert/strict';
import { cardOf, PEOPLE, startHarness, type Harness } from '../support/app-harness.js';
import { requestDays } from '../support/request-days.js';

describe('how the days of a request are summed up (HTTP)', function () {
  this.timeout(30_000);
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.say(PEOPLE.manager, 'hilfe'); // the manager's chat is known: approval cards reach her
  });
  afterEach(async () => h.close());

  it('when Anna asks for Monday and Thursday, then her list and the manager card name both days, not a range', async () => {
    await requestDays(h, PEOPLE.employee, ['2026-12-14', '2026-12-17']);
    await h.drain();
    const mine = JSON.stringify(cardOf((await h.say(PEOPLE.employee, 'meine anträge'))[0]));
    assert.match(mine, /2 Tage \(Mo, 14\.12\.2026 und Do, 17\.12\.2026\)/);
    const managerCards = h.connector.sent.filter((s) => s.conversationId === `a:personal-${PEOPLE.manager}`).map((s) => JSON.stringify(s.activity));
    assert.ok(managerCards.some((c) => c.includes('Mo, 14.12.2026 und Do, 17.12.2026')), 'approval card names the days');
    assert.ok(managerCards.every((c) => !c.includes('14.12.2026 – 17.12.2026')), 'no range that reads as Mon–Thu');
  });

  it('when Anna asks for Friday to Monday, then it stays a range (the weekend between is no gap)', async () => {
    await requestDays(h, PEOPLE.employee, ['2026-12-11', '2026-12-14']);
    const mine = JSON.stringify(cardOf((await h.say(PEOPLE.employee, 'meine anträge'))[0]));
    assert.match(mine, /2 Tage \(11\.12\.2026 – 14\.12\.2026\)/);
  });
});
