/**
 * The days an administration does not work, as it has them: the public holidays of its
 * Bundesland (and of a region of it, where the holiday library knows one, e.g. the Augsburger
 * Friedensfest in the city of Augsburg), extra local holidays, and "dienstfrei" days (whole or
 * half, e.g. 24 and 31 December) that the agreement lists.
 *
 * A date in a list is either a full date (`2026-06-12`, once) or `MM-DD` (every year). A whole
 * day off is no working day; a half day off halves the hours to be worked that day (and the
 * remote hours a mobile-work day there counts).
 */
import Holidays from 'date-holidays';
import { isIsoDate, type IsoDate } from './dates.js';
import { isValidGermanState } from './holidays.js';
import type { Locale } from './model.js';

export interface ListedDay {
  /** `YYYY-MM-DD` (once) or `MM-DD` (every year). */
  date: string;
  name: string;
  /** 1 = whole day, 0.5 = half day. */
  portion: 1 | 0.5;
}

export interface HolidaySettings {
  /** Region code of the holiday library within the state (e.g. "A" = Stadt Augsburg in BY). */
  region?: string;
  /** Extra holidays of the place (whole days), e.g. a local patron saint's day. */
  local: ListedDay[];
  /** "Dienstfrei" days of the administration, whole or half. */
  daysOff: ListedDay[];
}

export interface DayOff {
  name: string;
  /** 1 = the whole day is off, 0.5 = half of it. */
  portion: 1 | 0.5;
  kind: 'public' | 'local' | 'day-off';
}

/** The regions the holiday library knows for a German state: code → name. */
export function regionsOf(state: string): Record<string, string> {
  return (new Holidays().getRegions('DE', state) as Record<string, string> | undefined) ?? {};
}

export class HolidayCalendar {
  private readonly library: Holidays;
  private readonly tables = new Map<string, Map<IsoDate, string>>();
  /** locale → date → what is off (null = nothing); the engine asks for the same days often. */
  private readonly memo = { de: new Map<IsoDate, DayOff | null>(), en: new Map<IsoDate, DayOff | null>() };

  constructor(
    readonly state: string,
    readonly settings: HolidaySettings = { local: [], daysOff: [] },
  ) {
    if (!isValidGermanState(state)) throw new RangeError(`not a German state code: ${state}`);
    this.library = settings.region
      ? new Holidays('DE', state, settings.region, { types: ['public'] })
      : new Holidays('DE', state, { types: ['public'] });
  }

  private publicTable(year: number, locale: Locale): Map<IsoDate, string> {
    const key = `${year}|${locale}`;
    let table = this.tables.get(key);
    if (!table) {
      table = new Map();
      for (const h of this.library.getHolidays(year, locale)) {
        if (h.type !== 'public') continue;
        const date = h.date.slice(0, 10);
        if (!table.has(date)) table.set(date, h.name);
      }
      this.tables.set(key, table);
    }
    return table;
  }

  /** What is off on `date`, the larger portion first (a public holiday wins over a half day off). */
  dayOff(date: IsoDate, locale: Locale = 'de'): DayOff | undefined {
    const memo = this.memo[locale];
    const known = memo.get(date);
    if (known !== undefined) return known ?? undefined;
    const found = this.lookup(date, locale);
    memo.set(date, found ?? null);
    return found;
  }

  private lookup(date: IsoDate, locale: Locale): DayOff | undefined {
    if (!isIsoDate(date)) throw new RangeError(`not an ISO date: ${date}`);
    const name = this.publicTable(Number(date.slice(0, 4)), locale).get(date);
    if (name !== undefined) return { name, portion: 1, kind: 'public' };
    const md = date.slice(5);
    const local = this.settings.local.find((d) => d.date === date || d.date === md);
    if (local) return { name: local.name, portion: 1, kind: 'local' };
    const off = this.settings.daysOff
      .filter((d) => d.date === date || d.date === md)
      .sort((a, b) => b.portion - a.portion)[0];
    return off ? { name: off.name, portion: off.portion, kind: 'day-off' } : undefined;
  }

  /** Share of the day that is off: 0, 0.5 or 1. */
  offPortion(date: IsoDate): number {
    return this.dayOff(date)?.portion ?? 0;
  }

  /** A whole day off (public or local holiday, whole dienstfrei day). */
  isWholeDayOff(date: IsoDate): boolean {
    return this.offPortion(date) >= 1;
  }
}

/** Either a state code (public holidays of the state only) or a full calendar. */
export type HolidayScope = string | HolidayCalendar;

const byState = new Map<string, HolidayCalendar>();
const byPolicy = new WeakMap<object, HolidayCalendar>();

export function calendarOf(scope: HolidayScope): HolidayCalendar {
  if (typeof scope !== 'string') return scope;
  let c = byState.get(scope);
  if (!c) {
    c = new HolidayCalendar(scope);
    byState.set(scope, c);
  }
  return c;
}

/** The calendar of a policy (state, region, local holidays, days off), built once per policy. */
export function holidayCalendarOf(policy: { organisation: { state: string }; holidays?: HolidaySettings }): HolidayCalendar {
  if (!policy.holidays) return calendarOf(policy.organisation.state);
  let c = byPolicy.get(policy);
  if (!c) {
    c = new HolidayCalendar(policy.organisation.state, policy.holidays);
    byPolicy.set(policy, c);
  }
  return c;
}
