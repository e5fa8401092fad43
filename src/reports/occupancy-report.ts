/**
 * Occupancy report for facility management and the Personalrat: per working day and floor, how
 * many desks were booked, checked in and left empty (no-show), the utilisation and the ratio of
 * staff to desks (Münster: desk sharing moves from 2 persons per room to 3:1 or 4:1).
 *
 * Aggregated only: nothing in a row, the CSV or the chart names or identifies a person (no ids,
 * no names, no per-person counts). A value describing fewer than 5 people is shown as `x`, with
 * complementary suppression (suppression.ts). Pure: bookings and inventory are passed in.
 *
 * Definitions (per date and floor):
 * - desks: desks of the floor that are not `unavailable` (status as in the inventory today);
 * - booked: bookings that held a desk – booked, checked in, or released as a no-show (cancelled
 *   bookings and releases for absence / mobile work / a blocked desk do not count);
 * - checkedIn: bookings checked in; noShows: bookings released as no-show;
 * - utilisation: booked half days / (2 × desks), 0…1 (a day booking counts two halves);
 * - noShowRate: noShows / booked (0 when nothing was booked);
 * - deskRatio: staffCount / desks of the whole inventory (the same on every row).
 * Working days: Monday to Friday that are no whole day off in `holidays` (public and local
 * holidays, whole dienstfrei days of the policy). Bookings of desks that
 * are no longer in the inventory are left out.
 */
import { eachDay, weekdayOf, type IsoDate } from '../domain/dates.js';
import type { DeskBooking, DeskInventory } from '../domain/desk-model.js';
import { halvesOf } from '../domain/desk-slots.js';
import { calendarOf, type HolidayScope } from '../domain/holiday-calendar.js';
import type { Locale } from '../domain/model.js';
import { isAnonymousId } from '../privacy/anonymise.js';
import { suppress, SUPPRESSED } from './suppression.js';

export interface OccupancyInput {
  inventory: DeskInventory;
  bookings: DeskBooking[];
  from: IsoDate;
  to: IsoDate;
  staffCount: number;
  /** The administration's holidays: a Bundesland code or the policy's calendar (holidayCalendarOf). */
  holidays: HolidayScope;
}

export interface OccupancyRow {
  date: IsoDate;
  siteId: string;
  siteName: string;
  floorId: string;
  floorName: string;
  desks: number;
  booked: number;
  checkedIn: number;
  noShows: number;
  /** 0…1 */
  utilisation: number;
  /** 0…1 */
  noShowRate: number;
  /** Staff per desk. */
  deskRatio: number;
  /** Values not shown: they describe fewer than 5 people, or would reveal one that does (suppression.ts). */
  suppressed: OccupancyField[];
}

export type OccupancyField = 'booked' | 'checkedIn' | 'noShows' | 'utilisation' | 'noShowRate';

function heldTheDesk(b: DeskBooking): boolean {
  return b.status === 'booked' || b.status === 'checked-in' || (b.status === 'released' && b.releaseReason === 'no-show');
}

export function occupancyReport(input: OccupancyInput): OccupancyRow[] {
  const { inventory, from, to } = input;
  const holidays = calendarOf(input.holidays);
  const usable = inventory.desks.filter((d) => d.status !== 'unavailable');
  const floorOfDesk = new Map(inventory.desks.map((d) => [d.id, d.floorId]));
  const desksPerFloor = new Map<string, number>();
  for (const d of usable) desksPerFloor.set(d.floorId, (desksPerFloor.get(d.floorId) ?? 0) + 1);
  const deskRatio = usable.length > 0 ? input.staffCount / usable.length : 0;
  const siteNames = new Map(inventory.sites.map((s) => [s.id, s.name]));
  const siteOrder = new Map(inventory.sites.map((s, i) => [s.id, i]));
  const floors = [...inventory.floors].sort((a, b) => (siteOrder.get(a.siteId) ?? 0) - (siteOrder.get(b.siteId) ?? 0));

  interface Tally { booked: number; halves: number; checkedIn: number; noShows: number; people: Record<'booked' | 'checkedIn' | 'noShows', People> }
  const tallies = new Map<string, Tally>(); // `${date}|${floorId}`
  for (const b of input.bookings) {
    if (b.date < from || b.date > to || !heldTheDesk(b)) continue;
    const floorId = floorOfDesk.get(b.deskId);
    if (floorId === undefined) continue;
    const key = `${b.date}|${floorId}`;
    let t = tallies.get(key);
    if (!t) tallies.set(key, (t = emptyTally()));
    t.booked += 1;
    t.halves += halvesOf(b.slot).length;
    addPerson(t.people.booked, b.personId);
    if (b.status === 'checked-in') {
      t.checkedIn += 1;
      addPerson(t.people.checkedIn, b.personId);
    }
    if (b.status === 'released') {
      t.noShows += 1;
      addPerson(t.people.noShows, b.personId);
    }
  }

  const rows: OccupancyRow[] = [];
  for (const date of eachDay(from, to)) {
    if (weekdayOf(date) >= 6 || holidays.isWholeDayOff(date)) continue;
    for (const floor of floors) {
      const desks = desksPerFloor.get(floor.id) ?? 0;
      const t = tallies.get(`${date}|${floor.id}`) ?? emptyTally();
      rows.push({
        date,
        siteId: floor.siteId,
        siteName: siteNames.get(floor.siteId) ?? floor.siteId,
        floorId: floor.id,
        floorName: floor.name,
        desks,
        booked: t.booked,
        checkedIn: t.checkedIn,
        noShows: t.noShows,
        utilisation: desks > 0 ? Math.min(1, t.halves / (2 * desks)) : 0,
        noShowRate: t.booked > 0 ? t.noShows / t.booked : 0,
        deskRatio,
        suppressed: suppressedFields(t.people),
      });
    }
  }
  return rows;
}

// ---------------------------------------------------------------- suppression

/** Distinct people of a cell; anonymised bookings (no person) count as at least one person per two. */
interface People {
  ids: Set<string>;
  anonymous: number;
}

function emptyTally(): { booked: number; halves: number; checkedIn: number; noShows: number; people: Record<'booked' | 'checkedIn' | 'noShows', People> } {
  const p = (): People => ({ ids: new Set(), anonymous: 0 });
  return { booked: 0, halves: 0, checkedIn: 0, noShows: 0, people: { booked: p(), checkedIn: p(), noShows: p() } };
}

function addPerson(p: People, personId: string): void {
  if (isAnonymousId(personId)) p.anonymous += 1;
  else p.ids.add(personId);
}

const headcount = (p: People): number => p.ids.size + Math.ceil(p.anonymous / 2);

/**
 * Per row: booked, checked in and no-shows describe groups of people; booked = checked in +
 * no-shows (+ not yet decided), so hiding one of the two parts hides the other as well.
 * Utilisation goes with booked, the no-show rate with booked and no-shows.
 */
function suppressedFields(people: Record<'booked' | 'checkedIn' | 'noShows', People>): OccupancyField[] {
  const hidden = suppress(
    [
      { key: 'booked', people: headcount(people.booked) },
      { key: 'checkedIn', people: headcount(people.checkedIn) },
      { key: 'noShows', people: headcount(people.noShows) },
    ],
    [{ total: 'booked', parts: ['checkedIn', 'noShows'] }],
  );
  const out = [...hidden] as OccupancyField[];
  if (hidden.has('booked')) out.push('utilisation');
  if (hidden.has('booked') || hidden.has('noShows')) out.push('noShowRate');
  return out.sort();
}

// ---------------------------------------------------------------- CSV (Excel)

const CSV_HEADERS: Record<Locale, string[]> = {
  de: ['Datum', 'Standort', 'Etage', 'Plätze', 'Gebucht', 'Eingecheckt', 'Nicht erschienen', 'Auslastung', 'No-Show-Quote', 'Beschäftigte je Platz'],
  en: ['Date', 'Site', 'Floor', 'Desks', 'Booked', 'Checked in', 'No-shows', 'Utilisation', 'No-show rate', 'Staff per desk'],
};

function csvText(value: string): string {
  // A leading = + - @ would make Excel evaluate the cell as a formula (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function decimal(n: number, digits: number, locale: Locale): string {
  const s = n.toFixed(digits);
  return locale === 'de' ? s.replace('.', ',') : s;
}

function csvDate(date: IsoDate, locale: Locale): string {
  return locale === 'de' ? `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}` : date;
}

/**
 * Semicolon-separated, a header row, CRLF line ends. `de`: dates as 02.03.2026 and decimal comma,
 * as German Excel reads them; `en`: ISO dates and decimal point. Shares as fractions with three
 * decimals (0,750). With a UTF-8 BOM by default so that Excel shows umlauts.
 */
export function toCsv(rows: readonly OccupancyRow[], locale: Locale, opts: { bom?: boolean } = {}): string {
  const lines = [CSV_HEADERS[locale].map(csvText).join(';')];
  for (const r of rows) {
    const hide = (field: OccupancyField, text: string): string => (r.suppressed.includes(field) ? SUPPRESSED : text);
    lines.push(
      [
        csvDate(r.date, locale),
        csvText(r.siteName),
        csvText(r.floorName),
        String(r.desks),
        hide('booked', String(r.booked)),
        hide('checkedIn', String(r.checkedIn)),
        hide('noShows', String(r.noShows)),
        hide('utilisation', decimal(r.utilisation, 3, locale)),
        hide('noShowRate', decimal(r.noShowRate, 3, locale)),
        decimal(r.deskRatio, 2, locale),
      ].join(';'),
    );
  }
  return (opts.bom === false ? '' : '\uFEFF') + lines.join('\r\n') + '\r\n';
}

export { toSvgChart, type SvgChartOptions } from './occupancy-chart.js';
