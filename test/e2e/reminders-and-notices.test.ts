/**
 * What reaches the manager proactively, over HTTP with the fake Bot Connector and a manual clock:
 * reminders of pending requests, information notices where the agreement needs no approval, and
 * approval cards that had to wait (no chat with the approver yet, or Teams throttling).
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JOB } from '../../src/app/job-types.js';
import type { RecordedActivity } from '../fakes/fake-connector.js';
import { actionData, cardOf, PEOPLE, startHarness, verbsOf, type Harness } from '../support/app-harness.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const managerChat = `a:personal-${PEOPLE.manager}`;

function cardIn(recorded: RecordedActivity): unknown {
  const attachments = recorded.activity.attachments as Array<{ content: unknown }> | undefined;
  return attachments?.[0]?.content;
}

function toManager(h: Harness): RecordedActivity[] {
  return h.connector.sent.filter((s) => s.conversationId === managerChat);
}

const isApprovalCard = (s: RecordedActivity) => verbsOf(cardIn(s)).includes('homeOffice.approve');
const isReminder = (s: RecordedActivity) => /Erinnerung: Anträge warten auf Sie/.test(JSON.stringify(cardIn(s)));

async function employeeRequests(h: Harness, text = 'homeoffice am 3.12.'): Promise<string> {
  const card = cardOf((await h.say(PEOPLE.employee, text))[0]);
  const { requestId } = actionData(card, 'homeOffice.withdraw');
  if (typeof requestId !== 'string') throw new Error('no request id on the result card');
  return requestId;
}

describe('reminders and notices to the manager (HTTP, fake Bot Connector, manual clock)', function () {
  this.timeout(30_000);
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  describe('with the Kitzingen-like policy (approval required, reminder after 48 h)', () => {
    it('when a request stays pending past reminderAfterHours, then the approver gets exactly one reminder; after approving, no more reminders', async () => {
      h = await startHarness();
      await h.say(PEOPLE.manager, 'hilfe');
      const requestId = await employeeRequests(h);
      await h.drain();
      assert.equal(toManager(h).filter(isApprovalCard).length, 1, 'the approval card went out');
      assert.equal(toManager(h).filter(isReminder).length, 0);

      h.clock.advance(47 * HOUR);
      await h.drain();
      assert.equal(toManager(h).filter(isReminder).length, 0, 'no reminder before 48 h');

      h.clock.advance(2 * HOUR);
      await h.drain();
      const reminders = toManager(h).filter(isReminder);
      assert.equal(reminders.length, 1, 'exactly one reminder after 49 h');
      assert.match(JSON.stringify(cardIn(reminders[0]!)), /1 Antrag wartet auf Ihre Entscheidung/);
      assert.equal(h.connector.sent.length, 2, 'nothing else was sent (approval card + reminder)');
      const stored = await h.app.store.read((r) => r.getRequest(requestId));
      assert.equal(stored?.remindedAt, h.clock.now().toISOString());

      const answer = await h.click(PEOPLE.manager, 'homeOffice.approve', { requestId });
      assert.equal(answer.statusCode, 200);
      await h.drain();
      const sentAfterDecision = h.connector.sent.length;

      for (let i = 0; i < 4; i++) {
        h.clock.advance(49 * HOUR);
        await h.drain();
      }
      assert.equal(toManager(h).filter(isReminder).length, 1, 'no reminder after the decision');
      assert.equal(h.connector.sent.length, sentAfterDecision, 'nothing at all is sent after the decision');
      const stillPending = await h.app.store.read((r) => r.listJobs({ status: 'pending', type: JOB.approvalRemind }));
      assert.deepEqual(stillPending, [], 'no reminder job is left waiting');
    });

    it("when the employee's org unit sets its own reminder interval (12 h), then every reminder follows it, not only the first (the organisation's is 48 h)", async () => {
      const dir = await mkdtemp(join(tmpdir(), 'mwb-remind-'));
      try {
        const policy = (await readFile('policies/kitzingen-like.yaml', 'utf8')).replace('    orgUnitOverrides:\n', '    orgUnitOverrides:\n      sg-21:\n        reminderAfterHours: 12\n');
        assert.ok(policy.includes('reminderAfterHours: 12'), 'override written');
        await writeFile(join(dir, 'policy.yaml'), policy);
        h = await startHarness({ POLICY_FILE: join(dir, 'policy.yaml') });
        await h.say(PEOPLE.manager, 'hilfe');
        await employeeRequests(h); // Anna, SG 21
        await h.drain();
        for (const expected of [1, 2, 3]) {
          h.clock.advance(13 * HOUR);
          await h.drain();
          assert.equal(toManager(h).filter(isReminder).length, expected, `reminder ${expected} after ${13 * expected} h`);
        }
        h.clock.advance(49 * HOUR);
        await h.drain();
        assert.equal(toManager(h).filter(isReminder).length, 3, 'three reminders at most');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('when the approver has never talked to the bot, then the request is stored, the card waits (pending, not dead) and arrives once after she writes', async () => {
      h = await startHarness();
      const requestId = await employeeRequests(h);
      const stored = await h.app.store.read((r) => r.getRequest(requestId));
      assert.equal(stored?.status, 'pending', 'the request is created anyway');

      await h.drain();
      assert.equal(h.connector.sent.length, 0, 'nowhere to send it yet');
      let [job] = await h.app.store.read((r) => r.listJobs({ type: JOB.approvalSend }));
      assert.equal(job?.status, 'pending', 'retried later, not dead');
      assert.equal(job?.attempts, 1);
      assert.match(job?.lastError ?? '', /NO_CONVERSATION/);
      const firstRetry = Date.parse(job!.dueAt);
      assert.ok(firstRetry > h.clock.now().getTime(), 'the retry lies in the future');

      await h.say(PEOPLE.manager, 'hallo');
      await h.drain();
      assert.equal(toManager(h).filter(isApprovalCard).length, 0, 'not before the retry time');

      h.clock.set(new Date(firstRetry + MINUTE));
      await h.drain();
      assert.equal(toManager(h).filter(isApprovalCard).length, 1, 'the card arrives');
      [job] = await h.app.store.read((r) => r.listJobs({ type: JOB.approvalSend }));
      assert.equal(job?.status, 'done');

      h.clock.advance(30 * MINUTE);
      await h.drain();
      assert.equal(toManager(h).filter(isApprovalCard).length, 1, 'exactly once');
      const withCard = await h.app.store.read((r) => r.getRequest(requestId));
      assert.equal(withCard?.cards.length, 1);
      assert.equal(withCard?.cards[0]?.userId, PEOPLE.manager);
    });

    it('when the approver only starts a chat the next day (more failed tries than the outbox allows), then the card is not dead-lettered and still arrives once', async () => {
      h = await startHarness();
      const requestId = await employeeRequests(h);
      // The worker keeps polling through the night: 20 h at 5-minute steps.
      for (let t = 0; t < 20 * 60; t += 5) {
        await h.drain();
        h.clock.advance(5 * MINUTE);
      }
      let [job] = await h.app.store.read((r) => r.listJobs({ type: JOB.approvalSend }));
      assert.ok((job?.attempts ?? 0) > 8, `many tries were made (${job?.attempts})`);
      assert.equal(job?.status, 'pending', 'still waiting, not dead');

      await h.say(PEOPLE.manager, 'hallo');
      h.clock.advance(16 * MINUTE);
      await h.drain();
      assert.equal(toManager(h).filter(isApprovalCard).length, 1, 'the card arrives');
      [job] = await h.app.store.read((r) => r.listJobs({ type: JOB.approvalSend }));
      assert.equal(job?.status, 'done');
      const stored = await h.app.store.read((r) => r.getRequest(requestId));
      assert.equal(stored?.cards.length, 1);
    });

    it('when the Bot Connector answers 429 with Retry-After to the first send, then the approval card arrives after the retry, exactly once', async () => {
      h = await startHarness();
      await h.say(PEOPLE.manager, 'hilfe');
      h.connector.failNext(1, 429, { 'Retry-After': '30' });
      await employeeRequests(h);

      await h.drain();
      assert.equal(toManager(h).length, 0, 'the first send was throttled');
      assert.deepEqual(
        h.connector.requests.filter((r) => r.status === 429).map((r) => r.method),
        ['POST'],
      );
      const [job] = await h.app.store.read((r) => r.listJobs({ type: JOB.approvalSend }));
      assert.equal(job?.status, 'pending');
      assert.ok(Date.parse(job!.dueAt) - h.clock.now().getTime() >= 30_000, 'Retry-After is honoured');

      h.clock.advance(29_000);
      await h.drain();
      assert.equal(toManager(h).length, 0, 'not before Retry-After');

      h.clock.advance(3_000);
      await h.drain();
      assert.equal(toManager(h).filter(isApprovalCard).length, 1);
      h.clock.advance(10 * MINUTE);
      await h.drain();
      assert.equal(toManager(h).filter(isApprovalCard).length, 1, 'exactly once');
    });
  });

  describe('with the Münster-like policy (occasional days: approval "notify")', () => {
    it('when the employee enters a day, then it is approved at once and the manager gets an information notice, not an approval card', async () => {
      h = await startHarness({ POLICY_FILE: 'policies/muenster-like.yaml' });
      await h.say(PEOPLE.manager, 'hilfe');
      const replies = await h.say(PEOPLE.employee, 'homeoffice am 3.12.');
      const resultCard = cardOf(replies[0]);
      assert.match(JSON.stringify(resultCard), /1 Tag genehmigt/);

      const [request] = await h.app.store.read((r) => r.listRequestsOfPerson(PEOPLE.employee));
      assert.equal(request?.status, 'approved');
      assert.equal(request?.approvalMode, 'notify');

      await h.drain();
      const sent = toManager(h);
      assert.equal(sent.length, 1, 'one message to the manager');
      const notice = JSON.stringify(cardIn(sent[0]!));
      assert.match(notice, /Mobiles Arbeiten eingetragen/);
      assert.match(notice, /Anna Huber/);
      assert.match(notice, /Sie werden nur informiert/);
      assert.deepEqual(
        verbsOf(cardIn(sent[0]!)).filter((v) => v.startsWith('homeOffice.approve') || v === 'homeOffice.reject'),
        [],
        'no approval buttons',
      );
      const jobs = await h.app.store.read((r) => r.listJobs());
      assert.deepEqual(jobs.map((j) => j.type).sort(), [JOB.managerNotify], 'no approval card or reminder queued');

      h.clock.advance(49 * HOUR);
      await h.drain();
      assert.equal(toManager(h).length, 1, 'no reminder for an approved request');
    });
  });
});
