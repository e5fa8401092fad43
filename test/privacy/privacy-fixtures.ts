/**
 * A store filled with one record past its period and one within it for every retention kind,
 * written through the store's own API, with today = 2026-12-07 and the default periods.
 * Every personal value of an old record carries a marker (`ALT-…`) so that tests can search the
 * files / tables for it afterwards.
 */
import { anonymiseBooking, anonymiseRequest } from '../../src/privacy/anonymise.js';
import type { MaintainableStore } from '../../src/store/store.js';
import { absence, booking, conversation, request, settings, subscription } from '../store/store-fixtures.js';
import { incident, recentReport, ticket, vpnDraft, vpnReport } from '../store/vpn-contract.js';

export const TODAY = '2026-12-07';
export const NOW = new Date('2026-12-07T02:00:00.000Z');

/** Ids of the people (GUID-like, as Entra object ids). */
export const P_OLD = '0a1d0000-0000-4000-8000-0000000000a1';
export const P_NEW = '0b2e0000-0000-4000-8000-0000000000b2';
export const MANAGER = '0c3f0000-0000-4000-8000-0000000000c3';

/** Strings that must not survive a retention run anywhere in the store. */
export const OLD_MARKERS = [
  P_OLD,
  'ALT-KOMMENTAR',
  'ALT-ENTSCHEID',
  'ALT-SERIE',
  'ALT-FEHLERTEXT',
  'ALT-RUFNUMMER',
  'ALT-FRAGE',
  'ALT-LOESUNG',
  'ALT-MITTEL-FEHLERTEXT',
  'ALT-INVENTAR',
  '2026-08-03T07:55:00.000Z', // a check-in time older than 3 months
];

export async function seedRetentionData(store: MaintainableStore): Promise<void> {
  const reqOld = {
    ...request('req-old', { personId: P_OLD, approverId: MANAGER, status: 'approved', days: [['2025-10-01', 'approved']], createdAt: '2025-09-20T08:00:00.000Z' }),
    comment: 'ALT-KOMMENTAR',
    decision: { by: MANAGER, at: '2025-09-21T08:00:00.000Z', outcome: 'approved' as const, comment: 'ALT-ENTSCHEID' },
  };
  const reqNew = request('req-new', { personId: P_NEW, approverId: MANAGER, status: 'approved', days: [['2026-11-02', 'approved']], createdAt: '2026-10-20T08:00:00.000Z' });
  const reqAnonOld = anonymiseRequest(request('req-anon', { personId: P_NEW, days: [['2024-10-01', 'approved']], status: 'approved', createdAt: '2024-09-01T08:00:00.000Z' }));

  await store.transact(async (tx) => {
    await tx.putRequest(reqOld);
    await tx.putRequest(reqNew);
    await tx.putRequest({ ...reqAnonOld, version: 0 });
    await tx.putBooking({
      ...booking('bk-old', { personId: P_OLD, date: '2025-10-01', status: 'checked-in', seriesId: 'ALT-SERIE' }),
      checkedInAt: '2025-10-01T07:55:00.000Z',
    });
    await tx.putBooking({ ...booking('bk-checkin', { personId: P_NEW, date: '2026-08-03', status: 'checked-in', deskId: 'D2' }), checkedInAt: '2026-08-03T07:55:00.000Z' });
    await tx.putBooking({ ...booking('bk-new', { personId: P_NEW, date: '2026-11-30', status: 'checked-in', deskId: 'D3' }), checkedInAt: '2026-11-30T07:50:00.000Z' });
    await tx.putBooking({ ...anonymiseBooking(booking('bk-anon', { date: '2024-10-01', deskId: 'D4' })), version: 0 });

    await tx.putTicket({
      ...ticket('t-old', 1, { reporterId: P_OLD, status: 'resolved', createdAt: '2025-10-01T08:00:00.000Z', solution: 'ALT-LOESUNG', assigneeId: MANAGER }),
      report: vpnReport({ errorText: 'ALT-FEHLERTEXT', callbackNumber: 'ALT-RUFNUMMER', deviceInventoryNumber: 'ALT-INVENTAR' }),
      conversation: [{ kind: 'question', authorId: MANAGER, at: '2025-10-01T09:00:00.000Z', text: 'ALT-FRAGE' }],
    });
    await tx.putTicket({
      ...ticket('t-text', 2, { reporterId: P_NEW, status: 'resolved', createdAt: '2026-08-01T08:00:00.000Z', solution: 'ALT-LOESUNG' }),
      report: vpnReport({ errorText: 'ALT-MITTEL-FEHLERTEXT' }),
    });
    await tx.putTicket({ ...ticket('t-open', 3, { reporterId: P_NEW, status: 'open', createdAt: '2026-08-01T08:00:00.000Z' }), report: vpnReport({ errorText: 'NOCH-OFFEN' }) });
    await tx.putTicket(ticket('t-new', 4, { reporterId: P_NEW, status: 'resolved', createdAt: '2026-11-20T08:00:00.000Z', solution: 'Neu gestartet' }));
    await tx.putIncident({ ...incident('inc-old', { status: 'resolved', openedAt: '2025-10-02T08:00:00.000Z', resolvedAt: '2025-10-02T10:00:00.000Z', linkedReporterIds: [P_OLD, P_NEW] }), resolvedBy: MANAGER });
    await tx.putIncident(incident('inc-new', { status: 'resolved', openedAt: '2026-11-02T08:00:00.000Z', resolvedAt: '2026-11-02T10:00:00.000Z', linkedReporterIds: [P_NEW] }));
    await tx.putVpnDraft({ ...vpnDraft('d-old', { reporterId: P_OLD, createdAt: '2026-08-01T08:00:00.000Z' }), report: vpnReport({ errorText: 'ALT-FEHLERTEXT' }) });
    await tx.putVpnDraft(vpnDraft('d-new', { reporterId: P_NEW, createdAt: '2026-12-06T08:00:00.000Z' }));
    await tx.putVpnRecentReports([recentReport('2026-08-01T08:00:00.000Z', P_OLD), recentReport('2026-12-07T01:55:00.000Z', P_NEW)]);

    await tx.putDelegation({ id: 'del-old', managerId: MANAGER, deputyId: P_OLD, from: '2025-10-01', to: '2025-10-31', createdAt: '2025-09-01T00:00:00.000Z' });
    await tx.putDelegation({ id: 'del-new', managerId: MANAGER, deputyId: P_NEW, from: '2026-12-01', to: '2026-12-31', createdAt: '2026-11-01T00:00:00.000Z' });
    await tx.putConversation({ ...conversation(P_OLD), updatedAt: '2025-10-01T00:00:00.000Z' });
    await tx.putConversation({ ...conversation(P_NEW), updatedAt: '2026-12-01T00:00:00.000Z' });
    await tx.putAbsence(absence(P_OLD, '2026-08-01', 'ev-old'));
    await tx.putAbsence(absence(P_NEW, '2026-11-20', 'ev-new'));
    await tx.putSubscription(subscription('sub-old', { personId: P_OLD, expiresAt: '2026-08-01T08:00:00.000Z' }));
    await tx.putSubscription(subscription('sub-new', { personId: P_NEW, expiresAt: '2026-12-10T08:00:00.000Z' }));
    await tx.putSettings(settings(P_NEW, { onSiteVisibility: 'name' }));
    for (const id of ['job-done-old', 'job-dead-old', 'job-pending-old', 'job-done-new']) {
      await tx.enqueue({ id, type: 'decision.notify', payload: { requestId: id.includes('new') ? 'req-new' : 'req-old' }, dueAt: '2026-10-01T08:00:00.000Z' });
    }
  });
  await store.completeJob('job-done-old', '2026-10-01T08:01:00.000Z');
  await store.failJob('job-dead-old', 'ALT-FEHLERTEXT', '2026-10-01T08:00:00.000Z', true);
  await store.completeJob('job-done-new', '2026-12-01T08:01:00.000Z');
}

/** The counts a run with the default periods must report for `seedRetentionData`. */
export const EXPECTED_COUNTS = {
  'mobileWork.anonymised': 1,
  'deskBookings.anonymised': 1,
  'checkIns.anonymised': 1,
  'vpnTickets.anonymised': 2,
  'vpnTicketTexts.anonymised': 1,
  'vpnTicketTexts.deleted': 2,
  'delegations.deleted': 1,
  'conversations.deleted': 1,
  'absences.deleted': 2,
  'outboxJobs.deleted': 2,
  'statistics.deleted': 2,
};
