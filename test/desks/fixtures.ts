/**
 * A small desk inventory and helpers for the desk tests (domain, reports, bench).
 *
 * Site s1 "Rathaus" (max 5 per half day): floor f1 "1. OG" (max 3) with rooms r1 (d1, d2) and
 * r2 (d3 accessible, d4 zone of sg-21); floor f2 "2. OG" (no limit) with rooms r3 (d5 assigned,
 * d6 unavailable) and r4 (d7). Site s2 "Außenstelle": floor f3 "EG", room r5 (d8).
 */
import type { IsoDate } from '../../src/domain/dates.js';
import { weekdayOf } from '../../src/domain/dates.js';
import type { BookingContext } from '../../src/domain/desk-availability.js';
import type { BookingSlot, BookingStatus, Desk, DeskBooking, DeskInventory } from '../../src/domain/desk-model.js';
import { DEFAULT_DESK_RULES } from '../../src/domain/desk-rules.js';
import type { HolidayScope } from '../../src/domain/holiday-calendar.js';

export const TODAY: IsoDate = '2026-03-02'; // a Monday

const desk = (id: string, floorId: string, roomId: string, extra: Partial<Desk> = {}): Desk => ({
  id,
  label: id.toUpperCase(),
  siteId: floorId === 'f3' ? 's2' : 's1',
  buildingId: floorId === 'f3' ? 'b2' : 'b1',
  floorId,
  roomId,
  attributes: [],
  status: 'bookable',
  reservedFor: [],
  ...extra,
});

export const inventory: DeskInventory = {
  sites: [
    { id: 's1', name: 'Rathaus', maxOccupancy: 5 },
    { id: 's2', name: 'Außenstelle' },
  ],
  buildings: [
    { id: 'b1', siteId: 's1', name: 'Altbau' },
    { id: 'b2', siteId: 's2', name: 'Bahnhofstraße' },
  ],
  floors: [
    { id: 'f1', siteId: 's1', buildingId: 'b1', name: '1. OG', maxOccupancy: 3 },
    { id: 'f2', siteId: 's1', buildingId: 'b1', name: '2. OG' },
    { id: 'f3', siteId: 's2', buildingId: 'b2', name: 'EG' },
  ],
  rooms: [
    { id: 'r1', floorId: 'f1', name: '101' },
    { id: 'r2', floorId: 'f1', name: '102' },
    { id: 'r3', floorId: 'f2', name: '201' },
    { id: 'r4', floorId: 'f2', name: '202' },
    { id: 'r5', floorId: 'f3', name: '001' },
  ],
  desks: [
    desk('d1', 'f1', 'r1', { attributes: ['docking-station'] }),
    desk('d2', 'f1', 'r1', { attributes: ['docking-station', 'two-monitors'] }),
    desk('d3', 'f1', 'r2', { attributes: ['accessible', 'height-adjustable'] }),
    desk('d4', 'f1', 'r2', { reservedFor: ['sg-21'] }),
    desk('d5', 'f2', 'r3', { status: 'assigned', assignedTo: 'p-assignee' }),
    desk('d6', 'f2', 'r3', { status: 'unavailable' }),
    desk('d7', 'f2', 'r4', { attributes: ['docking-station', 'two-monitors'] }),
    desk('d8', 'f3', 'r5', { attributes: ['docking-station'] }),
  ],
};

let seq = 0;
export function bk(deskId: string, personId: string, date: IsoDate, slot: BookingSlot = 'day', status: BookingStatus = 'booked', extra: Partial<DeskBooking> = {}): DeskBooking {
  seq += 1;
  return {
    id: `b${seq}`,
    deskId,
    personId,
    date,
    slot,
    status,
    createdAt: `2026-02-01T08:00:${String(seq % 60).padStart(2, '0')}.000Z`,
    updatedAt: '2026-02-01T08:00:00.000Z',
    version: 1,
    ...extra,
  };
}

export interface CtxOptions {
  today?: IsoDate;
  personId?: string;
  chain?: string[];
  needsAccessibleDesk?: boolean;
  worksOn?: (d: IsoDate) => boolean;
  bookings?: DeskBooking[];
  teamMemberIds?: string[];
  rules?: Partial<typeof DEFAULT_DESK_RULES>;
  inv?: DeskInventory;
  /** The administration's holidays (default: Bavaria's public holidays). */
  holidays?: HolidayScope;
}

/** A booking context for `date`, built from all bookings the way the store would list them. */
export function ctxFor(date: IsoDate, o: CtxOptions = {}): BookingContext {
  const today = o.today ?? TODAY;
  const personId = o.personId ?? 'p1';
  const all = o.bookings ?? [];
  return {
    inventory: o.inv ?? inventory,
    rules: { ...DEFAULT_DESK_RULES, ...o.rules },
    holidays: o.holidays ?? 'BY',
    today,
    person: {
      id: personId,
      orgUnitChain: o.chain ?? ['it-service', 'lra'],
      needsAccessibleDesk: o.needsAccessibleDesk ?? false,
      worksOn: o.worksOn ?? ((d) => weekdayOf(d) <= 5),
    },
    bookingsOnDate: all.filter((b) => b.date === date),
    personBookings: all.filter((b) => b.personId === personId && b.date >= today),
    ...(o.teamMemberIds ? { teamMemberIds: o.teamMemberIds } : {}),
  };
}
