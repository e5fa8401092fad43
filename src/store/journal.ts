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
 * in a torn line (a crash during `append`: the last line has no newline); that line was never
 * acknowledged, so it is dropped, the file truncated to the last complete line and a warning
 * logged (file, bytes cut). A bad complete line anywhere — also the last one — is corruption and
 * stops the open with an error naming the file and line number.
 *
 * Checksums (format 2): every line ends with `,"crc":"<8 hex>"}`, the CRC-32 (node:zlib) of the
 * line's JSON without that member, i.e. of `{"seq":…,…}`. A line stays one JSON object (jq, grep
 * work). A file whose lines have no `crc` member was written before checksums (format 1) and
 * still loads; once a line of a file carries a checksum, every later line of it must too.
 */
import { open, readdir, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
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

const CRC_TAIL = /,"crc":"([0-9a-f]{8})"\}$/;

const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');

/** The journal line (without newline) of an entry: its JSON with the CRC-32 as last member. */
export function journalLine(entry: JournalEntry): string {
  const body = JSON.stringify(entry);
  return `${body.slice(0, -1)},"crc":"${hex8(crc32(body))}"}`;
}

/**
 * Parses one complete journal line. `state.checked` becomes true at the first line with a
 * checksum; from then on a line without one is refused. Throws a message without the location.
 */
export function parseJournalLine(line: string, state: { checked: boolean }): JournalEntry {
  const m = CRC_TAIL.exec(line);
  let text = line;
  if (m) {
    text = `${line.slice(0, m.index)}}`;
    if (hex8(crc32(text)) !== m[1]) throw new Error(`checksum mismatch (stored ${m[1]}, computed ${hex8(crc32(text))})`);
    state.checked = true;
  } else if (state.checked) {
    throw new Error('line has no checksum (earlier lines of this file have one)');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`not JSON: ${(e as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || typeof (value as { seq?: unknown }).seq !== 'number') {
    throw new Error('journal line has no seq');
  }
  return value as JournalEntry;
}

export interface JournalParse {
  entries: JournalEntry[];
  /** Byte length of the complete lines (the file is cut here when the tail is torn). */
  goodLength: number;
}

/**
 * Parses a journal buffer. A last line without newline is a torn tail: with `tolerateTornTail`
 * it is left out (`goodLength` < buffer length), otherwise it is corruption. Every complete line
 * must parse and match its checksum; the error names the file and the line number.
 */
export function parseJournal(buf: Buffer, file: string, tolerateTornTail: boolean): JournalParse {
  const entries: JournalEntry[] = [];
  const state = { checked: false };
  let start = 0;
  let goodLength = 0;
  let lineNo = 0;
  while (start < buf.length) {
    const nl = buf.indexOf(0x0a, start);
    lineNo++;
    if (nl === -1) {
      if (tolerateTornTail) return { entries, goodLength };
      throw new Error(`corrupt journal ${file} line ${lineNo} (byte ${start}): the last line is not terminated`);
    }
    const text = buf.subarray(start, nl).toString('utf8').trim();
    if (text.length > 0) {
      try {
        entries.push(parseJournalLine(text, state));
      } catch (e) {
        throw new Error(`corrupt journal ${file} line ${lineNo} (byte ${start}): ${(e as Error).message}`);
      }
    }
    start = nl + 1;
    goodLength = start;
  }
  return { entries, goodLength };
}

/**
 * Reads all journals of `dir` and returns the entries after `afterSeq` (the snapshot's), in order.
 * Truncates a torn tail of the active journal.
 */
export async function recoverJournal(
  dir: string,
  afterSeq: number,
  warn: (event: string, fields: Record<string, string | number>) => void = () => undefined,
): Promise<{ entries: JournalEntry[]; lastSeq: number }> {
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
      warn('store_journal_torn_tail_cut', { file: active, bytes: buf.length - goodLength, keptBytes: goodLength });
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

  /** Appends serialised `JournalEntry` lines (see `journalLine`; no newline inside) and fsyncs once. */
  async append(lines: string | readonly string[]): Promise<void> {
    const buf = Buffer.from(typeof lines === 'string' ? `${lines}\n` : `${lines.join('\n')}\n`, 'utf8');
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
