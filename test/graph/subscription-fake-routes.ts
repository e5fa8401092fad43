/**
 * Endpoints the absence / subscription / presence / directory tests add to the fake Graph through
 * its extension API (`FakeGraph.route`):
 *
 *   POST   /subscriptions                         validates notificationUrl like Graph (POST
 *                                                 ?validationToken=… must echo the token as
 *                                                 text/plain, 200, within 10 s), then 201
 *   PATCH  /subscriptions/{id}                    new expirationDateTime; 404 when unknown
 *   DELETE /subscriptions/{id}
 *   GET    /users/{id}/calendarView/delta         first call: every event in the window + a
 *                                                 deltaLink; with $deltatoken: only what changed
 *                                                 since (deleted → `@removed`); `pageSize` items
 *                                                 per page (@odata.nextLink)
 *   POST   /communications/getPresencesByUserId   ≤ 650 ids, else 400
 *   GET    /users/{id}, /users/{id}/manager, /users/{id}/directReports, /users?$filter=department eq '…'
 *
 * `refused` holds mailbox ids outside the app's Exchange RBAC scope: every request for them
 * (subscription, delta, events) is answered 403 ErrorAccessDenied, as Exchange does.
 * `lifecycle(...)` sends a lifecycle notification (reauthorizationRequired, subscriptionRemoved,
 * missed) to the subscription's lifecycleNotificationUrl.
 *
 * `notify(...)` sends a change notification to a subscription's notificationUrl the way Graph does.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { DeskBooking } from '../../src/domain/desk-model.js';
import type { FakeGraph, FakeResponse, GraphEvent } from '../fakes/fake-graph.js';
import { actionData, PEOPLE, type Harness } from '../support/app-harness.js';
import { graphError } from '../fakes/fake-graph.js';

export interface FakeSubscription {
  id: string;
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl?: string;
  clientState: string;
  expirationDateTime: string;
}

export interface FakeUser {
  id: string;
  displayName: string;
  mail?: string;
  department?: string;
  managerId?: string;
  /** Graph `preferredLanguage`, e.g. "en-US". */
  preferredLanguage?: string;
}

export interface CalendarRoutes {
  subscriptions: Map<string, FakeSubscription>;
  presences: Map<string, { availability: string; activity: string }>;
  users: Map<string, FakeUser>;
  /** Items per delta page. */
  pageSize: number;
  /** Mailboxes (lower-case ids) outside the RBAC scope: 403 for everything about them. */
  refused: Set<string>;
  lifecycle(subscriptionId: string, lifecycleEvent: 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed'): Promise<number>;
  notify(subscriptionId: string, changeType: 'created' | 'updated' | 'deleted', eventId: string, clientState?: string): Promise<number>;
}

export function installCalendarRoutes(fake: FakeGraph): CalendarRoutes {
  const subscriptions = new Map<string, FakeSubscription>();
  const presences = new Map<string, { availability: string; activity: string }>();
  const users = new Map<string, FakeUser>();
  /** delta token → the mailbox as JSON per event id at that moment. */
  const snapshots = new Map<string, Map<string, string>>();
  let counter = 0;

  const state: CalendarRoutes = {
    subscriptions,
    presences,
    users,
    pageSize: 50,
    refused: new Set<string>(),
    async lifecycle(subscriptionId, lifecycleEvent) {
      const sub = subscriptions.get(subscriptionId);
      if (!sub?.lifecycleNotificationUrl) throw new Error(`no lifecycle URL for ${subscriptionId}`);
      const res = await fetch(sub.lifecycleNotificationUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          value: [
            {
              subscriptionId,
              subscriptionExpirationDateTime: sub.expirationDateTime,
              tenantId: '11111111-2222-3333-4444-555555555555',
              clientState: sub.clientState,
              lifecycleEvent,
            },
          ],
        }),
      });
      return res.status;
    },
    async notify(subscriptionId, changeType, eventId, clientState) {
      const sub = subscriptions.get(subscriptionId);
      if (!sub) throw new Error(`no subscription ${subscriptionId}`);
      const userId = /^\/users\/([^/]+)/.exec(sub.resource)?.[1] ?? '';
      const res = await fetch(sub.notificationUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          value: [
            {
              subscriptionId,
              subscriptionExpirationDateTime: sub.expirationDateTime,
              changeType,
              resource: `Users/${userId}/Events/${eventId}`,
              resourceData: { '@odata.type': '#Microsoft.Graph.Event', '@odata.id': `Users/${userId}/Events/${eventId}`, id: eventId },
              clientState: clientState ?? sub.clientState,
              tenantId: '11111111-2222-3333-4444-555555555555',
            },
          ],
        }),
      });
      return res.status;
    },
  };

  fake.route('POST', /^\/subscriptions$/, async ({ body }): Promise<FakeResponse> => {
    const b = body as Partial<FakeSubscription> | undefined;
    if (!b?.notificationUrl || !b.resource || !b.expirationDateTime || !b.changeType) return graphError(400, 'InvalidRequest', 'missing fields');
    const owner = (/^\/users\/([^/]+)/i.exec(b.resource)?.[1] ?? '').toLowerCase();
    if (state.refused.has(owner)) return refusedAnswer();
    const token = `token-${++counter}`;
    try {
      const res = await fetch(`${b.notificationUrl}?validationToken=${encodeURIComponent(token)}`, { method: 'POST', signal: AbortSignal.timeout(10_000) });
      const text = await res.text();
      if (res.status !== 200 || text !== token || !(res.headers.get('content-type') ?? '').startsWith('text/plain')) {
        return graphError(400, 'ValidationError', 'Subscription validation request failed. Response must exactly match validationToken query parameter.');
      }
    } catch {
      return graphError(400, 'ValidationError', 'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.');
    }
    const sub: FakeSubscription = {
      id: `sub-${counter}`,
      resource: b.resource,
      changeType: b.changeType,
      notificationUrl: b.notificationUrl,
      ...(b.lifecycleNotificationUrl ? { lifecycleNotificationUrl: b.lifecycleNotificationUrl } : {}),
      clientState: b.clientState ?? '',
      expirationDateTime: b.expirationDateTime,
    };
    subscriptions.set(sub.id, sub);
    return { status: 201, body: { ...sub, clientState: undefined } };
  });
  fake.route('PATCH', /^\/subscriptions\/([^/]+)$/, ({ params: [id = ''], body }) => {
    const sub = subscriptions.get(id);
    if (!sub) return graphError(404, 'ResourceNotFound', 'The object was not found.');
    sub.expirationDateTime = (body as { expirationDateTime: string }).expirationDateTime;
    return { status: 200, body: { ...sub, clientState: undefined } };
  });
  fake.route('DELETE', /^\/subscriptions\/([^/]+)$/, ({ params: [id = ''] }) =>
    subscriptions.delete(id) ? { status: 204 } : graphError(404, 'ResourceNotFound', 'The object was not found.'),
  );

  fake.route('GET', /^\/users\/([^/]+)\/calendarView\/delta$/i, ({ params: [user = ''], query }) => {
    if (state.refused.has(user.toLowerCase())) return refusedAnswer();
    const events = fake.events(user);
    const current = new Map(events.map((e) => [e.id ?? '', JSON.stringify(e)]));
    const skip = Number(query.get('$skip') ?? '0');
    let items: unknown[];
    const token = query.get('$deltatoken');
    const base = query.get('$base');
    if (token !== null) {
      const before = snapshots.get(token);
      if (!before) return graphError(410, 'SyncStateNotFound', 'The sync state generation is not found.');
      items = [
        ...events.filter((e) => before.get(e.id ?? '') !== current.get(e.id ?? '')),
        ...[...before.keys()].filter((id) => !current.has(id)).map((id) => ({ id, '@removed': { reason: 'deleted' } })),
      ];
    } else if (base !== null) {
      const before = snapshots.get(base) ?? new Map<string, string>();
      items = [
        ...events.filter((e) => before.get(e.id ?? '') !== current.get(e.id ?? '')),
        ...[...before.keys()].filter((id) => !current.has(id)).map((id) => ({ id, '@removed': { reason: 'deleted' } })),
      ];
    } else {
      if (!query.get('startDateTime') || !query.get('endDateTime')) return graphError(400, 'ErrorInvalidParameter', 'window required');
      const from = Date.parse(`${query.get('startDateTime') ?? ''}Z`);
      const to = Date.parse(`${query.get('endDateTime') ?? ''}Z`);
      items = events.filter((e) => Date.parse(`${e.start?.dateTime ?? ''}Z`) < to && Date.parse(`${e.end?.dateTime ?? ''}Z`) > from);
    }
    const page = items.slice(skip, skip + state.pageSize);
    const url = (q: Record<string, string>) => `${fake.url}/users/${encodeURIComponent(user)}/calendarView/delta?${new URLSearchParams(q).toString()}`;
    if (skip + state.pageSize < items.length) {
      const next: Record<string, string> = Object.fromEntries(query.entries());
      next.$skip = String(skip + state.pageSize);
      // later pages compare against the same start
      if (token !== null) {
        delete next.$deltatoken;
        next.$base = token;
      }
      return { status: 200, body: { value: page, '@odata.nextLink': url(next) } };
    }
    const newToken = `delta-${++counter}`;
    snapshots.set(newToken, current);
    return { status: 200, body: { value: page, '@odata.deltaLink': url({ $deltatoken: newToken }) } };
  });

  fake.route('POST', /^\/communications\/getPresencesByUserId$/, ({ body }) => {
    const ids = (body as { ids?: unknown } | undefined)?.ids;
    if (!Array.isArray(ids) || ids.length === 0) return graphError(400, 'BadRequest', 'ids required');
    if (ids.length > 650) return graphError(400, 'BadRequest', 'Too many ids (at most 650).');
    return {
      status: 200,
      body: {
        value: ids.map((id) => ({ id: String(id), ...(presences.get(String(id).toLowerCase()) ?? { availability: 'PresenceUnknown', activity: 'PresenceUnknown' }) })),
      },
    };
  });

  const userBody = (u: FakeUser) => ({
    '@odata.type': '#microsoft.graph.user',
    id: u.id,
    displayName: u.displayName,
    mail: u.mail ?? null,
    department: u.department ?? null,
    preferredLanguage: u.preferredLanguage ?? null,
  });
  const notFound = () => graphError(404, 'Request_ResourceNotFound', 'Resource does not exist.');
  fake.route('GET', /^\/users\/([^/]+)$/i, ({ params: [id = ''] }) => {
    const u = users.get(id.toLowerCase());
    return u ? { status: 200, body: userBody(u) } : notFound();
  });
  fake.route('GET', /^\/users\/([^/]+)\/manager$/i, ({ params: [id = ''] }) => {
    const m = users.get(users.get(id.toLowerCase())?.managerId ?? '');
    return m ? { status: 200, body: userBody(m) } : notFound();
  });
  fake.route('GET', /^\/users\/([^/]+)\/directReports$/i, ({ params: [id = ''] }) => ({
    status: 200,
    body: { value: [...users.values()].filter((u) => u.managerId === id.toLowerCase()).map(userBody) },
  }));
  fake.route('GET', /^\/users$/i, ({ query, headers }) => {
    const filter = query.get('$filter') ?? '';
    const m = /^department eq '((?:[^']|'')*)'$/.exec(filter);
    if (!m) return graphError(400, 'BadRequest', 'only department eq filters');
    if ((headers.consistencylevel ?? headers.ConsistencyLevel) !== 'eventual') {
      return graphError(400, 'Request_UnsupportedQuery', 'Unsupported or invalid query filter clause specified for property department. ConsistencyLevel: eventual required.');
    }
    const dept = (m[1] ?? '').replace(/''/g, "'");
    return { status: 200, body: { value: [...users.values()].filter((u) => u.department === dept).map(userBody) } };
  });

  return state;
}

function refusedAnswer(): FakeResponse {
  return graphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
}

/** An oof event as Outlook stores it (all-day: midnight to midnight, end exclusive). */
export function oofAllDay(from: string, toExclusive: string, subject = 'Urlaub'): GraphEvent {
  return {
    subject,
    showAs: 'oof',
    isAllDay: true,
    start: { dateTime: `${from}T00:00:00.0000000`, timeZone: 'UTC' },
    end: { dateTime: `${toExclusive}T00:00:00.0000000`, timeZone: 'UTC' },
  };
}

// ------------------------------------------------------------------ e2e helpers

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function graphEnv(fake: FakeGraph): Record<string, string> {
  return {
    GRAPH_BASE_URL: fake.url,
    GRAPH_TENANT_ID: 'contoso.onmicrosoft.com',
    GRAPH_CLIENT_ID: '00000000-0000-0000-0000-0000000000aa',
    GRAPH_CLIENT_SECRET: 'not-used-against-http-hosts',
  };
}

/** Anna books a desk on Thursday 3.12. through chat and a click (this also registers her chat). */
export async function bookThursday(h: Harness): Promise<DeskBooking> {
  const replies = await h.say(PEOPLE.employee, 'tisch am 3.12.');
  const card = replies[0]?.attachments?.[0]?.content;
  const clicked = await h.click(PEOPLE.employee, 'desk.book', actionData(card, 'desk.book'));
  const { bookingId } = actionData(clicked.value, 'desk.cancel');
  const booking = await h.app.store.read((r) => r.getBooking(String(bookingId)));
  assert.equal(booking?.status, 'booked');
  return booking!;
}

