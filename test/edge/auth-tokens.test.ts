/**
 * Authentication with real tokens: the bot runs with an app id, the keys that sign incoming tokens
 * come from a local OpenID/JWKS server (BOT_OPENID_METADATA_URL, for tests only), and every token
 * is checked by botbuilder's own code. A valid token from an allowed tenant is served; every kind
 * of forged, broken or misdirected token is refused with 401 (a foreign tenant with 403), with a
 * short JSON body, no library text, and nothing stored.
 */
import assert from 'node:assert/strict';
import { PEOPLE, startHarness, TENANT, type Harness } from '../support/app-harness.js';
import { storeFingerprint } from '../support/store-fingerprint.js';
import { FakeOpenId } from '../fakes/fake-openid.js';

const APP_ID = '9a8b7c6d-1111-2222-3333-444455556666';
const OTHER_TENANT = '99999999-8888-7777-6666-555555555555';

describe('authentication with real Bot Framework tokens (local OpenID/JWKS server)', function () {
  let openId: FakeOpenId;
  let h: Harness;

  before(async () => {
    openId = new FakeOpenId();
    await openId.start();
    h = await startHarness({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'not-used-for-incoming-tokens',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: TENANT,
      ALLOWED_TENANTS: TENANT,
      BOT_OPENID_METADATA_URL: openId.url,
    }, {}, new Date());
  });
  after(async () => {
    await h.close();
    await openId.stop();
  });

  const activity = (tenant = TENANT, serviceUrl = h.serviceUrl): Record<string, unknown> => ({
    type: 'message',
    id: `act-${Math.random()}`,
    channelId: 'msteams',
    serviceUrl,
    text: 'hilfe',
    locale: 'de-DE',
    deliveryMode: 'expectReplies',
    from: { id: `29:teams-${PEOPLE.employee}`, aadObjectId: PEOPLE.employee },
    recipient: { id: `28:${APP_ID}` },
    conversation: { id: `a:personal-${PEOPLE.employee}`, conversationType: 'personal', tenantId: tenant },
    channelData: { tenant: { id: tenant } },
  });

  const send = async (authorization: string | undefined, body = activity()): Promise<{ status: number; text: string }> => {
    const res = await fetch(`${h.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization !== undefined ? { authorization } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, text: await res.text() };
  };
  const claims = (extra: Record<string, unknown> = {}) => ({ ...FakeOpenId.channelClaims(APP_ID, h.serviceUrl), ...extra });
  const now = () => Math.floor(Date.now() / 1000);

  it('when a valid token from an allowed tenant arrives, then the turn runs and answers with the menu', async () => {
    const res = await send(`Bearer ${openId.token(claims())}`);
    assert.equal(res.status, 200, res.text);
    const body = JSON.parse(res.text) as { activities: Array<{ attachments?: unknown[] }> };
    assert.equal(body.activities.length, 1);
    assert.ok(openId.requests >= 2, 'the keys were fetched from the local key service');
  });

  const refusals: Array<[string, () => string | undefined, number]> = [
    ['no Authorization header', () => undefined, 401],
    ['an empty header', () => '', 401],
    ['garbage instead of a token', () => 'Bearer not-a-token', 401],
    ['a Basic header', () => 'Basic dXNlcjpwYXNz', 401],
    ['alg: none (unsigned)', () => `Bearer ${openId.token(claims(), { alg: 'none' })}`, 401],
    ['alg: HS256 (symmetric)', () => `Bearer ${openId.token(claims(), { alg: 'HS256' })}`, 401],
    ['signed with a key that is not published, same kid', () => `Bearer ${openId.token(claims(), { foreignKey: true })}`, 401],
    ['a key id that is not published', () => `Bearer ${openId.token(claims(), { kid: 'unknown-key' })}`, 401],
    ['the wrong audience', () => `Bearer ${openId.token(claims({ aud: '00000000-0000-0000-0000-00000000beef' }))}`, 401],
    ['the wrong issuer', () => `Bearer ${openId.token(claims({ iss: 'https://evil.example' }))}`, 401],
    ['expired an hour ago', () => `Bearer ${openId.token(claims({ exp: now() - 3600, nbf: now() - 7200 }))}`, 401],
    ['not valid for another hour', () => `Bearer ${openId.token(claims({ nbf: now() + 3600, exp: now() + 7200 }))}`, 401],
    ['a serviceurl claim for another address', () => `Bearer ${openId.token(claims({ serviceurl: 'https://smba.example/' }))}`, 401],
    ['a token cut in half', () => `Bearer ${openId.token(claims()).slice(0, 80)}`, 401],
  ];

  for (const [what, header, status] of refusals) {
    it(`when the token is ${what}, then ${status} with a short JSON error and nothing is stored`, async () => {
      const before = await storeFingerprint(h.dataDir);
      const res = await send(header());
      assert.equal(res.status, status, res.text);
      assert.deepEqual(JSON.parse(res.text), { error: { code: 'Unauthorized', message: 'A valid Bot Framework token is required' } });
      assert.equal(await storeFingerprint(h.dataDir), before, 'store unchanged');
    });
  }

  it('when a valid token comes from a tenant that is not on the allow-list, then 403 and nothing is stored', async () => {
    const before = await storeFingerprint(h.dataDir);
    const res = await send(`Bearer ${openId.token(claims())}`, activity(OTHER_TENANT));
    assert.equal(res.status, 403, res.text);
    assert.equal((JSON.parse(res.text) as { error: { code: string } }).error.code, 'Forbidden');
    assert.equal(await storeFingerprint(h.dataDir), before);
  });

  it('refused tokens leave no library text or stack in the log', () => {
    const log = JSON.stringify(h.logger.lines);
    assert.doesNotMatch(log, /invalid signature|Unauthorized Access|BEGIN RSA|\bat [^ ]+:\d+:\d+/);
    assert.ok(h.logger.lines.filter((l) => l.event === 'messages_unauthorized').length >= refusals.length);
  });
});
