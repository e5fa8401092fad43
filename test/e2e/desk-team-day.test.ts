/**
 * "Wer ist am 3.12. im Büro?" over HTTP, with the Kitzingen default that names are hidden unless a
 * person shows hers: colleagues with a desk are counted, named only by their own choice, and the
 * card never tells who works from home.
 */
import assert from 'node:assert/strict';
import { cardOf, PEOPLE, startHarness, type Harness } from '../support/app-harness.js';

const THURSDAY = '2026-12-03';
const THOMAS = PEOPLE.deputy; // Thomas Brandl, SG 21
const FATMA = '00000000-0000-0000-0000-000000000007'; // Fatma Yılmaz, SG 21

describe('who of the team is in the office (HTTP, privacy by default)', function () {
  this.timeout(30_000);
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    for (const [person, deskId] of [
      [PEOPLE.colleague, 'A-2-210-1'],
      [THOMAS, 'A-2-210-2'],
    ] as const) {
      const res = await h.click(person, 'desk.book', { deskId, date: THURSDAY, slot: 'day' });
      assert.match(JSON.stringify(res.value), /Ihr Platz ist gebucht/);
    }
    // Fatma works from home that day and would even show her name: she must not appear.
    assert.equal((await h.click(FATMA, 'settings.save', { visibility: 'name', needsAccessibleDesk: 'false' })).statusCode, 200);
    const mobile = cardOf((await h.say(FATMA, 'homeoffice am 3.12.'))[0]);
    assert.match(JSON.stringify(mobile), /homeOffice\.withdraw/, 'Fatma has a mobile day on 3.12.');
  });
  afterEach(async () => h.close());

  async function annaAsks(): Promise<string> {
    const replies = await h.say(PEOPLE.employee, 'wer ist am 3.12. im büro');
    assert.equal(replies.length, 1);
    return JSON.stringify(cardOf(replies[0]));
  }

  it('when nobody has chosen to show the name, then Anna sees no names, only that two colleagues are in', async () => {
    const card = await annaAsks();
    assert.match(card, /Wer ist am Donnerstag, 03\.12\. im Büro/);
    assert.match(card, /2 Personen aus Ihrem Team sind an diesem Tag im Büro/);
    for (const name of ['Markus', 'Wimmer', 'Thomas', 'Brandl', 'Fatma', 'Yılmaz']) assert.ok(!card.includes(name), `${name} is not shown`);
  });

  it('when Markus chooses to show his name, then Anna sees "Markus Wimmer" and one fewer hidden colleague, and still nothing about who works from home', async () => {
    const saved = await h.click(PEOPLE.colleague, 'settings.save', { visibility: 'name', needsAccessibleDesk: 'false' });
    assert.equal(saved.statusCode, 200);

    const card = await annaAsks();
    assert.match(card, /Markus Wimmer/);
    assert.match(card, /und 1 weitere Person/);
    assert.doesNotMatch(card, /2 Personen/);
    for (const name of ['Thomas', 'Brandl', 'Fatma', 'Yılmaz']) assert.ok(!card.includes(name), `${name} is not shown`);
    assert.doesNotMatch(card, /3 Personen|2 weitere/, 'the person working from home is not counted');
  });

  it('when Anna asks through the card for the same day, then the answer is the same as by text', async () => {
    const byText = await annaAsks();
    const byClick = await h.click(PEOPLE.employee, 'desk.teamDay', { date: THURSDAY });
    assert.equal(byClick.statusCode, 200);
    assert.equal(JSON.stringify(byClick.value), byText);
  });
});
