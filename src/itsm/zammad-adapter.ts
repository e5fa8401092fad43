/**
 * ITSM adapter for Zammad's REST API (v1), token authentication (`Authorization: Token token=…`).
 *
 *   GET  /api/v1/tickets/search?query=tags:"<ref>"&expand=true   find a ticket created earlier
 *   GET  /api/v1/tags?object=Ticket&o_id=<id>                     confirm the exact tag
 *   POST /api/v1/tickets                                          create, with tags and a first note
 *   GET  /api/v1/tickets/<id>?expand=true                         state by name
 *   PUT  /api/v1/tickets/<id>                                     { state, pending_time? }
 *   POST /api/v1/ticket_articles                                  a further note
 *   GET  /api/v1/ticket_articles/by_ticket/<id>                   (only for notes with a key)
 *
 * Idempotent create: Zammad has no idempotency key. Our ref (e.g. `VPN-2026-00042`) becomes a tag
 * of the ticket and the start of its title; `createTicket` first searches for that tag and returns
 * the ticket it finds (after confirming the exact tag), so a retry after "created, but the answer
 * was lost" does not create a second ticket. Limits: the `tags:` search needs Zammad's
 * Elasticsearch, which indexes a new ticket within seconds, not at once: a retry that comes
 * sooner than that could still create a duplicate. The outbox's back-off (seconds to minutes)
 * normally covers it; the caller should also store `externalId` as soon as it has it.
 *
 * One HTTP attempt per call, no retries inside (the outbox retries); errors: itsm-errors.ts.
 */
import type { AddNoteOptions, CreateTicketInput, CreatedTicket, ItsmAdapter, ItsmPriority, ItsmState } from './itsm-port.js';
import { ItsmRequestError, itsmProtocolError } from './itsm-errors.js';
import { isRecord, parseJson, sendOnce, type FetchLike } from './itsm-http.js';

const SYSTEM = 'zammad';

export interface ZammadConfig {
  /** Zammad's address without `/api/v1`, e.g. `https://servicedesk.example.de`. */
  baseUrl: string;
  /** An access token of an agent with ticket.agent on `group` (Profile → Token Access). */
  token: string;
  /** Group (by name) the tickets go to, e.g. `Service Desk`. */
  group: string;
  /** Zammad priority names per priority; defaults: P1/P2 `3 high`, P3 `2 normal`, P4 `1 low`. */
  priorities?: Partial<Record<ItsmPriority, string>>;
  /** Tags added besides our ref, e.g. `['vpn', 'teams-bot']`. No commas. */
  extraTags?: string[];
  /** Customer (login or e-mail of an existing Zammad user) when the reporter has no e-mail. */
  fallbackCustomer?: string;
  /** Subject of further notes; default `Teams-Bot`. */
  noteSubject?: string;
  /** `pending` is Zammad's `pending reminder`, which needs a reminder time: now + this. Default 24 h. */
  pendingReminderMs?: number;
  /** Per request; default 10 s. */
  timeoutMs?: number;
  fetch?: FetchLike;
  now?: () => number;
}

export const DEFAULT_ZAMMAD_PRIORITIES: Record<ItsmPriority, string> = {
  P1: '3 high',
  P2: '3 high',
  P3: '2 normal',
  P4: '1 low',
};

const TO_ZAMMAD_STATE: Record<ItsmState, string> = { open: 'open', pending: 'pending reminder', closed: 'closed' };

/** Zammad's default state names → ours. */
const FROM_ZAMMAD_STATE: Record<string, ItsmState> = {
  new: 'open',
  open: 'open',
  'pending reminder': 'pending',
  'pending close': 'pending',
  closed: 'closed',
  merged: 'closed',
};

export function createZammadAdapter(config: ZammadConfig): ItsmAdapter {
  const base = config.baseUrl.replace(/\/+$/, '');
  const timeoutMs = config.timeoutMs ?? 10_000;
  const now = config.now ?? Date.now;
  const priorities = { ...DEFAULT_ZAMMAD_PRIORITIES, ...config.priorities };
  const extraTags = config.extraTags ?? [];
  for (const tag of extraTags) if (tag.includes(',')) throw new Error(`Zammad tag must not contain a comma: ${tag}`);

  async function call(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<unknown> {
    const answer = await sendOnce({
      system: SYSTEM,
      method,
      url: `${base}/api/v1${path}`,
      headers: {
        authorization: `Token token=${config.token}`,
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      timeoutMs,
      ...(config.fetch ? { fetch: config.fetch } : {}),
      now,
    });
    return parseJson(SYSTEM, answer);
  }

  async function findByRef(ref: string): Promise<CreatedTicket | undefined> {
    const query = new URLSearchParams({ query: `tags:"${ref}"`, expand: 'true', per_page: '20' });
    const found = await call('GET', `/tickets/search?${query.toString()}`);
    if (!Array.isArray(found)) throw itsmProtocolError(SYSTEM, 200, 'ticket search did not return a list');
    const wanted = ref.toLowerCase();
    for (const candidate of found) {
      const ticket = readTicket(candidate);
      const tags = await call('GET', `/tags?${new URLSearchParams({ object: 'Ticket', o_id: ticket.externalId }).toString()}`);
      const list = isRecord(tags) && Array.isArray(tags['tags']) ? tags['tags'] : [];
      if (list.some((t) => typeof t === 'string' && t.toLowerCase() === wanted)) return ticket;
    }
    return undefined;
  }

  return {
    async createTicket(input: CreateTicketInput): Promise<CreatedTicket> {
      if (input.ref.trim() === '' || input.ref.includes(',')) throw invalid(`ref must be non-empty and without commas: "${input.ref}"`);
      const customer = customerFields(input.reporter, config.fallbackCustomer);
      const existing = await findByRef(input.ref);
      if (existing) return existing;
      const created = await call('POST', '/tickets', {
        title: `[${input.ref}] ${input.title}`,
        group: config.group,
        ...customer,
        state: 'new',
        priority: priorities[input.priority],
        tags: [input.ref, ...extraTags].join(','),
        article: {
          subject: input.title,
          body: reporterLine(input.reporter) + input.body,
          type: 'note',
          internal: false,
          content_type: 'text/plain',
        },
      });
      return readTicket(created);
    },

    async addNote(externalId: string, text: string, options?: AddNoteOptions): Promise<void> {
      const id = ticketId(externalId);
      const subject = options?.key ? `${config.noteSubject ?? 'Teams-Bot'} [${options.key}]` : (config.noteSubject ?? 'Teams-Bot');
      if (options?.key) {
        const articles = await call('GET', `/ticket_articles/by_ticket/${id}`);
        if (!Array.isArray(articles)) throw itsmProtocolError(SYSTEM, 200, 'articles are not a list');
        if (articles.some((a) => isRecord(a) && a['subject'] === subject)) return;
      }
      await call('POST', '/ticket_articles', {
        ticket_id: id,
        subject,
        body: text,
        type: 'note',
        internal: false,
        content_type: 'text/plain',
      });
    },

    async setState(externalId: string, state: ItsmState): Promise<void> {
      const id = ticketId(externalId);
      const pendingTime = state === 'pending' ? { pending_time: new Date(now() + (config.pendingReminderMs ?? 86_400_000)).toISOString() } : {};
      await call('PUT', `/tickets/${id}`, { state: TO_ZAMMAD_STATE[state], ...pendingTime });
    },

    async getState(externalId: string): Promise<ItsmState | string> {
      const id = ticketId(externalId);
      const ticket = await call('GET', `/tickets/${id}?expand=true`);
      const name = isRecord(ticket) ? ticket['state'] : undefined;
      if (typeof name !== 'string') throw itsmProtocolError(SYSTEM, 200, 'ticket without state name');
      return FROM_ZAMMAD_STATE[name] ?? name;
    },
  };
}

function readTicket(value: unknown): CreatedTicket {
  if (!isRecord(value) || typeof value['id'] !== 'number') throw itsmProtocolError(SYSTEM, 200, 'ticket without id');
  const number = value['number'];
  return { externalId: String(value['id']), ...(typeof number === 'string' || typeof number === 'number' ? { externalNumber: String(number) } : {}) };
}

function ticketId(externalId: string): number {
  if (!/^\d+$/.test(externalId)) throw invalid(`not a Zammad ticket id: "${externalId}"`);
  return Number(externalId);
}

/** `customer_id: "guess:<email>"` finds the Zammad user by e-mail or creates one. */
function customerFields(reporter: CreateTicketInput['reporter'], fallback: string | undefined): Record<string, string> {
  if (reporter.email) return { customer_id: `guess:${reporter.email}` };
  if (fallback) return { customer: fallback };
  throw invalid('the reporter has no e-mail and no fallbackCustomer is configured');
}

function reporterLine(reporter: CreateTicketInput['reporter']): string {
  const who = [reporter.name, reporter.email ? `<${reporter.email}>` : undefined].filter(Boolean).join(' ');
  return who === '' ? '' : `Gemeldet von: ${who}\n\n`;
}

/** Our own bad input: retrying cannot help. */
function invalid(message: string): ItsmRequestError {
  return new ItsmRequestError({ system: SYSTEM, status: 0, kind: 'client', permanent: true, message: `zammad: ${message}` });
}
