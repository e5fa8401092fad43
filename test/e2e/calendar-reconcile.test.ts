/**
 * The nightly reconciliation (02:00 Europe/Berlin, through the outbox): an event the person
 * deleted in Outlook is written again, an orphaned event of ours is removed, and the person's own
 * events are left alone. Today in the harness: Wednesday 2026-11-25, 09:00Z (10:00 in Berlin).
 */
import assert from 'node:assert/strict';
import { JOB } from '../../src/app/job-types.js';
import { actionData, cardOf, PEOPLE } from '../support/app-harness.js';
import { startCalendarHarness, type CalendarHarness } from '../graph/calendar-harness.js';

const allDay = (date: string, next: string) => ({
  isAllDay: true,
  start: { dateTime: `${date}T00:00:00`, timeZone: 'W. Europe Standard Time' },
  end: { dateTime: `${next}T00:00:00`, timeZone: 'W. Europe Standard Time' },
});

describe('nightly calendar reconciliation (outbox, fake Graph)', function () {
  this.timeout(30_000);
  let c: CalendarHarness;
  beforeEach(async () => {
    c = await startCalendarHarness();
    await c.h.say(PEOPLE.manager, 'hilfe');
  });
  afterEach(async () => c?.close());

  it('is scheduled at start for the next 02:00 local time, once', async () => {
    const jobs = await c.jobs(JOB.calendarReconcile);
    assert.equal(jobs.length, 1);
    assert.equal(jobs[0]?.dueAt, '2026-11-26T01:00:00.000Z');
    assert.deepEqual(jobs[0]?.payload, { date: '2026-11-26' });
  });

  it('when it runs, then a deleted event is written again, an orphan of ours is removed, the person\'s own events stay, and the next night is scheduled', async () => {
    const card = cardOf((await c.h.say(PEOPLE.employee, 'homeoffice am 3.12.'))[0]);
    const requestId = String(actionData(card, 'homeOffice.withdraw').requestId);
    await c.h.click(PEOPLE.manager, 'homeOffice.approve', { requestId });
    await c.h.drain();
    const original = c.graph.events(PEOPLE.employee)[0]!;
    c.graph.removeEvent(PEOPLE.employee, original.id!); // deleted by hand in Outlook

    const orphan = c.graph.addEvent(PEOPLE.employee, {
      subject: 'Mobiles Arbeiten',
      ...allDay('2026-12-02', '2026-12-03'),
      showAs: 'workingElsewhere',
      categories: ['Mobiles Arbeiten'],
      transactionId: 'mwb:test:day-00000000-dead-0000-0000-000000000000-2026-12-02',
    });
    const own = c.graph.addEvent(PEOPLE.employee, {
      subject: 'Mobil beim Kunden (selbst eingetragen)',
      ...allDay('2026-12-02', '2026-12-03'),
      categories: ['Mobiles Arbeiten'],
    });
    const beyond = c.graph.addEvent(PEOPLE.employee, {
      subject: 'Mobiles Arbeiten',
      ...allDay('2027-02-01', '2027-02-02'),
      categories: ['Mobiles Arbeiten'],
      transactionId: 'mwb:test:day-x-2027-02-01',
    });

    c.h.clock.set(new Date('2026-11-26T01:00:30Z')); // 02:00:30 in Berlin
    await c.h.drain();

    const events = c.graph.events(PEOPLE.employee);
    const ids = events.map((e) => e.id);
    assert.ok(!ids.includes(orphan.id), 'the orphan is removed');
    assert.ok(ids.includes(own.id), 'an event without our transactionId is not ours');
    assert.ok(ids.includes(beyond.id), 'outside the 30-day window nothing is touched');
    const thursday = events.filter((e) => e.start?.dateTime === '2026-12-03T00:00:00');
    assert.equal(thursday.length, 1, 'the deleted event is back, once');
    assert.equal(thursday[0]!.transactionId, `mwb:test:day-${requestId}-2026-12-03-r20261126`);
    const day = (await c.h.app.store.read((r) => r.getRequest(requestId)))?.days[0];
    assert.equal(day?.calendarEventId, thursday[0]!.id);

    const person = (await c.jobs(JOB.calendarReconcilePerson)).find((j) => (j.payload as { personId: string }).personId === PEOPLE.employee);
    assert.equal(person?.status, 'done');
    assert.deepEqual(person?.result, { checked: 1, created: 0, recreated: 1, removed: 1 });
    const nightly = await c.jobs(JOB.calendarReconcile);
    assert.deepEqual(nightly.map((j) => [j.status, j.dueAt]).sort(), [
      ['done', '2026-11-26T01:00:00.000Z'],
      ['pending', '2026-11-27T01:00:00.000Z'],
    ]);
  });

  it('when an approved day has no event yet (its create still failing), then the reconciliation writes it with the same transactionId, so nothing doubles', async () => {
    c.graph.failNext(1, 503, { 'Retry-After': '86400' }, undefined, { method: 'POST' });
    const card = cardOf((await c.h.say(PEOPLE.employee, 'homeoffice am 3.12.'))[0]);
    const requestId = String(actionData(card, 'homeOffice.withdraw').requestId);
    await c.h.click(PEOPLE.manager, 'homeOffice.approve', { requestId });
    await c.h.drain();
    assert.equal(c.graph.events(PEOPLE.employee).length, 0);

    c.h.clock.set(new Date('2026-11-26T01:00:30Z'));
    await c.h.drain();
    assert.equal(c.graph.events(PEOPLE.employee).length, 1);
    c.h.clock.set(new Date('2026-11-26T10:00:00Z')); // the upsert's Retry-After is over
    await c.h.drain();
    assert.equal(c.graph.events(PEOPLE.employee).length, 1);
    const [upsert] = await c.jobs(JOB.calendarUpsertDay);
    assert.equal(upsert?.status, 'done');
    assert.equal((upsert?.result as { skipped?: string }).skipped, 'already-synced');
  });
});
