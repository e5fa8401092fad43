/**
 * npm run cards:render — renders every card template (German and English, representative long
 * data) with Microsoft's Adaptive Cards renderer in headless Chromium and writes
 * docs/cards/<card>.<locale>.png, plus docs/cards/sizes.md with the measured sizes of every sample.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { samples } from '../test/cards/fixtures.js';
import { bytes, teamsActivityFor } from './cards/activity-size.js';
import { CardPage } from './cards/card-page.js';
import { GALLERY_DIR, galleryFile, gallerySamples } from './cards/gallery.js';
import { chromiumMissingReason } from './lib/chromium.js';
import { ROOT } from './manifest/build.js';

const missing = chromiumMissingReason();
if (missing) {
  console.error(`cards:render needs Chromium: ${missing}`);
  process.exit(2);
}

mkdirSync(GALLERY_DIR, { recursive: true });
const rows: string[] = [];
for (const locale of ['de', 'en'] as const) {
  const page = await CardPage.open(locale === 'de' ? 'de-DE' : 'en-GB');
  try {
    for (const s of gallerySamples(locale)) {
      const r = await page.screenshot(s.card, join(GALLERY_DIR, galleryFile(s.name, locale)));
      console.log(`docs/cards/${galleryFile(s.name, locale)}  ${r.width}×${r.height}  (${s.label})`);
    }
  } finally {
    await page.close();
  }
  for (const s of samples(locale)) {
    rows.push(`| ${s.name} | ${s.label} | ${locale} | ${bytes(s.card).toLocaleString('en')} | ${bytes(teamsActivityFor(s.card)).toLocaleString('en')} |`);
  }
}
writeFileSync(
  join(GALLERY_DIR, 'sizes.md'),
  [
    '# Card sizes (written by `npm run cards:render`)',
    '',
    'Bytes of the card JSON and of the whole Teams message activity carrying it (UTF-8, compact JSON).',
    'Teams rejects bot messages over about 100 KB; our budget per card is 28 KB.',
    '',
    '| card | sample | locale | card bytes | activity bytes |',
    '|---|---|---|---:|---:|',
    ...rows,
    '',
  ].join('\n'),
);
console.log('docs/cards/sizes.md written');

// The gallery page docs/cards.md, between its markers (image paths relative to docs/).
const START = '<!-- cards:gallery:start (written by npm run cards:render) -->';
const END = '<!-- cards:gallery:end -->';
const galleryPage = join(ROOT, 'docs', 'cards.md');
const page = readFileSync(galleryPage, 'utf8');
const from = page.indexOf(START);
const to = page.indexOf(END);
if (from < 0 || to < from) {
  console.error(`docs/cards.md: gallery markers not found (${START} … ${END}); gallery not updated`);
  process.exit(1);
}
const img = (name: string, locale: string, label: string): string =>
  `<img src="cards/${name}.${locale}.png" width="300" alt="${name} (${label})">`;
const table = [
  '| card | Deutsch | English |',
  '|---|---|---|',
  ...gallerySamples('de').map((s) => `| \`${s.name}\` | ${img(s.name, 'de', 'Deutsch')} | ${img(s.name, 'en', 'English')} |`),
].join('\n');
writeFileSync(galleryPage, `${page.slice(0, from + START.length)}\n${table}\n${page.slice(to)}`);
console.log('docs/cards.md gallery updated');
