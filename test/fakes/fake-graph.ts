/**
 * A local Microsoft Graph (v1.0) on node:http, speaking Graph's JSON shapes
 * (`@microsoft/microsoft-graph-types`), with an in-memory mailbox per user.
 *
 *   POST   /v1.0/users/{id}/events             create; a second POST with the same `transactionId`
 *                                              returns the existing event (201), as Graph does
 *   GET    /v1.0/users/{id}/events/{eventId}   404 ErrorItemNotFound when absent; honours $select
 *   PATCH  /v1.0/users/{id}/events/{eventId}
 *   DELETE /v1.0/users/{id}/events/{eventId}   204; 404 when absent
 *   GET    /v1.0/users/{id}/calendarView       startDateTime/endDateTime required; $select, $top
 *                                              (+ @odata.nextLink), $filter only of the form
 *                                              categories/any(c:c eq 'X') (anything else: 400)
 *   POST   /v1.0/$batch                        ≤ 20 requests, each run through the same routes
 *   GET    /v1.0/groups/{id}/transitiveMembers/microsoft.graph.user
 *                                              the users set with `setGroupMembers(groupId, ids)`;
 *                                              $select, $top (default 100, at most 999) with
 *                                              @odata.nextLink; $count=true only with the header
 *                                              ConsistencyLevel: eventual (else 400, as Graph does);
 *                                              404 Request_ResourceNotFound for a group never set
 *
 * More endpoints: `route(method, /^\/users\/([^/]+)\/presence$/, handler)` (the path is matched
 * without the version segment and without the query string; later routes win over built-in ones).
 *
 * Faults: `failNext(n, status, headers, body, match?)`, `failNextBatchItems(n, status, headers)`,
 * `slow(ms)`, `hang()` (every request is held and never answered, until `up()`), `dropConnections(n)` (socket destroyed: a network error), `createThenTimeout(n)` (the
 * event is stored but no answer is ever sent), `down()` / `up()` (every request: socket destroyed,
 * or a status such as 503 with `down(503, { 'Retry-After': '30' })`), `limitMailboxConcurrency(n)`
 * (the (n+1)th concurrent request on one mailbox gets 429 MailboxConcurrency, as Outlook does).
 *
 * No authentication by default: the Graph SDK sends no token to an http:// host that is not a Graph
 * host, so most tests need no Entra ID. `authorizations` records any Authorization header that does
 * arrive. `start({ tls })` serves HTTPS instead and `requireToken(check)` answers 401
 * InvalidAuthenticationToken to a request without a bearer token `check` accepts, as Graph does
 * (the token-path test, with the fake Entra ID of fake-entra.ts).
 */
import { closeServer, listenOnLoopback } from './loopback-server.js';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { DateTimeTimeZone, Event as GraphEvent } from '@microsoft/microsoft-graph-types';

export type { Event as GraphEvent } from '@microsoft/microsoft-graph-types';

export interface FakeRequestContext {
  method: string;
  /** Without the version segment and query, e.g. `/users/abc/events`. */
  path: string;
  /** Capture groups of the route's regex. */
  params: string[];
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
  graph: FakeGraph;
}

export interface FakeResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type FakeRouteHandler = (ctx: FakeRequestContext) => FakeResponse | Promise<FakeResponse>;

export interface RecordedGraphRequest {
  method: string;
  path: string;
  status: number | 'dropped' | 'no-answer';
  mailbox?: string;
  /** Set for sub-requests of a $batch. */
  inBatch?: boolean;
  body?: unknown;
  at: number;
}

interface Failure {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  match?: { method?: string; path?: RegExp };
}

interface Route {
  method: string;
  pattern: RegExp;
  handler: FakeRouteHandler;
}

const SHOW_AS = new Set(['free', 'tentative', 'busy', 'oof', 'workingElsewhere', 'unknown']);
const WINDOWS_ZONES: Record<string, string> = { 'W. Europe Standard Time': 'Europe/Berlin', UTC: 'UTC', 'Coordinated Universal Time': 'UTC' };

export function graphError(status: number, code: string, message: string): FakeResponse {
  return { status, body: { error: { code, message, innerError: { 'request-id': 'fake', date: new Date().toISOString() } } } };
}

export class FakeGraph {
  /** userId (lower-case) → eventId → event. */
  readonly mailboxes = new Map<string, Map<string, GraphEvent>>();
  readonly requests: RecordedGraphRequest[] = [];
  readonly authorizations: string[] = [];
  /** Highest number of requests seen at the same time per mailbox. */
  readonly peakConcurrency = new Map<string, number>();
  /** groupId (lower-case) → user ids of its transitive members, see `setGroupMembers`. */
  readonly groupMembers = new Map<string, string[]>();

  private server: Server | undefined;
  private baseUrl = '';
  private counter = 0;
  private routes: Route[] = [];
  private failures: Failure[] = [];
  private batchItemFailures: Failure[] = [];
  private delayMs = 0;
  private drops = 0;
  private hangCreates = 0;
  private downMode: { status?: number; headers: Record<string, string> } | undefined;
  private hangAll = false;
  private tokenCheck: ((token: string) => boolean) | undefined;
  private mailboxLimit: number | undefined;
  private readonly active = new Map<string, number>();
  private readonly hanging = new Set<ServerResponse>();
  private waiters: Array<() => void> = [];

  constructor() {
    this.installBuiltInRoutes();
  }

  /** Starts on a free port; resolves with the base URL to use as GRAPH_BASE_URL (…/v1.0). */
  async start(options: { tls?: { key: Buffer; cert: Buffer } } = {}): Promise<string> {
    const handler = (req: IncomingMessage, res: ServerResponse): void => {
      void this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify(graphError(500, 'FakeGraphError', String(err)).body));
      });
    };
    // An https.Server is an http.Server underneath (same request, close and connection API).
    const server = options.tls ? (createHttpsServer(options.tls, handler) as unknown as Server) : createServer(handler);
    this.server = server;
    const port = await listenOnLoopback(server);
    this.baseUrl = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}/v1.0`;
    return this.baseUrl;
  }

  /** Every request needs `Authorization: Bearer <token>` with a token `check` accepts, else 401. */
  requireToken(check: ((token: string) => boolean) | undefined): void {
    this.tokenCheck = check;
  }

  get url(): string {
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await closeServer(server, this.hanging);
  }

  // ------------------------------------------------------------------ extension point

  /** Adds (or overrides) an endpoint. `pattern` is matched against the path without version and query. */
  route(method: string, pattern: RegExp, handler: FakeRouteHandler): this {
    this.routes.unshift({ method: method.toUpperCase(), pattern, handler });
    return this;
  }

  // ------------------------------------------------------------------ mailbox model

  /** The events of one mailbox (copies), in creation order. */
  events(userId: string): GraphEvent[] {
    return [...(this.mailboxes.get(userId.toLowerCase())?.values() ?? [])].map((e) => structuredClone(e));
  }

  allEvents(): Array<{ userId: string; event: GraphEvent }> {
    return [...this.mailboxes.entries()].flatMap(([userId, box]) => [...box.values()].map((event) => ({ userId, event: structuredClone(event) })));
  }

  getEvent(userId: string, eventId: string): GraphEvent | undefined {
    const e = this.mailboxes.get(userId.toLowerCase())?.get(eventId);
    return e ? structuredClone(e) : undefined;
  }

  /** Stores an event as if created in Outlook (seeding); returns it with its new id. */
  addEvent(userId: string, event: GraphEvent): GraphEvent {
    return structuredClone(this.store(userId, event));
  }

  /** Deletes an event as if the user deleted it in Outlook. */
  removeEvent(userId: string, eventId: string): boolean {
    return this.mailboxes.get(userId.toLowerCase())?.delete(eventId) ?? false;
  }

  // ------------------------------------------------------------------ groups

  /** Sets the users of an Entra group as `transitiveMembers/microsoft.graph.user` lists them. */
  setGroupMembers(groupId: string, userIds: readonly string[]): this {
    this.groupMembers.set(groupId.toLowerCase(), [...userIds]);
    return this;
  }

  // ------------------------------------------------------------------ faults

  /** The next `n` requests (matching `match`, if given) are answered `status`. */
  failNext(n: number, status: number, headers: Record<string, string> = {}, body?: unknown, match?: Failure['match']): void {
    for (let i = 0; i < n; i++) this.failures.push({ status, headers, body: body ?? defaultErrorBody(status), ...(match ? { match } : {}) });
  }

  /** The next `n` sub-requests inside a $batch are answered `status` (the $batch itself: 200). */
  failNextBatchItems(n: number, status: number, headers: Record<string, string> = {}): void {
    for (let i = 0; i < n; i++) this.batchItemFailures.push({ status, headers, body: defaultErrorBody(status) });
  }

  /** Every answer is delayed by `ms` (0 turns it off). */
  slow(ms: number): void {
    this.delayMs = ms;
  }

  /** The next `n` requests lose their connection (socket destroyed, no answer). */
  dropConnections(n: number): void {
    this.drops += n;
  }

  /** The next `n` event creates are stored, but their answer never comes (the client times out). */
  createThenTimeout(n = 1): void {
    this.hangCreates += n;
  }

  /** Graph is down: connections are dropped, or answered with `status` (e.g. 503 + Retry-After). */
  down(status?: number, headers: Record<string, string> = {}): void {
    this.downMode = { ...(status !== undefined ? { status } : {}), headers };
  }

  /** Graph hangs: every request is accepted and never answered (the client's time-out ends it). */
  hang(): void {
    this.hangAll = true;
  }

  up(): void {
    this.downMode = undefined;
    this.hangAll = false;
  }

  /** Like Outlook: more than `n` concurrent requests on one mailbox → 429 MailboxConcurrency. */
  limitMailboxConcurrency(n: number | undefined): void {
    this.mailboxLimit = n;
  }

  reset(): void {
    this.mailboxes.clear();
    this.groupMembers.clear();
    this.requests.length = 0;
    this.authorizations.length = 0;
    this.peakConcurrency.clear();
    this.failures = [];
    this.batchItemFailures = [];
    this.delayMs = 0;
    this.drops = 0;
    this.hangCreates = 0;
    this.downMode = undefined;
    this.hangAll = false;
    this.mailboxLimit = undefined;
  }

  /** Resolves once `predicate` holds (checked after every request), or rejects after timeoutMs. */
  async waitFor(predicate: (fake: FakeGraph) => boolean, timeoutMs = 2000): Promise<void> {
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
        reject(new Error(`FakeGraph.waitFor timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(check);
    });
  }

  // ------------------------------------------------------------------ HTTP

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname.replace(/^\/(v1\.0|beta)(?=\/)/, '');
    const text = await readBody(req);
    if (typeof req.headers.authorization === 'string') this.authorizations.push(req.headers.authorization);
    const mailbox = mailboxOf(path);
    const record = (status: RecordedGraphRequest['status'], body?: unknown): void => {
      this.requests.push({ method, path, status, ...(mailbox ? { mailbox } : {}), ...(body !== undefined ? { body } : {}), at: Date.now() });
      for (const waiter of [...this.waiters]) waiter();
    };
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      this.send(res, graphError(400, 'BadRequest', 'Invalid JSON'));
      record(400);
      return;
    }
    if (this.tokenCheck) {
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!bearer || !this.tokenCheck(bearer)) {
        this.send(res, graphError(401, 'InvalidAuthenticationToken', bearer ? 'Access token validation failure.' : 'Access token is empty.'));
        record(401, body);
        return;
      }
    }
    if (this.hangAll) {
      this.hanging.add(res);
      res.on('close', () => this.hanging.delete(res));
      record('no-answer', body);
      return;
    }
    if (this.drops > 0 || (this.downMode && this.downMode.status === undefined)) {
      if (this.drops > 0) this.drops--;
      record('dropped', body);
      req.socket.destroy();
      return;
    }
    if (this.downMode?.status !== undefined) {
      const answer = { status: this.downMode.status, headers: this.downMode.headers, body: defaultErrorBody(this.downMode.status) };
      await this.pause();
      this.send(res, answer);
      record(answer.status, body);
      return;
    }
    const failure = this.takeFailure(this.failures, method, path);
    if (failure) {
      await this.pause();
      this.send(res, failure);
      record(failure.status, body);
      return;
    }
    const concurrencyKey = mailbox?.toLowerCase();
    if (concurrencyKey) {
      const now = (this.active.get(concurrencyKey) ?? 0) + 1;
      this.active.set(concurrencyKey, now);
      this.peakConcurrency.set(concurrencyKey, Math.max(this.peakConcurrency.get(concurrencyKey) ?? 0, now));
    }
    try {
      if (concurrencyKey && this.mailboxLimit !== undefined && (this.active.get(concurrencyKey) ?? 0) > this.mailboxLimit) {
        await this.pause();
        const answer = { ...graphError(429, 'ApplicationThrottled', 'Application is over its MailboxConcurrency limit.'), headers: { 'Retry-After': '1' } };
        this.send(res, answer);
        record(429, body);
        return;
      }
      const isCreate = method === 'POST' && /^\/users\/[^/]+\/(calendar\/)?events$/i.test(path);
      const answer = await this.dispatch(method, path, url.searchParams, headersOf(req), body);
      await this.pause();
      if (isCreate && this.hangCreates > 0 && answer.status < 300) {
        this.hangCreates--;
        this.hanging.add(res);
        res.on('close', () => this.hanging.delete(res));
        record('no-answer', body);
        return; // stored, never answered
      }
      this.send(res, answer);
      record(answer.status, body);
    } finally {
      if (concurrencyKey) this.active.set(concurrencyKey, (this.active.get(concurrencyKey) ?? 1) - 1);
    }
  }

  private async pause(): Promise<void> {
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
  }

  private send(res: ServerResponse, answer: FakeResponse): void {
    if (res.destroyed) return;
    const headers: Record<string, string> = { 'request-id': `fake-${++this.counter}`, ...answer.headers };
    if (answer.body === undefined) {
      res.writeHead(answer.status, headers);
      res.end();
      return;
    }
    res.writeHead(answer.status, { 'content-type': 'application/json; odata.metadata=minimal', ...headers });
    res.end(JSON.stringify(answer.body));
  }

  private takeFailure(list: Failure[], method: string, path: string): Failure | undefined {
    const index = list.findIndex((f) => (!f.match?.method || f.match.method.toUpperCase() === method) && (!f.match?.path || f.match.path.test(path)));
    if (index < 0) return undefined;
    return list.splice(index, 1)[0];
  }

  /** Routes a request (top level or inside a $batch). */
  async dispatch(method: string, path: string, query: URLSearchParams, headers: Record<string, string>, body: unknown): Promise<FakeResponse> {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const m = route.pattern.exec(path);
      if (!m) continue;
      return route.handler({ method, path, params: m.slice(1).map((p) => decodeURIComponent(p ?? '')), query, headers, body, graph: this });
    }
    return graphError(400, 'BadRequest', `Resource not found for the segment '${path}' (fake Graph has no such route).`);
  }

  // ------------------------------------------------------------------ built-in endpoints

  private installBuiltInRoutes(): void {
    this.route('POST', /^\/\$batch$/, (ctx) => this.batch(ctx));
    this.route('GET', /^\/users\/([^/]+)\/calendarView$/i, (ctx) => this.calendarView(ctx));
    this.route('DELETE', /^\/users\/([^/]+)\/(?:calendar\/)?events\/([^/]+)$/i, ({ params: [user = '', id = ''] }) =>
      this.removeEvent(user, id) ? { status: 204 } : notFound(),
    );
    this.route('PATCH', /^\/users\/([^/]+)\/(?:calendar\/)?events\/([^/]+)$/i, ({ params: [user = '', id = ''], body }) => {
      const box = this.mailboxes.get(user.toLowerCase());
      const existing = box?.get(id);
      if (!box || !existing) return notFound();
      const updated: GraphEvent = { ...existing, ...(body as GraphEvent), id, lastModifiedDateTime: new Date().toISOString() };
      box.set(id, updated);
      return { status: 200, body: updated };
    });
    this.route('GET', /^\/users\/([^/]+)\/(?:calendar\/)?events\/([^/]+)$/i, ({ params: [user = '', id = ''], query }) => {
      const e = this.mailboxes.get(user.toLowerCase())?.get(id);
      return e ? { status: 200, body: select(e, query.get('$select')) } : notFound();
    });
    this.route('POST', /^\/users\/([^/]+)\/(?:calendar\/)?events$/i, ({ params: [user = ''], body }) => this.createEvent(user, body));
    this.route('GET', /^\/groups\/([^/]+)\/transitiveMembers\/microsoft\.graph\.user$/i, (ctx) => this.transitiveUsers(ctx));
  }

  private createEvent(userId: string, body: unknown): FakeResponse {
    if (typeof body !== 'object' || body === null) return graphError(400, 'ErrorInvalidRequest', 'Empty Payload. JSON content expected.');
    const event = body as GraphEvent;
    const problem = validateEvent(event);
    if (problem) return graphError(400, 'ErrorInvalidRequest', problem);
    if (event.transactionId) {
      const existing = this.events(userId).find((e) => e.transactionId === event.transactionId);
      if (existing) return { status: 201, body: existing };
    }
    return { status: 201, body: structuredClone(this.store(userId, event)) };
  }

  private store(userId: string, event: GraphEvent): GraphEvent {
    const key = userId.toLowerCase();
    const box = this.mailboxes.get(key) ?? new Map<string, GraphEvent>();
    this.mailboxes.set(key, box);
    const n = ++this.counter;
    const id = `AAMkAGFake${String(n).padStart(6, '0')}AAA=`;
    const now = new Date().toISOString();
    const stored: GraphEvent = {
      showAs: 'busy',
      isAllDay: false,
      isReminderOn: true,
      categories: [],
      attendees: [],
      sensitivity: 'normal',
      ...structuredClone(event),
      id,
      iCalUId: `040000008200E00074C5B7101A82E0080000000${n}`,
      createdDateTime: now,
      lastModifiedDateTime: now,
      webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(id)}`,
    };
    box.set(id, stored);
    return stored;
  }

  private calendarView(ctx: FakeRequestContext): FakeResponse {
    const [user = ''] = ctx.params;
    const start = ctx.query.get('startDateTime');
    const end = ctx.query.get('endDateTime');
    if (!start || !end) {
      return graphError(400, 'ErrorInvalidParameter', "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.");
    }
    const from = Date.parse(start);
    const to = Date.parse(end);
    let category: string | undefined;
    const filter = ctx.query.get('$filter');
    if (filter) {
      const m = /^categories\/any\(\s*(\w+)\s*:\s*\1\s+eq\s+'((?:[^']|'')*)'\s*\)$/.exec(filter.trim());
      if (!m) return graphError(400, 'BadRequest', `The fake Graph supports only $filter=categories/any(c:c eq '…'), got: ${filter}`);
      category = (m[2] ?? '').replace(/''/g, "'");
    }
    const matching = this.events(user)
      .filter((e) => instantOf(e.start) < to && instantOf(e.end) > from)
      .filter((e) => category === undefined || (e.categories ?? []).includes(category))
      .sort((a, b) => instantOf(a.start) - instantOf(b.start));
    const top = Number(ctx.query.get('$top') ?? '10');
    const skip = Number(ctx.query.get('$skip') ?? '0');
    const page = matching.slice(skip, skip + top).map((e) => select(e, ctx.query.get('$select')));
    const body: Record<string, unknown> = { '@odata.context': `${this.baseUrl}/$metadata#users('${user}')/calendarView`, value: page };
    if (skip + top < matching.length) {
      const next = new URLSearchParams(ctx.query);
      next.set('$skip', String(skip + top));
      body['@odata.nextLink'] = `${this.baseUrl}/users/${encodeURIComponent(user)}/calendarView?${next.toString()}`;
    }
    return { status: 200, body };
  }

  private transitiveUsers(ctx: FakeRequestContext): FakeResponse {
    const [group = ''] = ctx.params;
    const members = this.groupMembers.get(group.toLowerCase());
    if (!members) return graphError(404, 'Request_ResourceNotFound', `Resource '${group}' does not exist or one of its queried reference-property objects are not present.`);
    const top = Number(ctx.query.get('$top') ?? '100');
    if (!Number.isInteger(top) || top < 1 || top > 999) return graphError(400, 'Request_BadRequest', `Invalid page size specified: '${String(ctx.query.get('$top'))}'. Must be between 1 and 999 inclusive.`);
    if (ctx.query.get('$count') === 'true' && ctx.headers['consistencylevel'] !== 'eventual') {
      return graphError(400, 'Request_BadRequest', 'Count is not currently supported: $count needs the header ConsistencyLevel: eventual.');
    }
    const skip = Number(ctx.query.get('$skip') ?? '0');
    const fields = ctx.query.get('$select')?.split(',').map((f) => f.trim());
    const page = members.slice(skip, skip + top).map((id) => {
      const user: Record<string, unknown> = { '@odata.type': '#microsoft.graph.user', id, displayName: `User ${id.slice(0, 8)}`, mail: `${id.slice(0, 8)}@example.de` };
      return fields ? Object.fromEntries(Object.entries(user).filter(([k]) => k === 'id' || k === '@odata.type' || fields.includes(k))) : user;
    });
    const body: Record<string, unknown> = { '@odata.context': `${this.baseUrl}/$metadata#users(${fields?.join(',') ?? ''})`, value: page };
    if (ctx.query.get('$count') === 'true') body['@odata.count'] = members.length;
    if (skip + top < members.length) {
      const next = new URLSearchParams(ctx.query);
      next.set('$skip', String(skip + top));
      body['@odata.nextLink'] = `${this.baseUrl}/groups/${encodeURIComponent(group)}/transitiveMembers/microsoft.graph.user?${next.toString()}`;
    }
    return { status: 200, body };
  }

  private async batch(ctx: FakeRequestContext): Promise<FakeResponse> {
    const requests = (ctx.body as { requests?: unknown } | undefined)?.requests;
    if (!Array.isArray(requests) || requests.length === 0) return graphError(400, 'BadRequest', 'Invalid batch payload.');
    if (requests.length > 20) return graphError(400, 'BadRequest', 'Number of batch request steps exceeds the maximum of 20.');
    const responses: Array<{ id: string; status: number; headers: Record<string, string>; body?: unknown }> = [];
    for (const raw of requests as Array<{ id?: unknown; method?: unknown; url?: unknown; body?: unknown; headers?: Record<string, string> }>) {
      const id = String(raw.id ?? '');
      const method = String(raw.method ?? 'GET').toUpperCase();
      const url = new URL(String(raw.url ?? '/'), 'http://fake');
      const path = url.pathname.replace(/^\/(v1\.0|beta)(?=\/)/, '');
      const mailbox = mailboxOf(path);
      const failure = this.takeFailure(this.batchItemFailures, method, path);
      const answer = failure ?? (await this.dispatch(method, path, url.searchParams, raw.headers ?? {}, raw.body));
      this.requests.push({ method, path, status: answer.status, inBatch: true, ...(mailbox ? { mailbox } : {}), at: Date.now() });
      responses.push({ id, status: answer.status, headers: { 'content-type': 'application/json', ...answer.headers }, ...(answer.body !== undefined ? { body: answer.body } : {}) });
    }
    return { status: 200, body: { responses } };
  }
}

function notFound(): FakeResponse {
  return graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
}

function defaultErrorBody(status: number): unknown {
  const code =
    status === 429 ? 'ApplicationThrottled' : status === 403 ? 'ErrorAccessDenied' : status === 401 ? 'InvalidAuthenticationToken' : status === 404 ? 'ErrorItemNotFound' : status >= 500 ? 'ServiceUnavailable' : 'BadRequest';
  return graphError(status, code, `fake Graph answered ${status}`).body;
}

function validateEvent(e: GraphEvent): string | undefined {
  if (!e.start?.dateTime || !e.start.timeZone || !e.end?.dateTime || !e.end.timeZone) return 'An event needs start and end with dateTime and timeZone.';
  if (e.showAs && !SHOW_AS.has(e.showAs)) return `Invalid showAs value '${e.showAs}'.`;
  if (instantOf(e.end) < instantOf(e.start)) return 'The end of the event is before its start.';
  if (e.isAllDay) {
    const midnight = (d: DateTimeTimeZone) => /T00:00:00(\.0+)?$/.test(d.dateTime ?? '');
    if (!midnight(e.start) || !midnight(e.end) || e.start.timeZone !== e.end.timeZone) {
      return 'Your request can\'t be completed. If the event is an all-day event, start and end must be at midnight in the same time zone.';
    }
  }
  return undefined;
}

/** Milliseconds since the epoch of a Graph dateTimeTimeZone (IANA names, UTC, W. Europe Standard Time). */
export function instantOf(d: DateTimeTimeZone | null | undefined): number {
  if (!d?.dateTime) return Number.NaN;
  const zone = WINDOWS_ZONES[d.timeZone ?? 'UTC'] ?? d.timeZone ?? 'UTC';
  const local = Date.parse(`${d.dateTime.replace(/Z$/, '')}Z`); // the wall time read as if UTC
  if (zone === 'UTC') return local;
  // Two rounds of "offset at this instant" are enough away from the DST switch hour.
  let guess = local;
  for (let i = 0; i < 2; i++) guess = local - offsetMs(guess, zone);
  return guess;
}

function offsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? '0');
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - (instant - (instant % 1000));
}

function select(e: GraphEvent, fields: string | null): GraphEvent {
  if (!fields) return structuredClone(e);
  const out: Record<string, unknown> = { id: e.id };
  const source = e as Record<string, unknown>;
  for (const f of fields.split(',').map((s) => s.trim())) if (f in source) out[f] = structuredClone(source[f]);
  return out as GraphEvent;
}

function mailboxOf(path: string): string | undefined {
  const m = /^\/users\/([^/]+)/i.exec(path);
  return m?.[1] ? decodeURIComponent(m[1]) : undefined;
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') out[k] = v;
  return out;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

