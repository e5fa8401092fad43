/**
 * Issue 13 item 4: every sent copy of a request card is updated after the decision — the
 * approver's and the employee's (the card that answered "Beantragen" replaced the clicked form).
 */
import assert from 'node:assert/strict';
import { actionData, PEOPLE, startHarness, type Harness } from '../support/app-harness.js';

const ANNAS_FORM_MESSAGE = '1:anna-form-message';

describe('the employee’s copy of a request card after the decision (HTTP)', function () {
  this.timeout(30_000);
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.say(PEOPLE.manager, 'hallo');
    await h.say(PEOPLE.employee, 'hallo');
  });
  afterEach(async () => h.close());

  const updatesOfAnnasCard = () =>
    h.connector.updates.filter((u) => u.conversationId === `a:personal-${PEOPLE.employee}` && u.activityId === ANNAS_FORM_MESSAGE).map((u) => JSON.stringify(u.activity));

  async function request(): Promise<string> {
    const answer = await h.click(PEOPLE.employee, 'homeOffice.request', { kind: 'single', date: '2026-12-03' }, 'de-DE', ANNAS_FORM_MESSAGE);
    assert.match(JSON.stringify(answer.value), /wartet auf Genehmigung/);
    assert.match(JSON.stringify(answer.value), /Antrag zurückziehen/);
    await h.drain();
    const request = (await h.app.store.read((r) => r.listRequestsOfPerson(PEOPLE.employee)))[0];
    assert.ok(request);
    return request.id;
  }

  it('when the manager approves, then Anna’s card shows "genehmigt" instead of "wartet auf Genehmigung"', async () => {
    const requestId = await request();
    const approve = await h.click(PEOPLE.manager, 'homeOffice.approve', { requestId });
    assert.equal(approve.statusCode, 200);
    await h.drain();
    const updates = updatesOfAnnasCard();
    assert.equal(updates.length, 1);
    assert.match(updates[0]!, /genehmigt/);
    assert.doesNotMatch(updates[0]!, /wartet auf Genehmigung/);
    const managerUpdates = h.connector.updates.filter((u) => u.conversationId === `a:personal-${PEOPLE.manager}`);
    assert.ok(managerUpdates.length >= 1, 'the manager’s approval card is updated too');
  });

  it('when the manager rejects, then Anna’s card says so and no longer offers to withdraw', async () => {
    const requestId = await request();
    await h.click(PEOPLE.manager, 'homeOffice.reject', { requestId, comment: 'Teamtag' });
    await h.drain();
    const [update] = updatesOfAnnasCard();
    assert.ok(update);
    assert.match(update, /abgelehnt/);
    assert.doesNotMatch(update, /Antrag zurückziehen|homeOffice\.withdraw/);
  });

  it('when someone else clicks with Anna’s request id, then no card of theirs is remembered for it', async () => {
    const requestId = await request();
    const answer = await h.click(PEOPLE.colleague, 'homeOffice.withdraw', actionData({ type: 'Action.Execute', verb: 'homeOffice.withdraw', data: { requestId } }, 'homeOffice.withdraw'), 'de-DE', '1:markus');
    assert.equal(answer.statusCode, 400);
    const stored = await h.app.store.read((r) => r.getRequest(requestId));
    assert.deepEqual(stored?.cards.map((c) => c.userId).sort(), [PEOPLE.employee, PEOPLE.manager].sort());
  });
});
