import assert from 'node:assert/strict';
import { createAdapter } from '../../src/bot/adapter-factory.js';
import {
  mapSendError,
  PermanentSendError,
  ProactiveSender,
  toConversationReference,
  TransientSendError,
} from '../../src/bot/proactive-sender.js';
import { TenantGuard } from '../../src/bot/tenant-guard.js';
import { createMemoryLogger } from '../../src/observability/logger.js';
import type { ConversationRecord } from '../../src/store/store.js';
import { FakeConnector } from '../fakes/fake-connector.js';

describe('ProactiveSender (local mode, fake Bot Connector)', () => {
  let connector: FakeConnector;
  let record: ConversationRecord;
  let sender: ProactiveSender;
  let logger: ReturnType<typeof createMemoryLogger>;

  beforeEach(async () => {
    connector = new FakeConnector();
    const serviceUrl = await connector.start();
    record = {
      userId: 'aad-anna',
      teamsUserId: '29:anna',
      conversationId: 'a:1Xy;messageid=1',
      serviceUrl,
      tenantId: 'tenant-a',
      channelId: 'msteams',
      botId: '28:bot',
      locale: 'de-DE',
      updatedAt: '2026-03-02T08:00:00.000Z',
    };
    logger = createMemoryLogger();
    const adapter = createAdapter({ appType: 'SingleTenant' }, logger);
    sender = new ProactiveSender(adapter, { logger });
  });
  afterEach(async () => {
    await connector.stop();
  });

  it('sends a new message (not a reply) to the stored conversation, without credentials', async () => {
    const { activityId } = await sender.send(record, { text: 'Ihr Antrag wurde genehmigt.' });
    assert.equal(activityId, 'activity-1');
    assert.equal(connector.sent.length, 1);
    const sent = connector.sent[0];
    assert.equal(sent?.conversationId, record.conversationId);
    assert.equal(sent?.activityId, undefined, 'POST .../activities, not a reply to the continuation id');
    assert.equal(sent?.authorization, undefined);
    assert.equal(sent?.activity.type, 'message');
    assert.equal(sent?.activity.text, 'Ihr Antrag wurde genehmigt.');
    assert.deepEqual(sent?.activity.recipient, { id: '29:anna', name: '', aadObjectId: 'aad-anna', role: 'user' });
    assert.equal((sent?.activity.conversation as { tenantId?: string }).tenantId, 'tenant-a');
  });

  it('updates a sent message by activity id', async () => {
    const { activityId } = await sender.send(record, { text: 'Antrag offen' });
    await sender.update(record, activityId, { text: 'Antrag genehmigt' });
    assert.equal(connector.updates.length, 1);
    assert.equal(connector.updates[0]?.activityId, activityId);
    assert.equal(connector.updates[0]?.conversationId, record.conversationId);
    assert.equal(connector.updates[0]?.activity.text, 'Antrag genehmigt');
    assert.equal(connector.updates[0]?.activity.id, activityId);
  });

  it('429 → TransientSendError with retryAfterMs from Retry-After, one request only', async () => {
    connector.failNext(1, 429, { 'Retry-After': '7' });
    const started = Date.now();
    const err = await sender.send(record, { text: 'x' }).then(
      () => assert.fail('expected an error'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof TransientSendError);
    assert.equal(err.status, 429);
    assert.equal(err.retryAfterMs, 7000);
    assert.equal(err.permanent, false);
    assert.equal(connector.requests.length, 1, 'the ConnectorClient must not retry by itself');
    assert.ok(Date.now() - started < 2000, 'no in-call sleep on Retry-After');
    assert.equal(connector.sent.length, 0);
  });

  it('403 MessageWritesBlocked → PermanentSendError', async () => {
    connector.failNext(1, 403, {}, { error: { code: 'MessageWritesBlocked', message: 'Thread is blocked from message writes.' } });
    const err = await sender.send(record, { text: 'x' }).catch((e: unknown) => e);
    assert.ok(err instanceof PermanentSendError);
    assert.equal(err.code, 'MessageWritesBlocked');
    assert.equal(err.permanent, true);
    assert.equal(connector.requests.length, 1);
  });

  it('404 and other 4xx are permanent, 5xx and network errors transient', async () => {
    connector.failNext(1, 404);
    const notFound = await sender.update(record, 'activity-9', { text: 'x' }).catch((e: unknown) => e);
    assert.ok(notFound instanceof PermanentSendError);
    assert.equal(notFound.status, 404);

    connector.failNext(1, 400, {}, { error: { code: 'BadArgument', message: 'bad' } });
    const bad = await sender.send(record, { text: 'x' }).catch((e: unknown) => e);
    assert.ok(bad instanceof PermanentSendError);
    assert.equal(bad.code, 'BadArgument');

    connector.failNext(1, 503, { 'Retry-After': '2' });
    const unavailable = await sender.send(record, { text: 'x' }).catch((e: unknown) => e);
    assert.ok(unavailable instanceof TransientSendError);
    assert.equal(unavailable.retryAfterMs, 2000);
    assert.equal(connector.requests.length, 3, 'no built-in retries on 5xx either');

    await connector.stop();
    const down = await sender.send(record, { text: 'x' }).catch((e: unknown) => e);
    assert.ok(down instanceof TransientSendError);
    assert.equal(down.status, undefined);
  });

  it('a tenant guard that rejects the continuation makes send fail permanently (not silently)', async () => {
    const adapter = createAdapter({ appType: 'SingleTenant' }, logger);
    adapter.use(new TenantGuard(['tenant-other'], logger));
    const guarded = new ProactiveSender(adapter, { logger });
    const err = await guarded.send(record, { text: 'x' }).catch((e: unknown) => e);
    assert.ok(err instanceof PermanentSendError);
    assert.equal(err.code, 'NotDelivered');
    assert.equal(connector.sent.length, 0);

    const allowing = createAdapter({ appType: 'SingleTenant' }, logger);
    allowing.use(new TenantGuard(['tenant-a'], logger));
    const ok = await new ProactiveSender(allowing, { logger }).send(record, { text: 'x' });
    assert.equal(ok.activityId, 'activity-1');
  });

  it('failRate(1, 429) throttles every send until it is turned off', async () => {
    connector.failRate(1, 429);
    for (let i = 0; i < 3; i++) {
      const err = await sender.send(record, { text: 'x' }).catch((e: unknown) => e);
      assert.ok(err instanceof TransientSendError);
      assert.equal(err.retryAfterMs, 1000);
    }
    connector.failRate(0, 429);
    assert.equal((await sender.send(record, { text: 'x' })).activityId, 'activity-1');
  });

  it('does not log message text', async () => {
    connector.failNext(1, 429, { 'Retry-After': '1' });
    await sender.send(record, { text: 'Krankmeldung Anna' }).catch(() => undefined);
    await sender.send(record, { text: 'Krankmeldung Anna' });
    assert.doesNotMatch(JSON.stringify(logger.lines), /Krankmeldung/);
  });
});

describe('proactive-sender helpers', () => {
  it('builds a personal ConversationReference from a ConversationRecord', () => {
    const ref = toConversationReference({
      userId: 'aad-1',
      conversationId: 'a:c',
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      channelId: 'msteams',
      botId: '28:bot',
      tenantId: 't',
      updatedAt: '',
    });
    assert.equal(ref.serviceUrl, 'https://smba.trafficmanager.net/emea/');
    assert.equal(ref.conversation?.id, 'a:c');
    assert.equal(ref.conversation?.tenantId, 't');
    assert.equal(ref.conversation?.conversationType, 'personal');
    assert.equal(ref.user?.id, 'aad-1', 'falls back to the AAD id without a Teams user id');
    assert.equal(ref.bot?.id, '28:bot');
  });


  it('maps errors without an HTTP status to transient', () => {
    const e = mapSendError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    assert.ok(e instanceof TransientSendError);
    assert.equal(e.code, 'ECONNRESET');
  });
});
