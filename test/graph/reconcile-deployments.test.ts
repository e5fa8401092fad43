/**
 * Reconciliation touches only this deployment's events (transactionId `mwb:<deployment>:…`): a
 * staging bot on the same mailboxes keeps its events; events written before deployment ids count as
 * ours only if they name one of our requests. And it runs on demand, `npm run outbox -- reconcile`,
 * while the bot runs on lowdb (the request goes through `<DATA_DIR>/admin-requests/`).
 * Today in the harness: Wednesday 2026-11-25, 09:00Z.
 */
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { JOB } from '../../src/app/job-types.js';
import { ownerOfTransactionId } from '../../src/graph/calendar-events.js';
import { askRunningBot, parseOutboxArgs, OutboxUsageError } from '../../src/outbox/outbox-cli.js';
import { INBOX_DIR } from '../../src/outbox/admin-inbox.js';
import { actionData, cardOf, PEOPLE } from '../support/app-harness.js';
import { startCalendarHarness, type CalendarHarness } from './calendar-harness.js';

const allDay = (from: string, to: string) => ({
  isAllDay: true,
  start: { dateTime: `${from}T00:00:00`, timeZone: 'W. Europe Standard Time' },
  end: { dateTime: `${to}T00:00:00`, timeZone: 'W. Europe Standard Time' },
});

describe('reconciliation of this deployment\'s events only, also on demand (outbox, fake Graph)', function () {
  this.timeout(30_000);
  let c: CalendarHarness;
  beforeEach(async () => {
    c = await startCalendarHarness();
    await c.h.say(PEOPLE.manager, 'hilfe');
  });
  afterEach(async () => c?.close());

  async function approvedDay(text = 'homeoffice am 3.12.'): Promise<string> {
    const card = cardOf((await c.h.say(PEOPLE.employee, text))[0]);
    const requestId = String(actionData(card, 'homeOffice.withdraw').requestId);
    await c.h.click(PEOPLE.manager, 'homeOffice.approve', { requestId });
    await c.h.drain();
    return requestId;
  }
  const mobileEvent = (date: string, next: string, transactionId: string) => ({
    subject: 'Mobiles Arbeiten',
    ...allDay(date, next),
    showAs: 'workingElsewhere' as const,
    categories: ['Mobiles Arbeiten'],
    transactionId,
  });

  it('when a staging bot wrote events into the same mailbox, then the production reconciliation leaves them alone and removes only its own orphans', async () => {
    const requestId = await approvedDay();
    const staging = c.graph.addEvent(PEOPLE.employee, mobileEvent('2026-12-02', '2026-12-03', 'mwb:staging:day-4711-2026-12-02'));
    const stagingDesk = c.graph.addEvent(PEOPLE.employee, { ...mobileEvent('2026-12-04', '2026-12-05', 'mwb:staging:desk-b9'), categories: ['Arbeitsplatzbuchung'] });
    const ourOrphan = c.graph.addEvent(PEOPLE.employee, mobileEvent('2026-12-07', '2026-12-08', 'mwb:test:day-gone-2026-12-07'));
    // Written by this bot before deployment ids: its request exists here, the day is no longer approved.
    const legacyOurs = c.graph.addEvent(PEOPLE.employee, mobileEvent('2026-12-08', '2026-12-09', `mwb-day-${requestId}-2026-12-08`));
    // Written before deployment ids by some other bot: its request is unknown here.
    const legacyOther = c.graph.addEvent(PEOPLE.employee, mobileEvent('2026-12-09', '2026-12-10', 'mwb-day-0000-unknown-2026-12-09'));

    c.h.clock.set(new Date('2026-11-26T01:00:30Z'));
    await c.h.drain();

    const ids = c.graph.events(PEOPLE.employee).map((e) => e.id);
    assert.ok(ids.includes(staging.id) && ids.includes(stagingDesk.id), "another deployment's events stay");
    assert.ok(!ids.includes(ourOrphan.id), 'our own orphan is removed');
    assert.ok(!ids.includes(legacyOurs.id), 'an old event of one of our requests is ours');
    assert.ok(ids.includes(legacyOther.id), 'an old event naming a request we do not know is not ours');
    assert.equal(c.graph.events(PEOPLE.employee).filter((e) => e.transactionId === `mwb:test:day-${requestId}-2026-12-03`).length, 1, 'the approved day stays');
  });

  it('when an administrator runs "reconcile --person" while the bot runs on lowdb, then the running bot takes the request and recreates the deleted event', async () => {
    await approvedDay();
    const original = c.graph.events(PEOPLE.employee)[0]!;
    c.graph.removeEvent(PEOPLE.employee, original.id!);
    // The harness app runs its worker manually; the admin inbox is watched by the app itself.
    const lines: string[] = [];
    const cmd = parseOutboxArgs(['reconcile', '--person', PEOPLE.employee, '--from', '2026-11-25', '--to', '2026-12-31']);
    assert.equal(cmd.kind, 'reconcile');
    if (cmd.kind !== 'reconcile') return;
    const code = await askRunningBot(c.h.dataDir, cmd, (l) => lines.push(l), 8000);
    assert.equal(code, 0);
    assert.match(lines.join('\n'), /taken by the running bot/);
    assert.deepEqual((await readdir(path.join(c.h.dataDir, INBOX_DIR))).filter((n) => !n.startsWith('.')), []);
    await c.h.drain();
    const person = (await c.jobs(JOB.calendarReconcilePerson)).filter((j) => (j.payload as { personId: string }).personId === PEOPLE.employee);
    assert.equal(person.length, 1, 'for that person only');
    assert.deepEqual(person[0]?.payload, { personId: PEOPLE.employee, from: '2026-11-25', to: '2026-12-31' });
    assert.equal(person[0]?.status, 'done');
    assert.equal(c.graph.events(PEOPLE.employee).filter((e) => e.start?.dateTime === '2026-12-03T00:00:00').length, 1, 'the deleted event is back');
    const nightly = (await c.jobs(JOB.calendarReconcile)).filter((j) => j.status === 'pending');
    assert.equal(nightly.length, 1, 'the nightly chain is untouched');
  });

  it('refuses wrong reconcile arguments with a clear message', () => {
    const cases: Array<[string[], RegExp]> = [
      [['reconcile', '--from', '2026-12-01'], /go together/],
      [['reconcile', '--from', '2026-12-31', '--to', '2026-12-01'], /after/],
      [['reconcile', '--from', '2026-02-30', '--to', '2026-03-01'], /must be a date/],
      [['reconcile', '--person'], /needs a value/],
      [['reconcile', '--everyone', 'x'], /unknown option/],
      [['reconcile', '--from', '2026-01-01', '--to', '2027-06-01'], /400 days/],
    ];
    for (const [argv, message] of cases) {
      assert.throws(() => parseOutboxArgs(argv), (e: unknown) => e instanceof OutboxUsageError && message.test(e.message), argv.join(' '));
    }
  });

  it('reads whose an event is from its transactionId', () => {
    assert.deepEqual(ownerOfTransactionId('mwb:prod:day-r1-2026-12-03', 'prod'), { kind: 'ours' });
    assert.deepEqual(ownerOfTransactionId('mwb:staging:day-r1-2026-12-03', 'prod'), { kind: 'other' });
    assert.deepEqual(ownerOfTransactionId('mwb-day-9f1c-aa-2026-12-03-r20261126', 'prod'), { kind: 'legacy', requestId: '9f1c-aa' });
    assert.deepEqual(ownerOfTransactionId('mwb-desk-b-17', 'prod'), { kind: 'legacy', bookingId: 'b-17' });
    assert.deepEqual(ownerOfTransactionId(undefined, 'prod'), { kind: 'other' });
    assert.deepEqual(ownerOfTransactionId('outlook-sync-123', 'prod'), { kind: 'other' });
  });
});
