/**
 * Desk sharing: the vocabulary of the inventory (sites → buildings → floors → rooms → desks),
 * bookings and the desk rules of the service agreement. Pure types, no behaviour.
 */
import type { IsoDate } from './dates.js';
import type { HalfDay } from './model.js';

export type DeskAttribute =
  | 'docking-station'
  | 'two-monitors'
  | 'height-adjustable'
  | 'accessible'
  | 'quiet-zone'
  | 'phone';

export const DESK_ATTRIBUTES: readonly DeskAttribute[] = [
  'docking-station',
  'two-monitors',
  'height-adjustable',
  'accessible',
  'quiet-zone',
  'phone',
];

export type DeskStatus = 'bookable' | 'assigned' | 'unavailable';

export interface Desk {
  /** Stable id used in cards and bookings, e.g. "RH-2-214-A". */
  id: string;
  /** Short human label, e.g. "214 A". */
  label: string;
  siteId: string;
  buildingId: string;
  floorId: string;
  roomId: string;
  attributes: DeskAttribute[];
  status: DeskStatus;
  /** Person (Entra object id) a desk is assigned to when status = 'assigned'. */
  assignedTo?: string;
  /** Org units whose members may book it first (team neighbourhood); empty = everyone. */
  reservedFor: string[];
}

export interface Floor {
  id: string;
  siteId: string;
  buildingId: string;
  name: string;
  /** Fire-safety maximum of people on this floor per slot (0/undefined = no limit). */
  maxOccupancy?: number;
}

export interface Site {
  id: string;
  name: string;
  /** Maximum occupancy of the whole site per slot. */
  maxOccupancy?: number;
}

export interface DeskInventory {
  sites: Site[];
  buildings: Array<{ id: string; siteId: string; name: string }>;
  floors: Floor[];
  rooms: Array<{ id: string; floorId: string; name: string }>;
  desks: Desk[];
}

/** A booking is for a whole day (both halves) or one half day. */
export type BookingSlot = 'day' | HalfDay;

export type BookingStatus = 'booked' | 'checked-in' | 'cancelled' | 'released';

export interface DeskBooking {
  id: string;
  deskId: string;
  personId: string;
  date: IsoDate;
  slot: BookingSlot;
  status: BookingStatus;
  /** Why it was released: no check-in by the deadline, an absence, or a switch to mobile work. */
  releaseReason?: 'no-show' | 'absence' | 'mobile-work' | 'desk-unavailable';
  /** Id of the recurring series this booking belongs to, if any. */
  seriesId?: string;
  createdAt: string;
  updatedAt: string;
  checkedInAt?: string;
  /** Local time (HH:MM) by which this booking must be checked in, fixed when it was booked. */
  checkInBy?: string;
  /** The Outlook event written for this booking, once synced. */
  calendarEventId?: string;
  version: number;
}

/** Whether colleagues may see one's name in "who is on site". */
export type OnSiteVisibility = 'name' | 'hidden';

export interface PersonSettings {
  personId: string;
  onSiteVisibility?: OnSiteVisibility;
  /** The person needs an accessible desk (barrier-free workplace). */
  needsAccessibleDesk?: boolean;
  updatedAt: string;
}

/** Desk rules from the service agreement (policy), with defaults applied by the policy loader. */
export interface DeskRules {
  /** How far ahead a desk may be booked, in days. */
  bookingWindowDays: number;
  /** Most active (booked / checked-in, today or later) bookings one person may hold. */
  maxActiveBookings: number;
  /** Accessible desks are kept for people who need them until this many days before the date. */
  accessibleReserveDays: number;
  /** Local time (HH:MM) by which a booked desk must be checked in, else it is released. */
  checkInDeadline: string;
  /** Minutes before the deadline when a reminder goes out. */
  checkInReminderMinutes: number;
  /** Default visibility of one's name in the team's "who is on site" view. */
  defaultOnSiteVisibility: OnSiteVisibility;
  /** Team neighbourhoods: members of other units may book a reserved desk this many days before. */
  reservedZoneOpenDays: number;
}
