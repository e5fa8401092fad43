/**
 * May this person book this desk for this slot? Which desks are free for them? What is a good
 * alternative to a desk that is taken?
 *
 * Pure: the caller (src/app/desk-booking-context.ts) gathers the inventory, the resolved desk
 * rules, the bookings of the date and the person's own bookings inside the store transaction
 * that will write the booking, so that check and write cannot race.
 *
 * The rules, in the order their reasons are listed (the first reason is the deciding one):
 *
 * | code | when |
 * |---|---|
 * | UNKNOWN_DESK | no desk with that id (returned alone) |
 * | IN_PAST | date before today |
 * | OUTSIDE_WINDOW | date after today + bookingWindowDays |
 * | NON_WORKING_DAY | Saturday or Sunday, or a weekday with 0 contracted hours for the person |
 * | PUBLIC_HOLIDAY | public holiday of the Bundesland (and region), or a local holiday the policy lists |
 * | DAY_OFF | a whole "dienstfrei" day the policy lists (e.g. 24 December) |
 * | DESK_UNAVAILABLE | desk status `unavailable` |
 * | DESK_ASSIGNED | desk status `assigned` and the person is not the assignee |
 * | ALREADY_BOOKED_SLOT | the person holds an active booking (any desk) overlapping the slot |
 * | MAX_ACTIVE_BOOKINGS | the person holds maxActiveBookings active bookings from today on |
 * | SLOT_TAKEN | someone else holds an active booking of the desk overlapping the slot |
 * | ACCESSIBLE_RESERVED | accessible desk, the person does not need one, today < date − accessibleReserveDays |
 * | ZONE_RESERVED | desk reserved for org units none of which is in the person's chain, today < date − reservedZoneOpenDays |
 * | FLOOR_FULL / SITE_FULL | active bookings overlapping one of the slot's halves reach the floor's / site's maxOccupancy |
 *
 * "Active" = booked or checked in. A day slot overlaps both halves; morning and afternoon do
 * not overlap. Occupancy is counted per half day (a day booking counts in both halves).
 */
import { addDays, weekdayOf, type IsoDate } from './dates.js';
import type { BookingSlot, Desk, DeskAttribute, DeskBooking, DeskInventory, DeskRules, Floor, Site } from './desk-model.js';
import { halvesOf, isActiveBooking, slotsOverlap } from './desk-slots.js';
import { calendarOf, type HolidayScope } from './holiday-calendar.js';
import type { HalfDay } from './model.js';

export type DeskReasonCode =
  | 'UNKNOWN_DESK'
  | 'DESK_UNAVAILABLE'
  | 'DESK_ASSIGNED'
  | 'SLOT_TAKEN'
  | 'IN_PAST'
  | 'OUTSIDE_WINDOW'
  | 'NON_WORKING_DAY'
  | 'PUBLIC_HOLIDAY'
  | 'DAY_OFF'
  | 'MAX_ACTIVE_BOOKINGS'
  | 'ALREADY_BOOKED_SLOT'
  | 'ACCESSIBLE_RESERVED'
  | 'ZONE_RESERVED'
  | 'FLOOR_FULL'
  | 'SITE_FULL';

export const DESK_REASON_CODES: readonly DeskReasonCode[] = [
  'UNKNOWN_DESK', 'DESK_UNAVAILABLE', 'DESK_ASSIGNED', 'SLOT_TAKEN', 'IN_PAST', 'OUTSIDE_WINDOW',
  'NON_WORKING_DAY', 'PUBLIC_HOLIDAY', 'DAY_OFF', 'MAX_ACTIVE_BOOKINGS', 'ALREADY_BOOKED_SLOT', 'ACCESSIBLE_RESERVED',
  'ZONE_RESERVED', 'FLOOR_FULL', 'SITE_FULL',
];

/** A reason never names another person (no ids, no names): cards may show every param. */
export interface DeskReason {
  code: DeskReasonCode;
  params: Record<string, string | number>;
}

export interface BookingContext {
  inventory: DeskInventory;
  rules: DeskRules;
  /** The administration's holidays: a Bundesland code ("BY") or the policy's calendar (region, local holidays, days off). */
  holidays: HolidayScope;
  today: IsoDate;
  person: {
    id: string;
    /** [own unit, parent, …] */
    orgUnitChain: string[];
    needsAccessibleDesk: boolean;
    /** Contracted hours > 0 on that date. */
    worksOn: (date: IsoDate) => boolean;
  };
  /** All bookings of the date asked about (any status); bookings of other dates are ignored. */
  bookingsOnDate: DeskBooking[];
  /** The person's bookings from today on (any status). */
  personBookings: DeskBooking[];
  /** The person's team (for `nearTeam` when no zone is reserved for the team); optional. */
  teamMemberIds?: string[];
}

export interface DeskQuery {
  date: IsoDate;
  slot: BookingSlot;
  siteId?: string;
  floorId?: string;
  /** Every attribute listed must be present. */
  attributes?: DeskAttribute[];
  /** Only desks near the team: see `findFreeDesks`. */
  nearTeam?: boolean;
}

export interface FreeDesk {
  desk: Desk;
  floorName: string;
  siteName: string;
  /** The desk lies in a zone reserved for the person's org unit chain. */
  teamZone: boolean;
}

// ---------------------------------------------------------------- inventory index (memoised per inventory object)

interface InventoryIndex {
  desks: Map<string, Desk>;
  floors: Map<string, Floor>;
  sites: Map<string, Site>;
}

/** The inventory is loaded once and treated as immutable; its index is kept beside it. */
const indexes = new WeakMap<DeskInventory, InventoryIndex>();

function indexOf(inventory: DeskInventory): InventoryIndex {
  let index = indexes.get(inventory);
  if (!index) {
    index = {
      desks: new Map(inventory.desks.map((d) => [d.id, d])),
      floors: new Map(inventory.floors.map((f) => [f.id, f])),
      sites: new Map(inventory.sites.map((s) => [s.id, s])),
    };
    indexes.set(inventory, index);
  }
  return index;
}

// ---------------------------------------------------------------- the state of one date, computed once per call

type HalfLoad = Record<HalfDay, number>;

interface DayState {
  ctx: BookingContext;
  index: InventoryIndex;
  date: IsoDate;
  /** Reasons that concern the date alone (same for every desk). */
  dateReasons: DeskReason[];
  /** Active bookings of the date by desk. */
  activeByDesk: Map<string, DeskBooking[]>;
  floorLoad: Map<string, HalfLoad>;
  siteLoad: Map<string, HalfLoad>;
  /** The person's active bookings on the date (any desk). */
  ownOnDate: DeskBooking[];
  /** The person's active bookings from today on. */
  ownActiveCount: number;
}

function addLoad(map: Map<string, HalfLoad>, key: string, slot: BookingSlot): void {
  let load = map.get(key);
  if (!load) {
    load = { morning: 0, afternoon: 0 };
    map.set(key, load);
  }
  for (const half of halvesOf(slot)) load[half] += 1;
}

function dateReasonsOf(ctx: BookingContext, date: IsoDate): DeskReason[] {
  const reasons: DeskReason[] = [];
  const { today, rules } = ctx;
  if (date < today) reasons.push({ code: 'IN_PAST', params: { date, today } });
  const lastDate = addDays(today, rules.bookingWindowDays);
  if (date > lastDate) reasons.push({ code: 'OUTSIDE_WINDOW', params: { date, lastDate, windowDays: rules.bookingWindowDays } });
  const weekday = weekdayOf(date);
  if (weekday >= 6) reasons.push({ code: 'NON_WORKING_DAY', params: { date, weekday, why: 'weekend' } });
  else if (!ctx.person.worksOn(date)) reasons.push({ code: 'NON_WORKING_DAY', params: { date, weekday, why: 'contract' } });
  const off = calendarOf(ctx.holidays).dayOff(date, 'de');
  if (off && off.portion >= 1) reasons.push({ code: off.kind === 'day-off' ? 'DAY_OFF' : 'PUBLIC_HOLIDAY', params: { date, name: off.name } });
  return reasons;
}

function dayState(ctx: BookingContext, date: IsoDate): DayState {
  const index = indexOf(ctx.inventory);
  const activeByDesk = new Map<string, DeskBooking[]>();
  const floorLoad = new Map<string, HalfLoad>();
  const siteLoad = new Map<string, HalfLoad>();
  const personId = ctx.person.id;
  const own = new Map<string, DeskBooking>();
  for (const b of ctx.bookingsOnDate) {
    if (b.date !== date || !isActiveBooking(b)) continue;
    const list = activeByDesk.get(b.deskId);
    if (list) list.push(b);
    else activeByDesk.set(b.deskId, [b]);
    const desk = index.desks.get(b.deskId);
    if (desk) {
      addLoad(floorLoad, desk.floorId, b.slot);
      addLoad(siteLoad, desk.siteId, b.slot);
    }
    if (b.personId === personId) own.set(b.id, b);
  }
  for (const b of ctx.personBookings) {
    if (b.personId === personId && isActiveBooking(b) && b.date >= ctx.today) own.set(b.id, b);
  }
  const ownAll = [...own.values()];
  return {
    ctx,
    index,
    date,
    dateReasons: dateReasonsOf(ctx, date),
    activeByDesk,
    floorLoad,
    siteLoad,
    ownOnDate: ownAll.filter((b) => b.date === date),
    ownActiveCount: ownAll.filter((b) => b.date >= ctx.today).length,
  };
}

function fullHalf(load: HalfLoad | undefined, slot: BookingSlot, limit: number | undefined): number | undefined {
  if (!limit || limit <= 0) return undefined;
  let worst = 0;
  for (const half of halvesOf(slot)) worst = Math.max(worst, load?.[half] ?? 0);
  return worst >= limit ? worst : undefined;
}

function inChain(desk: Desk, chain: readonly string[]): boolean {
  return desk.reservedFor.some((unit) => chain.includes(unit));
}

function deskReasons(s: DayState, desk: Desk, slot: BookingSlot): DeskReason[] {
  const { ctx, date } = s;
  const { person, rules, today } = ctx;
  const reasons: DeskReason[] = [...s.dateReasons];
  const deskId = desk.id;

  if (desk.status === 'unavailable') reasons.push({ code: 'DESK_UNAVAILABLE', params: { deskId } });
  if (desk.status === 'assigned' && desk.assignedTo !== person.id) reasons.push({ code: 'DESK_ASSIGNED', params: { deskId } });

  const ownOverlap = s.ownOnDate.find((b) => slotsOverlap(b.slot, slot));
  if (ownOverlap) {
    reasons.push({ code: 'ALREADY_BOOKED_SLOT', params: { date, slot: ownOverlap.slot, deskId: ownOverlap.deskId, bookingId: ownOverlap.id } });
  }
  if (s.ownActiveCount >= rules.maxActiveBookings) {
    reasons.push({ code: 'MAX_ACTIVE_BOOKINGS', params: { active: s.ownActiveCount, limit: rules.maxActiveBookings } });
  }
  const taken = (s.activeByDesk.get(deskId) ?? []).find((b) => b.personId !== person.id && slotsOverlap(b.slot, slot));
  if (taken) reasons.push({ code: 'SLOT_TAKEN', params: { deskId, date, slot: taken.slot } });

  if (desk.attributes.includes('accessible') && !person.needsAccessibleDesk) {
    const freeFrom = addDays(date, -rules.accessibleReserveDays);
    if (today < freeFrom) reasons.push({ code: 'ACCESSIBLE_RESERVED', params: { deskId, freeFrom } });
  }
  if (desk.reservedFor.length > 0 && !inChain(desk, person.orgUnitChain)) {
    const freeFrom = addDays(date, -rules.reservedZoneOpenDays);
    if (today < freeFrom) reasons.push({ code: 'ZONE_RESERVED', params: { deskId, freeFrom, reservedFor: desk.reservedFor.join(', ') } });
  }

  const floorLimit = s.index.floors.get(desk.floorId)?.maxOccupancy;
  const floorCount = fullHalf(s.floorLoad.get(desk.floorId), slot, floorLimit);
  if (floorCount !== undefined) reasons.push({ code: 'FLOOR_FULL', params: { floorId: desk.floorId, booked: floorCount, limit: floorLimit ?? 0 } });
  const siteLimit = s.index.sites.get(desk.siteId)?.maxOccupancy;
  const siteCount = fullHalf(s.siteLoad.get(desk.siteId), slot, siteLimit);
  if (siteCount !== undefined) reasons.push({ code: 'SITE_FULL', params: { siteId: desk.siteId, booked: siteCount, limit: siteLimit ?? 0 } });
  return reasons;
}

// ---------------------------------------------------------------- the API

/** Every reason why the person may not book the desk for the slot; [] = may book. */
export function checkBooking(ctx: BookingContext, deskId: string, date: IsoDate, slot: BookingSlot): DeskReason[] {
  const desk = indexOf(ctx.inventory).desks.get(deskId);
  if (!desk) return [{ code: 'UNKNOWN_DESK', params: { deskId } }];
  return deskReasons(dayState(ctx, date), desk, slot);
}

const collator = new Intl.Collator('de', { numeric: true, sensitivity: 'base' });

function byLabel(a: Desk, b: Desk): number {
  return collator.compare(a.label, b.label) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function matchesQuery(desk: Desk, q: DeskQuery): boolean {
  if (q.siteId !== undefined && desk.siteId !== q.siteId) return false;
  if (q.floorId !== undefined && desk.floorId !== q.floorId) return false;
  return (q.attributes ?? []).every((a) => desk.attributes.includes(a));
}

/** Floors where the person's team members hold active bookings on the date. */
function teamFloors(s: DayState): Set<string> {
  const team = new Set(s.ctx.teamMemberIds ?? []);
  team.delete(s.ctx.person.id);
  const floors = new Set<string>();
  if (team.size === 0) return floors;
  for (const bookings of s.activeByDesk.values()) {
    for (const b of bookings) {
      const desk = team.has(b.personId) ? s.index.desks.get(b.deskId) : undefined;
      if (desk) floors.add(desk.floorId);
    }
  }
  return floors;
}

/** Floor of the booking the person made most recently (by createdAt), if any. */
function lastFloor(ctx: BookingContext, index: InventoryIndex): string | undefined {
  let latest: DeskBooking | undefined;
  for (const b of ctx.personBookings) {
    if (b.personId === ctx.person.id && (!latest || b.createdAt > latest.createdAt)) latest = b;
  }
  return latest ? index.desks.get(latest.deskId)?.floorId : undefined;
}

/**
 * Desks free for the slot and bookable by this person (`checkBooking` is empty), matching the
 * query's site, floor and attributes, at most `limit`.
 *
 * Sorted: desks in a zone reserved for the person's org unit chain first; then desks on the floor
 * of the person's most recently made booking; then floors where team members sit that day; then
 * by label (numeric, German collation).
 *
 * `nearTeam`: only desks in zones reserved for the person's chain; when the inventory has no such
 * zone, only desks on floors where team members (`teamMemberIds`) hold bookings that day. When
 * neither exists the result is empty: there is no team to sit near.
 */
export function findFreeDesks(ctx: BookingContext, q: DeskQuery, limit = 10): FreeDesk[] {
  const s = dayState(ctx, q.date);
  if (s.dateReasons.length > 0 || limit <= 0) return [];
  const chain = ctx.person.orgUnitChain;
  const tFloors = teamFloors(s);
  let near: ((d: Desk) => boolean) | undefined;
  if (q.nearTeam) {
    const hasZone = ctx.inventory.desks.some((d) => inChain(d, chain));
    near = hasZone ? (d) => inChain(d, chain) : (d) => tFloors.has(d.floorId);
  }
  const recentFloor = lastFloor(ctx, s.index);
  const found: Array<{ desk: Desk; zone: boolean; recent: boolean; team: boolean }> = [];
  for (const desk of ctx.inventory.desks) {
    if (!matchesQuery(desk, q) || (near && !near(desk))) continue;
    if (deskReasons(s, desk, q.slot).length > 0) continue;
    found.push({ desk, zone: inChain(desk, chain), recent: desk.floorId === recentFloor, team: tFloors.has(desk.floorId) });
  }
  found.sort(
    (a, b) =>
      Number(b.zone) - Number(a.zone) ||
      Number(b.recent) - Number(a.recent) ||
      Number(b.team) - Number(a.team) ||
      byLabel(a.desk, b.desk),
  );
  return found.slice(0, limit).map(({ desk, zone }) => ({
    desk,
    floorName: s.index.floors.get(desk.floorId)?.name ?? desk.floorId,
    siteName: s.index.sites.get(desk.siteId)?.name ?? desk.siteId,
    teamZone: zone,
  }));
}

/**
 * Free desks the person may book instead of `wanted`, at most `limit`: same room first, then the
 * same floor, then the same site (other sites are no alternative). Within each of these, desks
 * with all of the wanted desk's attributes come first, then those with more of them, then by label.
 */
export function alternatives(ctx: BookingContext, wanted: Desk, date: IsoDate, slot: BookingSlot, limit = 3): Desk[] {
  const s = dayState(ctx, date);
  if (s.dateReasons.length > 0 || limit <= 0) return [];
  const ranked: Array<{ desk: Desk; tier: number; all: boolean; matches: number }> = [];
  for (const desk of ctx.inventory.desks) {
    if (desk.id === wanted.id || desk.siteId !== wanted.siteId) continue;
    if (deskReasons(s, desk, slot).length > 0) continue;
    const tier = desk.roomId === wanted.roomId ? 0 : desk.floorId === wanted.floorId ? 1 : 2;
    const matches = wanted.attributes.filter((a) => desk.attributes.includes(a)).length;
    ranked.push({ desk, tier, all: matches === wanted.attributes.length, matches });
  }
  ranked.sort((a, b) => a.tier - b.tier || Number(b.all) - Number(a.all) || b.matches - a.matches || byLabel(a.desk, b.desk));
  return ranked.slice(0, limit).map((r) => r.desk);
}
