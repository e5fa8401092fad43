/**
 * A fault-injecting HTTP proxy for the local fakes (Bot Connector, Graph, Zammad): put it between
 * the product and a fake, point the product at `proxy.url`, and schedule faults per path pattern
 * for a number of requests or a stretch of time. Requests with no active fault are forwarded
 * unchanged (method, path, query, headers, body) and the fake's answer is passed back, so the
 * fakes themselves need no fault code.
 *
 * Faults (what the product sees / whether the fake sees the request):
 *   status      an HTTP answer from the proxy, e.g. 429 + Retry-After, 500, 503, 403
 *               MessageWritesBlocked                                     not forwarded
 *   drop        the connection is destroyed before anything is sent back  not forwarded
 *   timeout     no answer ever (until the product gives up or the proxy stops) not forwarded
 *   drop-after  forwarded, the fake acts on it, then the connection is destroyed instead of
 *               answering: "did it happen?" is unknown to the product    forwarded
 *   delay       forwarded after `ms`                                       forwarded
 *
 * A rule applies while it is active: from `inject()` until `times` matching requests had it, or
 * `forMs` passed, or `end()` — the first of these. The first active matching rule wins (in the
 * order injected). Everything is counted: per rule (`hits`) and overall (`log`, `counts()`).
 */
import { closeServer, listenOnLoopback } from './loopback-server.js';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export type Fault =
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown }
  | { kind: 'drop' }
  | { kind: 'timeout' }
  | { kind: 'drop-after' }
  | { kind: 'delay'; ms: number };

export type FaultKind = Fault['kind'];

export interface FaultRule {
  fault: Fault;
  /** Matched against the path with query (e.g. `/v3/conversations/a%3Ax/activities`); default any. */
  path?: RegExp;
  method?: string;
  /** At most this many matching requests get the fault (default: no limit). */
  times?: number;
  /** Active for this many ms of real time after `inject` (default: no limit). */
  forMs?: number;
}

export interface FaultHandle {
  readonly rule: FaultRule;
  /** Matching requests that got the fault so far. */
  readonly hits: number;
  readonly active: boolean;
  /** Ends the stretch now. */
  end(): void;
}

export interface ProxiedRequest {
  method: string;
  path: string;
  /** The fault applied, or undefined when forwarded unchanged. */
  fault?: FaultKind;
  /** The fake's status when forwarded and answered. */
  status?: number;
  at: number;
}

/** Standard bodies: Teams' blocked-bot answer and a Graph/Zammad-like throttling error. */
export const FAULT_BODIES = {
  messageWritesBlocked: { error: { code: 'MessageWritesBlocked', message: 'Thread is blocked from message writes.' } },
  throttled: { error: { code: 'TooManyRequests', message: 'Too many requests.' } },
  unavailable: { error: { code: 'ServiceUnavailable', message: 'The service is temporarily unavailable.' } },
};

class Handle implements FaultHandle {
  hits = 0;
  private ended = false;
  private readonly until: number;
  constructor(readonly rule: FaultRule) {
    this.until = rule.forMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + rule.forMs;
  }
  get active(): boolean {
    return !this.ended && (this.rule.times === undefined || this.hits < this.rule.times) && Date.now() < this.until;
  }
  matches(method: string, path: string): boolean {
    return this.active && (this.rule.method === undefined || this.rule.method.toUpperCase() === method) && (this.rule.path === undefined || this.rule.path.test(path));
  }
  end(): void {
    this.ended = true;
  }
}

export class FaultProxy {
  readonly log: ProxiedRequest[] = [];
  private readonly rules: Handle[] = [];
  private readonly hanging = new Set<ServerResponse>();
  private server: Server | undefined;
  private waiters: Array<() => void> = [];
  private readonly upstream: URL;
  /** The proxy's base URL: the upstream's with the proxy's host and port (same path prefix). */
  url = '';

  /** `upstream`: the fake's base URL, e.g. `http://127.0.0.1:4711/v1.0`. */
  constructor(upstream: string) {
    this.upstream = new URL(upstream);
  }

  async start(): Promise<string> {
    const server = createServer((req, res) => {
      void this.handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'FaultProxyError', message: 'the proxy could not forward the request' } }));
      });
    });
    this.server = server;
    const port = await listenOnLoopback(server);
    const base = new URL(this.upstream.href);
    base.host = `127.0.0.1:${port}`;
    this.url = base.href.replace(/\/$/, this.upstream.href.endsWith('/') ? '/' : '');
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await closeServer(server, this.hanging);
  }

  /** Schedules a fault; returns its handle (count, end). */
  inject(rule: FaultRule): FaultHandle {
    const handle = new Handle(rule);
    this.rules.push(handle);
    return handle;
  }

  /** Ends every fault and lets held (timed-out) requests go: their connections are closed. */
  clear(): void {
    for (const r of this.rules) r.end();
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
  }

  /** Requests by what happened to them: `forwarded` or a fault kind. */
  counts(filter: (r: ProxiedRequest) => boolean = () => true): Record<'forwarded' | FaultKind, number> {
    const out = { forwarded: 0, status: 0, drop: 0, timeout: 0, 'drop-after': 0, delay: 0 };
    for (const r of this.log.filter(filter)) out[r.fault ?? 'forwarded']++;
    return out;
  }

  /** Requests held without an answer right now (`timeout` faults). */
  get held(): number {
    return this.hanging.size;
  }

  /** Resolves once `predicate` holds (checked after every request is logged), or rejects after timeoutMs. */
  async waitFor(predicate: (proxy: FaultProxy) => boolean, timeoutMs = 10_000): Promise<void> {
    if (predicate(this)) return;
    await new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (!predicate(this)) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`FaultProxy.waitFor timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(check);
    });
  }

  private record(entry: ProxiedRequest): void {
    this.log.push(entry);
    for (const w of [...this.waiters]) w();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const path = req.url ?? '/';
    const body = await readBody(req);
    const rule = this.rules.find((r) => r.matches(method, path));
    if (rule) rule.hits++;
    const fault = rule?.rule.fault;
    const entry: ProxiedRequest = { method, path, at: Date.now(), ...(fault ? { fault: fault.kind } : {}) };

    switch (fault?.kind) {
      case 'status': {
        res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
        res.end(fault.body === undefined ? '' : JSON.stringify(fault.body));
        this.record(entry);
        return;
      }
      case 'drop':
        this.record(entry);
        req.socket.destroy();
        return;
      case 'timeout':
        this.hanging.add(res);
        res.on('close', () => this.hanging.delete(res));
        this.record(entry);
        return;
      case 'delay':
        await new Promise((resolve) => setTimeout(resolve, fault.ms));
        break;
      default:
        break;
    }
    const answer = await this.forward(method, path, req.headers, body);
    entry.status = answer.status;
    if (fault?.kind === 'drop-after') {
      this.record(entry);
      req.socket.destroy();
      return;
    }
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
    this.record(entry);
  }

  private forward(method: string, path: string, headers: IncomingMessage['headers'], body: Buffer): Promise<{ status: number; headers: Record<string, string | string[]>; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const out = httpRequest(
        {
          host: this.upstream.hostname,
          port: this.upstream.port,
          method,
          path,
          headers: { ...headers, host: this.upstream.host, 'content-length': String(body.length), connection: 'close' },
        },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on('data', (c: Buffer) => chunks.push(c));
          answer.on('end', () => {
            const h: Record<string, string | string[]> = {};
            for (const [k, v] of Object.entries(answer.headers)) if (v !== undefined && k !== 'transfer-encoding' && k !== 'connection') h[k] = v;
            const data = Buffer.concat(chunks);
            h['content-length'] = String(data.length);
            resolve({ status: answer.statusCode ?? 502, headers: h, body: data });
          });
          answer.on('error', reject);
        },
      );
      out.on('error', reject);
      out.end(body);
    });
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
