/** Port of desk bookings and a person's desk settings. Returned records are frozen. */
import type { IsoDate } from '../../domain/dates.js';
import type { DeskBooking, PersonSettings } from '../../domain/desk-model.js';

export interface BookingReader {
  /** The booking with this id, however old; undefined when unknown. */
  getBooking(id: string): Promise<DeskBooking | undefined>;
  /** Every booking (any status) on one date, optionally only for these desks. Indexed by date. */
  listBookingsOnDate(date: IsoDate, deskIds?: readonly string[]): Promise<DeskBooking[]>;
  /** A person's bookings (any status) with a date in [from, to] (open ends allowed). */
  listBookingsOfPerson(personId: string, from?: IsoDate, to?: IsoDate): Promise<DeskBooking[]>;
  /** Every booking (any status) with a date in [from, to], for reports. */
  listBookingsInRange(from: IsoDate, to: IsoDate): Promise<DeskBooking[]>;
  /** A person's desk settings; undefined when never written. */
  getSettings(personId: string): Promise<PersonSettings | undefined>;
}

export interface BookingWriter {
  /**
   * Insert or replace a desk booking; optimistic versioning as for requests (StoreConflictError).
   * An active booking overlapping another active one of the same desk and date fails the
   * transaction at its end (StoreConflictError). Resolves to the stored (frozen) booking.
   */
  putBooking(booking: DeskBooking): Promise<DeskBooking>;
  /** Insert or replace (by person id). */
  putSettings(settings: PersonSettings): Promise<void>;
}
