/**
 * An instant as the organisation sees it: its calendar date and wall-clock time in a time zone.
 * Pure functions of the instant they are given (time itself enters in src/app/clock.ts).
 */
import type { IsoDate } from './dates.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of `instant` in `timeZone` (e.g. 23:30 UTC on 30 Nov is 1 Dec in Berlin). */
export function localDate(instant: Date, timeZone = 'Europe/Berlin'): IsoDate {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, fmt);
  }
  return fmt.format(instant);
}

const dateTimeFormatters = new Map<string, Intl.DateTimeFormat>();

/** Local calendar date and wall-clock time ("09:30", 24 h) of `instant` in `timeZone`. */
export function localDateTime(instant: Date, timeZone = 'Europe/Berlin'): { date: IsoDate; time: string } {
  let fmt = dateTimeFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    dateTimeFormatters.set(timeZone, fmt);
  }
  const p: Record<string, string> = {};
  for (const part of fmt.formatToParts(instant)) p[part.type] = part.value;
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}
