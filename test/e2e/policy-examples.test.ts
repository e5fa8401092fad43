/**
 * The two shipped example policies with several caps and individual bands, end to end over HTTP
 * (local mode, fake Bot Connector): the verdict cards name the cap and the window with the numbers,
 * days off of the policy are refused, an approval cap sends the day to the manager, and a person's
 * band sets their limit; changing the band later never rewrites days already decided.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays } from '../../src/domain/dates.js';
import type { MobileWorkRequest } from '../../src/domain/model.js';
import { actionData, cardOf, PEOPLE, startHarness, type Harness } from '../support/app-harness.js';

const LUKAS = '00000000-0000-0000-0000-000000000009'; // Bürgerbüro, manager Petra Schuster
const text = (card: unknown) => JSON.stringify(card);

async function ask(h: Harness, userId: string, message: string): Promise<{ card: Record<string, unknown>; requestId?: string }> {
  let card = cardOf((await h.say(userId, message))[0]);
  if (text(card).includes('"verb":"homeOffice.request"')) {
    // More than one day typed: a preview first, the request only with "Beantragen" (issue 13).
    assert.match(text(card), /Bitte prüfen/);
    card = (await h.click(userId, 'homeOffice.request', actionData(card, 'homeOffice.request'))).value;
  }
  let requestId: string | undefined;
  try {
    requestId = actionData(card, 'homeOffice.withdraw').requestId as string;
  } catch {
    requestId = undefined;
  }
  return { card, ...(requestId ? { requestId } : {}) };
}

describe('example policy with several caps (policies/landkreis-mehrere-grenzen-like.yaml) over HTTP', function () {
  this.timeout(60_000);
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ POLICY_FILE: 'policies/landkreis-mehrere-grenzen-like.yaml' });
  });
  afterEach(async () => h.close());

  it('when 23 occasional days of the half-year are used, then a 24th is allowed and a 25th is refused naming the half-year cap and its numbers', async () => {
    // 23 approved occasional days in July–September (Mondays and Tuesdays), stored as the bot stores them.
    const days = Array.from({ length: 12 }, (_, w) => [addDays('2026-07-06', 7 * w), addDays('2026-07-07', 7 * w)]).flat().slice(0, 23);
    await h.app.store.transact(async (tx) => {
      const at = '2026-07-01T08:00:00.000Z';
      const req: MobileWorkRequest = {
        id: randomUUID(), number: 'MA-2026-09001', personId: PEOPLE.employee, orgUnitId: 'sg-21', track: 'occasional', approvalMode: 'notify', status: 'approved',
        days: days.map((date) => ({ date, portion: 1, status: 'approved' })), policyVersion: '2026-01-01', createdAt: at, updatedAt: at, cards: [], version: 0,
      };
      await tx.putRequest(req);
    });
    const { card, requestId } = await ask(h, PEOPLE.employee, 'homeoffice 1.12. und 2.12.');
    assert.match(text(card), /„Mobiles Arbeiten \(gelegentlich\)“: Mit diesem Tag wären 25 von 24 mobilen Tagen verplant \(2\. Halbjahr 2026\) – mehr als erlaubt\./);
    const stored = await h.app.store.read((r) => r.getRequest(requestId!));
    assert.deepEqual(stored?.days.map((d) => [d.date, d.status]), [['2026-12-01', 'approved']]);
  });

  it('when someone asks for 24 December, then it is refused as a day off of the administration', async () => {
    const { card, requestId } = await ask(h, PEOPLE.employee, 'homeoffice 24.12.');
    assert.match(text(card), /An diesem Tag ist dienstfrei: Heiligabend\./);
    assert.equal(requestId, undefined, 'nothing was stored');
  });

  it('when a Bürgerbüro member asks for a second day in one week, then that day goes to the manager with the cap named, and the approval card reaches her', async () => {
    await h.say(PEOPLE.otherManager, 'hilfe');
    const { card, requestId } = await ask(h, LUKAS, 'homeoffice 1.12. und 2.12.');
    assert.match(text(card), /Dieser Tag liegt über der Grenze „Bürgerbüro – mobile Tage je Woche“ \(KW 49\)\. Ihre Führungskraft entscheidet darüber\./);
    const stored = await h.app.store.read((r) => r.getRequest(requestId!));
    assert.deepEqual(stored?.days.map((d) => [d.date, d.status]), [['2026-12-01', 'approved'], ['2026-12-02', 'pending']]);
    await h.drain();
    const toManager = h.connector.sent.filter((s) => s.conversationId === `a:personal-${PEOPLE.otherManager}`);
    assert.ok(toManager.some((s) => JSON.stringify(s.activity).includes('homeOffice.approve')), 'the manager got an approval card');
  });
});

describe('example policy with individual bands (policies/stadt-baender-like.yaml + an agreements file) over HTTP', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mwb-bands-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  const env = (agreements: string) => ({ POLICY_FILE: 'policies/stadt-baender-like.yaml', AGREEMENTS_FILE: agreements });

  it('when a person without an agreement asks for eleven working days, then the week cap and the 40 % month cap each refuse a day, named with their numbers', async () => {
    const h = await startHarness(env('samples/agreements.yaml'), {}, undefined, { dataDir: join(dir, 'data') });
    try {
      // Markus Wimmer, 41 h (8.2 h a day): 40 % of December's contracted 188.6 h = 75.44 h → 9 days.
      const { card, requestId } = await ask(h, PEOPLE.colleague, 'homeoffice 1.12.-15.12.');
      const t = text(card);
      assert.match(t, /„Mobile Tage je Woche“: 5 von 4 Tagen in KW 50 verplant/);
      assert.match(t, /„Anteil mobiler Arbeit“: Mit diesem Tag wären 82 von 75,44 Stunden mobil verplant \(Dezember 2026\) – mehr als erlaubt\./);
      const stored = await h.app.store.read((r) => r.getRequest(requestId!));
      assert.equal(stored?.days.length, 9);
    } finally {
      await h.close();
    }
  });

  it('when a person on band "gross" (60 %) asks for the same days, then the tenth day fits too; after her band changes to "klein", her decided days stay and a new day is refused by the new band', async () => {
    const dataDir = join(dir, 'data');
    const first = await startHarness(env('samples/agreements.yaml'), {}, undefined, { dataDir });
    let requestId: string;
    try {
      await first.say(PEOPLE.manager, 'hilfe');
      // Anna Huber, 39 h (7.8 h a day): band gross = 60 % of 179.4 h = 107.64 h.
      const asked = await ask(first, PEOPLE.employee, 'homeoffice 1.12.-15.12.');
      requestId = asked.requestId!;
      const stored = await first.app.store.read((r) => r.getRequest(requestId));
      assert.deepEqual(stored?.days.map((d) => d.date), ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-14', '2026-12-15']);
      const answer = await first.click(PEOPLE.manager, 'homeOffice.approve', { requestId });
      assert.equal(answer.statusCode, 200);
    } finally {
      await first.close();
    }

    const klein = join(dir, 'agreements.yaml');
    await writeFile(klein, `agreements:\n  - { person: ${PEOPLE.employee}, cap: anteil, band: klein, validFrom: 2026-12-01 }\n`);
    const second = await startHarness(env(klein), {}, undefined, { dataDir });
    try {
      const kept = await second.app.store.read((r) => r.getRequest(requestId));
      assert.equal(kept?.status, 'approved');
      assert.equal(kept?.days.filter((d) => d.status === 'approved').length, 10, 'the decided days are not rewritten');
      const { card, requestId: none } = await ask(second, PEOPLE.employee, 'homeoffice 16.12.');
      assert.match(text(card), /„Anteil mobiler Arbeit“: Mit diesem Tag wären 85,8 von 35,88 Stunden mobil verplant \(Dezember 2026\)/);
      assert.equal(none, undefined);
    } finally {
      await second.close();
    }
  });
});
