/**
 * VPN reports under concurrent clicks: ticket numbers are never given twice, two desk members
 * taking the same ticket at once leave one assignee, and one outage is opened, not two.
 */
import assert from 'node:assert/strict';
import { VERBS } from '../../src/cards/verbs.js';
import { actionData, startHarness, type Harness } from '../support/app-harness.js';
import { channelClick, DESK, DESK_ENV, FORTI_REPORT } from '../support/vpn-harness.js';
import { randomUUID } from 'node:crypto';
import { openPostgresStore } from '../../src/store/postgres-store.js';
import type { Store } from '../../src/store/store.js';
import { findPostgres, pgQuery } from '../support/postgres.js';

const person = (i: number) => `bbbbbbbb-0000-4000-8000-${String(i).padStart(12, '0')}`;

const pgUrl = await findPostgres();

/** lowdb (the default), and PostgreSQL on a fresh schema when the server runs. */
const STORES: Array<{ name: string; open?: () => Promise<{ store: Store; drop: () => Promise<void> }> }> = [
  { name: 'lowdb' },
  ...(pgUrl
    ? [
        {
          name: 'PostgreSQL',
          open: async () => {
            const schema = `vpn_e2e_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
            const store = await openPostgresStore({ connectionString: pgUrl, schema, now: () => new Date('2026-11-25T09:00:00Z') });
            return {
              store,
              drop: async () => {
                await pgQuery(pgUrl, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
              },
            };
          },
        },
      ]
    : []),
];

for (const backend of STORES) describe(`VPN reports under concurrent clicks (HTTP, ${backend.name})`, function () {
  this.timeout(60_000);
  let h: Harness;
  let drop: (() => Promise<void>) | undefined;
  beforeEach(async () => {
    const opened = await backend.open?.();
    drop = opened?.drop;
    h = await startHarness(DESK_ENV, opened ? { store: opened.store } : {});
  });
  afterEach(async () => {
    await h.close();
    await drop?.();
  });

  async function draftOf(userId: string, report: Record<string, string>) {
    const selfHelp = await h.click(userId, VERBS.vpnSubmit, report);
    return actionData(selfHelp.value, VERBS.vpnEscalate);
  }

  it('when 9 people escalate at the same moment (below the outage threshold), then 9 tickets with 9 different numbers exist', async () => {
    const n = h.app.ctx.policy.vpn.outage.reports - 1;
    const drafts = await Promise.all(Array.from({ length: n }, (_, i) => draftOf(person(i), FORTI_REPORT)));
    const answers = await Promise.all(drafts.map((d, i) => h.click(person(i), VERBS.vpnEscalate, d)));
    assert.ok(answers.every((a) => a.statusCode === 200));
    const tickets = await h.app.store.read(async (r) => (await Promise.all(Array.from({ length: n }, (_, i) => r.listTicketsOfReporter(person(i))))).flat());
    assert.equal(tickets.length, n);
    assert.equal(new Set(tickets.map((t) => t.number)).size, n);
    assert.deepEqual(await h.app.store.read((r) => r.listOpenIncidents()), []);
  });

  it('when 30 people escalate at the same moment (over the threshold), then exactly one outage links all of them', async () => {
    const drafts = await Promise.all(Array.from({ length: 30 }, (_, i) => draftOf(person(i), FORTI_REPORT)));
    await Promise.all(drafts.map((d, i) => h.click(person(i), VERBS.vpnEscalate, d)));
    const incidents = await h.app.store.read((r) => r.listOpenIncidents());
    assert.equal(incidents.length, 1);
    assert.equal(new Set(incidents[0]!.linkedReporterIds).size, 30);
  });

  it('when two desk members take the same ticket at once, then one holds it and the other is told it is taken', async () => {
    const d = await draftOf(person(1), FORTI_REPORT);
    await h.click(person(1), VERBS.vpnEscalate, d);
    const ticket = (await h.app.store.read((r) => r.listTicketsOfReporter(person(1))))[0]!;
    const [a, b] = await Promise.all([
      channelClick(h, DESK.roth, VERBS.vpnTake, { ticketId: ticket.id }),
      channelClick(h, DESK.gruber, VERBS.vpnTake, { ticketId: ticket.id }),
    ]);
    assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 400]);
    const refused = a.statusCode === 400 ? a : b;
    assert.equal(refused.value.code, 'TICKET_ALREADY_TAKEN');
    const stored = (await h.app.store.read((r) => r.getTicket(ticket.id)))!;
    assert.equal(stored.assigneeId, a.statusCode === 200 ? DESK.roth : DESK.gruber);
  });
});
