/**
 * Reading the desk bookings of a period for a report, safely while the bot runs.
 *
 * PostgreSQL: `openPostgresStore` + `store.read(...)` (a READ ONLY, REPEATABLE READ transaction) +
 * `close()` (ends the pool). Opening runs the idempotent `CREATE … IF NOT EXISTS` DDL under the
 * same advisory lock as the bot; it changes nothing on an existing schema.
 *
 * lowdb: NOT through `openLowdbStore`. Opening that store is a writer's open: it takes the data
 * directory's lock (`store.lock`), so it is refused while the bot runs, and it would change the
 * files (truncate a torn journal tail, compact on close).
 *
 * Instead this reads the same files the store reads, without opening any of them for writing
 * and without the lock (`src/store/read-files.ts`): the manifest `manifest.json` (or, before
 * partitions, the snapshot `store.json`), every partition file `<kind>/<key>.json` (lowdb
 * writes each as temp file + rename, so a read sees whole files), the rotated
 * `journal.<seq>.ndjson` files and the active `journal.ndjson` (each line's checksum checked),
 * and replays the entries after the manifest's `lastSeq` into a `MemoryState` (the store's own
 * in-memory state, so the query is the store's `listBookingsInRange`). A last line without its
 * newline is a write in progress (or torn by a crash): it is skipped, never truncated. If the bot
 * rotates the journal or finishes a compaction while the files are read (the list of rotated
 * journals or the manifest's inode changed, a rotated file vanished, or the sequence numbers
 * show a gap), the read starts again. The result is the committed state at one moment, at least
 * as new as when the read began. It holds all history (no horizon): a tool's memory, not the bot's.
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
import { ACTIVE_JOURNAL, parseJournal, type JournalEntry } from '../store/journal.js';
import { MemoryState } from '../store/memory-state.js';
import { LEGACY_SNAPSHOT, MANIFEST, readStoredFiles, storedBodies } from '../store/read-files.js';
import { openPostgresStore } from '../store/postgres/postgres-store.js';

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

/**
 * What a compaction changes: the set of rotated journals and the manifest (lowdb replaces it by
 * a rename, so a new manifest is a new inode; before partitions: the snapshot `store.json`).
 * Equal before and after a read = no compaction rotated the journal or finished in between.
 * Partition files rewritten by a compaction still under way are fine: the replay from the
 * manifest's `lastSeq` makes the state whole again, as the store's own recovery does.
 */
async function fingerprint(dir: string): Promise<{ key: string; rotated: Array<{ name: string; seq: number }> }> {
  const rotated = (await readdir(dir))
    .map((name) => ROTATED.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[0], seq: Number(m[1]) }))
    .sort((a, b) => a.seq - b.seq);
  const stamp = async (name: string): Promise<unknown> => {
    const s = await stat(path.join(dir, name)).catch(() => undefined);
    return s ? [s.ino, s.size, s.mtimeMs] : null;
  };
  return { key: JSON.stringify([rotated.map((r) => r.name), await stamp(MANIFEST), await stamp(LEGACY_SNAPSHOT)]), rotated };
}

async function readState(dir: string): Promise<MemoryState> {
  const before = await fingerprint(dir);
  let files;
  try {
    files = await readStoredFiles(dir);
  } catch (e) {
    if ((await fingerprint(dir)).key !== before.key) throw new ConcurrentChange();
    if (e instanceof Error && / is not (a store snapshot|a lowdb store manifest)/.test(e.message)) throw new DataDirError(e.message);
    throw e;
  }
  const entries: JournalEntry[] = [];
  for (const { name } of before.rotated) {
    const buf = await readBufferIfThere(path.join(dir, name));
    if (buf === undefined) throw new ConcurrentChange(); // deleted by a compaction that just finished
    entries.push(...parseJournal(buf, path.join(dir, name), false).entries);
  }
  const active = await readBufferIfThere(path.join(dir, ACTIVE_JOURNAL));
  // the last line without newline is a write in progress (or torn by a crash): skipped, never truncated
  if (active !== undefined) entries.push(...parseJournal(active, path.join(dir, ACTIVE_JOURNAL), true).entries);
  if ((await fingerprint(dir)).key !== before.key) throw new ConcurrentChange(); // rotated or compacted meanwhile

  const state = new MemoryState();
  for (const body of storedBodies(files)) state.apply(body);
  let seq = files.lastSeq;
  for (const entry of entries) {
    if (entry.seq <= seq) continue; // already in the snapshot
    if (entry.seq !== seq + 1) throw new ConcurrentChange(); // a compaction moved entries into a newer snapshot
    state.apply(entry);
    seq = entry.seq;
  }
  return state;
}

async function readBufferIfThere(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}
