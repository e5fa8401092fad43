/**
 * "Meine Woche" with absences from Outlook (HTTP, lowdb): an out-of-office day on an approved
 * mobile-work day is shown as such with a button that withdraws just that day; an out-of-office
 * day without one shows "Abwesend" instead of "Büro". Today in the harness: Wednesday 2026-11-25.
 */
import assert from 'node:assert/strict';
import { Absences } from '../../src/app/absences.js';
import { actionData, cardOf, PEOPLE } from '../support/app-harness.js';
import { startCalendarHarness, type CalendarHarness } from './calendar-harness.js';

const THURSDAY = '2026-12-03';
const FRIDAY = '2026-12-04';

describe('"Meine Woche" shows absences and offers withdrawal (HTTP, lowdb)', function () {
  this.timeout(30_000);
  let c: CalendarHarness;
  beforeEach(async () => {
    c = await startCalendarHarness();
    await c.h.say(PEOPLE.manager, 'hilfe');
  });
  afterEach(async () => c?.close());

  const texts = (card: unknown): string[] => {
    const out: string[] = [];
    const walk = (n: unknown) => {
      if (Array.isArray(n)) n.forEach(walk);
      else if (n && typeof n === 'object') {
        const o = n as Record<string, unknown>;
        if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
        Object.values(o).forEach(walk);
      }
    };
    walk(card);
    return out;
  };

  it('when Outlook has an absence on an approved mobile day, then the week shows it and one click withdraws only that day', async () => {
    const card = cardOf((await c.h.say(PEOPLE.employee, 'homeoffice am 3.12.'))[0]);
    const requestId = String(actionData(card, 'homeOffice.withdraw').requestId);
    await c.h.click(PEOPLE.manager, 'homeOffice.approve', { requestId });
    await new Absences(c.h.app.ctx).applyCalendarChange(PEOPLE.employee, [{ eventId: 'oof-1', dates: [THURSDAY, FRIDAY] }]);

    const week = await c.h.click(PEOPLE.employee, 'homeOffice.myWeek', { weekStart: '2026-11-30' });
    assert.equal(week.statusCode, 200);
    const lines = texts(week.value);
    assert.ok(lines.includes('Mobil (genehmigt) – laut Outlook abwesend'), lines.join(' | '));
    assert.ok(lines.includes('Abwesend (Outlook)'), 'Friday: absent instead of office');
    assert.ok(!lines.includes('Mobil (genehmigt)'), 'not shown as a plain approved day');
    const data = actionData(week.value, 'homeOffice.withdraw');
    assert.deepEqual(data, { requestId, dates: THURSDAY }, 'ids and the date only');

    const answer = await c.h.click(PEOPLE.employee, 'homeOffice.withdraw', data);
    assert.equal(answer.statusCode, 200);
    const stored = await c.h.app.store.read((r) => r.getRequest(requestId));
    assert.equal(stored?.days.find((d) => d.date === THURSDAY)?.status, 'cancelled', 'an approved day taken back is cancelled');
  });

  it('in English, the absent day reads "out of office in Outlook"', async () => {
    await new Absences(c.h.app.ctx).applyCalendarChange(PEOPLE.employee, [{ eventId: 'oof-2', dates: [FRIDAY] }]);
    const week = await c.h.click(PEOPLE.employee, 'homeOffice.myWeek', { weekStart: '2026-11-30' }, 'en-US');
    assert.ok(texts(week.value).includes('Absent (Outlook)'));
  });
});
