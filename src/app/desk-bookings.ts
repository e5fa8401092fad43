/**
 * Use cases around an existing booking: cancel it, check in ("Ich bin da"), release it at the
 * check-in deadline when nobody came (no-show), and list one's own bookings.
 */
import { mayCheckIn } from '../domain/desk-check-in.js';
import type { DeskBooking } from '../domain/desk-model.js';
import { isActiveBooking } from '../domain/desk-slots.js';
import { DomainError } from '../domain/errors.js';
import { nowIso, today, type AppContext } from './app-context.js';
import { localDateTime } from '../domain/local-time.js';
import { queueBookingCalendarSync } from './calendar-sync.js';
import { JOB } from './job-types.js';

export interface CheckInResult {
  booking: DeskBooking;
  /** Was checked in before this click / message. */
  already: boolean;
  /** Local time "HH:MM" of the check-in on the booking's day. */
  checkedInAt?: string;
}

export class DeskBookings {
  constructor(private readonly ctx: AppContext) {}

  /** The person's active bookings from today on, in date order. */
  async mine(userId: string): Promise<DeskBooking[]> {
    const day0 = today(this.ctx);
    const list = await this.ctx.store.read((r) => r.listBookingsOfPerson(userId, day0));
    return list.filter(isActiveBooking).sort((a, b) => a.date.localeCompare(b.date) || a.slot.localeCompare(b.slot));
  }

  async cancel(input: { userId: string; bookingId: string }): Promise<DeskBooking> {
    const { ctx } = this;
    const day0 = today(ctx);
    const saved = await ctx.store.transact(async (tx) => {
      const booking = await tx.getBooking(input.bookingId);
      if (!booking) throw new DomainError('BOOKING_NOT_FOUND', 'no such booking', { bookingId: input.bookingId });
      if (booking.personId !== input.userId) throw new DomainError('NOT_YOUR_BOOKING', 'not your booking');
      if (!isActiveBooking(booking) || booking.date < day0) throw new DomainError('BOOKING_NOT_ACTIVE', 'booking not active');
      const cancelled = await tx.putBooking({ ...booking, status: 'cancelled', updatedAt: nowIso(ctx) });
      await queueBookingCalendarSync(ctx, tx, booking, cancelled);
      return cancelled;
    });
    ctx.logger.info('desk_cancelled', { bookingId: saved.id });
    if (ctx.calendarSync) ctx.onJobsQueued?.();
    return saved;
  }

  /**
   * Check in today's booking; with no id, the person's booking for today that is due. Checking in
   * twice is no error: the result says since when the person is checked in.
   */
  async checkIn(input: { userId: string; bookingId?: string }): Promise<CheckInResult> {
    const { ctx } = this;
    const day0 = today(ctx);
    let already = false;
    const saved = await ctx.store.transact(async (tx) => {
      const todays = input.bookingId ? [] : await tx.listBookingsOfPerson(input.userId, day0, day0);
      const booking = input.bookingId
        ? await tx.getBooking(input.bookingId)
        : (todays.find((b) => b.status === 'booked') ?? todays.find((b) => b.status === 'checked-in'));
      if (!booking) throw new DomainError('BOOKING_NOT_FOUND', 'no booking to check in', { userId: input.userId });
      if (booking.status === 'checked-in' && booking.personId === input.userId) {
        already = true;
        return booking;
      }
      const refusal = mayCheckIn(booking, input.userId, day0);
      if (refusal) {
        const code = refusal === 'NOT_OWNER' ? 'NOT_YOUR_BOOKING' : refusal === 'NOT_TODAY' ? 'CHECK_IN_NOT_TODAY' : 'BOOKING_NOT_ACTIVE';
        throw new DomainError(code, `check-in refused: ${refusal}`, { reason: refusal });
      }
      const now = nowIso(ctx);
      return tx.putBooking({ ...booking, status: 'checked-in', checkedInAt: now, updatedAt: now });
    });
    ctx.logger.info('desk_checked_in', { bookingId: saved.id, already });
    const at = saved.checkedInAt ? localDateTime(new Date(saved.checkedInAt), ctx.policy.organisation.timeZone) : undefined;
    return { booking: saved, already, ...(at ? { checkedInAt: at.date === saved.date ? at.time : undefined } : {}) };
  }

  /**
   * At the deadline: a booking still not checked in is released and the person told. Runs from
   * the outbox (durable, so a restart in between does not keep the desk blocked).
   */
  async releaseIfNoShow(bookingId: string): Promise<DeskBooking | undefined> {
    const { ctx } = this;
    const released = await ctx.store.transact(async (tx) => {
      const booking = await tx.getBooking(bookingId);
      if (!booking || booking.status !== 'booked') return undefined;
      const saved = await tx.putBooking({ ...booking, status: 'released', releaseReason: 'no-show', updatedAt: nowIso(ctx) });
      await queueBookingCalendarSync(ctx, tx, booking, saved);
      await tx.enqueue({ type: JOB.deskReleasedNotify, payload: { bookingId }, dedupeKey: `desk-released:${bookingId}` });
      return saved;
    });
    if (released) {
      ctx.logger.info('desk_released', { bookingId, reason: 'no-show' });
      ctx.onJobsQueued?.();
    }
    return released;
  }
}
