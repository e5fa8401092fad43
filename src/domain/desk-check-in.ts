/**
 * Check-in: a booked desk must be checked in on the day by a local deadline (policy
 * `desks.checkInDeadline`, e.g. 10:00), else it is released as a no-show.
 *
 * Pure: the local deadline is turned into a UTC instant with `Intl` (the IANA time-zone data of
 * the runtime), so daylight-saving time is right on both sides of a change; "now" is passed in.
 */
import { isIsoDate, type IsoDate } from './dates.js';
import type { DeskBooking } from './desk-model.js';
import { deskRulesOf } from './desk-rules.js';
import type { Policy } from './model.js';
import { rulesInForce } from './policy-resolution.js';

const DAY_MS = 86_400_000;
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset of `timeZone` from UTC at the instant `utcMs`, in ms (Berlin winter: +3,600,000). */
function offsetAt(timeZone: string, utcMs: number): number {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(utcMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const asLocal = Date.UTC(parts['year'] ?? 0, (parts['month'] ?? 1) - 1, parts['day'] ?? 1, parts['hour'] ?? 0, parts['minute'] ?? 0, parts['second'] ?? 0);
  return asLocal - Math.floor(utcMs / 1000) * 1000;
}

/**
 * The UTC instant of the local time `deadline` (HH:MM) on `date` in `timeZone`.
 * Europe/Berlin: 2026-03-30 10:00 → 08:00Z (summer time), 2026-11-30 10:00 → 09:00Z.
 * A local time that does not exist (skipped in spring) is read with the offset before the change
 * (02:30 → 03:30 summer time); a repeated one (autumn) maps to its first occurrence.
 */
export function checkInDeadlineUtc(date: IsoDate, deadline: string, timeZone: string): Date {
  if (!isIsoDate(date)) throw new RangeError(`not an ISO date: ${date}`);
  const m = HH_MM.exec(deadline);
  if (!m) throw new RangeError(`not a time like 10:00: ${deadline}`);
  const wall = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), Number(m[1]), Number(m[2]));
  // Offsets a day before and after: no zone changes its offset twice within 48 hours.
  const before = offsetAt(timeZone, wall - DAY_MS);
  const after = offsetAt(timeZone, wall + DAY_MS);
  const valid = [...new Set([before, after])].map((o) => wall - o).filter((utc) => offsetAt(timeZone, utc) === wall - utc);
  // Repeated (autumn): the first occurrence. Skipped (spring): read with the offset before the change.
  const utc = valid.length > 0 ? Math.min(...valid) : wall - before;
  return new Date(utc);
}

/** Why a check-in is refused; undefined = may check in. */
export type CheckInRefusal = 'NOT_OWNER' | 'ALREADY_CHECKED_IN' | 'NOT_ACTIVE' | 'NOT_TODAY';

/** Only one's own booking, in status booked, on its date. */
export function mayCheckIn(b: DeskBooking, personId: string, today: IsoDate): CheckInRefusal | undefined {
  if (b.personId !== personId) return 'NOT_OWNER';
  if (b.status === 'checked-in') return 'ALREADY_CHECKED_IN';
  if (b.status !== 'booked') return 'NOT_ACTIVE';
  if (b.date !== today) return 'NOT_TODAY';
  return undefined;
}

/** Still booked (not checked in) after the deadline: release it as a no-show. At the deadline itself is still in time. */
export function isNoShow(b: DeskBooking, now: Date, deadlineUtc: Date): boolean {
  return b.status === 'booked' && now.getTime() > deadlineUtc.getTime();
}

/**
 * What booking at `now` means for the check-in. A booking for a day whose deadline has already
 * passed (booked for today after 09:30) is checked in at once: the person is booking because they
 * are (or are about to be) there, and a release a minute later would take the desk away. A
 * reminder whose time has passed is not queued (it would arrive late or never make sense).
 */
export type CheckInPlan = 'check-in-now' | 'release-only' | 'remind-and-release';

export function checkInPlanAt(now: Date, times: { dueUtc: Date; reminderUtc: Date }): CheckInPlan {
  if (now.getTime() > times.dueUtc.getTime()) return 'check-in-now';
  if (now.getTime() >= times.reminderUtc.getTime()) return 'release-only';
  return 'remind-and-release';
}

/**
 * The check-in deadline ("09:30") of a booking as cards show it: the one fixed on the booking when
 * it was made; bookings made before that field existed use the organisation-wide rule in force
 * on their date.
 */
export function checkInDeadlineOf(policy: Policy, booking: Pick<DeskBooking, 'date' | 'checkInBy'>): string {
  return booking.checkInBy ?? deskRulesOf(rulesInForce(policy, [], booking.date).rules).checkInDeadline;
}
