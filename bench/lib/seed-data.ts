/**
 * Seeds the generated organisation (bench/lib/org-data.ts) through the product's own store API —
 * `store.transact` with `nextSequence`, `putRequest` and `putBooking`, a batch of records per
 * transaction — and caches the result under /tmp keyed by a content hash (sizes, this file, the
 * generator and every file of src/store), so that a re-run does not seed again and a changed store
 * seeds anew.
 *
 * - lowdb: the seeded DATA_DIR is kept in the cache; `lowdbDataDir` returns a fresh copy per use
 *   (a bot writes into it).
 * - PostgreSQL: the seeded schema is kept as a `pg_dump` file; `restorePg` loads it into a throwaway
 *   database (dropped by the caller).
 *
 * The tx calls are awaited through `Promise.resolve`, so the seeder works with today's synchronous
 * port and with the asynchronous one (same method names, Promise results).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { weekdayOf } from '../../src/domain/dates.js';
import type { DeskBooking } from '../../src/domain/desk-model.js';
import type { MobileWorkRequest } from '../../src/domain/model.js';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { Store } from '../../src/store/store.js';
import { ROOT } from './bot-process.js';
import { bookingsOn, desksYaml, directoryYaml, FIXED_NOW, recordDates, requestOf, type OrgSize } from './org-data.js';

const run = promisify(execFile);
export const CACHE_DIR = process.env['BENCH_CACHE_DIR'] ?? '/tmp/mobile-work-bench-cache';
const BATCH = 5000;

export interface SeedInfo {
  requests: number;
  requestDays: number;
  bookings: number;
  /** Day and booking records (request days + bookings). */
  records: number;
  seconds: number;
  /** Set when the store could not take the data set (a finding, not a bench failure). */
  error?: string;
}

/** Hash of the sizes and of every source file the seeded data depends on. */
async function contentHash(kind: string, size: OrgSize): Promise<string> {
  const h = createHash('sha256').update(JSON.stringify({ kind, size }));
  const files = ['bench/lib/org-data.ts', 'bench/lib/seed-data.ts'];
  const store = (await readdir(path.join(ROOT, 'src/store'), { recursive: true })).filter((f) => f.endsWith('.ts')).sort();
  for (const f of store) files.push(`src/store/${f}`);
  for (const f of files) h.update(f).update(await readFile(path.join(ROOT, f)));
  return h.digest('hex').slice(0, 16);
}

/** Directory and desk files of the organisation (cached like the data). */
export async function orgFiles(size: OrgSize): Promise<{ directoryFile: string; desksFile: string }> {
  const dir = path.join(CACHE_DIR, `org-${size.staff}-${size.desks}`);
  const directoryFile = path.join(dir, 'directory.yaml');
  const desksFile = path.join(dir, 'desks.yaml');
  await mkdir(dir, { recursive: true });
  await writeFile(directoryFile, directoryYaml(size));
  await writeFile(desksFile, desksYaml(size));
  return { directoryFile, desksFile };
}

/** Writes the data set through the store, one batch of records per transaction. */
export async function seedStore(store: Store, size: OrgSize, log: (line: string) => void): Promise<SeedInfo> {
  const started = performance.now();
  const info: SeedInfo = { requests: 0, requestDays: 0, bookings: 0, records: 0, seconds: 0 };
  let requests: Omit<MobileWorkRequest, 'number'>[] = [];
  let bookings: DeskBooking[] = [];
  const flush = async () => {
    const rs = requests;
    const bs = bookings;
    requests = [];
    bookings = [];
    await store.transact(async (tx) => {
      for (const r of rs) {
        const year = r.days[0]!.date.slice(0, 4);
        const n = await Promise.resolve(tx.nextSequence(`request-${year}`));
        await Promise.resolve(tx.putRequest({ ...r, number: `MA-${year}-${String(n).padStart(5, '0')}`, version: 0 }));
      }
      for (const b of bs) await Promise.resolve(tx.putBooking({ ...b, version: 0 }));
    });
  };
  const dates = recordDates(size);
  let lastLog = performance.now();
  for (const [i, date] of dates.entries()) {
    if (weekdayOf(date) === 1) {
      for (let p = 0; p < size.staff; p++) {
        const r = requestOf(size, p, date);
        if (!r) continue;
        requests.push(r);
        info.requests++;
        info.requestDays += r.days.length;
      }
    }
    for (const b of bookingsOn(size, date)) {
      bookings.push(b);
      info.bookings++;
    }
    if (requests.length + bookings.length >= BATCH) await flush();
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      log(`seeding: ${date} (${i + 1}/${dates.length} days), ${info.requestDays + info.bookings} records, ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
  }
  await flush();
  info.records = info.requestDays + info.bookings;
  info.seconds = (performance.now() - started) / 1000;
  return info;
}

/** A fresh copy of the seeded lowdb DATA_DIR (seeding it first when not cached). The caller removes it. */
export async function lowdbDataDir(size: OrgSize, into: string, log: (line: string) => void): Promise<SeedInfo> {
  const hash = await contentHash('lowdb', size);
  const cached = path.join(CACHE_DIR, `lowdb-${size.staff}-${size.desks}-${size.years}y-${hash}`);
  if (!existsSync(path.join(cached, 'seed.json'))) {
    log(`seeding lowdb: ${size.staff} staff, ${size.desks} desks, ${size.years} year(s) → ${cached}`);
    const tmp = `${cached}.tmp-${process.pid}`;
    await rm(tmp, { recursive: true, force: true });
    await mkdir(path.join(tmp, 'data'), { recursive: true });
    const store = await openLowdbStore({ dataDir: path.join(tmp, 'data'), compactEvery: Number.MAX_SAFE_INTEGER, now: () => new Date(FIXED_NOW) });
    let info: SeedInfo;
    try {
      info = await seedStore(store, size, log);
    } catch (e) {
      info = { requests: 0, requestDays: 0, bookings: 0, records: 0, seconds: 0, error: `seeding failed: ${e instanceof Error ? e.message : String(e)}` };
    }
    const t0 = performance.now();
    try {
      await store.close(); // writes the snapshot
    } catch (e) {
      info.error ??= `closing the seeded store failed (snapshot not written): ${e instanceof Error ? e.message : String(e)}`;
    }
    log(`seeded ${info.records} records in ${info.seconds.toFixed(0)} s, close ${((performance.now() - t0) / 1000).toFixed(0)} s${info.error ? ` — ${info.error}` : ''}`);
    await writeFile(path.join(tmp, 'seed.json'), JSON.stringify(info));
    await rm(cached, { recursive: true, force: true });
    await rename(tmp, cached);
  }
  await cp(path.join(cached, 'data'), into, { recursive: true });
  return JSON.parse(await readFile(path.join(cached, 'seed.json'), 'utf8')) as SeedInfo;
}

// ---------------------------------------------------------------- PostgreSQL

export const PG_ADMIN = process.env['BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const PG_SCHEMA = 'mobile_work';

function pgArgs(): string[] {
  const u = new URL(PG_ADMIN);
  return ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres')];
}

export function pgUrl(database: string): string {
  const u = new URL(PG_ADMIN);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function createDb(name: string): Promise<string> {
  await run('dropdb', [...pgArgs(), '--if-exists', name]);
  await run('createdb', [...pgArgs(), name]);
  return pgUrl(name);
}

export async function dropDb(name: string): Promise<void> {
  await run('dropdb', [...pgArgs(), '--if-exists', '--force', name]).catch(() => undefined);
}

/**
 * A throwaway database `name` holding the seeded data set in schema mobile_work (restored from the
 * cached dump, or seeded through the PostgreSQL store and dumped). `size.years = 0`: an empty store.
 */
export async function restorePg(size: OrgSize, name: string, log: (line: string) => void): Promise<{ url: string; info: SeedInfo }> {
  const url = await createDb(name);
  const empty: SeedInfo = { requests: 0, requestDays: 0, bookings: 0, records: 0, seconds: 0 };
  if (size.years === 0) return { url, info: empty };
  const hash = await contentHash('pg', size);
  const dump = path.join(CACHE_DIR, `pg-${size.staff}-${size.desks}-${size.years}y-${hash}.dump`);
  const meta = `${dump}.json`;
  if (!existsSync(meta)) {
    log(`seeding PostgreSQL: ${size.staff} staff, ${size.desks} desks, ${size.years} year(s) → ${dump}`);
    await mkdir(CACHE_DIR, { recursive: true });
    // A clock after the data: the current adapter's per-transaction working set (today − 60 days)
    // is then small while seeding. The stored rows are the same.
    const store = await openPostgresStore({ connectionString: url, schema: PG_SCHEMA, now: () => new Date('2099-01-01T00:00:00Z') });
    let info: SeedInfo;
    try {
      info = await seedStore(store, size, log);
    } finally {
      await store.close();
    }
    log(`seeded ${info.records} records in ${info.seconds.toFixed(0)} s; dumping`);
    await run('psql', [...pgArgs(), '-d', name, '-c', 'VACUUM ANALYZE']);
    await run('pg_dump', [...pgArgs(), '-Fc', '-Z', '1', '-f', `${dump}.tmp`, name]);
    await rename(`${dump}.tmp`, dump);
    await writeFile(meta, JSON.stringify(info));
    return { url, info };
  }
  const t0 = performance.now();
  await run('pg_restore', [...pgArgs(), '-d', name, '-j', '2', dump], { maxBuffer: 64 * 1024 * 1024 });
  await run('psql', [...pgArgs(), '-d', name, '-c', 'ANALYZE']);
  log(`restored ${dump} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  return { url, info: JSON.parse(await readFile(meta, 'utf8')) as SeedInfo };
}
