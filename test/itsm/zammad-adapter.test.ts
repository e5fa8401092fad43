/**
 * The Zammad adapter against a local fake Zammad: ticket shape, idempotent create by our ref as a
 * tag, notes, state round trip, and errors mapped to the outbox's semantics.
 */
import assert from 'node:assert/strict';
import { createZammadAdapter, type ZammadConfig } from '../../src/itsm/zammad-adapter.js';
import { ItsmRequestError } from '../../src/itsm/itsm-errors.js';
import type { CreateTicketInput, ItsmAdapter } from '../../src/itsm/itsm-port.js';
import { isPermanent, retryAfterOf } from '../../src/outbox/outbox-worker.js';
import { FakeZammad } from '../fakes/fake-zammad.js';

const REPORT: CreateTicketInput = {
  ref: 'VPN-2026-00042',
  title: 'FortiClient bleibt bei 40 % stehen (-7200)',
  body: 'Client: FortiClient 7.2\nSymptom: keine Verbindung\nFehler: -7200',
  priority: 'P2',
  reporter: { email: 'erika.muster@kreis-beispiel.de', name: 'Erika Muster' },
};

async function rejection(p: Promise<unknown>): Promise<ItsmRequestError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ItsmRequestError, `expected ItsmRequestError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the call to fail');
}

describe('Zammad adapter', () => {
  let zammad: FakeZammad;
  let config: ZammadConfig;
  let adapter: ItsmAdapter;

  beforeEach(async () => {
    zammad = new FakeZammad();
    const baseUrl = await zammad.start();
    config = { baseUrl, token: zammad.token, group: 'Service Desk', extraTags: ['vpn'], timeoutMs: 300 };
    adapter = createZammadAdapter(config);
  });

  afterEach(async () => {
    await zammad.stop();
  });

  it('creates a ticket in the group with our ref as tag, the mapped priority and the report as first public note', async () => {
    const created = await adapter.createTicket(REPORT);

    assert.equal(zammad.tickets.length, 1);
    const ticket = zammad.tickets[0]!;
    assert.equal(created.externalId, String(ticket.id));
    assert.equal(created.externalNumber, ticket.number);
    assert.deepEqual(ticket.tags, ['VPN-2026-00042', 'vpn']);
    assert.equal(ticket.title, '[VPN-2026-00042] FortiClient bleibt bei 40 % stehen (-7200)');
    assert.equal(zammad.groups[ticket.group_id], 'Service Desk');
    assert.equal(zammad.priorityOf(ticket), '3 high');
    assert.equal(zammad.stateOf(ticket), 'new');
    assert.equal(zammad.customerOf(ticket)?.email, 'erika.muster@kreis-beispiel.de');
    assert.equal(ticket.articles.length, 1);
    const note = ticket.articles[0]!;
    assert.equal(note.type, 'note');
    assert.equal(note.internal, false);
    assert.equal(note.content_type, 'text/plain');
    assert.match(note.body, /^Gemeldet von: Erika Muster <erika\.muster@kreis-beispiel\.de>\n\nClient: FortiClient 7\.2/);
  });

  it('maps P4 to the configured priority name', async () => {
    const custom = createZammadAdapter({ ...config, priorities: { P4: '2 normal' } });
    await custom.createTicket({ ...REPORT, priority: 'P4' });
    assert.equal(zammad.priorityOf(zammad.tickets[0]!), '2 normal');
  });

  it('returns the existing ticket when the same ref is created again', async () => {
    const first = await adapter.createTicket(REPORT);
    const second = await adapter.createTicket(REPORT);
    assert.deepEqual(second, first);
    assert.equal(zammad.tickets.length, 1);
  });

  it('a retry after "created but the answer timed out" finds that ticket instead of creating a second', async () => {
    zammad.createThenTimeout(1);
    const lost = await rejection(adapter.createTicket(REPORT));
    assert.equal(lost.kind, 'timeout');
    assert.equal(isPermanent(lost), false);
    assert.equal(zammad.tickets.length, 1);

    const retried = await adapter.createTicket(REPORT);
    assert.equal(zammad.tickets.length, 1);
    assert.equal(retried.externalId, String(zammad.tickets[0]!.id));
  });

  it('does not take a ticket whose tags only resemble our ref', async () => {
    await adapter.createTicket({ ...REPORT, ref: 'VPN-2026-00041' });
    // The search answers with a ticket whose tag is not exactly ours; the tag check refuses it.
    zammad.failNext(1, 200, {}, [{ id: 1, number: '31001' }], { path: /\/tickets\/search$/ });
    await adapter.createTicket(REPORT);
    assert.equal(zammad.tickets.length, 2);
    assert.equal(zammad.ticketByTag('VPN-2026-00042').length, 1);
  });

  it('429 with Retry-After becomes an error the outbox retries not before that time', async () => {
    zammad.failNext(1, 429, { 'Retry-After': '7' });
    const err = await rejection(adapter.createTicket(REPORT));
    assert.equal(err.status, 429);
    assert.equal(retryAfterOf(err), 7000);
    assert.equal(isPermanent(err), false);
    assert.equal(zammad.tickets.length, 0);
  });

  it('503 with an HTTP-date Retry-After carries the remaining wait', async () => {
    const now = Date.parse('2026-03-02T10:00:00Z');
    const timed = createZammadAdapter({ ...config, now: () => now });
    zammad.failNext(1, 503, { 'Retry-After': 'Mon, 02 Mar 2026 10:00:30 GMT' });
    const err = await rejection(timed.getState('1'));
    assert.equal(err.retryAfterMs, 30_000);
    assert.equal(isPermanent(err), false);
  });

  it('500 and an unreachable server are transient', async () => {
    zammad.failNext(1, 500);
    const server = await rejection(adapter.createTicket(REPORT));
    assert.equal(server.kind, 'server');
    assert.equal(isPermanent(server), false);
    assert.equal(retryAfterOf(server), undefined);

    const url = zammad.url;
    await zammad.stop();
    const offline = createZammadAdapter({ ...config, baseUrl: url });
    const network = await rejection(offline.createTicket(REPORT));
    assert.equal(network.status, 0);
    assert.equal(network.kind, 'network');
    assert.equal(isPermanent(network), false);
  });

  it('a wrong token (401) is permanent', async () => {
    const wrong = createZammadAdapter({ ...config, token: 'revoked' });
    const err = await rejection(wrong.createTicket(REPORT));
    assert.equal(err.status, 401);
    assert.equal(err.kind, 'auth');
    assert.equal(isPermanent(err), true);
  });

  it('403 and a rejected ticket (422, unknown group) are permanent', async () => {
    zammad.failNext(1, 403, {}, { error: 'Not authorized' });
    assert.equal(isPermanent(await rejection(adapter.getState('1'))), true);

    const badGroup = createZammadAdapter({ ...config, group: 'Gibt es nicht' });
    const err = await rejection(badGroup.createTicket(REPORT));
    assert.equal(err.status, 422);
    assert.equal(isPermanent(err), true);
    assert.match(err.message, /group/);
  });

  it('a reporter without e-mail and no fallback customer is refused before any request', async () => {
    const err = await rejection(adapter.createTicket({ ...REPORT, reporter: { name: 'Ohne Mail' } }));
    assert.equal(isPermanent(err), true);
    assert.equal(zammad.requests.length, 0);

    const withFallback = createZammadAdapter({ ...config, fallbackCustomer: 'bot@example.de' });
    await withFallback.createTicket({ ...REPORT, reporter: { name: 'Ohne Mail' } });
    assert.equal(zammad.customerOf(zammad.tickets[0]!)?.login, 'bot@example.de');
  });

  it('state round trip: open, pending (with a reminder time), closed', async () => {
    const { externalId } = await adapter.createTicket(REPORT);
    assert.equal(await adapter.getState(externalId), 'open'); // Zammad's "new"

    await adapter.setState(externalId, 'pending');
    assert.equal(zammad.stateOf(zammad.tickets[0]!), 'pending reminder');
    assert.ok(zammad.tickets[0]!.pending_time);
    assert.equal(await adapter.getState(externalId), 'pending');

    await adapter.setState(externalId, 'closed');
    assert.equal(await adapter.getState(externalId), 'closed');
    await adapter.setState(externalId, 'open');
    assert.equal(zammad.stateOf(zammad.tickets[0]!), 'open');
  });

  it('adds a note as a public plain-text article, and only once per key', async () => {
    const { externalId } = await adapter.createTicket(REPORT);
    await adapter.addNote(externalId, 'Rückfrage: Welche Client-Version?', { key: 'job-17' });
    await adapter.addNote(externalId, 'Rückfrage: Welche Client-Version?', { key: 'job-17' });
    await adapter.addNote(externalId, 'Ohne Schlüssel');

    const articles = zammad.tickets[0]!.articles;
    assert.equal(articles.length, 3);
    assert.equal(articles[1]!.body, 'Rückfrage: Welche Client-Version?');
    assert.equal(articles[1]!.type, 'note');
    assert.equal(articles[1]!.content_type, 'text/plain');
    assert.equal(articles[2]!.body, 'Ohne Schlüssel');
  });

  it('an unknown ticket (404) is permanent and a malformed id is refused without a request', async () => {
    assert.equal(isPermanent(await rejection(adapter.getState('999'))), true);
    const before = zammad.requests.length;
    assert.equal(isPermanent(await rejection(adapter.setState('VPN-2026-00042', 'closed'))), true);
    assert.equal(zammad.requests.length, before);
  });
});
