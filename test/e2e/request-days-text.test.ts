/**
 * Issue 13, item 5: Mon + Thu is not a range. "2 Tage (14.12.2026 – 17.12.2026)" reads as Mon–Thu;
 * single days are named, a real run of days stays a range.
 */
import assert from 'node:assert/strict';
import { actionData, cardOf, PEOPLE, startHarness, type Harness } from '../support/app-harness.js';
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

describe('typed requests of more than one day get a preview (HTTP)', function () {
  this.timeout(30_000);
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.close());

  it('when Anna types two days, then she sees what the agreement says per day and nothing is stored before "Beantragen"', async () => {
    const preview = cardOf((await h.say(PEOPLE.employee, '14.12. und 15.12. mobil'))[0]);
    const text = JSON.stringify(preview);
    assert.match(text, /Bitte prüfen/);
    assert.match(text, /möglich, braucht Genehmigung/);
    assert.match(text, /nicht möglich/, 'Tuesday is the presence day');
    assert.equal((await h.app.store.read((r) => r.listRequestsOfPerson(PEOPLE.employee))).length, 0);
    const answer = await h.click(PEOPLE.employee, 'homeOffice.request', actionData(preview, 'homeOffice.request'));
    assert.match(JSON.stringify(answer.value), /Ihr Antrag MA-2026-00001/);
    const [request] = await h.app.store.read((r) => r.listRequestsOfPerson(PEOPLE.employee));
    assert.deepEqual(request?.days.map((d) => d.date), ['2026-12-14']);
  });

  it('when Anna types one day, then it is requested at once (no extra click)', async () => {
    const card = JSON.stringify(cardOf((await h.say(PEOPLE.employee, 'homeoffice am 3.12.'))[0]));
    assert.match(card, /Ihr Antrag MA-2026-00001/);
  });
});
