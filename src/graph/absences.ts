/**
 * Reading absences out of Microsoft Graph calendar events: an event with `showAs: "oof"` makes
 * its owner absent on every calendar day it touches, in the organisation's time zone
 * (Europe/Berlin). Pure functions, no I/O: the handlers fetch the events (single event, series
 * instances, or `calendarView/delta` pages) and hand them here, the use case
 * (`src/app/absences.ts`) keeps only the person's working days.
 *
 * Time rules:
 * - all-day events are "floating": Graph gives midnight to midnight (end exclusive) whatever
 *   time zone is asked for, so their dates are taken as written;
 * - timed events are converted from their `timeZone` (UTC by default for app-only calls, an IANA
 *   name, or a Windows name such as "W. Europe Standard Time") into the organisation's zone; a day
 *   is touched when any part of the event falls on it (an event ending at 00:00 does not touch
 *   the next day). A two-hour oof appointment therefore marks the whole day absent: this matches
 *   Outlook, where oof is meant for absences, not for meetings;
 * - cancelled events, deleted ones (`@removed` in a delta page) and series masters (their
 *   occurrences come separately) give no dates.
 */
import { z } from 'zod';
import { localDate } from '../domain/local-time.js';
import { addDays, eachDay, type IsoDate } from '../domain/dates.js';

const dateTimeTimeZone = z.object({ dateTime: z.string().min(10), timeZone: z.string().optional() });

/** The fields of a Graph `event` we read (`$select=id,showAs,isAllDay,isCancelled,type,start,end`). */
export const graphEventSchema = z.object({
  id: z.string().min(1),
  showAs: z.string().optional(),
  isAllDay: z.boolean().optional(),
  isCancelled: z.boolean().optional(),
  type: z.string().optional(),
  start: dateTimeTimeZone.optional(),
  end: dateTimeTimeZone.optional(),
  /** Present on delta items for deleted events (`{ reason: "deleted" }`). */
  '@removed': z.object({ reason: z.string().optional() }).optional(),
});
export type GraphEvent = z.output<typeof graphEventSchema>;

/** `$select` for every event read of this module. */
export const EVENT_SELECT = 'id,showAs,isAllDay,isCancelled,type,start,end';

/** What one calendar event means for absences: the days it makes the person absent (none = not absent). */
export interface EventAbsence {
  eventId: string;
  /** Every calendar day the oof event touches, ascending; empty when not (or no longer) oof. */
  dates: IsoDate[];
}

/** One event could span years (parental leave); we never record more days than this for one event. */
export const MAX_DAYS_PER_EVENT = 400;

/** Windows time-zone names Graph uses (Outlook's `originalStartTimeZone`), mapped to IANA. */
const WINDOWS_ZONES: Readonly<Record<string, string>> = {
  'W. Europe Standard Time': 'Europe/Berlin',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Central European Standard Time': 'Europe/Warsaw',
  'Romance Standard Time': 'Europe/Paris',
  'GMT Standard Time': 'Europe/London',
  'Greenwich Standard Time': 'Atlantic/Reykjavik',
  'E. Europe Standard Time': 'Europe/Chisinau',
  'FLE Standard Time': 'Europe/Kiev',
  'Eastern Standard Time': 'America/New_York',
  'Pacific Standard Time': 'America/Los_Angeles',
  'tzone://Microsoft/Utc': 'UTC',
  'Coordinated Universal Time': 'UTC',
};

/** The days an event makes its owner absent (see the module comment). */
export function absenceOfEvent(event: GraphEvent, timeZone = 'Europe/Berlin'): EventAbsence {
  const none = { eventId: event.id, dates: [] };
  if (event['@removed'] || event.isCancelled === true) return none;
  if ((event.showAs ?? '').toLowerCase() !== 'oof') return none;
  if (event.type === 'seriesMaster') return none;
  if (!event.start || !event.end) return none;

  let first: IsoDate;
  let last: IsoDate;
  if (event.isAllDay === true && isMidnight(event.start.dateTime) && isMidnight(event.end.dateTime)) {
    first = event.start.dateTime.slice(0, 10);
    last = addDays(event.end.dateTime.slice(0, 10), -1);
  } else {
    const start = instantOf(event.start.dateTime, event.start.timeZone, timeZone);
    const end = instantOf(event.end.dateTime, event.end.timeZone, timeZone);
    if (start === undefined || end === undefined) return none;
    first = localDate(new Date(start), timeZone);
    last = localDate(new Date(Math.max(start, end - 1)), timeZone);
  }
  if (last < first) last = first;
  const lastAllowed = addDays(first, MAX_DAYS_PER_EVENT - 1);
  return { eventId: event.id, dates: eachDay(first, last < lastAllowed ? last : lastAllowed) };
}

/** Events from a delta page or notification read, parsed leniently: unreadable items are skipped. */
export function parseEvents(items: readonly unknown[]): GraphEvent[] {
  const out: GraphEvent[] = [];
  for (const item of items) {
    const parsed = graphEventSchema.safeParse(item);
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}

function isMidnight(dateTime: string): boolean {
  return /^\d{4}-\d{2}-\d{2}(T00:00(:00(\.0+)?)?)?Z?$/.test(dateTime);
}

/**
 * The instant (ms) of a wall-clock `dateTime` in `zone`. A time with an explicit offset or `Z`
 * is taken as is. An unknown zone name falls back to the organisation's zone.
 */
export function instantOf(dateTime: string, zone: string | undefined, fallbackZone: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(dateTime.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', offset] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (offset !== undefined) {
    if (offset === 'Z') return wall;
    const sign = offset.startsWith('-') ? -1 : 1;
    return wall - sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) * 60_000;
  }
  const iana = ianaZone(zone ?? 'UTC', fallbackZone);
  if (iana === 'UTC') return wall;
  // Wall time → instant: subtract the zone's offset at that moment (twice, for DST edges).
  let instant = wall - offsetMs(iana, wall);
  instant = wall - offsetMs(iana, instant);
  return instant;
}

function ianaZone(zone: string, fallbackZone: string): string {
  if (zone === 'UTC' || zone === 'Etc/UTC' || zone === 'GMT') return 'UTC';
  const mapped = WINDOWS_ZONES[zone];
  if (mapped) return mapped;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    return fallbackZone;
  }
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Offset of `zone` from UTC at `instant`, in ms (Berlin in winter: +3,600,000). */
function offsetMs(zone: string, instant: number): number {
  let fmt = offsetFormatters.get(zone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    offsetFormatters.set(zone, fmt);
  }
  const parts: Record<string, number> = {};
  for (const p of fmt.formatToParts(new Date(instant))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return asUtc - (instant - (instant % 1000));
}
