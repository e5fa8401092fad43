/**
 * A deputy's authority follows the delegation at the moment of the decision (issue 9, item 3),
 * driven over HTTP like Teams, on both stores: when the deputy period has passed or the manager
 * revoked it, the deputy's click is refused with a friendly message and changes nothing; the open
 * requests go back to the manager (or the next active deputy), who gets the approval card; every
 * sent copy of the card is updated, the former deputy's without buttons.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { Store } from '../../src/store/store.js';
import { actionData, cardOf, PEOPLE, startHarness, verbsOf, type Harness } from '../support/app-harness.js';
import { findPostgres, pgQuery } from '../support/postgres.js';

const pgUrl = await findPostgres();
const START = new Date('2026-11-25T09:00:00Z'); // a Wednesday

const STORES: Array<{ name: string; open?: (now: () => Date) => Promise<{ store: Store; drop: () => Promise<void> }> }> = [
  { name: 'lowdb' },
  ...(pgUrl
    ? [
        {
          name: 'PostgreSQL',
          open: async (now: () => Date) => {
            const schema = `deleg_e2e_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
            const store = await openPostgresStore({ connectionString: pgUrl, schema, now });
            return { store, drop: async () => void (await pgQuery(pgUrl, `DROP SCHEMA IF EXISTS ${schema} CASCADE`)) };
          },
        },
      ]
    : []),
];

const chat = (userId: string) => `a:personal-${userId}`;
const cardIn = (activity: Record<string, unknown>) => (activity.attachments as Array<{ content: unknown }>)[0]!.content;
const buttons = (card: unknown) => verbsOf(card).filter((v) => v !== 'homeOffice.refresh');

for (const backend of STORES) {
  describe(`deputy authority ends with the delegation (HTTP, ${backend.name})`, function () {
    this.timeout(60_000);
    let h: Harness;
    let drop: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      const clockHolder: { now: () => Date } = { now: () => START };
      const opened = await backend.open?.(() => clockHolder.now());
      drop = opened?.drop;
      h = await startHarness({}, opened ? { store: opened.store } : {}, START);
      clockHolder.now = () => h.clock.now();
      // Everyone involved has talked to the bot once, so it knows their chats.
      for (const id of [PEOPLE.manager, PEOPLE.deputy, PEOPLE.colleague]) await h.say(id, 'hilfe');
    });
    afterEach(async () => {
      await h.close();
      await drop?.();
    });

    async function nameDeputy(deputy: string, from: string, to: string): Promise<string> {
      const set = await h.click(PEOPLE.manager, 'delegation.set', { deputy, from, to });
      assert.equal(set.statusCode, 200, JSON.stringify(set.value));
      const stored = await h.app.store.read((r) => r.listDelegations(PEOPLE.manager));
      return stored.find((d) => d.deputyId === deputy && d.from === from)!.id;
    }

    async function employeeAsks(text: string): Promise<string> {
      const card = cardOf((await h.say(PEOPLE.employee, text))[0]);
      return actionData(card, 'homeOffice.withdraw').requestId as string;
    }

    const request = (id: string) => h.app.store.read((r) => r.getRequest(id));
    const sentTo = (userId: string) => h.connector.sent.filter((s) => s.conversationId === chat(userId));

    it('when the deputy period has passed, then the deputy’s click is refused (de/en), nothing changes, and at the end date the request goes back to the manager with every card updated', async () => {
      await nameDeputy(PEOPLE.deputy, '2026-11-25', '2026-11-27');
      const requestId = await employeeAsks('homeoffice am 3.12.');
      await h.drain();
      assert.equal((await request(requestId))?.approverId, PEOPLE.deputy);
      const deputyCard = sentTo(PEOPLE.deputy);
      assert.equal(deputyCard.length, 1, 'the deputy got the approval card');

      // The last evening of the period: the hand-back job is not due yet.
      h.clock.set(new Date('2026-11-27T22:59:00Z'));
      await h.drain();
      assert.equal((await request(requestId))?.approverId, PEOPLE.deputy, 'still the deputy’s on the last day');

      // Saturday 28 Nov, 08:00 Berlin: the period (to Friday 27) has passed.
      h.clock.set(new Date('2026-11-28T07:00:00Z'));
      const before = await request(requestId);
      const de = await h.click(PEOPLE.deputy, 'homeOffice.approve', { requestId });
      assert.equal(de.statusCode, 400);
      assert.equal(de.type, 'application/vnd.microsoft.error');
      assert.equal(de.value.code, 'DELEGATION_ENDED');
      assert.match(String(de.value.message), /Vertretung für Dr\. Katharina Vogt ist beendet/);
      const en = await h.click(PEOPLE.deputy, 'homeOffice.reject', { requestId }, 'en-US');
      assert.equal(en.value.code, 'DELEGATION_ENDED');
      assert.match(String(en.value.message), /no longer deputy for Dr\. Katharina Vogt/);
      const some = await h.click(PEOPLE.deputy, 'homeOffice.approveSome', { requestId, days: '2026-12-03' });
      assert.equal(some.value.code, 'DELEGATION_ENDED');
      assert.deepEqual(await request(requestId), before, 'the refused clicks changed nothing');
      const pendingOfDeputy = await h.click(PEOPLE.deputy, 'homeOffice.pending', {});
      assert.ok(!JSON.stringify(pendingOfDeputy.value).includes(requestId), 'no longer in the former deputy’s list');
      const opened = await h.click(PEOPLE.deputy, 'homeOffice.open', { requestId });
      assert.equal(opened.statusCode, 400, 'the former deputy cannot open the approval card either');

      // The timed job ran at midnight after the last day: the request is the manager's again.
      await h.drain();
      const after = await request(requestId);
      assert.equal(after?.approverId, PEOPLE.manager);
      assert.equal(after?.status, 'pending');
      const toManager = sentTo(PEOPLE.manager).filter((s) => buttons(cardIn(s.activity)).includes('homeOffice.approve'));
      assert.equal(toManager.length, 1, 'the manager got the approval card');
      const update = h.connector.updates.find((u) => u.activityId === deputyCard[0]!.id);
      assert.ok(update, 'the deputy’s copy of the card was updated');
      assert.deepEqual(buttons(cardIn(update.activity)), [], 'the deputy’s copy has no buttons');
      assert.match(JSON.stringify(update.activity), /Ihre Vertretung ist beendet/);

      const decided = await h.click(PEOPLE.manager, 'homeOffice.approve', { requestId });
      assert.equal(decided.statusCode, 200);
      assert.equal((await request(requestId))?.decision?.by, PEOPLE.manager);
      await h.drain();
      const lastUpdate = h.connector.updates.filter((u) => u.activityId === deputyCard[0]!.id).at(-1)!;
      assert.match(JSON.stringify(lastUpdate.activity), /genehmigt/i, 'after the decision every copy shows it');
    });

    it('when the manager revokes the delegation, then the requests are back with her at once and the deputy’s click is refused', async () => {
      const delegationId = await nameDeputy(PEOPLE.deputy, '2026-11-25', '2026-12-31');
      const first = await employeeAsks('homeoffice am 3.12.');
      const second = await employeeAsks('homeoffice am 10.12.');
      await h.drain();
      const deputyCards = sentTo(PEOPLE.deputy);
      assert.equal(deputyCards.length, 2);

      const revoked = await h.click(PEOPLE.manager, 'delegation.revoke', { delegationId });
      assert.equal(revoked.statusCode, 200);
      for (const id of [first, second]) assert.equal((await request(id))?.approverId, PEOPLE.manager);

      const before = await request(first);
      const refused = await h.click(PEOPLE.deputy, 'homeOffice.approve', { requestId: first });
      assert.equal(refused.value.code, 'DELEGATION_ENDED');
      const bulk = await h.click(PEOPLE.deputy, 'homeOffice.bulkApprove', { requestIds: `${first},${second}` });
      assert.equal(bulk.statusCode, 400);
      assert.equal(bulk.value.code, 'BULK_NOT_APPROVER');
      assert.deepEqual(await request(first), before);

      await h.drain();
      for (const card of deputyCards) {
        const update = h.connector.updates.find((u) => u.activityId === card.id);
        assert.ok(update, 'every sent copy is updated');
        assert.deepEqual(buttons(cardIn(update.activity)), []);
      }
      const approvalCardsToManager = sentTo(PEOPLE.manager).filter((s) => buttons(cardIn(s.activity)).includes('homeOffice.approve'));
      assert.equal(approvalCardsToManager.length, 2, 'one card per request, although the hand-back also ran as a job');
      const pendingOfManager = await h.click(PEOPLE.manager, 'homeOffice.pending', {});
      assert.ok(JSON.stringify(pendingOfManager.value).includes(first));
      const bulkByManager = await h.click(PEOPLE.manager, 'homeOffice.bulkApprove', { requestIds: `${first},${second}` });
      assert.equal(bulkByManager.statusCode, 200);
      for (const id of [first, second]) assert.equal((await request(id))?.status, 'approved');
    });

    it('when a second deputy follows the first, then at the change the open requests go to the next active deputy', async () => {
      await nameDeputy(PEOPLE.deputy, '2026-11-25', '2026-11-30');
      await nameDeputy(PEOPLE.colleague, '2026-12-01', '2026-12-31');
      const requestId = await employeeAsks('homeoffice am 10.12.');
      await h.drain();
      assert.equal((await request(requestId))?.approverId, PEOPLE.deputy);

      h.clock.set(new Date('2026-12-01T06:00:00Z')); // Tuesday 1 Dec, 07:00 Berlin
      await h.drain();
      assert.equal((await request(requestId))?.approverId, PEOPLE.colleague, 'the next active deputy decides');
      assert.equal(sentTo(PEOPLE.colleague).filter((s) => buttons(cardIn(s.activity)).includes('homeOffice.approve')).length, 1);
      assert.equal((await h.click(PEOPLE.deputy, 'homeOffice.approve', { requestId })).value.code, 'DELEGATION_ENDED');
      const ok = await h.click(PEOPLE.colleague, 'homeOffice.approve', { requestId });
      assert.equal(ok.statusCode, 200);
      assert.equal((await request(requestId))?.decision?.by, PEOPLE.colleague);
    });

    it('when a deputy stands in for two managers and one revokes, then only that manager’s requests go back', async () => {
      const lukas = '00000000-0000-0000-0000-000000000009'; // Bürgerbüro, manager Petra Schuster
      const vogt = await nameDeputy(PEOPLE.deputy, '2026-11-25', '2026-12-31');
      assert.equal((await h.click(PEOPLE.otherManager, 'delegation.set', { deputy: PEOPLE.deputy, from: '2026-11-25', to: '2026-12-31' })).statusCode, 200);
      const annas = await employeeAsks('homeoffice am 3.12.');
      const his = actionData(cardOf((await h.say(lukas, 'homeoffice am 1.12.'))[0]), 'homeOffice.withdraw').requestId as string;
      await h.click(PEOPLE.manager, 'delegation.revoke', { delegationId: vogt });
      await h.drain();
      assert.equal((await request(annas))?.approverId, PEOPLE.manager);
      assert.equal((await request(his))?.approverId, PEOPLE.deputy, 'still the deputy of the other manager');
      assert.equal((await h.click(PEOPLE.deputy, 'homeOffice.approve', { requestId: his })).statusCode, 200);
      assert.equal((await h.click(PEOPLE.deputy, 'homeOffice.approve', { requestId: annas })).value.code, 'DELEGATION_ENDED');
    });

    it('when the deputy period has passed but the hand-back job has not run yet, then the manager still sees and decides the request', async () => {
      await nameDeputy(PEOPLE.deputy, '2026-11-25', '2026-11-27');
      const requestId = await employeeAsks('homeoffice am 3.12.');
      await h.drain();
      h.clock.set(new Date('2026-11-28T07:00:00Z'));
      const pending = await h.click(PEOPLE.manager, 'homeOffice.pending', {});
      assert.ok(JSON.stringify(pending.value).includes(requestId));
      assert.equal((await h.click(PEOPLE.manager, 'homeOffice.approve', { requestId })).statusCode, 200);
      await h.drain(); // the hand-back finds nothing open: nothing is sent to anybody for it
      assert.equal((await request(requestId))?.approverId, PEOPLE.deputy, 'a decided request is not moved');
    });
  });
}
