/**
 * The partitions of a lowdb data directory and which of them are in memory (see `partitions.ts`
 * for the layout). Keeps, per partition: whether its file exists, whether all its records are in
 * the `MemoryState` ("loaded"), the ids of a loaded partition (`members`), the compact id index
 * of an unloaded history partition, and whether it changed since the last compaction (`dirty`).
 *
 * Invariant: a record in the state belongs to a loaded partition. A write whose partition is not
 * loaded loads it first (synchronously; a rare case: a record moving into old history, or
 * retention anonymising an old record). A record deleted from (or moved out of) an unloaded
 * partition is remembered as a pending delete for that partition and applied when it is written.
 *
 * As `HistoryLoader` it loads unloaded history partitions on demand (synchronously until the
 * port is asynchronous; then `range`/`id` become async and use `loadAsync`). After a compaction,
 * clean history partitions before the horizon are dropped from memory again, except the
 * `cacheSize` most recently used.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Low, LowSync } from 'lowdb';
import { JSONFile, JSONFileSync } from 'lowdb/node';
import type { IsoDate } from '../domain/dates.js';
import type { ChangeSet, HistoryLoader, MemoryState } from './memory-state.js';
import {
  ALL,
  checkPartitionFile,
  HISTORY_KINDS,
  hashIndex,
  idOf,
  indexHas,
  KEY_FILE,
  keyOf,
  KINDS,
  OPEN,
  overlaps,
  partitionId,
  periodEnd,
  tableOf,
  type Kind,
  type PartitionedKind,
  type PartitionFile,
} from './partitions.js';

interface Part {
  id: string;
  kind: Kind;
  key: string;
  onDisk: boolean;
  loaded: boolean;
  /** Sorted id hashes: of an unloaded history partition, or cached for a clean loaded one. */
  index?: Uint32Array;
  lastUsed: number;
}

// `index` always describes the partition's FILE as of the last compaction (a superset after
// pending deletes): computed when a compaction takes the partition's view, read from the
// manifest for partitions not loaded, computed lazily from the members of a clean loaded one.

/** What a compaction writes for one partition, taken inside the store's mutex. */
export interface PartitionView {
  /** History partition: the id index to write BEFORE the file (old ids ∪ new ids: never misses a record of either version). */
  index?: Uint32Array;
  part: { id: string; kind: Kind; key: string };
  file: string;
  /** Loaded partition: its records at that moment (immutable objects). */
  records?: unknown[];
  /** values/all: the single values. */
  values?: Pick<PartitionFile, 'sequences' | 'helpfulness' | 'vpnRecentReports'>;
  /** Unloaded partition: ids to drop from its file. */
  deletes?: string[];
}

const PARTITIONED: readonly PartitionedKind[] = KINDS.filter((k): k is PartitionedKind => k !== 'values');

function readError(file: string, e: unknown): Error {
  return new Error(`${file} is corrupt or unreadable: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
}

export class PartitionSet implements HistoryLoader {
  private readonly parts = new Map<string, Part>();
  private readonly members = new Map<string, Set<string>>();
  readonly dirty = new Set<string>();
  /** Unloaded partition id → ids to remove from its file at the next compaction. */
  private readonly deletes = new Map<string, Set<string>>();
  /** Per history kind: the latest end date of an unloaded partition (queries after it need no disk). */
  private readonly unloadedUpTo = new Map<Kind, IsoDate>();
  private tick = 0;
  /** Partitions loaded from disk after the open (on-demand history reads). */
  loadsOnDemand = 0;

  constructor(
    readonly dir: string,
    private readonly state: MemoryState,
    readonly cacheSize: number,
  ) {}

  fileOf(kind: Kind, key: string): string {
    return path.join(this.dir, kind, `${key}.json`);
  }

  /** The id index of a history partition: `<key>.idx`, sorted CRC-32 hashes (uint32, little endian). */
  indexFileOf(kind: Kind, key: string): string {
    return path.join(this.dir, kind, `${key}.idx`);
  }

  /** Lists the partition files of every kind. */
  async scan(): Promise<void> {
    for (const kind of KINDS) {
      let names: string[] = [];
      try {
        names = await readdir(path.join(this.dir, kind));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${path.join(this.dir, kind)}: ${(e as Error).message}`, { cause: e });
      }
      for (const name of names) {
        const m = KEY_FILE.exec(name);
        if (!m) continue;
        const key = m[1] as string;
        const id = partitionId(kind, key);
        this.parts.set(id, { id, kind, key, onDisk: true, loaded: false, lastUsed: 0 });
      }
    }
  }

  /**
   * Loads at open: every partition of the always-loaded kinds, history partitions from `horizon`
   * on (and `open`), and any history partition whose id index is unknown. The others get their
   * index from the manifest.
   */
  async loadAtOpen(horizon: (kind: Kind) => IsoDate): Promise<void> {
    const sorted = [...this.parts.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const toLoad: Part[] = [];
    for (const p of sorted) {
      if (HISTORY_KINDS.has(p.kind) && p.key !== OPEN) {
        // the index describes the file (a superset: written before it); valid while the partition is clean
        const buf = await readFile(this.indexFileOf(p.kind, p.key)).catch(() => undefined);
        if (buf && buf.byteLength % 4 === 0) p.index = new Uint32Array(buf.buffer, buf.byteOffset, buf.byteLength >>> 2).slice();
        else this.dirty.add(p.id); // no index yet: the next compaction writes one
        if (p.index && periodEnd(p.key) < horizon(p.kind)) continue;
      }
      toLoad.push(p);
    }
    // read a few files at once (their I/O overlaps), add them in order
    const READ_AHEAD = 4;
    const reads = new Map<Part, Promise<PartitionFile | null>>();
    const start = (i: number): void => {
      const p = toLoad[i];
      if (!p) return;
      const read = this.readFile(p);
      read.catch(() => undefined); // awaited below in order; a failure must not surface as unhandled meanwhile
      reads.set(p, read);
    };
    for (let i = 0; i < READ_AHEAD; i++) start(i);
    for (let i = 0; i < toLoad.length; i++) {
      const p = toLoad[i] as Part;
      const data = await (reads.get(p) as Promise<PartitionFile | null>);
      reads.delete(p);
      start(i + READ_AHEAD);
      this.addLoaded(p, data, this.fileOf(p.kind, p.key));
    }
    this.updateUnloadedUpTo();
  }

  private async readFile(p: Part): Promise<PartitionFile | null> {
    const file = this.fileOf(p.kind, p.key);
    const db = new Low<PartitionFile | null>(new JSONFile<PartitionFile | null>(file), null);
    try {
      await db.read();
    } catch (e) {
      throw readError(file, e);
    }
    return db.data;
  }

  private loadSync(p: Part): void {
    const file = this.fileOf(p.kind, p.key);
    const db = new LowSync<PartitionFile | null>(new JSONFileSync<PartitionFile | null>(file), null);
    try {
      db.read();
    } catch (e) {
      throw readError(file, e);
    }
    this.addLoaded(p, db.data, file);
    this.loadsOnDemand++;
    this.updateUnloadedUpTo();
  }

  /** Reads an unloaded partition's records without loading it (privacy scans). */
  async readRecords(p: { kind: Kind; key: string; id: string }): Promise<unknown[]> {
    const file = this.fileOf(p.kind, p.key);
    const db = new Low<PartitionFile | null>(new JSONFile<PartitionFile | null>(file), null);
    try {
      await db.read();
    } catch (e) {
      throw readError(file, e);
    }
    if (db.data === null) return [];
    const data = checkPartitionFile(db.data, file, p.kind, p.key);
    const gone = this.deletes.get(p.id);
    const records = data.records ?? [];
    return gone ? records.filter((r) => !gone.has(idOf(p.kind as PartitionedKind, r))) : records;
  }

  private addLoaded(p: Part, raw: PartitionFile | null, file: string): void {
    p.loaded = true;
    p.lastUsed = ++this.tick;
    if (raw === null) return; // vanished: nothing to add
    const data = checkPartitionFile(raw, file, p.kind, p.key);
    if (p.kind === 'values') {
      this.state.apply({
        ...(data.sequences ? { sequences: data.sequences } : {}),
        ...(data.helpfulness ? { helpfulness: data.helpfulness as ChangeSet['helpfulness'] } : {}),
        ...(data.vpnRecentReports ? { vpnRecentReports: data.vpnRecentReports as ChangeSet['vpnRecentReports'] } : {}),
      });
      return;
    }
    const kind = p.kind;
    const table = tableOf(this.state, kind);
    const gone = this.deletes.get(p.id);
    const fresh: unknown[] = [];
    const ids = p.key === ALL ? undefined : this.membersOf(p.id);
    for (const r of data.records ?? []) {
      const id = idOf(kind, r);
      if (gone?.has(id)) continue;
      if (table.has(id)) {
        // a copy left behind by a compaction that did not finish: memory (replayed journal) wins
        this.dirty.add(p.id);
        continue;
      }
      fresh.push(r);
      ids?.add(id);
    }
    if (gone) {
      this.deletes.delete(p.id);
      this.dirty.add(p.id);
    }
    this.state.apply({ [kind]: fresh } as ChangeSet);
  }

  private membersOf(id: string): Set<string> {
    let set = this.members.get(id);
    if (!set) this.members.set(id, (set = new Set()));
    return set;
  }

  private updateUnloadedUpTo(): void {
    this.unloadedUpTo.clear();
    for (const p of this.parts.values()) {
      if (p.loaded || !HISTORY_KINDS.has(p.kind)) continue;
      const end = periodEnd(p.key);
      if ((this.unloadedUpTo.get(p.kind) ?? '') < end) this.unloadedUpTo.set(p.kind, end);
    }
  }

  /** The partition for a write; created (empty, loaded) when new, loaded when it is on disk only. */
  private target(kind: Kind, key: string): Part {
    const id = partitionId(kind, key);
    let p = this.parts.get(id);
    if (!p) {
      p = { id, kind, key, onDisk: false, loaded: true, lastUsed: ++this.tick };
      this.parts.set(id, p);
    } else if (!p.loaded) {
      this.loadSync(p);
    }
    return p;
  }

  private markDirty(p: Part): void {
    this.dirty.add(p.id);
  }

  /** Unloaded history partitions whose index may hold `id`. */
  private unloadedHolding(kind: Kind, id: string): Part[] {
    const out: Part[] = [];
    for (const p of this.parts.values()) {
      if (p.loaded || p.kind !== kind || !p.index) continue;
      if (this.deletes.get(p.id)?.has(id)) continue;
      if (indexHas(p.index, id)) out.push(p);
    }
    return out;
  }

  /** Inside the mutex, before `state.apply(changes)`: moves ids between partitions, marks them dirty. */
  beforeApply(changes: ChangeSet): void {
    for (const kind of PARTITIONED) {
      const list = changes[kind] as unknown[] | undefined;
      if (list) for (const r of list) this.place(kind, r);
    }
    if (changes.removedSubscriptions?.length) this.markDirty(this.target('subscriptions', ALL));
    if (changes.sequences !== undefined || changes.helpfulness !== undefined || changes.vpnRecentReports !== undefined) {
      this.markDirty(this.target('values', ALL));
    }
    for (const [kind, ids] of Object.entries(changes.deleted ?? {}) as Array<[PartitionedKind, string[] | undefined]>) {
      for (const id of ids ?? []) this.unplace(kind, id);
    }
  }

  private leave(kind: PartitionedKind, id: string, exceptKey: string | undefined): void {
    const old = tableOf(this.state, kind).get(id);
    if (old !== undefined) {
      const key = keyOf(kind, old);
      if (key === exceptKey) return;
      const p = this.parts.get(partitionId(kind, key));
      this.members.get(partitionId(kind, key))?.delete(id);
      if (p) this.markDirty(p);
      return;
    }
    if (!HISTORY_KINDS.has(kind)) return;
    for (const p of this.unloadedHolding(kind, id)) {
      if (p.key === exceptKey) continue;
      let set = this.deletes.get(p.id);
      if (!set) this.deletes.set(p.id, (set = new Set()));
      set.add(id);
      this.dirty.add(p.id);
    }
  }

  private place(kind: PartitionedKind, r: unknown): void {
    const id = idOf(kind, r);
    const key = keyOf(kind, r);
    this.leave(kind, id, key);
    const p = this.target(kind, key);
    if (key !== ALL) this.membersOf(p.id).add(id);
    this.markDirty(p);
  }

  private unplace(kind: PartitionedKind, id: string): void {
    this.leave(kind, id, undefined);
    if (kind === 'conversations' || kind === 'settings' || kind === 'subscriptions' || kind === 'delegations' || kind === 'vpnDrafts') {
      const p = this.parts.get(partitionId(kind, ALL));
      if (p) this.markDirty(p);
    }
  }

  /** Marks every partition holding records dirty (migration from a whole-state snapshot). */
  markAllDirty(): void {
    for (const kind of PARTITIONED) {
      for (const r of tableOf(this.state, kind).values()) this.place(kind, r);
    }
    this.markDirty(this.target('values', ALL));
  }

  // ---------------------------------------------------------------- HistoryLoader

  range(kind: 'requests' | 'bookings', from: IsoDate | undefined, to: IsoDate | undefined): void {
    const upTo = this.unloadedUpTo.get(kind);
    if (upTo === undefined || (from !== undefined && from > upTo)) return;
    for (const p of [...this.parts.values()]) {
      if (p.kind === kind && !p.loaded && overlaps(kind, p.key, from, to)) this.loadSync(p);
    }
  }

  id(kind: 'requests' | 'bookings', id: string): void {
    if (!this.unloadedUpTo.has(kind)) return;
    for (const p of this.unloadedHolding(kind, id)) {
      this.loadSync(p);
      if (tableOf(this.state, kind).has(id)) return;
    }
  }

  // ---------------------------------------------------------------- compaction

  /** Inside the mutex: what to write for every dirty partition; clears the dirty marks. */
  takeViews(): PartitionView[] {
    const views: PartitionView[] = [];
    for (const id of this.dirty) {
      const p = this.parts.get(id);
      if (!p) continue;
      const file = this.fileOf(p.kind, p.key);
      const part = { id: p.id, kind: p.kind, key: p.key };
      if (!p.loaded) {
        views.push({ part, file, deletes: [...(this.deletes.get(id) ?? [])] });
        this.deletes.delete(id);
      } else if (p.kind === 'values') {
        views.push({
          part,
          file,
          values: { sequences: Object.fromEntries(this.state.sequences), helpfulness: this.state.helpfulness as Record<string, unknown>, vpnRecentReports: [...this.state.vpnRecentReports] },
        });
      } else {
        const table = tableOf(this.state, p.kind);
        const records: unknown[] = [];
        if (p.key === ALL) records.push(...table.values());
        else for (const rid of this.members.get(id) ?? []) {
          const r = table.get(rid);
          if (r !== undefined) records.push(r);
        }
        const view: PartitionView = { part, file, records };
        if (HISTORY_KINDS.has(p.kind) && p.key !== OPEN && records.length > 0) {
          const fresh = hashIndex(records.map((r) => idOf(p.kind as PartitionedKind, r)));
          view.index = p.index ? union(p.index, fresh) : fresh;
          p.index = view.index;
        }
        views.push(view);
      }
    }
    this.dirty.clear();
    return views;
  }

  /** A view could not be written: it is dirty again (and its pending deletes are kept). */
  restore(view: PartitionView): void {
    this.dirty.add(view.part.id);
    if (view.deletes?.length) {
      let set = this.deletes.get(view.part.id);
      if (!set) this.deletes.set(view.part.id, (set = new Set()));
      for (const id of view.deletes) set.add(id);
    }
  }

  /** After a view was written (or its file removed because it was empty). */
  written(view: PartitionView, onDisk: boolean): void {
    const p = this.parts.get(view.part.id);
    if (!p) return;
    p.onDisk = onDisk;
    if (!onDisk) {
      delete p.index;
      if (!p.loaded) this.parts.delete(p.id);
    }
  }

  /** Drops clean history partitions before `horizon` from memory, except the most recently used. Inside the mutex. */
  evict(horizon: (kind: Kind) => IsoDate): number {
    const old = [...this.parts.values()]
      .filter((p) => p.loaded && p.onDisk && HISTORY_KINDS.has(p.kind) && p.key !== OPEN && periodEnd(p.key) < horizon(p.kind) && !this.dirty.has(p.id))
      .sort((a, b) => b.lastUsed - a.lastUsed);
    let evicted = 0;
    for (const p of old.slice(this.cacheSize)) {
      const ids = [...(this.members.get(p.id) ?? [])];
      p.index ??= hashIndex(ids);
      this.state.apply({ deleted: { [p.kind]: ids } } as ChangeSet);
      this.members.delete(p.id);
      p.loaded = false;
      evicted++;
    }
    if (evicted) this.updateUnloadedUpTo();
    return evicted;
  }

  /** Unloaded partitions (privacy scans read them one by one). */
  unloaded(): Array<{ id: string; kind: Kind; key: string }> {
    return [...this.parts.values()].filter((p) => !p.loaded && p.onDisk).map((p) => ({ id: p.id, kind: p.kind, key: p.key }));
  }

  /** Counts for diagnostics and the benchmark. */
  stats(): { partitions: number; loaded: number; dirty: number } {
    let loaded = 0;
    for (const p of this.parts.values()) if (p.loaded) loaded++;
    return { partitions: this.parts.size, loaded, dirty: this.dirty.size };
  }
}

/** Sorted union of two sorted hash arrays (duplicates kept once). */
function union(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? (a[i] as number) : Number.POSITIVE_INFINITY;
    const y = j < b.length ? (b[j] as number) : Number.POSITIVE_INFINITY;
    const v = x <= y ? x : y;
    if (x === v) i++;
    if (y === v) j++;
    if (n === 0 || out[n - 1] !== v) out[n++] = v;
  }
  return out.slice(0, n);
}
