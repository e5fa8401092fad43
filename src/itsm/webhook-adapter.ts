/**
 * ITSM adapter for a generic JSON webhook: any tool (or an integration platform in front of one)
 * that accepts signed POSTs.
 *
 *   POST <url>   { event: 'ticket.created', ref, title, body, priority, reporter, sentAt }
 *                { event: 'ticket.note',    ref, text, key?, sentAt }
 *                { event: 'ticket.state',   ref, state, sentAt }
 *   headers      content-type: application/json
 *                X-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the shared secret>
 *                Idempotency-Key: <ref>:<event>  (note: <ref>:ticket.note:<key or hash of text>;
 *                                                 state: <ref>:ticket.state:<state>)
 *                X-Event: <event>
 *   answer       any 2xx; for ticket.created optionally JSON { externalId | id, number }, else
 *                `externalId` is our ref.
 *
 *   GET <stateUrl with {ref} replaced>   optional, for getState: answer JSON { state }; the request
 *                carries X-Signature-256 over the string `GET <path and query>`.
 *
 * The receiver verifies with `verifyWebhookSignature(rawBody, header, secret)` and de-duplicates by
 * Idempotency-Key (the outbox may send a request again after a timeout). `sentAt` lets it refuse
 * old replays. Errors: itsm-errors.ts (429/503 → retryAfterMs, 5xx/network → transient,
 * 401/403/422 → permanent).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { AddNoteOptions, CreateTicketInput, CreatedTicket, ItsmAdapter, ItsmState } from './itsm-port.js';
import { ItsmRequestError, itsmProtocolError } from './itsm-errors.js';
import { isRecord, parseJson, sendOnce, type FetchLike } from './itsm-http.js';

const SYSTEM = 'webhook';
export const SIGNATURE_HEADER = 'x-signature-256';

export type WebhookEvent = 'ticket.created' | 'ticket.note' | 'ticket.state';

export interface WebhookConfig {
  url: string;
  /** Shared secret for the HMAC (at least 16 characters). */
  secret: string;
  /** Optional state endpoint, `{ref}` is replaced, e.g. `https://itsm.example.de/tickets/{ref}`. */
  stateUrl?: string;
  /** Per request; default 10 s. */
  timeoutMs?: number;
  fetch?: FetchLike;
  now?: () => number;
}

/** `sha256=<hex>` of the raw body. */
export function signWebhookBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** For receivers: true when `header` is the signature of exactly this raw body (constant time). */
export function verifyWebhookSignature(rawBody: string | Buffer, header: string | undefined, secret: string): boolean {
  if (!header?.startsWith('sha256=')) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(header.slice('sha256='.length), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function createWebhookAdapter(config: WebhookConfig): ItsmAdapter {
  if (config.secret.length < 16) throw new Error('webhook secret must have at least 16 characters');
  const timeoutMs = config.timeoutMs ?? 10_000;
  const now = config.now ?? Date.now;

  async function post(event: WebhookEvent, idempotencyKey: string, payload: Record<string, unknown>): Promise<string> {
    const body = JSON.stringify({ event, ...payload, sentAt: new Date(now()).toISOString() });
    const answer = await sendOnce({
      system: SYSTEM,
      method: 'POST',
      url: config.url,
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        [SIGNATURE_HEADER]: signWebhookBody(body, config.secret),
        'idempotency-key': idempotencyKey,
        'x-event': event,
      },
      body,
      timeoutMs,
      ...(config.fetch ? { fetch: config.fetch } : {}),
      now,
    });
    return answer.text;
  }

  return {
    async createTicket(input: CreateTicketInput): Promise<CreatedTicket> {
      const text = await post('ticket.created', `${input.ref}:ticket.created`, {
        ref: input.ref,
        title: input.title,
        body: input.body,
        priority: input.priority,
        reporter: input.reporter,
      });
      return readCreated(text, input.ref);
    },

    async addNote(externalId: string, text: string, options?: AddNoteOptions): Promise<void> {
      const key = options?.key ?? createHash('sha256').update(text).digest('hex').slice(0, 16);
      await post('ticket.note', `${externalId}:ticket.note:${key}`, { ref: externalId, text, ...(options?.key ? { key: options.key } : {}) });
    },

    async setState(externalId: string, state: ItsmState): Promise<void> {
      await post('ticket.state', `${externalId}:ticket.state:${state}`, { ref: externalId, state });
    },

    async getState(externalId: string): Promise<ItsmState | string> {
      if (!config.stateUrl) {
        throw new ItsmRequestError({ system: SYSTEM, status: 0, kind: 'client', permanent: true, message: 'webhook: no stateUrl configured' });
      }
      const url = new URL(config.stateUrl.replace('{ref}', encodeURIComponent(externalId)));
      const answer = await sendOnce({
        system: SYSTEM,
        method: 'GET',
        url: url.toString(),
        headers: { accept: 'application/json', [SIGNATURE_HEADER]: signWebhookBody(`GET ${url.pathname}${url.search}`, config.secret) },
        timeoutMs,
        ...(config.fetch ? { fetch: config.fetch } : {}),
        now,
      });
      const body = parseJson(SYSTEM, answer);
      if (!isRecord(body) || typeof body['state'] !== 'string') throw itsmProtocolError(SYSTEM, answer.status, 'no state');
      return body['state'];
    },
  };
}

function readCreated(text: string, ref: string): CreatedTicket {
  if (text.trim() === '') return { externalId: ref };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { externalId: ref };
  }
  if (!isRecord(body)) return { externalId: ref };
  const id = body['externalId'] ?? body['id'];
  const number = body['number'];
  return {
    externalId: typeof id === 'string' || typeof id === 'number' ? String(id) : ref,
    ...(typeof number === 'string' || typeof number === 'number' ? { externalNumber: String(number) } : {}),
  };
}
