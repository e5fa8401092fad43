/**
 * The write-ahead journal of the lowdb store: one JSON line per committed change set, each with a
 * strictly increasing `seq`. `append` returns only after the line is fsync'd, so an acknowledged
 * write survives `kill -9` (and a power cut, as far as the disk honours fsync).
 *
 * Files in the data dir:
 * - `journal.ndjson`: the active journal, appended to.
 * - `journal.<seq>.ndjson`: a journal rotated away by a compaction that has not yet finished
 *   (`<seq>` = its last entry). Deleted once a snapshot with `lastSeq >= <seq>` is durable.
 *
 * Recovery reads the rotated journals in order, then the active one. Only the active one can end
 * in a torn line (a crash during `append`); that line was never acknowledged, so it is dropped
 * and the file truncated to the last complete line. A bad line anywhere else is corruption and
 * stops the open with an error naming the file and line.
 */
import { open, readdir, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { ChangeSet } from './memory-state.js';

export interface JournalEntry extends ChangeSet {
  seq: number;
}

export const ACTIVE_JOURNAL = 'journal.ndjson';
const ROTATED = /^journal\.(\d+)\.ndjson$/;

/** fsync a directory so that creations, renames and deletions in it are durable. */
export async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** fsync an existing file by name (used for the snapshot lowdb wrote). */
export async function syncFile(file: string): Promise<void> {
  const fh = await open(file, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function rotatedJournals(dir: string): Promise<{ file: string; seq: number }[]> {
  const names = await readdir(dir);
  return names
    .map((name) => ({ name, m: ROTATED.exec(name) }))
    .filter((x): x is { name: string; m: RegExpExecArray } => x.m !== null)
    .map((x) => ({ file: path.join(dir, x.name), seq: Number(x.m[1]) }))
    .sort((a, b) => a.seq - b.seq);
}

function parseLine(line: string, where: string): JournalEntry {
  const value: unknown = JSON.parse(line);
  if (typeof value !== 'object' || value === null || typeof (value as { seq?: unknown }).seq !== 'number') {
    throw new Error(`${where}: journal line has no seq`);
  }
  return value as JournalEntry;
}

/** Parses a journal buffer; with `tolerateTornTail`, returns the byte length of the good prefix. */
function parseJournal(buf: Buffer, file: string, tolerateTornTail: boolean): { entries: JournalEntry[]; goodLength: number } {
  const entries: JournalEntry[] = [];
  let start = 0;
  let goodLength = 0;
  while (start < buf.length) {
    const nl = buf.indexOf(0x0a, start);
    const end = nl === -1 ? buf.length : nl;
    const isLast = nl === -1 || nl === buf.length - 1;
    const text = buf.subarray(start, end).toString('utf8').trim();
    if (text.length > 0) {
      try {
        if (nl === -1) throw new Error('line not terminated');
        entries.push(parseLine(text, `${file}:${entries.length + 1}`));
      } catch (e) {
        if (tolerateTornTail && isLast) return { entries, goodLength };
        throw new Error(`corrupt journal ${file} at byte ${start}: ${(e as Error).message}`);
      }
    }
    start = end + 1;
    goodLength = Math.min(start, buf.length);
  }
  return { entries, goodLength };
}

/**
 * Reads all journals of `dir` and returns the entries after `afterSeq` (the snapshot's), in order.
 * Truncates a torn tail of the active journal.
 */
export async function recoverJournal(dir: string, afterSeq: number): Promise<{ entries: JournalEntry[]; lastSeq: number }> {
  const all: JournalEntry[] = [];
  for (const { file } of await rotatedJournals(dir)) {
    all.push(...parseJournal(await readFile(file), file, false).entries);
  }
  const active = path.join(dir, ACTIVE_JOURNAL);
  let buf: Buffer | undefined;
  try {
    buf = await readFile(active);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (buf) {
    const { entries, goodLength } = parseJournal(buf, active, true);
    all.push(...entries);
    if (goodLength < buf.length) {
      const fh = await open(active, 'r+');
      try {
        await fh.truncate(goodLength);
        await fh.sync();
      } finally {
        await fh.close();
      }
    }
  }
  let lastSeq = afterSeq;
  const entries: JournalEntry[] = [];
  for (const entry of all) {
    if (entry.seq <= afterSeq) continue; // already in the snapshot (crash during compaction)
    if (entry.seq !== lastSeq + 1) {
      throw new Error(`journal in ${dir} has a gap: expected seq ${lastSeq + 1}, found ${entry.seq}`);
    }
    entries.push(entry);
    lastSeq = entry.seq;
  }
  return { entries, lastSeq };
}

/** Appends entries to the active journal, durably. Not re-entrant: the store's mutex serialises. */
export class JournalWriter {
  private constructor(
    private readonly dir: string,
    private fh: FileHandle,
    private size: number,
  ) {}

  static async open(dir: string): Promise<JournalWriter> {
    const fh = await open(path.join(dir, ACTIVE_JOURNAL), 'a');
    const { size } = await fh.stat();
    await syncDir(dir);
    return new JournalWriter(dir, fh, size);
  }

  /** Number of bytes in the active journal. */
  get length(): number {
    return this.size;
  }

  /** Appends one serialised `JournalEntry` (no newline inside) and fsyncs. */
  async append(line: string): Promise<void> {
    const buf = Buffer.from(`${line}\n`, 'utf8');
    try {
      let off = 0;
      while (off < buf.length) {
        const { bytesWritten } = await this.fh.write(buf, off, buf.length - off);
        off += bytesWritten;
      }
      await this.fh.sync();
      this.size += buf.length;
    } catch (e) {
      // Best effort: cut a partial line so the next append does not follow garbage.
      await this.fh.truncate(this.size).catch(() => undefined);
      throw e;
    }
  }

  /** Moves the active journal aside as `journal.<lastSeq>.ndjson` and starts an empty one. */
  async rotate(lastSeq: number): Promise<void> {
    await this.fh.close();
    await rename(path.join(this.dir, ACTIVE_JOURNAL), path.join(this.dir, `journal.${lastSeq}.ndjson`));
    this.fh = await open(path.join(this.dir, ACTIVE_JOURNAL), 'a');
    this.size = 0;
    await syncDir(this.dir);
  }

  /** Deletes rotated journals fully covered by a durable snapshot with `lastSeq`. */
  async removeRotated(upToSeq: number): Promise<void> {
    let removed = false;
    for (const { file, seq } of await rotatedJournals(this.dir)) {
      if (seq <= upToSeq) {
        await rm(file, { force: true });
        removed = true;
      }
    }
    if (removed) await syncDir(this.dir);
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}
