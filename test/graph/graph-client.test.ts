/**
 * The Graph client against the local fake Graph: shapes, idempotent creates, error mapping to the
 * outbox's semantics, one attempt per call, the per-mailbox limit and $batch retries of 429 items.
 */
import assert from 'node:assert/strict';
import { createGraphClient, splitBaseUrl, type GraphClient } from '../../src/graph/graph-client.js';
import { GraphRequestError } from '../../src/graph/graph-errors.js';
import { FakeGraph } from '../fakes/fake-graph.js';

const USER = '00000000-0000-0000-0000-000000000003';
const OTHER = '00000000-0000-0000-0000-000000000004';

const allDay = {
  subject: 'Mobiles Arbeiten',
  showAs: 'workingElsewhere' as const,
  isAllDay: true,
  start: { dateTime: '2026-12-01T00:00:00', timeZone: 'Europe/Berlin' },
  end: { dateTime: '2026-12-02T00:00:00', timeZone: 'Europe/Berlin' },
  categories: ['Mobiles Arbeiten'],
};

async function rejection(p: Promise<unknown>): Promise<GraphRequestError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof GraphRequestError, `expected GraphRequestError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the call to fail');
}

describe('Graph client', () => {
  let graph: FakeGraph;
  let client: GraphClient;
  const sleeps: number[] = [];

  let baseUrl: string;
  /** A short time-out only where a test waits for one; elsewhere a busy machine must not trip it. */
  const clientWith = (timeoutMs: number) =>
    createGraphClient({
      baseUrl,
      tenantId: 'contoso.onmicrosoft.com',
      clientId: '00000000-0000-0000-0000-0000000000aa',
      clientSecret: 'not-used-against-http-hosts',
      timeoutMs,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });

  beforeEach(async () => {
    graph = new FakeGraph();
    baseUrl = await graph.start();
    sleeps.length = 0;
    client = clientWith(10_000);
  });

  afterEach(async () => {
    await graph.stop();
  });

  it('splits the configured base URL into host and version', () => {
    assert.deepEqual(splitBaseUrl('https://graph.microsoft.com/v1.0'), { host: 'https://graph.microsoft.com', version: 'v1.0' });
    assert.deepEqual(splitBaseUrl('http://127.0.0.1:4000/graph/beta'), { host: 'http://127.0.0.1:4000/graph', version: 'beta' });
  });

  it('creates an event, reads it back, and sends no token to a local http host', async () => {
    const created = await client.createEvent(USER, { ...allDay, transactionId: 'mwb-t1' });
    assert.match(created.id ?? '', /^AAMk/);
    const read = await client.getEvent(USER, created.id ?? '');
    assert.equal(read?.subject, 'Mobiles Arbeiten');
    assert.equal(read?.showAs, 'workingElsewhere');
    assert.deepEqual(graph.authorizations, []);
  });

  it('returns the existing event when a create is repeated with the same transactionId', async () => {
    const first = await client.createEvent(USER, { ...allDay, transactionId: 'mwb-same' });
    const second = await client.createEvent(USER, { ...allDay, transactionId: 'mwb-same' });
    assert.equal(second.id, first.id);
    assert.equal(graph.events(USER).length, 1);
  });

  it('maps 429 with Retry-After to retryAfterMs and makes exactly one attempt', async () => {
    graph.failNext(1, 429, { 'Retry-After': '7' });
    const e = await rejection(client.createEvent(USER, allDay));
    assert.equal(e.status, 429);
    assert.equal(e.retryAfterMs, 7000);
    assert.equal(e.permanent, false);
    assert.equal(graph.requests.length, 1, 'no retry inside the client');
    assert.equal(graph.events(USER).length, 0);
  });

  it('maps 503 and 504 to retryable errors with Retry-After and other 5xx to transient ones', async () => {
    graph.failNext(1, 503, { 'Retry-After': '2' });
    graph.failNext(1, 504);
    graph.failNext(1, 500);
    const e503 = await rejection(client.get(`/users/${USER}/events`));
    const e504 = await rejection(client.get(`/users/${USER}/events`));
    const e500 = await rejection(client.get(`/users/${USER}/events`));
    assert.equal(e503.retryAfterMs, 2000);
    assert.equal(e504.retryAfterMs, undefined);
    assert.deepEqual([e503.permanent, e504.permanent, e500.permanent], [false, false, false]);
    assert.equal(e500.kind, 'server');
  });

  it('marks 400, 401 and 403 as permanent, keeping Graph\'s error code', async () => {
    graph.failNext(1, 400);
    graph.failNext(1, 401);
    graph.failNext(1, 403);
    const errors = [
      await rejection(client.createEvent(USER, allDay)),
      await rejection(client.createEvent(USER, allDay)),
      await rejection(client.createEvent(USER, allDay)),
    ];
    assert.deepEqual(errors.map((e) => [e.status, e.permanent]), [[400, true], [401, true], [403, true]]);
    assert.equal(errors[2]?.code, 'ErrorAccessDenied');
  });

  it('treats a 404 on delete as already gone and a 404 on get as absent', async () => {
    assert.equal(await client.deleteEvent(USER, 'AAMkMissing='), 'already-gone');
    assert.equal(await client.getEvent(USER, 'AAMkMissing='), undefined);
    const created = await client.createEvent(USER, allDay);
    assert.equal(await client.deleteEvent(USER, created.id ?? ''), 'deleted');
    assert.equal(graph.events(USER).length, 0);
  });

  it('reports a create whose answer never comes as a transient timeout, and the retry finds the stored event', async () => {
    graph.createThenTimeout(1);
    const e = await rejection(clientWith(300).createEvent(USER, { ...allDay, transactionId: 'mwb-timeout' }));
    assert.equal(e.kind, 'timeout');
    assert.equal(e.permanent, false);
    assert.equal(graph.events(USER).length, 1, 'Graph created it anyway');
    const again = await client.createEvent(USER, { ...allDay, transactionId: 'mwb-timeout' });
    assert.equal(again.id, graph.events(USER)[0]?.id);
    assert.equal(graph.events(USER).length, 1);
  });

  it('reports a dropped connection and a Graph that is down as transient network errors', async () => {
    graph.dropConnections(1);
    const dropped = await rejection(client.getEvent(USER, 'x'));
    assert.deepEqual([dropped.kind, dropped.status, dropped.permanent], ['network', 0, false]);
    graph.down();
    const down = await rejection(client.getEvent(USER, 'x'));
    assert.equal(down.kind, 'network');
    graph.up();
    assert.equal(await client.getEvent(USER, 'x'), undefined);
  });

  it('keeps at most 4 requests in flight per mailbox while other mailboxes proceed', async () => {
    graph.slow(60);
    graph.limitMailboxConcurrency(4);
    await Promise.all([
      ...Array.from({ length: 10 }, () => client.getEvent(USER, 'x')),
      ...Array.from({ length: 4 }, () => client.getEvent(OTHER, 'x')),
    ]);
    assert.equal(graph.peakConcurrency.get(USER), 4);
    assert.equal(graph.peakConcurrency.get(OTHER), 4);
    assert.ok(graph.requests.every((r) => r.status === 404), 'no request was throttled for concurrency');
  });

  it('lists a calendar view across pages, filtered by category', async () => {
    for (let i = 0; i < 130; i++) graph.addEvent(USER, { ...allDay, subject: `e${i}` });
    graph.addEvent(USER, { ...allDay, subject: 'private', categories: ['Privat'] });
    const events = await client.listCalendarView(USER, '2026-11-30T00:00:00Z', '2026-12-03T00:00:00Z', {
      filter: "categories/any(c:c eq 'Mobiles Arbeiten')",
      select: ['id', 'subject', 'categories'],
    });
    assert.equal(events.length, 130);
    assert.ok(events.every((e) => e.categories?.includes('Mobiles Arbeiten')));
  });

  it('re-sends only the $batch items answered 429, after their Retry-After', async () => {
    graph.failNextBatchItems(2, 429, { 'Retry-After': '3' });
    const answers = await client.batch(
      ['a', 'b', 'c'].map((id) => ({ id, method: 'POST' as const, url: `/users/${USER}/events`, body: { ...allDay, transactionId: `mwb-batch-${id}` } })),
    );
    assert.deepEqual(answers.map((a) => [a.id, a.status]), [['a', 201], ['b', 201], ['c', 201]]);
    assert.deepEqual(sleeps, [3000]);
    assert.equal(graph.events(USER).length, 3);
    const batchItems = graph.requests.filter((r) => r.inBatch);
    assert.deepEqual(batchItems.map((r) => r.status), [429, 429, 201, 201, 201]);
  });

  it('returns a 429 batch item to the caller when Graph asks to wait longer than the batch may', async () => {
    graph.failNextBatchItems(1, 429, { 'Retry-After': '120' });
    const [answer] = await client.batch([{ id: '1', method: 'GET', url: `/users/${USER}/calendarView?startDateTime=2026-12-01T00:00:00Z&endDateTime=2026-12-02T00:00:00Z` }]);
    assert.equal(answer?.status, 429);
    assert.deepEqual(sleeps, []);
  });

  it('refuses a $batch of more than 20 requests', async () => {
    const many = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET' as const, url: `/users/${USER}/events/x` }));
    await assert.rejects(client.batch(many), RangeError);
  });

});
