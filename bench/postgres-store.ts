/**
 * The PostgreSQL adapter with history and with two instances (issue 10, item 3).
 *
 *   node --import tsx bench/postgres-store.ts [seconds=5] [workers=16]
 *
 * Needs PostgreSQL (PG_TEST_URL, or 127.0.0.1:5432 database `test`, as the tests). Two schemas:
 * "full" holds 200,000 bookings (500 desks × 400 days, 1,000 people), 50,000 requests and
 * 50,000 outbox jobs (test/support/pg-large-data.ts); "empty" holds only the bookings of the four
 * weeks the timed reads return, so both answer the same rows and only the history differs.
 *
 * Figures (each with a baseline from this run):
 * - booking write p50 (a booking transaction as BookDesk does it: the desk's bookings of the day,
 *   the person's week, put one booking), full vs empty: target ≤ 2x;
 * - availability p95 (`listBookingsOnDate(day)`, 500 bookings) and "meine Buchungen" p95
 *   (`listBookingsOfPerson(p, day, day + 28)`), full vs empty: target ≤ 2x (absolute values are
 *   printed next to the issue's < 50 ms);
 * - booking transactions/s: two instances (two stores, two pools) vs one, `workers` concurrent
 *   callers for `seconds`, on free desks of the next 60 days (some collide): target ≥ 1x;
 * - one PostgreSQL instance vs lowdb in one process, the same transactions: target ≥ 1x.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { addDays } from '../src/domain/dates.js';
import { openLowdbStore } from '../src/store/lowdb-store.js';
import type { AsyncStore, AsyncTx } from '../src/store/postgres/async-port.js';
import { openPostgresStore, type PostgresStore } from '../src/store/postgres/postgres-store.js';
import { seedLargeData } from '../test/support/pg-large-data.js';
import { findPostgres } from '../test/support/postgres.js';
import { booking } from '../test/store/store-fixtures.js';
import { reportResult } from './lib/result.js';

const SECONDS = Number(process.argv[2] ?? 5);
const WORKERS = Number(process.argv[3] ?? 16);
const DAY = '2026-03-10';
const WRITES = 100;
const READS = 300;

const url = await findPostgres();
if (!url) throw new Error('postgres-store bench: no PostgreSQL server (set PG_TEST_URL or run one at 127.0.0.1:5432, database test)');
const suffix = Math.random().toString(36).slice(2, 8);
const FULL = `bench_full_${suffix}`;
const EMPTY = `bench_empty_${suffix}`;

function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function timed(n: number, op: (i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await op(i);
    times.push(performance.now() - t0);
  }
  return times;
}

/** A booking transaction in the shape of BookDesk: is the desk free, what has the person booked this week, book. */
async function bookTx(tx: AsyncTx, deskId: string, date: string, personId: string, id: string): Promise<boolean> {
  const held = (await tx.listBookingsOnDate(date, [deskId])).filter((b) => b.status === 'booked' || b.status === 'checked-in');
  if (held.length > 0) return false;
  await tx.listBookingsOfPerson(personId, date, addDays(date, 6));
  await tx.putBooking(booking(id, { deskId, date, personId }));
  return true;
}

/** `workers` callers booking random free desks of the next 60 days on the stores for SECONDS; committed transactions per second. */
async function throughput(stores: AsyncStore[], label: string): Promise<number> {
  let committed = 0;
  let failed = 0;
  let n = 0;
  const end = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: WORKERS }, async (_, w) => {
      const store = stores[w % stores.length]!;
      while (performance.now() < end) {
        const i = n++;
        const desk = `N${Math.floor(Math.random() * 400)}`;
        const date = addDays(DAY, Math.floor(Math.random() * 60));
        try {
          // Random ids, as the app's (randomUUID): new rows spread over the primary key's pages.
        await store.transact((tx) => bookTx(tx, desk, date, `p${i % 1000}`, randomUUID()));
          committed++;
        } catch (e) {
          if ((e as { code?: string }).code !== 'STORE_CONFLICT' && (e as { code?: string }).code !== '40001') throw e;
          failed++; // a conflict the caller (BookDesk) would answer with "taken"; or attempts used up
        }
      }
    }),
  );
  console.log(`${label}: ${committed} committed, ${failed} failed in ${SECONDS} s`);
  return committed / SECONDS;
}

const admin = new pg.Client({ connectionString: url });
await admin.connect();
const stores: PostgresStore[] = [];
const dataDir = await mkdtemp(path.join(tmpdir(), 'bench-pg-lowdb-'));
try {
  const full = await openPostgresStore({ connectionString: url, schema: FULL });
  const empty = await openPostgresStore({ connectionString: url, schema: EMPTY });
  stores.push(full, empty);
  const t0 = performance.now();
  await seedLargeData(admin, FULL);
  await admin.query(`INSERT INTO ${EMPTY}.bookings SELECT * FROM ${FULL}.bookings WHERE date BETWEEN $1 AND $2`, [DAY, addDays(DAY, 28)]);
  await admin.query(`INSERT INTO ${EMPTY}.booking_halves SELECT h.* FROM ${FULL}.booking_halves h WHERE date BETWEEN $1 AND $2`, [DAY, addDays(DAY, 28)]);
  await admin.query(`ANALYZE ${EMPTY}.bookings, ${EMPTY}.booking_halves`);
  const counts = await admin.query<{ f: string; e: string }>(`SELECT (SELECT count(*) FROM ${FULL}.bookings) f, (SELECT count(*) FROM ${EMPTY}.bookings) e`);
  console.log(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s: full ${counts.rows[0]!.f} bookings, empty ${counts.rows[0]!.e}`);

  const results: Record<string, { write: number[]; day: number[]; mine: number[] }> = {};
  let round = 0;
  for (const [label, store] of [['empty', empty], ['full', full], ['empty', empty], ['full', full]] as const) {
    const r = (results[label] ??= { write: [], day: [], mine: [] });
    round++;
    r.write.push(...(await timed(WRITES, (i) => store.transact((tx) => bookTx(tx, `W${round}-${i}`, addDays(DAY, i % 20), `p${i}`, randomUUID())))));
    r.day.push(...(await timed(READS, () => store.read((rd) => rd.listBookingsOnDate(DAY)))));
    r.mine.push(...(await timed(READS, (i) => store.read((rd) => rd.listBookingsOfPerson(`p${(i * 13) % 1000}`, DAY, addDays(DAY, 28))))));
  }
  const e = results.empty!;
  const f = results.full!;
  console.log(`booking write p50 ${percentile(f.write, 50).toFixed(2)} ms full vs ${percentile(e.write, 50).toFixed(2)} ms empty`);
  console.log(`availability p95 ${percentile(f.day, 95).toFixed(2)} ms (issue target < 50 ms), "meine Buchungen" p95 ${percentile(f.mine, 95).toFixed(2)} ms`);
  reportResult({ name: 'PG booking write p50 (200,000 bookings vs empty)', figure: percentile(f.write, 50), baseline: percentile(e.write, 50), unit: 'ms', target: { op: '<=', ratio: 2 } });
  reportResult({ name: 'PG availability p95 (200,000 bookings vs empty)', figure: percentile(f.day, 95), baseline: percentile(e.day, 95), unit: 'ms', target: { op: '<=', ratio: 2 } });
  reportResult({ name: 'PG meine Buchungen p95 (200,000 bookings vs empty)', figure: percentile(f.mine, 95), baseline: percentile(e.mine, 95), unit: 'ms', target: { op: '<=', ratio: 2 } });

  const second = await openPostgresStore({ connectionString: url, schema: FULL });
  stores.push(second);
  const one = await throughput([full], 'one');
  const two = await throughput([full, second], 'two');
  const lowdb = await openLowdbStore({ dataDir });
  let low: number;
  try {
    low = await throughput([lowdb as unknown as AsyncStore], 'lowdb');
  } finally {
    await lowdb.close();
  }
  const retries = full.stats.retries + second.stats.retries;
  console.log(`booking tx/s: one instance ${one.toFixed(0)}, two instances ${two.toFixed(0)}, lowdb ${low.toFixed(0)} (${WORKERS} callers, ${retries} serialization retries)`);
  reportResult({ name: 'PG booking tx/s, two instances vs one', figure: two, baseline: one, unit: 'tx/s', target: { op: '>=', ratio: 1 } });
  reportResult({ name: 'PG booking tx/s, one instance vs lowdb', figure: one, baseline: low, unit: 'tx/s', target: { op: '>=', ratio: 1 } });
} finally {
  for (const s of stores) await s.close().catch(() => undefined);
  await admin.query(`DROP SCHEMA IF EXISTS ${FULL} CASCADE; DROP SCHEMA IF EXISTS ${EMPTY} CASCADE`).catch(() => undefined);
  await admin.end();
  await rm(dataDir, { recursive: true, force: true });
}
