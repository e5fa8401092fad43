/**
 * The outbox worker driving the ProactiveSender against the fake Bot Connector: a 429 is retried
 * after Retry-After, a blocked bot is dead-lettered without a retry.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAdapter } from '../../src/bot/adapter-factory.js';
import { ProactiveSender } from '../../src/bot/proactive-sender.js';
import { createMemoryLogger } from '../../src/observability/logger.js';
import { OutboxWorker } from '../../src/outbox/outbox-worker.js';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import type { ConversationRecord, Store } from '../../src/store/store.js';
import { FakeConnector } from '../fakes/fake-connector.js';

const T0 = Date.parse('2026-03-02T08:00:00.000Z');

describe('outbox + proactive sender + fake connector', () => {
  let dir: string;
  let store: Store;
  let connector: FakeConnector;
  let worker: OutboxWorker;
  let nowMs: number;

  beforeEach(async () => {
    nowMs = T0;
    const now = (): Date => new Date(nowMs);
    dir = await mkdtemp(path.join(tmpdir(), 'proactive-outbox-'));
    store = await openLowdbStore({ dataDir: dir, now });
    connector = new FakeConnector();
    const serviceUrl = await connector.start();
    const logger = createMemoryLogger();
    const sender = new ProactiveSender(createAdapter({ appType: 'SingleTenant' }, logger), { logger });
    const record: ConversationRecord = {
      userId: 'aad-anna',
      conversationId: 'a:anna',
      serviceUrl,
      channelId: 'msteams',
      botId: '28:bot',
      updatedAt: new Date(T0).toISOString(),
    };
    await store.transact((tx) => tx.putConversation(record));
    worker = new OutboxWorker(
      store,
      {
        'teams.send': async (job) => {
          const { userId, text } = job.payload as { userId: string; text: string };
          const conv = await store.read((r) => r.getConversation(userId));
          if (!conv) throw Object.assign(new Error('no conversation'), { permanent: true });
          return sender.send(conv, { text });
        },
      },
      logger,
      { now, random: () => 0, baseDelayMs: 1000 },
    );
  });
  afterEach(async () => {
    await worker.stop();
    await connector.stop();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('429 with Retry-After: retried not before Retry-After, then done with the activity id', async () => {
    connector.failNext(1, 429, { 'Retry-After': '20' });
    await store.transact((tx) => tx.enqueue({ id: 'j1', type: 'teams.send', payload: { userId: 'aad-anna', text: 'Hallo' } }));
    await worker.runOnce();
    let job = await store.read((r) => r.getJob('j1'));
    assert.equal(job?.status, 'pending');
    assert.equal(job?.dueAt, new Date(T0 + 20_000).toISOString());

    nowMs = T0 + 19_000;
    assert.equal(await worker.runOnce(), 0);
    nowMs = T0 + 20_000;
    assert.equal(await worker.runOnce(), 1);
    job = await store.read((r) => r.getJob('j1'));
    assert.equal(job?.status, 'done');
    assert.deepEqual(job?.result, { activityId: 'activity-1' });
    assert.equal(connector.sent.length, 1);
  });

  it('403 MessageWritesBlocked: dead at once, never retried', async () => {
    connector.failNext(1, 403);
    await store.transact((tx) => tx.enqueue({ id: 'j1', type: 'teams.send', payload: { userId: 'aad-anna', text: 'Hallo' } }));
    await worker.runOnce();
    const job = await store.read((r) => r.getJob('j1'));
    assert.equal(job?.status, 'dead');
    assert.match(job?.lastError ?? '', /MessageWritesBlocked/);
    nowMs = T0 + 86_400_000;
    assert.equal(await worker.runOnce(), 0);
    assert.equal(connector.requests.length, 1);
  });
});
