/**
 * A local Zammad (REST API v1) on node:http, speaking Zammad's request/response shapes, in memory.
 *
 *   POST /api/v1/tickets                       { title, group, customer_id ('guess:<email>') | customer,
 *                                              state?, priority?, tags? ('a,b'), article? } → 201 ticket
 *                                              (attributes with *_id); 422 for an unknown group /
 *                                              state / priority, a missing title / group / customer,
 *                                              or a pending state without pending_time
 *   GET  /api/v1/tickets/:id[?expand=true]      expand adds group/state/priority/customer names
 *   PUT  /api/v1/tickets/:id                    { state?, pending_time?, priority?, title? }
 *   GET  /api/v1/tickets/search?query=tags:"x"  only this query form (and `number:N`); expand=true → list
 *                                              of expanded tickets, else { tickets, tickets_count, assets }
 *   GET  /api/v1/tags?object=Ticket&o_id=:id    { tags: [...] }
 *   POST /api/v1/ticket_articles                { ticket_id, subject?, body, type, internal, content_type }
 *   GET  /api/v1/ticket_articles/by_ticket/:id  list of articles
 *
 * Auth: `Authorization: Token token=<token>`, else 401 `{ error: 'Authentication required' }`.
 * Faults: `failNext(n, status, headers?, body?, match?)`, `createThenTimeout(n)` (the ticket is
 * stored but no answer is ever sent), `indexDelay(n)` (the next n searches do not see tickets yet).
 * Inspection: `tickets` (with `tags` and `articles`), `requests`.
 * The desk working in Zammad's UI: `setTicketState(id, 'closed')`, `addAgentNote(id, text)`.
 */
import { closeServer, listenOnLoopback } from './loopback-server.js';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface ZammadArticle {
  id: number;
  ticket_id: number;
  type: string;
  sender: string;
  subject: string | null;
  body: string;
  content_type: string;
  internal: boolean;
  created_at: string;
}

export interface ZammadTicket {
  id: number;
  number: string;
  title: string;
  group_id: number;
  state_id: number;
  priority_id: number;
  customer_id: number;
  owner_id: number;
  pending_time: string | null;
  article_count: number;
  created_at: string;
  updated_at: string;
  /** Not part of the ticket resource in Zammad (see /api/v1/tags); kept here for inspection. */
  tags: string[];
  articles: ZammadArticle[];
}

export interface ZammadUser {
  id: number;
  email: string;
  login: string;
}

export interface RecordedZammadRequest {
  method: string;
  path: string;
  status: number | 'no-answer';
  body?: unknown;
}

interface Failure {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  match?: { method?: string; path?: RegExp };
}

export const ZAMMAD_STATES: Record<number, string> = {
  1: 'new',
  2: 'open',
  3: 'pending reminder',
  4: 'closed',
  5: 'merged',
  7: 'pending close',
};
export const ZAMMAD_PRIORITIES: Record<number, string> = { 1: '1 low', 2: '2 normal', 3: '3 high' };

function idByName(table: Record<number, string>, name: unknown): number | undefined {
  const hit = Object.entries(table).find(([, n]) => n === name);
  return hit ? Number(hit[0]) : undefined;
}

export class FakeZammad {
  readonly tickets: ZammadTicket[] = [];
  readonly users: ZammadUser[] = [{ id: 1, email: 'bot@example.de', login: 'bot@example.de' }];
  readonly groups: Record<number, string> = { 1: 'Users', 2: 'Service Desk' };
  readonly requests: RecordedZammadRequest[] = [];

  private server: Server | undefined;
  private baseUrl = '';
  private failures: Failure[] = [];
  private hangCreates = 0;
  private searchBlind = 0;
  private nextArticleId = 1;
  private readonly hanging = new Set<ServerResponse>();

  constructor(readonly token = 'zammad-test-token') {}

  /** Starts on a free port; resolves with the base URL (without /api/v1). */
  async start(): Promise<string> {
    const server = createServer((req, res) => {
      void this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: String(err) }));
      });
    });
    this.server = server;
    const port = await listenOnLoopback(server);
    this.baseUrl = `http://127.0.0.1:${port}`;
    return this.baseUrl;
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

  // ------------------------------------------------------------------ faults

  failNext(n: number, status: number, headers: Record<string, string> = {}, body: unknown = { error: `fake failure ${status}` }, match?: Failure['match']): this {
    for (let i = 0; i < n; i += 1) this.failures.push({ status, headers, body, ...(match ? { match } : {}) });
    return this;
  }

  /** The next n ticket creations are stored, but no answer is sent (the client times out). */
  createThenTimeout(n = 1): this {
    this.hangCreates += n;
    return this;
  }

  /** The next n searches find nothing (Elasticsearch has not indexed yet). */
  indexDelay(n = 1): this {
    this.searchBlind += n;
    return this;
  }

  // ------------------------------------------------------------------ inspection

  ticketByTag(tag: string): ZammadTicket[] {
    return this.tickets.filter((t) => t.tags.some((x) => x.toLowerCase() === tag.toLowerCase()));
  }

  stateOf(ticket: ZammadTicket): string {
    return ZAMMAD_STATES[ticket.state_id] ?? String(ticket.state_id);
  }

  priorityOf(ticket: ZammadTicket): string {
    return ZAMMAD_PRIORITIES[ticket.priority_id] ?? String(ticket.priority_id);
  }

  customerOf(ticket: ZammadTicket): ZammadUser | undefined {
    return this.users.find((u) => u.id === ticket.customer_id);
  }

  // ------------------------------------------------------------------ the desk in Zammad's UI

  /** An agent changes the state in Zammad (by state name, e.g. `closed`, `pending reminder`). */
  setTicketState(id: number | string, state: string): ZammadTicket {
    const ticket = this.find(String(id));
    if (!ticket) throw new Error(`fake Zammad: no ticket ${String(id)}`);
    const stateId = idByName(ZAMMAD_STATES, state);
    if (stateId === undefined) throw new Error(`fake Zammad: unknown state ${state}`);
    ticket.state_id = stateId;
    ticket.pending_time = state.startsWith('pending') ? new Date(Date.now() + 86_400_000).toISOString() : null;
    ticket.updated_at = new Date().toISOString();
    return ticket;
  }

  /** An agent writes a note in Zammad. */
  addAgentNote(id: number | string, text: string, internal = false): ZammadArticle {
    const ticket = this.find(String(id));
    if (!ticket) throw new Error(`fake Zammad: no ticket ${String(id)}`);
    const article = this.article(ticket, { body: text, type: 'note', internal, content_type: 'text/plain' });
    if ('error' in article) throw new Error(`fake Zammad: ${article.error}`);
    return article;
  }

  // ------------------------------------------------------------------ HTTP

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const path = url.pathname;
    let body: unknown;
    if (raw !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        return this.send(res, method, path, body, 400, { error: 'invalid JSON' });
      }
    }
    if (req.headers.authorization !== `Token token=${this.token}`) {
      return this.send(res, method, path, body, 401, { error: 'Authentication required' });
    }
    const failureIndex = this.failures.findIndex((f) => (!f.match?.method || f.match.method === method) && (!f.match?.path || f.match.path.test(path)));
    if (failureIndex >= 0) {
      const [failure] = this.failures.splice(failureIndex, 1);
      if (failure) return this.send(res, method, path, body, failure.status, failure.body, failure.headers);
    }
    const answer = this.route(method, path, url.searchParams, body);
    if (answer === 'hang') {
      this.requests.push({ method, path, status: 'no-answer', body });
      this.hanging.add(res);
      return;
    }
    return this.send(res, method, path, body, answer.status, answer.body);
  }

  private send(res: ServerResponse, method: string, path: string, reqBody: unknown, status: number, body: unknown, headers: Record<string, string> = {}): void {
    this.requests.push({ method, path, status, body: reqBody });
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  }

  private route(method: string, path: string, query: URLSearchParams, body: unknown): { status: number; body: unknown } | 'hang' {
    let m: RegExpMatchArray | null;
    if (method === 'POST' && path === '/api/v1/tickets') return this.createTicket(body);
    if (method === 'GET' && path === '/api/v1/tickets/search') return this.search(query);
    if (method === 'GET' && path === '/api/v1/tags') {
      const ticket = this.find(query.get('o_id'));
      return ticket && query.get('object') === 'Ticket' ? { status: 200, body: { tags: ticket.tags } } : notFound();
    }
    if ((m = /^\/api\/v1\/tickets\/(\d+)$/.exec(path))) {
      const ticket = this.find(m[1]);
      if (!ticket) return notFound();
      if (method === 'GET') return { status: 200, body: query.get('expand') === 'true' ? this.expanded(ticket) : resource(ticket) };
      if (method === 'PUT') return this.update(ticket, body);
    }
    if (method === 'POST' && path === '/api/v1/ticket_articles') return this.createArticle(body);
    if (method === 'GET' && (m = /^\/api\/v1\/ticket_articles\/by_ticket\/(\d+)$/.exec(path))) {
      const ticket = this.find(m[1]);
      return ticket ? { status: 200, body: ticket.articles } : notFound();
    }
    return { status: 404, body: { error: `No route matches [${method}] "${path}"` } };
  }

  private createTicket(body: unknown): { status: number; body: unknown } | 'hang' {
    if (!isRecord(body)) return unprocessable('body missing');
    if (typeof body['title'] !== 'string' || body['title'] === '') return unprocessable("Missing required value for field 'title'!");
    const groupId = idByName(this.groups, body['group']) ?? (typeof body['group_id'] === 'number' ? body['group_id'] : undefined);
    if (groupId === undefined || !(groupId in this.groups)) return unprocessable(`No lookup value found for 'group': ${JSON.stringify(body['group'])}`);
    const customer = this.customer(body);
    if (!customer) return unprocessable("Missing required value for field 'customer_id'!");
    const stateId = body['state'] === undefined ? 1 : idByName(ZAMMAD_STATES, body['state']);
    if (stateId === undefined) return unprocessable(`No lookup value found for 'state': ${JSON.stringify(body['state'])}`);
    const priorityId = body['priority'] === undefined ? 2 : idByName(ZAMMAD_PRIORITIES, body['priority']);
    if (priorityId === undefined) return unprocessable(`No lookup value found for 'priority': ${JSON.stringify(body['priority'])}`);
    const at = new Date().toISOString();
    const id = this.tickets.length + 1;
    const ticket: ZammadTicket = {
      id,
      number: String(31000 + id),
      title: body['title'],
      group_id: groupId,
      state_id: stateId,
      priority_id: priorityId,
      customer_id: customer.id,
      owner_id: 1,
      pending_time: null,
      article_count: 0,
      created_at: at,
      updated_at: at,
      tags: typeof body['tags'] === 'string' ? body['tags'].split(',').filter((t) => t !== '') : [],
      articles: [],
    };
    if (isRecord(body['article'])) {
      const article = this.article(ticket, body['article']);
      if ('error' in article) return unprocessable(article.error);
    }
    this.tickets.push(ticket);
    if (this.hangCreates > 0) {
      this.hangCreates -= 1;
      return 'hang';
    }
    return { status: 201, body: resource(ticket) };
  }

  private update(ticket: ZammadTicket, body: unknown): { status: number; body: unknown } {
    if (!isRecord(body)) return unprocessable('body missing');
    if (body['state'] !== undefined) {
      const stateId = idByName(ZAMMAD_STATES, body['state']);
      if (stateId === undefined) return unprocessable(`No lookup value found for 'state': ${JSON.stringify(body['state'])}`);
      const pending = String(body['state']).startsWith('pending');
      if (pending && typeof body['pending_time'] !== 'string') return unprocessable("Missing required value for field 'pending_time'!");
      ticket.state_id = stateId;
      ticket.pending_time = pending ? String(body['pending_time']) : null;
    }
    if (body['priority'] !== undefined) {
      const priorityId = idByName(ZAMMAD_PRIORITIES, body['priority']);
      if (priorityId === undefined) return unprocessable('unknown priority');
      ticket.priority_id = priorityId;
    }
    if (typeof body['title'] === 'string') ticket.title = body['title'];
    ticket.updated_at = new Date().toISOString();
    return { status: 200, body: resource(ticket) };
  }

  private createArticle(body: unknown): { status: number; body: unknown } {
    if (!isRecord(body)) return unprocessable('body missing');
    const ticket = this.find(String(body['ticket_id']));
    if (!ticket) return unprocessable("Missing required value for field 'ticket_id'!");
    const article = this.article(ticket, body);
    return 'error' in article ? unprocessable(article.error) : { status: 201, body: article };
  }

  private article(ticket: ZammadTicket, body: Record<string, unknown>): ZammadArticle | { error: string } {
    if (typeof body['body'] !== 'string' || body['body'] === '') return { error: "Missing required value for field 'body'!" };
    const type = typeof body['type'] === 'string' ? body['type'] : 'note';
    if (!['note', 'web', 'phone', 'email'].includes(type)) return { error: `No lookup value found for 'type': "${type}"` };
    const article: ZammadArticle = {
      id: this.nextArticleId++,
      ticket_id: ticket.id,
      type,
      sender: 'Agent',
      subject: typeof body['subject'] === 'string' ? body['subject'] : null,
      body: body['body'],
      content_type: typeof body['content_type'] === 'string' ? body['content_type'] : 'text/html',
      internal: body['internal'] === true,
      created_at: new Date().toISOString(),
    };
    ticket.articles.push(article);
    ticket.article_count = ticket.articles.length;
    return article;
  }

  private search(query: URLSearchParams): { status: number; body: unknown } {
    const q = query.get('query') ?? '';
    let hits: ZammadTicket[];
    const tag = /^tags:"?([^"]+)"?$/.exec(q);
    const number = /^number:(\d+)$/.exec(q);
    if (tag?.[1]) hits = this.ticketByTag(tag[1]);
    else if (number) hits = this.tickets.filter((t) => t.number === number[1]);
    else return { status: 422, body: { error: `fake search supports only tags:"x" and number:N, got ${q}` } };
    if (this.searchBlind > 0) {
      this.searchBlind -= 1;
      hits = [];
    }
    if (query.get('expand') === 'true') return { status: 200, body: hits.map((t) => this.expanded(t)) };
    return {
      status: 200,
      body: { tickets: hits.map((t) => t.id), tickets_count: hits.length, assets: { Ticket: Object.fromEntries(hits.map((t) => [String(t.id), resource(t)])) } },
    };
  }

  private customer(body: Record<string, unknown>): ZammadUser | undefined {
    const guess = typeof body['customer_id'] === 'string' ? /^guess:(.+)$/.exec(body['customer_id']) : null;
    if (guess?.[1]) {
      const email = guess[1].toLowerCase();
      const known = this.users.find((u) => u.email === email);
      if (known) return known;
      const user = { id: this.users.length + 1, email, login: email };
      this.users.push(user);
      return user;
    }
    if (typeof body['customer_id'] === 'number') return this.users.find((u) => u.id === body['customer_id']);
    if (typeof body['customer'] === 'string') {
      const key = body['customer'].toLowerCase();
      return this.users.find((u) => u.login === key || u.email === key);
    }
    return undefined;
  }

  private find(id: string | null | undefined): ZammadTicket | undefined {
    return this.tickets.find((t) => String(t.id) === id);
  }

  private expanded(ticket: ZammadTicket): Record<string, unknown> {
    return {
      ...resource(ticket),
      group: this.groups[ticket.group_id],
      state: this.stateOf(ticket),
      priority: this.priorityOf(ticket),
      customer: this.customerOf(ticket)?.login,
      owner: '-',
    };
  }
}

/** The ticket as Zammad's API shows it (attributes with association ids; no tags, no articles). */
function resource(ticket: ZammadTicket): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...ticket };
  delete rest['tags'];
  delete rest['articles'];
  return { ...rest, organization_id: null, create_article_type_id: 10, create_article_sender_id: 1 };
}

function notFound(): { status: number; body: unknown } {
  return { status: 404, body: { error: "Couldn't find Ticket with 'id'", error_human: 'No such object.' } };
}

function unprocessable(error: string): { status: number; body: unknown } {
  return { status: 422, body: { error, error_human: error } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
