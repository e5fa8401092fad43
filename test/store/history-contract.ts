/**
 * Old history: a record written long ago (two years before the contract's March 2026 data, older
 * than any working window an adapter keeps) is found by every reader that names it, inside a
 * transaction and in `read`, before and after a reopen, and can be changed like a new one.
 * Runs inside `runStoreContract`.
 */
import assert from 'node:assert/strict';
import type { Store } from '../../src/store/store.js';
import type { OpenedStore } from './store-contract.js';
import { absence, booking, ids, request } from './store-fixtures.js';
import { incident, ticket, vpnDraft } from './vpn-contract.js';

/** An adapter that documents a gap (e.g. the legacy PostgreSQL adapter's working set) names it here. */
export interface HistoryGaps {
  /** Why old records are not readable: the cases are then reported as pending, not run. */
  oldHistory?: string;
}

const OLD_DAY = '2024-03-04';
const OLD_AT = '2024-02-26T08:00:00.000Z';

async function writeOldHistory(store: Store): Promise<void> {
  await store.transact(async (tx) => {
    await tx.putRequest(request('old-r', { personId: 'p-old', status: 'approved', days: [[OLD_DAY, 'approved']], createdAt: OLD_AT }));
    await tx.putBooking(booking('old-b', { personId: 'p-old', deskId: 'D-old', date: OLD_DAY, createdAt: OLD_AT }));
    await tx.putAbsence(absence('p-old', OLD_DAY, 'ev-old', { updatedAt: OLD_AT }));
    await tx.putTicket(ticket('old-t', 1, { number: 'VPN-2024-00001', reporterId: 'p-old', status: 'resolved', incidentId: 'old-i', createdAt: OLD_AT, solution: 'neu gestartet' }));
    await tx.putIncident(incident('old-i', { status: 'resolved', openedAt: OLD_AT, resolvedAt: OLD_AT, linkedReporterIds: ['p-old'], solution: 'behoben' }));
    await tx.putVpnDraft(vpnDraft('old-d', { reporterId: 'p-old', createdAt: OLD_AT }));
  });
}

async function assertOldHistoryReadable(store: Store): Promise<void> {
  await store.read(async (r) => {
    assert.equal((await r.getRequest('old-r'))?.days[0]?.date, OLD_DAY);
    assert.deepEqual(ids(await r.listRequestsOfPerson('p-old', OLD_DAY, OLD_DAY)), ['old-r']);
    assert.deepEqual(ids(await r.listRequestsOfPerson('p-old')), ['old-r']);
    assert.deepEqual(ids(await r.listActiveRequestsInRange(OLD_DAY, OLD_DAY)), ['old-r']);
    assert.equal((await r.getBooking('old-b'))?.date, OLD_DAY);
    assert.deepEqual(ids(await r.listBookingsOnDate(OLD_DAY)), ['old-b']);
    assert.deepEqual(ids(await r.listBookingsOnDate(OLD_DAY, ['D-old'])), ['old-b']);
    assert.deepEqual(ids(await r.listBookingsOfPerson('p-old', '2024-01-01', '2024-12-31')), ['old-b']);
    assert.deepEqual(ids(await r.listBookingsInRange('2024-03-01', '2024-03-31')), ['old-b']);
    assert.deepEqual(ids(await r.listAbsencesOfPerson('p-old', OLD_DAY, OLD_DAY)), [`p-old:${OLD_DAY}:ev-old`]);
    assert.deepEqual(ids(await r.listAbsencesOfEvent('p-old', 'ev-old')), [`p-old:${OLD_DAY}:ev-old`]);
    assert.equal((await r.getTicket('old-t'))?.status, 'resolved');
    assert.equal((await r.getTicketByNumber('VPN-2024-00001'))?.id, 'old-t');
    assert.deepEqual(ids(await r.listTicketsOfReporter('p-old')), ['old-t']);
    assert.deepEqual(ids(await r.listTicketsOfIncident('old-i')), ['old-t']);
    assert.equal((await r.getIncident('old-i'))?.status, 'resolved');
    assert.deepEqual(ids(await r.listIncidentsOfReporter('p-old')), ['old-i']);
    assert.equal((await r.getVpnDraft('old-d'))?.reporterId, 'p-old');
  });
}

export function runHistoryContract(getStore: () => Store, getOpened: () => OpenedStore, keep: (s: Store) => void, gaps: HistoryGaps = {}): void {
  describe('old history (two years back)', function () {
    beforeEach(function () {
      if (gaps.oldHistory) this.skip();
    });

    it('when records are two years old, then every reader finds them, also after a reopen', async () => {
      await writeOldHistory(getStore());
      await assertOldHistoryReadable(getStore());
      await getStore().close();
      const again = await getOpened().reopen();
      keep(again);
      await assertOldHistoryReadable(again);
    });

    it('when an old record is read in a transaction, then a changed copy of it is stored with the next version', async () => {
      await writeOldHistory(getStore());
      const saved = await getStore().transact(async (tx) => {
        const old = await tx.getRequest('old-r');
        assert.ok(old);
        return tx.putRequest({ ...old, remindedAt: '2026-03-01T08:00:00.000Z' });
      });
      assert.equal(saved.version, 2);
      const b = await getStore().transact(async (tx) => {
        const old = await tx.getBooking('old-b');
        assert.ok(old);
        return tx.putBooking({ ...old, status: 'cancelled' });
      });
      assert.equal(b.version, 2);
      await getStore().read(async (r) => {
        assert.equal((await r.getRequest('old-r'))?.remindedAt, '2026-03-01T08:00:00.000Z');
        assert.equal((await r.getBooking('old-b'))?.status, 'cancelled');
      });
    });
  });
}
