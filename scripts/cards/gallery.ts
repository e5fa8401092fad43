/** Which sample of test/cards/fixtures.ts each gallery screenshot shows, and where it goes. */
import { join } from 'node:path';
import type { CardName } from '../../src/cards/render.js';
import type { Locale } from '../../src/domain/model.js';
import { samples, type Sample } from '../../test/cards/fixtures.js';
import { ROOT } from '../manifest/build.js';

export const GALLERY_DIR = join(ROOT, 'docs', 'cards');

/** The sample shown per card (default: the first one of that card). */
const SHOWN: Partial<Record<CardName, string>> = {
  'main-menu': 'manager',
  'request-form': 'again with error',
  approval: 'pending 20 days',
  'my-requests': 'many',
  'delegation-form': 'active',
  message: 'error',
};

export function galleryFile(name: CardName, locale: Locale): string {
  return `${name}.${locale}.png`;
}

export function gallerySamples(locale: Locale): Sample[] {
  const all = samples(locale);
  const names = [...new Set(all.map((s) => s.name))];
  return names.map((name) => {
    const wanted = SHOWN[name];
    const sample = all.find((s) => s.name === name && (wanted === undefined || s.label === wanted));
    if (!sample) throw new Error(`no sample "${wanted}" for ${name}`);
    return sample;
  });
}
