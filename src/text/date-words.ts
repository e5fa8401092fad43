/**
 * Vocabulary and small resolvers for date phrases chrono does not handle (well) in German:
 * weekday lists and ranges, named weeks ("nächste Woche", "KW 49"), half days, "Ende Januar",
 * and the year of a date written without one. All input is folded text (see normalize.ts).
 */
import {
  addDays,
  daysBetween,
  endOfMonth,
  isIsoDate,
  isoWeek,
  startOfIsoWeek,
  weekdayOf,
  type IsoDate,
  type Weekday,
} from '../domain/dates.js';
import type { HalfDay } from '../domain/model.js';
import { isTypoOf, type Token } from './normalize.js';

// ---------------------------------------------------------------- building dates

export function isoOf(year: number, month: number, day: number): IsoDate | undefined {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) return undefined;
  const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : undefined;
}

/** The year that puts day.month nearest to today (a few days back counts as past, not next year). */
export function nearestDate(month: number, day: number, today: IsoDate): IsoDate | undefined {
  const year = Number(today.slice(0, 4));
  let best: IsoDate | undefined;
  for (let y = year - 1; y <= year + 4; y++) {
    const iso = isoOf(y, month, day);
    if (!iso) continue;
    if (!best || Math.abs(daysBetween(today, iso)) < Math.abs(daysBetween(today, best))) best = iso;
  }
  return best;
}

/** The first day.month on or after `notBefore`. */
export function nextDate(month: number, day: number, notBefore: IsoDate): IsoDate | undefined {
  const year = Number(notBefore.slice(0, 4));
  for (let y = year; y <= year + 8; y++) {
    const iso = isoOf(y, month, day);
    if (iso && iso >= notBefore) return iso;
  }
  return undefined;
}

/** Two-digit years are 20xx; four-digit years outside 2000–2099 are typos we do not guess at. */
export function fullYear(text: string | undefined): number | undefined | null {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.length === 2) return 2000 + n;
  return n >= 2000 && n <= 2099 ? n : null;
}

// ---------------------------------------------------------------- weekdays

const WEEKDAY_NAMES: Record<string, Weekday> = {
  montag: 1, dienstag: 2, mittwoch: 3, donnerstag: 4, freitag: 5, samstag: 6, sonnabend: 6, sonntag: 7,
  monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6, sunday: 7,
};
const WEEKDAY_PLURALS: Record<string, Weekday> = {
  montags: 1, dienstags: 2, mittwochs: 3, donnerstags: 4, freitags: 5, samstags: 6, sonntags: 7,
  mondays: 1, tuesdays: 2, wednesdays: 3, thursdays: 4, fridays: 5, saturdays: 6, sundays: 7,
};
/** "so" (Sonntag) is left out on purpose: it is far more often the filler word. */
const WEEKDAY_SHORT: Record<string, Weekday> = {
  mo: 1, di: 2, mi: 3, do: 4, fr: 5, sa: 6,
  mon: 1, tue: 2, tues: 2, wed: 3, thu: 4, thur: 4, thurs: 4, fri: 5, sat: 6, sun: 7,
};
/** English words before "do" that make it the verb, not Donnerstag. */
const DO_IS_A_VERB = new Set(['i', 'you', 'we', 'they', 'can', 'to', 'please', 'could', 'would', 'should', 'not', 'dont', 'how', 'what', 'why', 'lets']);

export type WeekdayModifier = 'coming' | 'this' | 'next';
const MODIFIERS: Record<string, WeekdayModifier> = {
  diesen: 'this', dieser: 'this', diese: 'this', this: 'this',
  naechsten: 'next', naechster: 'next', naechste: 'next', next: 'next',
};
const SKIPPABLE_BEFORE_WEEKDAY = new Set(['am', 'on', 'den', 'dem']);

export interface WeekdayMention {
  weekday: Weekday;
  plural: boolean;
  modifier: WeekdayModifier;
  start: number;
  end: number;
}

function weekdayOfWord(word: string, previous: string | undefined): { day: Weekday; plural: boolean } | undefined {
  const full = WEEKDAY_NAMES[word];
  if (full) return { day: full, plural: false };
  const plural = WEEKDAY_PLURALS[word];
  if (plural) return { day: plural, plural: true };
  const short = WEEKDAY_SHORT[word];
  if (short) {
    if (word === 'do' && previous !== undefined && DO_IS_A_VERB.has(previous)) return undefined;
    return { day: short, plural: false };
  }
  if (word.length >= 6) {
    for (const [name, day] of Object.entries(WEEKDAY_NAMES)) if (isTypoOf(word, name)) return { day, plural: false };
  }
  return undefined;
}

/** Every weekday named in the text, with "nächsten"/"diesen"/"next"/"this" in front of it. */
export function findWeekdays(tokens: Token[]): WeekdayMention[] {
  const out: WeekdayMention[] = [];
  tokens.forEach((token, i) => {
    const found = weekdayOfWord(token.word, tokens[i - 1]?.word);
    if (!found) return;
    let j = i - 1;
    while (j >= 0 && SKIPPABLE_BEFORE_WEEKDAY.has(tokens[j]?.word ?? '')) j--;
    const modifier = MODIFIERS[tokens[j]?.word ?? ''] ?? 'coming';
    out.push({ weekday: found.day, plural: found.plural, modifier, start: token.start, end: token.end });
  });
  return out;
}

/**
 * "montag" = the coming Monday, strictly after today (on a Monday it is next week's: whoever
 * means today says "heute"). "diesen Freitag" = Friday of this ISO week. "nächsten Freitag" /
 * "next Friday" = Friday of next ISO week — what chrono answers, see parse-dates.ts.
 */
export function resolveWeekday(day: Weekday, modifier: WeekdayModifier, today: IsoDate): IsoDate {
  const monday = startOfIsoWeek(today);
  if (modifier === 'this') return addDays(monday, day - 1);
  if (modifier === 'next') return addDays(monday, 7 + day - 1);
  const ahead = (day - weekdayOf(today) + 7) % 7;
  return addDays(today, ahead === 0 ? 7 : ahead);
}

/** The first date on or after `from` that falls on `day`. */
export function onOrAfter(from: IsoDate, day: Weekday): IsoDate {
  return addDays(from, (day - weekdayOf(from) + 7) % 7);
}

// ---------------------------------------------------------------- named weeks

export interface WeekMention {
  monday: IsoDate;
  /** 0 = this week; undefined for "KW 49". */
  offset?: number;
  start: number;
  end: number;
}

const WEEK_OFFSETS: Array<[RegExp, number]> = [
  [/\buebernaechste[nr]?\s+woche\b|\bweek\s+after\s+next\b/, 2],
  [/\b(?:naechste[nr]?|kommende[nr]?|folgende[nr]?)\s+woche\b|\b(?:next|coming|following)\s+week\b/, 1],
  [/\b(?:diese[nrs]?|laufende[nr]?|aktuelle[nr]?)\s+woche\b|\b(?:this|current)\s+week\b/, 0],
  [/\b(?:letzte[nr]?|vorige[nr]?|vergangene[nr]?)\s+woche\b|\b(?:last|previous)\s+week\b/, -1],
];

/** "nächste Woche", "diese Woche", "KW 49", "week 49" → the Monday of that week. */
export function findWeek(text: string, today: IsoDate): WeekMention | undefined {
  for (const [re, offset] of WEEK_OFFSETS) {
    const m = re.exec(text);
    if (m) return { monday: addDays(startOfIsoWeek(today), 7 * offset), offset, start: m.index, end: m.index + m[0].length };
  }
  const kw = /\b(?:kw|kalenderwoche|woche|week|wk)\s*(\d{1,2})\b/.exec(text);
  if (!kw) return undefined;
  const week = Number(kw[1]);
  if (week < 1 || week > 53) return undefined;
  const year = Number(today.slice(0, 4));
  let best: IsoDate | undefined;
  for (const y of [year - 1, year, year + 1]) {
    const monday = addDays(startOfIsoWeek(`${y}-01-04`), 7 * (week - 1));
    if (isoWeek(monday).week !== week) continue;
    if (!best || Math.abs(daysBetween(today, monday)) < Math.abs(daysBetween(today, best))) best = monday;
  }
  return best ? { monday: best, start: kw.index, end: kw.index + kw[0].length } : undefined;
}

// ---------------------------------------------------------------- months

const MONTHS: Record<string, number> = {
  januar: 1, jan: 1, jaenner: 1, january: 1,
  februar: 2, feb: 2, february: 2,
  maerz: 3, mrz: 3, march: 3, mar: 3,
  april: 4, apr: 4,
  mai: 5, may: 5,
  juni: 6, jun: 6, june: 6,
  juli: 7, jul: 7, july: 7,
  august: 8, aug: 8,
  september: 9, sep: 9, sept: 9,
  oktober: 10, okt: 10, october: 10, oct: 10,
  november: 11, nov: 11,
  dezember: 12, dez: 12, december: 12, dec: 12,
};
const MONTH_RE = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');

/**
 * An end boundary chrono misses: "Ende Januar", "end of January", "bis März" (= through March),
 * "Ende des Monats", "Jahresende". The month is the next one that has not ended yet.
 */
export function parseMonthEnd(segment: string, today: IsoDate): IsoDate | undefined {
  const s = segment.trim();
  if (/^(?:zum\s+|zur\s+|the\s+)?(?:ende|end)\s+(?:des|der|dieses|of(?:\s+the)?|this)\s+(?:monats?|month)\b/.test(s)) {
    return endOfMonth(today);
  }
  if (/^(?:zum\s+)?(?:(?:ende|end)\s+(?:des\s+|dieses\s+|of(?:\s+the)?\s+|this\s+)?(?:jahres|jahr|year)|jahresende|year\s*end)\b/.test(s)) {
    return `${today.slice(0, 4)}-12-31`;
  }
  const m = new RegExp(`^(?:zum\\s+|the\\s+)?(?:(ende|end|mitte|mid|middle)\\s+(?:of\\s+)?)?(${MONTH_RE})\\b(?:\\s+(\\d{4}))?`).exec(s);
  if (!m) return undefined;
  const month = MONTHS[m[2] ?? ''];
  if (!month) return undefined;
  const explicitYear = fullYear(m[3]);
  if (explicitYear === null) return undefined;
  const day = m[1] === 'mitte' || m[1] === 'mid' || m[1] === 'middle' ? 15 : 31;
  const pick = (y: number): IsoDate | undefined => {
    const first = isoOf(y, month, 1);
    if (!first) return undefined;
    return day === 15 ? addDays(first, 14) : endOfMonth(first);
  };
  if (explicitYear !== undefined) return pick(explicitYear);
  const year = Number(today.slice(0, 4));
  const thisYear = pick(year);
  return thisYear && thisYear >= today ? thisYear : pick(year + 1);
}

// ---------------------------------------------------------------- half days

export interface HalfMention {
  half?: HalfDay;
  /**
   * The half is unclear: "halber Tag" / "half day" without saying which, or both halves named
   * ("morgen nachmittag und Freitag vormittag" — one spec carries one half).
   */
  unclear: boolean;
  /** The text with the half-day words blanked out. */
  rest: string;
}

const MORNING = /\b(?:am\s+)?(?:vormittags?|vorm|morgens|frueh|(?:in\s+the\s+)?morning|erste[nr]?\s+(?:tages)?haelfte|first\s+half)\b/g;
const AFTERNOON = /\b(?:am\s+)?(?:nachmittags?|nachm|(?:in\s+the\s+)?afternoon|zweite[nr]?\s+(?:tages)?haelfte|second\s+half)\b/g;
const HALF = /\b(?:eine[nm]?\s+)?(?:halbe[nrs]?\s+tag(?:es)?|halbtags?|halbtaegig|(?:a\s+)?half[\s-]?day)\b/g;

export function findHalf(text: string): HalfMention {
  const blank = (s: string): string => ' '.repeat(s.length);
  const morning = MORNING.test(text);
  const afternoon = AFTERNOON.test(text);
  MORNING.lastIndex = 0;
  AFTERNOON.lastIndex = 0;
  const halfWords = new RegExp(HALF.source).test(text);
  const rest = text.replace(MORNING, blank).replace(AFTERNOON, blank).replace(HALF, blank);
  if (morning && !afternoon) return { half: 'morning', unclear: false, rest };
  if (afternoon && !morning) return { half: 'afternoon', unclear: false, rest };
  return { unclear: halfWords || (morning && afternoon), rest };
}

// ---------------------------------------------------------------- typos in date words

const DATE_WORDS = [
  'morgen', 'uebermorgen', 'tomorrow', 'naechste', 'naechsten', 'naechster', 'kommende', 'kommenden',
  'vormittag', 'vormittags', 'nachmittag', 'nachmittags', 'afternoon', 'morning',
  'januar', 'februar', 'august', 'september', 'oktober', 'november', 'dezember',
  'january', 'february', 'october', 'december',
];
const SHORT_FIXES: Record<string, string> = { marz: 'maerz', mrz: 'maerz', ubermorgen: 'uebermorgen' };
const KNOWN_WORDS = new Set<string>([
  ...DATE_WORDS,
  ...Object.keys(WEEKDAY_NAMES),
  ...Object.keys(WEEKDAY_PLURALS),
  ...Object.keys(MONTHS),
  'morgens', 'mobile', 'mobiles', 'mobilen', 'remote', 'monate', 'monaten', 'months', 'monday', 'mondays',
]);

/** "morgn" → "morgen", "nachste" → "naechste", "dezmber" → "dezember"; other words unchanged. */
export function fixDateTypos(text: string): string {
  return text.replace(/[a-z]+/g, (word) => {
    const fixed = SHORT_FIXES[word];
    if (fixed) return fixed;
    if (word.length < 5 || KNOWN_WORDS.has(word)) return word;
    return DATE_WORDS.find((target) => isTypoOf(word, target)) ?? word;
  });
}
