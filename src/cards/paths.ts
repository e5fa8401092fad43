/**
 * Where the card templates and strings live: the top-level `cards/` directory of the project.
 * Found relative to this source file, so it works from `src/cards/` (tsx) and from
 * `dist/src/cards/` (compiled) alike.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function cardsDir(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'cards');
    if (existsSync(join(candidate, 'strings', 'de.json'))) {
      cached = candidate;
      return candidate;
    }
    dir = resolve(dir, '..');
  }
  throw new Error('cards directory (cards/strings/de.json) not found above ' + fileURLToPath(import.meta.url));
}
