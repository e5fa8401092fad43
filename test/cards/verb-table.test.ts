/**
 * The verb contract (issue 11 item 1, issue 13 item 6): every verb a card template offers has a
 * handler, and every handler is offered by a card — a handler nobody can click (desk.repeat was
 * one) is dead code that the README still promises.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VERBS } from '../../src/cards/verbs.js';
import { VERB_INPUTS } from '../../src/bot/verb-table.js';

const CARDS = join(import.meta.dirname, '..', '..', 'cards');

function verbsInTemplates(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const file of readdirSync(CARDS).filter((f) => f.endsWith('.json'))) {
    for (const m of readFileSync(join(CARDS, file), 'utf8').matchAll(/"verb"\s*:\s*"([^"]+)"/g)) {
      const verb = m[1] ?? '';
      out.set(verb, [...(out.get(verb) ?? []), file]);
    }
  }
  return out;
}

describe('verb table', () => {
  const used = verbsInTemplates();
  const handled = Object.keys(VERB_INPUTS).sort();

  it('when a card template offers a verb, then the verb table has a handler for it', () => {
    assert.deepEqual([...used.keys()].filter((v) => !handled.includes(v)).sort(), []);
  });

  it('when the verb table has a handler, then some card template offers its verb', () => {
    assert.deepEqual(handled.filter((v) => !used.has(v)), []);
  });

  it('when a verb is named in src/cards/verbs.ts, then it is in the table, and the other way round', () => {
    assert.deepEqual(Object.values(VERBS).sort(), handled);
  });

  it('verbs are namespaced (area.action)', () => {
    for (const verb of handled) assert.match(verb, /^[a-z][A-Za-z]*(\.[a-z][A-Za-z]*)+$/, verb);
  });

  it('the weekly desk booking (desk.repeat) is offered on the "desk booked" card', () => {
    assert.deepEqual(used.get('desk.repeat'), ['desk-booked.json']);
  });
});
