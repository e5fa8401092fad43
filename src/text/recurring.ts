/**
 * Recurring requests: "jeden Montag und Donnerstag bis 31. März", "montags bis Ende Januar",
 * "every monday until march 31", "jeden Freitag ab 1.12. für 3 Monate".
 *
 * A recurring request needs weekdays and an end. It starts tomorrow unless "ab …" / "from …"
 * says otherwise. Without an end (or with an end before the start) the request is incomplete and
 * the bot shows the form.
 */
import { addDays, addMonths, type IsoDate, type Weekday } from '../domain/dates.js';
import type { Locale } from '../domain/model.js';
import { chronoBoundary } from './chrono-dates.js';
import { findWeekdays, parseMonthEnd, resolveWeekday } from './date-words.js';
import { dottedBoundary } from './dotted-dates.js';
import { tokenize } from './normalize.js';

export type RecurringResult =
  | { kind: 'none' }
  | { kind: 'incomplete' }
  | { kind: 'recurring'; weekdays: Weekday[]; from: IsoDate; until: IsoDate };

const MARKER = /\b(?:jeden|jede|jedes|jeweils|immer|woechentlich|regelmaessig|dauerhaft|every|each|weekly)\b/;
const UNTIL = /\b(?:bis|until|till|til|through|thru|to)\b/g;
const FROM = /\b(?:ab|from(?!\s+home)|starting|beginning|beginnend|seit)\b/g;
const START_GAP = /^\s*(?:(?:dem|den|am|on|the|naechsten|next|kommenden|coming)\s+)*$/;
const NUMBERS: Record<string, number> = {
  ein: 1, eine: 1, einen: 1, one: 1, a: 1, zwei: 2, two: 2, drei: 3, three: 3, vier: 4, four: 4,
  fuenf: 5, five: 5, sechs: 6, six: 6, acht: 8, eight: 8, zwoelf: 12, twelve: 12,
};
const DURATION = /\b(?:fuer|for)\s+(?:die\s+naechsten\s+|the\s+next\s+)?(\d{1,2}|[a-z]+)\s+(wochen?|weeks?|monate?n?|months?)\b/;

/** A date at the start of a "bis …" / "ab …" segment. */
export function parseBoundary(segment: string, today: IsoDate, locale: Locale, notBefore: IsoDate): IsoDate | undefined {
  const monthEnd = parseMonthEnd(segment, today);
  if (monthEnd) return monthEnd;
  const dotted = dottedBoundary(segment, notBefore);
  if (dotted) return dotted;
  const tokens = tokenize(segment);
  const weekday = findWeekdays(tokens)[0];
  if (weekday && weekday.start === tokens.find((t) => !['zum', 'den', 'dem', 'am', 'on', 'the'].includes(t.word))?.start) {
    const date = resolveWeekday(weekday.weekday, weekday.modifier, today);
    return date >= notBefore ? date : addDays(date, 7);
  }
  return chronoBoundary(segment, today, locale, notBefore);
}

function durationEnd(text: string, from: IsoDate): IsoDate | undefined {
  const m = DURATION.exec(text);
  if (!m || !m[1] || !m[2]) return undefined;
  const n = /^\d+$/.test(m[1]) ? Number(m[1]) : NUMBERS[m[1]];
  if (!n) return undefined;
  return m[2].startsWith('w') ? addDays(from, 7 * n - 1) : addDays(addMonths(from, n), -1);
}

function firstMatchFrom(re: RegExp, text: string, from: number): RegExpExecArray | null {
  re.lastIndex = from;
  const m = re.exec(text);
  re.lastIndex = 0;
  return m;
}

export function parseRecurring(text: string, today: IsoDate, locale: Locale): RecurringResult {
  const mentions = findWeekdays(tokenize(text));
  const first = mentions[0];
  if (!first || !(MARKER.test(text) || mentions.some((m) => m.plural))) return { kind: 'none' };

  const until = firstMatchFrom(UNTIL, text, first.end);
  const fromKw = firstMatchFrom(FROM, text, 0);
  const untilAt = until ? until.index : text.length;
  let from = addDays(today, 1);
  /** "ab Montag jeden Freitag": the weekday right after "ab" is the start, not a recurring day. */
  let startsOn: number | undefined;
  if (fromKw) {
    const fromEnd = fromKw.index + fromKw[0].length;
    const segEnd = fromKw.index < untilAt ? untilAt : text.length;
    const start = parseBoundary(text.slice(fromEnd, segEnd), today, locale, today);
    if (start) {
      from = start;
      startsOn = mentions.find((m) => m.start >= fromEnd && START_GAP.test(text.slice(fromEnd, m.start)))?.start;
    }
  }

  const weekdays = [
    ...new Set(mentions.filter((m) => m.start < untilAt && m.start !== startsOn).map((m) => m.weekday)),
  ].sort((a, b) => a - b);
  if (weekdays.length === 0) return { kind: 'none' };

  const end =
    (until ? parseBoundary(text.slice(until.index + until[0].length), today, locale, from) : undefined) ??
    durationEnd(text, from);
  if (!end || end < from) return { kind: 'incomplete' };
  return { kind: 'recurring', weekdays, from, until: end };
}
