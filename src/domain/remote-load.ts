/**
 * Counting a person's remote load: hours in a window, days in a week, office days left.
 * Shared by the quota engine (to judge) and the quota summary (to show).
 */
import { addDays, eachDay, weekdayKey, weekdayOf, type IsoDate } from './dates.js';
import type { ExistingDay } from './evaluation-context.js';
import { isPublicHoliday } from './holidays.js';
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

/** A day on which the person would otherwise work: contracted hours and no public holiday. */
export function isWorkingDay(person: Person, state: string, date: IsoDate): boolean {
  return contractedHours(person, date) > 0 && !isPublicHoliday(state, date);
}

/** Contracted hours of the working days (not public holidays) in [from, to]. */
export function contractedHoursIn(person: Person, state: string, from: IsoDate, to: IsoDate): number {
  let sum = 0;
  for (const d of eachDay(from, to)) if (isWorkingDay(person, state, d)) sum += contractedHours(person, d);
  return sum;
}

/** Remote hours (hours of the weekday × portion) of `days` in [from, to]; holidays count 0. */
export function remoteHoursIn(
  person: Person,
  state: string,
  days: readonly ExistingDay[],
  from: IsoDate,
  to: IsoDate,
): number {
  let sum = 0;
  for (const day of days) {
    if (day.date < from || day.date > to) continue;
    if (isPublicHoliday(state, day.date)) continue;
    sum += contractedHours(person, day.date) * day.portion;
  }
  return sum;
}

/** Remote days (half day = 0.5) of `days` in the ISO week starting on `monday`. */
export function remoteDaysInWeek(days: readonly ExistingDay[], monday: IsoDate): number {
  const sunday = addDays(monday, 6);
  let sum = 0;
  for (const day of days) if (day.date >= monday && day.date <= sunday) sum += day.portion;
  return sum;
}

/**
 * Office days in the ISO week starting on `monday`: working days (not holidays) minus the remote
 * portions on them, and how many office days the rule demands: min(minOfficeDays, working days).
 */
export function officeDaysInWeek(
  person: Person,
  state: string,
  days: readonly ExistingDay[],
  monday: IsoDate,
  minOfficeDays: number,
): { officeDays: number; workingDays: number; required: number } {
  let workingDays = 0;
  let remote = 0;
  for (const d of eachDay(monday, addDays(monday, 6))) {
    if (!isWorkingDay(person, state, d)) continue;
    workingDays += 1;
    let portion = 0;
    for (const day of days) if (day.date === d) portion += day.portion;
    remote += Math.min(1, portion);
  }
  return { officeDays: workingDays - remote, workingDays, required: Math.min(minOfficeDays, workingDays) };
}
