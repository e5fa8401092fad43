/**
 * The Outlook events we write, as Graph `event` bodies. Pure functions.
 *
 * - approved mobile-work day: "Mobiles Arbeiten" ("Mobile work" for English speakers),
 *   `showAs: workingElsewhere`, no attendees, no reminder, category "Mobiles Arbeiten";
 *   a whole day is an all-day event (midnight to midnight in the organisation's time zone),
 *   a half day a timed event: morning 08:00–12:00, afternoon 12:00–16:00 local time
 *   (`HALF_DAY_TIMES`; Graph has no "half all-day" event, and a free/busy block of the half
 *   is what colleagues need to see)
 * - desk booking: "Büro – Platz 214 A" with the desk as `location.displayName`
 *   ("Platz 214 A, 2. OG, Hauptgebäude"), `showAs: free` (being in the office does not make one
 *   busy), category "Arbeitsplatzbuchung"
 *
 * `transactionId` makes the create idempotent: Graph returns the existing event when a create
 * with the same transactionId is repeated (a retry after a timeout). It is derived from the
 * deployment's id and our ids (`mwb:{deployment}:day-{requestId}-{date}`,
 * `mwb:{deployment}:desk-{bookingId}`), readable, and marks the event as THIS deployment's for the
 * reconciliation: a staging and a production bot on the same mailboxes never take each other's
 * events for orphans. Events written before deployment ids (`mwb-day-…`, `mwb-desk-…`) count as
 * ours only when the request or booking they name is in our store (`ownerOfTransactionId`).
 */
import type { DateTimeTimeZone, Event as GraphEvent } from '@microsoft/microsoft-graph-types';
import { addDays, type IsoDate } from '../domain/dates.js';
import type { BookingSlot, DeskInventory } from '../domain/desk-model.js';
import type { HalfDay, Locale } from '../domain/model.js';

export const CATEGORY_MOBILE_WORK = 'Mobiles Arbeiten';
export const CATEGORY_DESK = 'Arbeitsplatzbuchung';
/** Every category we write; the reconciliation looks for orphans in these. */
export const OUR_CATEGORIES = [CATEGORY_MOBILE_WORK, CATEGORY_DESK] as const;
/** Prefix of every transactionId this deployment writes. */
export function transactionPrefix(deploymentId: string): string {
  return `mwb:${deploymentId}:`;
}
/** Prefix of the transactionIds written before deployment ids existed. */
export const LEGACY_TRANSACTION_PREFIX = 'mwb-';

/**
 * Whose event a transactionId marks: this deployment's (`ours`), one written before deployment ids
 * that names a request or booking (`legacy`, ours if that record is in our store), or someone else's.
 */
export function ownerOfTransactionId(
  transactionId: string | null | undefined,
  deploymentId: string,
): { kind: 'ours' } | { kind: 'legacy'; requestId?: string; bookingId?: string } | { kind: 'other' } {
  if (!transactionId) return { kind: 'other' };
  if (transactionId.startsWith(transactionPrefix(deploymentId))) return { kind: 'ours' };
  const day = /^mwb-day-(.+)-\d{4}-\d{2}-\d{2}(?:-r\d{8})?$/.exec(transactionId);
  if (day?.[1]) return { kind: 'legacy', requestId: day[1] };
  const desk = /^mwb-desk-(.+?)(?:-r\d{8})?$/.exec(transactionId);
  if (desk?.[1]) return { kind: 'legacy', bookingId: desk[1] };
  return { kind: 'other' };
}

/** Local wall times of half days (documented in the README). */
export const HALF_DAY_TIMES: Record<HalfDay, { start: string; end: string }> = {
  morning: { start: '08:00', end: '12:00' },
  afternoon: { start: '12:00', end: '16:00' },
};

/** Windows names Exchange prefers; other IANA names are passed as they are (Graph accepts them). */
const WINDOWS_TIME_ZONES: Record<string, string> = {
  'Europe/Berlin': 'W. Europe Standard Time',
  'Europe/Vienna': 'W. Europe Standard Time',
  'Europe/Zurich': 'W. Europe Standard Time',
  UTC: 'UTC',
};

export function graphTimeZone(iana: string): string {
  return WINDOWS_TIME_ZONES[iana] ?? iana;
}

export function dayTransactionId(deploymentId: string, requestId: string, date: IsoDate, suffix?: string): string {
  return `${transactionPrefix(deploymentId)}day-${requestId}-${date}${suffix ? `-${suffix}` : ''}`;
}

export function bookingTransactionId(deploymentId: string, bookingId: string, suffix?: string): string {
  return `${transactionPrefix(deploymentId)}desk-${bookingId}${suffix ? `-${suffix}` : ''}`;
}

function span(date: IsoDate, slot: BookingSlot, timeZone: string): Pick<GraphEvent, 'start' | 'end' | 'isAllDay'> {
  const tz = graphTimeZone(timeZone);
  const at = (d: IsoDate, hhmm: string): DateTimeTimeZone => ({ dateTime: `${d}T${hhmm}:00`, timeZone: tz });
  if (slot === 'day') return { isAllDay: true, start: at(date, '00:00'), end: at(addDays(date, 1), '00:00') };
  const t = HALF_DAY_TIMES[slot];
  return { isAllDay: false, start: at(date, t.start), end: at(date, t.end) };
}

export interface DayEventInput {
  requestId: string;
  requestNumber: string;
  date: IsoDate;
  half?: HalfDay;
  locale: Locale;
  timeZone: string;
  transactionId?: string;
  /** This deployment's id (GRAPH_DEPLOYMENT_ID); used when no transactionId is given. Default 'local'. */
  deploymentId?: string;
}

export function mobileWorkEvent(input: DayEventInput): GraphEvent {
  const en = input.locale === 'en';
  return {
    subject: en ? 'Mobile work' : 'Mobiles Arbeiten',
    body: {
      contentType: 'text',
      content: en
        ? `Approved mobile-work day (request ${input.requestNumber}). Entered by the mobile-work bot; changes are made in Teams.`
        : `Genehmigter Tag mobiles Arbeiten (Antrag ${input.requestNumber}). Eingetragen vom Bot „Mobiles Arbeiten“; Änderungen bitte in Teams.`,
    },
    ...span(input.date, input.half ?? 'day', input.timeZone),
    showAs: 'workingElsewhere',
    categories: [CATEGORY_MOBILE_WORK],
    isReminderOn: false,
    attendees: [],
    transactionId: input.transactionId ?? dayTransactionId(input.deploymentId ?? 'local', input.requestId, input.date),
  };
}

export interface BookingEventInput {
  bookingId: string;
  date: IsoDate;
  slot: BookingSlot;
  deskLabel: string;
  location: string;
  locale: Locale;
  timeZone: string;
  transactionId?: string;
  /** This deployment's id (GRAPH_DEPLOYMENT_ID); used when no transactionId is given. Default 'local'. */
  deploymentId?: string;
}

export function deskBookingEvent(input: BookingEventInput): GraphEvent {
  const en = input.locale === 'en';
  return {
    subject: en ? `Office – desk ${input.deskLabel}` : `Büro – Platz ${input.deskLabel}`,
    body: {
      contentType: 'text',
      content: en
        ? 'Desk booked with the mobile-work bot. Check in in Teams; cancel there too.'
        : 'Arbeitsplatz gebucht mit dem Bot „Mobiles Arbeiten“. Einchecken und stornieren in Teams.',
    },
    ...span(input.date, input.slot, input.timeZone),
    location: { displayName: input.location },
    showAs: 'free',
    categories: [CATEGORY_DESK],
    isReminderOn: false,
    attendees: [],
    transactionId: input.transactionId ?? bookingTransactionId(input.deploymentId ?? 'local', input.bookingId),
  };
}

/** "Platz 214 A, 2. OG, Hauptgebäude" (desk, floor, building; the site too when there are several). */
export function deskLocation(inventory: DeskInventory, deskId: string, locale: Locale): { label: string; text: string } | undefined {
  const desk = inventory.desks.find((d) => d.id === deskId);
  if (!desk) return undefined;
  const floor = inventory.floors.find((f) => f.id === desk.floorId);
  const building = inventory.buildings.find((b) => b.id === desk.buildingId);
  const site = inventory.sites.length > 1 ? inventory.sites.find((s) => s.id === desk.siteId) : undefined;
  const parts = [`${locale === 'en' ? 'Desk' : 'Platz'} ${desk.label}`, floor?.name, building?.name, site?.name].filter(
    (p): p is string => typeof p === 'string' && p !== '',
  );
  return { label: desk.label, text: parts.join(', ') };
}
