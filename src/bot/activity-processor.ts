/**
 * The bridge from the HTTP door to botbuilder: the door hands over an activity whose shape it has
 * checked (src/server/activity-envelope.ts), this runs botbuilder's authentication and turn, and
 * says in a typed outcome what happened. botbuilder's own `CloudAdapter.process` is not used: it
 * answers a forged token with 500 and the library's error text, and prints a stack per request.
 *
 * - an error before the turn starts is botbuilder refusing the token → `unauthorized` (or
 *   `auth_unavailable` when the OpenID metadata or the keys could not be fetched);
 * - an error inside the turn is handled by the adapter's `onTurnError` and never reaches here;
 * - a turn the tenant guard stopped (no error, but the logic never ran) → `forbidden`;
 * - anything else is rethrown (a bug: the door logs it and answers 500 without detail).
 */
import type { Activity, TurnContext } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import type { BotAdapter } from './adapter-factory.js';
import { setRequestTimeout } from './proactive-sender.js';
import type { ActivityEnvelope } from '../server/activity-envelope.js';
import type { ActivityProcessor, ProcessOutcome } from '../server/http-server.js';

/** A reply to the Bot Connector that gets no answer within this time ends (the turn's error handler takes over). */
const REPLY_TIMEOUT_MS = 15_000;

export class BotActivityProcessor implements ActivityProcessor<TurnContext> {
  constructor(
    private readonly adapter: BotAdapter,
    private readonly replyTimeoutMs = REPLY_TIMEOUT_MS,
  ) {}

  async processActivity(authHeader: string, envelope: ActivityEnvelope, logic: (context: TurnContext) => Promise<void>): Promise<ProcessOutcome> {
    const activity = toActivity(envelope);
    let started = false;
    try {
      const invokeResponse = await this.adapter.authenticateAndRun(authHeader, activity, async (context) => {
        started = true;
        // A reply address that accepts and never answers must not hold the turn (and its place) for ever.
        setRequestTimeout(context, this.replyTimeoutMs);
        await logic(context);
      });
      // A middleware (the tenant guard) that does not let the turn start has refused it.
      if (!started) return { kind: 'forbidden' };
      return { kind: 'done', invokeResponse };
    } catch (err) {
      if (started) throw err;
      if (err instanceof AuthenticationError && err.statusCode >= 500) return { kind: 'auth_unavailable' };
      return { kind: 'unauthorized', reason: reasonOf(err) };
    }
  }
}

/**
 * botbuilder's Activity from the checked envelope: the timestamps become Dates (what botbuilder's
 * own request path does, keeping the raw strings), everything else is passed as received. The
 * envelope schema guarantees the fields botbuilder requires (type, channelId, serviceUrl, from,
 * conversation); the rest are optional in both.
 */
function toActivity(envelope: ActivityEnvelope): Activity {
  const { timestamp, localTimestamp, expiration, ...rest } = envelope;
  const activity: Record<string, unknown> = { ...rest };
  if (timestamp !== undefined) Object.assign(activity, { timestamp: new Date(timestamp), rawTimestamp: timestamp });
  if (localTimestamp !== undefined) Object.assign(activity, { localTimestamp: new Date(localTimestamp), rawLocalTimestamp: localTimestamp });
  if (expiration !== undefined) Object.assign(activity, { expiration: new Date(expiration), rawExpiration: expiration });
  return activity as unknown as Activity;
}

/** A short code for the log (never the library's message: it may quote the token's claims). */
function reasonOf(err: unknown): string {
  if (err instanceof AuthenticationError) return 'authentication_error';
  const name = err instanceof Error ? err.name : typeof err;
  return /^[A-Za-z]{1,40}$/.test(name) ? name : 'error';
}
