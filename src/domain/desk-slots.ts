/**
 * Booking slots: a whole day covers both halves; two slots overlap when they share a half.
 */
import type { BookingSlot, DeskBooking } from './desk-model.js';
import type { HalfDay } from './model.js';

export const BOOKING_SLOTS: readonly BookingSlot[] = ['day', 'morning', 'afternoon'];

/** The half days a slot covers: day → [morning, afternoon]. */
export function halvesOf(slot: BookingSlot): HalfDay[] {
  return slot === 'day' ? ['morning', 'afternoon'] : [slot];
}

/** True when the two slots share at least one half day. */
export function slotsOverlap(a: BookingSlot, b: BookingSlot): boolean {
  return a === 'day' || b === 'day' || a === b;
}

/** A booking that holds its desk: booked or checked in (not cancelled, not released). */
export function isActiveBooking(b: DeskBooking): boolean {
  return b.status === 'booked' || b.status === 'checked-in';
}
