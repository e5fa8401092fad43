import { assertReadsNeverPartial } from '../support/read-while-writing.js';
import assert from 'node:assert/strict';
import { appendFile, cp, readdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { addDays } from '../../src/domain/dates.js';
import type { DeskBooking } from '../../src/domain/desk-model.js';
import { DataDirError, readLowdbBookingsInRange } from '../../src/reports/read-bookings.js';
import { tempDir } from '../process/bot-process.js';
import { booking, filesOf, lowdbStoresPerTest, novemberBookings, putAll } from './report-fixtures.js';

const FROM = '2026-11-01';
const TO = '2026-11-30';
/** The store compacts in the background; wait until no rotated journal is left. */
async function compactionDone(dataDir: string): Promise<void> {
  for (let i = 0; i < 200 && (await readdir(dataDir)).some((n) => /^journal\.\d+\.ndjson$/.test(n)); i++) await new Promise((r) => setTimeout(r, 10));
}
const summary = (bs: DeskBooking[]) => bs.map((b) => `${b.id} ${b.date} ${b.status} v${b.version}`).sort();

describe('reading bookings of a lowdb data directory for a report', () => {
  const openStore = lowdbStoresPerTest();

  it('sees what the running store committed (snapshot + journal) and changes no file of it', async () => {
    const dataDir = join(await tempDir('mwb-report-'), 'data');
    const store = await openStore(dataDir, 3); // compacts after 3 writes: snapshot and journal both hold bookings
    await putAll(store, novemberBookings());
    await store.transact(async (tx) => {
      const b = (await tx.listBookingsInRange(FROM, TO)).find((x) => x.status === 'booked');
      assert.ok(b);
      return tx.putBooking({ ...b, status: 'checked-in' });
    });
    await compactionDone(dataDir);
    const before = await filesOf(dataDir);

    const read = await readLowdbBookingsInRange(dataDir, FROM, TO);

    assert.deepEqual(summary(read), summary(await store.read((r) => r.listBookingsInRange(FROM, TO))));
    assert.equal(read.length, 5);
    assert.deepEqual(await filesOf(dataDir), before, 'the reader wrote, renamed or truncated a file');
  });

  it('skips a journal line still being written and leaves it in place', async () => {
    const dir = await tempDir('mwb-report-');
    const live = join(dir, 'live');
    const store = await openStore(live);
    await putAll(store, novemberBookings().slice(0, 3));
    const copy = join(dir, 'copy');
    await cp(live, copy, { recursive: true });
    const partial = JSON.stringify({ seq: 4, bookings: [booking('d4', 3, '2026-11-04', 'day', 'booked')] }).slice(0, 40);
    await appendFile(join(copy, 'journal.ndjson'), partial);
    const journal = await readFile(join(copy, 'journal.ndjson'), 'utf8');

    const read = await readLowdbBookingsInRange(copy, FROM, TO);

    assert.equal(read.length, 3);
    assert.equal(await readFile(join(copy, 'journal.ndjson'), 'utf8'), journal, 'the unfinished line was cut');
  });

  it('reads a journal rotated away by an interrupted compaction like the store does', async () => {
    const dir = await tempDir('mwb-report-');
    const live = join(dir, 'live');
    const store = await openStore(live);
    await putAll(store, novemberBookings());
    const crashed = join(dir, 'crashed');
    await cp(live, crashed, { recursive: true });
    const lines = (await readFile(join(crashed, 'journal.ndjson'), 'utf8')).trim().split('\n');
    const lastSeq = (JSON.parse(lines.at(-1)!) as { seq: number }).seq;
    await rename(join(crashed, 'journal.ndjson'), join(crashed, `journal.${lastSeq}.ndjson`));
    const forStore = join(dir, 'for-store');
    await cp(crashed, forStore, { recursive: true });

    const read = await readLowdbBookingsInRange(crashed, FROM, TO);

    const reopened = await openStore(forStore);
    assert.deepEqual(summary(read), summary(await reopened.read((r) => r.listBookingsInRange(FROM, TO))));
    assert.equal(read.length, 5);
  });

  it('never sees a partial state while the store writes and compacts at the same time', async () => {
    const dataDir = join(await tempDir('mwb-report-'), 'data');
    const store = await openStore(dataDir, 20); // about 20 compactions during the writes
    await assertReadsNeverPartial({
      writes: 400,
      write: (i) => {
        const date = addDays(FROM, Math.floor(i / 4)); // four desks a day, never the same twice
        return store.transact((tx) => tx.putBooking(booking(`d${(i % 4) + 1}`, i % 4, date, 'morning', 'booked', { id: `w-${i}` })));
      },
      read: async () => (await readLowdbBookingsInRange(dataDir, FROM, '2027-12-31')).length,
    });
  });

  it('names a missing data directory instead of creating it', async () => {
    const missing = join(await tempDir('mwb-report-'), 'no-such-dir');
    await assert.rejects(readLowdbBookingsInRange(missing, FROM, TO), (e: unknown) => e instanceof DataDirError && e.message.includes('no-such-dir'));
    await assert.rejects(readFile(join(missing, 'store.json')), { code: 'ENOENT' });
  });
});
