/**
 * The week planner (issue 13): "meine woche" / "planen" and the menu open one card with this and
 * the next week; one click per day sets office / office with desk / mobile; "Änderungen senden"
 * makes one request, books the desk inline, and the card re-renders in place with the verdicts.
 * Kitzingen policy; today is Wed 2026-11-25; Tuesday is the team's presence day.
 */
import assert from 'node:assert/strict';
import { actionData, cardOf, PEOPLE, startHarness, verbsOf, type Harness } from '../support/app-harness.js';

const texts = (card: unknown) => [...JSON.stringify(card).matchAll(/"(?:text|label|title)":"([^"]*)"/g)].map((m) => m[1] ?? '');

function choiceSet(card: unknown, date: string): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  const walk = (n: unknown) => {
    if (found || !n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walk);
    const o = n as Record<string, unknown>;
    if (o.type === 'Input.ChoiceSet' && o.id === `day.${date}`) found = o;
    else Object.values(o).forEach(walk);
  };
  walk(card);
  return found;
}

describe('week planner (HTTP, German)', function () {
  this.timeout(30_000);
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.say(PEOPLE.manager, 'hallo');
  });
  afterEach(async () => h.close());

  it('when Anna types "meine woche", "planen" or clicks the menu, then the planner shows this and next week with a choice per day from today on', async () => {
    for (const text of ['meine woche', 'planen']) {
      const card = cardOf((await h.say(PEOPLE.employee, text))[0]);
      assert.match(JSON.stringify(card), /Meine Planung: KW 48 und 49/, text);
    }
    const menu = cardOf((await h.say(PEOPLE.employee, 'hilfe'))[0]);
    const fromMenu = await h.click(PEOPLE.employee, 'homeOffice.myWeek', actionData(menu, 'homeOffice.myWeek'));
    const card = fromMenu.value;
    const all = texts(card);
    assert.ok(all.includes('KW 48: 23.11.2026 – 27.11.2026') && all.includes('KW 49: 30.11.2026 – 04.12.2026'));
    assert.equal(choiceSet(card, '2026-11-24'), undefined, 'no choice for a day in the past');
    const monday = choiceSet(card, '2026-11-30');
    assert.equal(monday?.value, 'office');
    assert.equal(monday?.label, 'Planung für Mo, 30.11.2026', 'every input is labelled');
    assert.equal(monday?.style, 'expanded', 'one click per day');
    assert.ok(all.includes('Präsenztag'));
    assert.ok(all.some((x) => /können Sie noch .* mobil arbeiten/.test(x)), 'the quota left in the window');
    assert.ok(verbsOf(card).includes('homeOffice.planSend') && verbsOf(card).includes('homeOffice.form'));
  });

  it('when Anna plans two mobile days and an office day with a desk and sends once, then one request goes to the manager, the desk is booked, and the card shows the verdicts in place; after the approval her planner and the manager card agree', async () => {
    const card = cardOf((await h.say(PEOPLE.employee, 'planen'))[0]);
    const send = await h.click(PEOPLE.employee, 'homeOffice.planSend', {
      ...actionData(card, 'homeOffice.planSend'),
      'day.2026-11-30': 'mobile',
      'day.2026-12-03': 'mobile',
      'day.2026-12-02': 'office-desk',
      'day.2026-12-01': 'mobile', // the presence day: refused with the reason
      'day.2026-12-04': 'office',
    });
    assert.equal(send.statusCode, 200, JSON.stringify(send.value));
    const after = texts(send.value);
    assert.ok(after.some((x) => /^3 Änderungen gespeichert\. Antrag MA-2026-00001 ist gestellt\. 1 Tag ist nicht möglich/.test(x)), after.join(' | '));
    assert.equal(after.filter((x) => x === 'Mobil beantragt – wartet auf Genehmigung').length, 2);
    assert.ok(after.some((x) => /^Platz .* gebucht$/.test(x)), 'the desk booked inline');
    assert.ok(after.some((x) => /^Nicht möglich: .*Präsenztag/.test(x)), after.join(' | '));
    assert.equal(choiceSet(send.value, '2026-11-30')?.value, 'mobile', 're-rendered from the store');
    assert.equal(choiceSet(send.value, '2026-12-02')?.value, 'office-desk');

    const requests = await h.app.store.read((r) => r.listRequestsOfPerson(PEOPLE.employee));
    assert.equal(requests.length, 1, 'one request for the changes');
    assert.deepEqual(requests[0]!.days.map((d) => d.date).sort(), ['2026-11-30', '2026-12-03']);
    const bookings = await h.app.store.read((r) => r.listBookingsOfPerson(PEOPLE.employee, '2026-12-02', '2026-12-02'));
    assert.equal(bookings.length, 1);

    await h.drain();
    const approvalCard = h.connector.sent.find((s) => s.conversationId === `a:personal-${PEOPLE.manager}`);
    assert.ok(approvalCard, 'the manager got the approval card');
    const approve = await h.click(PEOPLE.manager, 'homeOffice.approve', { requestId: requests[0]!.id });
    assert.match(JSON.stringify(approve.value), /genehmigt/);
    await h.drain();

    const again = texts(cardOf((await h.say(PEOPLE.employee, 'meine woche'))[0]));
    assert.equal(again.filter((x) => x === 'Mobil (genehmigt)').length, 2);
    assert.ok(again.some((x) => /^Büro, Platz /.test(x)), 'the desk booking shows in the week');
    const managerView = await h.click(PEOPLE.manager, 'homeOffice.open', { requestId: requests[0]!.id });
    assert.doesNotMatch(JSON.stringify(managerView.value), /wartet auf Genehmigung/);
  });

  it('when Anna sets a mobile day back to office, then that day is withdrawn and nothing else changes', async () => {
    const first = cardOf((await h.say(PEOPLE.employee, 'planen'))[0]);
    await h.click(PEOPLE.employee, 'homeOffice.planSend', { ...actionData(first, 'homeOffice.planSend'), 'day.2026-11-30': 'mobile' });
    const again = await h.click(PEOPLE.employee, 'homeOffice.planSend', { weekStart: '2026-11-23', 'day.2026-11-30': 'office', 'day.2026-12-03': 'office' });
    assert.ok(texts(again.value).includes('Mobiler Tag zurückgezogen – Büro'));
    const [request] = await h.app.store.read((r) => r.listRequestsOfPerson(PEOPLE.employee));
    assert.equal(request?.days[0]?.status, 'withdrawn');
  });

  it('when a tampered card sends an unknown choice or a day key that is no date, then it is refused and nothing is stored', async () => {
    const bad = await h.click(PEOPLE.employee, 'homeOffice.planSend', { weekStart: '2026-11-23', 'day.2026-11-30': 'beach' });
    assert.equal(bad.statusCode, 400);
    const bad2 = await h.click(PEOPLE.employee, 'homeOffice.planSend', { weekStart: '2026-11-23', 'day.<script>': 'mobile' });
    assert.equal(bad2.statusCode, 400);
    assert.equal((await h.app.store.read((r) => r.listRequestsOfPerson(PEOPLE.employee))).length, 0);
  });

  it('in English, the planner speaks English', async () => {
    const card = cardOf((await h.say(PEOPLE.employee, 'my week', 'en-US'))[0]);
    assert.match(JSON.stringify(card), /My plan: weeks 48 and 49/);
    assert.equal(choiceSet(card, '2026-11-30')?.label, 'Plan for Mon, 30 Nov 2026');
  });
});
