/**
 * A thin, typed Microsoft Graph client for app-only calls (client credentials), built on
 * `@microsoft/microsoft-graph-client` (`Client.initWithMiddleware`) with a
 * `TokenCredentialAuthenticationProvider` over `@azure/identity`'s `ClientSecretCredential`.
 *
 * What it adds to the SDK:
 * - errors mapped to the outbox's semantics (`GraphRequestError`, see graph-errors.ts): throttling
 *   carries `retryAfterMs`, 4xx are `permanent`, 5xx/network/timeout are transient; 404 on DELETE
 *   is success ("already gone");
 * - one attempt per call: the SDK's RetryHandler is NOT in the middleware chain. It would retry
 *   429/503/504 inside the call, sleeping for Retry-After (up to 180 s) while holding an outbox
 *   slot and the job's lock. The outbox retries instead (durable, visible, honours Retry-After,
 *   dead-letters after max attempts), so a job makes exactly one HTTP attempt per run;
 * - a per-request timeout (AbortSignal), so a hanging Graph never blocks a worker;
 * - at most 4 concurrent requests per mailbox (Outlook's limit), per process;
 * - `$batch` (≤ 20 requests): sub-responses answered 429 are sent again, only those, after their
 *   Retry-After (the SDK never retries inside a batch).
 *
 * Authentication: the SDK's AuthenticationHandler only asks for a token when the URL is an
 * `https://` Graph host (graph.microsoft.com and national clouds) or a configured custom host. Tests
 * point `baseUrl` at a local `http://127.0.0.1:port/v1.0` fake: no token is requested, so no test
 * ever talks to Entra ID (the credential is created but never used).
 */
import { ClientSecretCredential, type TokenCredential } from '@azure/identity';
import {
  AuthenticationHandler,
  Client,
  GraphClientError,
  HTTPMessageHandler,
  type AuthenticationProvider,
  type GraphRequest,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import type { Event as GraphEvent } from '@microsoft/microsoft-graph-types';
import { errorForStatus, GraphRequestError } from './graph-errors.js';
import type { GraphHealth } from './graph-health.js';
import { MailboxLimiter, MailboxRate } from './mailbox-limiter.js';

export type { Event as GraphEvent } from '@microsoft/microsoft-graph-types';

export const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';
export const MAX_BATCH_REQUESTS = 20;

export interface GraphClientOptions {
  /** e.g. https://graph.microsoft.com/v1.0 (config `graphBaseUrl`); tests: the fake's URL. */
  baseUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Entra authority, e.g. https://login.microsoftonline.us for national clouds. */
  authorityHost?: string;
  /** Another credential (managed identity, a test double); replaces the client secret. */
  credential?: TokenCredential;
  /** Per request, ms. Default 30 s. */
  timeoutMs?: number;
  /** Concurrent requests per mailbox. Default 4 (Outlook's limit). */
  perMailboxConcurrency?: number;
  /** Rounds of re-sending `$batch` items answered 429. Default 3. */
  batchRetryRounds?: number;
  /** Longest Retry-After the batch waits for in-process; longer: the 429 is returned. Default 10 s. */
  batchMaxWaitMs?: number;
  /** For tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Records refused credentials and refused mailboxes (log once, /readyz). */
  health?: GraphHealth;
  /** Requests per mailbox in any 10 minutes (Outlook: 10,000). */
  perMailboxPer10Min?: number;
}

export interface RequestOptions {
  /** OData / query parameters, e.g. { $select: 'id,subject', startDateTime: '…' }. */
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** The mailbox the concurrency limit applies to; default: taken from `/users/{id}/…`. */
  mailbox?: string;
}

export interface BatchRequestItem {
  id: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Relative to the version root, e.g. `/users/{id}/events`. */
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  dependsOn?: string[];
}

export interface BatchResponseItem {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export type DeleteOutcome = 'deleted' | 'already-gone';

export interface CalendarViewOptions {
  /** OData $filter, e.g. "categories/any(c:c eq 'Mobiles Arbeiten')". */
  filter?: string;
  select?: string[];
  /** IANA or Windows time zone for start/end in the answer (Prefer: outlook.timezone). */
  timeZone?: string;
}

export interface GraphClient {
  /** POST /users/{id}/events. With `transactionId`, a retried create returns the existing event. */
  createEvent(userId: string, event: GraphEvent): Promise<GraphEvent>;
  /** GET /users/{id}/events/{eventId}; undefined when it does not exist (404). */
  getEvent(userId: string, eventId: string, select?: string[]): Promise<GraphEvent | undefined>;
  /** DELETE /users/{id}/events/{eventId}; 404 counts as done ('already-gone'). */
  deleteEvent(userId: string, eventId: string): Promise<DeleteOutcome>;
  /** GET /users/{id}/calendarView for [start, end), following @odata.nextLink. */
  listCalendarView(userId: string, start: string, end: string, options?: CalendarViewOptions): Promise<GraphEvent[]>;
  /** POST /$batch with ≤ 20 requests; the answers in the order of `requests`. */
  batch(requests: BatchRequestItem[]): Promise<BatchResponseItem[]>;
  /** Generic calls for other Graph resources; the caller validates the answer (zod). */
  get<T>(path: string, options?: RequestOptions): Promise<T>;
  post<T>(path: string, body: unknown, options?: RequestOptions): Promise<T>;
  patch<T>(path: string, body: unknown, options?: RequestOptions): Promise<T>;
  delete(path: string, options?: RequestOptions): Promise<void>;
}

export function createGraphClient(options: GraphClientOptions): GraphClient {
  return new SdkGraphClient(options);
}

/** `https://graph.microsoft.com/v1.0` → host `https://graph.microsoft.com`, version `v1.0`. */
export function splitBaseUrl(baseUrl: string): { host: string; version: string } {
  const url = new URL(baseUrl);
  const segments = url.pathname.split('/').filter((s) => s !== '');
  const version = segments.pop() ?? 'v1.0';
  const prefix = segments.length > 0 ? `/${segments.join('/')}` : '';
  return { host: `${url.origin}${prefix}`, version };
}

/** `/users/{id}/…` → `{id}` (decoded), for the per-mailbox limit. */
export function mailboxOf(path: string): string | undefined {
  const m = /^\/?users\/([^/?]+)/i.exec(path);
  return m?.[1] ? decodeURIComponent(m[1]) : undefined;
}

class SdkGraphClient implements GraphClient {
  private readonly client: Client;
  private readonly limiter: MailboxLimiter;
  private readonly timeoutMs: number;
  private readonly batchRounds: number;
  private readonly batchMaxWaitMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly health: GraphHealth | undefined;
  private readonly rate: MailboxRate;

  constructor(options: GraphClientOptions) {
    const { host, version } = splitBaseUrl(options.baseUrl);
    const credential =
      options.credential ??
      new ClientSecretCredential(options.tenantId, options.clientId, options.clientSecret, {
        ...(options.authorityHost ? { authorityHost: options.authorityHost } : {}),
        // MSAL knows the public and national-cloud authorities offline; a loopback one (a local test
        // Entra) it would look up at login.microsoftonline.com: not asked.
        ...(options.authorityHost && isLoopback(new URL(options.authorityHost).hostname) ? { disableInstanceDiscovery: true } : {}),
      });
    const scope = graphScopeFor(host);
    const authProvider = new MappedAuthProvider(new TokenCredentialAuthenticationProvider(credential, { scopes: [scope] }), (withoutRoles) =>
      options.health?.tokenRoles(withoutRoles),
    );
    // No RetryHandler, no RedirectHandler: one attempt per call (see the file comment).
    // The SDK sends the token to Graph's own hosts only; a loopback https host (a local test Graph)
    // is added explicitly. Any other host is refused by the configuration (config.ts).
    const hostname = new URL(host).hostname;
    this.client = Client.initWithMiddleware({
      baseUrl: host,
      defaultVersion: version,
      middleware: [new AuthenticationHandler(authProvider), new HTTPMessageHandler()],
      ...(host.startsWith('https://') && isLoopback(hostname) ? { customHosts: new Set([hostname]) } : {}),
    });
    this.health = options.health;
    this.rate = new MailboxRate(options.perMailboxPer10Min ?? 10_000, 10 * 60_000);
    this.limiter = new MailboxLimiter(options.perMailboxConcurrency ?? 4);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.batchRounds = options.batchRetryRounds ?? 3;
    this.batchMaxWaitMs = options.batchMaxWaitMs ?? 10_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  createEvent(userId: string, event: GraphEvent): Promise<GraphEvent> {
    return this.post<GraphEvent>(`/users/${encodeURIComponent(userId)}/events`, event);
  }

  async getEvent(userId: string, eventId: string, select?: string[]): Promise<GraphEvent | undefined> {
    try {
      return await this.get<GraphEvent>(eventPath(userId, eventId), select ? { query: { $select: select.join(',') } } : {});
    } catch (e) {
      if (e instanceof GraphRequestError && e.status === 404) return undefined;
      throw e;
    }
  }

  async deleteEvent(userId: string, eventId: string): Promise<DeleteOutcome> {
    try {
      await this.delete(eventPath(userId, eventId));
      return 'deleted';
    } catch (e) {
      if (e instanceof GraphRequestError && (e.status === 404 || e.status === 410)) return 'already-gone';
      throw e;
    }
  }

  async listCalendarView(userId: string, start: string, end: string, options: CalendarViewOptions = {}): Promise<GraphEvent[]> {
    const query: Record<string, string> = { startDateTime: start, endDateTime: end, $top: '100' };
    if (options.filter) query.$filter = options.filter;
    if (options.select) query.$select = options.select.join(',');
    const headers: Record<string, string> = options.timeZone ? { Prefer: `outlook.timezone="${options.timeZone}"` } : {};
    const out: GraphEvent[] = [];
    let page = await this.get<GraphPage<GraphEvent>>(`/users/${encodeURIComponent(userId)}/calendarView`, { query, headers });
    out.push(...(page.value ?? []));
    for (let i = 0; page['@odata.nextLink'] && i < 100; i++) {
      page = await this.get<GraphPage<GraphEvent>>(relativeToVersion(page['@odata.nextLink']), { headers, mailbox: userId });
      out.push(...(page.value ?? []));
    }
    return out;
  }

  async batch(requests: BatchRequestItem[]): Promise<BatchResponseItem[]> {
    if (requests.length === 0) return [];
    if (requests.length > MAX_BATCH_REQUESTS) {
      throw new RangeError(`a Graph $batch holds at most ${MAX_BATCH_REQUESTS} requests (got ${requests.length})`);
    }
    const byId = new Map<string, BatchResponseItem>();
    let open = requests;
    for (let round = 0; ; round++) {
      const answers = await this.sendBatch(open);
      for (const a of answers) byId.set(a.id, a);
      const throttled = open.filter((r) => byId.get(r.id)?.status === 429);
      if (throttled.length === 0 || round >= this.batchRounds) break;
      const waitMs = Math.max(
        1000,
        ...throttled.map((r) => {
          const h = headerOf(byId.get(r.id)?.headers, 'retry-after');
          return errorForStatus(429, { retryAfter: h }).retryAfterMs ?? 1000;
        }),
      );
      if (waitMs > this.batchMaxWaitMs) break; // the caller's job retries later instead
      await this.sleep(waitMs);
      open = throttled;
    }
    return requests.map((r) => byId.get(r.id) ?? { id: r.id, status: 0, body: { error: { code: 'NoResponse', message: 'missing from $batch answer' } } });
  }

  get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.call<T>(path, options, (req) => req.get());
  }

  post<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return this.call<T>(path, options, (req) => req.post(body));
  }

  patch<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return this.call<T>(path, options, (req) => req.patch(body));
  }

  async delete(path: string, options: RequestOptions = {}): Promise<void> {
    await this.call<unknown>(path, options, (req) => req.delete());
  }

  private async sendBatch(requests: BatchRequestItem[]): Promise<BatchResponseItem[]> {
    const mailboxes = requests.map((r) => mailboxOf(r.url)).filter((m): m is string => m !== undefined);
    const payload = {
      requests: requests.map((r) => ({
        id: r.id,
        method: r.method,
        url: r.url,
        ...(r.body !== undefined ? { body: r.body, headers: { 'content-type': 'application/json', ...r.headers } } : r.headers ? { headers: r.headers } : {}),
        ...(r.dependsOn ? { dependsOn: r.dependsOn } : {}),
      })),
    };
    const answer = await this.call<{ responses?: BatchResponseItem[] }>('/$batch', { mailbox: undefined }, (req) => req.post(payload), mailboxes);
    return answer.responses ?? [];
  }

  private async call<T>(
    path: string,
    options: RequestOptions,
    send: (req: GraphRequest) => Promise<T>,
    mailboxes: string[] = [],
  ): Promise<T> {
    const mailbox = options.mailbox ?? mailboxOf(path.replace(/^https?:\/\/[^/]+\/[^/]+/, ''));
    const keys = mailbox ? [mailbox, ...mailboxes] : mailboxes;
    const waitMs = this.rate.take(keys, Date.now());
    if (waitMs > 0) {
      // Outlook's 10,000 requests per 10 minutes for this mailbox are used up: do not even ask.
      throw new GraphRequestError({ status: 429, code: 'MailboxRateLimit', message: 'our own per-mailbox limit (10,000 per 10 minutes) is reached', kind: 'throttled', permanent: false, retryAfterMs: waitMs });
    }
    return this.limiter.run(keys, async () => {
      let req = this.client.api(path).option('signal', AbortSignal.timeout(this.timeoutMs));
      if (options.query) req = req.query(options.query);
      if (options.headers) req = req.headers(options.headers);
      try {
        const answer = await send(req);
        this.health?.appAccepted();
        if (mailbox) this.health?.mailboxAccepted(mailbox);
        return answer;
      } catch (e) {
        const err = toGraphRequestError(e, this.timeoutMs);
        if (err.blocksLane) this.health?.appRefused(err.code);
        else if (err.status === 403 && mailbox) {
          err.mailbox = mailbox;
          this.health?.mailboxRefused(mailbox, err.code);
        }
        throw err;
      }
    });
  }
}

interface GraphPage<T> {
  value?: T[];
  '@odata.nextLink'?: string;
}

/** An absolute `@odata.nextLink` → the path below the version segment (the SDK re-parses http:// links badly). */
function relativeToVersion(link: string): string {
  const url = new URL(link);
  return url.pathname.replace(/^.*?\/(v1\.0|beta)(?=\/)/, '') + url.search;
}

function eventPath(userId: string, eventId: string): string {
  return `/users/${encodeURIComponent(userId)}/events/${encodeURIComponent(eventId)}`;
}

function headerOf(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

/** The SDK's GraphError (statusCode, code, headers; -1 = no response) → GraphRequestError. */
function toGraphRequestError(e: unknown, timeoutMs: number): GraphRequestError {
  if (e instanceof GraphRequestError) return e;
  // GraphClientError resets its prototype in its constructor, so `instanceof AuthFailure` never
  // holds: the mapped error is recognised by its property.
  const mapped = typeof e === 'object' && e !== null ? (e as { mapped?: unknown }).mapped : undefined;
  if (mapped instanceof GraphRequestError) return mapped;
  const err = (typeof e === 'object' && e !== null ? e : {}) as {
    statusCode?: unknown;
    code?: unknown;
    name?: unknown;
    message?: unknown;
    requestId?: unknown;
    headers?: { get(name: string): string | null };
  };
  const status = typeof err.statusCode === 'number' ? err.statusCode : -1;
  const code = typeof err.code === 'string' ? err.code : typeof err.name === 'string' ? err.name : 'UNKNOWN';
  const message = typeof err.message === 'string' && err.message !== '' ? err.message : String(e);
  if (status <= 0) {
    const timedOut = code === 'TimeoutError' || code === 'AbortError';
    return new GraphRequestError({
      status: 0,
      code: timedOut ? 'TIMEOUT' : 'NETWORK',
      message: timedOut ? `no answer from Microsoft Graph within ${timeoutMs} ms` : `Microsoft Graph not reachable: ${message}`,
      kind: timedOut ? 'timeout' : 'network',
      permanent: false,
    });
  }
  return errorForStatus(status, {
    code,
    message,
    retryAfter: err.headers?.get('retry-after') ?? null,
    ...(typeof err.requestId === 'string' ? { requestId: err.requestId } : {}),
  });
}

/**
 * A token request that Entra refuses (wrong secret, unknown app: HTTP 400/401) is permanent;
 * one that fails for lack of network is transient. A GraphClientError passes the SDK unchanged.
 */
class AuthFailure extends GraphClientError {
  readonly mapped: GraphRequestError;
  constructor(mapped: GraphRequestError) {
    super(mapped.message);
    this.mapped = mapped;
  }
}

class MappedAuthProvider implements AuthenticationProvider {
  constructor(
    private readonly inner: AuthenticationProvider,
    private readonly onToken?: (withoutRoles: boolean) => void,
  ) {}
  async getAccessToken(): Promise<string> {
    let token: string;
    try {
      token = await this.inner.getAccessToken();
    } catch (e) {
      const status = (e as { statusCode?: unknown }).statusCode;
      const message = e instanceof Error ? e.message : String(e);
      const oauth = refusedTokenCode(message);
      const refused = oauth !== undefined || (typeof status === 'number' && status >= 400 && status < 500);
      throw new AuthFailure(
        new GraphRequestError({
          status: typeof status === 'number' ? status : refused ? 401 : 0,
          code: refused ? (oauth ?? 'TOKEN_REFUSED') : 'TOKEN_REQUEST_FAILED',
          message: `could not get a Graph token: ${message}`,
          kind: refused ? 'auth' : 'network',
          permanent: refused,
          blocksLane: refused,
        }),
      );
    }
    // No application permission in the token: admin consent is missing, OR the access is granted by
    // Exchange RBAC for Applications alone (then the token carries no calendar role and still works
    // for the mailboxes in scope). So this is reported (log once, /readyz), not a reason to stop.
    this.onToken?.(lacksApplicationPermissions(token));
    return token;
  }
}

/**
 * Entra's refusals of a client-credentials request, as MSAL reports them in the message
 * (`invalid_client: … AADSTS7000215: Invalid client secret provided`). MSAL's error carries no
 * status; network failures read `network_error` / `ENOTFOUND` and are not matched here.
 */
export function refusedTokenCode(message: string): string | undefined {
  const m = /\b(invalid_client|unauthorized_client|invalid_request|invalid_grant|invalid_scope|invalid_resource|access_denied)\b/.exec(message);
  if (m) return m[1];
  return /\bAADSTS\d+/.test(message) ? 'TOKEN_REFUSED' : undefined;
}

/**
 * True when the access token is a readable JWT whose payload has no `roles`: Entra issues such an
 * app-only token when no application permission has admin consent, and Graph then answers 403 for
 * every mailbox. An unreadable token is not judged (false).
 */
export function lacksApplicationPermissions(token: string): boolean {
  const part = token.split('.')[1];
  if (!part) return false;
  try {
    const payload = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { roles?: unknown; idtyp?: unknown };
    if (typeof payload !== 'object' || payload === null) return false;
    return !Array.isArray(payload.roles) || payload.roles.length === 0;
  } catch {
    return false;
  }
}

/** `.default` scope of the Graph host (national clouds have their own); loopback and http: the public one. */
export function graphScopeFor(host: string): string {
  const url = new URL(host);
  return url.protocol === 'https:' && !isLoopback(url.hostname) ? `${url.origin}/.default` : GRAPH_DEFAULT_SCOPE;
}

export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]' || hostname === '::1';
}
