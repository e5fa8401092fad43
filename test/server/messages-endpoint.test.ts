/**
 * POST /api/messages end to end through the real CloudAdapter (createAdapter), the tenant guard
 * and the restify server: expectReplies, invoke responses, onTurnError, tenant allow-list, JWT.
 */
import assert from 'node:assert/strict';
import { BotActivityProcessor } from '../../src/bot/activity-processor.js';
import { createAdapter } from '../../src/bot/adapter-factory.js';
import { TenantGuard } from '../../src/bot/tenant-guard.js';
import { createMemoryLogger } from '../../src/observability/logger.js';
import { createHttpServer, type HttpServer } from '../../src/server/http-server.js';
import { FakeConnector } from '../fakes/fake-connector.js';

type Adapter = ReturnType<typeof createAdapter>;
type Ctx = Parameters<Adapter['onTurnError']>[0];

const SECRET_TEXT = 'Mein Passwort ist Sommer2026';

/** A tiny bot: echoes messages, answers the "ok" invoke, throws on "boom". */
const bot = {
  turns: 0,
  async run(context: Ctx): Promise<void> {
    this.turns++;
    const a = context.activity;
    if (a.type === 'message') {
      if (a.text === 'boom') throw new Error(`failed while handling ${SECRET_TEXT}`);
      await context.sendActivity(`echo: ${a.text ?? ''}`);
      return;
    }
    if (a.type === 'invoke') {
      if (a.name === 'boom') throw new Error('invoke failed');
      await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'ok' } } });
    }
  },
  async refuse(): Promise<void> {},
  refusalBody: () => ({}),
};

function activity(overrides: Record<string, unknown>, serviceUrl = 'http://127.0.0.1:9/'): Record<string, unknown> {
  return {
    type: 'message',
    id: 'incoming-1',
    channelId: 'msteams',
    serviceUrl,
    from: { id: '29:user', aadObjectId: 'aad-user' },
    recipient: { id: '28:bot' },
    conversation: { id: 'a:personal-1', conversationType: 'personal', tenantId: 'tenant-a' },
    channelData: { tenant: { id: 'tenant-a' } },
    locale: 'de-DE',
    ...overrides,
  };
}

describe('POST /api/messages with the real CloudAdapter', () => {
  let http: HttpServer;
  let base: string;
  let logger: ReturnType<typeof createMemoryLogger>;
  let connector: FakeConnector;
  let serviceUrl: string;

  const start = async (opts: { appId?: string; allowedTenants?: string[]; replyTimeoutMs?: number } = {}): Promise<void> => {
    logger = createMemoryLogger();
    const adapter = createAdapter(
      opts.appId ? { appId: opts.appId, appPassword: 'secret', appType: 'MultiTenant' } : { appType: 'SingleTenant' },
      logger,
    );
    adapter.use(new TenantGuard(opts.allowedTenants ?? [], logger));
    http = createHttpServer({
      adapter: new BotActivityProcessor(adapter, opts.replyTimeoutMs),
      bot,
      readiness: async () => {},
      logger,
      ...(opts.appId ? { auth: { appId: opts.appId, issuers: ['https://api.botframework.com'] } } : {}),
    });
    const { port } = await http.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${port}`;
  };
  const post = (body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  beforeEach(async () => {
    bot.turns = 0;
    connector = new FakeConnector();
    serviceUrl = await connector.start();
  });
  afterEach(async () => {
    await http.close(100);
    await connector.stop();
  });

  it('local mode: warns loudly and answers expectReplies in the HTTP body', async () => {
    await start();
    assert.ok(logger.lines.some((l) => l.event === 'local_mode' && l.level === 'warn'));
    const res = await post(activity({ text: 'hallo', deliveryMode: 'expectReplies' }));
    assert.equal(res.status, 200);
    const body = (await res.json()) as { activities: Array<{ type: string; text: string }> };
    assert.equal(body.activities.length, 1);
    assert.equal(body.activities[0]?.text, 'echo: hallo');
    assert.equal(connector.sent.length, 0);
  });

  it('local mode: normal replies go to the serviceUrl without credentials', async () => {
    await start();
    const res = await post(activity({ text: 'hallo' }, serviceUrl));
    assert.equal(res.status, 200);
    await connector.waitFor((c) => c.sent.length === 1);
    assert.equal(connector.sent[0]?.activity.text, 'echo: hallo');
    assert.equal(connector.sent[0]?.authorization, undefined);
  });

  it('when the reply address accepts but never answers, then the request is answered at once and the turn gives up after its reply time-out', async () => {
    const held: import('node:http').IncomingMessage[] = [];
    const { createServer } = await import('node:http');
    const blackHole = createServer((req) => held.push(req));
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', () => resolve()));
    try {
      await start({ replyTimeoutMs: 300 });
      const res = await post(activity({ text: 'hallo' }, `http://127.0.0.1:${(blackHole.address() as { port: number }).port}/`));
      assert.equal(res.status, 200);
      await http.settled(); // the turn ends: its reply timed out instead of hanging for ever
      assert.ok(held.length >= 1, 'the reply was attempted');
      assert.ok(logger.lines.some((l) => l.event === 'turn_error'), 'the time-out reached the turn error handler');
    } finally {
      blackHole.closeAllConnections();
      await new Promise<void>((resolve) => blackHole.close(() => resolve()));
    }
  });

  it('an invoke returns its InvokeResponse body', async () => {
    await start();
    const res = await post(activity({ type: 'invoke', name: 'ok', value: {} }));
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'ok' });
  });

  it('a failing message turn: friendly German message, ids-only log, no stack', async () => {
    await start();
    const res = await post(activity({ text: 'boom' }, serviceUrl));
    assert.equal(res.status, 200);
    await connector.waitFor((c) => c.sent.length === 1);
    await http.close(2000); // the turn ends (and logs) before the server is closed
    const text = String(connector.sent[0]?.activity.text);
    assert.match(text, /^Da ist etwas schiefgegangen/);
    assert.doesNotMatch(text, /Error|at |Sommer2026/);
    const line = logger.lines.find((l) => l.event === 'turn_error');
    assert.equal(line?.activityType, 'message');
    assert.equal(line?.conversationId, 'a:personal-1');
    assert.doesNotMatch(JSON.stringify(logger.lines), /Sommer2026|"text"|stack/);
  });

  it('a failing message turn in English with expectReplies', async () => {
    await start();
    const res = await post(activity({ text: 'boom', locale: 'en-US', deliveryMode: 'expectReplies' }));
    const body = (await res.json()) as { activities: Array<{ text: string }> };
    assert.match(body.activities[0]?.text ?? '', /^Something went wrong/);
  });

  it('a failing invoke still gets a 500 with an application/vnd.microsoft.error body', async () => {
    await start();
    const res = await post(activity({ type: 'invoke', name: 'boom', value: {}, locale: 'en-US' }));
    assert.equal(res.status, 500);
    const body = (await res.json()) as { statusCode: number; type: string; value: { code: string; message: string } };
    assert.equal(body.statusCode, 500);
    assert.equal(body.type, 'application/vnd.microsoft.error');
    assert.equal(body.value.code, 'InternalError');
    assert.match(body.value.message, /^Something went wrong/);
  });

  it('tenant guard: other tenants are refused with 403 (messages and invokes), listed tenants pass', async () => {
    await start({ allowedTenants: ['tenant-a'] });
    const foreign = { channelData: { tenant: { id: 'tenant-x' } }, conversation: { id: 'a:c', tenantId: 'tenant-x' } };
    const dropped = await post(activity({ text: 'hallo', deliveryMode: 'expectReplies', ...foreign }));
    assert.equal(dropped.status, 403);
    assert.deepEqual(await dropped.json(), { error: { code: 'Forbidden', message: 'This tenant is not allowed to use this bot' } });
    const invoke = await post(activity({ type: 'invoke', name: 'ok', value: {}, ...foreign }));
    assert.equal(invoke.status, 403);
    assert.equal(bot.turns, 0);
    assert.ok(logger.lines.some((l) => l.event === 'tenant_rejected' && l.tenantId === 'tenant-x'));

    const ok = await post(activity({ text: 'hallo', deliveryMode: 'expectReplies' }));
    assert.equal(((await ok.json()) as { activities: unknown[] }).activities.length, 1);
    assert.equal(bot.turns, 1);
  });

  it('tenant guard: an activity without any tenant is refused when a list is set', async () => {
    await start({ allowedTenants: ['tenant-a'] });
    const res = await post(activity({ text: 'hi', deliveryMode: 'expectReplies', channelData: {}, conversation: { id: 'a:c' } }));
    assert.equal(res.status, 403);
    assert.equal(bot.turns, 0);
  });

  it('with an app id the JWT check is on: no Authorization header → 401', async () => {
    await start({ appId: '11111111-2222-3333-4444-555555555555' });
    assert.ok(!logger.lines.some((l) => l.event === 'local_mode'));
    const res = await post(activity({ text: 'hallo', deliveryMode: 'expectReplies' }));
    assert.equal(res.status, 401);
    assert.equal(bot.turns, 0);
  });
});
