/**
 * Outbox lanes on the lowdb store with the real clock: each lane claims only its own job types,
 * runs at most its concurrency, the Teams lane never starts more than its rate in any second and
 * never starts a job before it is due, and a configuration error stops only its lane (logged once)
 * until a probe succeeds.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createMemoryLogger } from '../../src/observability/logger.js';
import { laneOf, productLanes } from '../../src/outbox/lanes.js';
import { OutboxWorker, type LaneSpec, type OutboxHandlers } from '../../src/outbox/outbox-worker.js';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import type { Store } from '../../src/store/store.js';

describe('outbox lanes (lowdb store, real clock)', function () {
  this.timeout(20_000);
  let dir: string;
  let store: Store;
  let logger: ReturnType<typeof createMemoryLogger>;
  let worker: OutboxWorker | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'outbox-lanes-'));
    store = await openLowdbStore({ dataDir: dir });
    logger = createMemoryLogger();
  });
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const start = (handlers: OutboxHandlers, lanes: LaneSpec[], extra: { blockedProbeMs?: number } = {}): OutboxWorker => {
    worker = new OutboxWorker(store, handlers, logger, { pollMs: 20, baseDelayMs: 10, lanes, ...extra });
    worker.start();
    return worker;
  };

  async function until(predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await predicate())) {
      if (Date.now() > deadline) throw new Error('condition not reached in time');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('when 90 messages are due at once, then the Teams lane starts at most 30 in any second and none before it is due', async () => {
    const starts: Array<{ id: string; at: number }> = [];
    const now = Date.now();
    const later = new Date(now + 1500).toISOString();
    await store.transact(async (tx) => {
      for (let i = 0; i < 90; i++) await tx.enqueue({ id: `m${i}`, type: 'decision.notify', payload: {}, dueAt: new Date(now).toISOString() });
      await tx.enqueue({ id: 'planned', type: 'vpn.incident-notify', payload: {}, dueAt: later });
    });
    const send = async (job: { id: string }) => {
      starts.push({ id: job.id, at: Date.now() });
      return 'ok';
    };
    start({ 'decision.notify': send, 'vpn.incident-notify': send }, productLanes());
    await until(() => starts.length === 91);
    const times = starts.map((s) => s.at).sort((a, b) => a - b);
    for (let i = 0; i < times.length; i++) {
      const inWindow = times.filter((t) => t >= times[i]! && t < times[i]! + 1000).length;
      assert.ok(inWindow <= 30, `${inWindow} starts within one second from the ${i + 1}th`);
    }
    const planned = starts.find((s) => s.id === 'planned');
    assert.ok(planned && planned.at >= Date.parse(later), 'the planned message was not sent before its due time');
    assert.ok(times[times.length - 1]! - times[0]! >= 2000, '90 messages at 30/s take at least two more seconds');
  });

  it('when Graph jobs hang, then Teams and ITSM jobs still run, and the Graph lane never runs more than its concurrency', async () => {
    let graphRunning = 0;
    let graphPeak = 0;
    const release: Array<() => void> = [];
    const done: string[] = [];
    await store.transact(async (tx) => {
      for (let i = 0; i < 20; i++) await tx.enqueue({ id: `g${i}`, type: 'calendar.upsert-day', payload: {} });
      await tx.enqueue({ id: 't1', type: 'approval.send', payload: {} });
      await tx.enqueue({ id: 'i1', type: 'vpn.itsm-create', payload: {} });
    });
    start(
      {
        'calendar.upsert-day': async () => {
          graphRunning++;
          graphPeak = Math.max(graphPeak, graphRunning);
          await new Promise<void>((resolve) => release.push(resolve));
          graphRunning--;
        },
        'approval.send': async (job) => void done.push(job.id),
        'vpn.itsm-create': async (job) => void done.push(job.id),
      },
      productLanes({ graphWriteConcurrency: 3 }),
    );
    await until(() => done.length === 2 && graphRunning === 3);
    assert.deepEqual(done.sort(), ['i1', 't1']);
    assert.equal(graphPeak, 3);
    // Let every hanging job finish, lane by lane, until all 20 are done.
    await until(async () => {
      release.splice(0).forEach((r) => r());
      return (await store.read((r) => r.listJobs({ type: 'calendar.upsert-day', status: 'done' }))).length === 20;
    });
    assert.equal(graphPeak, 3, 'never more than the lane concurrency');
  });

  it('when Entra refuses the client secret, then the Graph lane stops (one log line, no attempts burnt), other lanes go on, and it resumes once fixed', async () => {
    let fixed = false;
    let graphCalls = 0;
    const sent: string[] = [];
    await store.transact(async (tx) => {
      for (let i = 0; i < 5; i++) await tx.enqueue({ id: `g${i}`, type: 'calendar.upsert-day', payload: {} });
    });
    start(
      {
        'calendar.upsert-day': async () => {
          graphCalls++;
          if (!fixed) throw Object.assign(new Error('AADSTS7000215: Invalid client secret provided.'), { code: 'invalid_client', blocksLane: true, permanent: true });
          return 'created';
        },
        'approval.send': async (job) => void sent.push(job.id),
      },
      productLanes(),
      { blockedProbeMs: 150 },
    );
    await until(() => worker!.laneStatus().some((l) => l.name === 'graph-writes' && l.blocked));
    await until(() => worker!.laneStatus().find((l) => l.name === 'graph-writes')?.running === 0);
    const callsWhenBlocked = graphCalls; // the calls already in flight when the first one failed
    await store.transact((tx) => tx.enqueue({ id: 't1', type: 'approval.send', payload: {} }));
    worker!.notify();
    await until(() => sent.includes('t1'));
    await new Promise((resolve) => setTimeout(resolve, 400)); // two probe periods
    const blocked = worker!.laneStatus().find((l) => l.name === 'graph-writes')?.blocked;
    assert.equal(blocked?.code, 'invalid_client');
    assert.ok(graphCalls - callsWhenBlocked <= 2, `one probe per pause, not a call per job (${graphCalls - callsWhenBlocked} more)`);
    assert.equal(logger.lines.filter((l) => l.event === 'outbox_lane_blocked').length, 1, 'named once in the log');
    const jobs = await store.read((r) => r.listJobs({ type: 'calendar.upsert-day' }));
    assert.ok(jobs.every((j) => j.status === 'pending'), 'no job dead-lettered for a configuration error');

    fixed = true;
    await until(async () => (await store.read((r) => r.listJobs({ type: 'calendar.upsert-day', status: 'done' }))).length === 5);
    assert.equal(worker!.laneStatus().find((l) => l.name === 'graph-writes')?.blocked, undefined);
    assert.equal(logger.lines.filter((l) => l.event === 'outbox_lane_resumed').length, 1);
  });

  it('lanes: Graph writes, Graph reads and ITSM by type; everything else (Teams, new types) in the Teams lane', () => {
    const cases: Array<[string, string]> = [
      ['calendar.upsert-day', 'graph-writes'],
      ['calendar.reconcile-person', 'graph-writes'],
      ['presence.status-message', 'graph-writes'],
      ['calendar.delta-poll', 'graph-reads'],
      ['calendar.fetch-changes', 'graph-reads'],
      ['calendar.lifecycle', 'graph-reads'],
      ['vpn.itsm-poll', 'itsm'],
      ['approval.send', 'teams'],
      ['vpn.incident-notify', 'teams'],
      ['some.future-message', 'teams'],
    ];
    for (const [type, lane] of cases) assert.equal(laneOf(type), lane, type);
  });
});
