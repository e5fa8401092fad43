/**
 * Approved mobile-work days in the Outlook calendar, through the outbox and a local fake Graph,
 * over HTTP as Teams drives the bot. Today in the harness: Wednesday 2026-11-25, 09:00Z.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { JOB } from '../../src/app/job-types.js';
import { actionData, cardOf, PEOPLE, startHarness } from '../support/app-harness.js';
import { startCalendarHarness, type CalendarHarness } from '../graph/calendar-harness.js';

const THURSDAY = '2026-12-03';

describe('calendar sync of approved days (HTTP, outbox, fake Graph)', function () {
  this.timeout(30_000);
  let c: CalendarHarness;

  beforeEach(async () => {
    c = await startCalendarHarness();
    await c.h.say(PEOPLE.manager, 'hilfe');
  });
  afterEach(async () => c?.close());

  async function askAndApprove(text = 'homeoffice am 3.12.'): Promise<string> {
    const card = cardOf((await c.h.say(PEOPLE.employee, text))[0]);
    const requestId = String(actionData(card, 'homeOffice.withdraw').requestId);
    const answer = await c.h.click(PEOPLE.manager, 'homeOffice.approve', { requestId });
    assert.equal(answer.statusCode, 200, 'the approval itself never waits for Graph');
    return requestId;
  }

  const storedDay = async (requestId: string, date = THURSDAY) =>
    (await c.h.app.store.read((r) => r.getRequest(requestId)))?.days.find((d) => d.date === date);

  it('when the manager approves a day, then exactly one all-day "Mobiles Arbeiten" event exists and its id is stored on the day', async () => {
    const requestId = await askAndApprove();
    await c.h.drain();

    const events = c.graph.events(PEOPLE.employee);
    assert.equal(events.length, 1);
    const e = events[0]!;
    assert.equal(e.subject, 'Mobiles Arbeiten');
    assert.equal(e.showAs, 'workingElsewhere');
    assert.equal(e.isAllDay, true);
    assert.deepEqual(e.start, { dateTime: `${THURSDAY}T00:00:00`, timeZone: 'W. Europe Standard Time' });
    assert.deepEqual(e.end, { dateTime: '2026-12-04T00:00:00', timeZone: 'W. Europe Standard Time' });
    assert.deepEqual(e.categories, ['Mobiles Arbeiten']);
    assert.equal(e.isReminderOn, false);
    assert.deepEqual(e.attendees, []);
    assert.equal(e.transactionId, `mwb:test:day-${requestId}-${THURSDAY}`);
    assert.equal((await storedDay(requestId))?.calendarEventId, e.id);
    assert.deepEqual(c.graph.events(PEOPLE.manager), [], 'nothing in the manager\'s calendar');
  });

  it('when the first create times out after Graph stored the event, then the retry finds it: still one event, and its id stored', async () => {
    c.graph.createThenTimeout(1);
    const requestId = await askAndApprove();
    await c.h.drain();
    assert.equal(c.graph.events(PEOPLE.employee).length, 1, 'Graph has the event');
    assert.equal((await storedDay(requestId))?.calendarEventId, undefined, 'we never saw the answer');
    const [job] = await c.jobs(JOB.calendarUpsertDay);
    assert.equal(job?.status, 'pending');
    assert.match(job?.lastError ?? '', /TIMEOUT/);

    c.h.clock.advance(60_000);
    await c.h.drain();
    const events = c.graph.events(PEOPLE.employee);
    assert.equal(events.length, 1, 'the transactionId kept the retry from doubling it');
    assert.equal((await storedDay(requestId))?.calendarEventId, events[0]!.id);
    assert.equal((await c.jobs(JOB.calendarUpsertDay))[0]?.status, 'done');
  });

  it('when the employee withdraws an approved day, then its event is deleted and the id cleared', async () => {
    const requestId = await askAndApprove();
    await c.h.drain();
    assert.equal(c.graph.events(PEOPLE.employee).length, 1);

    const answer = await c.h.click(PEOPLE.employee, 'homeOffice.withdraw', { requestId });
    assert.equal(answer.statusCode, 200);
    await c.h.drain();
    assert.deepEqual(c.graph.events(PEOPLE.employee), []);
    assert.equal((await storedDay(requestId))?.calendarEventId, undefined);
  });

  it('when the event was already deleted in Outlook, then withdrawing still completes (404 counts as done)', async () => {
    const requestId = await askAndApprove();
    await c.h.drain();
    const eventId = c.graph.events(PEOPLE.employee)[0]!.id!;
    c.graph.removeEvent(PEOPLE.employee, eventId);
    await c.h.click(PEOPLE.employee, 'homeOffice.withdraw', { requestId });
    await c.h.drain();
    const [remove] = await c.jobs(JOB.calendarRemoveDay);
    assert.equal(remove?.status, 'done');
    assert.deepEqual(remove?.result, { eventId, outcome: 'already-gone' });
    assert.equal((await storedDay(requestId))?.calendarEventId, undefined);
  });

  it('when Graph is down for a while, then approvals succeed at once and the events appear once Graph is back, none doubled', async () => {
    c.graph.down();
    const first = await askAndApprove('homeoffice am 3.12.');
    const second = await askAndApprove('homeoffice am 30.11.');
    await c.h.drain();
    c.h.clock.advance(30_000);
    await c.h.drain();
    assert.deepEqual(c.graph.events(PEOPLE.employee), []);
    assert.ok((await c.jobs(JOB.calendarUpsertDay)).every((j) => j.status === 'pending' && j.attempts >= 1));
    assert.equal((await c.h.app.store.read((r) => r.getRequest(first)))?.status, 'approved');

    c.graph.up();
    c.h.clock.advance(10 * 60_000);
    await c.h.drain();
    const events = c.graph.events(PEOPLE.employee);
    assert.deepEqual(events.map((e) => e.start?.dateTime).sort(), ['2026-11-30T00:00:00', `${THURSDAY}T00:00:00`]);
    assert.equal((await storedDay(first))?.calendarEventId !== undefined, true);
    assert.equal((await storedDay(second, '2026-11-30'))?.calendarEventId !== undefined, true);
  });

  it('when Graph answers 429 with Retry-After: 120, then the job is not run again before 120 s have passed', async () => {
    c.graph.failNext(1, 429, { 'Retry-After': '120' }, undefined, { method: 'POST' });
    await askAndApprove();
    const approvedAt = c.h.clock.now().getTime();
    await c.h.drain();
    const [job] = await c.jobs(JOB.calendarUpsertDay);
    assert.ok(Date.parse(job!.dueAt) - approvedAt >= 120_000, `due ${job!.dueAt}`);

    c.h.clock.advance(100_000);
    await c.h.drain();
    assert.equal(c.graph.events(PEOPLE.employee).length, 0, 'not yet');
    c.h.clock.advance(25_000); // Retry-After + at most 1 s of jitter
    await c.h.drain();
    assert.equal(c.graph.events(PEOPLE.employee).length, 1);
  });

  it('when Graph refuses with 403, then the job is dead-lettered at once and listed by `npm run outbox -- list --status dead`', async () => {
    c.graph.failNext(1, 403, {}, undefined, { method: 'POST' });
    await askAndApprove();
    await c.h.drain();
    const [job] = await c.jobs(JOB.calendarUpsertDay);
    assert.equal(job?.status, 'dead');
    assert.equal(job?.attempts, 1);
    assert.match(job?.lastError ?? '', /ErrorAccessDenied.*403|403.*ErrorAccessDenied/);

    await c.h.app.stop(); // lowdb: the CLI runs with the bot stopped
    const listed = await runCli(['list', '--status', 'dead'], c.h.dataDir);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, new RegExp(`${job!.id}\\s+dead\\s+calendar\\.upsert-day`));
    assert.match(listed.stdout, /1 job\(s\)/);
  });
});

describe('calendar sync switched off (no GRAPH_* variables)', function () {
  this.timeout(30_000);
  it('when a day is approved without Graph configured, then no calendar job is queued', async () => {
    const h = await startHarness();
    try {
      await h.say(PEOPLE.manager, 'hilfe');
      const card = cardOf((await h.say(PEOPLE.employee, 'homeoffice am 3.12.'))[0]);
      await h.click(PEOPLE.manager, 'homeOffice.approve', { requestId: String(actionData(card, 'homeOffice.withdraw').requestId) });
      const jobs = await h.app.store.read((r) => r.listJobs());
      assert.ok(jobs.length > 0);
      assert.deepEqual(jobs.filter((j) => j.type.startsWith('calendar.')), []);
    } finally {
      await h.close();
    }
  });
});

function runCli(args: string[], dataDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/outbox/outbox-cli.ts', ...args], {
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, STORE: 'lowdb' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
