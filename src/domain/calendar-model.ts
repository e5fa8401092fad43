/**
 * What we know from the people's Outlook calendars (Microsoft Graph): absences (events with
 * `showAs: oof`) and the change-notification subscriptions that keep them current. Pure types.
 */
import type { IsoDate } from './dates.js';

/** A day a person is absent (out of office) according to their calendar. */
export interface Absence {
  /** `${personId}:${date}:${eventId}` — one record per person, day and calendar event. */
  id: string;
  personId: string;
  date: IsoDate;
  /** The Graph event that makes the person absent. */
  eventId: string;
  /** False once the event was deleted or no longer `oof` (kept for the audit of released desks). */
  active: boolean;
  updatedAt: string;
}

/** A Graph change-notification subscription on one person's events (lives ≤ 7 days; renewed). */
export interface CalendarSubscription {
  /** The Graph subscription id. */
  id: string;
  personId: string;
  resource: string;
  /** Secret we gave Graph; every notification must carry it back. */
  clientState: string;
  expiresAt: string;
  createdAt: string;
  /** Delta link of `/users/{id}/calendarView/delta` for the fallback poll. */
  deltaLink?: string;
}
