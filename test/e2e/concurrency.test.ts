/**
 * Simultaneous HTTP requests against the running app (lowdb store): the quota of the service
 * agreement holds however many requests race, every answer is a card, and a decision clicked many
 * times at once is taken (and announced) once.
 *
 * The quota limit is computed here from the policy file and the person's hours, not by the engine:
 * Anna Huber works 39 h (7.8 h Mon–Fri); Kitzingen allows 40 % of the hours of a two-week block
 * (blocks anchored at Monday 2024-01-01), Tuesday is a presence day, one office day a week.
 */
import assert from 'node:assert/strict';
import { JOB } from '../../src/app/job-types.js';
import { loadDirectoryFile } from '../../src/directory/file-directory.js';
import { isPublicHoliday } from '../../src/domain/holidays.js';
import type { Person, PolicyRules } from '../../src/domain/model.js';
import { effectiveRules, policyVersionFor } from '../../src/domain/policy-resolution.js';
import { loadPolicyFile } from '../../src/policy/load-policy.js';
import { actionData, cardOf, PEOPLE, startHarness, type Harness, type InvokeBody } from '../support/app-harness.js';

const CARD = 'application/vnd.microsoft.card.adaptive';
const DAY_MS = 86_400_000;
const KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

function plusDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}
function keyOf(date: string): (typeof KEYS)[number] {
  return KEYS[new Date(`${date}T00:00:00Z`).getUTCDay()]!;
}

interface Limits {
  from: string;
  to: string;
  /** Most remote hours in the block. */
  hours: number;
  /** Most remote days per ISO week (Monday → days). */
  daysPerWeek: Map<string, number>;
}

/** The limits of one two-week block, from the policy's numbers and the person's hours. */
function limitsOf(person: Person, rules: PolicyRules, state: string, from: string): Limits {
  assert.equal(rules.quota.averagingWindow, 'two-weeks');
  assert.equal((Date.parse(from) - Date.parse('2024-01-01')) % (14 * DAY_MS), 0, `${from} starts a two-week block`);
  const share = rules.quota.maxShareOfHours;
  assert.ok(share !== undefined);
  let contracted = 0;
  const daysPerWeek = new Map<string, number>();
  for (let week = 0; week < 2; week++) {
    const monday = plusDays(from, week * 7);
    let working = 0;
    let presence = 0;
    for (let i = 0; i < 7; i++) {
      const date = plusDays(monday, i);
      const hours = person.hoursByWeekday[keyOf(date)] ?? 0;
      if (hours <= 0 || isPublicHoliday(state, date)) continue;
      working += 1;
      contracted += hours;
      const isoWeekday = ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
      if (rules.presenceDays.some((p) => p === isoWeekday)) presence += 1;
    }
    // Presence days are office days; at least minOfficeDaysPerWeek office days stay.
    daysPerWeek.set(monday, working - Math.max(presence, Math.min(rules.minOfficeDaysPerWeek, working)));
  }
  return { from, to: plusDays(from, 13), hours: share * contracted, daysPerWeek };
}

describe('concurrency over HTTP (lowdb store)', function () {
  this.timeout(60_000);
  let h: Harness;
  let anna: Person;
  let rules: PolicyRules;
  let state: string;

  before(async () => {
    const policy = await loadPolicyFile('policies/kitzingen-like.yaml');
    const directory = await loadDirectoryFile('samples/directory.yaml');
    const person = await directory.getPerson(PEOPLE.employee);
    assert.ok(person);
    anna = person;
    assert.equal(anna.weeklyHours, 39);
    const version = policyVersionFor(policy, '2026-11-30');
    assert.ok(version);
    const chain: string[] = [];
    for (let unit = await directory.getOrgUnit(anna.orgUnitId); unit; unit = unit.parentId ? await directory.getOrgUnit(unit.parentId) : undefined) {
      chain.push(unit.id);
    }
    rules = effectiveRules(version, chain);
    state = policy.organisation.state;
  });

  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.close());

  /** Stored pending + approved remote days of Anna in [from, to] with their portions. */
  async function activeDays(from: string, to: string): Promise<Array<{ date: string; portion: number }>> {
    const requests = await h.app.store.read((r) => r.listRequestsOfPerson(PEOPLE.employee, from, to));
    return requests.flatMap((req) =>
      req.days
        .filter((d) => d.date >= from && d.date <= to && (d.status === 'pending' || d.status === 'approved'))
        .map((d) => ({ date: d.date, portion: d.portion })),
    );
  }

  function assertWithin(limits: Limits, days: Array<{ date: string; portion: number }>): void {
    const hours = days.reduce((sum, d) => sum + (anna.hoursByWeekday[keyOf(d.date)] ?? 0) * d.portion, 0);
    assert.ok(hours <= limits.hours + 1e-9, `${hours} h remote in ${limits.from}–${limits.to}, limit ${limits.hours} h`);
    for (const [monday, max] of limits.daysPerWeek) {
      const inWeek = days.filter((d) => d.date >= monday && d.date <= plusDays(monday, 6)).reduce((s, d) => s + d.portion, 0);
      assert.ok(inWeek <= max, `${inWeek} remote days in the week of ${monday}, at most ${max}`);
    }
    const perSlot = new Map<string, number>();
    for (const d of days) perSlot.set(d.date, (perSlot.get(d.date) ?? 0) + d.portion);
    for (const [date, portion] of perSlot) assert.ok(portion <= 1, `${date} is planned ${portion} times`);
  }

  it('when the employee sends 20 form requests at once for the 20 half days of one two-week block, then the stored days never exceed the quota and every answer is a card', async () => {
    const limits = limitsOf(anna, rules, state, '2026-11-30');
    assert.ok(limits.hours > 0 && limits.hours < 78, 'the quota allows only part of the block');
    const slots: Array<{ date: string; half: 'morning' | 'afternoon' }> = [];
    for (let i = 0; i < 14; i++) {
      const date = plusDays(limits.from, i);
      if ((anna.hoursByWeekday[keyOf(date)] ?? 0) > 0) slots.push({ date, half: 'morning' }, { date, half: 'afternoon' });
    }
    assert.equal(slots.length, 20);

    const answers = await Promise.all(
      slots.map((s) =>
        h.click(PEOPLE.employee, 'homeOffice.request', { kind: 'single', date: s.date, half: s.half, atHome: 'true' }),
      ),
    );
    for (const [i, answer] of answers.entries()) {
      assert.equal(answer.statusCode, 200, `answer ${i}: ${JSON.stringify(answer.value)}`);
      assert.equal(answer.type, CARD);
    }
    const accepted = answers.filter((a) => /wartet auf Genehmigung/.test(JSON.stringify(a.value))).length;

    const days = await activeDays(limits.from, limits.to);
    assertWithin(limits, days);
    const halfDayHours = (anna.hoursByWeekday.mon ?? 0) / 2;
    assert.equal(days.length, accepted, 'every accepted answer is one stored half day');
    assert.ok(accepted >= 1, 'some half days fit');
    assert.ok(accepted * halfDayHours <= limits.hours + 1e-9);
    assert.equal(
      h.logger.lines.filter((l) => l.level === 'error').length,
      0,
      `no errors logged: ${JSON.stringify(h.logger.lines.filter((l) => l.level === 'error'))}`,
    );
  });

  it('when the employee writes 20 messages at once for 20 different weekdays of two blocks, then neither block exceeds its quota and every answer is a card', async () => {
    const first = limitsOf(anna, rules, state, '2026-11-30');
    const second = limitsOf(anna, rules, state, '2026-12-14');
    const dates: string[] = [];
    for (let i = 0; i < 28; i++) {
      const date = plusDays(first.from, i);
      if ((anna.hoursByWeekday[keyOf(date)] ?? 0) > 0) dates.push(date);
    }
    assert.equal(dates.length, 20);

    const replies = await Promise.all(
      dates.map((d) => h.say(PEOPLE.employee, `homeoffice am ${Number(d.slice(8, 10))}.${Number(d.slice(5, 7))}.`)),
    );
    for (const reply of replies) {
      assert.equal(reply.length, 1);
      cardOf(reply[0]);
    }
    const firstDays = await activeDays(first.from, first.to);
    const secondDays = await activeDays(second.from, second.to);
    assertWithin(first, firstDays);
    assertWithin(second, secondDays);
    assert.ok(firstDays.length >= 1 && secondDays.length >= 1, 'each block took some days');
  });

  it('when the manager clicks approve 10 times at once on the same request, then it is decided once and one decision notice is queued and sent', async () => {
    await h.say(PEOPLE.manager, 'hilfe');
    const { requestId } = actionData(cardOf((await h.say(PEOPLE.employee, 'homeoffice am 3.12.'))[0]), 'homeOffice.withdraw');
    assert.equal(typeof requestId, 'string');
    await h.drain();

    const answers: InvokeBody[] = await Promise.all(
      Array.from({ length: 10 }, () => h.click(PEOPLE.manager, 'homeOffice.approve', { requestId })),
    );
    for (const answer of answers) {
      assert.equal(answer.statusCode, 200);
      assert.equal(answer.type, CARD);
    }
    assert.equal(h.logger.lines.filter((l) => l.event === 'request_decided').length, 1, 'decided once');
    assert.equal(h.logger.lines.filter((l) => l.event === 'decision_replayed').length, 9, 'nine replays changed nothing');
    const notices = await h.app.store.read((r) => r.listJobs({ type: JOB.decisionNotify }));
    assert.equal(notices.length, 1, 'one decision notice queued');
    const updates = await h.app.store.read((r) => r.listJobs({ type: JOB.approvalCardUpdate }));
    assert.equal(updates.length, 1, 'one card update queued');

    await h.drain();
    const toEmployee = h.connector.sent.filter((s) => s.conversationId === `a:personal-${PEOPLE.employee}`);
    assert.equal(toEmployee.length, 1, 'the employee is told once');
    assert.match(JSON.stringify(toEmployee[0]!.activity), /genehmigt/);
    const stored = await h.app.store.read((r) => r.getRequest(requestId as string));
    assert.equal(stored?.status, 'approved');
    assert.equal(stored?.decision?.by, PEOPLE.manager);
  });
});
