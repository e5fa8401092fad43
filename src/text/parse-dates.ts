/**
 * The date part of a request ("homeoffice morgen", "mobil Mo und Do nächste Woche",
 * "home office from 7 to 11 december") → a `ProposalSpec`.
 *
 * Order: half-day words, recurring patterns, numeric dates (ours), named weeks (ours), weekdays
 * (ours), everything else (chrono). Each step blanks what it understood so later steps do not read
 * it twice. Weekday semantics ("montag" = the coming Monday, "nächsten Freitag" / "next Friday" =
 * Friday of next week, as chrono answers) are documented in date-words.ts.
 */
import { addDays, eachDay, type IsoDate } from '../domain/dates.js';
import type { HalfDay, Locale, ProposalSpec } from '../domain/model.js';
import { chronoDates } from './chrono-dates.js';
import { findHalf, findWeek, findWeekdays, onOrAfter, resolveWeekday, type WeekMention, type WeekdayMention } from './date-words.js';
import { blankOut, extractDottedDates, type DateItem } from './dotted-dates.js';
import { tokenize } from './normalize.js';
import { parseRecurring } from './recurring.js';

export type DatesResult =
  | { kind: 'spec'; spec: ProposalSpec }
  /** A request was recognised, but something is missing or contradictory: show the form. */
  | { kind: 'incomplete' }
  | { kind: 'none' };

/** Between a weekday and the date it names: "Do 3.12.", "Freitag, den 4. Dezember". */
const ADJACENT_GAP = /^[\s,.]*(?:(?:den|dem|am|the|on)\s*)?[\s,.]*$/;
const RANGE_GAP = /^\s*(?:-|–|—|bis(?:\s+(?:zum|einschliesslich))?|to|through|thru|until|till)\s*$/;
/** "homeoffice bis Freitag" = from tomorrow through Friday. */
const OPEN_END = /\b(?:bis|until|till|through)\s+(?:(?:zum|zur|einschliesslich|including)\s+)?(?:(?:den|dem|am|on|the)\s+)?(?:(?:naechsten|kommenden|diesen|next|this|coming)\s+)?$/;
/** "homeoffice ab Montag" has no end: a standing request, which the form handles. */
const OPEN_START = /\b(?:ab|from|starting|seit)\s+(?:(?:dem|den|am|on|the)\s+)?(?:(?:naechsten|kommenden|diesen|next|this|coming)\s+)?$/;
const MAX_EXPANDED_DAYS = 400;

function adjacent(text: string, m: WeekdayMention, item: DateItem): boolean {
  if (m.end <= item.start) return ADJACENT_GAP.test(text.slice(m.end, item.start));
  if (item.end <= m.start) return ADJACENT_GAP.test(text.slice(item.end, m.start));
  return true;
}

function weekdayItems(mentions: WeekdayMention[], text: string, week: WeekMention | undefined, today: IsoDate): DateItem[] {
  const dateOf = (m: WeekdayMention): IsoDate =>
    week ? addDays(week.monday, m.weekday - 1) : resolveWeekday(m.weekday, m.modifier, today);
  const out: DateItem[] = [];
  for (let i = 0; i < mentions.length; i++) {
    const m = mentions[i];
    if (!m) continue;
    const from = dateOf(m);
    const next = mentions[i + 1];
    if (next && RANGE_GAP.test(text.slice(m.end, next.start))) {
      out.push({ from, to: onOrAfter(from, next.weekday), start: m.start, end: next.end });
      i++;
    } else {
      out.push({ from, to: from, start: m.start, end: m.end });
    }
  }
  return out;
}

/** "nächste Woche" = Monday to Friday; "diese Woche" = from today to Friday. */
function weekRange(week: WeekMention, today: IsoDate): DateItem {
  const friday = addDays(week.monday, 4);
  let from = week.offset === 0 && today > week.monday ? today : week.monday;
  if (from > friday) from = week.monday;
  return { from, to: friday, start: week.start, end: week.end };
}

function assemble(items: DateItem[], half: HalfDay | undefined): ProposalSpec {
  const halfPart = half ? { half } : {};
  const only = items[0];
  if (items.length === 1 && only && only.from !== only.to) {
    return { type: 'range', from: only.from, to: only.to, ...halfPart };
  }
  const dates = new Set<IsoDate>();
  for (const item of items) {
    for (const d of eachDay(item.from, item.to).slice(0, MAX_EXPANDED_DAYS)) dates.add(d);
  }
  return { type: 'dates', dates: [...dates].sort(), ...halfPart };
}

/** `text` is normalized (see normalize.ts); `today` is the local date in Europe/Berlin. */
export function parseRequestDates(text: string, today: IsoDate, locale: Locale): DatesResult {
  const halfInfo = findHalf(text);
  if (halfInfo.unclear) return { kind: 'incomplete' };
  const half = halfInfo.half;
  const base = halfInfo.rest;

  const recurring = parseRecurring(base, today, locale);
  if (recurring.kind === 'incomplete') return recurring;
  if (recurring.kind === 'recurring') {
    const { weekdays, from, until } = recurring;
    return { kind: 'spec', spec: { type: 'recurring', weekdays, from, until, ...(half ? { half } : {}) } };
  }

  const dotted = extractDottedDates(base, today);
  const items: DateItem[] = [...dotted.items];
  let rest = dotted.rest;
  const week = findWeek(rest, today);
  if (week) rest = blankOut(rest, week.start, week.end);
  const mentions = findWeekdays(tokenize(rest));
  for (const m of mentions) rest = blankOut(rest, m.start, m.end);
  items.push(...chronoDates(rest, today, locale));

  const free = mentions.filter((m) => !items.some((item) => adjacent(base, m, item)));
  items.push(...weekdayItems(free, base, week, today));
  if (week && free.length === 0) items.push(weekRange(week, today));
  if (items.length === 0) return { kind: 'none' };
  items.sort((a, b) => a.start - b.start);

  const only = items[0];
  if (items.length === 1 && only && only.from === only.to) {
    const before = base.slice(0, only.start);
    if (OPEN_START.test(before)) return { kind: 'incomplete' };
    const tomorrow = addDays(today, 1);
    if (OPEN_END.test(before) && tomorrow < only.to) items[0] = { ...only, from: tomorrow };
  }
  return { kind: 'spec', spec: assemble(items, half) };
}
