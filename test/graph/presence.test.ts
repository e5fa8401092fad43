/**
 * Presence through the fake Graph: batches of 650 ids, a 60-s cache, availability words.
 */
import assert from 'node:assert/strict';
import { createGraphClient } from '../../src/graph/graph-client.js';
import { availabilityWord, PresenceReader, setStatusMessage } from '../../src/graph/presence.js';
import { FakeGraph } from '../fakes/fake-graph.js';
import { installCalendarRoutes, type CalendarRoutes } from './subscription-fake-routes.js';

const id = (n: number) => `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`;

describe('presence (Graph, app-only)', () => {
  let fake: FakeGraph;
  let routes: CalendarRoutes;
  let reader: PresenceReader;
  let now = 0;
  const client = () =>
    createGraphClient({ baseUrl: fake.url, tenantId: 'contoso.onmicrosoft.com', clientId: '00000000-0000-0000-0000-0000000000aa', clientSecret: 'x' });

  beforeEach(async () => {
    fake = new FakeGraph();
    await fake.start();
    routes = installCalendarRoutes(fake);
    now = 1_000_000;
    reader = new PresenceReader(client(), { now: () => now });
  });
  afterEach(() => fake.stop());

  const presenceCalls = () => fake.requests.filter((r) => r.path === '/communications/getPresencesByUserId');

  it('when 700 people are asked for, then two requests (650 + 50) answer all of them', async () => {
    routes.presences.set(id(1), { availability: 'Busy', activity: 'InACall' });
    const ids = Array.from({ length: 700 }, (_, i) => id(i + 1));
    const result = await reader.readPresences(ids);
    const calls = presenceCalls();
    assert.equal(calls.length, 2);
    assert.deepEqual(calls.map((c) => (c.body as { ids: string[] }).ids.length), [650, 50]);
    assert.equal(result.size, 700);
    assert.equal(result.get(id(1))?.availability, 'Busy');
    assert.equal(availabilityWord(result.get(id(1))), 'busy');
    assert.equal(availabilityWord(result.get(id(2))), undefined, 'PresenceUnknown has no word');
  });

  it('when asked again within 60 s, then the cache answers; after 60 s Graph is asked again', async () => {
    routes.presences.set(id(1), { availability: 'Available', activity: 'Available' });
    await reader.readPresences([id(1), id(2)]);
    now += 59_000;
    await reader.readPresences([id(2), id(1)]);
    assert.equal(presenceCalls().length, 1);
    now += 2_000;
    routes.presences.set(id(1), { availability: 'Away', activity: 'Away' });
    const again = await reader.readPresences([id(1)]);
    assert.equal(presenceCalls().length, 2);
    assert.equal(availabilityWord(again.get(id(1))), 'away');
  });

  it('sets a status message with an expiry', async () => {
    let seen: unknown;
    fake.route('POST', /^\/users\/([^/]+)\/presence\/setStatusMessage$/, ({ body }) => {
      seen = body;
      return { status: 200 };
    });
    await setStatusMessage(client(), id(3), 'Heute mobil erreichbar', '2026-12-01T23:00:00.000Z');
    assert.deepEqual(seen, {
      statusMessage: { message: { content: 'Heute mobil erreichbar', contentType: 'text' }, expiryDateTime: { dateTime: '2026-12-01T23:00:00.000', timeZone: 'UTC' } },
    });
  });
});
