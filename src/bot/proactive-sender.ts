/**
 * Proactive messages (send and update) into a stored personal conversation, for outbox handlers.
 *
 * Uses `adapter.continueConversationAsync(appId, reference, logic)`. In local mode (no app id) the
 * empty app id is fine: the adapter's credential factory reports "authentication disabled" and
 * hands the ConnectorClient `MicrosoftAppCredentials.Empty`, so the request goes to the stored
 * serviceUrl (e.g. a local fake connector) without a token. With an app id the adapter fetches a
 * token for that app as usual.
 *
 * One call = one HTTP request: the ConnectorClient's own retry policy (up to 3 retries, sleeping
 * on Retry-After inside the call) is removed, because the outbox retries with back-off and must see
 * 429/5xx to honour Retry-After without blocking a worker slot.
 *
 * Errors are mapped so the outbox can decide: TransientSendError (retry later, maybe with
 * `retryAfterMs`) or PermanentSendError (`permanent === true`, dead-letter at once).
 *
 * With a `rateLimiter` every send and update first takes a slot of the app's rate (see
 * send-rate-limiter.ts): however the outbox schedules, no second carries more writes than the
 * limit. `requestTimeoutMs` ends a request the connector does not answer (the outbox retries), so
 * a hanging connection neither holds a worker slot nor a rate slot for ever.
 */
import {
  ActivityTypes,
  type Activity,
  type CloudAdapter,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import { errorFields, type Logger } from '../observability/logger.js';
import type { ConversationRecord } from '../store/store.js';
import type { SendRateLimiter } from './send-rate-limiter.js';
import { readRetryAfter } from '../net/retry-after.js';

export class TransientSendError extends Error {
  readonly permanent = false;
  constructor(
    message: string,
    readonly code: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'TransientSendError';
  }
}

export class PermanentSendError extends Error {
  readonly permanent = true;
  constructor(
    message: string,
    readonly code: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'PermanentSendError';
  }
}

export type SendError = TransientSendError | PermanentSendError;

export interface ProactiveSenderOptions {
  /** Bot app id; empty/undefined in local mode. */
  appId?: string;
  logger: Logger;
  /** Keep the ConnectorClient's built-in retries (default false: the outbox retries). */
  keepClientRetries?: boolean;
  /** For Retry-After given as an HTTP date. */
  now?: () => number;
  /** Shared by every proactive write of the process: the per-app rate (none: unlimited). */
  rateLimiter?: SendRateLimiter;
  /** Time-out of one connector request in ms (default 30,000; 0: none). */
  requestTimeoutMs?: number;
}

/** The ConversationReference botbuilder needs, built from what we store per user. */
export function toConversationReference(record: ConversationRecord): Partial<ConversationReference> {
  return {
    channelId: record.channelId,
    serviceUrl: record.serviceUrl,
    locale: record.locale,
    bot: { id: record.botId, name: '', role: 'bot' },
    user: { id: record.teamsUserId ?? record.userId, name: '', aadObjectId: record.userId, role: 'user' },
    conversation: {
      id: record.conversationId,
      name: '',
      isGroup: false,
      conversationType: 'personal',
      tenantId: record.tenantId,
    },
  };
}

export class ProactiveSender {
  private readonly appId: string;
  private readonly logger: Logger;
  private readonly keepClientRetries: boolean;
  private readonly now: () => number;
  private readonly rateLimiter: SendRateLimiter | undefined;
  private readonly requestTimeoutMs: number;

  constructor(
    private readonly adapter: CloudAdapter,
    options: ProactiveSenderOptions,
  ) {
    this.appId = options.appId ?? '';
    this.logger = options.logger;
    this.keepClientRetries = options.keepClientRetries ?? false;
    this.now = options.now ?? Date.now;
    this.rateLimiter = options.rateLimiter;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  }

  async send(ref: ConversationRecord, activity: Partial<Activity>): Promise<{ activityId: string }> {
    const toSend: Partial<Activity> = { type: ActivityTypes.Message, ...activity };
    delete toSend.id;
    let activityId: string | undefined;
    await this.run(ref, 'send', async (context) => {
      const response = await context.sendActivity(toSend);
      activityId = response?.id;
    });
    if (!activityId) {
      this.logger.warn('proactive_send_no_id', { conversationId: ref.conversationId });
    }
    return { activityId: activityId ?? '' };
  }

  async update(ref: ConversationRecord, activityId: string, activity: Partial<Activity>): Promise<void> {
    await this.run(ref, 'update', async (context) => {
      await context.updateActivity({ type: ActivityTypes.Message, ...activity, id: activityId });
    });
  }

  private async run(ref: ConversationRecord, op: 'send' | 'update', logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const release = await this.rateLimiter?.acquire();
    const started = this.now();
    let ran = false;
    let failure: unknown;
    try {
      await this.adapter.continueConversationAsync(this.appId, toConversationReference(ref), async (context) => {
        ran = true;
        if (!this.keepClientRetries) disableClientRetries(context);
        if (this.requestTimeoutMs > 0) setRequestTimeout(context, this.requestTimeoutMs);
        // The continuation activity carries a random id; left in place, botbuilder would send our
        // message as a reply to it (replyToId). A proactive message is a new message.
        delete context.activity.id;
        try {
          await logic(context);
        } catch (err) {
          // Keep it here: thrown out of the logic it would go to onTurnError and be swallowed.
          failure = err;
        }
      });
    } catch (err) {
      failure = err;
    } finally {
      release?.();
    }
    if (failure === undefined && !ran) {
      // A middleware (e.g. the tenant guard) did not let the continuation through.
      failure = new PermanentSendError('Proactive turn was not run (rejected by middleware)', 'NotDelivered');
    }
    if (failure !== undefined) {
      const mapped = mapSendError(failure, this.now());
      this.logger.warn('proactive_failed', {
        op,
        conversationId: ref.conversationId,
        status: mapped.status,
        code: mapped.code,
        permanent: mapped.permanent,
        retryAfterMs: mapped instanceof TransientSendError ? mapped.retryAfterMs : undefined,
        ...errorFields(failure),
      });
      throw mapped;
    }
    this.logger.debug('proactive_ok', { op, conversationId: ref.conversationId, durationMs: this.now() - started });
  }
}

/** Remove the per-request retry policy from this turn's (fresh, proactive-only) ConnectorClient. */
function disableClientRetries(context: TurnContext): void {
  const connector: unknown = context.turnState.get(context.adapter.ConnectorClientKey);
  const pipeline = (connector as { client?: { pipeline?: { removePolicy?: (o: { name: string }) => unknown } } } | undefined)
    ?.client?.pipeline;
  pipeline?.removePolicy?.({ name: 'defaultRetryPolicy' });
}

/** Give every request of this turn's ConnectorClient a time-out (unless the call set its own). */
export function setRequestTimeout(context: TurnContext, timeoutMs: number): void {
  const connector: unknown = context.turnState.get(context.adapter.ConnectorClientKey);
  const pipeline = (connector as { client?: { pipeline?: PipelineLike } } | undefined)?.client?.pipeline;
  if (!pipeline?.addPolicy || pipeline.getOrderedPolicies?.().some((p) => p.name === TIMEOUT_POLICY)) return;
  pipeline.addPolicy({
    name: TIMEOUT_POLICY,
    sendRequest: (request, next) => {
      if (!(typeof request.timeout === 'number' && request.timeout > 0)) request.timeout = timeoutMs;
      return next(request);
    },
  });
}

const TIMEOUT_POLICY = 'mobileWorkRequestTimeout';

interface PipelineLike {
  addPolicy?: (policy: { name: string; sendRequest: (request: { timeout?: number }, next: (request: unknown) => Promise<unknown>) => Promise<unknown> }) => void;
  getOrderedPolicies?: () => Array<{ name: string }>;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'REQUEST_SEND_ERROR',
]);

interface HttpErrorShape {
  statusCode?: unknown;
  code?: unknown;
  response?: { status?: unknown; headers?: { get?: (name: string) => string | undefined }; bodyAsText?: unknown };
  details?: unknown;
}

/** Classify an error thrown by botbuilder's ConnectorClient (an @azure RestError) or the network. */
export function mapSendError(err: unknown, nowMs: number = Date.now()): SendError {
  if (err instanceof TransientSendError || err instanceof PermanentSendError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as HttpErrorShape;
  const status =
    typeof e.statusCode === 'number' ? e.statusCode : typeof e.response?.status === 'number' ? e.response.status : undefined;
  const header = (name: string): string | undefined => {
    try {
      return e.response?.headers?.get?.(name) ?? undefined;
    } catch {
      return undefined;
    }
  };
  const bodyCode = errorCodeFromBody(e.response?.bodyAsText) ?? errorCodeFromDetails(e.details);
  const rawCode = typeof e.code === 'string' ? e.code : undefined;

  if (status === undefined) {
    const code = rawCode ?? 'NetworkError';
    if (rawCode === undefined || NETWORK_CODES.has(rawCode)) {
      return new TransientSendError(`Send failed without HTTP status (${code})`, code);
    }
    return new TransientSendError(`Send failed (${code})`, code);
  }
  const retryAfterMs = readRetryAfter(header('retry-after'), nowMs, header('retry-after-ms') ?? header('x-ms-retry-after-ms'));
  if (status === 429) {
    return new TransientSendError('Throttled by the Bot Connector (429)', bodyCode ?? 'Throttled', status, retryAfterMs);
  }
  if (status >= 500 || status === 408) {
    return new TransientSendError(`Bot Connector error ${status}`, bodyCode ?? `Http${status}`, status, retryAfterMs);
  }
  if (status === 403 && bodyCode === 'MessageWritesBlocked') {
    return new PermanentSendError('The user blocked the bot (MessageWritesBlocked)', 'MessageWritesBlocked', status);
  }
  if (status === 404) {
    return new PermanentSendError('Conversation or activity not found (404)', bodyCode ?? 'ConversationNotFound', status);
  }
  return new PermanentSendError(`Bot Connector rejected the request (${status})`, bodyCode ?? `Http${status}`, status);
}

function errorCodeFromBody(body: unknown): string | undefined {
  if (typeof body !== 'string' || body === '') return undefined;
  try {
    return errorCodeFromDetails(JSON.parse(body) as unknown);
  } catch {
    return undefined;
  }
}

function errorCodeFromDetails(details: unknown): string | undefined {
  if (typeof details !== 'object' || details === null) return undefined;
  const error = (details as { error?: unknown }).error;
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
  }
  const code = (details as { code?: unknown }).code;
  return typeof code === 'string' && code !== '' ? code : undefined;
}

