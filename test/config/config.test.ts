import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { ConfigError, loadConfig, VARIABLE_NAMES, botFrameworkSettings } from '../../src/config/config.js';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const TENANT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const OTHER_TENANT = 'ffffffff-bbbb-cccc-dddd-eeeeeeeeeeee';

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected ConfigError, got ${String(e)}`);
    assert.equal(e.code, 'CONFIG_INVALID');
    return e;
  }
  assert.fail('expected a ConfigError');
}

function namesOf(err: ConfigError): string[] {
  return [...new Set(err.problems.map((p) => p.name))].sort();
}

describe('configuration from environment variables', () => {
  it('runs in local mode with every default when nothing is set', () => {
    const config = loadConfig({});
    assert.deepEqual(config, {
      localMode: true,
      microsoftAppType: 'SingleTenant',
      allowedTenants: [],
      port: 3978,
      host: '127.0.0.1',
      maxConcurrentTurns: 64,
      maxQueuedTurns: 256,
      rateLimitBurst: 20,
      rateLimitPerSecond: 5,
      dataDir: './data',
      store: 'lowdb',
      policyFile: 'policies/kitzingen-like.yaml',
      directoryFile: 'samples/directory.yaml',
      desksFile: 'samples/desks.yaml',
      graphBaseUrl: 'https://graph.microsoft.com/v1.0',
      graphDeploymentId: 'local',
      graphPresence: false,
      graphStatusMessage: false,
      graphDirectory: false,
      graphDepartmentMap: {},
      serviceDesk: { memberIds: [] },
      itsm: { kind: 'none' },
      itsmPollMinutes: 10,
      vpnKnowledgeBaseFile: 'samples/vpn-knowledge-base.yaml',
      logLevel: 'info',
      defaultLocale: 'de',
      outboxPollMs: 1000,
      proactiveRatePerSecond: 30,
      proactiveTimeoutMs: 30000,
      outboxBlockedProbeMs: 60000,
      reminderCheckMs: 60000,
      shutdownGraceMs: 10000,
    });
  });

  it('when no app id is set, then the bot listens on 127.0.0.1 only, unless HOST says otherwise; with an app id on every interface', () => {
    assert.equal(loadConfig({}).host, '127.0.0.1');
    assert.equal(loadConfig({ HOST: '0.0.0.0' }).host, '0.0.0.0');
    const withApp = { MicrosoftAppId: '11111111-2222-3333-4444-555555555555', MicrosoftAppPassword: 'x', MicrosoftAppTenantId: '11111111-2222-3333-4444-555555555555' };
    assert.equal(loadConfig(withApp).host, undefined);
    assert.equal(loadConfig({ ...withApp, HOST: '10.0.0.5' }).host, '10.0.0.5');
    assert.throws(() => loadConfig({ HOST: 'not a host!' }), (e: ConfigError) => namesOf(e).includes('HOST'));
  });

  it('when BOT_OPENID_METADATA_URL is set without an app id, then the start is refused naming it (it is for token tests only)', () => {
    assert.throws(() => loadConfig({ BOT_OPENID_METADATA_URL: 'http://127.0.0.1:1/meta' }), (e: ConfigError) => namesOf(e).includes('BOT_OPENID_METADATA_URL'));
  });

  it('treats empty and blank strings as unset', () => {
    const config = loadConfig({ PORT: '', STORE: '  ', MicrosoftAppId: '', LOG_LEVEL: '' });
    assert.equal(config.port, 3978);
    assert.equal(config.store, 'lowdb');
    assert.equal(config.localMode, true);
  });

  it('reads a complete single-tenant production setup', () => {
    const config = loadConfig({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'secret',
      MicrosoftAppTenantId: TENANT,
      PORT: '8080',
      STORE: 'postgres',
      DATABASE_URL: 'postgres://bot:pw@db:5432/bot',
      GRAPH_TENANT_ID: TENANT,
      GRAPH_CLIENT_ID: APP_ID,
      GRAPH_CLIENT_SECRET: 'graph-secret',
      GRAPH_BASE_URL: 'http://127.0.0.1:9000/v1.0/',
      DESKS_FILE: 'samples/desks.yaml',
      SERVICE_DESK_CONVERSATION_ID: '19:abc@thread.tacv2',
      LOG_LEVEL: 'debug',
      DEFAULT_LOCALE: 'en',
      OUTBOX_POLL_MS: '250',
    });
    assert.equal(config.localMode, false);
    assert.equal(config.microsoftAppType, 'SingleTenant');
    assert.deepEqual(config.allowedTenants, [TENANT], 'allow-list defaults to the app tenant');
    assert.equal(config.port, 8080);
    assert.equal(config.databaseUrl, 'postgres://bot:pw@db:5432/bot');
    assert.deepEqual(config.graph, { tenantId: TENANT, clientId: APP_ID, clientSecret: 'graph-secret', authorityHost: 'https://login.microsoftonline.com' });
    assert.equal(config.graphBaseUrl, 'http://127.0.0.1:9000/v1.0');
    assert.equal(config.desksFile, 'samples/desks.yaml');
    assert.equal(config.outboxPollMs, 250);
    assert.deepEqual(botFrameworkSettings(config), {
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'secret',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: TENANT,
    });
  });

  it('reads a multi-tenant bot with an explicit allow-list', () => {
    const config = loadConfig({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'secret',
      MicrosoftAppType: 'MultiTenant',
      ALLOWED_TENANTS: ` ${TENANT.toUpperCase()} , ${OTHER_TENANT},`,
    });
    assert.deepEqual(config.allowedTenants, [TENANT, OTHER_TENANT]);
  });

  describe('names each wrong variable', () => {
    const cases: Array<[string, NodeJS.ProcessEnv, RegExp]> = [
      ['MicrosoftAppId', { MicrosoftAppId: 'my-bot', MicrosoftAppPassword: 's', MicrosoftAppTenantId: TENANT }, /must be a GUID/],
      ['MicrosoftAppType', { MicrosoftAppType: 'Single' }, /must be one of MultiTenant, SingleTenant, UserAssignedMSI/],
      ['MicrosoftAppTenantId', { MicrosoftAppTenantId: 'contoso' }, /must be a GUID/],
      ['PORT', { PORT: 'abc' }, /must be a whole number \(got "abc"\)/],
      ['PORT', { PORT: '70000' }, /must be at most 65535/],
      ['PORT', { PORT: '-1' }, /must be a whole number/],
      ['STORE', { STORE: 'sqlite' }, /must be one of lowdb, postgres/],
      ['DATABASE_URL', { STORE: 'postgres', DATABASE_URL: 'mysql://u:pw@h/db' }, /postgres:\/\//],
      ['GRAPH_BASE_URL', { GRAPH_BASE_URL: 'graph.microsoft.com' }, /must be an http\(s\) URL/],
      ['GRAPH_CLIENT_ID', { GRAPH_TENANT_ID: TENANT, GRAPH_CLIENT_ID: 'x', GRAPH_CLIENT_SECRET: 's' }, /must be a GUID/],
      ['ALLOWED_TENANTS', { ALLOWED_TENANTS: `${TENANT},contoso` }, /entry 2 is not a tenant GUID \(got "contoso"\)/],
      ['LOG_LEVEL', { LOG_LEVEL: 'verbose' }, /must be one of debug, info, warn, error/],
      ['DEFAULT_LOCALE', { DEFAULT_LOCALE: 'fr' }, /must be one of de, en/],
      ['OUTBOX_POLL_MS', { OUTBOX_POLL_MS: '1s' }, /must be a whole number/],
      ['PROACTIVE_RATE_PER_SECOND', { PROACTIVE_RATE_PER_SECOND: '0' }, /must be at least 1/],
      ['PROACTIVE_TIMEOUT_MS', { PROACTIVE_TIMEOUT_MS: '30s' }, /must be a whole number/],
      ['REMINDER_CHECK_MS', { REMINDER_CHECK_MS: '-5' }, /must be a whole number/],
      ['SHUTDOWN_GRACE_MS', { SHUTDOWN_GRACE_MS: '1.5' }, /must be a whole number/],
    ];
    for (const [name, env, reason] of cases) {
      it(`${name} = ${JSON.stringify(env[name])}`, () => {
        const err = configError(env);
        assert.deepEqual(namesOf(err), [name]);
        assert.match(err.message, new RegExp(`^${name}: `, 'm'));
        assert.ok(err.problems.some((p) => reason.test(p.reason)), err.message);
      });
    }
  });

  it('lists several wrong variables at once, one line each', () => {
    const err = configError({ PORT: 'x', STORE: 'mongo', LOG_LEVEL: 'loud', GRAPH_BASE_URL: 'nope', DEFAULT_LOCALE: 'it' });
    assert.deepEqual(namesOf(err), ['DEFAULT_LOCALE', 'GRAPH_BASE_URL', 'LOG_LEVEL', 'PORT', 'STORE']);
    const lines = err.message.split('\n').slice(1);
    assert.equal(lines.length, 5);
    for (const line of lines) assert.match(line, /^[A-Za-z_]+: .+/);
  });

  it('lists a wrong value together with a missing dependent variable', () => {
    const err = configError({ PORT: 'x', STORE: 'postgres' });
    assert.deepEqual(namesOf(err), ['DATABASE_URL', 'PORT']);
  });

  it('requires DATABASE_URL for the postgres store', () => {
    const err = configError({ STORE: 'postgres' });
    assert.deepEqual(err.problems, [{ name: 'DATABASE_URL', reason: 'required when STORE is postgres' }]);
  });

  it('never repeats a database URL, which may hold a password', () => {
    const err = configError({ STORE: 'postgres', DATABASE_URL: 'mysql://bot:TopSecret@db/bot' });
    assert.doesNotMatch(err.message, /TopSecret/);
  });

  it('requires the tenant and the secret of a single-tenant app id', () => {
    const err = configError({ MicrosoftAppId: APP_ID });
    assert.deepEqual(namesOf(err), ['ALLOWED_TENANTS', 'MicrosoftAppPassword', 'MicrosoftAppTenantId']);
    assert.match(err.message, /^MicrosoftAppTenantId: required when MicrosoftAppId is set and MicrosoftAppType is SingleTenant$/m);
  });

  it('requires an allow-list for a multi-tenant app id without a tenant', () => {
    const err = configError({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 's', MicrosoftAppType: 'MultiTenant' });
    assert.deepEqual(namesOf(err), ['ALLOWED_TENANTS']);
  });

  it('needs no password for a user-assigned managed identity', () => {
    const config = loadConfig({ MicrosoftAppId: APP_ID, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: TENANT });
    assert.equal(config.microsoftAppPassword, undefined);
    assert.deepEqual(config.allowedTenants, [TENANT]);
  });

  it('refuses a password without an app id instead of silently running without authentication', () => {
    const err = configError({ MicrosoftAppPassword: 'secret' });
    assert.deepEqual(namesOf(err), ['MicrosoftAppId']);
    assert.doesNotMatch(err.message, /secret"/);
  });

  it('requires all three Graph variables or none, naming the missing ones', () => {
    const err = configError({ GRAPH_CLIENT_ID: APP_ID });
    assert.deepEqual(namesOf(err), ['GRAPH_CLIENT_SECRET', 'GRAPH_TENANT_ID']);
    assert.match(err.message, /^GRAPH_TENANT_ID: required because GRAPH_CLIENT_ID is set \(set all three or none\)$/m);
  });

  it('accepts a tenant domain for Graph', () => {
    const config = loadConfig({ GRAPH_TENANT_ID: 'musterkreis.onmicrosoft.com', GRAPH_CLIENT_ID: APP_ID, GRAPH_CLIENT_SECRET: 's' });
    assert.equal(config.graph?.tenantId, 'musterkreis.onmicrosoft.com');
  });

  it('.env.example documents every variable, and only those', async () => {
    const text = await readFile('.env.example', 'utf8');
    const documented = [...text.matchAll(/^([A-Za-z_]+)=/gm)].map((m) => m[1]).sort();
    assert.deepEqual(documented, [...VARIABLE_NAMES].sort());
    assert.doesNotThrow(() => loadConfig(Object.fromEntries(Array.from(text.matchAll(/^([A-Za-z_]+)=(.*)$/gm), (m) => [m[1], m[2]]))));
  });
});
