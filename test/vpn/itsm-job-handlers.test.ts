/**
 * The ITSM outbox jobs (src/vpn/itsm-job-handlers.ts) run by the real outbox worker over a lowdb
 * store in a temp dir, against the local fake Zammad and a local signed-webhook receiver: the
 * races of a hand-over (timeouts, notes before the ticket, throttling) and the state flowing back.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JOB } from '../../src/app/job-types.js';
import type { Directory } from '../../src/directory/directory.js';
import type { Person } from '../../src/domain/model.js';
import type { Ticket, VpnReport } from '../../src/domain/vpn-model.js';
import { createTicket } from '../../src/domain/vpn-ticket.js';
import { createItsmAdapter } from '../../src/itsm/create-itsm-adapter.js';
import { verifyWebhookSignature } from '../../src/itsm/webhook-adapter.js';
import { createMemoryLogger } from '../../src/observability/logger.js';
import { OutboxWorker } from '../../src/outbox/outbox-worker.js';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import type { OutboxJob, Store } from '../../src/store/store.js';
import { createItsmJobHandlers, itsmPollDedupeKey, type ItsmJobDeps } from '../../src/vpn/itsm-job-handlers.js';
import { itsmTicketBody, itsmTicketTitle, type ItsmReporter } from '../../src/vpn/itsm-ticket-text.js';
import { FakeZammad } from '../fakes/fake-zammad.js';
import { closeServer, listenOnLoopback } from '../fakes/loopback-server.js';

const START = Date.parse('2026-03-12T08:00:00.000Z');
const MIN = 60_000;
const REPORTER = 'aaaaaaaa-0000-0000-0000-000000000001';
const REPORT: VpnReport = {
  client: 'forticlient',
  symptom: 'no-connection',
  errorText: 'Fehler -7200',
  progressPercent: 40,
  since: '2026-03-12T07:30:00.000Z',
  connection: 'wlan',
  internetWithoutVpn: true,
  affected: 'only-me',
};

const person = (id: string, email?: string): Person => ({
  id,
  displayName: 'Erika Muster',
  ...(email ? { email } : {}),
  orgUnitId: 'sg-21',
  weeklyHours: 39,
  hoursByWeekday: { mon: 7.8, tue: 7.8, wed: 7.8, thu: 7.8, fri: 7.8, sat: 0, sun: 0 },
  startDate: '2020-01-01',
});

const directory: Directory = {
  getPerson: (id) => Promise.resolve(id === REPORTER ? person(id, 'erika.muster@kreis-beispiel.de') : undefined),
  listReports: () => Promise.resolve([]),
  listOrgUnitMembers: () => Promise.resolve([]),
  getOrgUnit: () => Promise.resolve(undefined),
  count: () => Promise.resolve(1),
};

function ticket(id = 't1', number = 'VPN-2026-00042'): Ticket {
  return { ...createTicket(REPORT, { id, number, reporterId: REPORTER, now: new Date(START).toISOString() }), shownEntryIds: ['forticlient-40-48-credentials'] };
}

interface Harness {
  store: Store;
  worker: OutboxWorker;
  handlers: Record<string, (job: OutboxJob) => Promise<unknown>>;
  changes: Array<[string, string]>;
  advance(ms: number): void;
  enqueue(type: string, payload: unknown, dueInMs?: number): Promise<OutboxJob>;
  ticketNow(id?: string): Promise<Ticket | undefined>;
  jobs(type: string): Promise<OutboxJob[]>;
  close(): Promise<void>;
}

async function harness(deps: Pick<ItsmJobDeps, 'adapter' | 'system'> & { pollsState?: boolean }): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'mwb-itsm-'));
  let now = START;
  const clock = (): Date => new Date(now);
  const store = await openLowdbStore({ dataDir: dir, now: clock });
  const changes: Array<[string, string]> = [];
  const logger = createMemoryLogger();
  const handlers = createItsmJobHandlers({
    store,
    directory,
    logger,
    now: clock,
    pollMinutes: 10,
    onExternalState: (ticketId, state) => {
      changes.push([ticketId, state]);
      return Promise.resolve();
    },
    ...deps,
  });
  const worker = new OutboxWorker(store, handlers, logger, { now: clock, random: () => 0 });
  await store.transact((tx) => tx.putTicket(ticket()));
  return {
    store,
    worker,
    handlers,
    changes,
    advance: (ms) => {
      now += ms;
    },
    enqueue: (type, payload, dueInMs = 0) => store.transact((tx) => tx.enqueue({ type, payload, dueAt: new Date(now + dueInMs).toISOString() })),
    ticketNow: (id = 't1') => store.read((r) => r.getTicket(id)),
    jobs: (type) => store.read((r) => r.listJobs({ type })),
    close: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const jobNow = (h: Harness, id: string): Promise<OutboxJob | undefined> => h.store.read((r) => r.getJob(id));

describe('the ITSM adapter from the configuration', () => {
  it('is none for ITSM=none, Zammad polls, a webhook polls only with a state URL', () => {
    assert.equal(createItsmAdapter({ kind: 'none' }), undefined);
    const zammad = createItsmAdapter({ kind: 'zammad', url: 'https://z.example.de', token: 't', group: 'Service Desk' });
    assert.deepEqual([zammad?.system, zammad?.pollsState], ['zammad', true]);
    const hook = createItsmAdapter({ kind: 'webhook', url: 'https://w.example.de', secret: '0123456789abcdef' });
    assert.deepEqual([hook?.system, hook?.pollsState], ['webhook', false]);
    const withState = createItsmAdapter({ kind: 'webhook', url: 'https://w.example.de', secret: '0123456789abcdef', stateUrl: 'https://w.example.de/{ref}' });
    assert.equal(withState?.pollsState, true);
  });
});

describe('ITSM jobs with Zammad', function () {
  this.timeout(20_000);
  let zammad: FakeZammad;
  let h: Harness;

  beforeEach(async () => {
    zammad = new FakeZammad();
    const url = await zammad.start();
    const itsm = createItsmAdapter({ kind: 'zammad', url, token: zammad.token, group: 'Service Desk' }, { timeoutMs: 300 });
    assert.ok(itsm);
    h = await harness(itsm);
  });
  afterEach(async () => {
    await h.close();
    await zammad.stop();
  });

  it('hands the ticket over with title, priority and the whole report, and remembers the Zammad ticket', async () => {
    const job = await h.enqueue(JOB.vpnItsmCreate, { ticketId: 't1' });
    assert.equal(await h.worker.runOnce(), 1);

    assert.equal((await jobNow(h, job.id))?.status, 'done');
    assert.equal(zammad.tickets.length, 1);
    const z = zammad.tickets[0]!;
    assert.equal(z.title, '[VPN-2026-00042] FortiClient: keine Verbindung');
    assert.equal(zammad.priorityOf(z), '2 normal', 'P3 → 2 normal');
    assert.equal(zammad.customerOf(z)?.email, 'erika.muster@kreis-beispiel.de');
    assert.ok(z.tags.includes('VPN-2026-00042'));
    assert.match(z.articles[0]!.body, /Fehlermeldung: Fehler -7200/);
    assert.match(z.articles[0]!.body, /forticlient-40-48-credentials/);

    const t = await h.ticketNow();
    assert.deepEqual(t?.external, { system: 'zammad', externalId: String(z.id), externalNumber: z.number, state: 'open', pollSeq: 1, polling: true });
    const polls = await h.jobs(JOB.vpnItsmPoll);
    assert.equal(polls.length, 1);
    assert.equal(polls[0]!.dueAt, new Date(START + 10 * MIN).toISOString());
    assert.equal(polls[0]!.dedupeKey, itsmPollDedupeKey('t1', 1));
  });

  it('when the create job runs twice (timeout after the ticket was made), Zammad has one ticket', async () => {
    zammad.createThenTimeout(1);
    const job = await h.enqueue(JOB.vpnItsmCreate, { ticketId: 't1' });
    await h.worker.runOnce();
    const failed = await jobNow(h, job.id);
    assert.equal(failed?.status, 'pending', 'a timeout is transient');
    assert.equal(failed?.attempts, 1);
    assert.equal(zammad.tickets.length, 1, 'Zammad made the ticket although the answer never came');
    assert.equal((await h.ticketNow())?.external, undefined);

    h.advance(Date.parse(failed.dueAt) - START);
    assert.equal(await h.worker.runOnce(), 1);

    assert.equal((await jobNow(h, job.id))?.status, 'done');
    assert.equal(zammad.tickets.length, 1);
    assert.equal((await h.ticketNow())?.external?.externalId, String(zammad.tickets[0]!.id));
    assert.equal(zammad.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/tickets').length, 1, 'the retry found the ticket by its tag');

    // A further run (e.g. a duplicate job) is skipped.
    assert.deepEqual(await h.handlers[JOB.vpnItsmCreate]!({ ...job, id: 'again' }), { skipped: 'already-handed-over', externalId: String(zammad.tickets[0]!.id) });
    assert.equal(zammad.tickets.length, 1);
    assert.equal((await h.jobs(JOB.vpnItsmPoll)).length, 1, 'one poll chain');
  });

  it('a note queued before the ticket exists waits and is added once', async () => {
    const note = await h.enqueue(JOB.vpnItsmNote, { ticketId: 't1', text: 'Rückfrage: Welche FortiClient-Version?' });
    const create = await h.enqueue(JOB.vpnItsmCreate, { ticketId: 't1' }, 5_000);

    await h.worker.runOnce();
    const waiting = await jobNow(h, note.id);
    assert.equal(waiting?.status, 'pending');
    assert.equal(waiting?.dueAt, new Date(START + 30_000).toISOString(), 'tries again in 30 s');
    assert.match(waiting?.lastError ?? '', /ITSM_NOT_HANDED_OVER/);
    assert.equal(zammad.requests.length, 0, 'nothing was sent to Zammad');

    h.advance(5_000);
    await h.worker.runOnce();
    assert.equal((await jobNow(h, create.id))?.status, 'done');

    h.advance(25_000);
    await h.worker.runOnce();
    assert.equal((await jobNow(h, note.id))?.status, 'done');
    const articles = zammad.tickets[0]!.articles;
    assert.equal(articles.length, 2, 'the first note (the report) and this note');
    assert.equal(articles[1]!.body, 'Rückfrage: Welche FortiClient-Version?');
    assert.equal(articles[1]!.subject, `Teams-Bot [${note.id}]`);

    // Run again (the answer was lost): the job id is the idempotency key.
    await h.handlers[JOB.vpnItsmNote]!(note);
    assert.equal(zammad.tickets[0]!.articles.length, 2);
  });

  it('a note keeps waiting past the attempt limit while the create job is pending, and dead-letters without one', async () => {
    const note = await h.enqueue(JOB.vpnItsmNote, { ticketId: 't1', text: 'Nachtrag' });
    await h.enqueue(JOB.vpnItsmCreate, { ticketId: 't1' }, 24 * 60 * MIN); // e.g. Zammad down for a day
    await h.store.transact((tx) => tx.putTicket(ticket('t2', 'VPN-2026-00043')));
    const orphan = await h.enqueue(JOB.vpnItsmNote, { ticketId: 't2', text: 'Nachtrag' }); // no create job at all

    for (let run = 0; run < 10; run++) {
      await h.worker.runOnce();
      h.advance(31_000);
    }
    const waiting = await jobNow(h, note.id);
    assert.equal(waiting?.status, 'pending', 'waits for the pending create job');
    assert.ok((waiting?.attempts ?? 0) >= 8, `attempts ${waiting?.attempts}`);
    assert.equal((await jobNow(h, orphan.id))?.status, 'dead', 'nothing will ever create it: dead after the attempts, visible to an operator');
    assert.equal(zammad.requests.length, 0);
  });

  it('a 429 from Zammad becomes a retry with its Retry-After', async () => {
    zammad.failNext(1, 429, { 'Retry-After': '120' }, { error: 'too many requests' });
    const job = await h.enqueue(JOB.vpnItsmCreate, { ticketId: 't1' });
    await h.worker.runOnce();

    const retried = await jobNow(h, job.id);
    assert.equal(retried?.status, 'pending');
    assert.equal(retried?.dueAt, new Date(START + 120_000).toISOString(), 'not earlier than Retry-After');
    assert.match(retried?.lastError ?? '', /HTTP 429/);
    assert.equal(zammad.tickets.length, 0);

    h.advance(119_000);
    assert.equal(await h.worker.runOnce(), 0, 'not due before the Retry-After');
    h.advance(1_000);
    assert.equal(await h.worker.runOnce(), 1);
    assert.equal((await jobNow(h, job.id))?.status, 'done');
    assert.equal(zammad.tickets.length, 1);
  });

  it('when the desk closes the ticket in Zammad, the poll reports `closed` once and stops polling', async () => {
    await h.enqueue(JOB.vpnItsmCreate, { ticketId: 't1' });
    await h.worker.runOnce();

    h.advance(10 * MIN);
    assert.equal(await h.worker.runOnce(), 1, 'first poll');
    assert.deepEqual(h.changes, [], 'still open: nothing to report');
    assert.equal((await h.jobs(JOB.vpnItsmPoll)).filter((j) => j.status === 'pending').length, 1, 'the next poll is queued');

    zammad.setTicketState(zammad.tickets[0]!.id, 'closed');
    h.advance(10 * MIN);
    assert.equal(await h.worker.runOnce(), 1, 'second poll');
    assert.deepEqual(h.changes, [['t1', 'closed']]);
    assert.equal((await h.ticketNow())?.external?.state, 'closed');

    const polls = await h.jobs(JOB.vpnItsmPoll);
    assert.equal(polls.length, 2);
    assert.ok(polls.every((j) => j.status === 'done'), 'no further poll');
    h.advance(60 * MIN);
    assert.equal(await h.worker.runOnce(), 0);
    assert.deepEqual(h.changes, [['t1', 'closed']], 'reported once');
  });

  it('a poll run again (its completion lost) keeps a single poll chain', async () => {
    await h.enqueue(JOB.vpnItsmCreate, { ticketId: 't1' });
    await h.worker.runOnce();
    const [first] = await h.jobs(JOB.vpnItsmPoll);
    assert.ok(first);
    await h.handlers[JOB.vpnItsmPoll]!(first);
    await h.handlers[JOB.vpnItsmPoll]!(first);
    const next = (await h.jobs(JOB.vpnItsmPoll)).filter((j) => j.id !== first.id);
    assert.deepEqual(next.map((j) => j.dedupeKey), [itsmPollDedupeKey('t1', 2)]);
  });

  it('a poll queued without a number (as job-types.ts documents it) continues after the numbers used', async () => {
    await h.enqueue(JOB.vpnItsmCreate, { ticketId: 't1' });
    await h.worker.runOnce();
    h.advance(10 * MIN);
    await h.worker.runOnce(); // poll 1 → poll 2
    zammad.setTicketState(zammad.tickets[0]!.id, 'closed');
    h.advance(10 * MIN);
    await h.worker.runOnce(); // poll 2 sees closed: stops
    assert.equal((await h.jobs(JOB.vpnItsmPoll)).filter((j) => j.status === 'pending').length, 0);

    zammad.setTicketState(zammad.tickets[0]!.id, 'open'); // the desk reopens it in Zammad
    await h.enqueue(JOB.vpnItsmPoll, { ticketId: 't1' });
    await h.worker.runOnce();
    assert.deepEqual(h.changes, [['t1', 'closed'], ['t1', 'open']]);
    const pending = (await h.jobs(JOB.vpnItsmPoll)).filter((j) => j.status === 'pending');
    assert.deepEqual(pending.map((j) => j.dedupeKey), [itsmPollDedupeKey('t1', 3)], 'not 1, which is taken: the chain would stop');
  });

  it("does not report the bot's own state change back, and polls a reopened ticket again", async () => {
    await h.enqueue(JOB.vpnItsmCreate, { ticketId: 't1' });
    await h.worker.runOnce();
    await h.enqueue(JOB.vpnItsmState, { ticketId: 't1', state: 'closed' });
    await h.worker.runOnce();
    assert.equal(zammad.stateOf(zammad.tickets[0]!), 'closed');
    assert.equal((await h.ticketNow())?.external?.state, 'closed');

    h.advance(10 * MIN);
    await h.worker.runOnce(); // the poll queued at the hand-over
    assert.deepEqual(h.changes, [], 'closed by the bot itself: nothing to report');
    assert.equal((await h.jobs(JOB.vpnItsmPoll)).filter((j) => j.status === 'pending').length, 0, 'closed: polling stops');

    await h.enqueue(JOB.vpnItsmState, { ticketId: 't1', state: 'open' });
    await h.worker.runOnce();
    assert.equal(zammad.stateOf(zammad.tickets[0]!), 'open');
    const pending = (await h.jobs(JOB.vpnItsmPoll)).filter((j) => j.status === 'pending');
    assert.equal(pending.length, 1, 'reopened: polled again');
    assert.equal(pending[0]!.dedupeKey, itsmPollDedupeKey('t1', 2));

    zammad.setTicketState(zammad.tickets[0]!.id, 'pending reminder');
    h.advance(10 * MIN);
    await h.worker.runOnce();
    assert.deepEqual(h.changes, [['t1', 'pending']]);
  });

  it('stops polling once the ticket is resolved in the bot', async () => {
    await h.enqueue(JOB.vpnItsmCreate, { ticketId: 't1' });
    await h.worker.runOnce();
    await h.store.transact(async (tx) => {
      const t = (await tx.getTicket('t1'))!;
      await tx.putTicket({ ...t, status: 'resolved', solution: 'Neues Zertifikat verteilt.' });
    });
    h.advance(10 * MIN);
    await h.worker.runOnce();
    assert.equal((await h.jobs(JOB.vpnItsmPoll)).filter((j) => j.status === 'pending').length, 0);
  });

  it('skips unknown tickets and dead-letters malformed payloads at once', async () => {
    for (const type of [JOB.vpnItsmCreate, JOB.vpnItsmNote, JOB.vpnItsmState, JOB.vpnItsmPoll]) {
      const payload = { ticketId: 'nope', text: 'x', state: 'open' };
      assert.deepEqual(await h.handlers[type]!({ id: `j-${type}`, type, payload, dueAt: '', attempts: 0, status: 'pending', createdAt: '' }), { skipped: 'no-ticket' }, type);
    }
    const bad = await h.enqueue(JOB.vpnItsmState, { ticketId: 't1', state: 'resolved' });
    await h.worker.runOnce();
    assert.equal((await jobNow(h, bad.id))?.status, 'dead');
  });
});

// ---------------------------------------------------------------- a signed webhook receiver

interface Received {
  event: string;
  idempotencyKey: string;
  body: Record<string, unknown>;
}

class WebhookReceiver {
  readonly received: Received[] = [];
  readonly tickets = new Map<string, { id: string; number: string; state: string }>();
  badSignatures = 0;
  /** The next n POSTs are processed, but the connection is dropped before the answer. */
  dropAfterProcessing = 0;
  private server: Server | undefined;
  url = '';
  private readonly seen = new Set<string>();

  constructor(private readonly secret: string) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      // Not `res.writeHead(...).end(...)`: a library that other test files load patches writeHead to return nothing.
      const answer = (status: number, body: string): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(body);
      };
      void readBody(req).then((raw) => {
        const url = new URL(req.url ?? '/', 'http://x');
        const signature = req.headers['x-signature-256'];
        const signed = req.method === 'GET' ? `GET ${url.pathname}${url.search}` : raw;
        if (!verifyWebhookSignature(signed, typeof signature === 'string' ? signature : undefined, this.secret)) {
          this.badSignatures++;
          answer(401, JSON.stringify({ error: 'bad signature' }));
          return;
        }
        if (req.method === 'GET') {
          const ref = decodeURIComponent(url.pathname.split('/').at(-1) ?? '');
          const t = [...this.tickets.values()].find((x) => x.id === ref);
          answer(t ? 200 : 404, JSON.stringify(t ? { state: t.state } : { error: 'unknown' }));
          return;
        }
        const body = JSON.parse(raw) as Record<string, unknown>;
        const key = String(req.headers['idempotency-key']);
        const event = String(body['event']);
        if (!this.seen.has(key)) {
          this.seen.add(key);
          this.received.push({ event, idempotencyKey: key, body });
          if (event === 'ticket.created') {
            const n = this.tickets.size + 1;
            this.tickets.set(String(body['ref']), { id: `INC-${n}`, number: `INC000${n}`, state: 'open' });
          }
        }
        if (this.dropAfterProcessing > 0) {
          this.dropAfterProcessing--;
          req.socket.destroy();
          return;
        }
        const t = this.tickets.get(String(body['ref']));
        answer(200, event === 'ticket.created' && t ? JSON.stringify({ externalId: t.id, number: t.number }) : '');
      });
    });
    const port = await listenOnLoopback(this.server);
    this.url = `http://127.0.0.1:${port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    if (this.server) await closeServer(this.server);
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('ITSM jobs with a signed webhook', function () {
  this.timeout(20_000);
  const SECRET = 'webhook-secret-0123456789';
  let receiver: WebhookReceiver;
  let h: Harness;

  beforeEach(async () => {
    receiver = new WebhookReceiver(SECRET);
    const url = await receiver.start();
    const itsm = createItsmAdapter({ kind: 'webhook', url: `${url}/hooks/teams`, secret: SECRET, stateUrl: `${url}/tickets/{ref}` }, { timeoutMs: 500 });
    assert.ok(itsm);
    assert.equal(itsm.pollsState, true);
    h = await harness(itsm);
  });
  afterEach(async () => {
    await h.close();
    await receiver.stop();
  });

  it('hands over once with a valid signature on every request, adds the note and reads the state back', async () => {
    receiver.dropAfterProcessing = 1;
    const create = await h.enqueue(JOB.vpnItsmCreate, { ticketId: 't1' });
    await h.worker.runOnce();
    const failed = await jobNow(h, create.id);
    assert.equal(failed?.status, 'pending', 'a lost answer is retried');

    h.advance(Date.parse(failed.dueAt) - START);
    await h.worker.runOnce();
    assert.equal((await jobNow(h, create.id))?.status, 'done');
    assert.equal(receiver.tickets.size, 1);
    const created = receiver.received.filter((r) => r.event === 'ticket.created');
    assert.equal(created.length, 1, 'the retry carried the same Idempotency-Key');
    assert.equal(created[0]!.idempotencyKey, 'VPN-2026-00042:ticket.created');
    assert.equal(created[0]!.body['title'], 'VPN-2026-00042 · FortiClient: keine Verbindung');
    assert.deepEqual(created[0]!.body['reporter'], { name: 'Erika Muster', email: 'erika.muster@kreis-beispiel.de' });
    assert.deepEqual((await h.ticketNow())?.external, { system: 'webhook', externalId: 'INC-1', externalNumber: 'INC0001', state: 'open', pollSeq: 1, polling: true });

    const note = await h.enqueue(JOB.vpnItsmNote, { ticketId: 't1', text: 'Antwort: Version 7.2.4' });
    await h.worker.runOnce();
    const notes = receiver.received.filter((r) => r.event === 'ticket.note');
    assert.deepEqual(notes.map((n) => [n.body['ref'], n.body['text'], n.body['key']]), [['INC-1', 'Antwort: Version 7.2.4', note.id]]);

    receiver.tickets.get('VPN-2026-00042')!.state = 'closed';
    h.advance(10 * MIN);
    await h.worker.runOnce();
    assert.deepEqual(h.changes, [['t1', 'closed']]);
    assert.equal(receiver.badSignatures, 0);
  });

  it('a wrong secret is refused by the receiver and dead-letters the job at once', async () => {
    const wrong = createItsmAdapter({ kind: 'webhook', url: `${receiver.url}/hooks/teams`, secret: 'another-secret-0123456789' }, { timeoutMs: 500 });
    assert.ok(wrong);
    assert.equal(wrong.pollsState, false, 'no state URL: no polling');
    const worker = new OutboxWorker(
      h.store,
      createItsmJobHandlers({ store: h.store, directory, logger: createMemoryLogger(), now: () => new Date(START), pollMinutes: 10, onExternalState: () => Promise.resolve(), ...wrong }),
      createMemoryLogger(),
      { now: () => new Date(START) },
    );
    const job = await h.enqueue(JOB.vpnItsmCreate, { ticketId: 't1' });
    await worker.runOnce();
    assert.equal(receiver.badSignatures, 1);
    assert.equal((await jobNow(h, job.id))?.status, 'dead');
    assert.equal(receiver.tickets.size, 0);
  });
});

// ---------------------------------------------------------------- the text the tool gets

describe('ITSM ticket text', () => {
  const full: Ticket = {
    ...ticket(),
    priority: 'P3',
    report: {
      ...REPORT,
      clientVersion: '7.2.4',
      deviceInventoryNumber: 'INV-4711',
      triedAlready: 'Neustart\r\nanderes WLAN',
      callbackNumber: '09321 928-1234',
    },
    conversation: [
      { kind: 'question', authorId: 'desk-1', at: '2026-03-12T09:00:00.000Z', text: 'Welche Version?' },
      { kind: 'answer', authorId: REPORTER, at: '2026-03-12T09:05:00.000Z', text: '7.2.4' },
    ],
    shownEntryIds: ['forticlient-40-48-credentials', 'forticlient-generic'],
  };

  it('writes every field of the report, the priority, the reporter, the knowledge base and the conversation', () => {
    assert.equal(
      itsmTicketBody(full, { name: 'Erika Muster', email: 'erika.muster@kreis-beispiel.de' }),
      [
        'VPN-Störungsmeldung VPN-2026-00042 (aus dem Teams-Bot)',
        'Priorität: P3 (mittel)',
        'Gemeldet am: 12.03.2026, 09:00',
        'Meldende Person: Erika Muster <erika.muster@kreis-beispiel.de>',
        'Rückrufnummer: 09321 928-1234',
        '',
        'Meldung',
        'VPN-Client: FortiClient',
        'Client-Version: 7.2.4',
        'Problem: keine Verbindung',
        'Fehlermeldung: Fehler -7200',
        'Fortschritt beim Verbinden: 40 %',
        'Seit: 12.03.2026, 08:30',
        'Verbindung: WLAN',
        'Internet ohne VPN: funktioniert',
        'Betroffen: nur die meldende Person',
        'Inventarnummer des Geräts: INV-4711',
        'Schon versucht: Neustart',
        '  anderes WLAN',
        '',
        'Wissensdatenbank – der Person bereits gezeigt, ohne Erfolg: forticlient-40-48-credentials, forticlient-generic',
        '',
        'Rückfragen im Teams-Bot',
        '[12.03.2026, 10:00] Service Desk: Welche Version?',
        '[12.03.2026, 10:05] Meldende Person: 7.2.4',
      ].join('\n'),
    );
  });

  const titles: Array<[string, Partial<VpnReport>, string]> = [
    ['FortiClient without connection', {}, 'VPN-2026-00042 · FortiClient: keine Verbindung'],
    ['NCP with drops', { client: 'ncp-secure-entry', symptom: 'drops' }, 'VPN-2026-00042 · NCP Secure Entry Client: Verbindung bricht ab'],
    ['GlobalProtect, second factor', { client: 'globalprotect', symptom: 'second-factor' }, 'VPN-2026-00042 · GlobalProtect: zweiter Faktor funktioniert nicht'],
    ['Citrix, one application', { client: 'citrix-workspace', symptom: 'one-application' }, 'VPN-2026-00042 · Citrix Workspace: eine Anwendung nicht erreichbar'],
    ['another client, certificate', { client: 'other', symptom: 'certificate' }, 'VPN-2026-00042 · anderer VPN-Client: Zertifikatsproblem'],
  ];
  for (const [name, change, expected] of titles) {
    it(`title: ${name}`, () => {
      assert.equal(itsmTicketTitle({ number: 'VPN-2026-00042', report: { ...REPORT, ...change } }), expected);
    });
  }
  it('title without the number (Zammad adds it itself)', () => {
    assert.equal(itsmTicketTitle(full, { withNumber: false }), 'FortiClient: keine Verbindung');
  });

  const bodies: Array<[string, Ticket, ItsmReporter | undefined, string[], RegExp[]]> = [
    ['reporter without e-mail', full, { name: 'Erika Muster' }, ['Meldende Person: Erika Muster'], [/</]],
    ['reporter not in the directory', full, undefined, [`Meldende Person: nicht im Verzeichnis (Entra-ID ${REPORTER})`], []],
    ['no knowledge-base entry shown', { ...full, shownEntryIds: [] }, undefined, ['Wissensdatenbank: der Person wurde kein passender Eintrag gezeigt.'], [/bereits gezeigt/]],
    ['no conversation', { ...full, conversation: [] }, undefined, [], [/Rückfragen/]],
    ['optional fields left out', ticket(), undefined, ['Internet ohne VPN: funktioniert'], [/Rückrufnummer|Client-Version|Inventarnummer|Schon versucht/]],
    ['no internet without VPN, a plain date, many affected, P1', { ...full, priority: 'P1', report: { ...full.report, internetWithoutVpn: false, since: '2026-03-11', affected: 'many' } }, undefined, ['Internet ohne VPN: funktioniert nicht', 'Seit: 11.03.2026', 'Betroffen: viele (mehrere Bereiche)', 'Priorität: P1 (sehr hoch)'], []],
    ['linked to a possible outage, resolved', { ...full, incidentId: 'inc-7', solution: 'Zertifikat erneuert.' }, undefined, ['Mögliche Störung (mehrere Meldungen): inc-7', 'Lösung (im Teams-Bot): Zertifikat erneuert.'], []],
    ['multi-line question', { ...full, conversation: [{ kind: 'question', authorId: 'desk-1', at: '2026-03-12T09:00:00.000Z', text: 'Bitte prüfen:\n1. Version\n2. Netz' }] }, undefined, ['[12.03.2026, 10:00] Service Desk: Bitte prüfen:\n  1. Version\n  2. Netz'], []],
  ];
  for (const [name, t, reporter, contains, absent] of bodies) {
    it(`body: ${name}`, () => {
      const body = itsmTicketBody(t, reporter);
      for (const text of contains) assert.ok(body.includes(text), `missing ${JSON.stringify(text)} in\n${body}`);
      for (const pattern of absent) assert.doesNotMatch(body, pattern);
    });
  }
});
