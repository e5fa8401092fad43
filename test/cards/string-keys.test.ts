/**
 * Every string key the code and the templates use exists in German and English: a missing key
 * shows the raw key (e.g. "error.title") as a card's title in the Teams client.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rawStrings } from '../../src/cards/i18n.js';

const ROOT = join(import.meta.dirname, '..', '..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Keys passed as literals to the translation helpers: t(locale, 'k'), text(locale, 'k'), errorText(locale, 'CODE'). */
export function keysUsedInCode(): Array<{ file: string; key: string }> {
  const out: Array<{ file: string; key: string }> = [];
  for (const file of tsFiles(join(ROOT, 'src'))) {
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/\b(t|text|notice|errorText)\(\s*[\w.]+\s*,\s*(['`])([^'`]+)\2/g)) {
      const key = m[1] === 'errorText' ? `error.${m[3] ?? ''}` : (m[3] ?? '');
      out.push({ file: file.slice(ROOT.length + 1), key });
    }
  }
  return out;
}

function keysUsedInTemplates(): Array<{ file: string; key: string }> {
  const dir = join(ROOT, 'cards');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/\$\{t\.([A-Za-z0-9_.]+)\}/g)].map((m) => ({ file: `cards/${f}`, key: m[1] ?? '' })));
}

/** A key with `${…}` parts (e.g. `week.mobile${state}`) must match at least one key. */
function exists(keys: readonly string[], key: string): boolean {
  if (!key.includes('${')) return keys.includes(key);
  const re = new RegExp(`^${key.replace(/\./g, '\\.').replace(/\$\{[^}]*\}/g, '[A-Za-z0-9_]+')}$`);
  return keys.some((k) => re.test(k));
}

describe('string keys in use', () => {
  for (const locale of ['de', 'en'] as const) {
    it(`when code or a template uses a key, then cards/strings/${locale}.json has it`, () => {
      const keys = Object.keys(rawStrings(locale));
      const used = [...keysUsedInCode(), ...keysUsedInTemplates()];
      assert.ok(used.length > 300, `found only ${used.length} uses: the scan is broken`);
      const missing = used.filter((u) => !exists(keys, u.key)).map((u) => `${u.file}: ${u.key}`);
      assert.deepEqual([...new Set(missing)], []);
    });
  }

  it('when a chat command is refused, then the error card title is a text, never the key error.title', () => {
    for (const locale of ['de', 'en'] as const) assert.ok(rawStrings(locale)['error.title'], locale);
  });
});
