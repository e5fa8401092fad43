/**
 * The HTTP front door (restify 11): Bot Framework activities, health and readiness probes,
 * request logging, in-flight tracking and graceful shutdown.
 *
 * No botbuilder import here: the adapter and the bot are typed structurally, so a CloudAdapter and
 * an ActivityHandler fit, and tests can pass small fakes.
 */
import restify, { type Next, type Request, type RequestHandler, type Response, type Server } from 'restify';
import { errorFields, type Logger } from '../observability/logger.js';

/** What we need of botbuilder's CloudAdapter. */
export interface ActivityProcessor<TContext> {
  process(req: Request, res: Response, logic: (context: TContext) => Promise<void>): Promise<void>;
}

/** What we need of the bot (an ActivityHandler). */
export interface TurnRunner<TContext> {
  run(context: TContext): Promise<void>;
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
  /** Largest accepted request body. Default 1 MiB (Teams activities stay far below). */
  maxBodyBytes?: number;
}

export interface HttpServer {
  listen(port: number, host?: string): Promise<{ port: number }>;
  /** Stop accepting, wait up to graceMs for requests in flight, then close every connection. */
  close(graceMs: number): Promise<void>;
  inFlight(): number;
  readonly server: Server;
}

export function createHttpServer<TContext>(deps: HttpServerDeps<TContext>): HttpServer {
  const { adapter, bot, logger } = deps;
  const readinessTimeoutMs = deps.readinessTimeoutMs ?? 2000;
  const server = restify.createServer({ name: 'mobile-work-bot', handleUncaughtExceptions: false });
  let inFlight = 0;
  let closing = false;
  let idleWaiters: Array<() => void> = [];

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
      if (path === '/healthz' || path === '/readyz') logger.debug('http_request', fields);
      else logger.info('http_request', fields);
      if (inFlight === 0) {
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const w of waiters) w();
      }
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

  server.post('/api/messages', jsonBody(deps.maxBodyBytes ?? 1024 * 1024), async (req: Request, res: Response) => {
    try {
      await adapter.process(req, res, (context) => bot.run(context));
    } catch (err) {
      logger.error('messages_failed', errorFields(err));
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'InternalError', message: 'Internal error' } });
    }
  });

  deps.onExtraRoutes?.(server);

  const waitForIdle = async (ms: number): Promise<void> => {
    if (inFlight === 0) return;
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
    inFlight: () => inFlight,
    async listen(port: number, host?: string): Promise<{ port: number }> {
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
      return { port: address.port };
    },
    async close(graceMs: number): Promise<void> {
      if (closing) return;
      closing = true;
      const http = server.server;
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeIdleConnections();
      const waitStarted = Date.now();
      await waitForIdle(graceMs);
      const left = inFlight;
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

/**
 * restify's bodyParser, with its errors turned into our JSON error bodies: malformed JSON is a 400
 * `{ error: { code: 'BadRequest', ... } }` without the parser's message (it quotes the input).
 */
function jsonBody(maxBodySize: number): RequestHandler {
  const parsers = restify.plugins.bodyParser({ maxBodySize, mapParams: false });
  return function parseJsonBody(req: Request, res: Response, next: Next): void {
    let index = 0;
    const step = (err?: unknown): void => {
      if (err !== undefined && err !== null && err !== false) {
        const status = statusOf(err);
        const code = status === 413 ? 'PayloadTooLarge' : status === 415 ? 'UnsupportedMediaType' : 'BadRequest';
        const message =
          restifyCode(err) === 'InvalidContent' ? 'Malformed JSON body' : status === 413 ? 'Request body too large' : 'Invalid request body';
        sendJson(res, status, { error: { code, message } });
        next(false);
        return;
      }
      if (err === false) {
        next(false);
        return;
      }
      const parser = parsers[index++];
      if (!parser) {
        next();
        return;
      }
      parser(req, res, step);
    };
    step();
  };
}

function statusOf(err: unknown): number {
  const status = (err as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : 400;
}

function restifyCode(err: unknown): string | undefined {
  const body = (err as { body?: { code?: unknown } }).body;
  return typeof body?.code === 'string' ? body.code : undefined;
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
