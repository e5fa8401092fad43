/**
 * Availability search vs history for the lowdb store (target: cost does not grow with history,
 * full ≤ 2x empty).
 *
 *   node --import tsx bench/store-bookings.ts [history=200000] [reads=2000] [rounds=5] [dayLoad=300]
 *
 * Both stores hold the same `dayLoad` bookings on the searched day (what a real availability search
 * returns: one floor's or site's bookings of that day); the "full" store additionally holds
 * `history` bookings spread over the year before (generated straight into the snapshot file).
 * So both answers are the same size and only the history differs.
 *
 * Timed operations:
 * - read: `store.read(r => r.listBookingsOnDate(day))` (the whole day) and with a `deskIds` filter
 *   of 40 desks (one floor);
 * - book: a booking transaction in the shape of the use case (read the desk's bookings of the day,
 *   put one booking; journal append + fsync).
 * Empty and full alternate for `rounds` rounds (each on a fresh copy); the medians are compared.
 * Not part of `npm test`.
 */
import { createWriteStream } from 'node:fs';
import { copyFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { finished } from 'node:stream/promises';
import { addDays } from '../src/domain/dates.js';
import type { BookingSlot, BookingStatus, DeskBooking } from '../src/domain/desk-model.js';
import { openLowdbStore } from '../src/store/lowdb-store.js';
import type { Store } from '../src/store/store.js';
import { reportResult } from './lib/result.js';

const HISTORY = Number(process.argv[2] ?? 200_000);
const READS = Number(process.argv[3] ?? 2000);
const ROUNDS = Number(process.argv[4] ?? 5);
const DAY_LOAD = Number(process.argv[5] ?? 300);
const BOOK_WRITES = 100;
const DESKS = 600;
const STAFF = 5000;
const DAY = '2026-03-10';
const SLOTS: BookingSlot[] = ['day', 'day', 'morning', 'afternoon'];
const HISTORIC_STATUS: BookingStatus[] = ['checked-in', 'checked-in', 'checked-in', 'released', 'cancelled'];

function makeBooking(id: string, i: number, date: string, status: BookingStatus): DeskBooking {
  const at = `${addDays(date, -7)}T08:00:00.000Z`;
  const slot = SLOTS[i % SLOTS.length] ?? 'day';
  return {
    id,
    deskId: `desk-${String(i % DESKS).padStart(3, '0')}`,
    personId: `person-${(i * 7) % STAFF}`,
    date,
    slot,
    status,
    ...(status === 'released' ? { releaseReason: 'no-show' as const } : {}),
    createdAt: at,
    updatedAt: at,
    ...(status === 'checked-in' ? { checkedInAt: `${date}T07:45:00.000Z` } : {}),
    version: 2,
  };
}

/** The searched day's bookings: distinct desks, so they never overlap. */
const dayBookings = (): DeskBooking[] =>
  Array.from({ length: DAY_LOAD }, (_, i) => ({ ...makeBooking(`day-${i}`, i, DAY, 'booked'), slot: 'day' as const, deskId: `desk-${String(i).padStart(3, '0')}` }));

async function writeSnapshot(dir: string, history: number): Promise<string> {
  const file = path.join(dir, 'store.json');
  const out = createWriteStream(file);
  const write = async (s: string): Promise<void> => {
    if (!out.write(s)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
  await write('{"format":1,"lastSeq":0,"savedAt":"2026-03-01T00:00:00.000Z","requests":[],"delegations":[],"conversations":[],"jobs":[],"sequences":{},"bookings":[');
  let first = true;
  for (const b of dayBookings()) {
    await write((first ? '' : ',') + JSON.stringify(b));
    first = false;
  }
  for (let i = 0; i < history; i++) {
    const date = addDays(DAY, -1 - Math.floor((i / history) * 365)); // the year before the day
    await write(',' + JSON.stringify(makeBooking(`hist-${i}`, i, date, HISTORIC_STATUS[i % HISTORIC_STATUS.length] ?? 'checked-in')));
  }
  await write('],"settings":[]}');
  out.end();
  await finished(out);
  return file;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

interface Stats {
  p50: number;
  p95: number;
}

async function time(n: number, op: (i: number) => Promise<unknown>): Promise<Stats> {
  for (let i = 0; i < Math.min(50, n); i++) await op(-1 - i); // warm-up
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await op(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

const floor = Array.from({ length: 40 }, (_, i) => `desk-${String(200 + i).padStart(3, '0')}`);

async function run(label: string, snapshot: string): Promise<{ day: Stats; floor: Stats; book: Stats }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'store-bench-'));
  let store: Store | undefined;
  try {
    await copyFile(snapshot, path.join(dir, 'store.json'));
    const size = (await stat(snapshot)).size;
    const t0 = performance.now();
    store = await openLowdbStore({ dataDir: dir });
    const openMs = performance.now() - t0;
    const s = store;
    const day = await time(READS, () => s.read((r) => r.listBookingsOnDate(DAY)));
    const fl = await time(READS, () => s.read((r) => r.listBookingsOnDate(DAY, floor)));
    let seq = 0;
    const book = await time(BOOK_WRITES, () =>
      s.transact(async (tx) => {
        const n = seq++;
        const deskId = `desk-x${n}`;
        if ((await tx.listBookingsOnDate(DAY, [deskId])).some((b) => b.status === 'booked' || b.status === 'checked-in')) return;
        await tx.putBooking({ ...makeBooking(`new-${n}`, n, DAY, 'booked'), deskId, version: 0 });
      }),
    );
    const count = await s.read(async (r) => (await r.listBookingsOnDate(DAY)).length);
    console.log(
      `  ${label.padEnd(30)} day: p50 ${day.p50.toFixed(3)} / p95 ${day.p95.toFixed(3)} ms  ` +
        `floor(40): p50 ${fl.p50.toFixed(3)} / p95 ${fl.p95.toFixed(3)} ms  ` +
        `book tx: p50 ${book.p50.toFixed(2)} / p95 ${book.p95.toFixed(2)} ms  ` +
        `(${count} on the day after the book txs, snapshot ${(size / 1e6).toFixed(0)} MB, open ${openMs.toFixed(0)} ms)`,
    );
    return { day, floor: fl, book };
  } finally {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

console.log(
  `lowdb store: listBookingsOnDate on a day with ${DAY_LOAD} bookings, ${READS} reads per kind, ` +
    `${BOOK_WRITES} booking transactions, ${ROUNDS} rounds, in ${tmpdir()}`,
);
const historyDir = await mkdtemp(path.join(tmpdir(), 'store-bench-history-'));
try {
  const emptyFile = await writeSnapshot(await mkdtemp(path.join(historyDir, 'empty-')), 0);
  const fullFile = await writeSnapshot(await mkdtemp(path.join(historyDir, 'full-')), HISTORY);
  const empty: Awaited<ReturnType<typeof run>>[] = [];
  const full: Awaited<ReturnType<typeof run>>[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    console.log(`round ${round}`);
    empty.push(await run('no history', emptyFile));
    full.push(await run(`${HISTORY} historic bookings`, fullFile));
  }
  for (const kind of ['day', 'floor', 'book'] as const) {
    const e50 = median(empty.map((r) => r[kind].p50));
    const e95 = median(empty.map((r) => r[kind].p95));
    const f50 = median(full.map((r) => r[kind].p50));
    const f95 = median(full.map((r) => r[kind].p95));
    const r50 = f50 / e50;
    console.log(
      `${kind.padEnd(5)} median of rounds: empty p50 ${e50.toFixed(3)} / p95 ${e95.toFixed(3)} ms; ` +
        `full p50 ${f50.toFixed(3)} / p95 ${f95.toFixed(3)} ms; ratio p50 ${r50.toFixed(2)}x p95 ${(f95 / e95).toFixed(2)}x ` +
        `(target ≤ 2x) → ${r50 <= 2 ? 'OK' : 'OVER TARGET'}`,
    );
    reportResult({ name: `${kind} p50, ${HISTORY} bookings vs none`, figure: f50, baseline: e50, unit: 'ms', target: { op: '<=', ratio: 2 } });
  }
} finally {
  await rm(historyDir, { recursive: true, force: true });
}
