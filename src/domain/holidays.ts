/**
 * German public holidays per state (Bundesland), from the `date-holidays` library.
 *
 * Only holidays of type `public` count (not observances, not bank or school holidays, not
 * regional ones such as Mariä Himmelfahrt in parts of Bavaria). The library computes holidays
 * in the country's own time zone and reports their local date as `YYYY-MM-DD 00:00:00`; we key
 * on that local date string, so no UTC conversion can move a holiday to a neighbouring day.
 * Instances and per-year tables are cached: the library is slow to build and the quota engine
 * asks for every day of a window.
 */
import Holidays from 'date-holidays';
import { isIsoDate, type IsoDate } from './dates.js';
import type { Locale } from './model.js';

const GERMAN_STATES = [
  'BB', 'BE', 'BW', 'BY', 'HB', 'HE', 'HH', 'MV',
  'NI', 'NW', 'RP', 'SH', 'SL', 'SN', 'ST', 'TH',
] as const;

export type GermanState = (typeof GERMAN_STATES)[number];

/** True for one of the 16 German state codes ("BY", "NW", …), case-sensitive. */
export function isValidGermanState(code: string): code is GermanState {
  return (GERMAN_STATES as readonly string[]).includes(code);
}

const instances = new Map<string, Holidays>();
/** key `${state}|${year}|${locale}` → local date → holiday name */
const tables = new Map<string, Map<IsoDate, string>>();

function instanceFor(state: string): Holidays {
  let h = instances.get(state);
  if (!h) {
    h = new Holidays('DE', state, { types: ['public'] });
    instances.set(state, h);
  }
  return h;
}

function tableFor(state: string, year: number, locale: Locale): Map<IsoDate, string> {
  const key = `${state}|${year}|${locale}`;
  let table = tables.get(key);
  if (!table) {
    table = new Map();
    for (const holiday of instanceFor(state).getHolidays(year, locale)) {
      if (holiday.type !== 'public') continue;
      const date = holiday.date.slice(0, 10);
      // Keep the first name if two public holidays share a date.
      if (!table.has(date)) table.set(date, holiday.name);
    }
    tables.set(key, table);
  }
  return table;
}

/**
 * The name of the public holiday in `state` on `date` in the given language, or undefined when
 * the day is no public holiday. Throws a RangeError for an unknown state or a non-ISO date.
 */
export function publicHolidayName(state: string, date: IsoDate, locale: Locale): string | undefined {
  if (!isValidGermanState(state)) throw new RangeError(`not a German state code: ${state}`);
  if (!isIsoDate(date)) throw new RangeError(`not an ISO date: ${date}`);
  return tableFor(state, Number(date.slice(0, 4)), locale).get(date);
}

/** True when `date` is a statutory public holiday in the German `state`. */
export function isPublicHoliday(state: string, date: IsoDate): boolean {
  return publicHolidayName(state, date, 'de') !== undefined;
}
