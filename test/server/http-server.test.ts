import assert from 'node:assert/strict';
import type { Request, Response } from 'restify';
import { createMemoryLogger } from '../../src/observability/logger.js';
import { createHttpServer, type ActivityProcessor, type HttpServer } from '../../src/server/http-server.js';

interface FakeContext {
  body: unknown;
}

/** A stand-in for CloudAdapter: echoes the parsed body, optionally held until released. */
class FakeAdapter implements ActivityProcessor<FakeContext> {
  calls = 0;
  hold: Promise<void> | undefined;
  async process(req: Request, res: Response, logic: (context: FakeContext) => Promise<void>): Promise<void> {
    this.calls++;
    await logic({ body: req.body as unknown });
    if (this.hold) await this.hold;
    res.status(200);
    res.send({ echoed: req.body as unknown });
    res.end();
  }
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
      body: JSON.stringify({ type: 'message', text: 'hallo' }),
    });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { echoed: { type: 'message', text: 'hallo' } });
    assert.deepEqual(turns, [{ type: 'message', text: 'hallo' }]);
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
    assert.deepEqual(JSON.parse(text), { error: { code: 'BadRequest', message: 'Malformed JSON body' } });
    assert.doesNotMatch(text, /geheim|stack|at /);
    assert.equal(adapter.calls, 0);
  });

  it('a body over the size limit is a 413 with a JSON body', async () => {
    const res = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'x'.repeat(1024 * 1024 + 10) }),
    });
    assert.equal(res.status, 413);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'PayloadTooLarge');
  });

  it('unknown routes are 404 and every request is logged without bodies', async () => {
    assert.equal((await fetch(`${base}/nope`)).status, 404);
    await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'vertraulich' }),
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
      body: JSON.stringify({ type: 'message' }),
    });
    while (server.inFlight() === 0 || adapter.calls === 0) await new Promise((r) => setTimeout(r, 5));
    assert.equal(server.inFlight(), 1);

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
      body: JSON.stringify({ type: 'message' }),
    }).catch((err: unknown) => err);
    while (server.inFlight() === 0 || adapter.calls === 0) await new Promise((r) => setTimeout(r, 5));
    const started = Date.now();
    await server.close(150);
    assert.ok(Date.now() - started >= 140);
    assert.ok((await pending) instanceof Error, 'the stuck request is cut off');
  });
});
