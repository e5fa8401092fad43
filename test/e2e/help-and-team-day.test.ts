/**
 * Issue 13 item 7: the help card's first example is valid under the agreement in force (the default
 * policy needs two days' lead time, so "Morgen mobil" was always refused), and "Wer ist im Büro?"
 * says that the person asking is not in the list and whether they are on site.
 */
import assert from 'node:assert/strict';
import { cardOf, PEOPLE, startHarness, type Harness } from '../support/app-harness.js';

function firstExample(card: Record<string, unknown>, quote: RegExp): string {
  const m = quote.exec(JSON.stringify(card));
  assert.ok(m?.[1], 'the help card has a typed example');
  return m[1];
}

describe('help examples and who is on site (HTTP)', function () {
  this.timeout(30_000);
  let h: Harness;
  afterEach(async () => h.close());

  for (const policy of ['policies/kitzingen-like.yaml', 'policies/muenster-like.yaml']) {
    it(`when Anna types the help card's first example under ${policy}, then the day is requested, not refused`, async () => {
      h = await startHarness({ POLICY_FILE: policy });
      const help = cardOf((await h.say(PEOPLE.employee, 'hilfe'))[0]);
      const example = firstExample(help, /„([^“]*mobil)“/);
      const answer = JSON.stringify(cardOf((await h.say(PEOPLE.employee, example))[0]));
      assert.match(answer, /Ihr Antrag MA-/, `"${example}" → ${answer.slice(0, 400)}`);
      assert.doesNotMatch(answer, /abgelehnt|nicht möglich/);
    });
  }

  it('when an English user types the first example, then it is understood and requested too', async () => {
    h = await startHarness();
    const help = cardOf((await h.say(PEOPLE.employee, 'help', 'en-US'))[0]);
    const example = firstExample(help, /\\"([^"\\]*remote)\\"/);
    const answer = JSON.stringify(cardOf((await h.say(PEOPLE.employee, example, 'en-US'))[0]));
    assert.match(answer, /Your request MA-/, `"${example}" → ${answer.slice(0, 400)}`);
  });

  it('when Anna has a desk and asks who is on site, then the card says she is not in the list but on site too', async () => {
    h = await startHarness();
    await h.click(PEOPLE.employee, 'desk.book', { deskId: 'A-2-214-1', date: '2026-11-26', slot: 'day' });
    const card = JSON.stringify(cardOf((await h.say(PEOPLE.employee, 'wer ist morgen im büro'))[0]));
    assert.match(card, /Sie selbst haben an diesem Tag auch einen Platz gebucht \(oben nicht mitgezählt\)/);
    assert.match(card, /Außer Ihnen hat für diesen Tag noch niemand/);
    const markus = JSON.stringify(cardOf((await h.say(PEOPLE.colleague, 'wer ist morgen im büro'))[0]));
    assert.match(markus, /Sie selbst haben für diesen Tag keinen Platz gebucht/);
  });
});
