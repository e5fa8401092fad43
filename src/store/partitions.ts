/**
 * File layout of the partitioned lowdb store (format 2): which file a record lives in.
 *
 *   <dataDir>/manifest.json               { format: 2, lastSeq, savedAt }   (lowdb)
 *   <dataDir>/<kind>/<key>.json           { format: 2, kind, key, lastSeq, records: [...] } (lowdb)
 *   <dataDir>/<kind>/<key>.idx            sorted 32-bit hashes of the partition's ids (history kinds)
 *   <dataDir>/values/all.json             { format: 2, kind, key, lastSeq, sequences, helpfulness, vpnRecentReports }
 *
 * Keys: `YYYY-MM-DD` = an ISO week (its Monday), `YYYY-MM` = a month, `open` = records still
 * being worked on whatever their date, `all` = one file for the whole kind.
 * - requests: the week of the request's LAST day (so every partition from a date on holds every
 *   request with a day on or after it); pending requests in `open`.
 * - bookings, absences: the week of the date.
 * - jobs: pending and dead jobs in `open`, done ones by the month of createdAt (pruned after 7 days).
 * - tickets: by the month of createdAt; incidents: by the month of openedAt.
 * - delegations, conversations, settings, subscriptions, vpnDrafts, values: `all` (bounded by
 *   the staff, not by history).
 * Weeks keep a file small (a week of bookings of 1,500 desks is at most 15,000 records, ~5 MB),
 * so lowdb's synchronous stringify of one file stays well under 100 ms.
 *
 * History kinds (requests, bookings) are loaded only from the horizon on (see `lowdb-store.ts`);
 * every other kind is always loaded in full (absences too: `listAbsencesOfEvent` has no date, and
 * is asked on every calendar change).
 */
import { crc32 } from 'node:zlib';
import { addDays, addMonths, endOfMonth, startOfIsoWeek, startOfMonth, type IsoDate } from '../domain/dates.js';
import type { MemoryState } from './memory-state.js';
import type { RecordTable } from './store.js';

export type PartitionedKind = RecordTable;
export type Kind = PartitionedKind | 'values';

export const KINDS: readonly Kind[] = [
  'requests',
  'bookings',
  'absences',
  'jobs',
  'tickets',
  'incidents',
  'delegations',
  'conversations',
  'settings',
  'subscriptions',
  'vpnDrafts',
  'values',
];

/** Kinds that grow with history: only partitions from the horizon on are held in memory. */
export const HISTORY_KINDS: ReadonlySet<Kind> = new Set<Kind>(['requests', 'bookings']);

export const OPEN = 'open';
export const ALL = 'all';

const week = (date: string): string => startOfIsoWeek(date.slice(0, 10));
const month = (date: string): string => date.slice(0, 7);

interface AnyRecord {
  id?: string;
  userId?: string;
  personId?: string;
  status?: string;
  date?: string;
  createdAt?: string;
  openedAt?: string;
  days?: Array<{ date: string }>;
}

/** The id a record is stored under in its kind (conversations by user, settings by person). */
export function idOf(kind: PartitionedKind, r: unknown): string {
  const rec = r as AnyRecord;
  if (kind === 'conversations') return rec.userId as string;
  if (kind === 'settings') return rec.personId as string;
  return rec.id as string;
}

/** The partition key of a record of `kind` (see the file comment). */
export function keyOf(kind: PartitionedKind, r: unknown): string {
  const rec = r as AnyRecord;
  switch (kind) {
    case 'requests': {
      if (rec.status === 'pending') return OPEN;
      let last = '';
      for (const d of rec.days ?? []) if (d.date > last) last = d.date;
      return week(last || (rec.createdAt ?? '1970-01-01'));
    }
    case 'bookings':
    case 'absences':
      return week(rec.date ?? '1970-01-01');
    case 'jobs':
      return rec.status === 'done' ? month(rec.createdAt ?? '1970-01') : OPEN;
    case 'tickets':
      return month(rec.createdAt ?? '1970-01');
    case 'incidents':
      return month(rec.openedAt ?? '1970-01');
    default:
      return ALL;
  }
}

/** Last date a partition covers (`open`/`all`: never ends). */
export function periodEnd(key: string): IsoDate {
  if (key === OPEN || key === ALL) return '9999-12-31';
  if (key.length === 7) return endOfMonth(`${key}-01`);
  return addDays(key, 6);
}

/** First date a partition covers. */
export function periodStart(key: string): IsoDate {
  if (key === OPEN || key === ALL) return '0000-01-01';
  if (key.length === 7) return `${key}-01`;
  return key;
}

/** First day of the month `months` before the month of `today`: the default horizon. */
export function horizonStart(today: IsoDate, months: number): IsoDate {
  return addMonths(startOfMonth(today), -months);
}

export const partitionId = (kind: Kind, key: string): string => `${kind}/${key}`;

export function splitPartitionId(id: string): { kind: Kind; key: string } {
  const i = id.indexOf('/');
  return { kind: id.slice(0, i) as Kind, key: id.slice(i + 1) };
}

export const KEY_FILE = /^(open|all|\d{4}-\d{2}|\d{4}-\d{2}-\d{2})\.json$/;

/** 32-bit hash of an id for the compact id index of partitions not in memory. */
export function idHash(id: string): number {
  return crc32(id);
}

/** Sorted hashes of ids, as stored in `<key>.idx`. */
export function hashIndex(ids: Iterable<string>): Uint32Array {
  const out = Uint32Array.from(ids, idHash);
  out.sort();
  return out;
}

export function indexHas(index: Uint32Array, id: string): boolean {
  const h = idHash(id);
  let lo = 0;
  let hi = index.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = index[mid] as number;
    if (v === h) return true;
    if (v < h) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** The state's map of a kind (records by their id). */
export function tableOf(state: MemoryState, kind: PartitionedKind): ReadonlyMap<string, unknown> {
  return state[kind] as ReadonlyMap<string, unknown>;
}

/** A partition file's body as written by lowdb. */
export interface PartitionFile {
  format: 2;
  kind: Kind;
  key: string;
  /** Journal seq of the compaction that wrote this file (the newest copy of a record wins). */
  lastSeq: number;
  records?: unknown[];
  sequences?: Record<string, number>;
  helpfulness?: Record<string, unknown>;
  vpnRecentReports?: unknown[];
}

export function checkPartitionFile(data: unknown, file: string, kind: Kind, key: string): PartitionFile {
  const p = data as Partial<PartitionFile> | null;
  const ok =
    p !== null &&
    typeof p === 'object' &&
    p.format === 2 &&
    p.kind === kind &&
    p.key === key &&
    typeof p.lastSeq === 'number' &&
    (kind === 'values' ? typeof p.sequences === 'object' && p.sequences !== null : Array.isArray(p.records));
  if (!ok) throw new Error(`${file} is not a partition of the lowdb store (format 2, ${kind}/${key})`);
  return p as PartitionFile;
}

export interface Manifest {
  format: 2;
  /** Every journal entry up to this seq is in the partition files. */
  lastSeq: number;
  savedAt: string;
}

export function checkManifest(data: unknown, file: string): Manifest {
  const m = data as Partial<Manifest> | null;
  if (m === null || typeof m !== 'object' || m.format !== 2 || typeof m.lastSeq !== 'number') {
    throw new Error(`${file} is not a lowdb store manifest (format 2)`);
  }
  return m as Manifest;
}

/** Partitions of a history kind that can hold records in [from, to] (undefined = open end). */
export function overlaps(kind: Kind, key: string, from: IsoDate | undefined, to: IsoDate | undefined): boolean {
  if (key === OPEN || key === ALL) return true;
  // requests are keyed by their last day: one with a day ≥ from has its last day ≥ from, but its
  // first day may lie weeks before the partition starts, so no upper bound cuts it off.
  if (from !== undefined && periodEnd(key) < from) return false;
  if (kind !== 'requests' && to !== undefined && periodStart(key) > to) return false;
  return true;
}
