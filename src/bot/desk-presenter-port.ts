/** What the bot shows for desk sharing; implemented by `desk-presenter.ts` over `src/cards`. */
import type { TeamDayResult } from '../app/team-day.js';
import type { IsoDate } from '../domain/dates.js';
import type { DeskReason } from '../domain/desk-availability.js';
import type { BookingSlot, Desk, DeskBooking, PersonSettings } from '../domain/desk-model.js';
import type { Locale } from '../domain/model.js';
import type { Card } from './presenter-port.js';

export interface FreeDesk {
  desk: Desk;
  teamZone: boolean;
}

export interface DeskPresenter {
  search(locale: Locale, opts: { today: IsoDate; date?: IsoDate; slot?: BookingSlot; errorText?: string }): Card;
  results(
    locale: Locale,
    r: { date: IsoDate; slot: BookingSlot; desks: FreeDesk[]; headline: 'free' | 'alternatives'; noticeText?: string },
  ): Card;
  booked(locale: Locale, booking: DeskBooking, desk: Desk, checkInDeadline: string, seriesCount?: number, refused?: Array<{ date: IsoDate; reasons: DeskReason[] }>): Card;
  myBookings(locale: Locale, today: IsoDate, bookings: DeskBooking[]): Card;
  checkIn(locale: Locale, booking: DeskBooking, deadline: string, state: 'due' | 'checked-in' | 'already-checked-in' | 'released' | 'reminder', checkedInAt?: string): Card;
  teamDay(locale: Locale, result: TeamDayResult): Card;
  conflict(
    locale: Locale,
    c:
      | { kind: 'mobile-day-on-desk'; date: IsoDate; requestId: string; deskId: string; slot: BookingSlot; deskLabel?: string }
      | { kind: 'desk-on-mobile-day'; date: IsoDate; bookingId: string; deskLabel?: string; dates: IsoDate[]; half?: 'morning' | 'afternoon' },
  ): Card;
  privacy(locale: Locale, settings: { visibility: 'name' | 'hidden'; needsAccessibleDesk: boolean }): Card;
  /** One sentence per reason, translated, e.g. "Dieser Platz ist für diesen Zeitraum schon gebucht." */
  reasonsText(locale: Locale, reasons: DeskReason[]): string;
  settingsOf(s: PersonSettings | undefined, defaultVisibility: 'name' | 'hidden'): { visibility: 'name' | 'hidden'; needsAccessibleDesk: boolean };
}
