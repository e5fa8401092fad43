/**
 * Text clean-up for chat messages: Teams markup, HTML entities, case and German umlauts.
 *
 * Everything downstream (keyword matching, date phrases, chrono) works on the *folded* form:
 * lower case, ä→ae, ö→oe, ü→ue, ß→ss. Both spellings a person may type ("nächste" / "naechste")
 * then look the same, and chrono's German parser understands the folded month and day words
 * ("uebermorgen", "maerz") as well.
 */

/** Longest message we look at; chat commands are short and chrono is not linear-time cheap. */
const MAX_LENGTH = 500;

const NAMED_ENTITIES: Record<string, string> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  auml: 'ä',
  ouml: 'ö',
  uuml: 'ü',
  Auml: 'Ä',
  Ouml: 'Ö',
  Uuml: 'Ü',
  szlig: 'ß',
  ndash: '–',
  mdash: '—',
};

function decodeEntity(match: string, body: string): string {
  if (body.startsWith('#')) {
    const hex = body[1] === 'x' || body[1] === 'X';
    const code = Number.parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
    if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff) return ' ';
    return String.fromCodePoint(code);
  }
  return NAMED_ENTITIES[body] ?? match;
}

/**
 * Removes what Teams wraps around a message: `<at>Bot</at>` mentions, other HTML tags and
 * entities (`&nbsp;`), invisible characters. Returns lower-case text with single spaces.
 */
export function cleanMessage(text: string): string {
  return text
    .slice(0, MAX_LENGTH * 4)
    .replace(/<at\b[^>]*>[\s\S]*?<\/at>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, decodeEntity)
    .normalize('NFC')
    .replace(/[\u00a0\u2000-\u200f\u2028\u2029\u202f\u205f\u2060\u3000\ufeff]/g, ' ')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_LENGTH);
}

/** Folds German umlauts and ß to their ASCII transliterations (input is already lower case). */
export function foldUmlauts(text: string): string {
  return text.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss');
}

/** Cleaned and folded: the form every parser in this folder works on. */
export function normalizeMessage(text: string): string {
  return foldUmlauts(cleanMessage(text));
}

export interface Token {
  word: string;
  start: number;
  end: number;
}

/** Words (letters and digits) with their positions in `text`. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/[a-z0-9]+/g)) {
    out.push({ word: m[0], start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transposition), giving up early
 * once the distance must exceed `max`.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      }
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length] ?? max + 1;
}

/** Typos we forgive: one edit from 6 letters on, two from 10 on; short words must be exact. */
export function isTypoOf(word: string, target: string): boolean {
  if (word === target) return true;
  const allowed = target.length >= 10 ? 2 : target.length >= 6 ? 1 : 0;
  return allowed > 0 && editDistance(word, target, allowed) <= allowed;
}
