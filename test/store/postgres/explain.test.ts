/**
 * Every query of the port uses an index on a large data set (200,000 bookings, 50,000 requests,
 * 50,000 outbox jobs, see test/support/pg-large-data.ts): the statements the adapter really sends
 * are recorded and EXPLAINed; no plan may scan a whole table.
 */
import assert from 'node:assert/strict';
import pg from 'pg';
import { PgReader, type Queryable } from '../../../src/store/postgres/pg-reader.js';
import { PgTx } from '../../../src/store/postgres/pg-tx.js';
import { claimDueJobs, nextDueAt } from '../../../src/store/postgres/outbox-queries.js';
import { findPostgres } from '../../support/postgres.js';
import { pgSchemas } from '../../support/pg-schemas.js';
import { seedLargeData } from '../../support/pg-large-data.js';
import { booking, request } from '../store-fixtures.js';
import { ticket } from '../vpn-contract.js';

const url = await findPostgres();

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

function seqScans(node: PlanNode): string[] {
  const own = node['Node Type'] === 'Seq Scan' ? [node['Relation Name'] ?? '?'] : [];
  return [...own, ...(node.Plans ?? []).flatMap(seqScans)];
}

/** Tables of one or a few rows by design: a scan of them is the cheapest plan, not a missing index. */
const TINY = new Set(['vpn_state']);

describe('postgres adapter: the hot queries use indexes on a large data set', function () {
  if (!url) {
    it('needs a PostgreSQL server (skipped)', function () {
      this.skip();
    });
    return;
  }
  this.timeout(180_000);
  const db = pgSchemas(url);

  it('when the port reads and writes on 200,000 bookings and 50,000 requests, then no statement scans a big table', async () => {
    await (await db.open()).close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await seedLargeData(client, db.schema);
      const sent: { text: string; values: unknown[]; call: string }[] = [];
      let call = '';
      const recording: Queryable = {
        query: async (text, values = []) => {
          sent.push({ text, values, call });
          const res = await client.query(text, values);
          return { rows: res.rows, rowCount: res.rowCount };
        },
      };
      await client.query('BEGIN');
      const tx = new PgTx(recording, db.schema, () => new Date('2026-03-01T12:00:00.000Z'));
      const calls: [string, () => Promise<unknown>][] = [
        ['getRequest', () => tx.getRequest('r-77')],
        ['listRequestsOfPerson', () => tx.listRequestsOfPerson('p7', '2026-03-02', '2026-03-08')],
        ['listRequestsOfPerson (open)', () => tx.listRequestsOfPerson('p7')],
        ['listPendingForApprovers', () => tx.listPendingForApprovers(['m1', 'm2'])],
        ['listActiveRequestsInRange', () => tx.listActiveRequestsInRange('2026-03-02', '2026-03-08')],
        ['listPendingCreatedBefore', () => tx.listPendingCreatedBefore('2025-05-02T00:00:00.000Z')],
        ['listDelegations', () => tx.listDelegations('m1')],
        ['listDelegationsToDeputy', () => tx.listDelegationsToDeputy('p1')],
        ['getConversation', () => tx.getConversation('p1')],
        ['getJob', () => tx.getJob('j-5')],
        ['listJobs(type, status)', () => tx.listJobs({ type: 'teams.send', status: 'pending' })],
        ['getBooking', () => tx.getBooking('b-5')],
        ['listBookingsOnDate', () => tx.listBookingsOnDate('2026-03-02')],
        ['listBookingsOnDate (desks)', () => tx.listBookingsOnDate('2026-03-02', ['D1', 'D2'])],
        ['listBookingsOfPerson', () => tx.listBookingsOfPerson('p7', '2026-03-02', '2026-03-29')],
        ['listBookingsInRange', () => tx.listBookingsInRange('2026-03-02', '2026-03-06')],
        ['getSettings', () => tx.getSettings('p1')],
        ['listAbsencesOfPerson', () => tx.listAbsencesOfPerson('p1', '2026-03-02', '2026-03-08')],
        ['listAbsencesOfEvent', () => tx.listAbsencesOfEvent('p1', 'e1')],
        ['getSubscription', () => tx.getSubscription('s-1')],
        ['getSubscriptionOfPerson', () => tx.getSubscriptionOfPerson('p1')],
        ['listSubscriptionsExpiringBefore', () => tx.listSubscriptionsExpiringBefore('2026-03-01T05:00:00.000Z')],
        ['getVpnDraft', () => tx.getVpnDraft('vd-1')],
        ['getTicket', () => tx.getTicket('t-1')],
        ['getTicketByNumber', () => tx.getTicketByNumber('VPN-2025-000001')],
        ['listTicketsOfReporter', () => tx.listTicketsOfReporter('p1')],
        ['listUnresolvedTickets', () => tx.listUnresolvedTickets()],
        ['listTicketsOfIncident', () => tx.listTicketsOfIncident('i-1')],
        ['getIncident', () => tx.getIncident('i-1')],
        ['listOpenIncidents', () => tx.listOpenIncidents()],
        ['listIncidentsOfReporter', () => tx.listIncidentsOfReporter('p1')],
        ['getVpnRecentReports', () => tx.getVpnRecentReports()],
        ['getHelpfulness', () => tx.getHelpfulness()],
        ['putRequest', () => tx.putRequest(request('new-r', { personId: 'p7', days: [['2026-03-03', 'pending']] }))],
        ['putRequest (update)', async () => tx.putRequest((await tx.getRequest('r-77'))!)],
        ['putBooking', () => tx.putBooking(booking('new-b', { deskId: 'D-new', date: '2026-03-03' }))],
        ['putBooking (update)', async () => tx.putBooking({ ...(await tx.getBooking('b-5'))!, status: 'cancelled' })],
        ['putTicket', () => tx.putTicket(ticket('new-t', 424242))],
        ['enqueue', () => tx.enqueue({ type: 'teams.send', payload: {}, dedupeKey: 'k-7' })],
        ['nextSequence', () => tx.nextSequence('seq-7')],
        ['removeSubscription', () => tx.removeSubscription('s-9')],
      ];
      for (const [name, run] of calls) {
        call = name;
        await run();
      }
      tx.finish();
      call = 'claimDueJobs';
      await claimDueJobs(recording, db.schema, '2025-06-01T00:00:00.000Z', '2025-06-01T00:05:00.000Z', 10, { types: ['teams.send'] });
      call = 'nextDueAt';
      await nextDueAt(recording, db.schema);
      const reader = new PgReader(recording, db.schema, true);
      call = 'read: listBookingsOnDate';
      await reader.listBookingsOnDate('2026-03-02');

      const problems: string[] = [];
      for (const q of sent) {
        const res = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) ${q.text}`, q.values);
        const scans = seqScans(res.rows[0]!['QUERY PLAN'][0].Plan).filter((t) => !TINY.has(t));
        if (scans.length) problems.push(`${q.call}: Seq Scan on ${scans.join(', ')}\n    ${q.text.replace(/\s+/g, ' ')}`);
      }
      assert.deepEqual(problems, [], problems.join('\n'));
      assert.ok(sent.length >= calls.length, 'every call sent at least one statement');
      await client.query('ROLLBACK');
    } finally {
      await client.end();
    }
  });
});
