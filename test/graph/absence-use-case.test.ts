/**
 * The use case `applyCalendarChange` (src/app/absences.ts) on a real lowdb store: working days
 * only, idempotent, moved and deleted events, checked-in desks stay, past days release nothing.
 * Today: Wednesday 2026-11-25.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Absences } from '../../src/app/absences.js';
import type { AppContext } from '../../src/app/app-context.js';
import { ManualClock } from '../../src/app/clock.js';
import { loadDirectoryFile } from '../../src/directory/file-directory.js';
import type { DeskBooking } from '../../src/domain/desk-model.js';
import { loadPolicyFile } from '../../src/policy/load-policy.js';
import { createMemoryLogger } from '../../src/observability/logger.js';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import type { Store } from '../../src/store/store.js';

const ANNA = '00000000-0000-0000-0000-000000000003';

describe('applyCalendarChange (absences from the calendar)', () => {
  let dir: string;
  let store: Store;
  let absences: Absences;
  let ctx: AppContext;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mwb-absence-'));
    const clock = new ManualClock(new Date('2026-11-25T09:00:00Z'));
    store = await openLowdbStore({ dataDir: dir, now: () => clock.now() });
    let n = 0;
    ctx = {
      store,
      directory: await loadDirectoryFile('samples/directory.yaml'),
      policy: await loadPolicyFile('policies/kitzingen-like.yaml'),
      inventory: { sites: [], buildings: [], floors: [], rooms: [], desks: [] },
      clock,
      ids: { newId: () => `id-${++n}` },
      logger: createMemoryLogger(),
    };
    absences = new Absences(ctx);
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const booking = (id: string, date: string, status: DeskBooking['status'] = 'booked'): DeskBooking => ({
    id, deskId: 'A-EG-012-2', personId: ANNA, date, slot: 'day', status, createdAt: '2026-11-20T08:00:00Z', updatedAt: '2026-11-20T08:00:00Z', version: 0,
  });
  const active = async () => (await store.read((r) => r.listAbsencesOfPerson(ANNA, '2026-11-01', '2026-12-31'))).filter((a) => a.active).map((a) => a.date).sort();

  it('records working days only (a Fri–Mon event skips the weekend), and applying it again writes nothing', async () => {
    const first = await absences.applyCalendarChange(ANNA, [{ eventId: 'e1', dates: ['2026-12-04', '2026-12-05', '2026-12-06', '2026-12-07'] }]);
    assert.deepEqual(first.newlyAbsent, ['2026-12-04', '2026-12-07']);
    assert.deepEqual(await active(), ['2026-12-04', '2026-12-07']);
    const again = await absences.applyCalendarChange(ANNA, [{ eventId: 'e1', dates: ['2026-12-04', '2026-12-05', '2026-12-06', '2026-12-07'] }]);
    assert.deepEqual(again, { newlyAbsent: [], noLongerAbsent: [], releasedBookingIds: [], written: 0 });
  });

  it('a moved event ends the old days and starts the new; a second event on the same day keeps it absent', async () => {
    await absences.applyCalendarChange(ANNA, [{ eventId: 'e1', dates: ['2026-12-01', '2026-12-02'] }, { eventId: 'e2', dates: ['2026-12-02'] }]);
    const moved = await absences.applyCalendarChange(ANNA, [{ eventId: 'e1', dates: ['2026-12-03'] }]);
    assert.deepEqual(moved.newlyAbsent, ['2026-12-03']);
    assert.deepEqual(moved.noLongerAbsent, ['2026-12-01'], '2 Dec is still absent through e2');
    assert.deepEqual(await active(), ['2026-12-02', '2026-12-03']);
    await absences.applyCalendarChange(ANNA, [{ eventId: 'e1', dates: [] }, { eventId: 'e2', dates: [] }]);
    assert.deepEqual(await active(), []);
  });

  it('releases only bookings still "booked" on days from today on, and queues the released card for each', async () => {
    await store.transact(async (tx) => {
      await tx.putBooking(booking('b-past', '2026-11-24'));
      await tx.putBooking(booking('b-today-in', '2026-11-25', 'checked-in'));
      await tx.putBooking(booking('b-thu', '2026-12-03'));
    });
    const result = await absences.applyCalendarChange(ANNA, [{ eventId: 'e1', dates: ['2026-11-24', '2026-11-25', '2026-12-03'] }]);
    assert.deepEqual(result.releasedBookingIds, ['b-thu']);
    const statuses = await store.read((r) => Promise.all(['b-past', 'b-today-in', 'b-thu'].map(async (id) => (await r.getBooking(id))?.status)));
    assert.deepEqual(statuses, ['booked', 'checked-in', 'released']);
    const jobs = await store.read((r) => r.listJobs({ type: 'desk.released-notify' }));
    assert.deepEqual(jobs.map((j) => j.payload), [{ bookingId: 'b-thu' }]);
  });

  it('ignores a person the directory does not know', async () => {
    const result = await absences.applyCalendarChange('00000000-0000-0000-0000-0000000000ff', [{ eventId: 'e1', dates: ['2026-12-03'] }]);
    assert.equal(result.written, 0);
  });
});
