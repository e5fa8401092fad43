/**
 * The VPN problem-report part of the store contract: drafts, tickets (unique readable number),
 * incidents, the outage window (recent reports) and the knowledge-base helpfulness counters.
 *
 * `runVpnContract` has the shape of `runCalendarContract` / `runDeskContract` (it runs inside a
 * store contract's describe); `runVpnStoreContract` wraps it with its own store lifecycle so an
 * adapter's test file can run it next to `runStoreContract`.
 */
import assert from 'node:assert/strict';
import type { Incident, Ticket, VpnDraft, VpnReport } from '../../src/domain/vpn-model.js';
import type { RecentReport } from '../../src/domain/vpn-outage.js';
import { StoreConflictError, type Store } from '../../src/store/store.js';
import type { OpenedStore } from './store-contract.js';
import { sleep } from './store-fixtures.js';

// ------------------------------------------------------------------ builders

export function vpnReport(opts: Partial<VpnReport> = {}): VpnReport {
  return {
    client: 'forticlient',
    symptom: 'no-connection',
    errorText: 'Fehler -14',
    progressPercent: 40,
    since: '2026-03-02T07:30:00.000Z',
    connection: 'wlan',
    internetWithoutVpn: true,
    affected: 'only-me',
    ...opts,
  };
}

/** A ticket numbered `VPN-2026-<seq>` unless `number` is given; created 2026-03-02 08:00 by default. */
export function ticket(
  id: string,
  seq: number,
  opts: Partial<Pick<Ticket, 'number' | 'reporterId' | 'status' | 'incidentId' | 'createdAt' | 'solution' | 'assigneeId'>> = {},
): Ticket {
  const createdAt = opts.createdAt ?? '2026-03-02T08:00:00.000Z';
  return {
    id,
    number: opts.number ?? `VPN-2026-${String(seq).padStart(5, '0')}`,
    reporterId: opts.reporterId ?? 'p1',
    report: vpnReport(),
    status: opts.status ?? 'open',
    priority: 'P3',
    conversation: [],
    ...(opts.incidentId !== undefined ? { incidentId: opts.incidentId } : {}),
    ...(opts.assigneeId !== undefined ? { assigneeId: opts.assigneeId } : {}),
    ...(opts.solution !== undefined ? { solution: opts.solution } : {}),
    createdAt,
    updatedAt: createdAt,
  };
}

export function incident(
  id: string,
  opts: Partial<Pick<Incident, 'status' | 'openedAt' | 'resolvedAt' | 'linkedReporterIds' | 'solution'>> = {},
): Incident {
  return {
    id,
    client: 'forticlient',
    symptom: 'no-connection',
    status: opts.status ?? 'open',
    openedAt: opts.openedAt ?? '2026-03-02T08:00:00.000Z',
    ...(opts.resolvedAt !== undefined ? { resolvedAt: opts.resolvedAt } : {}),
    linkedReporterIds: opts.linkedReporterIds ?? [],
    ...(opts.solution !== undefined ? { solution: opts.solution } : {}),
  };
}

export function vpnDraft(id: string, opts: Partial<Pick<VpnDraft, 'reporterId' | 'status' | 'ticketId' | 'createdAt'>> = {}): VpnDraft {
  const createdAt = opts.createdAt ?? '2026-03-02T08:00:00.000Z';
  return {
    id,
    reporterId: opts.reporterId ?? 'p1',
    report: vpnReport(),
    shownEntryIds: ['kb-forti-14', 'kb-general'],
    status: opts.status ?? 'self-help',
    ...(opts.ticketId !== undefined ? { ticketId: opts.ticketId } : {}),
    createdAt,
    updatedAt: createdAt,
  };
}

export function recentReport(at: string, reporterId?: string): RecentReport {
  return { at, client: 'forticlient', symptom: 'no-connection', ...(reporterId !== undefined ? { reporterId } : {}) };
}

/** Ids in the order the store returned them (the contract checks the order). */
const inOrder = (xs: { id: string }[]): string[] => xs.map((x) => x.id);

const isConflict = (e: unknown): boolean => e instanceof StoreConflictError && e.code === 'STORE_CONFLICT';

// ------------------------------------------------------------------ contract

export function runVpnContract(getStore: () => Store, getOpened: () => OpenedStore, keep: (s: Store) => void): void {
  describe('VPN problem reports', () => {
    it("when a ticket is put, then it is found by id, by number and among the reporter's tickets, newest first", async () => {
      const t1 = ticket('t1', 1, { createdAt: '2026-03-02T08:00:00.000Z' });
      await getStore().transact(async (tx) => {
        await tx.putTicket(t1);
        await tx.putTicket(ticket('t3', 3, { createdAt: '2026-03-03T08:00:00.000Z' }));
        await tx.putTicket(ticket('t2', 2, { createdAt: '2026-03-02T08:00:00.000Z' })); // same instant as t1: id decides
        await tx.putTicket(ticket('other', 4, { reporterId: 'p2' }));
      });
      await getStore().read(async (r) => {
        assert.deepEqual(await r.getTicket('t1'), t1);
        assert.deepEqual(await r.getTicketByNumber('VPN-2026-00001'), t1);
        assert.equal((await r.getTicketByNumber('VPN-2026-00003'))?.id, 't3');
        assert.deepEqual(inOrder(await r.listTicketsOfReporter('p1')), ['t3', 't2', 't1']);
        assert.deepEqual(inOrder(await r.listTicketsOfReporter('p2')), ['other']);
        assert.deepEqual(await r.listTicketsOfReporter('nobody'), []);
        assert.equal(await r.getTicket('nope'), undefined);
        assert.equal(await r.getTicketByNumber('VPN-2026-00099'), undefined);
      });
      // Put replaces by id; the reporter's list and the number follow the new record.
      await getStore().transact((tx) => tx.putTicket({ ...t1, reporterId: 'p2', status: 'taken', assigneeId: 'd1' }));
      await getStore().read(async (r) => {
        assert.equal((await r.getTicket('t1'))?.status, 'taken');
        assert.equal((await r.getTicketByNumber('VPN-2026-00001'))?.assigneeId, 'd1');
        assert.deepEqual(inOrder(await r.listTicketsOfReporter('p1')), ['t3', 't2']);
        assert.deepEqual(inOrder(await r.listTicketsOfReporter('p2')), ['t1', 'other'], 'same instant: id decides');
      });
    });

    it('a ticket number used by another ticket is refused and nothing of that transaction is written', async () => {
      await getStore().transact((tx) => tx.putTicket(ticket('t1', 1)));
      await assert.rejects(
        getStore().transact(async (tx) => {
          await tx.putVpnDraft(vpnDraft('d1'));
          await tx.putIncident(incident('i1'));
          await tx.putHelpfulness({ kb: { shown: 1, helped: 0, escalated: 0 } });
          await tx.putTicket(ticket('t2', 1)); // committed t1 holds VPN-2026-00001
        }),
        isConflict,
      );
      await assert.rejects(
        getStore().transact(async (tx) => {
          await tx.putTicket(ticket('t3', 3));
          await tx.putTicket(ticket('t4', 3)); // the tx's own t3 holds it
        }),
        isConflict,
      );
      await getStore().read(async (r) => {
        assert.equal(await r.getTicket('t2'), undefined);
        assert.equal(await r.getTicket('t3'), undefined);
        assert.equal(await r.getTicket('t4'), undefined);
        assert.equal((await r.getTicketByNumber('VPN-2026-00001'))?.id, 't1');
        assert.equal(await r.getTicketByNumber('VPN-2026-00003'), undefined);
        assert.equal(await r.getVpnDraft('d1'), undefined);
        assert.equal(await r.getIncident('i1'), undefined);
        assert.deepEqual(await r.getHelpfulness(), {});
        assert.deepEqual(inOrder(await r.listTicketsOfReporter('p1')), ['t1']);
      });
      // The same ticket may be put again with its own number; a number given up is free again.
      await getStore().transact(async (tx) => {
        await tx.putTicket(ticket('t1', 1, { status: 'taken' }));
        await tx.putTicket(ticket('t1', 7));
        await tx.putTicket(ticket('t2', 1));
        assert.equal((await tx.getTicketByNumber('VPN-2026-00001'))?.id, 't2');
        assert.equal((await tx.getTicketByNumber('VPN-2026-00007'))?.id, 't1');
      });
      await getStore().read(async (r) => {
        assert.equal((await r.getTicketByNumber('VPN-2026-00001'))?.id, 't2');
        assert.equal((await r.getTicketByNumber('VPN-2026-00007'))?.id, 't1');
      });
    });

    it('a resolved ticket leaves the unresolved list (oldest first); a reopened one comes back', async () => {
      await getStore().transact(async (tx) => {
        await tx.putTicket(ticket('late', 1, { createdAt: '2026-03-04T08:00:00.000Z' }));
        await tx.putTicket(ticket('early', 2, { createdAt: '2026-03-02T08:00:00.000Z', status: 'waiting-for-reporter' }));
        await tx.putTicket(ticket('mid', 3, { createdAt: '2026-03-03T08:00:00.000Z', status: 'taken' }));
        await tx.putTicket(ticket('done', 4, { createdAt: '2026-03-01T08:00:00.000Z', status: 'resolved' }));
      });
      assert.deepEqual(inOrder(await getStore().read((r) => r.listUnresolvedTickets())), ['early', 'mid', 'late']);
      await getStore().transact(async (tx) => {
        const mid = await tx.getTicket('mid');
        assert.ok(mid);
        await tx.putTicket({ ...mid, status: 'resolved', solution: 'Zertifikat erneuert' });
      });
      await getStore().read(async (r) => {
        assert.deepEqual(inOrder(await r.listUnresolvedTickets()), ['early', 'late']);
        assert.equal((await r.getTicket('mid'))?.status, 'resolved', 'a resolved ticket is still found by id');
        assert.equal((await r.getTicketByNumber('VPN-2026-00003'))?.solution, 'Zertifikat erneuert');
      });
      await getStore().transact((tx) => tx.putTicket(ticket('done', 4, { createdAt: '2026-03-01T08:00:00.000Z', status: 'reopened' })));
      assert.deepEqual(inOrder(await getStore().read((r) => r.listUnresolvedTickets())), ['done', 'early', 'late']);
    });

    it("lists an incident's tickets oldest first; a ticket moved to another incident moves with it", async () => {
      await getStore().transact(async (tx) => {
        await tx.putTicket(ticket('b', 1, { incidentId: 'i1', createdAt: '2026-03-02T09:00:00.000Z' }));
        await tx.putTicket(ticket('a', 2, { incidentId: 'i1', createdAt: '2026-03-02T09:00:00.000Z', status: 'resolved' }));
        await tx.putTicket(ticket('c', 3, { incidentId: 'i1', createdAt: '2026-03-02T08:00:00.000Z' }));
        await tx.putTicket(ticket('x', 4, { incidentId: 'i2' }));
        await tx.putTicket(ticket('free', 5));
      });
      await getStore().read(async (r) => {
        assert.deepEqual(inOrder(await r.listTicketsOfIncident('i1')), ['c', 'a', 'b'], 'any status, createdAt then id');
        assert.deepEqual(inOrder(await r.listTicketsOfIncident('i2')), ['x']);
        assert.deepEqual(await r.listTicketsOfIncident('nope'), []);
      });
      await getStore().transact(async (tx) => {
        await tx.putTicket(ticket('b', 1, { incidentId: 'i2', createdAt: '2026-03-02T09:00:00.000Z' }));
        await tx.putTicket(ticket('c', 3, { createdAt: '2026-03-02T08:00:00.000Z' }));
      });
      await getStore().read(async (r) => {
        assert.deepEqual(inOrder(await r.listTicketsOfIncident('i1')), ['a']);
        assert.deepEqual(inOrder(await r.listTicketsOfIncident('i2')), ['x', 'b']);
      });
    });

    it('an open incident is listed (oldest first) until it is resolved; it is still found by id', async () => {
      await getStore().transact(async (tx) => {
        await tx.putIncident(incident('i2', { openedAt: '2026-03-02T10:00:00.000Z' }));
        await tx.putIncident(incident('i1', { openedAt: '2026-03-02T09:00:00.000Z' }));
        await tx.putIncident(incident('i0', { openedAt: '2026-03-02T10:00:00.000Z' }));
        await tx.putIncident(incident('old', { openedAt: '2026-03-01T09:00:00.000Z', status: 'resolved', resolvedAt: '2026-03-01T11:00:00.000Z' }));
      });
      await getStore().read(async (r) => {
        assert.deepEqual(inOrder(await r.listOpenIncidents()), ['i1', 'i0', 'i2']);
        assert.equal((await r.getIncident('old'))?.status, 'resolved');
        assert.equal(await r.getIncident('nope'), undefined);
      });
      await getStore().transact(async (tx) => {
        const i1 = await tx.getIncident('i1');
        assert.ok(i1);
        await tx.putIncident({ ...i1, status: 'resolved', resolvedAt: '2026-03-02T12:00:00.000Z', resolvedBy: 'd1', solution: 'Gateway neu gestartet' });
      });
      await getStore().read(async (r) => {
        assert.deepEqual(inOrder(await r.listOpenIncidents()), ['i0', 'i2']);
        assert.equal((await r.getIncident('i1'))?.solution, 'Gateway neu gestartet');
      });
    });

    it('a linked reporter finds the incident (newest first); an unlinked one no longer does', async () => {
      await getStore().transact(async (tx) => {
        await tx.putIncident(incident('i1', { openedAt: '2026-03-02T09:00:00.000Z', linkedReporterIds: ['p1', 'p2'] }));
        await tx.putIncident(incident('i2', { openedAt: '2026-03-03T09:00:00.000Z', linkedReporterIds: ['p1'], status: 'resolved' }));
        await tx.putIncident(incident('i3', { openedAt: '2026-03-04T09:00:00.000Z', linkedReporterIds: ['p3'] }));
      });
      await getStore().read(async (r) => {
        assert.deepEqual(inOrder(await r.listIncidentsOfReporter('p1')), ['i2', 'i1'], 'any status, newest first');
        assert.deepEqual(inOrder(await r.listIncidentsOfReporter('p2')), ['i1']);
        assert.deepEqual(await r.listIncidentsOfReporter('nobody'), []);
      });
      await getStore().transact(async (tx) => {
        const i1 = await tx.getIncident('i1');
        assert.ok(i1);
        await tx.putIncident({ ...i1, linkedReporterIds: ['p2', 'p4'] });
      });
      await getStore().read(async (r) => {
        assert.deepEqual(inOrder(await r.listIncidentsOfReporter('p1')), ['i2']);
        assert.deepEqual(inOrder(await r.listIncidentsOfReporter('p4')), ['i1']);
        assert.deepEqual(inOrder(await r.listIncidentsOfReporter('p2')), ['i1']);
      });
    });

    it('a draft round-trips; put replaces it by id', async () => {
      const d = vpnDraft('d1');
      await getStore().transact((tx) => tx.putVpnDraft(d));
      assert.deepEqual(await getStore().read((r) => r.getVpnDraft('d1')), d);
      assert.equal(await getStore().read((r) => r.getVpnDraft('nope')), undefined);
      const escalated: VpnDraft = { ...d, status: 'escalated', ticketId: 't1', updatedAt: '2026-03-02T08:05:00.000Z' };
      await getStore().transact((tx) => tx.putVpnDraft(escalated));
      assert.deepEqual(await getStore().read((r) => r.getVpnDraft('d1')), escalated);
    });

    it('recent reports and helpfulness default to empty and round-trip (each put replaces the whole value)', async () => {
      await getStore().read(async (r) => {
        assert.deepEqual(await r.getVpnRecentReports(), []);
        assert.deepEqual(await r.getHelpfulness(), {});
      });
      const reports = [recentReport('2026-03-02T08:00:00.000Z', 'p1'), recentReport('2026-03-02T08:01:00.000Z')];
      const counters = { 'kb-forti-14': { shown: 3, helped: 1, escalated: 1 }, 'kb-general': { shown: 1, helped: 0, escalated: 0 } };
      await getStore().transact(async (tx) => {
        await tx.putVpnRecentReports(reports);
        await tx.putHelpfulness(counters);
      });
      await getStore().read(async (r) => {
        assert.deepEqual(await r.getVpnRecentReports(), reports);
        assert.deepEqual(await r.getHelpfulness(), counters);
      });
      await getStore().transact((tx) => tx.putVpnRecentReports([recentReport('2026-03-02T09:00:00.000Z')]));
      await getStore().read(async (r) => {
        assert.deepEqual(await r.getVpnRecentReports(), [recentReport('2026-03-02T09:00:00.000Z')]);
        assert.deepEqual(await r.getHelpfulness(), counters, 'untouched by a tx that did not put it');
      });
      await getStore().transact(async (tx) => {
        await tx.putVpnRecentReports([]);
        await tx.putHelpfulness({ 'kb-general': { shown: 2, helped: 1, escalated: 0 } });
      });
      await getStore().read(async (r) => {
        assert.deepEqual(await r.getVpnRecentReports(), []);
        assert.deepEqual(await r.getHelpfulness(), { 'kb-general': { shown: 2, helped: 1, escalated: 0 } });
      });
    });

    it('a transaction that throws writes no ticket, incident, draft, recent report or counter', async () => {
      await getStore().transact(async (tx) => {
        await tx.putTicket(ticket('keep', 1));
        await tx.putIncident(incident('ikeep', { linkedReporterIds: ['p1'] }));
        await tx.putVpnRecentReports([recentReport('2026-03-02T08:00:00.000Z')]);
        await tx.putHelpfulness({ kb: { shown: 1, helped: 0, escalated: 0 } });
      });
      await assert.rejects(
        getStore().transact(async (tx) => {
          await tx.putTicket(ticket('t2', 2, { incidentId: 'i1' }));
          await tx.putTicket({ ...ticket('keep', 1), status: 'resolved' });
          await tx.putIncident(incident('i1', { linkedReporterIds: ['p9'] }));
          await tx.putIncident({ ...incident('ikeep'), status: 'resolved', linkedReporterIds: [] });
          await tx.putVpnDraft(vpnDraft('d1'));
          await tx.putVpnRecentReports([]);
          await tx.putHelpfulness({});
          await sleep(1);
          assert.equal((await tx.getTicket('t2'))?.id, 't2', 'the tx sees its own write');
          throw new Error('boom');
        }),
        /boom/,
      );
      await getStore().read(async (r) => {
        assert.equal(await r.getTicket('t2'), undefined);
        assert.equal(await r.getTicketByNumber('VPN-2026-00002'), undefined);
        assert.deepEqual(inOrder(await r.listUnresolvedTickets()), ['keep']);
        assert.deepEqual(await r.listTicketsOfIncident('i1'), []);
        assert.equal(await r.getIncident('i1'), undefined);
        assert.deepEqual(inOrder(await r.listOpenIncidents()), ['ikeep']);
        assert.deepEqual(inOrder(await r.listIncidentsOfReporter('p1')), ['ikeep']);
        assert.deepEqual(await r.listIncidentsOfReporter('p9'), []);
        assert.equal(await r.getVpnDraft('d1'), undefined);
        assert.deepEqual(await r.getVpnRecentReports(), [recentReport('2026-03-02T08:00:00.000Z')]);
        assert.deepEqual(await r.getHelpfulness(), { kb: { shown: 1, helped: 0, escalated: 0 } });
      });
      // The refused number is free: nothing of the failed tx holds it.
      await getStore().transact((tx) => tx.putTicket(ticket('t9', 2)));
    });

    it('reads inside a transaction see its own writes, merged with and shadowing the committed ones', async () => {
      await getStore().transact(async (tx) => {
        await tx.putTicket(ticket('t1', 1, { createdAt: '2026-03-02T08:00:00.000Z', incidentId: 'i1' }));
        await tx.putTicket(ticket('t2', 2, { createdAt: '2026-03-03T08:00:00.000Z' }));
        await tx.putIncident(incident('i1', { openedAt: '2026-03-02T08:00:00.000Z', linkedReporterIds: ['p1'] }));
        await tx.putVpnRecentReports([recentReport('2026-03-02T08:00:00.000Z')]);
        await tx.putHelpfulness({ kb: { shown: 1, helped: 0, escalated: 0 } });
      });
      await getStore().transact(async (tx) => {
        await tx.putTicket(ticket('t0', 3, { createdAt: '2026-03-01T08:00:00.000Z', incidentId: 'i1' }));
        await tx.putTicket(ticket('t2', 2, { createdAt: '2026-03-03T08:00:00.000Z', status: 'resolved' }));
        await tx.putTicket(ticket('t1', 11, { createdAt: '2026-03-02T08:00:00.000Z', reporterId: 'p2' })); // new number, reporter, no incident
        await tx.putIncident({ ...incident('i1', { openedAt: '2026-03-02T08:00:00.000Z' }), status: 'resolved', linkedReporterIds: ['p2'] });
        await tx.putIncident(incident('i2', { openedAt: '2026-03-01T08:00:00.000Z', linkedReporterIds: ['p1'] }));
        await tx.putVpnDraft(vpnDraft('d1'));
        await tx.putVpnRecentReports([recentReport('2026-03-02T09:00:00.000Z'), recentReport('2026-03-02T09:01:00.000Z')]);
        await tx.putHelpfulness({ kb: { shown: 2, helped: 1, escalated: 0 } });

        assert.equal((await tx.getTicket('t0'))?.number, 'VPN-2026-00003');
        assert.equal((await tx.getTicketByNumber('VPN-2026-00003'))?.id, 't0');
        assert.equal(await tx.getTicketByNumber('VPN-2026-00001'), undefined, 'the old number of t1 is shadowed');
        assert.equal((await tx.getTicketByNumber('VPN-2026-00011'))?.id, 't1');
        assert.deepEqual(inOrder(await tx.listTicketsOfReporter('p1')), ['t2', 't0']);
        assert.deepEqual(inOrder(await tx.listTicketsOfReporter('p2')), ['t1']);
        assert.deepEqual(inOrder(await tx.listUnresolvedTickets()), ['t0', 't1']);
        assert.deepEqual(inOrder(await tx.listTicketsOfIncident('i1')), ['t0']);
        assert.equal((await tx.getIncident('i1'))?.status, 'resolved');
        assert.deepEqual(inOrder(await tx.listOpenIncidents()), ['i2']);
        assert.deepEqual(inOrder(await tx.listIncidentsOfReporter('p1')), ['i2']);
        assert.deepEqual(inOrder(await tx.listIncidentsOfReporter('p2')), ['i1']);
        assert.equal((await tx.getVpnDraft('d1'))?.status, 'self-help');
        assert.equal((await tx.getVpnRecentReports()).length, 2);
        assert.deepEqual(await tx.getHelpfulness(), { kb: { shown: 2, helped: 1, escalated: 0 } });
      });
      await getStore().read(async (r) => {
        assert.deepEqual(inOrder(await r.listUnresolvedTickets()), ['t0', 't1']);
        assert.deepEqual(inOrder(await r.listTicketsOfIncident('i1')), ['t0']);
        assert.equal(await r.getTicketByNumber('VPN-2026-00001'), undefined);
        assert.deepEqual(inOrder(await r.listOpenIncidents()), ['i2']);
        assert.equal((await r.getVpnRecentReports()).length, 2);
      });
    });

    it('reopening the store keeps everything', async () => {
      await getStore().transact(async (tx) => {
        await tx.putTicket(ticket('t1', 1, { incidentId: 'i1', createdAt: '2026-03-02T08:00:00.000Z' }));
        await tx.putTicket(ticket('t2', 2, { createdAt: '2026-03-03T08:00:00.000Z', status: 'resolved', solution: 'Neu verbunden' }));
        await tx.putTicket(ticket('t3', 3, { reporterId: 'p2', incidentId: 'i1' }));
        await tx.putIncident(incident('i1', { linkedReporterIds: ['p1', 'p2'] }));
        await tx.putIncident(incident('i2', { status: 'resolved', resolvedAt: '2026-03-02T12:00:00.000Z', linkedReporterIds: ['p1'] }));
        await tx.putVpnDraft(vpnDraft('d1'));
        await tx.putVpnDraft(vpnDraft('d2', { status: 'escalated', ticketId: 't1' }));
        await tx.putVpnRecentReports([recentReport('2026-03-02T08:00:00.000Z', 'p1'), recentReport('2026-03-02T08:02:00.000Z', 'p2')]);
        await tx.putHelpfulness({ 'kb-forti-14': { shown: 2, helped: 1, escalated: 1 } });
      });
      await getStore().transact(async (tx) => {
        await tx.putTicket(ticket('t1', 1, { incidentId: 'i1', createdAt: '2026-03-02T08:00:00.000Z', status: 'taken', assigneeId: 'd1' }));
        await tx.putHelpfulness({ 'kb-forti-14': { shown: 3, helped: 1, escalated: 1 } });
      });
      const dump = (s: Store): Promise<unknown> =>
        s.read(async (r) => ({
          t1: await r.getTicket('t1'),
          byNumber: await r.getTicketByNumber('VPN-2026-00002'),
          ofP1: await r.listTicketsOfReporter('p1'),
          unresolved: await r.listUnresolvedTickets(),
          ofIncident: await r.listTicketsOfIncident('i1'),
          i2: await r.getIncident('i2'),
          open: await r.listOpenIncidents(),
          incidentsOfP1: await r.listIncidentsOfReporter('p1'),
          d1: await r.getVpnDraft('d1'),
          d2: await r.getVpnDraft('d2'),
          recent: await r.getVpnRecentReports(),
          helpfulness: await r.getHelpfulness(),
        }));
      const before = await dump(getStore());
      assert.equal((before as { ofP1: unknown[] }).ofP1.length, 2);
      await getStore().close();
      const again = await getOpened().reopen();
      keep(again);
      assert.deepEqual(await dump(again), before);
      // The number index survives the reopen too.
      await assert.rejects(again.transact((tx) => tx.putTicket(ticket('t4', 3))), isConflict);
    });

    it('when a caller mutates a returned VPN record, then it throws and nothing stored changes; read is read-only', async () => {
      const input = ticket('t1', 1, { incidentId: 'i1' });
      const inc = incident('i1', { linkedReporterIds: ['p1'] });
      const reports = [recentReport('2026-03-02T08:00:00.000Z')];
      const counters = { kb: { shown: 1, helped: 0, escalated: 0 } };
      await getStore().transact(async (tx) => {
        await tx.putTicket(input);
        await tx.putIncident(inc);
        await tx.putVpnDraft(vpnDraft('d1'));
        await tx.putVpnRecentReports(reports);
        await tx.putHelpfulness(counters);
        // Mutating what went in or what came out inside the tx changes nothing stored.
        input.status = 'resolved';
        inc.linkedReporterIds.push('p9');
        reports.push(recentReport('2026-03-02T08:01:00.000Z'));
        counters.kb.helped = 99;
        const t = await tx.getTicket('t1');
        assert.ok(t);
        assert.throws(() => {
          t.number = 'VPN-2026-99999';
        }, TypeError);
        assert.throws(() => t.conversation.push({ kind: 'question', authorId: 'd1', at: '2026-03-02T09:00:00.000Z', text: 'x' }), TypeError);
        const listed = (await tx.listUnresolvedTickets())[0];
        assert.ok(listed);
        assert.throws(() => {
          listed.status = 'resolved';
        }, TypeError);
      });
      await getStore().read(async (r) => {
        const t = await r.getTicket('t1');
        assert.equal(t?.status, 'open');
        assert.equal(t?.number, 'VPN-2026-00001');
        assert.deepEqual(t?.conversation, []);
        assert.deepEqual((await r.getIncident('i1'))?.linkedReporterIds, ['p1']);
        assert.equal((await r.getVpnRecentReports()).length, 1);
        assert.deepEqual(await r.getHelpfulness(), { kb: { shown: 1, helped: 0, escalated: 0 } });
        // Mutating what a reader returned changes nothing either.
        (await r.getVpnRecentReports()).push(recentReport('2026-03-02T08:05:00.000Z'));
        const h = await r.getHelpfulness() as Record<string, { shown: number }>;
        assert.throws(() => {
          if (h.kb) h.kb.shown = 42;
        }, TypeError);
        const i = (await r.listIncidentsOfReporter('p1'))[0];
        assert.ok(i);
        assert.throws(() => {
          i.linkedReporterIds.length = 0;
        }, TypeError);
        const d = await r.getVpnDraft('d1');
        assert.ok(d);
        assert.throws(() => d.shownEntryIds.push('zzz'), TypeError);
        const byNumber = await r.getTicketByNumber('VPN-2026-00001');
        assert.ok(byNumber);
        assert.throws(() => {
          byNumber.report.client = 'other';
        }, TypeError);
        assert.equal((await r.getVpnRecentReports()).length, 1);
        assert.equal((await r.getHelpfulness()).kb?.shown, 1);
        assert.deepEqual((await r.listOpenIncidents())[0]?.linkedReporterIds, ['p1']);
        assert.deepEqual((await r.getVpnDraft('d1'))?.shownEntryIds, ['kb-forti-14', 'kb-general']);
        assert.equal((await r.listTicketsOfIncident('i1'))[0]?.report.client, 'forticlient');
      });
      await assert.rejects(getStore().read((r) => (r as unknown as { putTicket(t: Ticket): void }).putTicket(ticket('t2', 2))), /read-only/);
      await assert.rejects(getStore().read((r) => (r as unknown as { putHelpfulness(c: unknown): void }).putHelpfulness({})), /read-only/);
    });
  });
}

/**
 * Runs `runVpnContract` with its own store per test, for an adapter's test file:
 *   runVpnStoreContract('lowdb', async () => ({ store, reopen, cleanup }));
 */
export function runVpnStoreContract(name: string, open: () => Promise<OpenedStore>): void {
  describe(`Store contract: ${name}`, () => {
    let opened: OpenedStore;
    const extra: Store[] = [];
    beforeEach(async () => {
      opened = await open();
    });
    afterEach(async () => {
      for (const s of [opened.store, ...extra.splice(0)]) await s.close().catch(() => undefined);
      await opened.cleanup();
    });
    runVpnContract(
      () => opened.store,
      () => opened,
      (s) => extra.push(s),
    );
  });
}
