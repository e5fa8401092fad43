/**
 * The token path with the production client settings: the real bot process (`src/index.ts`) signs
 * in by client credentials (ClientSecretCredential → MSAL) against a local Entra ID over HTTPS
 * (GRAPH_AUTHORITY_HOST) and calls a local Graph over HTTPS (GRAPH_BASE_URL) that accepts only the
 * bearer tokens that Entra issued. Both trust the test CA through NODE_EXTRA_CA_CERTS.
 *
 * A refused client secret (401 invalid_client) stops the Graph lane: named once in the log and on
 * /readyz, a few probe sign-ins instead of eight per job, and it resumes once the secret is right.
 * A token without application permissions is named (not blocking: Exchange RBAC for Applications
 * alone may grant the access), and the mailboxes refused for it are counted.
 */
import assert from 'node:assert/strict';
import { FakeEntra, TEST_CA_FILE, testTls } from '../fakes/fake-entra.js';
import { FakeGraph } from '../fakes/fake-graph.js';
import { cleanUp, spawnBot, tempDir } from '../process/bot-process.js';
import { freePort, installCalendarRoutes } from './subscription-fake-routes.js';

const CLIENT_ID = '00000000-0000-0000-0000-0000000000aa';

describe('Graph token path with the production client (bot process, HTTPS Entra and Graph fakes)', function () {
  this.timeout(120_000);
  let entra: FakeEntra;
  let graph: FakeGraph;

  beforeEach(async () => {
    entra = new FakeEntra();
    entra.clientId = CLIENT_ID;
    entra.secret = 'the-right-secret';
    await entra.start();
    graph = new FakeGraph();
    await graph.start({ tls: testTls() });
    graph.requireToken((token) => entra.issued.has(token));
    installCalendarRoutes(graph);
  });
  afterEach(async () => {
    await cleanUp();
    await graph.stop();
    await entra.stop();
  });

  async function startWithSecret(secret: string) {
    const port = await freePort();
    const env = {
      PORT: String(port),
      DATA_DIR: await tempDir(),
      LOG_LEVEL: 'info',
      OUTBOX_POLL_MS: '50',
      OUTBOX_BLOCKED_PROBE_MS: '400',
      GRAPH_BASE_URL: graph.url,
      GRAPH_AUTHORITY_HOST: entra.url,
      GRAPH_TENANT_ID: 'contoso.onmicrosoft.com',
      GRAPH_CLIENT_ID: CLIENT_ID,
      GRAPH_CLIENT_SECRET: secret,
      GRAPH_NOTIFICATION_URL: `http://127.0.0.1:${port}/api/graph/notifications`,
      NODE_EXTRA_CA_CERTS: TEST_CA_FILE,
    };
    const bot = spawnBot(env);
    await bot.waitForEvent('started', 45_000); // a cold tsx start on a busy machine
    return { bot, baseUrl: `http://127.0.0.1:${port}` };
  }

  it('with the right secret, then every Graph call carries an Entra token and subscriptions are made', async () => {
    const { bot } = await startWithSecret('the-right-secret');
    await bot.waitForEvent('graph_subscriptions', 20_000);
    assert.ok(graph.requests.some((r) => r.path === '/subscriptions' && r.status === 201), 'subscriptions created');
    assert.ok(graph.authorizations.length > 0 && graph.authorizations.every((a) => entra.issued.has(a.replace(/^Bearer /, ''))));
    assert.ok(entra.tokenRequests <= 2, `the token is cached (${entra.tokenRequests} sign-ins)`);
  });

  it('when Entra refuses the secret (401 invalid_client), then the Graph lane stops, is named once in the log and on /readyz, and resumes when fixed', async () => {
    const { bot, baseUrl } = await startWithSecret('an-expired-secret');
    const blocked = await bot.waitForEvent('graph_blocked', 20_000);
    assert.equal(blocked.code, 'invalid_client');
    await bot.waitForEvent('outbox_lane_blocked', 10_000);
    const ready = (await (await fetch(`${baseUrl}/readyz`)).json()) as {
      status: string;
      details: { graph: { status: string; code: string }; blockedLanes: Array<{ lane: string; code: string }> };
    };
    assert.equal(ready.status, 'ready', 'Teams work goes on');
    assert.equal(ready.details.graph.status, 'blocked');
    assert.equal(ready.details.graph.code, 'invalid_client');
    assert.deepEqual(ready.details.blockedLanes.map((l) => [l.lane, l.code]), [['graph-reads', 'invalid_client']]);
    const before = entra.refusals;
    await new Promise((resolve) => setTimeout(resolve, 1500)); // probes after 0.4 s, then 0.8 s
    assert.ok(entra.refusals - before <= 3, `a probe now and then, not eight tries per job (${entra.refusals - before} in 1.5 s)`);
    assert.equal(bot.logs().filter((l) => l.event === 'graph_blocked').length, 1, 'named once');
    assert.ok(!bot.logs().some((l) => l.event === 'outbox_job_dead'), 'no job dead-lettered for it');
    assert.ok(!bot.stdout().includes('an-expired-secret'), 'the secret is never logged');

    entra.secret = 'an-expired-secret'; // the administrator fixes it in the tenant
    await bot.waitForEvent('outbox_lane_resumed', 20_000);
    await bot.waitForEvent('graph_unblocked', 5000);
    await bot.waitForEvent('graph_subscriptions', 20_000);
    assert.ok(graph.requests.some((r) => r.path === '/subscriptions' && r.status === 201), 'subscriptions created after the fix');
    const after = (await (await fetch(`${baseUrl}/readyz`)).json()) as { details: { graph: { status: string }; blockedLanes?: unknown } };
    assert.equal(after.details.graph.status, 'ok');
    assert.equal(after.details.blockedLanes, undefined);
  });

  it('when the token carries no application permission, then that is named once in the log and on /readyz, and the refused mailboxes are counted', async () => {
    entra.roles = [];
    // Without consent (and without an RBAC assignment) Exchange refuses every mailbox.
    graph.route('POST', /^\/subscriptions$/, () => ({ status: 403, body: { error: { code: 'ErrorAccessDenied', message: 'Access is denied. Check credentials and try again.' } } }));
    const { bot, baseUrl } = await startWithSecret('the-right-secret');
    await bot.waitForEvent('graph_subscriptions', 20_000);
    assert.equal(bot.logs().filter((l) => l.event === 'graph_token_without_roles').length, 1);
    const ready = (await (await fetch(`${baseUrl}/readyz`)).json()) as { details: { graph: { status: string; tokenWithoutRoles?: boolean; mailboxesRefused: number } } };
    assert.equal(ready.details.graph.tokenWithoutRoles, true);
    assert.ok(ready.details.graph.mailboxesRefused >= 8, `every mailbox refused and counted (${ready.details.graph.mailboxesRefused})`);
    assert.equal(ready.details.graph.status, 'ok', 'not blocking: with Exchange RBAC alone, mailboxes in scope would work');
  });
});
