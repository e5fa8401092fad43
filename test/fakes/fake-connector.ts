/**
 * A local Bot Connector (the REST API botbuilder's ConnectorClient calls), on node:http.
 *
 *   POST /v3/conversations                                       → { id: 'conversation-N' }
 *   POST /v3/conversations/:conversationId/activities            → { id: 'activity-N' }
 *   POST /v3/conversations/:conversationId/activities/:replyToId → { id: 'activity-N' }
 *   PUT  /v3/conversations/:conversationId/activities/:activityId → { id }
 *
 * Failures can be injected: `failNext(n, status, headers, body)` for the next n activity requests,
 * `failRate(p, status)` for a (seeded) random share of them, `throttle({ count, perMs })` refuses
 * (429, Retry-After) what arrives above a rate, as Teams does per app. Other faults (time-outs,
 * dropped connections, stretches of 503) come from a `FaultProxy` in front (fault-proxy.ts).
 * `arrivals()` / `maxArrivalsWithin(ms)` count what reached the connector, per second.
 */
import { closeServer, listenOnLoopback } from './loopback-server.js';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface RecordedActivity {
  conversationId: string;
  /** Set for replies (POST .../activities/:replyToId) and updates (PUT). */
  activityId?: string;
  /** The id the fake assigned (sends) or echoed (updates). */
  id: string;
  activity: Record<string, unknown>;
  authorization?: string;
  at: number;
}

export interface RecordedConversation {
  id: string;
  parameters: Record<string, unknown>;
}

interface Failure {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export const MESSAGE_WRITES_BLOCKED = { error: { code: 'MessageWritesBlocked', message: 'Thread is blocked from message writes.' } };

export class FakeConnector {
  readonly sent: RecordedActivity[] = [];
  readonly updates: RecordedActivity[] = [];
  readonly conversations: RecordedConversation[] = [];
  /** Every request seen (method + path + status), failures included. */
  readonly requests: Array<{ method: string; path: string; status: number; at: number }> = [];
  /** Arrival times (ms) of every activity request (send or update, refused or not). */
  private readonly arrivalTimes: number[] = [];
  private throttling: { count: number; perMs: number; retryAfterSeconds: number } | undefined;

  private server: Server | undefined;
  private counter = 0;
  private failures: Failure[] = [];
  private rate: { p: number; failure: Failure; random: () => number; maxInARow: number; streaks: Map<string, number> } | undefined;
  private waiters: Array<() => void> = [];

  async start(): Promise<string> {
    const server = createServer((req, res) => {
      void this.handle(req, res).catch((err: unknown) => {
        res.statusCode = 500;
        res.end(JSON.stringify({ error: { code: 'FakeConnectorError', message: String(err) } }));
      });
    });
    this.server = server;
    const port = await listenOnLoopback(server);
    return `http://127.0.0.1:${port}/`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await closeServer(server);
  }

  /** The next `n` activity requests fail with `status` (default body depends on the status). */
  failNext(n: number, status: number, headers: Record<string, string> = {}, body?: unknown): void {
    for (let i = 0; i < n; i++) this.failures.push({ status, headers, body: body ?? defaultBody(status) });
  }

  /**
   * Each activity request fails with probability p (429 gets `Retry-After: 1`); 0 turns it off.
   * The draws come from a seeded generator (the same sequence every run), and with `maxInARow` one
   * conversation is refused at most that many times in a row (a real throttle lets a retry through
   * eventually; without the cap a rare streak would dead-letter a job and make a test flaky).
   */
  failRate(p: number, status: number, headers?: Record<string, string>, body?: unknown, options: { seed?: number; maxInARow?: number } = {}): void {
    this.rate =
      p > 0
        ? {
            p,
            failure: { status, headers: headers ?? (status === 429 ? { 'Retry-After': '1' } : {}), body: body ?? defaultBody(status) },
            random: seeded(options.seed ?? 42),
            maxInARow: options.maxInARow ?? Number.POSITIVE_INFINITY,
            streaks: new Map(),
          }
        : undefined;
  }

  /** Refuse with 429 (Retry-After) every activity request beyond `count` arrivals in the last `perMs`. */
  throttle(limit: { count: number; perMs: number } | undefined, retryAfterSeconds = 1): void {
    this.throttling = limit && { ...limit, retryAfterSeconds };
  }

  /** Arrival times (ms, Date.now) of the activity requests since the last reset. */
  arrivals(): number[] {
    return [...this.arrivalTimes];
  }

  /** The most activity requests that arrived within any `ms` (half-open window starting at an arrival). */
  maxArrivalsWithin(ms: number, from = 0): number {
    const times = this.arrivalTimes.filter((t) => t >= from);
    let max = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (j < times.length && times[j]! < times[i]! + ms) j++;
      max = Math.max(max, j - i);
    }
    return max;
  }

  reset(): void {
    this.arrivalTimes.length = 0;
    this.throttling = undefined;
    this.sent.length = 0;
    this.updates.length = 0;
    this.conversations.length = 0;
    this.requests.length = 0;
    this.failures = [];
    this.rate = undefined;
  }

  /** Resolves once `predicate` holds (checked after every recorded request), or rejects after timeoutMs. */
  async waitFor(predicate: (fake: FakeConnector) => boolean, timeoutMs = 2000): Promise<void> {
    if (predicate(this)) return;
    await new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (predicate(this)) {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== check);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`FakeConnector.waitFor timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(check);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const text = await readBody(req);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      this.requests.push({ method, path, status, at: Date.now() });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body === undefined ? '' : JSON.stringify(body));
      for (const waiter of [...this.waiters]) waiter();
    };
    const segments = path.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
    if (segments[0] !== 'v3' || segments[1] !== 'conversations') {
      reply(404, { error: { code: 'NotFound', message: 'Unknown route' } });
      return;
    }
    let json: Record<string, unknown>;
    try {
      json = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
    } catch {
      reply(400, { error: { code: 'BadSyntax', message: 'Invalid JSON' } });
      return;
    }

    if (method === 'POST' && segments.length === 2) {
      const id = `conversation-${++this.counter}`;
      this.conversations.push({ id, parameters: json });
      reply(200, { id, serviceUrl: undefined, activityId: undefined });
      return;
    }
    const conversationId = segments[2];
    if (conversationId === undefined || segments[3] !== 'activities' || segments.length > 5) {
      reply(404, { error: { code: 'NotFound', message: 'Unknown route' } });
      return;
    }
    const arrivedAt = Date.now();
    this.arrivalTimes.push(arrivedAt);
    const failure = this.nextFailure(conversationId) ?? this.throttled(arrivedAt);
    if (failure) {
      reply(failure.status, failure.body, failure.headers);
      return;
    }
    const activityId = segments[4];
    const authorization = req.headers.authorization;
    if (method === 'POST') {
      const id = `activity-${++this.counter}`;
      this.sent.push({ conversationId, activityId, id, activity: json, authorization, at: Date.now() });
      reply(200, { id });
      return;
    }
    if (method === 'PUT' && activityId !== undefined) {
      this.updates.push({ conversationId, activityId, id: activityId, activity: json, authorization, at: Date.now() });
      reply(200, { id: activityId });
      return;
    }
    reply(405, { error: { code: 'MethodNotAllowed', message: method } });
  }

  private throttled(at: number): Failure | undefined {
    const limit = this.throttling;
    if (!limit) return undefined;
    let inWindow = 0;
    for (let i = this.arrivalTimes.length - 1; i >= 0 && this.arrivalTimes[i]! > at - limit.perMs; i--) inWindow++;
    if (inWindow <= limit.count) return undefined;
    return { status: 429, headers: { 'Retry-After': String(limit.retryAfterSeconds) }, body: defaultBody(429) };
  }

  private nextFailure(conversationId: string): Failure | undefined {
    const next = this.failures.shift();
    if (next) return next;
    const rate = this.rate;
    if (!rate) return undefined;
    const streak = rate.streaks.get(conversationId) ?? 0;
    if (rate.random() < rate.p && streak < rate.maxInARow) {
      rate.streaks.set(conversationId, streak + 1);
      return rate.failure;
    }
    rate.streaks.delete(conversationId);
    return undefined;
  }
}

/** mulberry32: a small seeded generator, uniform in [0, 1). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function defaultBody(status: number): unknown {
  if (status === 403) return MESSAGE_WRITES_BLOCKED;
  if (status === 404) return { error: { code: 'ConversationNotFound', message: 'Conversation not found.' } };
  if (status === 429) return { error: { code: 'Throttled', message: 'Too many requests.' } };
  return { error: { code: 'ServiceError', message: `Injected failure ${status}` } };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
