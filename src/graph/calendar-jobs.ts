/**
 * Outbox handlers of the calendar jobs (queued by app/calendar-sync.ts). Each re-reads the
 * request / booking (a job carries ids only) and converges Outlook to it, so running a job twice,
 * late or out of order does no harm:
 *
 * - upsert: the day / booking is no longer approved / active → nothing; an event id is stored →
 *   nothing (the nightly reconciliation checks it still exists); else create the event with its
 *   transactionId (a retry after a lost answer gets the same event back) and store its id
 *   (re-read, version-checked put). Withdrawn while the create was on its way → the id is stored
 *   and a remove job queued in the same write.
 * - remove: the day / booking is approved / active again → nothing; no event id → nothing;
 *   else delete (404 = already gone) and clear the id.
 * - reconcile: see `reconcilePerson`.
 *
 * Graph failures are GraphRequestErrors: the outbox retries (Retry-After honoured) or dead-letters
 * (permanent, e.g. 403 without Calendars.ReadWrite).
 */
import { z } from 'zod';
import { localDate } from '../domain/local-time.js';
import { JOB } from '../app/job-types.js';
import { scheduleCalendarReconcile } from '../app/calendar-sync.js';
import { localeFrom } from '../cards/i18n.js';
import type { Directory } from '../directory/directory.js';
import { addDays, type IsoDate } from '../domain/dates.js';
import { checkInDeadlineUtc } from '../domain/desk-check-in.js';
import type { DeskBooking, DeskInventory } from '../domain/desk-model.js';
import { isActiveBooking } from '../domain/desk-slots.js';
import type { Locale, MobileWorkRequest, OrgUnit, Policy, RequestDay } from '../domain/model.js';
import type { Logger } from '../observability/logger.js';
import type { OutboxHandler } from '../outbox/outbox-worker.js';
import type { OutboxJob, Store } from '../store/store.js';
import {
  bookingTransactionId,
  dayTransactionId,
  deskBookingEvent,
  deskLocation,
  mobileWorkEvent,
  OUR_CATEGORIES,
  ownerOfTransactionId,
} from './calendar-events.js';
import type { GraphClient, GraphEvent } from './graph-client.js';

export interface CalendarJobDeps {
  store: Store;
  graph: GraphClient;
  directory: Directory;
  inventory: DeskInventory;
  policy: Policy;
  logger: Logger;
  now: () => Date;
  /** Locale when neither the directory nor the Teams conversation tells. Default 'de'. */
  defaultLocale?: Locale;
  /** Days ahead the reconciliation checks (from today). Default 30. */
  horizonDays?: number;
  /** Wakes the outbox after the fan-out. */
  onJobsQueued?: () => void;
  /** Marks this deployment's events (GRAPH_DEPLOYMENT_ID); the reconciliation touches only those. Default 'local'. */
  deploymentId?: string;
}

const dayJob = z.object({ requestId: z.string().min(1), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });
const bookingJob = z.object({ bookingId: z.string().min(1) });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** The nightly run: `{ date }`. On demand (`npm run outbox -- reconcile`): `{ date, onDemand, from?, to?, personId? }`. */
const reconcileJob = z.object({
  date: isoDate,
  onDemand: z.string().min(1).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  personId: z.string().min(1).optional(),
});
const reconcilePersonJob = z.object({ personId: z.string().min(1), from: z.string(), to: z.string() });

function parse<T>(schema: z.ZodType<T>, job: OutboxJob): T {
  const parsed = schema.safeParse(job.payload);
  if (!parsed.success) throw Object.assign(new Error(`malformed ${job.type} payload`), { permanent: true });
  return parsed.data;
}

export function createCalendarJobHandlers(deps: CalendarJobDeps): Record<string, OutboxHandler> {
  const sync = new CalendarSync(deps);
  return {
    [JOB.calendarUpsertDay]: (job) => sync.upsertDay(parse(dayJob, job)),
    [JOB.calendarRemoveDay]: (job) => sync.removeDay(parse(dayJob, job)),
    [JOB.calendarUpsertBooking]: (job) => sync.upsertBooking(parse(bookingJob, job).bookingId),
    [JOB.calendarRemoveBooking]: (job) => sync.removeBooking(parse(bookingJob, job).bookingId),
    [JOB.calendarReconcile]: (job) => sync.reconcile(parse(reconcileJob, job)),
    [JOB.calendarReconcilePerson]: (job) => sync.reconcilePerson(parse(reconcilePersonJob, job)),
  };
}

type DayRef = { requestId: string; date: IsoDate };

export class CalendarSync {
  private readonly tz: string;
  private readonly deployment: string;

  constructor(private readonly deps: CalendarJobDeps) {
    this.tz = deps.policy.organisation.timeZone;
    this.deployment = deps.deploymentId ?? 'local';
  }

  // ------------------------------------------------------------------ mobile-work days

  async upsertDay(ref: DayRef, transactionSuffix?: string): Promise<unknown> {
    const request = await this.deps.store.read((r) => r.getRequest(ref.requestId));
    const day = request?.days.find((d) => d.date === ref.date);
    if (!request || !day) return { skipped: 'no-day' };
    if (day.status !== 'approved') return { skipped: 'not-approved' };
    if (day.calendarEventId && transactionSuffix === undefined) return { skipped: 'already-synced', eventId: day.calendarEventId };
    const created = await this.deps.graph.createEvent(request.personId, this.dayEvent(request, day, await this.localeOf(request.personId), transactionSuffix));
    const eventId = requireId(created);
    const outcome = await this.deps.store.transact(async (tx) => {
      const current = await tx.getRequest(ref.requestId);
      const now = current?.days.find((d) => d.date === ref.date);
      if (!current || !now) return 'gone' as const;
      if (now.calendarEventId !== eventId) {
        await tx.putRequest({ ...current, days: current.days.map((d) => (d.date === ref.date ? { ...d, calendarEventId: eventId } : d)) });
      }
      if (now.status === 'approved') return 'stored' as const;
      // Withdrawn while the create was on its way: take the event out again.
      await tx.enqueue({ type: JOB.calendarRemoveDay, payload: ref, dedupeKey: `calendar-day:${ref.requestId}:${ref.date}:remove-late:${eventId}` });
      return 'late' as const;
    });
    if (outcome === 'gone') await this.deps.graph.deleteEvent(request.personId, eventId);
    return { eventId, outcome };
  }

  async removeDay(ref: DayRef): Promise<unknown> {
    const request = await this.deps.store.read((r) => r.getRequest(ref.requestId));
    const day = request?.days.find((d) => d.date === ref.date);
    if (!request || !day) return { skipped: 'no-day' };
    if (day.status === 'approved') return { skipped: 'approved' };
    const eventId = day.calendarEventId;
    if (!eventId) return { skipped: 'no-event' };
    const outcome = await this.deps.graph.deleteEvent(request.personId, eventId);
    await this.deps.store.transact(async (tx) => {
      const current = await tx.getRequest(ref.requestId);
      if (!current?.days.some((d) => d.date === ref.date && d.calendarEventId === eventId)) return;
      await tx.putRequest({ ...current, days: current.days.map((d) => (d.date === ref.date ? withoutEvent(d) : d)) });
    });
    return { eventId, outcome };
  }

  // ------------------------------------------------------------------ desk bookings

  async upsertBooking(bookingId: string, transactionSuffix?: string): Promise<unknown> {
    const booking = await this.deps.store.read((r) => r.getBooking(bookingId));
    if (!booking) return { skipped: 'no-booking' };
    if (!isActiveBooking(booking)) return { skipped: 'not-active' };
    if (booking.calendarEventId && transactionSuffix === undefined) return { skipped: 'already-synced', eventId: booking.calendarEventId };
    const locale = await this.localeOf(booking.personId);
    const where = deskLocation(this.deps.inventory, booking.deskId, locale);
    const created = await this.deps.graph.createEvent(
      booking.personId,
      deskBookingEvent({
        bookingId: booking.id,
        date: booking.date,
        slot: booking.slot,
        deskLabel: where?.label ?? booking.deskId,
        location: where?.text ?? booking.deskId,
        locale,
        timeZone: this.tz,
        transactionId: bookingTransactionId(this.deployment, booking.id, transactionSuffix),
      }),
    );
    const eventId = requireId(created);
    const outcome = await this.deps.store.transact(async (tx) => {
      const current = await tx.getBooking(bookingId);
      if (!current) return 'gone' as const;
      if (current.calendarEventId !== eventId) await tx.putBooking({ ...current, calendarEventId: eventId });
      if (isActiveBooking(current)) return 'stored' as const;
      await tx.enqueue({ type: JOB.calendarRemoveBooking, payload: { bookingId }, dedupeKey: `calendar-booking:${bookingId}:remove-late:${eventId}` });
      return 'late' as const;
    });
    if (outcome === 'gone') await this.deps.graph.deleteEvent(booking.personId, eventId);
    return { eventId, outcome };
  }

  async removeBooking(bookingId: string): Promise<unknown> {
    const booking = await this.deps.store.read((r) => r.getBooking(bookingId));
    if (!booking) return { skipped: 'no-booking' };
    if (isActiveBooking(booking)) return { skipped: 'active' };
    const eventId = booking.calendarEventId;
    if (!eventId) return { skipped: 'no-event' };
    const outcome = await this.deps.graph.deleteEvent(booking.personId, eventId);
    await this.deps.store.transact(async (tx) => {
      const current = await tx.getBooking(bookingId);
      if (current?.calendarEventId !== eventId) return;
      const rest: DeskBooking = { ...current };
      delete rest.calendarEventId;
      await tx.putBooking(rest);
    });
    return { eventId, outcome };
  }

  // ------------------------------------------------------------------ nightly reconciliation

  /**
   * The nightly job: one `calendar.reconcile-person` per person who may have events of ours in
   * [today, today + horizon] (everyone in the directory when it can list them, plus everyone with
   * requests or bookings in the range), and the next night's run, in one write.
   */
  async reconcile(input: { date: IsoDate; onDemand?: string; from?: IsoDate; to?: IsoDate; personId?: string }): Promise<unknown> {
    const { date, onDemand } = input;
    const now = this.deps.now();
    const from = input.from ?? localDate(now, this.tz);
    const to = input.to ?? addDays(from, this.deps.horizonDays ?? 30);
    const people = new Set<string>();
    if (input.personId) people.add(input.personId.toLowerCase());
    else {
      for (const id of await this.directoryPeople()) people.add(id);
      await this.deps.store.read(async (r) => {
        for (const req of await r.listActiveRequestsInRange(from, to)) people.add(req.personId);
        for (const b of await r.listBookingsInRange(from, to)) people.add(b.personId);
      });
    }
    const next = await this.deps.store.transact(async (tx) => {
      for (const personId of people) {
        const key = onDemand ? `calendar-reconcile:demand:${onDemand}:${personId}` : `calendar-reconcile:${date}:${personId}`;
        await tx.enqueue({ type: JOB.calendarReconcilePerson, payload: { personId, from, to }, dedupeKey: key });
      }
      // An on-demand run leaves the nightly chain alone.
      return onDemand ? undefined : await scheduleCalendarReconcile(tx, now, this.tz);
    });
    this.deps.onJobsQueued?.();
    this.deps.logger.info('calendar_reconcile_scheduled', { people: people.size, next, onDemand: onDemand !== undefined });
    return { people: people.size, from, to, next };
  }

  /**
   * One person, [from, to]: every approved day and active booking has its event (missing → created;
   * stored but deleted in Outlook → created again with a new transactionId), and every event in
   * our categories with our transactionId prefix that belongs to none of them is deleted.
   */
  async reconcilePerson(input: { personId: string; from: IsoDate; to: IsoDate }): Promise<unknown> {
    const { personId, from, to } = input;
    const { graph, store } = this.deps;
    const runDate = localDate(this.deps.now(), this.tz).replaceAll('-', '');
    const { days, bookings } = await store.read(async (r) => this.targetsOf(await r.listRequestsOfPerson(personId, from, to), await r.listBookingsOfPerson(personId, from, to), from, to));
    let created = 0;
    let recreated = 0;
    for (const t of days) {
      const exists = t.day.calendarEventId ? await graph.getEvent(personId, t.day.calendarEventId, ['id']) : undefined;
      if (exists) continue;
      // Never synced: the base transactionId (a pending upsert gets the same event). Deleted in
      // Outlook: a new one, since Graph may remember the old transactionId.
      await this.upsertDay({ requestId: t.request.id, date: t.day.date }, t.day.calendarEventId ? `r${runDate}` : undefined);
      if (t.day.calendarEventId) recreated++;
      else created++;
    }
    for (const b of bookings) {
      const exists = b.calendarEventId ? await graph.getEvent(personId, b.calendarEventId, ['id']) : undefined;
      if (exists) continue;
      await this.upsertBooking(b.id, b.calendarEventId ? `r${runDate}` : undefined);
      if (b.calendarEventId) recreated++;
      else created++;
    }

    const start = checkInDeadlineUtc(from, '00:00', this.tz).toISOString();
    const end = checkInDeadlineUtc(addDays(to, 1), '00:00', this.tz).toISOString();
    const found: GraphEvent[] = [];
    for (const category of OUR_CATEGORIES) {
      found.push(
        ...(await graph.listCalendarView(personId, start, end, {
          filter: `categories/any(c:c eq '${category.replace(/'/g, "''")}')`,
          select: ['id', 'subject', 'categories', 'transactionId', 'start', 'end'],
        })),
      );
    }
    // Read again just before deleting: an event stored meanwhile is not an orphan.
    const keep = await store.read(async (r) => {
      const fresh = this.targetsOf(await r.listRequestsOfPerson(personId, from, to), await r.listBookingsOfPerson(personId, from, to), from, to);
      return new Set([...fresh.days.map((t) => t.day.calendarEventId), ...fresh.bookings.map((b) => b.calendarEventId)].filter((id): id is string => id !== undefined));
    });
    let removed = 0;
    for (const e of found) {
      if (!e.id || keep.has(e.id) || !(await this.isOurs(e.transactionId, personId))) continue;
      await graph.deleteEvent(personId, e.id);
      keep.add(e.id); // listed under two categories: delete once
      removed++;
    }
    if (created + recreated + removed > 0) this.deps.logger.info('calendar_reconciled', { created, recreated, removed });
    return { checked: days.length + bookings.length, created, recreated, removed };
  }

  // ------------------------------------------------------------------ helpers

  /**
   * Only this deployment's events are ever deleted: its transactionId prefix, or (written before
   * deployment ids) a transactionId naming a request or booking of this person in our store.
   * Another deployment's events, and anything a person made by hand, are left alone.
   */
  private async isOurs(transactionId: string | null | undefined, personId: string): Promise<boolean> {
    const owner = ownerOfTransactionId(transactionId, this.deployment);
    if (owner.kind !== 'legacy') return owner.kind === 'ours';
    return this.deps.store.read(async (r) =>
      owner.requestId !== undefined ? (await r.getRequest(owner.requestId))?.personId === personId : (await r.getBooking(owner.bookingId ?? ''))?.personId === personId,
    );
  }

  private targetsOf(requests: MobileWorkRequest[], bookings: DeskBooking[], from: IsoDate, to: IsoDate) {
    return {
      days: requests.flatMap((request) =>
        request.days.filter((d) => d.status === 'approved' && d.date >= from && d.date <= to).map((day) => ({ request, day })),
      ),
      bookings: bookings.filter((b) => isActiveBooking(b) && b.date >= from && b.date <= to),
    };
  }

  private dayEvent(request: MobileWorkRequest, day: RequestDay, locale: Locale, suffix?: string): GraphEvent {
    return mobileWorkEvent({
      requestId: request.id,
      requestNumber: request.number,
      date: day.date,
      ...(day.portion === 0.5 && day.half ? { half: day.half } : {}),
      locale,
      timeZone: this.tz,
      transactionId: dayTransactionId(this.deployment, request.id, day.date, suffix),
    });
  }

  /** The person's language: the directory's preference, else their Teams chat's, else the default. */
  private async localeOf(personId: string): Promise<Locale> {
    const person = await this.deps.directory.getPerson(personId);
    if (person?.preferredLocale) return person.preferredLocale;
    const conv = await this.deps.store.read((r) => r.getConversation(personId));
    return conv?.locale ? localeFrom(conv.locale) : (this.deps.defaultLocale ?? 'de');
  }

  private async directoryPeople(): Promise<string[]> {
    const d = this.deps.directory as Directory & { allOrgUnits?: () => OrgUnit[] };
    if (typeof d.allOrgUnits !== 'function') return [];
    const units = d.allOrgUnits();
    const members = await Promise.all(units.map((u) => this.deps.directory.listOrgUnitMembers(u.id)));
    return members.flat().map((p) => p.id);
  }
}

function withoutEvent(day: RequestDay): RequestDay {
  const rest: RequestDay = { ...day };
  delete rest.calendarEventId;
  return rest;
}

function requireId(event: GraphEvent): string {
  if (!event.id) throw new Error('Graph created an event without an id');
  return event.id;
}
