/**
 * Calendar dates without a clock and without time zones.
 *
 * The domain reasons in local calendar days of the organisation (Europe/Berlin). A day is an
 * ISO string `YYYY-MM-DD`; arithmetic happens on a UTC noon timestamp so that no daylight-saving
 * shift can move a date. Converting "now" into a local date happens at the edge (see
 * `src/app/clock.ts`), never here.
 */

export type IsoDate = string;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];

/** Short English keys used in files (policy, directory): mon … sun. */
export const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekdayKey = (typeof WEEKDAY_KEYS)[number];

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
  return d.toISOString().slice(0, 10) === value;
}

/**
 * Conversions are cached: the quota engine and the simulator ask for the same few thousand days
 * millions of times (a pure function of its argument; the caches are bounded).
 */
const CACHE_LIMIT = 100_000;
const noonOf = new Map<string, number>();
const isoOf = new Map<number, IsoDate>();

function toUtcNoon(date: IsoDate): number {
  const cached = noonOf.get(date);
  if (cached !== undefined) return cached;
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`not an ISO date: ${date}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12);
  if (noonOf.size >= CACHE_LIMIT) noonOf.clear();
  noonOf.set(date, ms);
  return ms;
}

function fromUtc(ms: number): IsoDate {
  const cached = isoOf.get(ms);
  if (cached !== undefined) return cached;
  const iso = new Date(ms).toISOString().slice(0, 10);
  if (isoOf.size >= CACHE_LIMIT) isoOf.clear();
  isoOf.set(ms, iso);
  return iso;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromUtc(toUtcNoon(date) + days * DAY_MS);
}

export function addMonths(date: IsoDate, months: number): IsoDate {
  const d = new Date(toUtcNoon(date));
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0, 12)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return fromUtc(d.getTime());
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((toUtcNoon(b) - toUtcNoon(a)) / DAY_MS);
}

export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function weekdayOf(date: IsoDate): Weekday {
  // 1970-01-01 was a Thursday (ISO 4); whole days since then give the weekday.
  const days = Math.floor(toUtcNoon(date) / DAY_MS);
  return ((((days + 3) % 7) + 7) % 7 + 1) as Weekday;
}

export function weekdayKey(day: Weekday): WeekdayKey {
  return WEEKDAY_KEYS[day - 1] as WeekdayKey;
}

export function weekdayFromKey(key: WeekdayKey): Weekday {
  return (WEEKDAY_KEYS.indexOf(key) + 1) as Weekday;
}

/** Monday of the ISO week containing `date`. */
export function startOfIsoWeek(date: IsoDate): IsoDate {
  return addDays(date, 1 - weekdayOf(date));
}

/** ISO-8601 week number and week-year. */
export function isoWeek(date: IsoDate): { year: number; week: number } {
  const thursday = addDays(date, 4 - weekdayOf(date));
  const year = Number(thursday.slice(0, 4));
  const jan1 = `${year}-01-01`;
  return { year, week: Math.floor(daysBetween(jan1, thursday) / 7) + 1 };
}

export function startOfMonth(date: IsoDate): IsoDate {
  return `${date.slice(0, 7)}-01`;
}

export function endOfMonth(date: IsoDate): IsoDate {
  return addDays(addMonths(startOfMonth(date), 1), -1);
}

/** Inclusive list of dates from `from` to `to`; empty when `to` is before `from`. */
export function eachDay(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}
