/**
 * `POST /api/graph/notifications`: Microsoft Graph change notifications for the calendar
 * subscriptions (src/graph/subscriptions.ts). Registered through `createHttpServer`'s
 * `onExtraRoutes`; plain restify, no botbuilder.
 *
 * - Validation handshake: Graph POSTs `?validationToken=<token>` when a subscription is created;
 *   we answer 200 `text/plain` with the decoded token at once (Graph waits at most 10 s).
 * - Notifications: the JSON body is read by us (size-limited) and checked with zod; malformed →
 *   400 and nothing changes. Each notification's `clientState` is compared in constant time with
 *   the one stored for its subscription; unknown subscription or wrong secret → ignored and logged
 *   with the subscription id only (never the secret, never the resource). The others queue one
 *   `calendar.fetch-changes` job each, in one store write, and we answer 202 (Graph expects an
 *   answer within 3 s; reading the event happens later, in the outbox).
 *
 * Lifecycle notifications (`lifecycleEvent`: reauthorizationRequired, subscriptionRemoved, missed)
 * come to the same URL, are checked the same way and queue one `calendar.lifecycle` job each.
 *
 * Authenticity rests on `clientState` (a 256-bit secret per subscription, sent only to Graph) and
 * on HTTPS to the public URL. (Rich notifications with encrypted resource data and validation
 * tokens are not used: we ask for no resource data.)
 */
import { timingSafeEqual } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { Logger } from '../observability/logger.js';
import type { Store } from '../store/store.js';
import { CALENDAR_JOB } from './subscriptions.js';
import { readRawBody } from '../server/read-body.js';

export const NOTIFICATIONS_PATH = '/api/graph/notifications';
const MAX_BODY_BYTES = 1024 * 1024;

const changeNotification = z.object({
  subscriptionId: z.string().min(1),
  clientState: z.string().optional(),
  changeType: z.enum(['created', 'updated', 'deleted']),
  resource: z.string().optional(),
  resourceData: z.object({ id: z.string().min(1).optional() }).loose().optional(),
  tenantId: z.string().optional(),
  subscriptionExpirationDateTime: z.string().optional(),
});
/** A lifecycle notification (sent to `lifecycleNotificationUrl`, the same endpoint): no changeType. */
const lifecycleNotification = z.object({
  subscriptionId: z.string().min(1),
  clientState: z.string().optional(),
  lifecycleEvent: z.enum(['reauthorizationRequired', 'subscriptionRemoved', 'missed']),
  tenantId: z.string().optional(),
  subscriptionExpirationDateTime: z.string().optional(),
});
const notification = z.union([changeNotification, lifecycleNotification]);
export const notificationsBodySchema = z.object({ value: z.array(notification).min(1).max(1000) });

export interface NotificationsEndpointDeps {
  store: Store;
  logger: Logger;
  onJobsQueued?: () => void;
}

/** Constant-time comparison of two secrets (different lengths: false, still without early exit on content). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  if (x.length !== y.length) {
    timingSafeEqual(x, x);
    return false;
  }
  return timingSafeEqual(x, y);
}

export function registerNotificationsEndpoint(server: Server, deps: NotificationsEndpointDeps): void {
  // restify: an async handler takes (req, res) only; it ends the chain when its promise resolves.
  server.post(NOTIFICATIONS_PATH, async (req: Request, res: Response) => {
    try {
      const token = validationTokenOf(req);
      if (token !== undefined) {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(token);
        return;
      }
      const raw = await readBody(req, MAX_BODY_BYTES);
      if (raw === undefined) return sendJson(res, 413, { error: { code: 'PayloadTooLarge', message: 'Request body too large' } });
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        return sendJson(res, 400, { error: { code: 'BadRequest', message: 'Malformed JSON body' } });
      }
      const parsed = notificationsBodySchema.safeParse(json);
      if (!parsed.success) return sendJson(res, 400, { error: { code: 'BadRequest', message: 'Not a change notification' } });

      const queued = await deps.store.transact(async (tx) => {
        let n = 0;
        for (const item of parsed.data.value) {
          const sub = await tx.getSubscription(item.subscriptionId);
          if (!sub || sub.clientState === '' || item.clientState === undefined || !sameSecret(item.clientState, sub.clientState)) {
            deps.logger.warn('graph_notification_rejected', { subscriptionId: item.subscriptionId, reason: sub ? 'client_state' : 'unknown_subscription' });
            continue;
          }
          if ('lifecycleEvent' in item) {
            await tx.enqueue({ type: CALENDAR_JOB.lifecycle, payload: { subscriptionId: sub.id, lifecycleEvent: item.lifecycleEvent } });
            n++;
            continue;
          }
          const eventId = item.resourceData?.id;
          await tx.enqueue({
            type: CALENDAR_JOB.fetchChanges,
            payload: { personId: sub.personId, changeType: item.changeType, ...(eventId ? { eventId } : {}) },
          });
          n++;
        }
        return n;
      });
      if (queued > 0) deps.onJobsQueued?.();
      return sendJson(res, 202, undefined);
    } catch (err) {
      deps.logger.error('graph_notifications_failed', { error: err instanceof Error ? err.name : 'unknown' });
      // 5xx: Graph retries the notification later.
      return sendJson(res, 500, { error: { code: 'InternalError', message: 'Internal error' } });
    }
  });
}

function validationTokenOf(req: Request): string | undefined {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const token = url.searchParams.get('validationToken');
  return token === null ? undefined : token;
}

function sendJson(res: Response, status: number, body: unknown): void {
  if (body === undefined) {
    res.writeHead(status);
    res.end();
  } else {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}

/** The body as text; undefined when larger than `limit`. */
async function readBody(req: Request, limit: number): Promise<string | undefined> {
  return (await readRawBody(req, limit))?.toString('utf8');
}
