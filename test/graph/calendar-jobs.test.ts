/**
 * Calendar job handlers and the outbox CLI against a lowdb store in a temp dir and the fake Graph:
 * the races a single HTTP flow cannot show, and `retry` of dead jobs.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queueDayCalendarSync } from '../../src/app/calendar-sync.js';
import { JOB } from '../../src/app/job-types.js';
import type { Directory } from '../../src/directory/directory.js';
import { CalendarSync } from '../../src/graph/calendar-jobs.js';
import { createGraphClient } from '../../src/graph/graph-client.js';
import type { Policy } from '../../src/domain/model.js';
import { createMemoryLogger } from '../../src/observability/logger.js';
import { parseOutboxArgs, runOutboxCommand } from '../../src/outbox/outbox-cli.js';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import type { Store } from '../../src/store/store.js';
import { FakeGraph } from '../fakes/fake-graph.js';
import { request } from '../store/store-fixtures.js';

const NOW = new Date('2026-02-25T09:00:00Z');
const directory: Directory = {
  getPerson: () => Promise.resolve(undefined),
  listReports: () => Promise.resolve([]),
  listOrgUnitMembers: () => Promise.resolve([]),
  getOrgUnit: () => Promise.resolve(undefined),
  count: () => Promise.resolve(0),
};
const policy = { organisation: { id: 'o', name: 'O', state: 'BY', timeZone: 'Europe/Berlin' }, versions: [] } as unknown as Policy;

describe('calendar jobs and the outbox CLI', function () {
  this.timeout(10_000);
  let dir: string;
  let store: Store;
  let graph: FakeGraph;
  let sync: CalendarSync;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mwb-calendar-'));
    store = await openLowdbStore({ dataDir: dir, now: () => NOW });
    graph = new FakeGraph();
    const baseUrl = await graph.start();
    const client = createGraphClient({ baseUrl, tenantId: 't.onmicrosoft.com', clientId: 'c', clientSecret: 's', timeoutMs: 2000 });
    sync = new CalendarSync({ store, graph: client, directory, inventory: { sites: [], buildings: [], floors: [], rooms: [], desks: [] }, policy, logger: createMemoryLogger(), now: () => NOW });
  });
  afterEach(async () => {
    await store.close();
    await graph.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('queues an upsert for a newly approved day and a remove for a cancelled one, only with calendar sync on', async () => {
    const ctx = { calendarSync: true, clock: { now: () => NOW } };
    const before = request('r1', { status: 'pending', days: [['2026-03-02', 'pending'], ['2026-03-03', 'approved']] });
    const after = request('r1', { status: 'partially-approved', days: [['2026-03-02', 'approved'], ['2026-03-03', 'cancelled']] });
    const queued: Array<{ type: string; payload: unknown }> = [];
    const tx = { enqueue: (j: { type: string; payload: unknown }) => (queued.push(j), j) } as unknown as Parameters<typeof queueDayCalendarSync>[1];
    await queueDayCalendarSync(ctx, tx, before, after);
    assert.deepEqual(queued.map((j) => [j.type, j.payload]), [
      [JOB.calendarUpsertDay, { requestId: 'r1', date: '2026-03-02' }],
      [JOB.calendarRemoveDay, { requestId: 'r1', date: '2026-03-03' }],
    ]);
    queued.length = 0;
    await queueDayCalendarSync({ ...ctx, calendarSync: false }, tx, before, after);
    assert.deepEqual(queued, []);
  });

  it('when the day is withdrawn while its create is on the way, then the id is stored and a remove job queued in the same write', async () => {
    await store.transact((tx) => tx.putRequest(request('r1', { personId: 'p1', status: 'approved', days: [['2026-03-02', 'approved']] })));
    // Graph creates the event; before its answer arrives, the employee withdraws the day.
    graph.route('POST', /^\/users\/([^/]+)\/events$/, async (ctx) => {
      await store.transact(async (tx) => {
        const r = (await tx.getRequest('r1'))!;
        await tx.putRequest({ ...r, status: 'withdrawn', days: r.days.map((d) => ({ ...d, status: 'withdrawn' as const })) });
      });
      return { status: 201, body: ctx.graph.addEvent(ctx.params[0] ?? '', ctx.body as object) };
    });
    const outcome = await sync.upsertDay({ requestId: 'r1', date: '2026-03-02' });
    assert.deepEqual(outcome, { eventId: graph.events('p1')[0]?.id, outcome: 'late' });
    assert.equal((await store.read((r) => r.getRequest('r1')))?.days[0]?.calendarEventId, graph.events('p1')[0]?.id);
    const removes = await store.read((r) => r.listJobs({ type: JOB.calendarRemoveDay }));
    assert.equal(removes.length, 1);
    await sync.removeDay({ requestId: 'r1', date: '2026-03-02' });
    assert.deepEqual(graph.events('p1'), []);
  });

  it('`retry` queues a dead job again, takes it off the dead list, and a second retry does not queue it twice', async () => {
    const dead = await store.transact((tx) => tx.enqueue({ type: JOB.calendarUpsertDay, payload: { requestId: 'r9', date: '2026-03-02' } }));
    await store.failJob(dead.id, 'GraphRequestError ErrorAccessDenied HTTP 403: denied', NOW.toISOString(), true);
    const lines: string[] = [];
    assert.equal(await runOutboxCommand(parseOutboxArgs(['list', '--status', 'dead']), store, (l) => lines.push(l)), 0);
    assert.ok(lines.some((l) => l.startsWith(dead.id) && l.includes('ErrorAccessDenied')));

    assert.equal(await runOutboxCommand(parseOutboxArgs(['retry', '--all-dead']), store, (l) => lines.push(l), NOW), 0);
    const pending = await store.read((r) => r.listJobs({ status: 'pending', type: JOB.calendarUpsertDay }));
    assert.equal(pending.length, 1);
    assert.deepEqual(pending[0]?.payload, { requestId: 'r9', date: '2026-03-02' });
    assert.equal(pending[0]?.attempts, 0);
    assert.deepEqual(await store.read((r) => r.listJobs({ status: 'dead' })), []);
    assert.deepEqual((await store.read((r) => r.getJob(dead.id)))?.result, { retriedAs: pending[0]?.id });

    assert.equal(await runOutboxCommand(parseOutboxArgs(['retry', dead.id]), store, (l) => lines.push(l), NOW), 1, 'not dead any more');
    assert.equal((await store.read((r) => r.listJobs({ status: 'pending', type: JOB.calendarUpsertDay }))).length, 1);
  });

  it('refuses unknown CLI arguments with the usage', () => {
    assert.throws(() => parseOutboxArgs(['purge']), /usage: npm run outbox/);
    assert.throws(() => parseOutboxArgs(['retry']), /job ids or --all-dead/);
    assert.throws(() => parseOutboxArgs(['list', '--status', 'weird']), /unknown or incomplete option/);
  });
});
