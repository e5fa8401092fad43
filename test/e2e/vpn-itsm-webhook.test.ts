/**
 * A webhook ITSM tool that cannot be polled (no ITSM_WEBHOOK_STATE_URL) pushes its state changes
 * to `POST /api/itsm/events`, over HTTP through the real app: the hand-over reaches a local
 * receiver, the tool's signed "closed" resolves the ticket and tells the reporter once; a wrong
 * signature, a replay, an oversized body and a stale delivery change nothing.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { VERBS } from '../../src/cards/verbs.js';
import { signWebhookBody, verifyWebhookSignature } from '../../src/itsm/webhook-adapter.js';
import { actionData, PEOPLE, startHarness, verbsOf, type Harness } from '../support/app-harness.js';
import { DESK_ENV, FORTI_REPORT, visibleText } from '../support/vpn-harness.js';
import { FakeGraph } from '../fakes/fake-graph.js';
import { closeServer, listenOnLoopback } from '../fakes/loopback-server.js';
import { graphEnv } from '../graph/subscription-fake-routes.js';

const SECRET = '0123456789abcdef0123';

/** The ITSM tool's side of the hand-over: takes signed POSTs, answers with its own ticket id. */
class ToolReceiver {
  readonly received: Array<{ event: string; body: Record<string, unknown> }> = [];
  badSignatures = 0;
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void readText(req).then((raw) => {
        const signature = req.headers['x-signature-256'];
        res.setHeader('content-type', 'application/json');
        if (!verifyWebhookSignature(raw, typeof signature === 'string' ? signature : undefined, SECRET)) {
          this.badSignatures++;
          res.statusCode = 401;
          res.end('{}');
          return;
        }
        const body = JSON.parse(raw) as Record<string, unknown>;
        this.received.push({ event: String(body['event']), body });
        res.statusCode = 200;
        res.end(body['event'] === 'ticket.created' ? JSON.stringify({ externalId: 'INC-1', number: 'INC0001' }) : '');
      });
    });
    const port = await listenOnLoopback(this.server);
    return `http://127.0.0.1:${port}/hooks/teams`;
  }

  async stop(): Promise<void> {
    if (this.server) await closeServer(this.server);
  }
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('VPN tickets with a webhook ITSM tool that pushes its state (HTTP)', function () {
  this.timeout(60_000);
  let h: Harness;
  let tool: ToolReceiver;
  beforeEach(async () => {
    tool = new ToolReceiver();
    const url = await tool.start();
    h = await startHarness({ ...DESK_ENV, ITSM: 'webhook', ITSM_WEBHOOK_URL: url, ITSM_WEBHOOK_SECRET: SECRET });
  });
  afterEach(async () => {
    await h.close();
    await tool.stop();
  });

  const pushEvent = async (text: string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> => {
    const res = await fetch(`${h.baseUrl}/api/itsm/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature-256': signWebhookBody(text, SECRET), ...headers },
      body: text,
    });
    const raw = await res.text();
    return { status: res.status, body: raw ? (JSON.parse(raw) as unknown) : undefined };
  };
  const reporterMessages = () => h.connector.sent.filter((s) => s.conversationId === `a:personal-${PEOPLE.employee}`);

  /** Report → escalate → hand-over; the ticket as stored. */
  const escalated = async () => {
    const selfHelp = await h.click(PEOPLE.employee, VERBS.vpnSubmit, FORTI_REPORT);
    await h.click(PEOPLE.employee, VERBS.vpnEscalate, actionData(selfHelp.value, VERBS.vpnEscalate));
    await h.drain();
    assert.deepEqual(
      tool.received.map((r) => r.event),
      ['ticket.created'],
    );
    assert.equal(tool.received[0]!.body['ref'], 'VPN-2026-00001');
    const ticket = (await h.app.store.read((r) => r.getTicketByNumber('VPN-2026-00001')))!;
    assert.deepEqual(ticket.external, { system: 'webhook', externalId: 'INC-1', externalNumber: 'INC0001', state: 'open' });
    return ticket;
  };

  it('when the tool closes the ticket it pushes a signed event: the ticket is resolved and the reporter told exactly once', async () => {
    const ticket = await escalated();
    assert.equal((await h.app.store.read((r) => r.listJobs({ type: 'vpn.itsm-poll' }))).length, 0, 'no state URL: nobody polls');
    const text = JSON.stringify({ event: 'ticket.state', ref: 'VPN-2026-00001', state: 'closed', sentAt: h.clock.now().toISOString(), note: 'Port 10443 freigeschaltet' });
    const sentBefore = reporterMessages().length;

    // a wrong signature: 401, nothing changes
    const forged = await pushEvent(text, { 'x-signature-256': signWebhookBody(text, 'not-the-secret-0123456789') });
    assert.equal(forged.status, 401);
    assert.deepEqual(forged.body, { error: { code: 'Unauthorized', message: 'Unauthorized' } });
    const unsigned = await fetch(`${h.baseUrl}/api/itsm/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
    assert.equal(unsigned.status, 401);
    await h.drain();
    assert.equal((await h.app.store.read((r) => r.getTicket(ticket.id)))!.status, 'open');
    assert.equal(reporterMessages().length, sentBefore);
    assert.ok(h.logger.lines.some((l) => l.event === 'itsm_event_rejected' && l.level === 'warn' && l.reason === 'signature'));

    // the real one
    const pushed = await pushEvent(text, { 'idempotency-key': 'zz-evt-1' });
    assert.equal(pushed.status, 200);
    assert.deepEqual(pushed.body, { status: 'applied' });
    await h.drain();
    const resolved = (await h.app.store.read((r) => r.getTicket(ticket.id)))!;
    assert.equal(resolved.status, 'resolved');
    assert.equal(resolved.external?.state, 'closed');
    const told = reporterMessages().slice(sentBefore);
    assert.equal(told.length, 1);
    assert.ok(verbsOf(told[0]!.activity).includes(VERBS.vpnReopen));
    assert.match(visibleText(told[0]!.activity), /VPN-2026-00001/);
    assert.deepEqual(tool.received.map((r) => r.event), ['ticket.created'], 'the tool is not told its own change');

    // the tool delivers again (its own retry), with and without the key: 200, nobody told twice
    h.clock.advance(30_000);
    assert.deepEqual((await pushEvent(text, { 'idempotency-key': 'zz-evt-1' })).body, { status: 'duplicate' });
    assert.deepEqual((await pushEvent(text)).body, { status: 'duplicate' });
    await h.drain();
    assert.equal(reporterMessages().length, sentBefore + 1);

    // the same delivery once the window is over: refused
    h.clock.advance(10 * 60_000);
    assert.equal((await pushEvent(text, { 'idempotency-key': 'zz-evt-1' })).status, 400);
    await h.drain();
    assert.equal(reporterMessages().length, sentBefore + 1);
    assert.equal(tool.badSignatures, 0);
    assert.deepEqual(await h.app.store.read(async (r) => (await r.listJobs({ status: 'dead' })).map((j) => j.type)), []);
  });

  it('refuses an unknown number (404), a body over 64 KB (413) and a malformed one (400); the chat endpoint still works', async () => {
    await escalated();
    const sentAt = h.clock.now().toISOString();
    const unknown = await pushEvent(JSON.stringify({ event: 'ticket.state', ref: 'VPN-2026-09999', state: 'closed', sentAt }));
    assert.deepEqual(unknown, { status: 404, body: { error: { code: 'NotFound', message: 'Not found' } } });

    const huge = JSON.stringify({ event: 'ticket.state', ref: 'VPN-2026-00001', state: 'closed', sentAt, note: 'x'.repeat(70 * 1024) });
    const tooLarge = await pushEvent(huge);
    assert.equal(tooLarge.status, 413);
    const notJson = await pushEvent('event=ticket.state&ref=VPN-2026-00001&state=closed');
    assert.equal(notJson.status, 400);
    await h.drain();
    assert.equal((await h.app.store.read((r) => r.getTicketByNumber('VPN-2026-00001')))!.status, 'open');

    // /api/messages keeps its own body parsing
    const replies = await h.say(PEOPLE.employee, 'meine meldungen');
    assert.match(visibleText(replies), /VPN-2026-00001/);
  });
});

describe('POST /api/itsm/events next to the other routes', function () {
  this.timeout(60_000);
  const event = (h: Harness): string => JSON.stringify({ event: 'ticket.state', ref: 'VPN-2026-09999', state: 'closed', sentAt: h.clock.now().toISOString() });
  const post = (h: Harness, text: string) =>
    fetch(`${h.baseUrl}/api/itsm/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature-256': signWebhookBody(text, SECRET) }, body: text });

  it('is not there without ITSM=webhook', async () => {
    const h = await startHarness(DESK_ENV);
    try {
      const res = await post(h, event(h));
      assert.equal(res.status, 404);
      assert.notDeepEqual(await res.json(), { error: { code: 'NotFound', message: 'Not found' } }, 'restify\'s own 404, not the endpoint\'s');
    } finally {
      await h.close();
    }
  });

  it('with Graph and ITSM=webhook both extra routes answer', async () => {
    const graph = new FakeGraph();
    await graph.start();
    const tool = new ToolReceiver();
    const h = await startHarness({ ...DESK_ENV, ...graphEnv(graph), ITSM: 'webhook', ITSM_WEBHOOK_URL: await tool.start(), ITSM_WEBHOOK_SECRET: SECRET });
    try {
      const handshake = await fetch(`${h.baseUrl}/api/graph/notifications?validationToken=token-1`, { method: 'POST' });
      assert.equal(handshake.status, 200);
      assert.equal(await handshake.text(), 'token-1');
      const res = await post(h, event(h));
      assert.equal(res.status, 404);
      assert.deepEqual(await res.json(), { error: { code: 'NotFound', message: 'Not found' } }, 'the endpoint answered');
    } finally {
      await h.close();
      await tool.stop();
      await graph.stop();
    }
  });
});
