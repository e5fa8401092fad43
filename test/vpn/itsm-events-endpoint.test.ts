/**
 * The inbound ITSM events (src/vpn/itsm-events-endpoint.ts) on a real lowdb store in a temp dir,
 * with the real use case (VpnTicketActions): signature, shape, replay window, unknown tickets,
 * duplicate and out-of-order deliveries, and the state remembered so a poll does not report it again.
 * Now: 2026-11-25T09:00Z.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppContext } from '../../src/app/app-context.js';
import { ManualClock } from '../../src/app/clock.js';
import { JOB } from '../../src/app/job-types.js';
import { NO_VPN_SETTINGS } from '../../src/app/vpn-context.js';
import { VpnTicketActions } from '../../src/app/vpn-ticket-actions.js';
import { loadDirectoryFile } from '../../src/directory/file-directory.js';
import type { ExternalTicketRef, Ticket, VpnReport } from '../../src/domain/vpn-model.js';
import { createTicket } from '../../src/domain/vpn-ticket.js';
import type { ItsmAdapter } from '../../src/itsm/itsm-port.js';
import { signWebhookBody } from '../../src/itsm/webhook-adapter.js';
import { createMemoryLogger } from '../../src/observability/logger.js';
import { loadPolicyFile } from '../../src/policy/load-policy.js';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import type { Store } from '../../src/store/store.js';
import {
  handleItsmEvent,
  type ItsmEventAnswer,
  type ItsmEventsDeps,
} from '../../src/vpn/itsm-events-endpoint.js';
import { createItsmJobHandlers } from '../../src/vpn/itsm-job-handlers.js';

const SECRET = '0123456789abcdef0123';
const NOW = Date.parse('2026-11-25T09:00:00.000Z');
const MIN = 60_000;
const REPORTER = '00000000-0000-0000-0000-000000000003';
const REPORT: VpnReport = {
  client: 'forticlient',
  symptom: 'no-connection',
  errorText: 'Fehler -7200',
  progressPercent: 40,
  since: '2026-11-25T07:30:00.000Z',
  connection: 'wlan',
  internetWithoutVpn: true,
  affected: 'only-me',
};

const ticket = (id: string, number: string, external?: ExternalTicketRef, status: Ticket['status'] = 'open'): Ticket => ({
  ...createTicket(REPORT, { id, number, reporterId: REPORTER, now: new Date(NOW - 60 * MIN).toISOString() }),
  status,
  ...(external ? { external } : {}),
});

interface Delivery {
  event?: unknown;
  ref?: unknown;
  state?: unknown;
  sentAt?: unknown;
  note?: unknown;
}

describe('inbound ITSM events (POST /api/itsm/events)', () => {
  let dir: string;
  let store: Store;
  let clock: ManualClock;
  let logger: ReturnType<typeof createMemoryLogger>;
  let actions: VpnTicketActions;
  let deps: ItsmEventsDeps;
  let wakes: number;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mwb-itsm-events-'));
    clock = new ManualClock(new Date(NOW));
    store = await openLowdbStore({ dataDir: dir, now: () => clock.now() });
    logger = createMemoryLogger();
    wakes = 0;
    let n = 0;
    const ctx: AppContext = {
      store,
      directory: await loadDirectoryFile('samples/directory.yaml'),
      policy: await loadPolicyFile('policies/kitzingen-like.yaml'),
      inventory: { sites: [], buildings: [], floors: [], rooms: [], desks: [] },
      clock,
      ids: { newId: () => `id-${++n}` },
      logger,
      onJobsQueued: () => wakes++,
    };
    actions = new VpnTicketActions(ctx, { ...NO_VPN_SETTINGS, itsm: true });
    deps = { secret: SECRET, tickets: actions, logger, now: () => clock.now() };
    await store.transact(async (tx) => {
      await tx.putTicket(ticket('t1', 'VPN-2026-00042', { system: 'webhook', externalId: 'VPN-2026-00042', state: 'open' }));
      await tx.putTicket(ticket('t2', 'VPN-2026-00043', { system: 'zammad', externalId: '31001', state: 'open' }));
      await tx.putTicket(ticket('t3', 'VPN-2026-00044'));
    });
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const body = (d: Delivery = {}): string =>
    JSON.stringify({ event: 'ticket.state', ref: 'VPN-2026-00042', state: 'closed', sentAt: new Date(NOW - MIN).toISOString(), ...d });
  const deliver = (text: string, opts: { signature?: string | null; key?: string } = {}): Promise<ItsmEventAnswer> =>
    handleItsmEvent(
      {
        rawBody: Buffer.from(text, 'utf8'),
        signature: opts.signature === null ? undefined : (opts.signature ?? signWebhookBody(text, SECRET)),
        idempotencyKey: opts.key,
      },
      deps,
    );
  const ticketNow = async (id = 't1'): Promise<Ticket> => (await store.read((r) => r.getTicket(id)))!;
  const jobs = (type: string) => store.read((r) => r.listJobs({ type }));
  const allJobs = () => store.read((r) => r.listJobs());

  it('a signed "closed" resolves the ticket, tells the reporter once and remembers the state', async () => {
    const answer = await deliver(body({ note: 'Router neu gestartet' }), { key: 'evt-1' });
    assert.deepEqual(answer, { status: 200, body: { status: 'applied' } });

    const t = await ticketNow();
    assert.equal(t.status, 'resolved');
    assert.equal(t.assigneeId, 'itsm');
    assert.equal(t.external?.state, 'closed', 'a poll does not report it again');
    const notify = await jobs(JOB.vpnReporterNotify);
    assert.deepEqual(notify.map((j) => j.payload), [{ ticketId: 't1', event: 'resolved' }]);
    assert.equal((await jobs(JOB.vpnDeskUpdate)).length, 1);
    assert.equal((await jobs(JOB.vpnItsmState)).length, 0, 'the tool is not told its own change');
    assert.equal(t.external?.lastEventAt, new Date(NOW - MIN).toISOString(), 'the event is remembered on the ticket');
    assert.equal(t.external?.lastEventKey, 'evt-1');
    assert.ok(wakes >= 1, 'the worker is woken');
    assert.ok(logger.lines.some((l) => l.event === 'itsm_event_received' && l.ticketId === 't1'));
  });

  it('a duplicate delivery (same body, or same Idempotency-Key) is answered 200 and applied once', async () => {
    const text = body();
    assert.equal((await deliver(text, { key: 'evt-1' })).status, 200);
    const before = (await allJobs()).length;

    assert.deepEqual(await deliver(text, { key: 'evt-1' }), { status: 200, body: { status: 'duplicate' } });
    assert.deepEqual(await deliver(text), { status: 200, body: { status: 'duplicate' } }, 'same ref + state + sentAt without a key');
    // the tool re-sends with a new sentAt but the same Idempotency-Key
    const resent = body({ sentAt: new Date(NOW - 30_000).toISOString() });
    assert.deepEqual(await deliver(resent, { key: 'evt-1' }), { status: 200, body: { status: 'duplicate' } });

    assert.equal((await allJobs()).length, before, 'nothing queued, nobody told twice');
    assert.equal((await jobs(JOB.vpnReporterNotify)).length, 1);
  });

  it('a replay of "closed" after the tool reopened the ticket changes nothing', async () => {
    const closed = body({ sentAt: new Date(NOW - 5 * MIN).toISOString() });
    await deliver(closed, { key: 'evt-1' });
    const reopened = await deliver(body({ state: 'open', sentAt: new Date(NOW - 2 * MIN).toISOString() }), { key: 'evt-2' });
    assert.deepEqual(reopened.body, { status: 'applied' });
    assert.equal((await ticketNow()).status, 'reopened');
    assert.deepEqual((await jobs(JOB.vpnReporterNotify)).map((j) => (j.payload as { event: string }).event).sort(), ['resolved', 'status-changed']);

    // the replay is older than the last event: ignored as such
    assert.deepEqual((await deliver(closed, { key: 'evt-1' })).body, { status: 'stale' });
    // an older event delivered late (a new key) does not undo the newer one either
    assert.deepEqual((await deliver(body({ sentAt: new Date(NOW - 4 * MIN).toISOString() }), { key: 'evt-0' })).body, { status: 'stale' });
    assert.equal((await ticketNow()).status, 'reopened');
    assert.equal((await jobs(JOB.vpnReporterNotify)).length, 2);
  });

  it('the tool echoing the bot\'s own state, or a state of its own, changes no ticket and tells nobody', async () => {
    // the desk resolved it in Teams; the state job told the tool "closed" and remembered it
    await store.transact((tx) => tx.putTicket({ ...ticket('t1', 'VPN-2026-00042', { system: 'webhook', externalId: 'VPN-2026-00042', state: 'closed' }), status: 'resolved' }));
    assert.deepEqual((await deliver(body())).body, { status: 'unchanged' });
    // "pending" and a name of the tool's own: remembered, no change of the ticket
    assert.deepEqual((await deliver(body({ state: 'pending', sentAt: new Date(NOW - 30_000).toISOString() }))).body, { status: 'unchanged' });
    assert.equal((await ticketNow()).external?.state, 'pending');
    assert.deepEqual((await deliver(body({ state: 'in Bearbeitung (2nd level)', sentAt: new Date(NOW).toISOString() }))).body, { status: 'unchanged' });
    const t = await ticketNow();
    assert.equal(t.status, 'resolved');
    assert.equal(t.external?.state, 'in Bearbeitung (2nd level)');
    assert.equal((await jobs(JOB.vpnReporterNotify)).length, 0);
    assert.equal((await jobs(JOB.vpnDeskUpdate)).length, 0);
  });

  it('refuses a missing or wrong signature with 401, logged without details, and changes nothing', async () => {
    const text = body();
    const tampered = text.replace('closed', 'open');
    const cases: Array<[string, string | null]> = [
      ['missing', null],
      ['empty', ''],
      ['another secret', signWebhookBody(text, 'another-secret-0123456789')],
      ['another body', signWebhookBody(tampered, SECRET)],
      ['not hex', 'sha256=zz'],
      ['short', signWebhookBody(text, SECRET).slice(0, 40)],
      ['another scheme', signWebhookBody(text, SECRET).replace('sha256=', 'sha1=')],
    ];
    for (const [name, signature] of cases) {
      const answer = await deliver(text, { signature });
      assert.deepEqual(answer, { status: 401, body: { error: { code: 'Unauthorized', message: 'Unauthorized' } } }, name);
    }
    const warned = logger.lines.filter((l) => l.event === 'itsm_event_rejected');
    assert.equal(warned.length, cases.length);
    for (const l of warned) {
      assert.equal(l.level, 'warn');
      assert.equal(l.reason, 'signature');
      assert.equal(JSON.stringify(l).includes('VPN-2026-00042'), false, 'no details in the log');
    }
    assert.equal((await ticketNow()).status, 'open');
    assert.deepEqual(await allJobs(), []);
  });

  it('refuses what is not a signed ticket.state event with 400', async () => {
    const cases: Array<[string, string, string?]> = [
      ['not JSON', '{"event":"ticket.state",'],
      ['an array', '[]'],
      ['another event', body({ event: 'ticket.note' })],
      ['no ref', body({ ref: undefined })],
      ['empty ref', body({ ref: '  ' })],
      ['no state', body({ state: undefined })],
      ['state not a string', body({ state: 3 })],
      ['no sentAt', body({ sentAt: undefined })],
      ['sentAt not an instant', body({ sentAt: '25.11.2026 09:00' })],
      ['sentAt without a zone', body({ sentAt: '2026-11-25T08:59:00' })],
      ['note not a string', body({ note: { text: 'x' } })],
      ['an empty Idempotency-Key', body(), ' '],
      ['a long Idempotency-Key', body(), 'k'.repeat(201)],
    ];
    for (const [name, text, key] of cases) {
      const answer = await deliver(text, key === undefined ? {} : { key });
      assert.equal(answer.status, 400, name);
      assert.equal((answer.body as { error: { code: string } }).error.code, 'BadRequest', name);
    }
    assert.equal((await ticketNow()).status, 'open');
    assert.deepEqual(await allJobs(), []);
  });

  it('accepts sentAt up to 10 minutes old and 2 minutes ahead; outside that window 400 (replay protection)', async () => {
    const at = (ms: number) => body({ sentAt: new Date(NOW + ms).toISOString() });
    assert.equal((await deliver(at(-10 * MIN - 1_000))).status, 400);
    assert.equal((await deliver(at(2 * MIN + 1_000))).status, 400);
    assert.ok(logger.lines.some((l) => l.event === 'itsm_event_rejected' && l.reason === 'sent_at'));
    assert.equal((await ticketNow()).status, 'open');

    assert.deepEqual((await deliver(at(-10 * MIN + 1_000))).body, { status: 'applied' });
    assert.deepEqual((await deliver(body({ state: 'open', sentAt: new Date(NOW + 2 * MIN - 1_000).toISOString() }))).body, { status: 'applied' });
    assert.equal((await ticketNow()).status, 'reopened');
    // an offset other than Z: the same instant (09:01:59.5Z, just after the "open")
    assert.deepEqual((await deliver(body({ sentAt: '2026-11-25T10:01:59.500+01:00' }))).body, { status: 'applied' });
    assert.equal((await ticketNow()).status, 'resolved');
  });

  it('answers 404 for an unknown number, or a ticket handed over to another tool, with nothing more', async () => {
    for (const ref of ['VPN-2026-09999', 'VPN-2026-00043', 'INC0001']) {
      const answer = await deliver(body({ ref }));
      assert.deepEqual(answer, { status: 404, body: { error: { code: 'NotFound', message: 'Not found' } } }, ref);
    }
    assert.equal((await ticketNow('t2')).status, 'open');
    assert.deepEqual(await allJobs(), []);
  });

  it('finds the number in any case, and a ticket whose hand-over has not finished yet', async () => {
    assert.deepEqual((await deliver(body({ ref: 'vpn-2026-00042' }))).body, { status: 'applied' });
    assert.equal((await ticketNow()).status, 'resolved');
    assert.deepEqual((await deliver(body({ ref: 'VPN-2026-00044' }))).body, { status: 'applied' });
    const t3 = await ticketNow('t3');
    assert.equal(t3.status, 'resolved');
    assert.equal(t3.external, undefined);
  });

  it('a poll after a pushed "closed" sees no change and tells nobody again', async () => {
    await deliver(body());
    const seen: string[] = [];
    const adapter: ItsmAdapter = {
      createTicket: () => Promise.reject(new Error('not used')),
      addNote: () => Promise.resolve(),
      setState: () => Promise.resolve(),
      getState: () => Promise.resolve('closed'),
    };
    const handlers = createItsmJobHandlers({
      store,
      adapter,
      system: 'webhook',
      directory: { getPerson: () => Promise.resolve(undefined), listReports: () => Promise.resolve([]), listOrgUnitMembers: () => Promise.resolve([]), getOrgUnit: () => Promise.resolve(undefined), count: () => Promise.resolve(0) },
      logger,
      now: () => clock.now(),
      pollMinutes: 10,
      onExternalState: (_id, state) => {
        seen.push(state);
        return Promise.resolve();
      },
    });
    const poll = await store.transact((tx) => tx.enqueue({ type: JOB.vpnItsmPoll, payload: { ticketId: 't1', n: 1 } }));
    assert.deepEqual(await handlers[JOB.vpnItsmPoll]!(poll), { state: 'closed', changed: false, polling: false });
    assert.deepEqual(seen, []);
  });
});

describe('applyExternalState (the poll\'s way in) is idempotent', () => {
  let dir: string;
  let store: Store;
  let actions: VpnTicketActions;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mwb-itsm-state-'));
    const clock = new ManualClock(new Date(NOW));
    store = await openLowdbStore({ dataDir: dir, now: () => clock.now() });
    let n = 0;
    actions = new VpnTicketActions(
      {
        store,
        directory: await loadDirectoryFile('samples/directory.yaml'),
        policy: await loadPolicyFile('policies/kitzingen-like.yaml'),
        inventory: { sites: [], buildings: [], floors: [], rooms: [], desks: [] },
        clock,
        ids: { newId: () => `id-${++n}` },
        logger: createMemoryLogger(),
      },
      { ...NO_VPN_SETTINGS, itsm: true },
    );
    await store.transact((tx) => tx.putTicket(ticket('t1', 'VPN-2026-00042', { system: 'webhook', externalId: 'VPN-2026-00042', state: 'open' })));
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const events = () => store.read(async (r) => (await r.listJobs({ type: JOB.vpnReporterNotify })).map((j) => (j.payload as { event: string }).event).sort());

  it('the same state twice tells the reporter once; "open" twice reopens once; an unknown ticket is ignored', async () => {
    await actions.applyExternalState('t1', 'closed');
    await actions.applyExternalState('t1', 'closed');
    assert.equal((await store.read((r) => r.getTicket('t1')))?.status, 'resolved');
    assert.deepEqual(await events(), ['resolved']);
    await actions.applyExternalState('t1', 'open');
    await actions.applyExternalState('t1', 'open');
    assert.equal((await store.read((r) => r.getTicket('t1')))?.status, 'reopened');
    assert.deepEqual(await events(), ['resolved', 'status-changed']);
    await actions.applyExternalState('nope', 'closed');
    assert.deepEqual(await actions.applyExternalStateByNumber('VPN-2026-09999', 'closed', { sentAt: new Date(NOW).toISOString() }), { found: false });
  });
});
