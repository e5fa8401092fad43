/**
 * Time enters the application here and nowhere else. The domain receives `today` as a local
 * calendar date of the organisation's time zone (Europe/Berlin) and timestamps as ISO strings.
 */
import type { IsoDate } from '../domain/dates.js';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that starts at `start` and runs on with real time (FIXED_NOW): operators rehearse a
 * date (the first day of a new agreement, a Christmas week) with reminders and deadlines moving
 * as they would. Only outside production; config.ts refuses it with an app id.
 */
export class StartingAtClock implements Clock {
  private readonly offset: number;
  constructor(
    start: Date,
    private readonly real: () => number = () => Date.now(),
  ) {
    this.offset = start.getTime() - this.real();
  }
  now(): Date {
    return new Date(this.real() + this.offset);
  }
}

/** The clock of a configuration: FIXED_NOW when set, else the system clock. */
export function clockFor(config: { fixedNow?: Date }): Clock {
  return config.fixedNow ? new StartingAtClock(config.fixedNow) : systemClock;
}

/** A clock for tests that only moves when told to. */
export class ManualClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(date: Date): void {
    this.current = new Date(date.getTime());
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

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
