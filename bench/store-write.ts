/**
 * Write cost vs history for the lowdb store (target: a write with ~800,000 request-days of
 * history costs at most 2x a write on an empty store).
 *
 *   node --import tsx bench/store-write.ts [requests=200000] [writes=200] [rounds=5]
 *
 * The history (requests × 4 days) is generated straight into the snapshot file, then the store is
 * opened on it. Each timed write is a typical use-case transaction: read the person's requests,
 * take a sequence number, put one new request with 4 days, enqueue one outbox job; it resolves
 * after the journal fsync. Empty and full alternate for `rounds` rounds (each on a fresh copy) and
 * the median of the rounds is compared, so that noise from other work on the machine evens out.
 * Not part of `npm test`.
 */
import { createWriteStream } from 'node:fs';
import { copyFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { finished } from 'node:stream/promises';
import { addDays } from '../src/domain/dates.js';
import type { MobileWorkRequest } from '../src/domain/model.js';
import { openLowdbStore } from '../src/store/lowdb-store.js';
import { reportResult } from './lib/result.js';

const HISTORY = Number(process.argv[2] ?? 200_000);
const WRITES = Number(process.argv[3] ?? 200);
const ROUNDS = Number(process.argv[4] ?? 5);
const STAFF = 5000;

function makeRequest(i: number, firstDay: string, status: 'approved' | 'pending'): MobileWorkRequest {
  const at = `${addDays(firstDay, -3)}T08:00:00.000Z`;
  return {
    id: `req-${i}`,
    number: `MA-2026-${String(i).padStart(6, '0')}`,
    personId: `person-${i % STAFF}`,
    orgUnitId: `ou-${i % 40}`,
    track: 'occasional',
    approverId: `manager-${i % 400}`,
    approvalMode: 'required',
    status,
    days: [0, 1, 2, 3].map((d) => ({ date: addDays(firstDay, d), portion: 1 as const, status })),
    policyVersion: '2025-01-01',
    createdAt: at,
    updatedAt: at,
    cards: [{ userId: `manager-${i % 400}`, conversationId: `a:conv-${i % 400}`, activityId: `act-${i}` }],
    version: 1,
  };
}

async function writeHistory(dir: string, n: number): Promise<void> {
  const out = createWriteStream(path.join(dir, 'store.json'));
  const write = async (s: string): Promise<void> => {
    if (!out.write(s)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
  await write('{"format":1,"lastSeq":0,"savedAt":"2026-01-01T00:00:00.000Z","requests":[');
  for (let i = 0; i < n; i++) {
    const first = addDays('2025-01-06', Math.floor((i / n) * 360));
    await write((i ? ',' : '') + JSON.stringify(makeRequest(i, first, i % 50 === 0 ? 'pending' : 'approved')));
  }
  await write(`],"delegations":[],"conversations":[],"jobs":[],"sequences":{"request-2026":${n}}}`);
  out.end();
  await finished(out);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function run(label: string, historyFile: string | undefined, history: number): Promise<{ p50: number; p95: number }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'store-bench-'));
  try {
    if (historyFile) await copyFile(historyFile, path.join(dir, 'store.json'));
    const size = historyFile ? (await stat(historyFile)).size : 0;
    const t0 = performance.now();
    const store = await openLowdbStore({ dataDir: dir });
    const openMs = performance.now() - t0;
    const times: number[] = [];
    for (let i = 0; i < WRITES + 10; i++) {
      const start = performance.now();
      await store.transact(async (tx) => {
        const person = `person-${i % STAFF}`;
        await tx.listRequestsOfPerson(person, '2026-03-01', '2026-03-31');
        const n = await tx.nextSequence('request-2026');
        const r = makeRequest(history + n, '2026-03-02', 'pending');
        await tx.putRequest({ ...r, id: `new-${i}`, personId: person, version: 0 });
        await tx.enqueue({ type: 'teams.send', payload: { requestId: `new-${i}` }, dedupeKey: `send-new-${i}` });
      });
      if (i >= 10) times.push(performance.now() - start); // 10 warm-up writes
    }
    const t1 = performance.now();
    await store.close();
    const closeMs = performance.now() - t1;
    times.sort((a, b) => a - b);
    const res = { p50: percentile(times, 50), p95: percentile(times, 95) };
    console.log(
      `  ${label.padEnd(34)} p50 ${res.p50.toFixed(2)} ms  p95 ${res.p95.toFixed(2)} ms  ` +
        `(snapshot ${(size / 1e6).toFixed(0)} MB, open ${openMs.toFixed(0)} ms, close+compact ${closeMs.toFixed(0)} ms)`,
    );
    return res;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

console.log(`lowdb store: ${WRITES} single-request transactions (journal append + fsync each), ${ROUNDS} rounds, in ${tmpdir()}`);
const historyDir = await mkdtemp(path.join(tmpdir(), 'store-bench-history-'));
try {
  const historyFile = path.join(historyDir, 'store.json');
  await writeHistory(historyDir, HISTORY);
  const empty: { p50: number; p95: number }[] = [];
  const full: { p50: number; p95: number }[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    console.log(`round ${round}`);
    empty.push(await run('empty store', undefined, 0));
    full.push(await run(`${HISTORY} requests × 4 days history`, historyFile, HISTORY));
  }
  const e50 = median(empty.map((r) => r.p50));
  const e95 = median(empty.map((r) => r.p95));
  const f50 = median(full.map((r) => r.p50));
  const f95 = median(full.map((r) => r.p95));
  console.log(`median of rounds: empty p50 ${e50.toFixed(2)} / p95 ${e95.toFixed(2)} ms; full p50 ${f50.toFixed(2)} / p95 ${f95.toFixed(2)} ms`);
  const r50 = f50 / e50;
  console.log(`ratio full/empty: p50 ${r50.toFixed(2)}x  p95 ${(f95 / e95).toFixed(2)}x  (target ≤ 2x) → ${r50 <= 2 ? 'OK' : 'OVER TARGET'}`);
  reportResult({ name: `write p50, ${HISTORY} requests vs empty`, figure: f50, baseline: e50, unit: 'ms', target: { op: '<=', ratio: 2 } });
} finally {
  await rm(historyDir, { recursive: true, force: true });
}
