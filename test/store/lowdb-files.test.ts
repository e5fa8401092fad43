import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createMemoryLogger } from '../../src/observability/logger.js';
import { openLowdbStore, type LowdbStore } from '../../src/store/lowdb-store.js';
import { booking, ids, request } from './store-fixtures.js';
import { storedState } from './stored-state.js';

const tempDir = (): Promise<string> => mkdtemp(path.join(tmpdir(), 'lowdb-files-'));

/** Starts the writer child on `dir` and resolves once it has opened the store. */
function startWriter(dir: string): { child: ChildProcess; ready: Promise<void>; exited: Promise<{ code: number | null; stderr: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/store/fixtures/writer.ts', dir, '5000', 'lock'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
  const ready = new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready\n')) resolve();
    });
    void exited.then(({ code }) => reject(new Error(`writer exited (${code}) before it was ready: ${stderr}`)));
  });
  return { child, ready, exited };
}

describe('lowdb store: one process per data directory, checksums, partitions', function () {
  this.timeout(60_000);
  let dir: string;
  const open: LowdbStore[] = [];
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });
  const openStore = async (options: Partial<Parameters<typeof openLowdbStore>[0]> = {}): Promise<LowdbStore> => {
    const s = await openLowdbStore({ dataDir: dir, ...options });
    open.push(s);
    return s;
  };

  it('when a second process opens a data directory in use, then it exits naming the holder; after kill -9 of the holder the next start takes the stale lock over', async () => {
    const first = startWriter(dir);
    await first.ready;
    const second = startWriter(dir);
    const { code, stderr } = await second.exited;
    assert.notEqual(code, 0, 'the second process must not run');
    assert.match(stderr, new RegExp(`store\\.lock: the data directory is in use by pid ${first.child.pid} on \\S+ \\(.*writer\\.ts.*\\) since \\d{4}-`));
    first.child.kill('SIGKILL');
    await first.exited;
    const logger = createMemoryLogger();
    const s = await openStore({ logger });
    assert.ok((await s.read((r) => r.listJobs())).length > 0, 'the first writer wrote');
    const warning = logger.lines.find((l) => l.event === 'store_lock_stale_taken_over');
    assert.match(String(warning?.message), new RegExp(`pid ${first.child.pid} is no longer running`));
  });

  it('when the same process opens an open data directory again, then it is refused; after close it opens', async () => {
    const s = await openStore();
    await assert.rejects(openLowdbStore({ dataDir: dir }), (e: Error & { code?: string }) => e.code === 'DATA_DIR_LOCKED' && e.message.includes(`pid ${process.pid}`));
    await s.close();
    const again = await openStore();
    await again.close();
    assert.deepEqual((await readdir(dir)).filter((n) => n.startsWith('store.lock')), [], 'close releases the lock');
  });

  it('when a complete journal line has a flipped byte, then the start stops naming file and line', async () => {
    const s = await openStore();
    for (const id of ['r0', 'r1', 'r2']) await s.transact((tx) => tx.putRequest(request(id)));
    await s.close();
    await writeFile(path.join(dir, 'journal.ndjson'), ''); // the closed store compacted; write lines by hand
    const again = await openStore();
    for (const id of ['r3', 'r4', 'r5']) await again.transact((tx) => tx.putRequest(request(id)));
    const journal = path.join(dir, 'journal.ndjson');
    const text = await readFile(journal, 'utf8');
    open.splice(0);
    // simulate kill -9: the store is dropped without close; release its lock as a dead process would leave it stale
    await rm(path.join(dir, 'store.lock'));
    const lines = text.split('\n');
    lines[2] = (lines[2] ?? '').replace('"r5"', '"r6"'); // still valid JSON, still complete
    await writeFile(journal, lines.join('\n'));
    await assert.rejects(openLowdbStore({ dataDir: dir }), new RegExp(`corrupt journal ${journal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} line 3 .*checksum mismatch`));
  });

  it('when the journal ends in a torn line, then it is cut and a warning names the file and the bytes', async () => {
    const s = await openStore();
    await s.transact((tx) => tx.putRequest(request('r0')));
    open.splice(0);
    await rm(path.join(dir, 'store.lock'));
    const journal = path.join(dir, 'journal.ndjson');
    const good = (await stat(journal)).size;
    await appendFile(journal, '{"seq":2,"requests":[{"id":"torn"');
    const logger = createMemoryLogger();
    const again = await openStore({ logger });
    assert.equal((await again.read((r) => r.getRequest('r0')))?.id, 'r0');
    assert.equal((await stat(journal)).size, good);
    const warning = logger.lines.find((l) => l.event === 'store_journal_torn_tail_cut');
    assert.equal(warning?.file, journal);
    assert.equal(warning?.bytes, 33);
  });

  it('when a partition file or the manifest is corrupt, then the start refuses naming the file', async () => {
    const s = await openStore();
    await s.transact((tx) => tx.putBooking(booking('b1', { date: '2026-11-03' })));
    await s.close();
    const part = path.join(dir, 'bookings', '2026-11-02.json');
    const text = await readFile(part, 'utf8');
    await writeFile(part, text.slice(0, text.length - 10));
    await assert.rejects(openLowdbStore({ dataDir: dir }), (e: Error) => e.message.startsWith(`${part} is corrupt`));
    await writeFile(part, text);
    await writeFile(path.join(dir, 'manifest.json'), '{"format":2}');
    await assert.rejects(openLowdbStore({ dataDir: dir }), (e: Error) => e.message.includes(`${path.join(dir, 'manifest.json')} is not a lowdb store manifest`));
  });

  it('when history lies before the horizon, then it is not loaded at start but read on demand (ids, ranges, a person)', async () => {
    const now = (): Date => new Date('2026-11-20T10:00:00.000Z');
    const s = await openStore({ now });
    await s.transact(async (tx) => {
      await tx.putBooking(booking('old', { date: '2026-01-13' }));
      await tx.putBooking(booking('recent', { date: '2026-11-17' }));
      await tx.putRequest(request('old-r', { days: [['2026-02-02', 'approved']], status: 'approved' }));
      await tx.putRequest(request('new-r', { days: [['2026-11-23', 'approved']], status: 'approved' }));
    });
    await s.close();
    const again = await openStore({ now, requestHorizonMonths: 2 });
    assert.equal(again.stats.loadsOnDemand, 0);
    const loadedAtStart = again.stats.loaded;
    assert.ok(loadedAtStart < again.stats.partitions, 'old partitions stay on disk');
    assert.deepEqual(ids(await again.read((r) => r.listBookingsOnDate('2026-11-17'))), ['recent']);
    assert.equal(again.stats.loadsOnDemand, 0, 'a recent query reads no file');
    assert.equal((await again.read((r) => r.getBooking('old')))?.date, '2026-01-13');
    assert.equal(again.stats.loadsOnDemand, 1);
    assert.equal(await again.read((r) => r.getBooking('never-existed')), undefined);
    assert.deepEqual(ids(await again.read((r) => r.listRequestsOfPerson('p1', '2026-02-01', '2026-02-28'))), ['old-r']);
    assert.equal(again.stats.loadsOnDemand, 2, 'the February request partition was read');
    assert.equal((await again.read((r) => r.getRequest('old-r')))?.id, 'old-r');
    assert.deepEqual(ids(await again.read((r) => r.listRequestsOfPerson('p1'))), ['new-r', 'old-r']);
    // a write to old history: the partition is rewritten with it
    await again.transact(async (tx) => {
      const b = await tx.getBooking('old');
      assert.ok(b);
      await tx.putBooking({ ...b, status: 'cancelled' });
    });
    await again.close();
    const third = await openStore({ now });
    assert.equal((await third.read((r) => r.getBooking('old')))?.status, 'cancelled');
  });

  it('when one booking changes, then the compaction rewrites only its partition (and the manifest)', async () => {
    const s = await openStore();
    await s.transact(async (tx) => {
      await tx.putBooking(booking('a', { date: '2026-01-13' }));
      await tx.putBooking(booking('b', { date: '2026-03-03' }));
    });
    await s.close();
    const stamp = async (name: string): Promise<string> => {
      const st = await stat(path.join(dir, name));
      return `${st.ino}:${st.mtimeMs}`;
    };
    const jan = await stamp('bookings/2026-01-12.json');
    const mar = await stamp('bookings/2026-03-02.json');
    const again = await openStore();
    await again.transact((tx) => tx.putBooking(booking('c', { date: '2026-03-04' })));
    await again.close();
    assert.equal(await stamp('bookings/2026-01-12.json'), jan, 'untouched partition not rewritten');
    assert.notEqual(await stamp('bookings/2026-03-02.json'), mar);
    const stored = await storedState(dir);
    assert.deepEqual(ids(stored.bookings ?? []).sort(), ['a', 'b', 'c']);
  });

  it('when a pending request is approved, then it moves from the open partition to its week, also across a crash before compaction', async () => {
    const s = await openStore();
    await s.transact((tx) => tx.putRequest(request('r1', { days: [['2026-03-02', 'pending']] })));
    await s.close();
    assert.equal((await storedState(dir)).requests.length, 1);
    const again = await openStore();
    const r = await again.read((x) => x.getRequest('r1'));
    assert.ok(r);
    await again.transact((tx) => tx.putRequest({ ...r, status: 'approved', days: r.days.map((d) => ({ ...d, status: 'approved' })) }));
    open.splice(0); // crash: no close, no compaction
    await rm(path.join(dir, 'store.lock'));
    const third = await openStore();
    assert.equal((await third.read((x) => x.getRequest('r1')))?.status, 'approved');
    await third.close();
    const names = (await readdir(path.join(dir, 'requests'))).filter((n) => n.endsWith('.json')).sort();
    assert.deepEqual(names, ['2026-03-02.json'], 'the open partition emptied and removed');
    assert.deepEqual(ids((await storedState(dir)).requests), ['r1']);
  });

  it('when transactions arrive together, then their journal lines share fsyncs and each caller is answered after its own line is durable', async () => {
    const s = await openStore();
    await Promise.all(Array.from({ length: 40 }, (_, i) => s.transact((tx) => tx.putRequest(request(`g${i}`)))));
    const { fsyncs, lines } = s.stats;
    assert.equal(lines, 40);
    assert.ok(fsyncs < 40, `expected fewer fsyncs than lines, got ${fsyncs}`);
    const journal = (await readFile(path.join(dir, 'journal.ndjson'), 'utf8')).trim().split('\n');
    assert.deepEqual(journal.map((l) => (JSON.parse(l) as { seq: number }).seq), Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('when a check-then-write runs in concurrent transactions, then only one wins (serialised, group commit or not)', async () => {
    const s = await openStore();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => s.transact((tx) => tx.putBooking(booking(`d${i}`, { deskId: 'desk-1', date: '2026-03-02', slot: 'day' })))),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    assert.equal(await s.transact((tx) => tx.nextSequence('n')), 1);
  });

  it('when retention and erasure reach history on disk, then no partition file or journal keeps the old records', async () => {
    const now = (): Date => new Date('2026-11-20T10:00:00.000Z');
    const s = await openStore({ now });
    await s.transact(async (tx) => {
      await tx.putBooking(booking('old1', { date: '2026-01-13' }));
      await tx.putBooking(booking('old2', { date: '2026-02-10', personId: 'p2', deskId: 'D2' }));
      await tx.putBooking(booking('recent', { date: '2026-11-17' }));
    });
    await s.close();
    const again = await openStore({ now });
    assert.ok(again.stats.loaded < again.stats.partitions, 'the January and February weeks stay on disk');
    const deleted = await again.rewriteRecords({ olderThan: { bookings: '2026-02-01' } }, (records) => {
      const old = records.bookings.filter((b) => b.date < '2026-02-01').map((b) => b.id);
      return { changes: {}, deleted: { bookings: old }, result: old.length };
    });
    assert.equal(deleted.reduce((a, b) => a + b, 0), 1);
    const erased = await again.rewriteRecords({ mentioning: ['p2'] }, (records) => ({
      changes: { bookings: records.bookings.filter((b) => b.personId === 'p2').map((b) => ({ ...b, personId: 'anonymous' })) },
      deleted: {},
      result: records.bookings.length,
    }));
    assert.deepEqual(erased, [1]);
    assert.deepEqual(ids(await again.read((r) => r.listBookingsInRange('2026-01-01', '2026-12-31'))), ['old2', 'recent']);
    await again.close();
    const everything = JSON.stringify(await storedState(dir));
    assert.ok(!everything.includes('"old1"'), 'the deleted booking is in no partition');
    assert.ok(!everything.includes('"p2"'), 'the erased person is in no partition');
    for (const name of await readdir(dir)) {
      if (name.startsWith('journal')) assert.ok(!(await readFile(path.join(dir, name), 'utf8')).includes('p2'), `${name} still names p2`);
    }
    assert.deepEqual((await readdir(path.join(dir, 'bookings'))).sort(), ['2026-02-09.idx', '2026-02-09.json', '2026-11-16.idx', '2026-11-16.json'], 'the emptied January week is removed, with its index');
  });
});
