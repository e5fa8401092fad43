/**
 * The HTTP front door (restify 11): Bot Framework activities, health and readiness probes,
 * request logging, bounded work and graceful shutdown.
 *
 * `POST /api/messages`, in this order, each step refusing with a short JSON error and never with
 * library text or a stack trace:
 * 1. admission: at most N activities in work, a short queue, beyond that 503 + Retry-After before the
 *    body is read (`/healthz` and `/readyz` are never queued);
 * 2. with authentication on: a cheap look at the bearer token (401 without reading the body);
 * 3. the body: application/json only (415), any Content-Encoding decoded with a size bound (413),
 *    malformed or too deep (400) — see read-body.ts;
 * 4. the activity's shape (400 naming the wrong fields) — see activity-envelope.ts;
 * 5. botbuilder authenticates the token (401, or 503 when the key service cannot be reached) and
 *    runs the turn; a person over their rate gets 429 + Retry-After and a friendly answer;
 * 6. activities whose replies go through the Bot Connector (no invoke, no expectReplies) are
 *    answered 200 as soon as the turn starts, so a slow or unreachable reply address never holds
 *    the request; the turn still counts as work in flight until it ends.
 *
 * No botbuilder import here: the adapter and the bot are typed structurally (src/bot/ implements
 * them), so tests can pass small fakes.
 */
import restify, { type Next, type Request, type Response, type Server } from 'restify';
import { errorFields, type Logger } from '../observability/logger.js';
import { answersInResponse, parseActivityEnvelope, senderKey, type ActivityEnvelope } from './activity-envelope.js';
import { precheckBearer } from './bearer-precheck.js';
import { readJsonObject, type BodyProblem } from './read-body.js';
import { Admission, KeyedRateLimit, type AdmissionLimits, type RateLimits } from './turn-limits.js';

/** What the bot floor makes of one activity (botbuilder's authentication and turn). */
export type ProcessOutcome =
  | { kind: 'done'; invokeResponse?: { status: number; body?: unknown } | undefined }
  /** The token was refused (`reason` is a short code for the log, never shown to the caller). */
  | { kind: 'unauthorized'; reason: string }
  /** The token could not be checked (the key service is unreachable): try again later. */
  | { kind: 'auth_unavailable' }
  /** Authenticated, but not allowed here (a tenant that is not on the allow-list). */
  | { kind: 'forbidden' };

/** What we need of botbuilder's CloudAdapter (src/bot/activity-processor.ts). */
export interface ActivityProcessor<TContext> {
  processActivity(authHeader: string, activity: ActivityEnvelope, logic: (context: TContext) => Promise<void>): Promise<ProcessOutcome>;
}

/** What we need of the bot (an ActivityHandler plus the answer to a refused turn). */
export interface TurnRunner<TContext> {
  run(context: TContext): Promise<void>;
  /**
   * The person is over their rate: answer in their language (a message, or an invoke error).
   * `tell` is false when they were told within the last minute and the answer would go through
   * the Bot Connector (no message per refused request).
   */
  refuse(context: TContext, retryAfterSeconds: number, tell: boolean): Promise<void>;
  /** The same answer without a turn, for an activity answered in the HTTP response (invoke or expectReplies). */
  refusalBody(activityType: string, locale: string | undefined, retryAfterSeconds: number): unknown;
}

export interface HttpServerDeps<TContext> {
  adapter: ActivityProcessor<TContext>;
  bot: TurnRunner<TContext>;
  /**
   * Resolves when the service can take traffic (store reachable); rejects otherwise. What it
   * resolves with (ids and counts only, no personal data) is shown as `details` in the 200 body.
   */
  readiness: () => Promise<void | Record<string, unknown>>;
  logger: Logger;
  onExtraRoutes?: (server: Server) => void;
  /** readiness() slower than this counts as not ready. Default 2000 ms. */
  readinessTimeoutMs?: number;
  /** Largest accepted request body (after decoding). Default 1 MiB (Teams activities stay far below). */
  maxBodyBytes?: number;
  /** Set when requests must carry a Bot Framework token (an app id is configured). */
  auth?: { appId: string; issuers: readonly string[] };
  /** Activities in work at once / waiting. Defaults: 64 / 256, a wait of at most 5 s. */
  admission?: Partial<AdmissionLimits>;
  /** Per-person turn rate. Defaults: a burst of 20, then 5 per second. */
  rate?: Partial<RateLimits>;
  /** A turn holds its place in the admission at most this long (default 30 s). */
  turnDeadlineMs?: number;
  /** Milliseconds for the rate limiter (tests); default performance.now. */
  now?: () => number;
}

export interface HttpServer {
  listen(port: number, host?: string): Promise<{ port: number; host: string }>;
  /** Stop accepting, wait up to graceMs for requests and turns in flight, then close every connection. */
  close(graceMs: number): Promise<void>;
  inFlight(): number;
  /** Resolves once no request and no turn is in work (turns answered early included). */
  settled(): Promise<void>;
  readonly server: Server;
}

/** Seconds a refused person is not told again through the Bot Connector. */
const TELL_AGAIN_AFTER_MS = 60_000;

export function createHttpServer<TContext>(deps: HttpServerDeps<TContext>): HttpServer {
  const { adapter, bot, logger } = deps;
  const readinessTimeoutMs = deps.readinessTimeoutMs ?? 2000;
  const maxBodyBytes = deps.maxBodyBytes ?? 1024 * 1024;
  const now = deps.now ?? (() => performance.now());
  const admission = new Admission({ maxConcurrent: 64, maxQueued: 256, maxWaitMs: 5000, ...deps.admission });
  const rate = new KeyedRateLimit({ burst: 20, perSecond: 5, maxKeys: 100_000, ...deps.rate }, now);
  const toldUntil = new Map<string, number>();
  const turnDeadlineMs = deps.turnDeadlineMs ?? 30_000;
  const refusals = new RefusalLog(logger, now);
  const server = restify.createServer({ name: 'mobile-work-bot', handleUncaughtExceptions: false });
  // A client that sends its headers or body slowly must not hold a connection for minutes.
  server.server.headersTimeout = 20_000;
  server.server.requestTimeout = 30_000;
  // A socket error (a reset mid-request, garbage instead of HTTP) is the client's problem, not ours.
  server.server.on('clientError', (_err, socket) => {
    if (socket.writable && !socket.writableEnded) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  let inFlight = 0;
  let closing = false;
  let idleWaiters: Array<() => void> = [];
  const checkIdle = (): void => {
    if (inFlight !== 0 || admission.inWork !== 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  };

  server.pre((req: Request, res: Response, next: Next) => {
    const started = process.hrtime.bigint();
    inFlight++;
    res.once('close', () => {
      inFlight--;
      const route = req.getRoute();
      const path = route ? String(route.path) : 'unmatched';
      const fields = {
        method: req.method,
        route: path,
        status: res.statusCode,
        durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
        aborted: !res.writableFinished || undefined,
      };
      // Probes, and the refusals of a flood (429/503, summarised below), would drown the log and cost
      // the very time the refusal saves: debug only.
      if (path === '/healthz' || path === '/readyz' || res.statusCode === 429 || res.statusCode === 503) logger.debug('http_request', fields);
      else logger.info('http_request', fields);
      checkIdle();
    });
    if (closing) {
      res.header('Connection', 'close');
      sendJson(res, 503, { error: { code: 'ShuttingDown', message: 'Server is shutting down' } });
      next(false);
      return;
    }
    next();
  });

  server.get('/healthz', (_req: Request, res: Response, next: Next) => {
    sendJson(res, 200, { status: 'ok' });
    next();
  });

  server.get('/readyz', async (_req: Request, res: Response) => {
    if (closing) {
      sendJson(res, 503, { status: 'shutting_down' });
      return;
    }
    try {
      const details = await withTimeout(deps.readiness(), readinessTimeoutMs);
      sendJson(res, 200, details ? { status: 'ready', details } : { status: 'ready' });
    } catch (err) {
      logger.warn('not_ready', errorFields(err));
      sendJson(res, 503, { status: 'unavailable' });
    }
  });

  server.post('/api/messages', async (req: Request, res: Response) => {
    const release = await admission.enter();
    if (!release) {
      refusals.note('Busy', () => ({ inWork: admission.inWork, queued: admission.queued }));
      res.header('Retry-After', '1');
      res.header('Connection', 'close');
      sendError(res, 503, 'Busy', 'Too many requests in progress, try again shortly');
      return;
    }
    // A turn stuck on an outbound call that never answers (a reply address that accepts and stays
    // silent) gives its place back after the deadline; it goes on in the background.
    const deadline = setTimeout(() => {
      logger.warn('turn_overran', { afterMs: turnDeadlineMs });
      release();
      checkIdle();
    }, turnDeadlineMs);
    deadline.unref();
    try {
      await handleActivity(req, res);
    } catch (err) {
      // A bug of ours (the turn itself has its own error handler): logged once, no stack, no detail out.
      logger.error('messages_failed', errorFields(err));
      if (!res.headersSent) sendError(res, 500, 'InternalError', 'Internal error');
    } finally {
      clearTimeout(deadline);
      release();
      checkIdle();
    }
  });

  const handleActivity = async (req: Request, res: Response): Promise<void> => {
    const authHeader = req.headers.authorization;
    if (deps.auth) {
      const problem = precheckBearer(authHeader, { audience: deps.auth.appId, issuers: deps.auth.issuers, nowSeconds: Date.now() / 1000 });
      if (problem) {
        logger.warn('messages_unauthorized', { reason: problem });
        res.header('Connection', 'close');
        sendError(res, 401, 'Unauthorized', 'A valid Bot Framework token is required');
        return;
      }
    }
    const body = await readJsonObject(req, maxBodyBytes);
    if (!body.ok) {
      refuseBody(res, body.problem);
      return;
    }
    const envelope = parseActivityEnvelope(body.value);
    if (!envelope.ok) {
      logger.warn('messages_invalid_activity', { fields: envelope.fields.join(',') });
      sendError(res, 400, 'InvalidActivity', `Invalid activity: ${envelope.fields.join(', ')}`);
      return;
    }
    const activity = envelope.activity;
    const inResponse = answersInResponse(activity);
    const key = senderKey(activity);
    let retryAfter = 0;
    let tellNow = false;
    let answered = false;
    /** Over the rate: the answer (and whether the person is told through the connector). */
    const throttle = (wait: number): { tell: boolean } => {
      retryAfter = wait;
      const at = now();
      const tell = inResponse || (toldUntil.get(key) ?? 0) <= at;
      if (tell && !inResponse) rememberTold(toldUntil, key, at + TELL_AGAIN_AFTER_MS);
      refusals.note('TooManyRequests', () => ({ retryAfterSeconds: wait }));
      tellNow = tell;
      return { tell };
    };
    // Without authentication (local mode) the sender cannot be more trusted after botbuilder than
    // before: the limit applies at once, and a refused turn costs no turn at all. With
    // authentication it applies after the token check, so nobody can use up someone else's rate.
    if (!deps.auth) {
      const wait = rate.take(key);
      if (wait > 0) {
        const { tell } = throttle(wait);
        if (inResponse || !tell) {
          res.header('Retry-After', String(wait));
          if (inResponse) sendJson(res, 429, bot.refusalBody(activity.type, activity.locale, wait));
          else answerThrottled(res, wait);
          return;
        }
      }
    }
    const outcome = await adapter.processActivity(typeof authHeader === 'string' ? authHeader : '', activity, async (context) => {
      if (deps.auth && retryAfter === 0) {
        const wait = rate.take(key);
        if (wait > 0) throttle(wait);
      }
      if (retryAfter > 0) {
        const tell = tellNow;
        if (!inResponse) {
          answerThrottled(res, retryAfter);
          answered = true;
        }
        await bot.refuse(context, retryAfter, tell);
        return;
      }
      if (!inResponse) {
        // The reply goes through the Bot Connector: the channel needs no more than this 200.
        sendEmpty(res, 200);
        answered = true;
      }
      await bot.run(context);
    });
    if (answered) return;
    if (outcome.kind === 'unauthorized') {
      logger.warn('messages_unauthorized', { reason: outcome.reason });
      sendError(res, 401, 'Unauthorized', 'A valid Bot Framework token is required');
      return;
    }
    if (outcome.kind === 'forbidden') {
      sendError(res, 403, 'Forbidden', 'This tenant is not allowed to use this bot');
      return;
    }
    if (outcome.kind === 'auth_unavailable') {
      logger.error('messages_auth_unavailable', {});
      res.header('Retry-After', '5');
      sendError(res, 503, 'AuthUnavailable', 'The token could not be checked, try again shortly');
      return;
    }
    const invoke = outcome.invokeResponse;
    if (retryAfter > 0) res.header('Retry-After', String(retryAfter));
    const status = retryAfter > 0 ? 429 : (invoke?.status ?? 200);
    if (invoke?.body === undefined) sendEmpty(res, status);
    else sendJson(res, status, invoke.body);
  };

  deps.onExtraRoutes?.(server);

  const waitForIdle = async (ms: number): Promise<void> => {
    if (inFlight === 0 && admission.inWork === 0) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        idleWaiters = idleWaiters.filter((w) => w !== done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      idleWaiters.push(done);
    });
  };

  return {
    server,
    inFlight: () => inFlight + admission.inWork,
    settled: () =>
      inFlight === 0 && admission.inWork === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve)),
    async listen(port: number, host?: string): Promise<{ port: number; host: string }> {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        const ready = (): void => {
          server.removeListener('error', reject);
          resolve();
        };
        if (host === undefined) server.listen(port, ready);
        else server.listen(port, host, ready);
      });
      const address = server.address();
      logger.info('http_listening', { port: address.port, host: address.address });
      return { port: address.port, host: address.address };
    },
    async close(graceMs: number): Promise<void> {
      if (closing) return;
      closing = true;
      const http = server.server;
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeIdleConnections();
      const waitStarted = Date.now();
      await waitForIdle(graceMs);
      const left = inFlight + admission.inWork;
      if (left > 0) logger.warn('http_close_grace_exceeded', { inFlight: left, graceMs });
      http.closeAllConnections();
      await closed;
      logger.info('http_closed', { waitedMs: Date.now() - waitStarted, abandoned: left });
    },
  };
}

function sendJson(res: Response, status: number, body: unknown): void {
  res.setHeader('content-type', 'application/json');
  res.send(status, body);
}

function sendEmpty(res: Response, status: number): void {
  if (res.headersSent) return;
  res.writeHead(status);
  res.end();
}

function sendError(res: Response, status: number, code: string, message: string): void {
  if (res.headersSent) return;
  sendJson(res, status, { error: { code, message } });
}

function refuseBody(res: Response, problem: BodyProblem): void {
  if (problem.aborted) {
    res.destroy();
    return;
  }
  // The rest of an oversized or unreadable body is not read: this connection is done after the answer.
  if (problem.status === 413 || problem.status === 415) res.header('Connection', 'close');
  sendError(res, problem.status, problem.code, problem.message);
}

function answerThrottled(res: Response, retryAfter: number): void {
  res.header('Retry-After', String(retryAfter));
  sendError(res, 429, 'TooManyRequests', 'Too many requests from this person, try again shortly');
}

/**
 * Refusals of a flood as one warning per kind and 10 s (with how many there were), not one line each.
 */
class RefusalLog {
  private readonly last = new Map<string, { at: number; count: number }>();

  constructor(
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {}

  note(code: string, fields: () => Record<string, number>): void {
    const at = this.now();
    const entry = this.last.get(code);
    if (entry && at - entry.at < 10_000) {
      entry.count++;
      return;
    }
    this.last.set(code, { at, count: 0 });
    this.logger.warn('messages_refused', { code, refusedSinceLastLine: entry?.count ?? 0, ...fields() });
  }
}

function rememberTold(told: Map<string, number>, key: string, until: number): void {
  told.delete(key);
  told.set(key, until);
  if (told.size > 100_000) {
    const oldest = told.keys().next().value;
    if (oldest !== undefined) told.delete(oldest);
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`readiness timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
