/**
 * A large PostgreSQL data set written with generate_series (seconds, not minutes): 500 desks ×
 * 400 days = 200,000 bookings of 1,000 people (with their booking_halves), 50,000 requests of two
 * days each, 50,000 outbox jobs (1 % pending), and thousands of every other record. Used by the
 * EXPLAIN test and the PostgreSQL bench; the schema must exist (open a store on it first).
 */
import type pg from 'pg';

export interface LargeDataSize {
  bookings: number;
  requests: number;
  jobs: number;
}

export const LARGE: LargeDataSize = { bookings: 200_000, requests: 50_000, jobs: 50_000 };

/** First booking date; 500 desks are booked on each day from here on. */
export const FIRST_DAY = '2025-06-01';

export async function seedLargeData(db: pg.ClientBase, s: string, size: LargeDataSize = LARGE): Promise<void> {
  await db.query(`
    INSERT INTO ${s}.bookings (id, desk_id, person_id, date, slot, status, version, created_at, doc)
    SELECT 'b-' || g, 'D' || (g % 500), 'p' || ((g * 7) % 1000), DATE '${FIRST_DAY}' + (g / 500), 'day',
           CASE WHEN g % 10 = 0 THEN 'cancelled' ELSE 'booked' END, 1, TIMESTAMPTZ '2025-05-01' + g * INTERVAL '1 second',
           jsonb_build_object('id', 'b-' || g, 'deskId', 'D' || (g % 500), 'personId', 'p' || ((g * 7) % 1000),
             'date', to_char(DATE '${FIRST_DAY}' + (g / 500), 'YYYY-MM-DD'), 'slot', 'day',
             'status', CASE WHEN g % 10 = 0 THEN 'cancelled' ELSE 'booked' END,
             'createdAt', to_char((TIMESTAMPTZ '2025-05-01' + g * INTERVAL '1 second') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
             'updatedAt', '2025-05-01T00:00:00.000Z', 'version', 1)
      FROM generate_series(0, ${size.bookings - 1}) g;
    INSERT INTO ${s}.booking_halves (desk_id, date, half, booking_id)
    SELECT b.desk_id, b.date, h, b.id FROM ${s}.bookings b, unnest(ARRAY['morning', 'afternoon']) h WHERE b.status = 'booked';
    INSERT INTO ${s}.requests (id, person_id, approver_id, status, created_at, version, doc)
    SELECT 'r-' || g, 'p' || (g % 1000), 'm' || (g % 50), CASE WHEN g % 20 = 0 THEN 'pending' ELSE 'approved' END,
           TIMESTAMPTZ '2025-05-01' + g * INTERVAL '10 seconds', 1,
           jsonb_build_object('id', 'r-' || g, 'personId', 'p' || (g % 1000), 'approverId', 'm' || (g % 50), 'orgUnitId', 'ou' || (g % 40),
             'status', CASE WHEN g % 20 = 0 THEN 'pending' ELSE 'approved' END, 'version', 1,
             'createdAt', to_char((TIMESTAMPTZ '2025-05-01' + g * INTERVAL '10 seconds') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
             'days', jsonb_build_array(
               jsonb_build_object('date', to_char(DATE '${FIRST_DAY}' + (g / 125), 'YYYY-MM-DD'), 'portion', 1, 'status', CASE WHEN g % 20 = 0 THEN 'pending' ELSE 'approved' END),
               jsonb_build_object('date', to_char(DATE '${FIRST_DAY}' + (g / 125) + 1, 'YYYY-MM-DD'), 'portion', 1, 'status', CASE WHEN g % 20 = 0 THEN 'pending' ELSE 'approved' END)),
             'cards', '[]'::jsonb)
      FROM generate_series(0, ${size.requests - 1}) g;
    INSERT INTO ${s}.request_days (request_id, date, status)
    SELECT r.id, (d ->> 'date')::date, d ->> 'status' FROM ${s}.requests r, jsonb_array_elements(r.doc -> 'days') d;
    INSERT INTO ${s}.outbox_jobs (id, type, status, due_at, dedupe_key, created_at, done_at, doc)
    SELECT 'j-' || g, CASE WHEN g % 3 = 0 THEN 'teams.send' ELSE 'approval.remind' END, CASE WHEN g % 100 = 0 THEN 'pending' ELSE 'done' END,
           TIMESTAMPTZ '2025-05-01' + g * INTERVAL '1 minute', 'k-' || g, TIMESTAMPTZ '2025-05-01' + g * INTERVAL '1 minute',
           CASE WHEN g % 100 = 0 THEN NULL ELSE TIMESTAMPTZ '2025-05-01' + g * INTERVAL '1 minute' END,
           jsonb_build_object('id', 'j-' || g, 'type', 'teams.send', 'payload', '{}'::jsonb, 'attempts', 0,
             'status', CASE WHEN g % 100 = 0 THEN 'pending' ELSE 'done' END,
             'dueAt', '2025-05-01T00:00:00.000Z', 'createdAt', '2025-05-01T00:00:00.000Z')
      FROM generate_series(0, ${size.jobs - 1}) g;
    INSERT INTO ${s}.delegations (id, manager_id, deputy_id, doc)
    SELECT 'd-' || g, 'm' || (g % 50), 'p' || g, jsonb_build_object('id', 'd-' || g, 'createdAt', '2025-05-01T00:00:00.000Z') FROM generate_series(0, 999) g;
    INSERT INTO ${s}.conversations (user_id, doc) SELECT 'p' || g, jsonb_build_object('userId', 'p' || g) FROM generate_series(0, 999) g;
    INSERT INTO ${s}.settings (person_id, doc) SELECT 'p' || g, jsonb_build_object('personId', 'p' || g) FROM generate_series(0, 999) g;
    INSERT INTO ${s}.absences (id, person_id, date, event_id, active, doc)
    SELECT 'a-' || g, 'p' || (g % 1000), DATE '${FIRST_DAY}' + (g / 50), 'e' || (g / 3), true,
           jsonb_build_object('id', 'a-' || g, 'date', to_char(DATE '${FIRST_DAY}' + (g / 50), 'YYYY-MM-DD')) FROM generate_series(0, 19999) g;
    INSERT INTO ${s}.subscriptions (id, person_id, expires_at, doc)
    SELECT 's-' || g, 'p' || g, TIMESTAMPTZ '2026-03-01' + g * INTERVAL '1 hour',
           jsonb_build_object('id', 's-' || g, 'expiresAt', to_char((TIMESTAMPTZ '2026-03-01' + g * INTERVAL '1 hour') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
      FROM generate_series(0, 999) g;
    INSERT INTO ${s}.vpn_drafts (id, reporter_id, created_at, doc)
    SELECT 'vd-' || g, 'p' || (g % 1000), TIMESTAMPTZ '2025-05-01' + g * INTERVAL '1 hour', jsonb_build_object('id', 'vd-' || g) FROM generate_series(0, 4999) g;
    INSERT INTO ${s}.vpn_incidents (id, status, opened_at, doc)
    SELECT 'i-' || g, CASE WHEN g % 500 = 0 THEN 'open' ELSE 'resolved' END, TIMESTAMPTZ '2025-05-01' + g * INTERVAL '3 hours',
           jsonb_build_object('id', 'i-' || g, 'linkedReporterIds', jsonb_build_array('p' || (g % 1000), 'p' || ((g + 1) % 1000)),
             'openedAt', '2025-05-01T00:00:00.000Z')
      FROM generate_series(0, 1999) g;
    INSERT INTO ${s}.vpn_tickets (id, number, reporter_id, status, incident_id, created_at, doc)
    SELECT 't-' || g, 'VPN-2025-' || lpad(g::text, 6, '0'), 'p' || (g % 1000), CASE WHEN g % 200 = 0 THEN 'new' ELSE 'resolved' END,
           'i-' || (g % 2000), TIMESTAMPTZ '2025-05-01' + g * INTERVAL '20 minutes', jsonb_build_object('id', 't-' || g, 'createdAt', '2025-05-01T00:00:00.000Z')
      FROM generate_series(0, 19999) g;
    INSERT INTO ${s}.sequences (name, value) SELECT 'seq-' || g, g FROM generate_series(0, 999) g;
    INSERT INTO ${s}.vpn_state (name, doc) VALUES ('recent-reports', '[]'), ('helpfulness', '{}');
  `);
  const tables = ['bookings', 'booking_halves', 'requests', 'request_days', 'outbox_jobs', 'delegations', 'conversations', 'settings', 'absences',
    'subscriptions', 'vpn_drafts', 'vpn_incidents', 'vpn_tickets', 'sequences', 'vpn_state'];
  await db.query(`ANALYZE ${tables.map((t) => `${s}.${t}`).join(', ')}`);
}
