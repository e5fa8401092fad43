/**
 * chrono-node, tamed: both languages (the user's first), the reference "today at 12:00", and
 * dates read from the parsed components (year/month/day), never from a `Date`, so no time zone
 * can move a day.
 *
 * Corrections applied to chrono's answers (2.10.3):
 * - results without a known day or weekday are dropped: "nächsten Monat" (→ the 25th of next
 *   month), "dec 7-11" in German (→ 07:00–11:00 tomorrow), "20. november" in English (→ 1 Nov 20:00);
 * - a bare weekday that is today ("Mittwoch" on a Wednesday) becomes next week's: forwardDate
 *   returns today;
 * - the end of a weekday range is the first such weekday on/after the start: German
 *   "Montag bis Mittwoch" / "Mo-Mi" comes back as Monday–Monday;
 * - a day and month without a year get the year nearest today (so "20.11." said on 25 Nov is a
 *   date in the past, refused by the domain, not silently next year); range ends and "bis …"
 *   boundaries get the first such date on/after the start.
 */
import * as chrono from 'chrono-node';
import { addDays, type IsoDate, type Weekday } from '../domain/dates.js';
import type { Locale } from '../domain/model.js';
import { isoOf, nearestDate, nextDate, onOrAfter } from './date-words.js';
import type { DateItem } from './dotted-dates.js';

interface Parser {
  parse(text: string, ref?: Date, option?: chrono.ParsingOption): chrono.ParsedResult[];
}

function parsersFor(locale: Locale): Parser[] {
  return locale === 'de' ? [chrono.de, chrono.en] : [chrono.en, chrono.de];
}

/** Today at 12:00 in the process' local time: chrono's relative words count from here. */
function reference(today: IsoDate): Date {
  return new Date(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1, Number(today.slice(8, 10)), 12, 0, 0, 0);
}

function run(parser: Parser, text: string, today: IsoDate): chrono.ParsedResult[] {
  try {
    return parser.parse(text, reference(today), { forwardDate: true });
  } catch {
    return [];
  }
}

function usable(c: chrono.ParsedComponents): boolean {
  return c.isCertain('day') || c.isCertain('weekday');
}

/**
 * The date of a parsed component. Without `notBefore` it is a date on its own (nearest year,
 * weekday after today); with it, the first fitting date on or after `notBefore`.
 */
function resolve(c: chrono.ParsedComponents, today: IsoDate, notBefore?: IsoDate): IsoDate | undefined {
  const year = c.get('year');
  const month = c.get('month');
  const day = c.get('day');
  if (!c.isCertain('day') && c.isCertain('weekday')) {
    const js = c.get('weekday');
    if (js === null || js < 0 || js > 6) return undefined;
    const weekday = (js === 0 ? 7 : js) as Weekday;
    if (notBefore) return onOrAfter(notBefore, weekday);
    const implied = year !== null && month !== null && day !== null ? isoOf(year, month, day) : undefined;
    if (!implied) return undefined;
    return implied <= today ? onOrAfter(addDays(today, 1), weekday) : implied;
  }
  if (year === null || month === null || day === null) return undefined;
  if (c.isCertain('year')) return isoOf(year, month, day);
  return notBefore ? nextDate(month, day, notBefore) : nearestDate(month, day, today);
}

function toItem(r: chrono.ParsedResult, today: IsoDate): DateItem | undefined {
  if (!usable(r.start)) return undefined;
  const from = resolve(r.start, today);
  if (!from) return undefined;
  let to = from;
  if (r.end && usable(r.end)) to = resolve(r.end, today, from) ?? from;
  const [a, b] = from <= to ? [from, to] : [to, from];
  return { from: a, to: b, start: r.index, end: r.index + r.text.length };
}

/** Dates and ranges chrono finds, from the first language that finds any. */
export function chronoDates(text: string, today: IsoDate, locale: Locale): DateItem[] {
  if (!/[a-z0-9]/.test(text)) return [];
  for (const parser of parsersFor(locale)) {
    const items = run(parser, text, today)
      .map((r) => toItem(r, today))
      .filter((x): x is DateItem => x !== undefined);
    if (items.length > 0) return items;
  }
  return [];
}

/** The first date chrono finds in `segment`, on or after `notBefore` when the year is open. */
export function chronoBoundary(segment: string, today: IsoDate, locale: Locale, notBefore: IsoDate): IsoDate | undefined {
  if (!/[a-z0-9]/.test(segment)) return undefined;
  for (const parser of parsersFor(locale)) {
    for (const r of run(parser, segment, today)) {
      if (!usable(r.start)) continue;
      const date = resolve(r.start, today, notBefore);
      if (date) return date;
    }
  }
  return undefined;
}
