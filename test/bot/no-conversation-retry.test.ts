/**
 * A job whose recipient has no chat with the bot yet (NoConversationError) waits for the app to
 * be installed: the outbox keeps retrying it past `maxAttempts` instead of dead-lettering it, while
 * other transient errors still end as dead after `maxAttempts`.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NoConversationError } from '../../src/bot/job-handlers.js';
import { TransientSendError } from '../../src/bot/proactive-sender.js';
import { createMemoryLogger } from '../../src/observability/logger.js';
import { OutboxWorker } from '../../src/outbox/outbox-worker.js';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import type { Store } from '../../src/store/store.js';

const T0 = Date.parse('2026-11-25T09:00:00.000Z');
const MAX_ATTEMPTS = 3;

describe('outbox retries of a recipient without a conversation', () => {
  let dir: string;
  let store: Store;
  let nowMs: number;
  let failures: Error[];
  let worker: OutboxWorker;

  beforeEach(async () => {
    nowMs = T0;
    const now = (): Date => new Date(nowMs);
    dir = await mkdtemp(path.join(tmpdir(), 'no-conversation-'));
    store = await openLowdbStore({ dataDir: dir, now });
    failures = [];
    worker = new OutboxWorker(
      store,
      {
        'card.send': async () => {
          const failure = failures.shift();
          if (failure) throw failure;
          return { activityId: 'activity-1' };
        },
      },
      createMemoryLogger(),
      { now, random: () => 0, maxAttempts: MAX_ATTEMPTS },
    );
    await store.transact((tx) => tx.enqueue({ id: 'j1', type: 'card.send', payload: {} }));
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Runs the worker once every 15 min + 1 s, `times` times. */
  async function runEvery15Minutes(times: number): Promise<void> {
    for (let i = 0; i < times; i++) {
      await worker.runOnce();
      nowMs += 15 * 60_000 + 1_000;
    }
  }

  it('when the approver has no conversation for more tries than maxAttempts, then the job stays pending and is done once she has one', async () => {
    failures = Array.from({ length: MAX_ATTEMPTS + 3 }, () => new NoConversationError('manager'));
    await runEvery15Minutes(MAX_ATTEMPTS + 3);
    let job = await store.read((r) => r.getJob('j1'));
    assert.equal(job?.status, 'pending');
    assert.equal(job?.attempts, MAX_ATTEMPTS + 3);
    assert.ok(Date.parse(job!.dueAt) - (nowMs - 15 * 60_000 - 1_000) >= 15 * 60_000, 'retried after 15 minutes');

    await runEvery15Minutes(1);
    job = await store.read((r) => r.getJob('j1'));
    assert.equal(job?.status, 'done');
    assert.deepEqual(job?.result, { activityId: 'activity-1' });
  });

  it('when the recipient has still no conversation after two weeks, then the job is dead-lettered for an admin to see', async () => {
    failures = Array.from({ length: 2000 }, () => new NoConversationError('manager'));
    await worker.runOnce();
    nowMs = T0 + 14 * 86_400_000 + 60_000;
    await worker.runOnce();
    const job = await store.read((r) => r.getJob('j1'));
    assert.equal(job?.status, 'dead');
    assert.match(job?.lastError ?? '', /NO_CONVERSATION|conversation/i);
  });

  it('when another transient error repeats maxAttempts times, then the job is dead', async () => {
    failures = Array.from({ length: MAX_ATTEMPTS }, () => new TransientSendError('503', 'Http503', 503, 15 * 60_000));
    await runEvery15Minutes(MAX_ATTEMPTS);
    const job = await store.read((r) => r.getJob('j1'));
    assert.equal(job?.status, 'dead');
    assert.equal(job?.attempts, MAX_ATTEMPTS);
  });
});
