/**
 * Keeping absences current from the people's Outlook calendars (Microsoft Graph, app-only,
 * Calendars.Read or Calendars.ReadWrite):
 *
 * - With a public notification URL (`GRAPH_NOTIFICATION_URL`): one change-notification
 *   subscription per person on `/users/{id}/events` (created, updated, deleted), with a random
 *   `clientState` secret. Graph keeps an Outlook subscription at most 10,080 min; we ask for
 *   4,230 min (accepted for every Outlook resource and cloud) and renew hourly those expiring within
 *   24 h (`calendar.renew-subscriptions`: PATCH; a 404 means Graph dropped it → created again).
 *   The same job creates subscriptions for people new in the directory. A notification only queues
 *   `calendar.fetch-changes`; that job reads the event (`GET /users/{id}/events/{eventId}`) and
 *   applies it. Deletions and series masters are read through the delta query instead (a deleted
 *   series removes all its occurrences, which only the delta lists one by one).
 *   When a subscription is created, one delta round loads the calendar as it already is.
 * - Without a public URL (the bot runs inside the administration's network, Graph cannot call
 *   it): the delta fallback. `calendar.delta-poll` runs every 15 min per person on
 *   `/users/{id}/calendarView/delta`; its deltaLink is kept in the person's record
 *   (`CalendarSubscription` with id `delta:<personId>`, no Graph subscription behind it).
 *
 * Lifecycle notifications (`lifecycleNotificationUrl`, the same public URL): Graph tells us when a
 * subscription must be reauthorized (`reauthorizationRequired` → PATCH its expiry now), was removed
 * (`subscriptionRemoved` → created again, then a delta round) or when notifications were dropped
 * (`missed` → a delta round for that person). As a safety net for notifications lost without such a
 * word, subscription mode also runs the delta query per person every hour
 * (`SAFETY_DELTA_EVERY_MS`); a deltaLink makes that one cheap request listing only what changed.
 *
 * One mailbox Graph refuses (403: outside the Exchange RBAC for Applications scope, no mailbox)
 * fails alone: its subscription is tried again at the next hourly renewal, its delta poll at its
 * next slot, the others go on; the count is in the log and on /readyz (src/graph/graph-health.ts).
 * Refused credentials or missing consent stop the Graph lanes instead (src/outbox/outbox-worker.ts).
 *
 * Delta window: from 7 days ago to 400 days ahead. A deltaLink keeps the window it started with,
 * so the window is started afresh every 30 days (`expiresAt` of the delta record) and whenever
 * Graph answers 410 Gone (sync state expired).
 *
 * Periodic jobs re-queue themselves for the next slot; the dedupe key names the slot, so several
 * processes or a restart never start a second chain.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { addDays } from '../domain/dates.js';
import type { CalendarSubscription } from '../domain/calendar-model.js';
import { localDate } from '../domain/local-time.js';
import type { EventAbsenceInput } from '../app/absences.js';
import { errorFields, type Logger } from '../observability/logger.js';
import type { OutboxJob, Store, StoreTx } from '../store/store.js';
import { absenceOfEvent, EVENT_SELECT, parseEvents, type GraphEvent } from './absences.js';
import type { GraphClient } from './graph-client.js';
import { isGraphRequestError } from './graph-errors.js';

/** Outbox jobs of the calendar-absence sync (handlers: `createCalendarJobHandlers`). */
export const CALENDAR_JOB = {
  /** Read what changed in a person's calendar after a notification. payload { personId, eventId?, changeType? } */
  fetchChanges: 'calendar.fetch-changes',
  /** Renew subscriptions expiring within 24 h, create missing ones. Hourly. payload {} */
  renewSubscriptions: 'calendar.renew-subscriptions',
  /** Delta query of one person's calendar (fallback every 15 min; once after a subscription is made). payload { personId, repeat? } */
  deltaPoll: 'calendar.delta-poll',
  /** A lifecycle notification (reauthorizationRequired, subscriptionRemoved, missed). payload { subscriptionId, lifecycleEvent } */
  lifecycle: 'calendar.lifecycle',
} as const;

/** Asked-for lifetime of a subscription (Outlook allows up to 10,080 min). */
export const SUBSCRIPTION_MINUTES = 4230;
export const RENEW_WITHIN_MS = 24 * 3_600_000;
export const RENEW_EVERY_MS = 3_600_000;
export const DELTA_EVERY_MS = 15 * 60_000;
/** The safety-net delta round per person in subscription mode. */
export const SAFETY_DELTA_EVERY_MS = 60 * 60_000;
/** A delta window is started afresh after this long. */
export const DELTA_WINDOW_RESTART_MS = 30 * 86_400_000;
const DELTA_PREFIX = 'delta:';

export type GraphCalls = Pick<GraphClient, 'get' | 'post' | 'patch' | 'delete'>;

export interface CalendarSyncDeps {
  graph: GraphCalls;
  store: Store;
  /** Public HTTPS URL of `POST /api/graph/notifications`; absent → delta fallback. */
  notificationUrl?: string;
  /** Everyone whose calendar is followed (the directory). */
  listPersonIds: () => Promise<string[]>;
  /** The use case (src/app/absences.ts). */
  applyCalendarChange: (personId: string, events: readonly EventAbsenceInput[]) => Promise<unknown>;
  now: () => Date;
  /** Organisation time zone, e.g. Europe/Berlin. */
  timeZone: string;
  logger: Logger;
  /** Wakes the outbox worker after jobs were queued. */
  onJobsQueued?: () => void;
  /** Random secret for `clientState` (tests may fix it). */
  newSecret?: () => string;
}

const graphSubscription = z.object({ id: z.string().min(1), expirationDateTime: z.string().min(1) });
const deltaPage = z.object({
  value: z.array(z.unknown()).default([]),
  '@odata.nextLink': z.string().optional(),
  '@odata.deltaLink': z.string().optional(),
});
const fetchChangesPayload = z.object({
  personId: z.string().min(1),
  eventId: z.string().min(1).optional(),
  changeType: z.enum(['created', 'updated', 'deleted']).optional(),
});
const deltaPollPayload = z.object({ personId: z.string().min(1), repeat: z.boolean().optional() });
const lifecyclePayload = z.object({
  subscriptionId: z.string().min(1),
  lifecycleEvent: z.enum(['reauthorizationRequired', 'subscriptionRemoved', 'missed']),
});

/** Graph refused this one mailbox (403), not the app. */
export function isMailboxRefusal(e: unknown): boolean {
  return isGraphRequestError(e) && e.status === 403 && !e.blocksLane;
}

export function isDeltaRecord(s: CalendarSubscription): boolean {
  return s.id.startsWith(DELTA_PREFIX);
}

/** The start of the next slot of `periodMs` after `now` (slots are aligned to the epoch). */
export function nextSlot(now: Date, periodMs: number): Date {
  return new Date((Math.floor(now.getTime() / periodMs) + 1) * periodMs);
}

export class CalendarSync {
  private readonly newSecret: () => string;

  constructor(private readonly deps: CalendarSyncDeps) {
    this.newSecret = deps.newSecret ?? (() => randomBytes(32).toString('base64url'));
  }

  get mode(): 'subscriptions' | 'delta' {
    return this.deps.notificationUrl ? 'subscriptions' : 'delta';
  }

  /** Period of the per-person delta chain: every 15 min as the only source, hourly as a safety net. */
  get deltaPeriodMs(): number {
    return this.mode === 'delta' ? DELTA_EVERY_MS : SAFETY_DELTA_EVERY_MS;
  }

  /**
   * Starts the periodic chains (idempotent, call at every start): the hourly renewal with
   * subscriptions, or one 15-minute delta chain per person without.
   */
  async schedule(): Promise<void> {
    const { store, now } = this.deps;
    if (this.mode === 'subscriptions') {
      // Due at once: creates the missing subscriptions right after a start.
      await store.transact(async (tx) => {
        await tx.enqueue({ type: CALENDAR_JOB.renewSubscriptions, payload: {}, dedupeKey: `${CALENDAR_JOB.renewSubscriptions}:start:${nextSlot(now(), RENEW_EVERY_MS).toISOString()}` });
      });
    }
    // The delta chains: the only source without subscriptions, the safety net with them.
    const ids = await this.deps.listPersonIds();
    await store.transact(async (tx) => {
      for (const personId of ids) await this.queueDeltaPoll(tx, personId.toLowerCase(), nextSlot(now(), this.deltaPeriodMs), true);
    });
    this.deps.onJobsQueued?.();
  }

  // ------------------------------------------------------------------ subscriptions

  /** Creates a subscription for everyone without one; renews those expiring within 24 h. */
  async renewSubscriptions(): Promise<{ created: number; renewed: number; failed: number; refused: number }> {
    const { store, now, logger } = this.deps;
    let created = 0;
    let renewed = 0;
    let failed = 0;
    let refused = 0;
    if (!this.deps.notificationUrl) return { created, renewed, failed, refused };
    const limit = new Date(now().getTime() + RENEW_WITHIN_MS).toISOString();
    const expiring = (await store.read((r) => r.listSubscriptionsExpiringBefore(limit))).filter((s) => !isDeltaRecord(s));
    for (const sub of expiring) {
      try {
        if (await this.renew(sub)) renewed++;
        else created++;
      } catch (e) {
        if (isGraphRequestError(e) && e.blocksLane) throw e; // credentials: the lane stops and probes
        if (isMailboxRefusal(e)) refused++;
        else failed++;
        logger.warn('graph_subscription_renew_failed', { subscriptionId: sub.id, ...errorFields(e) });
      }
    }
    for (const personId of await this.deps.listPersonIds()) {
      const existing = await store.read((r) => r.getSubscriptionOfPerson(personId.toLowerCase()));
      if (existing && !isDeltaRecord(existing)) continue;
      try {
        await this.create(personId.toLowerCase());
        created++;
      } catch (e) {
        if (isGraphRequestError(e) && e.blocksLane) throw e; // credentials: the lane stops and probes
        if (isMailboxRefusal(e)) {
          // This mailbox only (outside the RBAC scope): the others go on; it is tried again next hour.
          refused++;
          continue;
        }
        failed++;
        logger.warn('graph_subscription_create_failed', errorFields(e));
        // A refused notification URL or request hits everyone alike: stop here, the next hour tries again.
        if (isGraphRequestError(e) && e.permanent) break;
      }
    }
    if (created + renewed + failed + refused > 0) logger.info('graph_subscriptions', { created, renewed, failed, refused });
    return { created, renewed, failed, refused };
  }

  /** PATCH the expiry; true when renewed, false when Graph no longer knew it and it was created again. */
  private async renew(sub: CalendarSubscription): Promise<boolean> {
    const { graph, store } = this.deps;
    try {
      const answer = graphSubscription.parse(
        await graph.patch<unknown>(`/subscriptions/${encodeURIComponent(sub.id)}`, { expirationDateTime: this.expiry() }, { mailbox: sub.personId }),
      );
      await store.transact((tx) => tx.putSubscription({ ...sub, expiresAt: answer.expirationDateTime }));
      return true;
    } catch (e) {
      if (!isGraphRequestError(e) || e.status !== 404) throw e;
      await store.transact((tx) => tx.removeSubscription(sub.id));
      await this.create(sub.personId, sub.deltaLink);
      return false;
    }
  }

  private async create(personId: string, deltaLink?: string): Promise<CalendarSubscription> {
    const { graph, store, now, notificationUrl } = this.deps;
    const resource = `/users/${personId}/events`;
    const clientState = this.newSecret();
    const answer = graphSubscription.parse(
      await graph.post<unknown>(
        '/subscriptions',
        {
          changeType: 'created,updated,deleted',
          notificationUrl,
          // Reauthorization, removal and missed notifications come to the same endpoint.
          lifecycleNotificationUrl: notificationUrl,
          resource,
          expirationDateTime: this.expiry(),
          clientState,
          latestSupportedTlsVersion: 'v1_2',
        },
        // The mailbox this subscription reads: its concurrency limit, and a 403 is counted for it.
        { mailbox: personId },
      ),
    );
    const record: CalendarSubscription = {
      id: answer.id,
      personId,
      resource,
      clientState,
      expiresAt: answer.expirationDateTime,
      createdAt: now().toISOString(),
      ...(deltaLink ? { deltaLink } : {}),
    };
    await store.transact(async (tx) => {
      const old = await tx.getSubscriptionOfPerson(personId);
      if (old && old.id !== record.id) await tx.removeSubscription(old.id);
      await tx.putSubscription(record);
      // Load the calendar as it is now (absences entered before the subscription existed).
      if (!deltaLink) await tx.enqueue({ type: CALENDAR_JOB.deltaPoll, payload: { personId }, dedupeKey: `${CALENDAR_JOB.deltaPoll}:initial:${record.id}` });
    });
    this.deps.onJobsQueued?.();
    return record;
  }

  private expiry(): string {
    return new Date(this.deps.now().getTime() + SUBSCRIPTION_MINUTES * 60_000).toISOString();
  }

  /** A lifecycle notification for one of our subscriptions (see the module comment). */
  async lifecycle(input: z.output<typeof lifecyclePayload>): Promise<unknown> {
    const { store, logger } = this.deps;
    const sub = await store.read((r) => r.getSubscription(input.subscriptionId));
    if (!sub || isDeltaRecord(sub)) return { skipped: 'unknown-subscription' };
    logger.info('graph_subscription_lifecycle', { subscriptionId: sub.id, lifecycleEvent: input.lifecycleEvent });
    if (input.lifecycleEvent === 'reauthorizationRequired') {
      return { renewed: await this.renew(sub) };
    }
    if (input.lifecycleEvent === 'subscriptionRemoved') {
      await store.transact((tx) => tx.removeSubscription(sub.id));
      await this.create(sub.personId, sub.deltaLink);
    }
    // Removed or missed: notifications may be lost, so read what changed since the last delta.
    return this.deltaSync(sub.personId);
  }

  // ------------------------------------------------------------------ reading changes

  /** After a notification: read the one event, or the delta for deletions and series. */
  async fetchChanges(input: z.output<typeof fetchChangesPayload>): Promise<{ applied: number }> {
    const personId = input.personId.toLowerCase();
    if (!input.eventId || input.changeType === 'deleted') {
      if (input.eventId) await this.deps.applyCalendarChange(personId, [{ eventId: input.eventId, dates: [] }]);
      return this.deltaSync(personId);
    }
    const event = await this.getEvent(personId, input.eventId);
    if (!event) {
      await this.deps.applyCalendarChange(personId, [{ eventId: input.eventId, dates: [] }]);
      return { applied: 1 };
    }
    if (event.type === 'seriesMaster') return this.deltaSync(personId);
    await this.deps.applyCalendarChange(personId, [absenceOfEvent(event, this.deps.timeZone)]);
    return { applied: 1 };
  }

  private async getEvent(personId: string, eventId: string): Promise<GraphEvent | undefined> {
    try {
      const raw = await this.deps.graph.get<unknown>(`/users/${encodeURIComponent(personId)}/events/${encodeURIComponent(eventId)}`, {
        query: { $select: EVENT_SELECT },
        headers: { Prefer: `outlook.timezone="${this.deps.timeZone}"` },
      });
      return parseEvents([raw])[0];
    } catch (e) {
      if (isGraphRequestError(e) && (e.status === 404 || e.status === 410)) return undefined;
      throw e;
    }
  }

  /**
   * One delta round for a person: follows nextLinks to the deltaLink, applies every event
   * (deleted ones as "no longer absent"), stores the deltaLink.
   */
  async deltaSync(personId: string): Promise<{ applied: number }> {
    const { store, now } = this.deps;
    const id = personId.toLowerCase();
    const record = await store.read((r) => r.getSubscriptionOfPerson(id));
    const windowExpired = record !== undefined && isDeltaRecord(record) && Date.parse(record.expiresAt) <= now().getTime();
    const startLink = windowExpired ? undefined : record?.deltaLink;
    let result: { events: GraphEvent[]; deltaLink: string | undefined };
    let fresh = startLink === undefined;
    try {
      result = await this.readDelta(id, startLink);
    } catch (e) {
      if (!(startLink && isGraphRequestError(e) && e.status === 410)) throw e;
      result = await this.readDelta(id, undefined); // sync state expired: start afresh
      fresh = true;
    }
    const changes = result.events.map((ev) => absenceOfEvent(ev, this.deps.timeZone));
    if (changes.length > 0) await this.deps.applyCalendarChange(id, changes);
    const deltaLink = result.deltaLink;
    if (deltaLink) {
      const windowEnds = new Date(now().getTime() + DELTA_WINDOW_RESTART_MS).toISOString();
      await store.transact(async (tx) => {
        const current = await tx.getSubscriptionOfPerson(id);
        if (current) {
          // A fresh window of the delta record restarts its 30 days (a real subscription keeps its expiry).
          await tx.putSubscription({ ...current, deltaLink, ...(fresh && isDeltaRecord(current) ? { expiresAt: windowEnds } : {}) });
        } else {
          await tx.putSubscription({
            id: `${DELTA_PREFIX}${id}`,
            personId: id,
            resource: `/users/${id}/calendarView/delta`,
            clientState: '',
            expiresAt: windowEnds,
            createdAt: now().toISOString(),
            deltaLink,
          });
        }
      });
    }
    return { applied: changes.length };
  }

  private async readDelta(personId: string, deltaLink: string | undefined): Promise<{ events: GraphEvent[]; deltaLink: string | undefined }> {
    const { graph, now, timeZone } = this.deps;
    const headers = { Prefer: `outlook.timezone="${timeZone}", odata.maxpagesize=100` };
    const today = localDate(now(), timeZone);
    let page = deltaPage.parse(
      deltaLink
        ? await graph.get<unknown>(relativeLink(deltaLink), { headers, mailbox: personId })
        : await graph.get<unknown>(`/users/${encodeURIComponent(personId)}/calendarView/delta`, {
            query: { startDateTime: `${addDays(today, -7)}T00:00:00`, endDateTime: `${addDays(today, 400)}T00:00:00` },
            headers,
          }),
    );
    const items: unknown[] = [...page.value];
    for (let i = 0; page['@odata.nextLink'] && i < 1000; i++) {
      page = deltaPage.parse(await graph.get<unknown>(relativeLink(page['@odata.nextLink']), { headers, mailbox: personId }));
      items.push(...page.value);
    }
    return { events: parseEvents(items), deltaLink: page['@odata.deltaLink'] };
  }

  async queueDeltaPoll(tx: StoreTx, personId: string, dueAt: Date, repeat: boolean): Promise<void> {
    await tx.enqueue({
      type: CALENDAR_JOB.deltaPoll,
      payload: { personId, ...(repeat ? { repeat } : {}) },
      dueAt: dueAt.toISOString(),
      dedupeKey: `${CALENDAR_JOB.deltaPoll}:${personId}:${dueAt.toISOString()}`,
    });
  }
}

/**
 * An absolute `@odata.nextLink` / `@odata.deltaLink` as a path below the version root
 * (`https://graph.microsoft.com/v1.0/users/…?$deltatoken=…` → `/users/…?$deltatoken=…`). The Graph
 * SDK sends absolute URLs only to hosts it knows as Graph hosts; the relative form works with the
 * client's configured base URL everywhere (national clouds, the local fake).
 */
export function relativeLink(link: string): string {
  return link.replace(/^https?:\/\/[^/]+(?:\/[^/]+)*?\/(v1\.0|beta)(?=\/)/, '');
}

/** Outbox handlers of the calendar sync; payloads parsed with zod (malformed → dead at once). */
export function createCalendarJobHandlers(sync: CalendarSync, store: Store, now: () => Date): Record<string, (job: OutboxJob) => Promise<unknown>> {
  const permanent = (message: string): Error => Object.assign(new Error(message), { permanent: true });
  return {
    [CALENDAR_JOB.fetchChanges]: async (job) => {
      const parsed = fetchChangesPayload.safeParse(job.payload);
      if (!parsed.success) throw permanent('malformed job payload');
      return sync.fetchChanges(parsed.data);
    },
    [CALENDAR_JOB.deltaPoll]: async (job) => {
      const parsed = deltaPollPayload.safeParse(job.payload);
      if (!parsed.success) throw permanent('malformed job payload');
      const { personId, repeat } = parsed.data;
      // The next round is queued first: a failing Graph does not break the chain (this job retries on its own).
      if (repeat) {
        await store.transact((tx) => sync.queueDeltaPoll(tx, personId, nextSlot(now(), sync.deltaPeriodMs), true));
      }
      try {
        return await sync.deltaSync(personId);
      } catch (e) {
        // One refused mailbox (counted by the client's health) waits for its next slot; no dead job every 15 minutes.
        if (isMailboxRefusal(e) && repeat) return { skipped: 'mailbox-refused' };
        throw e;
      }
    },
    [CALENDAR_JOB.lifecycle]: async (job) => {
      const parsed = lifecyclePayload.safeParse(job.payload);
      if (!parsed.success) throw permanent('malformed job payload');
      return sync.lifecycle(parsed.data);
    },
    [CALENDAR_JOB.renewSubscriptions]: async () => {
      await store.transact(async (tx) => {
        const due = nextSlot(now(), RENEW_EVERY_MS).toISOString();
        await tx.enqueue({ type: CALENDAR_JOB.renewSubscriptions, payload: {}, dueAt: due, dedupeKey: `${CALENDAR_JOB.renewSubscriptions}:${due}` });
      });
      return sync.renewSubscriptions();
    },
  };
}
