/**
 * Translations and formatting for cards. Strings live in `cards/strings/<locale>.json` as flat
 * key → text maps. Placeholders: `{name}` inserts a parameter; `{n|one|other}` picks the singular
 * or plural word by the number in parameter `n` (1 → one, everything else → other).
 * Numbers are written the local way (German decimal comma), without thousands separators.
 */
import type { DeskReasonCode } from '../domain/desk-availability.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDays, isoWeek, weekdayKey, weekdayOf, type IsoDate, type Weekday } from '../domain/dates.js';
import type { AveragingWindow, Locale, Reason, ReasonCode } from '../domain/model.js';
import type { CapWindowKind } from '../domain/cap-model.js';
import { cardsDir } from './paths.js';
import { localDateTime } from '../domain/local-time.js';

export type Params = Record<string, string | number>;
export type Strings = Readonly<Record<string, string>>;

export const LOCALES: readonly Locale[] = ['de', 'en'];
const MONTH_KEYS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] as const;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The placeholders each reason text uses, matching `Reason.params` of the quota engine
 * (src/domain/quota-engine.ts). Two are derived by `reasonText`: `percent` from `minShare`
 * (or `share`), 0…1; `windowText` from `window` (the window kind), `windowFrom` and `windowTo`;
 * `capText` ("„Regelmäßige Telearbeit“: ") from `capName`, empty when the cap has no name.
 * Numbers may be fractional (half days, hours); ISO dates are formatted for the reader.
 * When a placeholder cannot be filled, a sentence without numbers (`reasonGeneric.<CODE>`) is shown.
 */
export const REASON_PARAMS: Readonly<Record<ReasonCode, readonly string[]>> = {
  OK: [],
  APPROVAL_REQUIRED: [],
  MANAGER_NOTIFIED: [],
  IN_PAST: [],
  LEAD_TIME: ['leadTimeDays'],
  BEYOND_HORIZON: ['lastDate'],
  NON_WORKING_DAY: [],
  PUBLIC_HOLIDAY: ['name'],
  ABSENT: [],
  PRESENCE_DAY: [],
  ONBOARDING: ['until'],
  HALF_DAY_NOT_ALLOWED: [],
  ALREADY_PLANNED: [],
  QUOTA_HOURS: ['capText', 'usedHours', 'limitHours', 'windowText'],
  QUOTA_DAYS: ['capText', 'used', 'limit', 'week'],
  QUOTA_DAYS_WINDOW: ['capText', 'used', 'limit', 'windowText'],
  OVER_CAP_APPROVAL: ['capName', 'windowText'],
  DAY_OFF: ['name'],
  MIN_OFFICE_DAYS: ['min', 'week'],
  CAPACITY: ['limit'],
  MIN_ON_SITE: ['percent'],
  STANDING_TOO_LONG: ['months', 'lastDate'],
  STANDING_MIN_HOURS: ['hours', 'min'],
  NO_POLICY: [],
  NO_APPROVER: [],
};

// ---------------------------------------------------------------- loading

const loaded = new Map<Locale, Strings>();

function readStrings(locale: Locale): Strings {
  const raw: unknown = JSON.parse(readFileSync(join(cardsDir(), 'strings', `${locale}.json`), 'utf8'));
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error(`cards/strings/${locale}.json: expected an object of strings`);
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') throw new Error(`cards/strings/${locale}.json: "${key}" is not a string`);
    out[key] = value;
  }
  return Object.freeze(out);
}

/** The raw strings of one locale file (no fallback). */
export function rawStrings(locale: Locale): Strings {
  let s = loaded.get(locale);
  if (!s) {
    s = readStrings(locale);
    loaded.set(locale, s);
  }
  return s;
}

/** The strings of a locale with German filled in for any missing key. */
export function stringsFor(locale: Locale): Strings {
  return locale === 'de' ? rawStrings('de') : { ...rawStrings('de'), ...rawStrings(locale) };
}

// ---------------------------------------------------------------- core

export function localeFrom(teamsLocale?: string): Locale {
  return teamsLocale?.trim().toLowerCase().startsWith('en') ? 'en' : 'de';
}

export function formatNumber(locale: Locale, n: number): string {
  const rounded = String(Math.round(n * 100) / 100);
  return locale === 'de' ? rounded.replace('.', ',') : rounded;
}

function fill(locale: Locale, text: string, params: Params): { text: string; complete: boolean } {
  let complete = true;
  const withPlurals = text.replace(/\{(\w+)\|([^|{}]*)\|([^|{}]*)\}/g, (whole, name: string, one: string, other: string) => {
    const v = params[name];
    if (v === undefined) {
      complete = false;
      return whole;
    }
    return Number(v) === 1 ? one : other;
  });
  const filled = withPlurals.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) {
      complete = false;
      return whole;
    }
    return typeof v === 'number' ? formatNumber(locale, v) : v;
  });
  return { text: filled, complete };
}

/** Whether a key exists in the locale (or in the German fallback). */
export function hasKey(locale: Locale, key: string): boolean {
  return rawStrings(locale)[key] !== undefined || rawStrings('de')[key] !== undefined;
}

/** Translates `key`; falls back to German, then to the key itself. */
export function t(locale: Locale, key: string, params: Params = {}): string {
  const text = rawStrings(locale)[key] ?? rawStrings('de')[key];
  return text === undefined ? key : fill(locale, text, params).text;
}

// ---------------------------------------------------------------- dates and numbers

function parts(iso: IsoDate): { y: number; m: number; d: number } {
  return { y: Number(iso.slice(0, 4)), m: Number(iso.slice(5, 7)), d: Number(iso.slice(8, 10)) };
}

export function weekdayName(locale: Locale, day: Weekday, short = false): string {
  return t(locale, `${short ? 'weekdayShort' : 'weekday'}.${weekdayKey(day)}`);
}

export function monthName(locale: Locale, month: number, short = false): string {
  const key = MONTH_KEYS[month - 1];
  if (!key) throw new RangeError(`month out of range: ${month}`);
  return t(locale, `${short ? 'monthShort' : 'month'}.${key}`);
}

/** "30.11.2026" / "30 Nov 2026". */
export function formatDateShort(locale: Locale, iso: IsoDate): string {
  const { y, m, d } = parts(iso);
  return locale === 'de'
    ? `${String(d).padStart(2, '0')}.${String(m).padStart(2, '0')}.${y}`
    : `${d} ${monthName('en', m, true)} ${y}`;
}

/** "Mo, 30.11.2026" / "Mon, 30 Nov 2026". */
export function formatDate(locale: Locale, iso: IsoDate): string {
  return `${weekdayName(locale, weekdayOf(iso), true)}, ${formatDateShort(locale, iso)}`;
}

/** A timestamp in the organisation's time zone: "30.11.2026, 14:05 Uhr" / "30 Nov 2026, 14:05". */
export function formatDateTime(locale: Locale, timestamp: string, timeZone = 'Europe/Berlin'): string {
  const date = new Date(timestamp);
  if (Number.isNaN(date.getTime())) return timestamp;
  const local = localDateTime(date, timeZone);
  return t(locale, 'date.time', { date: formatDateShort(locale, local.date), time: local.time });
}

/** "19,5 Std." / "19.5 h". */
export function formatHours(locale: Locale, hours: number): string {
  return t(locale, 'unit.hours', { n: hours });
}

/** "Montag, Mittwoch und Freitag". */
export function joinList(locale: Locale, items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return t(locale, 'list.and', { a: items.slice(0, -1).join(', '), b: items[items.length - 1] ?? '' });
}

/** The averaging window as text: "KW 48", "KW 48–49", "November 2026" (en: "week 48", …). */
export function windowText(locale: Locale, window: AveragingWindow | CapWindowKind, start: IsoDate, end?: IsoDate): string {
  if (window === 'quarter') {
    const { y, m } = parts(start);
    return t(locale, 'window.quarter', { q: Math.floor((m - 1) / 3) + 1, year: String(y) });
  }
  if (window === 'half-year') {
    const { y, m } = parts(start);
    return t(locale, 'window.halfYear', { h: m <= 6 ? 1 : 2, year: String(y) });
  }
  if (window === 'year') return t(locale, 'window.year', { year: start.slice(0, 4) });
  if (window === 'rolling-days' || window === 'rolling-weeks') {
    return end ? t(locale, 'window.range', { from: formatDateShort(locale, start), to: formatDateShort(locale, end) }) : formatDateShort(locale, start);
  }
  if (window === 'month') {
    const { y, m } = parts(start);
    return t(locale, 'window.month', { month: monthName(locale, m), year: String(y) });
  }
  const first = isoWeek(start).week;
  if (window === 'week') return t(locale, 'window.week', { week: first });
  return t(locale, 'window.weeks', { from: first, to: isoWeek(addDays(start, 7)).week });
}

// ---------------------------------------------------------------- reasons and errors

const WINDOW_KINDS: readonly string[] = ['week', 'two-weeks', 'month', 'quarter', 'half-year', 'year', 'rolling-days', 'rolling-weeks'];

function isWindow(value: unknown): value is CapWindowKind {
  return typeof value === 'string' && WINDOW_KINDS.includes(value);
}

/** The sentence for a verdict reason; ISO dates in params are formatted, `share` becomes `percent`. */
export function reasonText(locale: Locale, reason: Reason): string {
  const params: Params = {};
  for (const [k, v] of Object.entries(reason.params)) {
    params[k] = typeof v === 'string' && ISO_DATE.test(v) ? formatDateShort(locale, v) : v;
  }
  const share = reason.params.minShare ?? reason.params.share;
  if (params.percent === undefined && typeof share === 'number') params.percent = Math.round(share * 100);
  const { window, windowFrom, windowTo, capName } = reason.params;
  if (isWindow(window) && typeof windowFrom === 'string' && ISO_DATE.test(windowFrom)) {
    params.windowText = windowText(locale, window, windowFrom, typeof windowTo === 'string' && ISO_DATE.test(windowTo) ? windowTo : undefined);
  }
  params.capText = typeof capName === 'string' && capName !== '' ? t(locale, 'cap.prefix', { name: capName }) : '';
  const key = `reason.${reason.code}`;
  const text = rawStrings(locale)[key] ?? rawStrings('de')[key];
  if (text === undefined) return t(locale, 'error.GENERIC');
  const result = fill(locale, text, params);
  if (result.complete) return result.text;
  const generic = `reasonGeneric.${reason.code}`;
  return hasKey(locale, generic) ? t(locale, generic) : result.text.replace(/\{[^}]*\}/g, '').trim();
}

// ---------------------------------------------------------------- desk reasons

/** Why a desk cannot be booked (the desk rules' refusal codes). */
export type { DeskReasonCode };

/**
 * The placeholders each desk reason text uses (`deskReason.<CODE>`). ISO dates are formatted for
 * the reader. `lastDate`: last bookable day; `name`: holiday name; `limit`: the maximum (bookings
 * per person, people per floor or site); `freeFrom`: first day the reserved desk is open to the person.
 * When a placeholder cannot be filled, `deskReasonGeneric.<CODE>` (a sentence without it) is shown.
 */
export const DESK_REASON_PARAMS: Readonly<Record<DeskReasonCode, readonly string[]>> = {
  UNKNOWN_DESK: [],
  DESK_UNAVAILABLE: [],
  DESK_ASSIGNED: [],
  SLOT_TAKEN: [],
  IN_PAST: [],
  OUTSIDE_WINDOW: ['lastDate'],
  NON_WORKING_DAY: [],
  PUBLIC_HOLIDAY: ['name'],
  DAY_OFF: ['name'],
  MAX_ACTIVE_BOOKINGS: ['limit'],
  ALREADY_BOOKED_SLOT: [],
  ACCESSIBLE_RESERVED: ['freeFrom'],
  ZONE_RESERVED: ['freeFrom'],
  FLOOR_FULL: ['limit'],
  SITE_FULL: ['limit'],
};

/**
 * The sentence for a desk refusal. `code` is a string so that the domain's own code type fits;
 * unknown codes give the generic error text. Params that are ISO dates are formatted.
 */
export function deskReasonText(
  locale: Locale,
  reason: { code: string; params?: Readonly<Record<string, string | number | boolean | undefined>> },
): string {
  const params: Params = {};
  for (const [k, v] of Object.entries(reason.params ?? {})) {
    if (typeof v === 'number') params[k] = v;
    else if (typeof v === 'string') params[k] = ISO_DATE.test(v) ? formatDateShort(locale, v) : v;
  }
  const key = `deskReason.${reason.code}`;
  const text = rawStrings(locale)[key] ?? rawStrings('de')[key];
  if (text === undefined) return t(locale, 'error.GENERIC');
  const result = fill(locale, text, params);
  if (result.complete) return result.text;
  const generic = `deskReasonGeneric.${reason.code}`;
  return hasKey(locale, generic) ? t(locale, generic) : result.text.replace(/\{[^}]*\}/g, '').trim();
}

/** The friendly text for an error code (`error.<CODE>`), or the generic one for unknown codes. */
export function errorText(locale: Locale, code: string, params: Params = {}): string {
  const key = `error.${code}`;
  return t(locale, hasKey(locale, key) ? key : 'error.GENERIC', params);
}
