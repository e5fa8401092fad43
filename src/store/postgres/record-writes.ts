/**
 * Writing whole records (as stored) into their tables: one statement per record, shared by the
 * port's writes (pg-tx.ts) and data-protection maintenance (maintenance.ts). Requests and
 * bookings carry an optimistic version: an existing row is replaced only while it still has
 * `expectedVersion`; otherwise nothing is written and the call returns false. `expectedVersion`
 * 0 or less means "a new record" (stored versions start at 1): a plain INSERT, whose duplicate key
 * fails the statement (`NEW_RECORD_TAKEN`, the transaction cannot go on). A new record is not an
 * upsert on purpose: the upsert's look-up of the key and the old rows of `request_days` /
 * `booking_halves` would take serializable read locks on index pages that every other new record
 * also writes to, and make unrelated transactions collide.
 * `request_days` and `booking_halves` follow their record in the same statement.
 */

/** The primary key of a "new" record (expected version ≤ 0) is taken: the insert failed. */
export function isNewRecordTaken(e: unknown, table: 'requests' | 'bookings'): boolean {
  const x = e as { code?: unknown; constraint?: unknown };
  return x.code === '23505' && x.constraint === `${table}_pkey`;
}
import type { Absence, CalendarSubscription } from '../../domain/calendar-model.js';
import type { DeskBooking, PersonSettings } from '../../domain/desk-model.js';
import type { Delegation, MobileWorkRequest } from '../../domain/model.js';
import type { Incident, Ticket, VpnDraft } from '../../domain/vpn-model.js';
import { isActiveBooking, slotHalves } from '../memory-state.js';
import type { ConversationRecord, OutboxJob } from '../store.js';
import type { Queryable } from './pg-reader.js';

type Db = Pick<Queryable, 'query'>;

export async function writeRequest(db: Db, s: string, r: MobileWorkRequest, expectedVersion: number): Promise<boolean> {
  const days = [r.days.map((d) => d.date), r.days.map((d) => d.status)];
  const cols = [r.id, r.personId, r.approverId ?? null, r.status, r.createdAt, r.version, JSON.stringify(r)];
  if (expectedVersion <= 0) {
    await db.query(
      `WITH up AS (
         INSERT INTO ${s}.requests (id, person_id, approver_id, status, created_at, version, doc) VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING id)
       INSERT INTO ${s}.request_days (request_id, date, status) SELECT up.id, d.date, d.status FROM up, unnest($8::date[], $9::text[]) AS d(date, status)`,
      [...cols, ...days],
    );
    return true;
  }
  const res = await db.query<{ n: number }>(
    `WITH up AS (
       INSERT INTO ${s}.requests AS t (id, person_id, approver_id, status, created_at, version, doc)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET person_id = EXCLUDED.person_id, approver_id = EXCLUDED.approver_id, status = EXCLUDED.status,
         created_at = EXCLUDED.created_at, version = EXCLUDED.version, doc = EXCLUDED.doc
       WHERE t.version = $8
       RETURNING id),
     gone AS (DELETE FROM ${s}.request_days WHERE request_id IN (SELECT id FROM up)),
     days AS (INSERT INTO ${s}.request_days (request_id, date, status)
              SELECT up.id, d.date, d.status FROM up, unnest($9::date[], $10::text[]) AS d(date, status))
     SELECT count(*)::int AS n FROM up`,
    [...cols, expectedVersion, ...days],
  );
  return res.rows[0]?.n === 1;
}

export async function writeBooking(db: Db, s: string, b: DeskBooking, expectedVersion: number): Promise<boolean> {
  const halves = isActiveBooking(b) ? slotHalves(b.slot) : [];
  const cols = [b.id, b.deskId, b.personId, b.date, b.slot, b.status, b.version, b.createdAt, JSON.stringify(b)];
  if (expectedVersion <= 0) {
    await db.query(
      `WITH up AS (
         INSERT INTO ${s}.bookings (id, desk_id, person_id, date, slot, status, version, created_at, doc)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id)
       INSERT INTO ${s}.booking_halves (desk_id, date, half, booking_id) SELECT $2, $4::date, h, up.id FROM up, unnest($10::text[]) AS h`,
      [...cols, halves],
    );
    return true;
  }
  const res = await db.query<{ n: number }>(
    `WITH up AS (
       INSERT INTO ${s}.bookings AS t (id, desk_id, person_id, date, slot, status, version, created_at, doc)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (id) DO UPDATE SET desk_id = EXCLUDED.desk_id, person_id = EXCLUDED.person_id, date = EXCLUDED.date,
         slot = EXCLUDED.slot, status = EXCLUDED.status, version = EXCLUDED.version, created_at = EXCLUDED.created_at, doc = EXCLUDED.doc
       WHERE t.version = $10
       RETURNING id),
     gone AS (DELETE FROM ${s}.booking_halves WHERE booking_id IN (SELECT id FROM up)),
     held AS (INSERT INTO ${s}.booking_halves (desk_id, date, half, booking_id)
              SELECT $2, $4::date, h, up.id FROM up, unnest($11::text[]) AS h)
     SELECT count(*)::int AS n FROM up`,
    [...cols, expectedVersion, halves],
  );
  return res.rows[0]?.n === 1;
}

/** Upsert by key into a table whose other columns come from the record. */
async function upsert(db: Db, table: string, columns: Record<string, unknown>, key: string): Promise<void> {
  const names = Object.keys(columns);
  const sets = names.filter((n) => n !== key).map((n) => `${n} = EXCLUDED.${n}`);
  await db.query(
    `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})
     ON CONFLICT (${key}) DO UPDATE SET ${sets.join(', ')}`,
    Object.values(columns),
  );
}

export const writeDelegation = (db: Db, s: string, d: Delegation): Promise<void> =>
  upsert(db, `${s}.delegations`, { id: d.id, manager_id: d.managerId, deputy_id: d.deputyId, doc: JSON.stringify(d) }, 'id');

export const writeConversation = (db: Db, s: string, c: ConversationRecord): Promise<void> =>
  upsert(db, `${s}.conversations`, { user_id: c.userId, doc: JSON.stringify(c) }, 'user_id');

export const writeSettings = (db: Db, s: string, p: PersonSettings): Promise<void> =>
  upsert(db, `${s}.settings`, { person_id: p.personId, doc: JSON.stringify(p) }, 'person_id');

export const writeAbsence = (db: Db, s: string, a: Absence): Promise<void> =>
  upsert(
    db,
    `${s}.absences`,
    { id: a.id, person_id: a.personId, date: a.date, event_id: a.eventId, active: a.active, doc: JSON.stringify(a) },
    'id',
  );

export const writeSubscription = (db: Db, s: string, sub: CalendarSubscription): Promise<void> =>
  upsert(db, `${s}.subscriptions`, { id: sub.id, person_id: sub.personId, expires_at: sub.expiresAt, doc: JSON.stringify(sub) }, 'id');

export const writeVpnDraft = (db: Db, s: string, d: VpnDraft): Promise<void> =>
  upsert(db, `${s}.vpn_drafts`, { id: d.id, reporter_id: d.reporterId, created_at: d.createdAt, doc: JSON.stringify(d) }, 'id');

export const writeTicket = (db: Db, s: string, t: Ticket): Promise<void> =>
  upsert(
    db,
    `${s}.vpn_tickets`,
    {
      id: t.id,
      number: t.number,
      reporter_id: t.reporterId,
      status: t.status,
      incident_id: t.incidentId ?? null,
      created_at: t.createdAt,
      doc: JSON.stringify(t),
    },
    'id',
  );

export const writeIncident = (db: Db, s: string, i: Incident): Promise<void> =>
  upsert(db, `${s}.vpn_incidents`, { id: i.id, status: i.status, opened_at: i.openedAt, doc: JSON.stringify(i) }, 'id');

export const writeVpnState = (db: Db, s: string, name: string, doc: unknown): Promise<void> =>
  upsert(db, `${s}.vpn_state`, { name, doc: JSON.stringify(doc) }, 'name');

/** Upsert of a whole job as stored (maintenance); new jobs go through `enqueue`. */
export const writeJob = (db: Db, s: string, j: OutboxJob): Promise<void> =>
  upsert(
    db,
    `${s}.outbox_jobs`,
    {
      id: j.id,
      type: j.type,
      status: j.status,
      due_at: j.dueAt,
      locked_until: j.lockedUntil ?? null,
      dedupe_key: j.dedupeKey ?? null,
      created_at: j.createdAt,
      done_at: j.doneAt ?? null,
      doc: JSON.stringify(j),
    },
    'id',
  );
