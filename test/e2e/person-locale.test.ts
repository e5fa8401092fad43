/**
 * Issue 13 item 8: a person's language is the directory's (file `locale`, Graph
 * `preferredLanguage`) first, then the Teams client's. Elena Popescu has `locale: en` in the
 * directory; Anna Huber has none.
 */
import assert from 'node:assert/strict';
import { cardOf, PEOPLE, startHarness, type Harness } from '../support/app-harness.js';

const ELENA = '00000000-0000-0000-0000-000000000010';

describe('the language of a person (HTTP)', function () {
  this.timeout(30_000);
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.close());

  it('when Elena (directory: en) writes from a German Teams client, then the bot answers in English', async () => {
    const card = JSON.stringify(cardOf((await h.say(ELENA, 'hilfe', 'de-DE'))[0]));
    assert.doesNotMatch(card, /so kann ich Ihnen helfen/);
    const click = await h.click(ELENA, 'homeOffice.quota', {}, 'de-DE');
    assert.doesNotMatch(JSON.stringify(click.value), /Kontingent/);
  });

  it('when Anna (no language in the directory) writes from an English or a German client, then the client decides', async () => {
    assert.match(JSON.stringify(cardOf((await h.say(PEOPLE.employee, 'hilfe', 'de-DE'))[0])), /so kann ich Ihnen helfen/);
    assert.doesNotMatch(JSON.stringify(cardOf((await h.say(PEOPLE.employee, 'help', 'en-US'))[0])), /so kann ich Ihnen helfen/);
  });

  it('when Elena chatted from a German client, then proactive cards to her are English too', async () => {
    await h.say(ELENA, 'hallo', 'de-DE');
    const conv = await h.app.store.read((r) => r.getConversation(ELENA));
    assert.equal(conv?.locale, 'en');
  });
});
