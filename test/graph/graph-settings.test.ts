/**
 * Graph settings checked at start (national clouds, hosts the client sends tokens to, deployment
 * id), the per-mailbox rate (10,000 requests per 10 minutes) and reading Entra's refusals.
 */
import assert from 'node:assert/strict';
import { ConfigError, defaultDeploymentId, loadConfig } from '../../src/config/config.js';
import { lacksApplicationPermissions, refusedTokenCode } from '../../src/graph/graph-client.js';
import { MailboxRate } from '../../src/graph/mailbox-limiter.js';

const GRAPH = { GRAPH_TENANT_ID: 'contoso.onmicrosoft.com', GRAPH_CLIENT_ID: '00000000-0000-0000-0000-0000000000aa', GRAPH_CLIENT_SECRET: 's' };

function problems(env: Record<string, string>): string {
  try {
    loadConfig(env);
    return '';
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    return e.message;
  }
}

describe('Graph settings at start', () => {
  const cases: Array<[string, Record<string, string>, RegExp | '']> = [
    ['the public cloud needs no authority host', { ...GRAPH }, ''],
    ['US Government without its authority host', { ...GRAPH, GRAPH_BASE_URL: 'https://graph.microsoft.us/v1.0' }, /GRAPH_AUTHORITY_HOST.*login\.microsoftonline\.us/],
    ['US Government with it', { ...GRAPH, GRAPH_BASE_URL: 'https://graph.microsoft.us/v1.0', GRAPH_AUTHORITY_HOST: 'https://login.microsoftonline.us' }, ''],
    ['China with the global authority', { ...GRAPH, GRAPH_BASE_URL: 'https://microsoftgraph.chinacloudapi.cn/v1.0', GRAPH_AUTHORITY_HOST: 'https://login.microsoftonline.com' }, /login\.chinacloudapi\.cn/],
    ['a host the client sends no token to', { ...GRAPH, GRAPH_BASE_URL: 'https://graph-proxy.kreis.local/v1.0' }, /GRAPH_BASE_URL.*token/],
    ['Graph over plain http', { ...GRAPH, GRAPH_BASE_URL: 'http://graph.microsoft.com/v1.0' }, /GRAPH_BASE_URL/],
    ['a local test Graph', { ...GRAPH, GRAPH_BASE_URL: 'http://127.0.0.1:4711/v1.0' }, ''],
    ['an authority that is not an https host', { ...GRAPH, GRAPH_AUTHORITY_HOST: 'login.microsoftonline.com' }, /GRAPH_AUTHORITY_HOST/],
    ['a deployment id with capitals', { ...GRAPH, GRAPH_DEPLOYMENT_ID: 'Prod' }, /GRAPH_DEPLOYMENT_ID/],
  ];
  for (const [name, env, expected] of cases) {
    it(`${name}: ${expected === '' ? 'accepted' : 'refused, naming the variable'}`, () => {
      const message = problems(env);
      if (expected === '') assert.equal(message, '');
      else assert.match(message, expected);
    });
  }

  it('derives a stable deployment id from the app id, different per app', () => {
    const a = defaultDeploymentId('11111111-1111-1111-1111-111111111111');
    assert.equal(a, defaultDeploymentId('11111111-1111-1111-1111-111111111111'.toUpperCase()));
    assert.notEqual(a, defaultDeploymentId('22222222-2222-2222-2222-222222222222'));
    assert.match(a, /^[a-z0-9]{1,16}$/);
    assert.equal(loadConfig({ ...GRAPH, GRAPH_DEPLOYMENT_ID: 'staging' }).graphDeploymentId, 'staging');
  });
});

describe('per-mailbox rate (Outlook: 10,000 per 10 minutes)', () => {
  it('lets the limit through, refuses the next with the time until the window frees, and counts per mailbox', () => {
    const rate = new MailboxRate(5, 10_000);
    const t0 = 1_000_000;
    for (let i = 0; i < 5; i++) assert.equal(rate.take(['anna'], t0 + i * 100), 0);
    const wait = rate.take(['Anna'], t0 + 600);
    assert.ok(wait > 0 && wait <= 10_000, `wait ${wait}`);
    assert.equal(rate.take(['markus'], t0 + 600), 0, 'another mailbox is not affected');
    assert.equal(rate.take(['anna'], t0 + 600 + wait), 0, 'free again once the window moved on');
  });
});

describe("reading Entra's refusals", () => {
  const cases: Array<[string, string | undefined]> = [
    ['invalid_client: Error(s): 7000215 - Description: AADSTS7000215: Invalid client secret provided.', 'invalid_client'],
    ['unauthorized_client: AADSTS700016: Application was not found in the directory', 'unauthorized_client'],
    ['AADSTS90002: Tenant not found', 'TOKEN_REFUSED'],
    ['network_error: Network request failed (ECONNREFUSED)', undefined],
    ['getaddrinfo ENOTFOUND login.microsoftonline.com', undefined],
  ];
  for (const [message, code] of cases) it(`${message.slice(0, 40)}… → ${String(code)}`, () => assert.equal(refusedTokenCode(message), code));

  it('tells a token without application permissions', () => {
    const jwt = (payload: unknown) => `e30.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.x`;
    assert.equal(lacksApplicationPermissions(jwt({ roles: ['Calendars.ReadWrite'] })), false);
    assert.equal(lacksApplicationPermissions(jwt({ appid: 'x' })), true);
    assert.equal(lacksApplicationPermissions('opaque-token'), false, 'an unreadable token is not judged');
  });
});
