/**
 * German numeric dates: "3.12.", "03.12.2026", "7.12.-11.12.", "7.-11.12.", "vom 7.12. bis 11.12.".
 *
 * We read these ourselves, always day-first, before chrono sees the text: chrono's German parser
 * misses "3.12." and "7.12.-11.12." entirely, reads "freitag 11.12." as 11:12 o'clock, and its
 * English parser reads "03.12.2026" as 12 March.
 */
import type { IsoDate } from '../domain/dates.js';
import { fullYear, isoOf, nearestDate, nextDate } from './date-words.js';

export interface DateItem {
  from: IsoDate;
  to: IsoDate;
  /** Position of the phrase in the text (for adjacency checks). */
  start: number;
  end: number;
}

const FULL = String.raw`(\d{1,2})\.(\d{1,2})(?:\.((?:\d{4}|\d{2})(?!\d))?)?`;
const SEP = String.raw`\s*(?:-|–|—|bis(?:\s+(?:zum|einschliesslich))?|to|until|till)\s*`;
const PAIR = new RegExp(String.raw`(?<![\d.])${FULL}${SEP}${FULL}(?!\d)`, 'g');
const DAY_PAIR = new RegExp(String.raw`(?<![\d.])(\d{1,2})\.?${SEP}${FULL}(?!\d)`, 'g');
const SINGLE = new RegExp(String.raw`(?<![\d.])${FULL}(?!\d)`, 'g');

export function blankOut(text: string, start: number, end: number): string {
  return text.slice(0, start) + ' '.repeat(end - start) + text.slice(end);
}

/** day.month[.year] with the year explicit, or else nearest to today. null = not a date. */
function single(d: string, m: string, y: string | undefined, today: IsoDate): IsoDate | null {
  const year = fullYear(y);
  if (year === null) return null;
  const day = Number(d);
  const month = Number(m);
  return (year === undefined ? nearestDate(month, day, today) : isoOf(year, month, day)) ?? null;
}

function pair(
  [d1, m1, y1, d2, m2, y2]: Array<string | undefined>,
  today: IsoDate,
): { from: IsoDate; to: IsoDate } | null {
  const year1 = fullYear(y1);
  const year2 = fullYear(y2);
  if (year1 === null || year2 === null || !d1 || !m1 || !d2 || !m2) return null;
  let from: IsoDate | undefined;
  let to: IsoDate | undefined;
  if (year2 !== undefined && year1 === undefined) {
    to = isoOf(year2, Number(m2), Number(d2));
    from = isoOf(year2, Number(m1), Number(d1));
    if (from && to && from > to) from = isoOf(year2 - 1, Number(m1), Number(d1));
  } else {
    from = year1 === undefined ? nearestDate(Number(m1), Number(d1), today) : isoOf(year1, Number(m1), Number(d1));
    if (from) to = year2 === undefined ? nextDate(Number(m2), Number(d2), from) : isoOf(year2, Number(m2), Number(d2));
  }
  if (!from || !to) return null;
  return from <= to ? { from, to } : { from: to, to: from };
}

/** "7.-11.12.": the first day shares month and year with the second (or is in the month before). */
function dayPair([d1, d2, m2, y2]: Array<string | undefined>, today: IsoDate): { from: IsoDate; to: IsoDate } | null {
  if (!d1 || !d2 || !m2) return null;
  const to = single(d2, m2, y2, today);
  if (!to) return null;
  const year = Number(to.slice(0, 4));
  const month = Number(to.slice(5, 7));
  let from = isoOf(year, month, Number(d1));
  if (!from || from > to) from = month === 1 ? isoOf(year - 1, 12, Number(d1)) : isoOf(year, month - 1, Number(d1));
  return from && from <= to ? { from, to } : null;
}

/**
 * Finds numeric dates and ranges. Returns them with the text where they are blanked out, so that
 * chrono does not read them a second time (as times). Malformed ones are blanked and dropped.
 */
export function extractDottedDates(text: string, today: IsoDate): { items: DateItem[]; rest: string } {
  const items: DateItem[] = [];
  let rest = text;
  const take = (re: RegExp, read: (groups: Array<string | undefined>) => { from: IsoDate; to: IsoDate } | null): void => {
    for (const m of [...rest.matchAll(re)]) {
      const found = read(m.slice(1));
      const start = m.index;
      const end = start + m[0].length;
      if (found) items.push({ ...found, start, end });
      rest = blankOut(rest, start, end);
    }
  };
  take(PAIR, (g) => pair(g, today));
  take(DAY_PAIR, (g) => dayPair(g, today));
  take(SINGLE, ([d, m, y]) => {
    if (!d || !m) return null;
    const date = single(d, m, y, today);
    return date ? { from: date, to: date } : null;
  });
  return { items: items.sort((a, b) => a.start - b.start), rest };
}

/** A numeric date at the very start of `segment` (after "den", "zum", …), not before `notBefore`. */
export function dottedBoundary(segment: string, notBefore: IsoDate): IsoDate | undefined {
  const m = new RegExp(String.raw`^\s*(?:zum\s+|den\s+|dem\s+|am\s+|the\s+)?${FULL}(?!\d)`).exec(segment);
  if (!m || !m[1] || !m[2]) return undefined;
  const year = fullYear(m[3]);
  if (year === null) return undefined;
  return year === undefined ? nextDate(Number(m[2]), Number(m[1]), notBefore) : isoOf(year, Number(m[2]), Number(m[1]));
}
