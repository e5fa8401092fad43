/**
 * Reading the desk bookings of a period for a report, safely while the bot runs.
 *
 * PostgreSQL: `openPostgresStore` + `store.read(...)` (a READ ONLY, REPEATABLE READ transaction) +
 * `close()` (ends the pool). Opening runs the idempotent `CREATE … IF NOT EXISTS` DDL under the
 * same advisory lock as the bot; it changes nothing on an existing schema.
 *
 * lowdb: NOT through `openLowdbStore`. Opening that store is a writer's open and would change the
 * files of a running bot: it truncates a torn last journal line (which, while the bot runs, can be
 * the line the bot is appending right now), opens the journal for appending, may start a
 * compaction, and `close()` always compacts when the journal has entries — it renames the bot's
 * active `journal.ndjson` away (the bot keeps appending to the renamed file), writes a new
 * `store.json` and then deletes the renamed journal, with acknowledged writes of the bot in it.
 *
 * Instead this reads the same files the store reads, without opening any of them for writing:
 * the snapshot `store.json` (lowdb writes it as temp file + rename, so a read sees a whole file),
 * the rotated `journal.<seq>.ndjson` files and the active `journal.ndjson`, and replays the entries
 * after the snapshot's `lastSeq` into a `MemoryState` (the store's own in-memory state, so the
 * query is the store's `listBookingsInRange`). A last line without its newline is a write in
 * progress (or torn by a crash): it is skipped, never truncated. If the bot rotates the journal or
 * finishes a compaction while the files are read (the list of rotated journals or the snapshot's
 * inode changed, a rotated file vanished, or the sequence numbers show a gap), the read starts
 * again. The result is the committed state at one moment, at least as new as when the read began.
 *
 * `readLowdbState` returns that whole replayed state (bookings, tickets, incidents, the
 * knowledge-base counters, …) for the other reports (`read-vpn.ts`); `readLowdbBookingsInRange`
 * is the bookings query on it.
 *
 * This depends on the lowdb store's file layout (`lowdb-store.ts`, `journal.ts`); the tests in
 * `test/reports/read-bookings.test.ts` and `test/reports/read-vpn.test.ts` compare it with
 * `openLowdbStore` on the same directory.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AppConfig } from '../config/config.js';
import type { IsoDate } from '../domain/dates.js';
import type { DeskBooking } from '../domain/desk-model.js';
import { ACTIVE_JOURNAL, type JournalEntry } from '../store/journal.js';
import { MemoryState, type StateData } from '../store/memory-state.js';
import { openPostgresStore } from '../store/postgres/postgres-store.js';

/** The lowdb snapshot file (`SNAPSHOT_FILE` in lowdb-store.ts). */
const SNAPSHOT_FILE = 'store.json';
const ROTATED = /^journal\.(\d+)\.ndjson$/;
const ATTEMPTS = 50;

/** The data directory is missing or holds no store: an operator error, not a bug. */
export class DataDirError extends Error {
  readonly code = 'DATA_DIR_INVALID' as const;
  constructor(message: string) {
    super(message);
    this.name = 'DataDirError';
  }
}

/** Thrown inside an attempt when the bot changed the files under us; the read is repeated. */
class ConcurrentChange extends Error {}

export async function readBookingsInRange(config: AppConfig, from: IsoDate, to: IsoDate): Promise<DeskBooking[]> {
  if (config.store === 'postgres') {
    if (!config.databaseUrl) throw new DataDirError('DATABASE_URL is required for STORE=postgres');
    const store = await openPostgresStore({ connectionString: config.databaseUrl });
    try {
      return await store.read((r) => r.listBookingsInRange(from, to));
    } finally {
      await store.close();
    }
  }
  return readLowdbBookingsInRange(config.dataDir, from, to);
}

/** Reads the lowdb files of `dataDir` without writing anything; see the file comment. */
export async function readLowdbBookingsInRange(dataDir: string, from: IsoDate, to: IsoDate): Promise<DeskBooking[]> {
  return (await readLowdbState(dataDir)).bookingsInRange(from, to);
}

/**
 * The committed state of the lowdb store in `dataDir` at one moment (snapshot + journals
 * replayed), read without writing anything; see the file comment. The caller owns the result.
 */
export async function readLowdbState(dataDir: string): Promise<MemoryState> {
  const dir = path.resolve(dataDir);
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new DataDirError(`DATA_DIR ${dataDir} is not a directory (the bot's lowdb store lives there)`);
  for (let attempt = 1; ; attempt++) {
    try {
      return await readState(dir);
    } catch (e) {
      if (!(e instanceof ConcurrentChange) || attempt >= ATTEMPTS) throw e;
      await new Promise((r) => setTimeout(r, Math.min(200, 10 * attempt)));
    }
  }
}

interface Snapshot extends StateData {
  format: number;
  lastSeq: number;
}

/**
 * What a compaction changes: the set of rotated journals and the snapshot file (lowdb replaces it
 * by a rename, so a new snapshot is a new inode). Equal before and after a read = no compaction
 * rotated the journal or finished in between.
 */
async function fingerprint(dir: string): Promise<{ key: string; rotated: Array<{ name: string; seq: number }> }> {
  const rotated = (await readdir(dir))
    .map((name) => ROTATED.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[0], seq: Number(m[1]) }))
    .sort((a, b) => a.seq - b.seq);
  const snap = await stat(path.join(dir, SNAPSHOT_FILE)).catch(() => undefined);
  return { key: JSON.stringify([rotated.map((r) => r.name), snap ? [snap.ino, snap.size, snap.mtimeMs] : null]), rotated };
}

async function readState(dir: string): Promise<MemoryState> {
  const before = await fingerprint(dir);
  const snapshot = await readSnapshot(dir);
  const entries: JournalEntry[] = [];
  for (const { name } of before.rotated) {
    const text = await readIfThere(path.join(dir, name));
    if (text === undefined) throw new ConcurrentChange(); // deleted by a compaction that just finished
    entries.push(...parseLines(text, path.join(dir, name), false));
  }
  const active = await readIfThere(path.join(dir, ACTIVE_JOURNAL));
  if (active !== undefined) entries.push(...parseLines(active, path.join(dir, ACTIVE_JOURNAL), true));
  if ((await fingerprint(dir)).key !== before.key) throw new ConcurrentChange(); // rotated or compacted meanwhile

  const state = MemoryState.fromData(snapshot);
  let seq = snapshot.lastSeq;
  for (const entry of entries) {
    if (entry.seq <= seq) continue; // already in the snapshot
    if (entry.seq !== seq + 1) throw new ConcurrentChange(); // a compaction moved entries into a newer snapshot
    state.apply(entry);
    seq = entry.seq;
  }
  return state;
}

async function readSnapshot(dir: string): Promise<Snapshot> {
  const file = path.join(dir, SNAPSHOT_FILE);
  const text = await readIfThere(file);
  if (text === undefined) return { format: 1, lastSeq: 0, requests: [], delegations: [], conversations: [], jobs: [], sequences: {}, helpfulness: {} };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const s = data as Partial<Snapshot> | null;
  if (s === null || typeof s !== 'object' || s.format !== 1 || typeof s.lastSeq !== 'number') {
    throw new DataDirError(`${file} is not a store snapshot (format 1)`);
  }
  return {
    format: 1,
    lastSeq: s.lastSeq,
    requests: s.requests ?? [],
    delegations: s.delegations ?? [],
    conversations: s.conversations ?? [],
    jobs: s.jobs ?? [],
    sequences: s.sequences ?? {},
    bookings: s.bookings ?? [],
    settings: s.settings ?? [],
    // absent in snapshots written before the calendar sync / the VPN problem reports
    absences: s.absences ?? [],
    subscriptions: s.subscriptions ?? [],
    vpnDrafts: s.vpnDrafts ?? [],
    tickets: s.tickets ?? [],
    incidents: s.incidents ?? [],
    vpnRecentReports: s.vpnRecentReports ?? [],
    helpfulness: s.helpfulness ?? {},
  };
}

async function readIfThere(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Complete lines only; with `active`, a last line without newline is a write in progress. */
function parseLines(text: string, file: string, active: boolean): JournalEntry[] {
  const lines = text.split('\n');
  const last = lines.pop() ?? ''; // '' when the text ends with a newline
  if (last.trim() !== '' && !active) throw new Error(`corrupt journal ${file}: the last line is not terminated`);
  const out: JournalEntry[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      throw new Error(`corrupt journal ${file} at line ${i + 1}: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (typeof value !== 'object' || value === null || typeof (value as { seq?: unknown }).seq !== 'number') {
      throw new Error(`corrupt journal ${file} at line ${i + 1}: no seq`);
    }
    out.push(value as JournalEntry);
  });
  return out;
}
