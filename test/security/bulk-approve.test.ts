/**
 * `homeOffice.bulkApprove` (issue 9, item 6): a bulk decision by someone who may not decide is
 * refused with a clear error — not an empty 200 — and nothing changes; one foreign request among
 * the user's own refuses the whole click, so a forged list cannot approve half of it.
 */
import assert from 'node:assert/strict';
import { actionData, cardOf, PEOPLE, startHarness, type Harness } from '../support/app-harness.js';

describe('bulk approval is all or nothing, and only for those who may decide (HTTP)', function () {
  this.timeout(30_000);
  let h: Harness;
  let mine: string[];

  beforeEach(async () => {
    h = await startHarness();
    mine = [];
    for (const text of ['homeoffice am 3.12.', 'homeoffice am 10.12.']) {
      const card = cardOf((await h.say(PEOPLE.employee, text))[0]);
      mine.push(actionData(card, 'homeOffice.withdraw').requestId as string);
    }
  });
  afterEach(async () => h.close());

  const snapshot = () => h.app.store.read(async (r) => ({ requests: await Promise.all(mine.map((id) => r.getRequest(id))), jobs: (await r.listJobs()).length }));

  for (const [who, userId] of [
    ['a manager of another unit', PEOPLE.otherManager],
    ['a colleague', PEOPLE.colleague],
    ['the employee herself', PEOPLE.employee],
  ] as const) {
    it(`when ${who} bulk-approves the employee's requests, then it is refused (de/en) and nothing changes`, async () => {
      const before = await snapshot();
      const de = await h.click(userId, 'homeOffice.bulkApprove', { requestIds: mine.join(',') });
      assert.equal(de.statusCode, 400, 'not an empty 200');
      assert.equal(de.type, 'application/vnd.microsoft.error');
      assert.equal(de.value.code, 'BULK_NOT_APPROVER');
      assert.match(String(de.value.message), /Es wurde nichts genehmigt/);
      const en = await h.click(userId, 'homeOffice.bulkApprove', { requestIds: mine }, 'en-US');
      assert.equal(en.value.code, 'BULK_NOT_APPROVER');
      assert.match(String(en.value.message), /Nothing was approved/);
      assert.deepEqual(await snapshot(), before);
    });
  }

  it('when the manager bulk-approves her own staff’s requests plus one she may not decide, then nothing at all is approved', async () => {
    // A request of Lukas Meier (Bürgerbüro): Petra Schuster decides it, not Dr. Vogt.
    const lukas = '00000000-0000-0000-0000-000000000009';
    const reply = cardOf((await h.say(lukas, 'homeoffice am 1.12.'))[0]);
    const his = actionData(reply, 'homeOffice.withdraw').requestId as string;
    const before = await snapshot();
    const answer = await h.click(PEOPLE.manager, 'homeOffice.bulkApprove', { requestIds: [...mine, his].join(',') });
    assert.equal(answer.value.code, 'BULK_NOT_APPROVER');
    assert.deepEqual(await snapshot(), before);
    assert.equal((await h.app.store.read((r) => r.getRequest(his)))?.status, 'pending');
  });

  it('when the manager bulk-approves only requests she may decide, then all are approved', async () => {
    const answer = await h.click(PEOPLE.manager, 'homeOffice.bulkApprove', { requestIds: mine.join(',') });
    assert.equal(answer.statusCode, 200);
    for (const id of mine) assert.equal((await h.app.store.read((r) => r.getRequest(id)))?.status, 'approved');
  });
});
