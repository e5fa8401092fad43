/**
 * Counting a person's remote load: hours in a window, days in a week, office days left.
 * Shared by the quota engine (to judge) and the quota summary (to show).
 *
 * `holidays` is a state code (its public holidays) or a full `HolidayCalendar` (region, local
 * holidays, whole and half days off). A half day off halves the hours of that day.
 */
import { addDays, eachDay, weekdayKey, weekdayOf, type IsoDate } from './dates.js';
import type { ExistingDay } from './evaluation-context.js';
import { calendarOf, type HolidayScope } from './holiday-calendar.js';
import type { Person } from './model.js';

/** Tolerance for comparisons of fractional hours (0.8 × 39 = 31.200000000000003). */
export const EPSILON = 1e-9;

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Contracted hours of the person on the weekday of `date` (0 = not a working day). */
export function contractedHours(person: Person, date: IsoDate): number {
  return person.hoursByWeekday[weekdayKey(weekdayOf(date))] ?? 0;
}

/** Hours actually to be worked on `date`: contracted hours minus the part that is off. */
export function workedHours(person: Person, holidays: HolidayScope, date: IsoDate): number {
  const h = contractedHours(person, date);
  return h <= 0 ? 0 : h * (1 - calendarOf(holidays).offPortion(date));
}

/** A day on which the person would otherwise work: contracted hours and not a whole day off. */
export function isWorkingDay(person: Person, holidays: HolidayScope, date: IsoDate): boolean {
  return contractedHours(person, date) > 0 && !calendarOf(holidays).isWholeDayOff(date);
}

const baseCache = new WeakMap<object, Map<string, number>>();

/**
 * Hours to be worked in [from, to] (holidays and days off lower it). With `contracted: true` the
 * contracted hours of every contracted weekday, holidays included (a cap whose base a holiday
 * does not lower). Cached per calendar and hours profile: long windows are asked for often.
 */
export function contractedHoursIn(person: Person, holidays: HolidayScope, from: IsoDate, to: IsoDate, contracted = false): number {
  const calendar = calendarOf(holidays);
  let cache = baseCache.get(calendar);
  if (!cache) {
    cache = new Map();
    baseCache.set(calendar, cache);
  }
  const h = person.hoursByWeekday;
  const key = `${from}|${to}|${contracted ? 1 : 0}|${h.mon},${h.tue},${h.wed},${h.thu},${h.fri},${h.sat},${h.sun}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  let sum = 0;
  for (const d of eachDay(from, to)) sum += contracted ? contractedHours(person, d) : workedHours(person, calendar, d);
  cache.set(key, sum);
  return sum;
}

/** Remote hours (hours to be worked that day × portion) of `days` in [from, to]; holidays count 0. */
export function remoteHoursIn(
  person: Person,
  holidays: HolidayScope,
  days: readonly ExistingDay[],
  from: IsoDate,
  to: IsoDate,
): number {
  let sum = 0;
  for (const day of days) {
    if (day.date < from || day.date > to) continue;
    sum += workedHours(person, holidays, day.date) * day.portion;
  }
  return sum;
}

/** Remote days (half day = 0.5) of `days` in [from, to]. */
export function remoteDaysIn(days: readonly ExistingDay[], from: IsoDate, to: IsoDate): number {
  let sum = 0;
  for (const day of days) if (day.date >= from && day.date <= to) sum += day.portion;
  return sum;
}

/** Remote days (half day = 0.5) of `days` in the ISO week starting on `monday`. */
export function remoteDaysInWeek(days: readonly ExistingDay[], monday: IsoDate): number {
  return remoteDaysIn(days, monday, addDays(monday, 6));
}

/**
 * Office days in the ISO week starting on `monday`: working days (not holidays) minus the remote
 * portions on them, and how many office days the rule demands: min(minOfficeDays, working days).
 */
export function officeDaysInWeek(
  person: Person,
  holidays: HolidayScope,
  days: readonly ExistingDay[],
  monday: IsoDate,
  minOfficeDays: number,
): { officeDays: number; workingDays: number; required: number } {
  let workingDays = 0;
  let remote = 0;
  const sunday = addDays(monday, 6);
  const inWeek = days.filter((day) => day.date >= monday && day.date <= sunday);
  for (const d of eachDay(monday, sunday)) {
    if (!isWorkingDay(person, holidays, d)) continue;
    workingDays += 1;
    let portion = 0;
    for (const day of inWeek) if (day.date === d) portion += day.portion;
    remote += Math.min(1, portion);
  }
  return { officeDays: workingDays - remote, workingDays, required: Math.min(minOfficeDays, workingDays) };
}
