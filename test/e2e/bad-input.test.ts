/** Bad input over HTTP: every case gets a clear answer and changes nothing. */
import assert from 'node:assert/strict';
import { cardOf, PEOPLE, startHarness, type Harness } from '../support/app-harness.js';

describe('bad input over HTTP', function () {
  this.timeout(30_000);
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.close());

  const requestCount = () => h.app.store.read(async (r) => (await r.listRequestsOfPerson(PEOPLE.employee)).length);

  it('when the body is malformed JSON, then the answer is 400 with a JSON error', async () => {
    const res = await h.postRaw('{"type": "message", ');
    assert.equal(res.status, 400);
    assert.equal(typeof res.body, 'object');
    assert.doesNotMatch(JSON.stringify(res.body), /at .*\.ts:\d+/);
  });

  it('when a verb is unknown, then the invoke answers 400 with a translated message', async () => {
    const de = await h.click(PEOPLE.employee, 'homeOffice.launchRocket', {});
    assert.equal(de.statusCode, 400);
    assert.equal(de.value.code, 'UNKNOWN_VERB');
    const en = await h.click(PEOPLE.employee, 'homeOffice.launchRocket', {}, 'en-US');
    assert.notEqual(de.value.message, en.value.message);
  });

  it('when the action envelope is not an Action.Execute, then the invoke answers 400', async () => {
    const res = await h.post({
      type: 'invoke',
      name: 'adaptiveCard/action',
      channelId: 'msteams',
      serviceUrl: h.serviceUrl,
      from: { id: '29:x', aadObjectId: PEOPLE.employee },
      recipient: { id: '28:bot' },
      conversation: { id: 'a:x', conversationType: 'personal' },
      value: { action: { type: 'Action.Submit' } },
    });
    assert.equal(res.status, 200);
    assert.equal((res.body as { statusCode: number }).statusCode, 400);
  });

  const formCases: Array<[string, Record<string, unknown>, string]> = [
    ['a date in the past', { kind: 'single', date: '2026-11-20' }, 'IN_PAST'],
    ['a range beyond the planning window', { kind: 'range', from: '2027-06-01', to: '2027-06-03' }, 'BEYOND_HORIZON'],
  ];
  for (const [name, data, code] of formCases) {
    it(`when the form asks for ${name}, then every day is refused with ${code} and nothing is stored`, async () => {
      const res = await h.click(PEOPLE.employee, 'homeOffice.request', data);
      assert.equal(res.statusCode, 200);
      assert.match(JSON.stringify(res.value), /abgelehnt|nicht möglich/i);
      assert.equal(await requestCount(), 0);
    });
  }

  it('when the range ends before it starts, then the answer names the problem and nothing is stored', async () => {
    const res = await h.click(PEOPLE.employee, 'homeOffice.request', { kind: 'range', from: '2026-12-10', to: '2026-12-08' });
    assert.equal(res.statusCode, 400);
    assert.equal(res.value.code, 'END_BEFORE_START');
    assert.equal(await requestCount(), 0);
  });

  it('when the form misses the date, then the answer is a friendly input error', async () => {
    const res = await h.click(PEOPLE.employee, 'homeOffice.request', { kind: 'single', date: 'morgen' });
    assert.equal(res.statusCode, 400);
    assert.equal(res.value.code, 'INVALID_INPUT');
  });

  it('when someone not in the directory writes, then they get a friendly message, not an error', async () => {
    const replies = await h.say('99999999-0000-0000-0000-000000000000', 'homeoffice am 3.12.');
    assert.match(JSON.stringify(cardOf(replies[0])), /Verzeichnis|directory/i);
  });

  it('when a text is not understood, then the menu is shown', async () => {
    const replies = await h.say(PEOPLE.employee, 'wie ist das wetter');
    const card = JSON.stringify(cardOf(replies[0]));
    assert.match(card, /homeOffice.form/);
  });
});
