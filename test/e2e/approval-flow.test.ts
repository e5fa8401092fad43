/**
 * The whole first capability through HTTP, as Teams would drive it: an employee asks for a day in
 * a chat, the manager receives the approval card proactively (through a local fake Bot Connector),
 * approves it with a Universal Action, the employee is told, and every copy of the card shows the
 * result without buttons.
 */
import assert from 'node:assert/strict';
import { actionData, cardOf, PEOPLE, startHarness, verbsOf, type Harness } from '../support/app-harness.js';

const buttons = (card: unknown) => verbsOf(card).filter((v) => v !== 'homeOffice.refresh');

describe('approval flow over HTTP (local mode, fake Bot Connector)', function () {
  this.timeout(30_000);
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
    // The manager has talked to the bot once, so the bot knows her personal chat.
    await h.say(PEOPLE.manager, 'hilfe');
  });
  afterEach(async () => h.close());

  async function employeeAsksForThursday(text = 'homeoffice am 3.12.'): Promise<string> {
    const replies = await h.say(PEOPLE.employee, text);
    let card = cardOf(replies[0]);
    if (buttons(card).includes('homeOffice.request')) {
      // More than one day typed: a preview first, the request only with "Beantragen" (issue 13).
      assert.match(JSON.stringify(card), /Bitte prüfen/);
      card = (await h.click(PEOPLE.employee, 'homeOffice.request', actionData(card, 'homeOffice.request'))).value;
    }
    assert.ok(buttons(card).includes('homeOffice.withdraw'), 'the result offers to withdraw');
    const { requestId } = actionData(card, 'homeOffice.withdraw');
    assert.equal(typeof requestId, 'string');
    return requestId as string;
  }

  it('when the employee asks, then the manager receives the approval card; when she approves, then the employee is told and the card shows the result', async () => {
    const requestId = await employeeAsksForThursday('mobil Mo und Do nächste Woche');

    await h.drain();
    const toManager = h.connector.sent.filter((s) => s.conversationId === `a:personal-${PEOPLE.manager}`);
    assert.equal(toManager.length, 1, 'exactly one approval card');
    const approvalCard = (toManager[0]!.activity.attachments as Array<{ content: unknown }>)[0]!.content;
    assert.deepEqual(buttons(approvalCard).sort(), ['homeOffice.approve', 'homeOffice.approveSome', 'homeOffice.reject'].sort());
    assert.ok(JSON.stringify(approvalCard).includes('Anna Huber'));

    const answer = await h.click(PEOPLE.manager, 'homeOffice.approve', { requestId, comment: 'Passt.' });
    assert.equal(answer.statusCode, 200);
    assert.equal(answer.type, 'application/vnd.microsoft.card.adaptive');
    assert.deepEqual(buttons(answer.value), [], 'the decided card offers no buttons');

    await h.drain();
    const toEmployee = h.connector.sent.filter((s) => s.conversationId === `a:personal-${PEOPLE.employee}`);
    assert.equal(toEmployee.length, 1, 'the employee is told once');
    assert.match(JSON.stringify(toEmployee[0]!.activity), /genehmigt/i);
    assert.equal(h.connector.updates.length, 1, 'the sent approval card is updated');
    assert.equal(h.connector.updates[0]!.activityId, toManager[0]!.id);
    assert.deepEqual(buttons((h.connector.updates[0]!.activity.attachments as Array<{ content: unknown }>)[0]!.content), []);

    const stored = await h.app.store.read((r) => r.getRequest(requestId));
    assert.equal(stored?.status, 'approved');
  });

  it('when the manager approves some days, then the others are rejected and the request is partially approved', async () => {
    const requestId = await employeeAsksForThursday('mobil Mo und Do nächste Woche');
    const answer = await h.click(PEOPLE.manager, 'homeOffice.approveSome', { requestId, days: '2026-12-03' });
    assert.equal(answer.statusCode, 200);
    const stored = await h.app.store.read((r) => r.getRequest(requestId));
    assert.equal(stored?.status, 'partially-approved');
    assert.deepEqual(
      stored?.days.map((d) => [d.date, d.status]),
      [
        ['2026-11-30', 'rejected'],
        ['2026-12-03', 'approved'],
      ],
    );
  });

  it('when the selected days are not days of the request, then nothing is decided', async () => {
    const requestId = await employeeAsksForThursday('mobil Mo und Do nächste Woche');
    const answer = await h.click(PEOPLE.manager, 'homeOffice.approveSome', { requestId, days: '2026-12-24' });
    assert.equal(answer.statusCode, 400);
    const stored = await h.app.store.read((r) => r.getRequest(requestId));
    assert.equal(stored?.status, 'pending');
  });

  it('when someone who is not the approver clicks approve, then it is refused and nothing changes', async () => {
    const requestId = await employeeAsksForThursday();
    const answer = await h.click(PEOPLE.otherManager, 'homeOffice.approve', { requestId });
    assert.equal(answer.statusCode, 400);
    assert.equal(answer.type, 'application/vnd.microsoft.error');
    assert.equal(answer.value.code, 'NOT_APPROVER');
    const stored = await h.app.store.read((r) => r.getRequest(requestId));
    assert.equal(stored?.status, 'pending');
    assert.ok(h.logger.lines.some((l) => l.event === 'action_refused' && l.code === 'NOT_APPROVER'));
  });

  it('when the employee clicks approve on her own request, then it is refused', async () => {
    const requestId = await employeeAsksForThursday();
    const answer = await h.click(PEOPLE.employee, 'homeOffice.approve', { requestId });
    assert.equal(answer.value.code, 'NOT_APPROVER');
  });

  it('when a decision is replayed, then it has no second effect', async () => {
    const requestId = await employeeAsksForThursday();
    await h.click(PEOPLE.manager, 'homeOffice.approve', { requestId });
    await h.drain();
    const sentBefore = h.connector.sent.length;
    const again = await h.click(PEOPLE.manager, 'homeOffice.reject', { requestId });
    assert.equal(again.statusCode, 200, 'the replay answers with the current card');
    await h.drain();
    assert.equal(h.connector.sent.length, sentBefore, 'no second notice');
    const stored = await h.app.store.read((r) => r.getRequest(requestId));
    assert.equal(stored?.status, 'approved');
  });

  it('when the manager rejects with a comment, then the employee is told it was rejected', async () => {
    const requestId = await employeeAsksForThursday();
    await h.click(PEOPLE.manager, 'homeOffice.reject', { requestId, comment: 'Teamtag verlegt' });
    await h.drain();
    const toEmployee = h.connector.sent.filter((s) => s.conversationId === `a:personal-${PEOPLE.employee}`);
    assert.equal(toEmployee.length, 1);
    assert.match(JSON.stringify(toEmployee[0]!.activity), /abgelehnt/i);
    assert.match(JSON.stringify(toEmployee[0]!.activity), /Teamtag verlegt/);
  });

  it('when the manager named a deputy, then new requests go to the deputy and the deputy may decide', async () => {
    await h.say(PEOPLE.deputy, 'hilfe');
    const set = await h.click(PEOPLE.manager, 'delegation.set', { deputy: PEOPLE.deputy, from: '2026-11-25', to: '2026-12-31' });
    assert.equal(set.statusCode, 200);
    const requestId = await employeeAsksForThursday();
    await h.drain();
    assert.equal(h.connector.sent.filter((s) => s.conversationId === `a:personal-${PEOPLE.deputy}`).length, 1);
    const answer = await h.click(PEOPLE.deputy, 'homeOffice.approve', { requestId });
    assert.equal(answer.statusCode, 200);
    const stored = await h.app.store.read((r) => r.getRequest(requestId));
    assert.equal(stored?.status, 'approved');
    assert.equal(stored?.decision?.by, PEOPLE.deputy);
  });

  it('when the employee withdraws a pending request, then the approver card is updated and the quota is free again', async () => {
    const requestId = await employeeAsksForThursday();
    await h.drain();
    const answer = await h.click(PEOPLE.employee, 'homeOffice.withdraw', { requestId });
    assert.equal(answer.statusCode, 200);
    await h.drain();
    const stored = await h.app.store.read((r) => r.getRequest(requestId));
    assert.equal(stored?.status, 'withdrawn');
    assert.equal(h.connector.updates.length, 1);
  });
});
