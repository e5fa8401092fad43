/**
 * Read-only access to the files of a lowdb data directory (no lock taken, nothing written), for
 * the report and privacy tools that read while the bot runs, and for tests. See `lowdb-store.ts`
 * and `partitions.ts` for the layout.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { StateData } from './memory-state.js';
import { checkManifest, checkPartitionFile, KEY_FILE, KINDS, type Manifest, type PartitionFile } from './partitions.js';

export const MANIFEST = 'manifest.json';
export const LEGACY_SNAPSHOT = 'store.json';

export interface StoredPartition {
  /** Path relative to the data directory, e.g. `bookings/2026-11-02.json`. */
  name: string;
  data: PartitionFile;
}

export interface StoredFiles {
  /** Every journal entry up to this seq is in the files read. */
  lastSeq: number;
  manifest: Manifest | undefined;
  /** The whole-state snapshot of format 1, when there is no manifest yet. */
  legacy: (StateData & { format: 1; lastSeq: number }) | undefined;
  partitions: StoredPartition[];
}

async function readIfThere(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`${file}: ${(e as Error).message}`, { cause: e });
  }
}

function parse(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${file} is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * The manifest (or legacy snapshot) and every partition file. A partition that vanishes while
 * being listed (a compaction removed an emptied one) is skipped.
 */
export async function readStoredFiles(dir: string): Promise<StoredFiles> {
  const manifestText = await readIfThere(path.join(dir, MANIFEST));
  let manifest: Manifest | undefined;
  let legacy: StoredFiles['legacy'];
  if (manifestText !== undefined) {
    manifest = checkManifest(parse(manifestText, path.join(dir, MANIFEST)), path.join(dir, MANIFEST));
  } else {
    const text = await readIfThere(path.join(dir, LEGACY_SNAPSHOT));
    if (text !== undefined) {
      const file = path.join(dir, LEGACY_SNAPSHOT);
      const s = parse(text, file) as StoredFiles['legacy'] | null;
      if (s === null || typeof s !== 'object' || s.format !== 1 || typeof s.lastSeq !== 'number') throw new Error(`${file} is not a store snapshot (format 1)`);
      legacy = s;
    }
  }
  const partitions: StoredPartition[] = [];
  for (const kind of KINDS) {
    let names: string[];
    try {
      names = (await readdir(path.join(dir, kind))).sort();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw e;
    }
    for (const n of names) {
      const m = KEY_FILE.exec(n);
      if (!m) continue;
      const file = path.join(dir, kind, n);
      const text = await readIfThere(file);
      if (text === undefined) continue;
      partitions.push({ name: `${kind}/${n}`, data: checkPartitionFile(parse(text, file), file, kind, m[1] as string) });
    }
  }
  return { lastSeq: manifest?.lastSeq ?? legacy?.lastSeq ?? 0, manifest, legacy, partitions };
}

/**
 * The stored state as one body (legacy snapshot first, then partitions from the oldest write to
 * the newest, so that applying it in order leaves the newest copy of a record).
 */
export function storedBodies(files: StoredFiles): StateData[] {
  const bodies: StateData[] = [];
  if (files.legacy) bodies.push(files.legacy);
  const sorted = [...files.partitions].sort((a, b) => a.data.lastSeq - b.data.lastSeq);
  for (const { data } of sorted) {
    const body = emptyBody();
    if (data.kind === 'values') {
      if (data.sequences) body.sequences = data.sequences;
      if (data.helpfulness) body.helpfulness = data.helpfulness as StateData['helpfulness'];
      if (data.vpnRecentReports) body.vpnRecentReports = data.vpnRecentReports as StateData['vpnRecentReports'];
    } else {
      (body as unknown as Record<string, unknown[]>)[data.kind] = data.records ?? [];
    }
    bodies.push(body);
  }
  return bodies;
}

function emptyBody(): StateData {
  return { requests: [], delegations: [], conversations: [], jobs: [], sequences: {} };
}
