/**
 * The orders the port promises for its lists, applied in JS after the SQL query (the same
 * comparisons as the in-memory adapters: code-unit string order, not the database's collation),
 * and `frozen`: records handed out are immutable.
 */
import type { Absence, CalendarSubscription } from '../../domain/calendar-model.js';
import type { DeskBooking } from '../../domain/desk-model.js';
import type { Incident } from '../../domain/vpn-model.js';
import { deepFreeze } from '../frozen.js';

type Created = { createdAt: string; id: string };

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function byCreated(a: Created, b: Created): number {
  return cmp(a.createdAt, b.createdAt) || cmp(a.id, b.id);
}

export function byCreatedDesc(a: Created, b: Created): number {
  return byCreated(b, a);
}

export function byDateCreated(a: DeskBooking, b: DeskBooking): number {
  return cmp(a.date, b.date) || byCreated(a, b);
}

export function byDateId(a: Absence, b: Absence): number {
  return cmp(a.date, b.date) || cmp(a.id, b.id);
}

export function byOpened(a: Incident, b: Incident): number {
  return cmp(a.openedAt, b.openedAt) || cmp(a.id, b.id);
}

/** Earlier expiry first (as instants, whatever the offset), then by id. */
export function byExpiry(a: CalendarSubscription, b: CalendarSubscription): number {
  return Date.parse(a.expiresAt) - Date.parse(b.expiresAt) || cmp(a.id, b.id);
}

/** Deep-freezes a record parsed from SQL (the port's immutable records, src/store/frozen.ts). */
export function frozen<T>(value: T): T {
  return deepFreeze(value);
}
