import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { CARD_NAMES, cardAttachment, loadTemplateJson, renderCard, stringTree } from '../../src/cards/render.js';
import { cardsDir } from '../../src/cards/paths.js';
import { rawStrings } from '../../src/cards/i18n.js';
import { approvalView, MAX_REFRESH_USERS } from '../../src/cards/view-models.js';
import { VERBS, isVerb } from '../../src/cards/verbs.js';
import { actionsOf, allObjects, allStrings, executeActions, inputsOf, isObject, stringKeysOf } from './card-walk.js';
import { LONG_NAME, LONG_UNIT, NAMES, REFRESH_IDS, makeRequest, samples, workdays } from './fixtures.js';

const LOCALES = ['de', 'en'] as const;
const MAX_BYTES = 28 * 1024;
/** Keys an action's `data` may carry: ids, dates and flags — never names or free text. */
const DATA_KEYS = new Set([
  'requestId', 'requestIds', 'weekStart', 'delegationId', 'deskId', 'bookingId', 'date', 'dates', 'half', 'slot',
  'ticketId', 'incidentId', 'draftId', 'entryId',
  // The preview of a typed request carries the proposal: its kind, dates and ISO weekday numbers.
  'kind', 'from', 'to', 'until', 'weekdays',
]);
const ID_OR_DATE = /^[A-Za-z0-9:_,-]*$/;

describe('card templates (raw JSON)', () => {
  it('every JSON file in cards/ is a known card name and vice versa', () => {
    const files = readdirSync(cardsDir()).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
    assert.deepEqual([...files].sort(), [...CARD_NAMES].sort());
  });

  for (const name of CARD_NAMES) {
    describe(name, () => {
      const tpl = loadTemplateJson(name);

      it('is an Adaptive Card 1.5 with the schema', () => {
        assert.ok(isObject(tpl));
        assert.equal(tpl.type, 'AdaptiveCard');
        assert.equal(tpl.version, '1.5');
        assert.equal(tpl.$schema, 'http://adaptivecards.io/schemas/adaptive-card.json');
      });

      it('uses only Action.Execute (and Action.ShowCard) with known, namespaced verbs', () => {
        for (const a of actionsOf(tpl)) {
          assert.ok(a.type === 'Action.Execute' || a.type === 'Action.ShowCard', `${name}: ${String(a.type)}`);
          if (a.type === 'Action.Execute') {
            assert.ok(isVerb(a.verb), `${name}: unknown verb ${String(a.verb)}`);
            assert.match(String(a.verb), /^[a-z][A-Za-z]*(\.[a-z][A-Za-z]*)+$/);
          }
        }
      });

      it('references only string keys that exist in de and en', () => {
        const keys = stringKeysOf(tpl);
        for (const locale of LOCALES) {
          const strings = rawStrings(locale);
          for (const key of keys) assert.equal(typeof strings[key], 'string', `${name}: missing ${locale} string "${key}"`);
        }
      });

      it('has no literal user-facing text (all texts come from bindings)', () => {
        for (const o of allObjects(tpl)) {
          for (const prop of ['text', 'title', 'label', 'placeholder', 'errorMessage']) {
            const v = o[prop];
            if (typeof v === 'string' && o.type !== undefined) assert.match(v, /^\$\{|^\s*$/, `${name}: literal ${prop} "${v}"`);
          }
        }
      });

      it('labels every input (screen readers)', () => {
        for (const input of inputsOf(tpl)) assert.ok(typeof input.label === 'string' && input.label, `${name}: ${String(input.id)} has no label`);
      });
    });
  }

  it('every verb in VERBS is used by some template', () => {
    const used = new Set(CARD_NAMES.flatMap((n) => executeActions(loadTemplateJson(n)).map((a) => a.verb)));
    for (const verb of Object.values(VERBS)) assert.ok(used.has(verb), `verb ${verb} unused`);
  });

  it('the request form has exactly the agreed input ids', () => {
    const ids = inputsOf(loadTemplateJson('request-form')).map((i) => i.id);
    assert.deepEqual(ids, ['kind', 'date', 'from', 'to', 'weekdays', 'until', 'half', 'comment', 'atHome']);
  });

  it('the desk search and privacy forms have exactly the agreed input ids', () => {
    assert.deepEqual(inputsOf(loadTemplateJson('desk-search')).map((i) => i.id), ['date', 'slot', 'site', 'floor', 'attributes', 'nearTeam']);
    assert.deepEqual(inputsOf(loadTemplateJson('privacy-settings')).map((i) => i.id), ['visibility', 'needsAccessibleDesk']);
  });

  it('desk cards without a form have no inputs', () => {
    for (const name of ['desk-results', 'desk-my-bookings', 'desk-check-in', 'team-day', 'desk-conflict'] as const) {
      assert.equal(inputsOf(loadTemplateJson(name)).length, 0, name);
    }
    // The booked card's one input is the end date of the weekly repetition (desk.repeat).
    assert.deepEqual(inputsOf(loadTemplateJson('desk-booked')).map((i) => i.id), ['until']);
  });

  it('the main menu has the desk section (search, my bookings, who is on site)', () => {
    const verbs = executeActions(loadTemplateJson('main-menu')).map((a) => a.verb);
    for (const v of [VERBS.deskSearch, VERBS.deskMine, VERBS.deskTeamDay]) assert.ok(verbs.includes(v), v);
  });

  it('secondary buttons on forms with required inputs do not trigger validation', () => {
    const submits = new Set<string>([VERBS.request, VERBS.delegationSet, VERBS.deskFind, VERBS.settingsSave]);
    for (const name of ['request-form', 'delegation-form', 'desk-search', 'privacy-settings'] as const) {
      for (const a of executeActions(loadTemplateJson(name))) {
        assert.equal(a.associatedInputs, submits.has(String(a.verb)) ? 'auto' : 'none', `${name}: ${String(a.verb)}`);
      }
    }
  });

  it('the string keys form a tree without clashes', () => {
    for (const locale of LOCALES) assert.doesNotThrow(() => stringTree(locale));
  });
});

for (const locale of LOCALES) {
  describe(`rendered cards (${locale})`, () => {
    const all = samples(locale);

    it('covers every template', () => {
      assert.deepEqual([...new Set(all.map((s) => s.name))].sort(), [...CARD_NAMES].sort());
    });

    for (const s of all) {
      describe(`${s.name}: ${s.label}`, () => {
        const json = JSON.stringify(s.card);

        it('is version 1.5 with no unresolved binding', () => {
          assert.equal(s.card.version, '1.5');
          assert.ok(!json.includes('${'), json.match(/.{40}\$\{.{40}/)?.[0]);
          assert.ok(!json.includes(':null') && !json.includes('[null'));
        });

        it(`is smaller than ${MAX_BYTES} bytes`, () => {
          assert.ok(Buffer.byteLength(json, 'utf8') < MAX_BYTES, `${Buffer.byteLength(json)} bytes`);
        });

        it('has only known verbs and id-only action data', () => {
          for (const a of executeActions(s.card)) {
            assert.ok(isVerb(a.verb), String(a.verb));
            if (a.data === undefined) continue;
            assert.ok(isObject(a.data));
            for (const [key, value] of Object.entries(a.data)) {
              assert.ok(DATA_KEYS.has(key), `data key ${key}`);
              const values = Array.isArray(value) ? value : [value];
              for (const v of values) {
                assert.ok(typeof v === 'boolean' || typeof v === 'number' || (typeof v === 'string' && ID_OR_DATE.test(v)), `${key}=${String(v)}`);
                for (const n of NAMES) assert.ok(!String(v).includes(n.split(' ').pop() ?? n));
              }
            }
          }
        });

        it('keeps refresh.userIds within the Teams limit', () => {
          if (!s.card.refresh) return;
          assert.ok((s.card.refresh.userIds ?? []).length <= MAX_REFRESH_USERS);
        });

        it('has texts in every TextBlock', () => {
          for (const o of allObjects(s.card)) if (o.type === 'TextBlock') assert.equal(typeof o.text, 'string');
        });
      });
    }

    it('a decided approval card has no actions, no inputs and no refresh', () => {
      for (const s of all.filter((x) => x.name === 'approval' && (x.label === 'decided' || x.label === 'withdrawn'))) {
        assert.equal(actionsOf(s.card).length, 0, s.label);
        assert.equal(inputsOf(s.card).length, 0, s.label);
        assert.equal(s.card.refresh, undefined);
        assert.equal(s.card.actions, undefined);
      }
    });

    it('a pending approval card refreshes for at most 60 users with homeOffice.refresh', () => {
      const s = all.find((x) => x.name === 'approval' && x.label === 'pending 20 days');
      assert.ok(s?.card.refresh);
      assert.equal(s.card.refresh.userIds?.length, 60);
      assert.deepEqual(s.card.refresh.userIds, REFRESH_IDS.slice(0, 60));
      const action = s.card.refresh.action;
      assert.ok(isObject(action));
      assert.equal(action.type, 'Action.Execute');
      assert.equal(action.verb, VERBS.refresh);
      assert.deepEqual(Object.keys(action.data as object), ['requestId']);
      const verbs = executeActions(s.card).map((a) => a.verb);
      for (const v of [VERBS.approve, VERBS.reject, VERBS.approveSome]) assert.ok(verbs.includes(v));
    });

    it('desk results show equipment as words, one book button per desk', () => {
      const s = all.find((x) => x.name === 'desk-results' && x.label === '30 free');
      const texts = allStrings(s?.card);
      const words = locale === 'de' ? 'Dockingstation · zwei Monitore · höhenverstellbar · barrierefrei' : 'docking station · two monitors · height-adjustable · accessible';
      assert.ok(texts.some((t) => t.includes(words)), words);
      assert.equal(executeActions(s?.card).filter((a) => a.verb === VERBS.deskBook).length, 20);
    });

    it('the team-day card lists at most 100 names and counts the rest', () => {
      const s = all.find((x) => x.name === 'team-day' && x.label === '140 names');
      const texts = allStrings(s?.card);
      assert.equal(texts.filter((t) => /\d+$/.test(t) && NAMES.some((n) => t.startsWith(n))).length, 100);
      assert.ok(texts.includes(locale === 'de' ? 'und 47 weitere Kolleg:innen' : 'and 47 more colleagues'));
    });

    it('shows status as words, with long names intact', () => {
      const s = all.find((x) => x.name === 'approval' && x.label === 'pending 20 days');
      const texts = allStrings(s?.card);
      assert.ok(texts.includes(LONG_NAME));
      assert.ok(texts.includes(LONG_UNIT));
      const result = all.find((x) => x.name === 'request-result' && x.label === '20 days');
      const words = locale === 'de' ? ['wartet auf Genehmigung', 'abgelehnt'] : ['waiting for approval', 'rejected'];
      for (const w of words) assert.ok(allStrings(result?.card).includes(w), w);
    });
  });
}

describe('renderCard', () => {
  it('wraps a card as a Teams attachment', () => {
    const card = renderCard('message', { title: 'A', text: 'B', showHelp: false }, 'de');
    assert.deepEqual(cardAttachment(card), { contentType: 'application/vnd.microsoft.card.adaptive', content: card });
    assert.equal(executeActions(card).length, 0);
  });

  it('stays under the size limit with 60 days and 60 refresh users', () => {
    const request = makeRequest(9, workdays('2026-12-01', 60));
    const view = approvalView('de', {
      request,
      person: { displayName: LONG_NAME, orgUnitName: LONG_UNIT },
      teamAwayByDate: Object.fromEntries(request.days.map((d) => [d.date, { away: 13, size: 140 }])),
      quotaByDate: Object.fromEntries(request.days.map((d) => [d.date, { daysUsed: 2.5, daysLimit: 3, hoursUsed: 19.5, hoursLimit: 31.2 }])),
      refreshUserIds: REFRESH_IDS,
    });
    const card = renderCard('approval', view, 'de');
    assert.ok(Buffer.byteLength(JSON.stringify(card)) < MAX_BYTES);
    const choices = allObjects(card).find((o) => o.id === 'days');
    assert.equal((choices?.choices as unknown[]).length, 60);
  });
});
