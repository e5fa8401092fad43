/** Port of the calendar sync (Microsoft Graph): absences and change-notification subscriptions. Frozen records. */
import type { Absence, CalendarSubscription } from '../../domain/calendar-model.js';
import type { IsoDate } from '../../domain/dates.js';

export interface CalendarReader {
  /** A person's absences (active or not) with a date in [from, to], by date then id. */
  listAbsencesOfPerson(personId: string, from: IsoDate, to: IsoDate): Promise<Absence[]>;
  /** Absences (active or not) that come from one calendar event, by date then id. */
  listAbsencesOfEvent(personId: string, eventId: string): Promise<Absence[]>;
  getSubscription(id: string): Promise<CalendarSubscription | undefined>;
  /** The person's subscription; should there be several, the one that lives longest. */
  getSubscriptionOfPerson(personId: string): Promise<CalendarSubscription | undefined>;
  /** Subscriptions expiring before `before` (ISO timestamp), for renewal; earliest expiry first. */
  listSubscriptionsExpiringBefore(before: string): Promise<CalendarSubscription[]>;
}

export interface CalendarWriter {
  /** Insert or replace an absence (by id). */
  putAbsence(absence: Absence): Promise<void>;
  /** Insert or replace a subscription (by id). */
  putSubscription(subscription: CalendarSubscription): Promise<void>;
  /** Deletes a subscription; unknown ids are ignored. */
  removeSubscription(id: string): Promise<void>;
}
