/**
 * Service-desk membership (src/vpn/desk-membership.ts): the static list ∪ the transitive members
 * of an Entra group, read from the fake Graph with paging, cached, and the last good list (or the
 * static list) when Graph is down.
 */
import assert from 'node:assert/strict';
import { createGraphClient } from '../../src/graph/graph-client.js';
import { createMemoryLogger } from '../../src/observability/logger.js';
import { createServiceDeskMembership, type ServiceDeskMembershipOptions } from '../../src/vpn/desk-membership.js';
import { FakeGraph } from '../fakes/fake-graph.js';

const GROUP = 'dddddddd-0000-0000-0000-000000000001';
const STATIC_A = 'aaaaaaaa-0000-0000-0000-000000000001';
const STATIC_B = 'aaaaaaaa-0000-0000-0000-000000000002';
const OUTSIDER = 'ffffffff-0000-0000-0000-000000000001';
const member = (i: number): string => `bbbbbbbb-0000-0000-0000-${String(i).padStart(12, '0')}`;
/** More than one page of 999. */
const GROUP_MEMBERS = Array.from({ length: 1200 }, (_, i) => member(i + 1));

describe('service-desk membership', function () {
  this.timeout(20_000);
  let fake: FakeGraph;
  let now: number;
  let logger: ReturnType<typeof createMemoryLogger>;
  let options: ServiceDeskMembershipOptions;

  beforeEach(async () => {
    fake = new FakeGraph();
    await fake.start();
    fake.setGroupMembers(GROUP, GROUP_MEMBERS);
    now = Date.parse('2026-03-12T08:00:00Z');
    logger = createMemoryLogger();
    const graph = createGraphClient({ baseUrl: fake.url, tenantId: 'contoso.onmicrosoft.com', clientId: '00000000-0000-0000-0000-0000000000aa', clientSecret: 'x', timeoutMs: 2000 });
    options = { memberIds: [STATIC_A, STATIC_B.toUpperCase()], groupId: GROUP, graph, cacheMinutes: 5, now: () => new Date(now), logger };
  });
  afterEach(() => fake.stop());

  const groupCalls = () => fake.requests.filter((r) => r.path.startsWith('/groups/'));

  it('knows the static list without Graph', async () => {
    const desk = createServiceDeskMembership({ memberIds: [STATIC_A, STATIC_B.toUpperCase()] });
    assert.equal(await desk.isMember(STATIC_A), true);
    assert.equal(await desk.isMember(STATIC_B), true, 'ids compared without case');
    assert.equal(await desk.isMember(STATIC_A.toUpperCase()), true);
    assert.equal(await desk.isMember(OUTSIDER), false);
    assert.deepEqual(await desk.memberIds(), [STATIC_A, STATIC_B]);
    assert.equal(fake.requests.length, 0);
  });

  it('adds the transitive members of the Entra group, read over two pages', async () => {
    const desk = createServiceDeskMembership(options);
    assert.equal(await desk.isMember(member(1)), true);
    assert.equal(await desk.isMember(member(1200)), true, 'only on the second page');
    assert.equal(await desk.isMember(member(1201)), false);
    assert.equal(await desk.isMember(OUTSIDER), false);

    const calls = groupCalls();
    assert.equal(calls.length, 2, 'two pages');
    assert.ok(calls.every((c) => c.status === 200 && c.path === `/groups/${GROUP}/transitiveMembers/microsoft.graph.user`));
    const all = await desk.memberIds();
    assert.equal(all.length, 1202);
    assert.deepEqual(all.slice(0, 3), [STATIC_A, STATIC_B, member(1)], 'static ids first');
    assert.deepEqual(await desk.memberIds(2), [STATIC_A, STATIC_B]);
  });

  it('asks for ids only, 999 per page, with the header the user cast needs', async () => {
    let seen: { query: URLSearchParams; headers: Record<string, string> } | undefined;
    fake.route('GET', /^\/groups\/([^/]+)\/transitiveMembers\/microsoft\.graph\.user$/, (ctx) => {
      seen ??= { query: ctx.query, headers: ctx.headers };
      return { status: 200, body: { value: [{ '@odata.type': '#microsoft.graph.user', id: member(7).toUpperCase() }] } };
    });
    const desk = createServiceDeskMembership(options);
    assert.equal(await desk.isMember(member(7)), true, 'ids from Graph compared without case');
    assert.equal(seen?.query.get('$select'), 'id');
    assert.equal(seen?.query.get('$top'), '999');
    assert.equal(seen?.headers['consistencylevel'], 'eventual');
  });

  it('reads the group once within cacheMinutes and again after', async () => {
    const desk = createServiceDeskMembership(options);
    await Promise.all([desk.isMember(member(5)), desk.isMember(member(6)), desk.memberIds()]);
    assert.equal(groupCalls().length, 2, 'concurrent callers share one read');
    now += 4 * 60_000;
    assert.equal(await desk.isMember(member(5)), true);
    assert.equal(groupCalls().length, 2, 'no second Graph read within 5 minutes');

    fake.setGroupMembers(GROUP, [member(1), OUTSIDER]);
    assert.equal(await desk.isMember(OUTSIDER), false, 'still the cached list');
    now += 60_000;
    assert.equal(await desk.isMember(OUTSIDER), true, 'read again after 5 minutes');
    assert.equal(await desk.isMember(member(5)), false, 'removed from the group');
    assert.equal(groupCalls().length, 3);
  });

  it('keeps the last good list when Graph is down, and warns', async () => {
    const desk = createServiceDeskMembership(options);
    assert.equal(await desk.isMember(member(3)), true);
    fake.down(503, { 'Retry-After': '30' });
    now += 6 * 60_000;
    assert.equal(await desk.isMember(member(3)), true, 'last good list');
    assert.equal(await desk.isMember(STATIC_A), true);
    assert.equal(await desk.isMember(OUTSIDER), false);
    assert.equal((await desk.memberIds()).length, 1202);
    const warnings = logger.lines.filter((l) => l['event'] === 'service_desk_group_unavailable');
    assert.equal(warnings.length, 1, 'one failed read, then a pause before the next');
    assert.equal(warnings[0]!['usingLastGood'], true);
    assert.equal(warnings[0]!['status'], 503);

    fake.up();
    now += 61_000;
    fake.setGroupMembers(GROUP, [member(1)]);
    assert.equal(await desk.isMember(member(3)), false, 'Graph back: the new list');
  });

  it('when Graph never answered, only the static list counts and nobody gets an error', async () => {
    fake.down();
    const desk = createServiceDeskMembership(options);
    assert.equal(await desk.isMember(STATIC_B), true);
    assert.equal(await desk.isMember(member(1)), false);
    assert.deepEqual(await desk.memberIds(), [STATIC_A, STATIC_B]);
    assert.equal(logger.lines.filter((l) => l['event'] === 'service_desk_group_unavailable')[0]?.['usingLastGood'], false);
  });

  it('an unknown group (404) is logged and leaves the static list', async () => {
    const desk = createServiceDeskMembership({ ...options, groupId: 'eeeeeeee-0000-0000-0000-000000000009' });
    assert.equal(await desk.isMember(member(1)), false);
    assert.equal(await desk.isMember(STATIC_A), true);
    assert.equal(logger.lines.find((l) => l['event'] === 'service_desk_group_unavailable')?.['status'], 404);
  });
});
