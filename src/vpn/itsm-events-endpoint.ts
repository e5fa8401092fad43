/**
 * `POST /api/itsm/events`: state changes pushed by a webhook ITSM tool (ITSM=webhook), the way back
 * for a tool that cannot be polled (no ITSM_WEBHOOK_STATE_URL); with a state URL both work side by
 * side. Registered through `createHttpServer`'s `onExtraRoutes`; plain restify, no botbuilder.
 *
 *   body     { event: 'ticket.state', ref: 'VPN-2026-00042', state: 'open' | 'pending' | 'closed' |
 *              <the tool's own name>, sentAt: ISO instant, note?: string }
 *   headers  X-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with ITSM_WEBHOOK_SECRET>
 *            Idempotency-Key: <any string up to 200 characters>  (optional)
 *
 * Answers, in this order of checks:
 * - 413 body larger than 64 KB (read by us, never parsed);
 * - 401 missing or wrong signature (constant-time, over the raw bytes; logged without details);
 * - 400 not JSON, wrong shape, or `sentAt` older than 10 minutes / more than 2 minutes ahead;
 * - 404 no ticket with that number (or one handed over to another tool), nothing more said;
 * - 200 `{ status }`: `applied` (the ticket changed by the rule of `applyExternalState`, see
 *   vpn-ticket-actions.ts: `closed` resolves and tells the reporter, `open` reopens a resolved one),
 *   `unchanged` (the ticket stays as it is: the state equals the one last seen, or the rule does
 *   nothing with it, e.g. `pending`; a new state is still remembered), `duplicate` (the same
 *   Idempotency-Key, or the same sentAt and state, as the ticket's last event) or `stale` (older than
 *   the ticket's last event). Anything but 2xx: the tool may retry.
 *
 * The ticket's `external.state` is updated in the same transaction as the rule, so a poll (if any)
 * does not report the change again and the tool echoing the bot's own change does nothing.
 *
 * The last accepted event is remembered on the ticket itself (`external.lastEventAt` / `lastEventKey`,
 * see `applyExternalStateByNumber`), in the same transaction as the state change: durable across
 * restarts, shared by several instances, and no scan of anything.
 */
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { VpnTicketActions } from '../app/vpn-ticket-actions.js';
import { SIGNATURE_HEADER, verifyWebhookSignature } from '../itsm/webhook-adapter.js';
import type { Logger } from '../observability/logger.js';
import { readRawBody } from '../server/read-body.js';

export const ITSM_EVENTS_PATH = '/api/itsm/events';
export const ITSM_EVENT_MAX_BODY_BYTES = 64 * 1024;
/** `sentAt` may be this old … */
export const ITSM_EVENT_MAX_AGE_MS = 10 * 60_000;
/** … and this far ahead of our clock. */
export const ITSM_EVENT_MAX_SKEW_MS = 2 * 60_000;
const IDEMPOTENCY_HEADER = 'idempotency-key';

export const itsmEventSchema = z.object({
  event: z.literal('ticket.state'),
  ref: z.string().trim().min(1).max(64),
  state: z.string().trim().min(1).max(64),
  sentAt: z.iso.datetime({ offset: true }),
  note: z.string().max(10_000).optional(),
});

export interface ItsmEventsDeps {
  /** ITSM_WEBHOOK_SECRET. */
  secret: string;
  tickets: Pick<VpnTicketActions, 'applyExternalStateByNumber'>;
  logger: Logger;
  now: () => Date;
}

export interface ItsmEventRequest {
  rawBody: Buffer;
  signature: string | undefined;
  idempotencyKey: string | undefined;
}

export type ItsmEventStatus = 'applied' | 'unchanged' | 'duplicate' | 'stale';

export interface ItsmEventAnswer {
  status: number;
  body: { status: ItsmEventStatus } | { error: { code: string; message: string } };
}

const error = (status: number, code: string, message: string): ItsmEventAnswer => ({ status, body: { error: { code, message } } });
const ok = (status: ItsmEventStatus): ItsmEventAnswer => ({ status: 200, body: { status } });

/** The checks and the state change of one delivery, without HTTP (the route below reads the body). */
export async function handleItsmEvent(request: ItsmEventRequest, deps: ItsmEventsDeps): Promise<ItsmEventAnswer> {
  const log = deps.logger.child({ component: 'itsm-events' });
  if (!verifyWebhookSignature(request.rawBody, request.signature, deps.secret)) {
    log.warn('itsm_event_rejected', { reason: 'signature' });
    return error(401, 'Unauthorized', 'Unauthorized');
  }
  let json: unknown;
  try {
    json = JSON.parse(request.rawBody.toString('utf8'));
  } catch {
    log.warn('itsm_event_rejected', { reason: 'malformed_json' });
    return error(400, 'BadRequest', 'Malformed JSON body');
  }
  const parsed = itsmEventSchema.safeParse(json);
  const key = request.idempotencyKey?.trim();
  if (!parsed.success || (key !== undefined && (key.length === 0 || key.length > 200))) {
    log.warn('itsm_event_rejected', { reason: 'shape' });
    return error(400, 'BadRequest', 'Not a ticket.state event');
  }
  const event = parsed.data;
  const sentAtMs = Date.parse(event.sentAt);
  const nowMs = deps.now().getTime();
  if (!Number.isFinite(sentAtMs) || sentAtMs < nowMs - ITSM_EVENT_MAX_AGE_MS || sentAtMs > nowMs + ITSM_EVENT_MAX_SKEW_MS) {
    log.warn('itsm_event_rejected', { reason: 'sent_at' });
    return error(400, 'BadRequest', 'sentAt outside the accepted window');
  }
  const ref = event.ref.toUpperCase();
  const sentAt = new Date(sentAtMs).toISOString();

  const result = await deps.tickets.applyExternalStateByNumber(ref, event.state, { system: 'webhook', sentAt, ...(key !== undefined ? { key } : {}) });
  if (!result.found) {
    log.warn('itsm_event_rejected', { reason: 'unknown_ref' });
    return error(404, 'NotFound', 'Not found');
  }
  log.info('itsm_event_received', { ticketId: result.ticketId, state: event.state, outcome: result.outcome });
  return ok(result.outcome);
}

export function registerItsmEventsEndpoint(server: Server, deps: ItsmEventsDeps & { maxBodyBytes?: number }): void {
  const limit = deps.maxBodyBytes ?? ITSM_EVENT_MAX_BODY_BYTES;
  // restify: an async handler takes (req, res) only; it ends the chain when its promise resolves.
  server.post(ITSM_EVENTS_PATH, async (req: Request, res: Response) => {
    try {
      const declared = Number(req.headers['content-length']);
      const rawBody = Number.isFinite(declared) && declared > limit ? undefined : await readRawBody(req, limit);
      if (rawBody === undefined) {
        // The rest of the body is not read: close the connection after the answer.
        return send(res, { ...error(413, 'PayloadTooLarge', 'Request body too large'), close: true });
      }
      const answer = await handleItsmEvent(
        { rawBody, signature: headerOf(req, SIGNATURE_HEADER), idempotencyKey: headerOf(req, IDEMPOTENCY_HEADER) },
        deps,
      );
      return send(res, answer);
    } catch (err) {
      deps.logger.error('itsm_event_failed', { error: err instanceof Error ? err.name : 'unknown' });
      // 5xx: the tool delivers again later; applying the same state again changes nothing.
      return send(res, error(500, 'InternalError', 'Internal error'));
    }
  });
}

function headerOf(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function send(res: Response, answer: ItsmEventAnswer & { close?: boolean }): void {
  res.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.close ? { connection: 'close' } : {}) });
  res.end(JSON.stringify(answer.body));
}
