import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PermanentSendError, TransientSendError } from '../../src/bot/proactive-sender.js';
import { createMemoryLogger } from '../../src/observability/logger.js';
import { OutboxWorker, type OutboxHandlers, type OutboxWorkerOptions } from '../../src/outbox/outbox-worker.js';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import type { OutboxJob, Store } from '../../src/store/store.js';

const T0 = Date.parse('2026-03-02T08:00:00.000Z');
const SECRET = 'Arzttermin am Vormittag';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('OutboxWorker (on the lowdb store, fake clock)', () => {
  let dir: string;
  let store: Store;
  let nowMs: number;
  const now = (): Date => new Date(nowMs);
  let logger: ReturnType<typeof createMemoryLogger>;
  const workers: OutboxWorker[] = [];

  beforeEach(async () => {
    nowMs = T0;
    dir = await mkdtemp(path.join(tmpdir(), 'outbox-worker-'));
    store = await openLowdbStore({ dataDir: dir, now });
    logger = createMemoryLogger();
  });

  afterEach(async () => {
    for (const w of workers.splice(0)) await w.stop();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const worker = (handlers: OutboxHandlers, options: OutboxWorkerOptions = {}): OutboxWorker => {
    const w = new OutboxWorker(store, handlers, logger, {
      baseDelayMs: 1000,
      maxDelayMs: 60_000,
      lockMs: 30_000,
      pollMs: 50,
      random: () => 0,
      now,
      ...options,
    });
    workers.push(w);
    return w;
  };
  const enqueue = (type: string, id: string, payload: unknown = { secret: SECRET }): Promise<OutboxJob> =>
    store.transact((tx) => tx.enqueue({ id, type, payload }));
  const job = async (id: string): Promise<OutboxJob> => {
    const found = await store.read((r) => r.getJob(id));
    assert.ok(found, `job ${id} exists`);
    return found;
  };

  it('runs a due job and completes it with the handler result', async () => {
    const seen: string[] = [];
    const w = worker({
      'teams.send': async (j) => {
        seen.push(j.id);
        return { activityId: 'activity-7' };
      },
    });
    await enqueue('teams.send', 'j1');
    assert.equal(await w.runOnce(), 1);
    assert.deepEqual(seen, ['j1']);
    const done = await job('j1');
    assert.equal(done.status, 'done');
    assert.deepEqual(done.result, { activityId: 'activity-7' });
    assert.equal(done.doneAt, new Date(T0).toISOString());
    assert.equal(await w.runOnce(), 0);
  });

  it('retries a failing job with exponential back-off, then completes it', async () => {
    let calls = 0;
    const w = worker({
      flaky: async () => {
        calls++;
        if (calls < 3) throw new Error('connector down');
        return 'ok';
      },
    });
    await enqueue('flaky', 'j1');
    assert.equal(await w.runOnce(), 1);
    let j = await job('j1');
    assert.equal(j.status, 'pending');
    assert.equal(j.attempts, 1);
    assert.match(j.lastError ?? '', /connector down/);
    // attempt 1: base 1000 ms, equal jitter with random()=0 → 500 ms
    assert.equal(j.dueAt, new Date(T0 + 500).toISOString());

    nowMs = T0 + 499;
    assert.equal(await w.runOnce(), 0, 'not due yet');
    nowMs = T0 + 500;
    assert.equal(await w.runOnce(), 1);
    j = await job('j1');
    assert.equal(j.attempts, 2);
    // attempt 2: 2000 ms → 1000 ms with random()=0
    assert.equal(j.dueAt, new Date(T0 + 1500).toISOString());

    nowMs = T0 + 1500;
    assert.equal(await w.runOnce(), 1);
    j = await job('j1');
    assert.equal(j.status, 'done');
    assert.equal(j.result, 'ok');
    assert.equal(calls, 3);
  });

  it('back-off grows exponentially, stays within [d/2, d] and is capped by maxDelayMs', () => {
    const low = worker({}, { random: () => 0 });
    const high = worker({}, { random: () => 0.999999 });
    assert.deepEqual([1, 2, 3, 4].map((a) => low.backoffMs(a)), [500, 1000, 2000, 4000]);
    assert.deepEqual([1, 2, 3, 4].map((a) => high.backoffMs(a)), [1000, 2000, 4000, 8000]);
    assert.equal(high.backoffMs(30), 60_000);
    assert.equal(low.backoffMs(30), 30_000);
  });

  it('honours retryAfterMs of a TransientSendError (429 Retry-After)', async () => {
    const w = worker({
      'teams.send': async () => {
        throw new TransientSendError('Throttled', 'Throttled', 429, 30_000);
      },
    });
    await enqueue('teams.send', 'j1');
    await w.runOnce();
    const j = await job('j1');
    assert.equal(j.status, 'pending');
    assert.equal(j.dueAt, new Date(T0 + 30_000).toISOString());
    nowMs = T0 + 29_999;
    assert.equal(await w.runOnce(), 0);
    nowMs = T0 + 30_000;
    assert.equal(await w.runOnce(), 1);
    const retry = logger.lines.find((l) => l.event === 'outbox_job_retry');
    assert.equal(retry?.retryAfterMs, 30_000);
  });

  it('dead-letters at once on a permanent error (403 MessageWritesBlocked)', async () => {
    let calls = 0;
    const w = worker({
      'teams.send': async () => {
        calls++;
        throw new PermanentSendError('blocked', 'MessageWritesBlocked', 403);
      },
    });
    await enqueue('teams.send', 'j1');
    await w.runOnce();
    const j = await job('j1');
    assert.equal(j.status, 'dead');
    assert.equal(j.attempts, 1);
    assert.match(j.lastError ?? '', /MessageWritesBlocked/);
    nowMs = T0 + 3_600_000;
    assert.equal(await w.runOnce(), 0);
    assert.equal(calls, 1);
    assert.ok(logger.lines.some((l) => l.event === 'outbox_job_dead' && l.reason === 'permanent_error' && l.jobId === 'j1'));
  });

  it('treats any error with permanent === true as permanent', async () => {
    const w = worker({
      parse: async () => {
        throw Object.assign(new Error('malformed job payload'), { permanent: true });
      },
    });
    await enqueue('parse', 'j1');
    await w.runOnce();
    assert.equal((await job('j1')).status, 'dead');
  });

  it('dead-letters after maxAttempts', async () => {
    const w = worker(
      {
        'teams.send': async () => {
          throw new TransientSendError('down', 'Http503', 503);
        },
      },
      { maxAttempts: 3 },
    );
    await enqueue('teams.send', 'j1');
    for (let i = 0; i < 3; i++) {
      assert.equal(await w.runOnce(), 1, `run ${i + 1}`);
      nowMs += 3_600_000;
    }
    const j = await job('j1');
    assert.equal(j.status, 'dead');
    assert.equal(j.attempts, 3);
    assert.equal(await w.runOnce(), 0);
    assert.ok(logger.lines.some((l) => l.event === 'outbox_job_dead' && l.reason === 'max_attempts'));
  });

  it('dead-letters a job of unknown type without calling anything', async () => {
    const w = worker({ known: async () => 'x' });
    await enqueue('mystery.type', 'j1');
    await w.runOnce();
    const j = await job('j1');
    assert.equal(j.status, 'dead');
    assert.match(j.lastError ?? '', /No handler/);
    assert.ok(logger.lines.some((l) => l.event === 'outbox_job_dead' && l.reason === 'unknown_type'));
  });

  it('catches per-job errors: the rest of the batch still runs', async () => {
    const w = worker({
      boom: async () => {
        throw new Error('boom');
      },
      fine: async () => 'fine',
    });
    await enqueue('boom', 'j1');
    await enqueue('fine', 'j2');
    assert.equal(await w.runOnce(), 2);
    assert.equal((await job('j1')).status, 'pending');
    assert.equal((await job('j2')).status, 'done');
  });

  it('logs ids, type and attempts, never payloads', async () => {
    const w = worker({
      boom: async () => {
        throw new Error('failed');
      },
    });
    await enqueue('boom', 'j1');
    await w.runOnce();
    const line = logger.lines.find((l) => l.event === 'outbox_job_retry');
    assert.equal(line?.jobId, 'j1');
    assert.equal(line?.jobType, 'boom');
    assert.equal(line?.attempt, 1);
    assert.doesNotMatch(JSON.stringify(logger.lines), new RegExp(SECRET));
  });

  it('start() processes jobs; notify() wakes the sleeping loop at once', async () => {
    const ran: string[] = [];
    const all = deferred();
    const w = worker(
      {
        job: async (j) => {
          ran.push(j.id);
          if (ran.length === 2) all.resolve();
        },
      },
      { pollMs: 60_000 },
    );
    await enqueue('job', 'j1');
    w.start();
    while (ran.length < 1) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 30)); // the loop is now asleep (up to 60 s)
    await enqueue('job', 'j2');
    const started = Date.now();
    w.notify();
    await all.promise;
    assert.ok(Date.now() - started < 1000, 'woken by notify, not by the 60 s poll');
    assert.deepEqual(ran, ['j1', 'j2']);
  });

  it('stop() waits for the batch in flight, then no more jobs are claimed', async () => {
    const gate = deferred();
    const started = deferred();
    let finished = false;
    const w = worker({
      slow: async () => {
        started.resolve();
        await gate.promise;
        finished = true;
        return 'done';
      },
    });
    await enqueue('slow', 'j1');
    w.start();
    await started.promise;
    let stopped = false;
    const stopping = w.stop().then(() => {
      stopped = true;
    });
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(stopped, false, 'stop waits for the running job');
    gate.resolve();
    await stopping;
    assert.equal(finished, true);
    assert.equal((await job('j1')).status, 'done');
    await enqueue('slow', 'j2');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal((await job('j2')).status, 'pending', 'a stopped worker claims nothing');
  });

  it('a store failure during polling is logged and the loop keeps going', async () => {
    let failClaims = 1;
    const flaky: Store = Object.create(store) as Store;
    flaky.claimDueJobs = async (n, l, lim) => {
      if (failClaims-- > 0) throw new Error('disk gone');
      return store.claimDueJobs(n, l, lim);
    };
    const done = deferred();
    const w = new OutboxWorker(flaky, { job: async () => done.resolve() }, logger, { pollMs: 20, now });
    workers.push(w);
    await enqueue('job', 'j1');
    w.start();
    await done.promise;
    assert.ok(logger.lines.some((l) => l.event === 'outbox_poll_failed'));
  });
});
