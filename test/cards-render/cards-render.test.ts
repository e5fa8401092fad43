/**
 * Every card template, expanded with the representative (long) data of test/cards/fixtures.ts in
 * German and English, as Microsoft's own Adaptive Cards renderer (adaptivecards 3.x in headless
 * Chromium, Teams light host config) sees it:
 *  (a) every type and property exists in the renderer's Adaptive Cards 1.5 object model, and none
 *      needs a version above 1.5 (the renderer's property schema; the official JSON schema file is
 *      not published in any npm package — see docs/cards/README.md);
 *  (b) AdaptiveCard.parse with a SerializationContext for 1.5 logs no event, and
 *      card.validateProperties() reports no failure; the card renders to a non-empty box;
 *  (c) the whole Teams message activity stays under Teams' 100 KB limit, the card under 28 KB;
 *  (d) the committed screenshots under docs/cards/ exist for every template and locale and the
 *      gallery page docs/cards.md shows them (regenerate with `npm run cards:render`).
 * Needs /usr/bin/chromium: skipped with a message elsewhere, required in CI.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CARD_NAMES } from '../../src/cards/render.js';
import type { CardCheck } from '../../scripts/cards/card-page.js';
import { bytes, CARD_BUDGET, TEAMS_MESSAGE_LIMIT, teamsActivityFor } from '../../scripts/cards/activity-size.js';
import { GALLERY_DIR, galleryFile, gallerySamples } from '../../scripts/cards/gallery.js';
import { useCardPage } from './card-page-hook.js';
import { ROOT } from '../../scripts/manifest/build.js';
import { samples } from '../cards/fixtures.js';

const LOCALES = ['de', 'en'] as const;

function problemsOf(check: CardCheck): string[] {
  return [
    ...check.parseEvents.map((e) => `parse ${e.event}: ${e.message}`),
    ...check.validation.map((e) => `validate ${e.event}: ${e.message}`),
    ...check.objectModel,
  ];
}

describe('cards in Microsoft\'s Adaptive Cards renderer (headless Chromium)', function () {
  this.timeout(60_000);
  const open = useCardPage();

  it('the checks catch an unknown property, a type Teams 1.5 lacks, a 1.6 property and a duplicate id', async () => {
    const bad = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        { type: 'TextBlock', text: 'x', colour: 'red' },
        { type: 'Input.Text', id: 'a', label: 'A', labelPosition: 'inline' },
        { type: 'Input.Text', id: 'a', label: 'B' },
        { type: 'Input.Rating', id: 'r' },
      ],
    };
    const problems = problemsOf(await open().check(bad));
    assert.ok(problems.some((p) => p.includes('"colour"')), problems.join('\n'));
    assert.ok(problems.some((p) => p.includes('labelPosition needs Adaptive Cards 1.6')), problems.join('\n'));
    assert.ok(problems.some((p) => /UnknownElementType|unknown type "Input.Rating"/.test(p)), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('validate DuplicateId')), problems.join('\n'));
  });

  for (const locale of LOCALES) {
    describe(`${locale}`, () => {
      for (const s of samples(locale)) {
        describe(`${s.name}: ${s.label}`, () => {
          it('uses only Adaptive Cards 1.5 types and properties, parses with no event and validates clean', async () => {
            const check = await open().check(s.card);
            assert.equal(check.version, '1.5');
            assert.deepEqual(problemsOf(check), []);
          });

          it('renders to a visible card that shows its texts', async () => {
            const r = await open().render(s.card);
            assert.ok(r.height > 40 && r.width > 300, `${r.width}×${r.height}`);
            const first = (s.card.body as Array<{ type?: string; text?: string }> | undefined)?.find((b) => b.type === 'TextBlock')?.text;
            if (first) assert.ok(r.text.includes(first.slice(0, 20)), `"${first}" not shown`);
          });

          it(`fits a Teams message: activity < ${TEAMS_MESSAGE_LIMIT / 1024} KB, card < ${CARD_BUDGET / 1024} KB`, () => {
            const activity = bytes(teamsActivityFor(s.card));
            assert.ok(activity < TEAMS_MESSAGE_LIMIT, `activity ${activity} bytes`);
            assert.ok(bytes(s.card) < CARD_BUDGET, `card ${bytes(s.card)} bytes`);
          });
        });
      }
    });
  }
});

describe('card gallery (docs/cards)', () => {
  it('has a committed screenshot for every template in both locales, shown on the gallery page docs/cards.md', () => {
    const gallery = readFileSync(join(ROOT, 'docs', 'cards.md'), 'utf8');
    const expected = CARD_NAMES.flatMap((name) => LOCALES.map((locale) => galleryFile(name, locale)));
    for (const file of expected) {
      assert.ok(existsSync(join(GALLERY_DIR, file)), `docs/cards/${file} missing: run npm run cards:render`);
      assert.ok(gallery.includes(`src="cards/${file}"`), `docs/cards.md does not show docs/cards/${file}`);
    }
    assert.deepEqual(gallerySamples('de').map((s) => s.name).sort(), [...CARD_NAMES].sort());
  });

  it('each screenshot is a PNG of a card width', () => {
    for (const name of CARD_NAMES) {
      for (const locale of LOCALES) {
        const png = readFileSync(join(GALLERY_DIR, galleryFile(name, locale)));
        assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
        const width = png.readUInt32BE(16);
        assert.ok(width >= 400 && width <= 520, `${name}.${locale}: width ${width}`);
      }
    }
  });
});
