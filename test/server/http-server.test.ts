import assert from 'node:assert/strict';
import { createMemoryLogger } from '../../src/observability/logger.js';
import type { ActivityEnvelope } from '../../src/server/activity-envelope.js';
import { createHttpServer, type ActivityProcessor, type HttpServer, type ProcessOutcome } from '../../src/server/http-server.js';

interface FakeContext {
  body: unknown;
}

/** A stand-in for the bot floor: echoes the checked activity as an invoke body, optionally held until released. */
class FakeAdapter implements ActivityProcessor<FakeContext> {
  calls = 0;
  hold: Promise<void> | undefined;
  async processActivity(_auth: string, activity: ActivityEnvelope, logic: (context: FakeContext) => Promise<void>): Promise<ProcessOutcome> {
    this.calls++;
    await logic({ body: activity });
    if (this.hold) await this.hold;
    return { kind: 'done', invokeResponse: { status: 200, body: { echoed: activity } } };
  }
}

/** A valid Teams-shaped activity whose answer goes in the HTTP response. */
function activity(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/',
    from: { id: '29:user' },
    conversation: { id: 'a:1' },
    deliveryMode: 'expectReplies',
    ...extra,
  };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('http-server', () => {
  let server: HttpServer;
  let base: string;
  let adapter: FakeAdapter;
  let ready: () => Promise<void>;
  const turns: unknown[] = [];
  const logger = createMemoryLogger();

  beforeEach(async () => {
    adapter = new FakeAdapter();
    ready = async () => {};
    turns.length = 0;
    server = createHttpServer<FakeContext>({
      adapter,
      bot: {
        run: async (context) => {
          turns.push(context.body);
        },
        refuse: async () => {},
        refusalBody: () => ({}),
      },
      readiness: () => ready(),
      readinessTimeoutMs: 300,
      logger,
    });
    const { port } = await server.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${port}`;
  });

  afterEach(async () => {
    await server.close(100);
  });

  it('GET /healthz answers 200 {status: ok}', async () => {
    const res = await fetch(`${base}/healthz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  it('GET /readyz is 200 when readiness resolves, 503 when it rejects or hangs', async () => {
    assert.equal((await fetch(`${base}/readyz`)).status, 200);
    ready = async () => {
      throw new Error('store down');
    };
    const down = await fetch(`${base}/readyz`);
    assert.equal(down.status, 503);
    assert.deepEqual(await down.json(), { status: 'unavailable' });
    ready = () => new Promise<void>(() => {});
    assert.equal((await fetch(`${base}/readyz`)).status, 503);
  });

  it('POST /api/messages passes the parsed body to the adapter and runs the bot', async () => {
    const res = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity({ text: 'hallo' })),
    });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { echoed: activity({ text: 'hallo' }) });
    assert.deepEqual(turns, [activity({ text: 'hallo' })]);
  });

  it('malformed JSON is a 400 with a JSON error body, no stack, no echo, adapter not called', async () => {
    const res = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type": "message", "text": "geheim',
    });
    assert.equal(res.status, 400);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    const text = await res.text();
    assert.deepEqual(JSON.parse(text), { error: { code: 'MalformedJson', message: 'Malformed JSON body' } });
    assert.doesNotMatch(text, /geheim|stack|at /);
    assert.equal(adapter.calls, 0);
  });

  it('a body over the size limit is a 413 with a JSON body', async () => {
    const res = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity({ text: 'x'.repeat(1024 * 1024 + 10) })),
    });
    assert.equal(res.status, 413);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'PayloadTooLarge');
  });

  it('unknown routes are 404 and every request is logged without bodies', async () => {
    assert.equal((await fetch(`${base}/nope`)).status, 404);
    await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity({ text: 'vertraulich' })),
    });
    const lines = logger.lines.filter((l) => l.event === 'http_request');
    assert.ok(lines.some((l) => l.route === '/api/messages' && l.status === 200 && typeof l.durationMs === 'number'));
    assert.ok(lines.some((l) => l.route === 'unmatched' && l.status === 404));
    assert.doesNotMatch(JSON.stringify(logger.lines), /vertraulich/);
  });

  it('close(grace) stops accepting, waits for the request in flight, then closes', async () => {
    const gate = deferred();
    adapter.hold = gate.promise;
    const pending = fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity()),
    });
    while (server.inFlight() === 0 || adapter.calls === 0) await new Promise((r) => setTimeout(r, 5));
    assert.equal(server.inFlight(), 2, 'one HTTP request, one turn in work');

    let closed = false;
    const closing = server.close(5000).then(() => {
      closed = true;
    });
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(closed, false, 'close must wait for the in-flight turn');
    await assert.rejects(fetch(`${base}/healthz`), 'no new connections while closing');

    gate.resolve();
    const res = await pending;
    assert.equal(res.status, 200);
    await res.json();
    await closing;
    assert.equal(closed, true);
    assert.equal(server.inFlight(), 0);
  });

  it('close(grace) gives up on a stuck request after the grace period', async () => {
    adapter.hold = new Promise<void>(() => {});
    const pending = fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity()),
    }).catch((err: unknown) => err);
    while (server.inFlight() === 0 || adapter.calls === 0) await new Promise((r) => setTimeout(r, 5));
    const started = Date.now();
    await server.close(150);
    assert.ok(Date.now() - started >= 140);
    assert.ok((await pending) instanceof Error, 'the stuck request is cut off');
  });
});
