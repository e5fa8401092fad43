/**
 * Use case: the person's calendar changed (a Graph change notification, or the delta poll).
 *
 * Every given event is the full truth about itself: its absence records (one per person, working
 * day and event) are made to match its current days: new days become active absences, days it no
 * longer covers (event moved, no longer `oof`, cancelled or deleted) are deactivated (kept for the
 * audit of released desks). Events not given are left alone.
 *
 * For every day that becomes absent (no other active absence that day before), from today on:
 * - the person's desk bookings that day that are still only `booked` are released (reason
 *   `absence`) and the person is told through the existing `desk.released-notify` job; a booking
 *   already checked in is left alone (the person was there);
 * - the quota engine sees the day through the store (`buildEvaluationContext`): a new mobile-work
 *   day there is refused with ABSENT, and an approved or pending mobile-work day there no longer
 *   counts against the quota. Such a day is NOT withdrawn or rejected automatically: a pending one
 *   stays on the manager's card (the manager sees the request as it was made and decides), an
 *   approved one stays in the request's history.
 *
 * Idempotent: applying the same events again writes nothing and queues nothing.
 */
import type { Absence } from '../domain/calendar-model.js';
import type { IsoDate } from '../domain/dates.js';
import { holidayCalendarOf } from '../domain/holiday-calendar.js';
import { isWorkingDay } from '../domain/remote-load.js';
import { nowIso, today, type AppContext } from './app-context.js';
import { queueBookingCalendarSync } from './calendar-sync.js';
import { JOB } from './job-types.js';

/** What one calendar event means now: the days it makes the person absent (none = not absent). */
export interface EventAbsenceInput {
  eventId: string;
  /** Calendar days (organisation time zone) the oof event touches; empty when not or no longer oof. */
  dates: readonly IsoDate[];
}

export interface CalendarChangeResult {
  /** Days that became absent with this change (before: no active absence that day). */
  newlyAbsent: IsoDate[];
  /** Days that are no longer absent (their last active absence was deactivated). */
  noLongerAbsent: IsoDate[];
  /** Desk bookings released because of a new absence. */
  releasedBookingIds: string[];
  /** Absence records written (inserted, re-activated or deactivated). */
  written: number;
}

const NOTHING: CalendarChangeResult = { newlyAbsent: [], noLongerAbsent: [], releasedBookingIds: [], written: 0 };

export class Absences {
  constructor(private readonly ctx: AppContext) {}

  async applyCalendarChange(personId: string, events: readonly EventAbsenceInput[]): Promise<CalendarChangeResult> {
    const { ctx } = this;
    if (events.length === 0) return NOTHING;
    const id = personId.toLowerCase();
    const person = await ctx.directory.getPerson(id);
    if (!person) {
      ctx.logger.warn('absences_unknown_person', { events: events.length });
      return NOTHING;
    }
    const state = holidayCalendarOf(ctx.policy);
    // Only working days matter (no desk, no mobile work on a weekend or a holiday).
    const wanted = events.map((e) => ({ eventId: e.eventId, dates: new Set(e.dates.filter((d) => isWorkingDay(person, state, d))) }));
    const day0 = today(ctx);

    const result = await ctx.store.transact(async (tx) => {
      const now = nowIso(ctx);
      const ofEvents: Absence[][] = [];
      for (const w of wanted) ofEvents.push(await tx.listAbsencesOfEvent(id, w.eventId));
      const touched = [...wanted.flatMap((w) => [...w.dates]), ...ofEvents.flat().map((a) => a.date)].sort();
      const from = touched[0];
      const to = touched[touched.length - 1];
      if (from === undefined || to === undefined) return NOTHING;

      // All of the person's absences in the affected span, before and after this change.
      const records = new Map<string, Absence>((await tx.listAbsencesOfPerson(id, from, to)).map((a) => [a.id, a]));
      const activeDates = (): Set<IsoDate> => new Set([...records.values()].filter((a) => a.active).map((a) => a.date));
      const before = activeDates();

      let written = 0;
      const put = async (absence: Absence): Promise<void> => {
        await tx.putAbsence(absence);
        records.set(absence.id, absence);
        written++;
      };
      for (const [i, w] of wanted.entries()) {
        const existing = new Map((ofEvents[i] ?? []).map((a) => [a.date, a]));
        for (const date of w.dates) {
          const old = existing.get(date);
          if (old?.active) continue;
          await put({ id: `${id}:${date}:${w.eventId}`, personId: id, date, eventId: w.eventId, active: true, updatedAt: now });
        }
        for (const old of existing.values()) {
          if (old.active && !w.dates.has(old.date)) await put({ ...old, active: false, updatedAt: now });
        }
      }

      const after = activeDates();
      const newlyAbsent = [...after].filter((d) => !before.has(d)).sort();
      const noLongerAbsent = [...before].filter((d) => !after.has(d)).sort();

      const releasedBookingIds: string[] = [];
      for (const date of newlyAbsent) {
        if (date < day0) continue;
        for (const booking of await tx.listBookingsOfPerson(id, date, date)) {
          if (booking.status !== 'booked') continue;
          const released = await tx.putBooking({ ...booking, status: 'released', releaseReason: 'absence', updatedAt: now });
          // Its Outlook event goes too (when Graph calendar sync is on).
          await queueBookingCalendarSync(ctx, tx, booking, released);
          await tx.enqueue({ type: JOB.deskReleasedNotify, payload: { bookingId: booking.id }, dedupeKey: `desk-released:${booking.id}` });
          releasedBookingIds.push(booking.id);
        }
      }
      return { newlyAbsent, noLongerAbsent, releasedBookingIds, written };
    });

    if (result.written > 0) {
      ctx.logger.info('absences_applied', {
        events: events.length,
        newlyAbsent: result.newlyAbsent.length,
        noLongerAbsent: result.noLongerAbsent.length,
        released: result.releasedBookingIds.length,
      });
    }
    for (const bookingId of result.releasedBookingIds) ctx.logger.info('desk_released', { bookingId, reason: 'absence' });
    if (result.releasedBookingIds.length > 0) ctx.onJobsQueued?.();
    return result;
  }
}
