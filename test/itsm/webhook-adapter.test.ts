/**
 * The generic webhook adapter against a local receiver on node:http that verifies the signature
 * the way a real receiver would, de-duplicates by Idempotency-Key and keeps ticket states.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWebhookAdapter, signWebhookBody, verifyWebhookSignature, type WebhookConfig } from '../../src/itsm/webhook-adapter.js';
import { ItsmRequestError } from '../../src/itsm/itsm-errors.js';
import type { CreateTicketInput } from '../../src/itsm/itsm-port.js';
import { isPermanent, retryAfterOf } from '../../src/outbox/outbox-worker.js';

const SECRET = 'geteiltes-geheimnis-0123456789';

const REPORT: CreateTicketInput = {
  ref: 'VPN-2026-00042',
  title: 'YubiKey wird nicht erkannt',
  body: 'Client: NCP Secure Entry\nSymptom: Token',
  priority: 'P3',
  reporter: { email: 'max.beispiel@stadt-beispiel.de' },
};

interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
}

/** A webhook receiver: checks signatures with the shared secret, de-duplicates by Idempotency-Key. */
class Receiver {
  readonly received: Received[] = [];
  readonly accepted: Array<Record<string, unknown>> = [];
  readonly states = new Map<string, string>();
  answer: { status: number; headers?: Record<string, string>; body?: unknown } | undefined;
  createdAnswer: unknown = undefined;
  private readonly seen = new Set<string>();
  private server: Server | undefined;
  url = '';

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const url = new URL(req.url ?? '/', 'http://x');
        this.received.push({ method: req.method ?? '', path: url.pathname, headers: req.headers, raw });
        const reply = (status: number, body?: unknown, headers: Record<string, string> = {}): void => {
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(body === undefined ? '' : JSON.stringify(body));
        };
        if (this.answer) {
          const a = this.answer;
          this.answer = undefined;
          return reply(a.status, a.body, a.headers);
        }
        const signature = req.headers['x-signature-256'];
        if (req.method === 'GET') {
          if (!verifyWebhookSignature(`GET ${url.pathname}${url.search}`, typeof signature === 'string' ? signature : undefined, SECRET)) return reply(401, { error: 'bad signature' });
          const ref = decodeURIComponent(url.pathname.split('/').pop() ?? '');
          const state = this.states.get(ref);
          return state ? reply(200, { state }) : reply(404, { error: 'unknown' });
        }
        if (!verifyWebhookSignature(raw, typeof signature === 'string' ? signature : undefined, SECRET)) return reply(401, { error: 'bad signature' });
        const key = String(req.headers['idempotency-key']);
        const payload = JSON.parse(raw) as Record<string, unknown>;
        if (!this.seen.has(key)) {
          this.seen.add(key);
          this.accepted.push(payload);
          if (payload['event'] === 'ticket.created') this.states.set(String(payload['ref']), 'open');
          if (payload['event'] === 'ticket.state') this.states.set(String(payload['ref']), String(payload['state']));
        }
        return reply(payload['event'] === 'ticket.created' ? 201 : 202, payload['event'] === 'ticket.created' ? this.createdAnswer : undefined);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

async function rejection(p: Promise<unknown>): Promise<ItsmRequestError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ItsmRequestError, `expected ItsmRequestError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the call to fail');
}

describe('Webhook adapter', () => {
  let receiver: Receiver;
  let config: WebhookConfig;

  beforeEach(async () => {
    receiver = new Receiver();
    const base = await receiver.start();
    config = { url: `${base}/hooks/itsm`, secret: SECRET, stateUrl: `${base}/tickets/{ref}`, timeoutMs: 500, now: () => Date.parse('2026-03-02T08:00:00Z') };
  });

  afterEach(async () => {
    await receiver.stop();
  });

  it('posts ticket.created with a signature the receiver can verify with the shared secret', async () => {
    const created = await createWebhookAdapter(config).createTicket(REPORT);

    assert.deepEqual(created, { externalId: 'VPN-2026-00042' });
    const request = receiver.received[0]!;
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers['idempotency-key'], 'VPN-2026-00042:ticket.created');
    assert.equal(request.headers['x-event'], 'ticket.created');
    assert.equal(verifyWebhookSignature(request.raw, String(request.headers['x-signature-256']), SECRET), true);
    assert.deepEqual(JSON.parse(request.raw), {
      event: 'ticket.created',
      ref: 'VPN-2026-00042',
      title: REPORT.title,
      body: REPORT.body,
      priority: 'P3',
      reporter: REPORT.reporter,
      sentAt: '2026-03-02T08:00:00.000Z',
    });
  });

  it('a signature does not verify for a changed body or another secret', () => {
    const body = JSON.stringify({ event: 'ticket.created', ref: 'VPN-2026-00042' });
    const signature = signWebhookBody(body, SECRET);
    assert.equal(verifyWebhookSignature(body, signature, SECRET), true);
    assert.equal(verifyWebhookSignature(body.replace('00042', '00043'), signature, SECRET), false);
    assert.equal(verifyWebhookSignature(body, signature, 'ein-anderes-geheimnis-0000'), false);
    assert.equal(verifyWebhookSignature(body, undefined, SECRET), false);
    assert.equal(verifyWebhookSignature(body, 'sha256=abcd', SECRET), false);
  });

  it('takes the receiver\'s own id and number when it answers them', async () => {
    receiver.createdAnswer = { id: 'INC0012345', number: 'INC-12345' };
    const created = await createWebhookAdapter(config).createTicket(REPORT);
    assert.deepEqual(created, { externalId: 'INC0012345', externalNumber: 'INC-12345' });
  });

  it('a repeated create carries the same Idempotency-Key, so the receiver keeps one ticket', async () => {
    const adapter = createWebhookAdapter(config);
    await adapter.createTicket(REPORT);
    await adapter.createTicket(REPORT);
    assert.equal(receiver.received.length, 2);
    assert.equal(receiver.accepted.length, 1);
  });

  it('notes with different keys are distinct, the same key is one note', async () => {
    const adapter = createWebhookAdapter(config);
    await adapter.addNote('VPN-2026-00042', 'Rückfrage 1', { key: 'job-1' });
    await adapter.addNote('VPN-2026-00042', 'Rückfrage 1', { key: 'job-1' });
    await adapter.addNote('VPN-2026-00042', 'Rückfrage 2', { key: 'job-2' });
    assert.deepEqual(receiver.accepted.map((p) => p['text']), ['Rückfrage 1', 'Rückfrage 2']);
    assert.equal(receiver.received[0]!.headers['idempotency-key'], 'VPN-2026-00042:ticket.note:job-1');
  });

  it('state round trip through ticket.state and the state endpoint', async () => {
    const adapter = createWebhookAdapter(config);
    const { externalId } = await adapter.createTicket(REPORT);
    assert.equal(await adapter.getState(externalId), 'open');
    await adapter.setState(externalId, 'pending');
    assert.equal(await adapter.getState(externalId), 'pending');
    await adapter.setState(externalId, 'closed');
    assert.equal(await adapter.getState(externalId), 'closed');
  });

  it('429 with Retry-After → retryAfterMs; 401 → permanent; 422 → permanent; 502 → transient', async () => {
    const adapter = createWebhookAdapter(config);
    receiver.answer = { status: 429, headers: { 'Retry-After': '12' }, body: { error: 'slow down' } };
    const throttled = await rejection(adapter.createTicket(REPORT));
    assert.equal(retryAfterOf(throttled), 12_000);
    assert.equal(isPermanent(throttled), false);

    const wrongSecret = createWebhookAdapter({ ...config, secret: 'falsches-geheimnis-0123456789' });
    const refused = await rejection(wrongSecret.createTicket(REPORT));
    assert.equal(refused.status, 401);
    assert.equal(isPermanent(refused), true);

    receiver.answer = { status: 422, body: { error: 'priority unknown' } };
    const rejected = await rejection(adapter.setState('VPN-2026-00042', 'closed'));
    assert.equal(isPermanent(rejected), true);
    assert.match(rejected.message, /priority unknown/);

    receiver.answer = { status: 502 };
    const bad = await rejection(adapter.addNote('VPN-2026-00042', 'x'));
    assert.equal(isPermanent(bad), false);
    assert.equal(retryAfterOf(bad), undefined);
  });

  it('getState without a state endpoint is a permanent error', async () => {
    const withoutState: WebhookConfig = { url: config.url, secret: config.secret };
    const err = await rejection(createWebhookAdapter(withoutState).getState('VPN-2026-00042'));
    assert.equal(isPermanent(err), true);
  });
});
