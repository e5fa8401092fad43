/**
 * findFreeDesks cost vs history (target: the cost does not grow with the number of stored
 * bookings, because the store hands the domain only the bookings of the asked date, from an index).
 *
 *   node --import tsx bench/desk-availability.ts [history=200000] [iterations=2000] [rounds=5]
 *
 * Inventory: 500 desks (2 sites, 10 floors, rooms of 5 desks, attributes and team zones mixed in).
 * The asked date (a week ahead) holds the same 200 bookings in both cases; "full" adds `history`
 * bookings on the working days before today (about 2 years), kept in a date index and a person
 * index as the store keeps them. Each timed call builds the BookingContext from the indexes
 * (listBookingsOnDate, listBookingsOfPerson from today) and runs findFreeDesks for one person.
 * Empty and full alternate for `rounds` rounds; p50/p95 are over all calls, the ratio is of p50.
 * For contrast it also times building bookingsOnDate by filtering the whole history (no index).
 * Not part of `npm test`.
 */
import { performance } from 'node:perf_hooks';
import { addDays, weekdayOf, type IsoDate } from '../src/domain/dates.js';
import { findFreeDesks, type BookingContext } from '../src/domain/desk-availability.js';
import type { BookingSlot, Desk, DeskAttribute, DeskBooking, DeskInventory } from '../src/domain/desk-model.js';
import { DEFAULT_DESK_RULES } from '../src/domain/desk-rules.js';
import { reportResult } from './lib/result.js';

const HISTORY = Number(process.argv[2] ?? 200_000);
const ITERATIONS = Number(process.argv[3] ?? 2000);
const ROUNDS = Number(process.argv[4] ?? 5);
const TODAY: IsoDate = '2026-03-02';
const DATE: IsoDate = '2026-03-09';
const STAFF = 1500;

let seed = 42;
const rnd = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);

function makeInventory(): DeskInventory {
  const inv: DeskInventory = { sites: [], buildings: [], floors: [], rooms: [], desks: [] };
  const attrs: DeskAttribute[] = ['docking-station', 'two-monitors', 'height-adjustable', 'quiet-zone', 'phone'];
  for (let s = 0; s < 2; s++) {
    inv.sites.push({ id: `s${s}`, name: `Standort ${s}`, maxOccupancy: 400 });
    inv.buildings.push({ id: `s${s}-b`, siteId: `s${s}`, name: 'A' });
    for (let f = 0; f < 5; f++) {
      const floorId = `s${s}-f${f}`;
      inv.floors.push({ id: floorId, siteId: `s${s}`, buildingId: `s${s}-b`, name: `${f}. OG`, maxOccupancy: 60 });
      for (let r = 0; r < 10; r++) {
        const roomId = `${floorId}-r${r}`;
        inv.rooms.push({ id: roomId, floorId, name: `${f}${String(r).padStart(2, '0')}` });
        for (let d = 0; d < 5; d++) {
          const n = inv.desks.length;
          const desk: Desk = {
            id: `${roomId}-d${d}`,
            label: `${f}${String(r).padStart(2, '0')}.${d + 1}`,
            siteId: `s${s}`,
            buildingId: `s${s}-b`,
            floorId,
            roomId,
            attributes: attrs.filter((_, i) => (n >> i) % 3 === 0),
            status: n % 97 === 0 ? 'unavailable' : n % 89 === 0 ? 'assigned' : 'bookable',
            reservedFor: r < 2 ? [`ou-${s}-${f}`] : [],
          };
          if (desk.status === 'assigned') desk.assignedTo = `person-${n}`;
          if (n % 50 === 0) desk.attributes.push('accessible');
          inv.desks.push(desk);
        }
      }
    }
  }
  return inv;
}

const SLOTS: BookingSlot[] = ['day', 'day', 'day', 'morning', 'afternoon'];
let bookingSeq = 0;
function bookingsForDay(inv: DeskInventory, date: IsoDate, count: number, past: boolean): DeskBooking[] {
  const desks = [...inv.desks].sort(() => rnd() - 0.5).slice(0, count);
  return desks.map((d) => {
    bookingSeq += 1;
    return {
      id: `b${bookingSeq}`,
      deskId: d.id,
      personId: `person-${Math.floor(rnd() * STAFF)}`,
      date,
      slot: SLOTS[bookingSeq % SLOTS.length]!,
      status: past ? (bookingSeq % 9 === 0 ? 'released' : bookingSeq % 7 === 0 ? 'cancelled' : 'checked-in') : 'booked',
      createdAt: `${addDays(date, -3)}T08:00:00.000Z`,
      updatedAt: `${addDays(date, -3)}T08:00:00.000Z`,
      version: 1,
    };
  });
}

interface Store {
  all: DeskBooking[];
  byDate: Map<IsoDate, DeskBooking[]>;
  byPerson: Map<string, DeskBooking[]>;
}

function storeOf(bookings: DeskBooking[]): Store {
  const byDate = new Map<IsoDate, DeskBooking[]>();
  const byPerson = new Map<string, DeskBooking[]>();
  for (const b of bookings) {
    (byDate.get(b.date) ?? byDate.set(b.date, []).get(b.date)!).push(b);
    (byPerson.get(b.personId) ?? byPerson.set(b.personId, []).get(b.personId)!).push(b);
  }
  return { all: bookings, byDate, byPerson };
}

function ctxFrom(inv: DeskInventory, store: Store, personId: string, useIndex: boolean): BookingContext {
  const bookingsOnDate = useIndex ? (store.byDate.get(DATE) ?? []) : store.all.filter((b) => b.date === DATE);
  const personBookings = (store.byPerson.get(personId) ?? []).filter((b) => b.date >= TODAY);
  return {
    inventory: inv,
    rules: DEFAULT_DESK_RULES,
    holidays: 'BY',
    today: TODAY,
    person: { id: personId, orgUnitChain: ['ou-0-2', 'ou-0'], needsAccessibleDesk: false, worksOn: (d) => weekdayOf(d) <= 5 },
    bookingsOnDate,
    personBookings,
    teamMemberIds: Array.from({ length: 12 }, (_, i) => `person-${i}`),
  };
}

function time(inv: DeskInventory, store: Store, n: number, useIndex: boolean, out: number[]): number {
  let found = 0;
  for (let i = 0; i < n; i++) {
    const personId = `person-${(i * 7) % STAFF}`;
    const t0 = performance.now();
    const ctx = ctxFrom(inv, store, personId, useIndex);
    found += findFreeDesks(ctx, { date: DATE, slot: i % 3 === 0 ? 'morning' : 'day', ...(i % 4 === 0 ? { attributes: ['two-monitors'] } : {}), ...(i % 5 === 0 ? { nearTeam: true } : {}) }).length;
    out.push(performance.now() - t0);
  }
  return found;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (x: number) => `${(x * 1000).toFixed(0)} µs`;

const inv = makeInventory();
const dayBookings = bookingsForDay(inv, DATE, 200, false);
const history: DeskBooking[] = [];
for (let date = addDays(TODAY, -1); history.length < HISTORY; date = addDays(date, -1)) {
  if (weekdayOf(date) >= 6) continue;
  history.push(...bookingsForDay(inv, date, Math.min(385, HISTORY - history.length), true));
}
const empty = storeOf([...dayBookings]);
const full = storeOf([...history, ...dayBookings]);
console.log(`desks ${inv.desks.length}, bookings on ${DATE}: ${dayBookings.length}, history ${history.length} (from ${history[history.length - 1]?.date} to ${history[0]?.date})`);

const tEmpty: number[] = [];
const tFull: number[] = [];
time(inv, empty, 200, true, []);
time(inv, full, 200, true, []); // warm-up
for (let r = 0; r < ROUNDS; r++) {
  time(inv, empty, ITERATIONS, true, tEmpty);
  time(inv, full, ITERATIONS, true, tFull);
}
const tScan: number[] = [];
time(inv, full, Math.max(50, Math.floor(ITERATIONS / 20)), false, tScan);

console.log(`empty history      p50 ${ms(pct(tEmpty, 50))}  p95 ${ms(pct(tEmpty, 95))}`);
console.log(`200k history (idx) p50 ${ms(pct(tFull, 50))}  p95 ${ms(pct(tFull, 95))}`);
console.log(`ratio full/empty   p50 ${(pct(tFull, 50) / pct(tEmpty, 50)).toFixed(2)}x  p95 ${(pct(tFull, 95) / pct(tEmpty, 95)).toFixed(2)}x  (target ≤ 2x)`);
reportResult({ name: `search p50, ${HISTORY} bookings vs none`, figure: pct(tFull, 50), baseline: pct(tEmpty, 50), unit: 'ms', target: { op: '<=', ratio: 2 } });
reportResult({ name: `search p95, ${HISTORY} bookings vs none`, figure: pct(tFull, 95), baseline: pct(tEmpty, 95), unit: 'ms', target: { op: '<=', ratio: 2 } });
console.log(`no index (scan)    p50 ${ms(pct(tScan, 50))}  p95 ${ms(pct(tScan, 95))}  (for contrast: filtering the whole history per call)`);
