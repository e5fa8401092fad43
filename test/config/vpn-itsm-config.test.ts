/** The configuration of the service desk, the VPN knowledge base and the ITSM hand-over (src/config/config.ts). */
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config/config.js';

const GRAPH = {
  GRAPH_TENANT_ID: 'contoso.onmicrosoft.com',
  GRAPH_CLIENT_ID: '00000000-0000-0000-0000-0000000000aa',
  GRAPH_CLIENT_SECRET: 'secret',
};
const MEMBER_A = 'AAAAAAAA-0000-0000-0000-000000000001';
const MEMBER_B = 'bbbbbbbb-0000-0000-0000-000000000002';
const GROUP = 'CCCCCCCC-0000-0000-0000-000000000003';
const ZAMMAD = { ITSM: 'zammad', ZAMMAD_URL: 'https://servicedesk.kreis-beispiel.de/', ZAMMAD_TOKEN: 'zammad-token-value' };
const WEBHOOK = { ITSM: 'webhook', ITSM_WEBHOOK_URL: 'https://itsm.kreis-beispiel.de/hooks/teams', ITSM_WEBHOOK_SECRET: 'sixteen-chars-ok!' };

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected ConfigError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a ConfigError');
}

const namesOf = (err: ConfigError): string[] => [...new Set(err.problems.map((p) => p.name))].sort();

describe('configuration of the service desk, the VPN knowledge base and the ITSM hand-over', () => {
  it('hands nothing over and knows no desk members by default', () => {
    const c = loadConfig({});
    assert.deepEqual(c.itsm, { kind: 'none' });
    assert.equal(c.itsmPollMinutes, 10);
    assert.deepEqual(c.serviceDesk, { memberIds: [] });
    assert.equal(c.vpnKnowledgeBaseFile, 'samples/vpn-knowledge-base.yaml');
  });

  it('reads the desk channel, the member list (lower-case, no duplicates) and the Entra group', () => {
    const c = loadConfig({
      ...GRAPH,
      SERVICE_DESK_CONVERSATION_ID: '19:desk@thread.tacv2',
      SERVICE_DESK_MEMBERS: ` ${MEMBER_A}, ${MEMBER_B},${MEMBER_A.toLowerCase()} ,`,
      SERVICE_DESK_GROUP_ID: GROUP,
      VPN_KNOWLEDGE_BASE_FILE: 'config/kb.yaml',
    });
    assert.deepEqual(c.serviceDesk, {
      conversationId: '19:desk@thread.tacv2',
      memberIds: [MEMBER_A.toLowerCase(), MEMBER_B],
      groupId: GROUP.toLowerCase(),
    });
    assert.equal(c.serviceDeskConversationId, '19:desk@thread.tacv2');
    assert.equal(c.vpnKnowledgeBaseFile, 'config/kb.yaml');
  });

  it('reads Zammad with the default group and an optional fallback customer', () => {
    assert.deepEqual(loadConfig(ZAMMAD).itsm, {
      kind: 'zammad',
      url: 'https://servicedesk.kreis-beispiel.de',
      token: 'zammad-token-value',
      group: 'Service Desk',
    });
    const c = loadConfig({ ...ZAMMAD, ZAMMAD_GROUP: 'VPN 2nd Level', ZAMMAD_CUSTOMER: 'it-service@kreis-beispiel.de', ITSM_POLL_MINUTES: '5' });
    assert.deepEqual(c.itsm, {
      kind: 'zammad',
      url: 'https://servicedesk.kreis-beispiel.de',
      token: 'zammad-token-value',
      group: 'VPN 2nd Level',
      customer: 'it-service@kreis-beispiel.de',
    });
    assert.equal(c.itsmPollMinutes, 5);
  });

  it('reads the webhook with and without a state URL', () => {
    assert.deepEqual(loadConfig(WEBHOOK).itsm, { kind: 'webhook', url: WEBHOOK.ITSM_WEBHOOK_URL, secret: WEBHOOK.ITSM_WEBHOOK_SECRET });
    const c = loadConfig({ ...WEBHOOK, ITSM_WEBHOOK_STATE_URL: 'https://itsm.kreis-beispiel.de/tickets/{ref}/state' });
    assert.deepEqual(c.itsm, {
      kind: 'webhook',
      url: WEBHOOK.ITSM_WEBHOOK_URL,
      secret: WEBHOOK.ITSM_WEBHOOK_SECRET,
      stateUrl: 'https://itsm.kreis-beispiel.de/tickets/{ref}/state',
    });
  });

  it('ignores the variables of the tool not chosen when ITSM is set explicitly', () => {
    assert.deepEqual(loadConfig({ ...ZAMMAD, ITSM: 'none' }).itsm, { kind: 'none' });
    assert.equal(loadConfig({ ...WEBHOOK, ZAMMAD_URL: 'https://zammad.example.de' }).itsm.kind, 'webhook');
  });

  it('requires the Zammad address and token when ITSM is zammad, naming the missing ones', () => {
    const err = configError({ ITSM: 'zammad' });
    assert.deepEqual(namesOf(err), ['ZAMMAD_TOKEN', 'ZAMMAD_URL']);
    assert.match(err.message, /^ZAMMAD_URL: required when ITSM is zammad$/m);
    assert.deepEqual(namesOf(configError({ ITSM: 'zammad', ZAMMAD_URL: 'https://z.example.de' })), ['ZAMMAD_TOKEN']);
  });

  it('requires the webhook address and secret when ITSM is webhook, naming the missing ones', () => {
    const err = configError({ ITSM: 'webhook', ITSM_WEBHOOK_STATE_URL: 'https://x.example.de/{ref}' });
    assert.deepEqual(namesOf(err), ['ITSM_WEBHOOK_SECRET', 'ITSM_WEBHOOK_URL']);
    assert.match(err.message, /^ITSM_WEBHOOK_SECRET: required when ITSM is webhook$/m);
  });

  it('refuses Zammad or webhook settings without ITSM instead of silently keeping tickets in Teams', () => {
    const err = configError({ ZAMMAD_URL: 'https://z.example.de', ZAMMAD_TOKEN: 't', ITSM_WEBHOOK_URL: 'https://w.example.de' });
    assert.deepEqual(namesOf(err), ['ITSM_WEBHOOK_URL', 'ZAMMAD_TOKEN', 'ZAMMAD_URL']);
    assert.match(err.message, /^ZAMMAD_URL: is set but ITSM is not: set ITSM=zammad/m);
    assert.match(err.message, /^ITSM_WEBHOOK_URL: is set but ITSM is not: set ITSM=webhook/m);
  });

  it('lists a missing Zammad token together with an unrelated wrong value', () => {
    const err = configError({ ITSM: 'zammad', ZAMMAD_URL: 'https://z.example.de', PORT: 'x' });
    assert.deepEqual(namesOf(err), ['PORT', 'ZAMMAD_TOKEN']);
  });

  it('needs the Graph credentials for the Entra group of the desk', () => {
    const err = configError({ SERVICE_DESK_GROUP_ID: GROUP });
    assert.deepEqual(namesOf(err), ['SERVICE_DESK_GROUP_ID']);
    assert.match(err.message, /^SERVICE_DESK_GROUP_ID: needs GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET/m);
    assert.deepEqual(loadConfig({ SERVICE_DESK_MEMBERS: MEMBER_B }).serviceDesk.memberIds, [MEMBER_B], 'a static list needs no Graph');
  });

  it('never repeats the Zammad token or the webhook secret', () => {
    const err = configError({ ...WEBHOOK, ITSM_WEBHOOK_SECRET: 'TopSecret', ZAMMAD_TOKEN: 'TokenValue42' });
    assert.doesNotMatch(err.message, /TopSecret|TokenValue42/);
  });

  describe('names each wrong variable', () => {
    const cases: Array<[string, Record<string, string>, RegExp]> = [
      ['ITSM', { ITSM: 'otrs' }, /must be one of none, zammad, webhook \(got "otrs"\)/],
      ['ZAMMAD_URL', { ...ZAMMAD, ZAMMAD_URL: 'servicedesk.example.de' }, /must be an http\(s\) URL/],
      ['ZAMMAD_CUSTOMER', { ...ZAMMAD, ZAMMAD_CUSTOMER: 'it-service' }, /must be an e-mail address/],
      ['ITSM_WEBHOOK_URL', { ...WEBHOOK, ITSM_WEBHOOK_URL: 'ftp://itsm.example.de' }, /must be an http\(s\) URL/],
      ['ITSM_WEBHOOK_SECRET', { ...WEBHOOK, ITSM_WEBHOOK_SECRET: 'too-short' }, /must be at least 16 characters long/],
      ['ITSM_WEBHOOK_STATE_URL', { ...WEBHOOK, ITSM_WEBHOOK_STATE_URL: 'https://itsm.example.de/tickets' }, /must contain \{ref\}/],
      ['ITSM_WEBHOOK_STATE_URL', { ...WEBHOOK, ITSM_WEBHOOK_STATE_URL: 'itsm/{ref}' }, /must be an http\(s\) URL/],
      ['ITSM_POLL_MINUTES', { ITSM_POLL_MINUTES: '0' }, /must be at least 1/],
      ['ITSM_POLL_MINUTES', { ITSM_POLL_MINUTES: '1441' }, /must be at most 1440/],
      ['ITSM_POLL_MINUTES', { ITSM_POLL_MINUTES: '2.5' }, /must be a whole number/],
      ['SERVICE_DESK_MEMBERS', { SERVICE_DESK_MEMBERS: `${MEMBER_A},erika.muster` }, /entry 2 is not an Entra object id \(GUID\) \(got "erika\.muster"\)/],
      ['SERVICE_DESK_GROUP_ID', { ...GRAPH, SERVICE_DESK_GROUP_ID: 'Service-Desk' }, /must be a GUID/],
    ];
    for (const [name, env, reason] of cases) {
      it(`${name} = ${JSON.stringify(env[name])}`, () => {
        const err = configError(env);
        assert.deepEqual(namesOf(err), [name]);
        assert.ok(err.problems.some((p) => reason.test(p.reason)), err.message);
      });
    }
  });
});
