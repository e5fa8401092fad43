/**
 * A transaction over a `MemoryState`: writes are buffered in the tx (an overlay of whole records),
 * reads see the tx's own writes first and the committed state otherwise. Nothing touches the
 * committed state here; the adapter takes `changes()` after the callback returned, makes them
 * durable and only then applies them.
 *
 * The port is asynchronous; this implementation works on memory, so its methods are `async`
 * wrappers around synchronous code (one resolved promise per call, no I/O).
 *
 * No copies on reads: records are deep-frozen when written (`frozenCopy` of the caller's object in
 * put… and enqueue, `MemoryState.apply` for committed ones) and reads return those frozen objects.
 * A caller that wants to change a record copies it (`{ ...r, x }`) and writes it back; mutating a
 * returned record throws, so callers can never change the store's state except through put*.
 *
 * Also used read-only (`readOnly = true`) for `Store.read`.
 */
import { randomUUID } from 'node:crypto';
import { deepFreeze, frozenCopy } from './frozen.js';
import type { Absence, CalendarSubscription } from '../domain/calendar-model.js';
import type { IsoDate } from '../domain/dates.js';
import type { DeskBooking, PersonSettings } from '../domain/desk-model.js';
import type { Delegation, MobileWorkRequest } from '../domain/model.js';
import type { HelpfulnessCounters } from '../domain/vpn-knowledge-base.js';
import type { Incident, Ticket, VpnDraft } from '../domain/vpn-model.js';
import type { RecentReport } from '../domain/vpn-outage.js';
import {
  absenceInRange,
  bookingInRange,
  byExpiry,
  hasDayInRange,
  isActiveBooking,
  slotsOverlap,
  isActiveInRange,
  isOpenIncident,
  isPendingCreatedBefore,
  isPendingFor,
  isUnresolvedTicket,
  jobMatches,
  type ChangeSet,
  type MemoryState,
} from './memory-state.js';
import {
  StoreConflictError,
  type ConversationRecord,
  type NewOutboxJob,
  type OutboxJob,
  type OutboxStatus,
  type StoreTx,
} from './store.js';

function byCreated(a: { createdAt: string; id: string }, b: { createdAt: string; id: string }): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Committed candidates not shadowed by the overlay, plus overlay records; all filtered by `pred`. */
function merge<T>(base: readonly T[], overlay: ReadonlyMap<string, T>, key: (t: T) => string, pred: (t: T) => boolean): T[] {
  const out = base.filter((t) => !overlay.has(key(t)) && pred(t));
  for (const t of overlay.values()) if (pred(t)) out.push(t);
  return out;
}

function byDateId(a: Absence, b: Absence): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function byDateCreated(a: DeskBooking, b: DeskBooking): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : byCreated(a, b);
}

function byOpened(a: Incident, b: Incident): number {
  return a.openedAt < b.openedAt ? -1 : a.openedAt > b.openedAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Newest first: the reverse of `byCreated` (createdAt, then id). */
function byCreatedDesc(a: { createdAt: string; id: string }, b: { createdAt: string; id: string }): number {
  return byCreated(b, a);
}


export class BufferedTx implements StoreTx {
  private readonly requests = new Map<string, MobileWorkRequest>();
  private readonly delegations = new Map<string, Delegation>();
  private readonly conversations = new Map<string, ConversationRecord>();
  private readonly jobs = new Map<string, OutboxJob>();
  /** Dedupe key → id of a job enqueued in this tx (a lookup per enqueue, not a scan: fan-outs queue thousands). */
  private readonly jobIdsByDedupe = new Map<string, string>();
  private readonly sequences = new Map<string, number>();
  private readonly bookings = new Map<string, DeskBooking>();
  private readonly settings = new Map<string, PersonSettings>();
  private readonly absences = new Map<string, Absence>();
  private readonly subscriptions = new Map<string, CalendarSubscription>();
  /** Committed subscriptions this tx deleted: they shadow the committed state in every read. */
  private readonly removedSubscriptions = new Set<string>();
  private readonly vpnDrafts = new Map<string, VpnDraft>();
  private readonly tickets = new Map<string, Ticket>();
  private readonly incidents = new Map<string, Incident>();
  /** Set once the tx replaced the list / the counters (whole values, not merged). */
  private recentReports: RecentReport[] | undefined;
  private helpfulness: HelpfulnessCounters | undefined;
  private finished = false;

  constructor(
    private readonly state: MemoryState,
    private readonly now: () => Date,
    private readonly readOnly = false,
  ) {}

  /** Ends the tx: later calls throw. Returns its writes, or undefined when it wrote nothing. */
  finish(): ChangeSet | undefined {
    this.finished = true;
    const changes: ChangeSet = {};
    if (this.requests.size) changes.requests = [...this.requests.values()];
    if (this.delegations.size) changes.delegations = [...this.delegations.values()];
    if (this.conversations.size) changes.conversations = [...this.conversations.values()];
    if (this.jobs.size) changes.jobs = [...this.jobs.values()];
    if (this.sequences.size) changes.sequences = Object.fromEntries(this.sequences);
    if (this.bookings.size) changes.bookings = [...this.bookings.values()];
    if (this.settings.size) changes.settings = [...this.settings.values()];
    if (this.absences.size) changes.absences = [...this.absences.values()];
    if (this.subscriptions.size) changes.subscriptions = [...this.subscriptions.values()];
    if (this.removedSubscriptions.size) changes.removedSubscriptions = [...this.removedSubscriptions];
    if (this.vpnDrafts.size) changes.vpnDrafts = [...this.vpnDrafts.values()];
    if (this.tickets.size) changes.tickets = [...this.tickets.values()];
    if (this.incidents.size) changes.incidents = [...this.incidents.values()];
    if (this.recentReports !== undefined) changes.vpnRecentReports = this.recentReports;
    if (this.helpfulness !== undefined) changes.helpfulness = this.helpfulness;
    return Object.keys(changes).length ? changes : undefined;
  }

  private check(write: boolean): void {
    if (this.finished) throw new Error('Store transaction already finished; use tx only inside its callback');
    if (write && this.readOnly) throw new Error('Store.read is read-only; use Store.transact to write');
  }

  // ---------------------------------------------------------------- reads

  async getRequest(id: string): Promise<MobileWorkRequest | undefined> {
    this.check(false);
    const r = this.requests.get(id) ?? this.state.requests.get(id);
    return r;
  }

  async listRequestsOfPerson(personId: string, from?: IsoDate, to?: IsoDate): Promise<MobileWorkRequest[]> {
    this.check(false);
    const pred = (r: MobileWorkRequest): boolean => r.personId === personId && hasDayInRange(r, from, to);
    return merge(this.state.requestsOfPerson(personId), this.requests, (r) => r.id, pred).sort(byCreated);
  }

  async listPendingForApprovers(approverIds: string[]): Promise<MobileWorkRequest[]> {
    this.check(false);
    const set = new Set(approverIds);
    const pred = (r: MobileWorkRequest): boolean => isPendingFor(r, set);
    return merge(this.state.pendingForApprovers(set), this.requests, (r) => r.id, pred).sort(byCreated);
  }

  async listActiveRequestsInRange(from: IsoDate, to: IsoDate): Promise<MobileWorkRequest[]> {
    this.check(false);
    const pred = (r: MobileWorkRequest): boolean => isActiveInRange(r, from, to);
    return merge(this.state.activeInRange(from, to), this.requests, (r) => r.id, pred).sort(byCreated);
  }

  async listPendingCreatedBefore(createdBefore: string): Promise<MobileWorkRequest[]> {
    this.check(false);
    const limit = Date.parse(createdBefore);
    const pred = (r: MobileWorkRequest): boolean => isPendingCreatedBefore(r, limit);
    return merge(this.state.pending(), this.requests, (r) => r.id, pred).sort(byCreated);
  }

  async listDelegations(managerId: string): Promise<Delegation[]> {
    this.check(false);
    const pred = (d: Delegation): boolean => d.managerId === managerId;
    return merge(this.state.delegationsOfManager(managerId), this.delegations, (d) => d.id, pred).sort(byCreated);
  }

  async listDelegationsToDeputy(deputyId: string): Promise<Delegation[]> {
    this.check(false);
    const pred = (d: Delegation): boolean => d.deputyId === deputyId;
    return merge(this.state.delegationsToDeputy(deputyId), this.delegations, (d) => d.id, pred).sort(byCreated);
  }

  async getConversation(userId: string): Promise<ConversationRecord | undefined> {
    this.check(false);
    const c = this.conversations.get(userId) ?? this.state.conversations.get(userId);
    return c;
  }

  async getJob(id: string): Promise<OutboxJob | undefined> {
    this.check(false);
    const j = this.jobs.get(id) ?? this.state.jobs.get(id);
    return j;
  }

  async listJobs(filter?: { status?: OutboxStatus; type?: string }): Promise<OutboxJob[]> {
    this.check(false);
    const pred = (j: OutboxJob): boolean => jobMatches(j, filter);
    return merge(this.state.jobsWithStatus(filter?.status), this.jobs, (j) => j.id, pred).sort(byCreated);
  }

  async getBooking(id: string): Promise<DeskBooking | undefined> {
    this.check(false);
    const b = this.bookings.get(id) ?? this.state.bookings.get(id);
    return b;
  }

  async listBookingsOnDate(date: IsoDate, deskIds?: readonly string[]): Promise<DeskBooking[]> {
    this.check(false);
    const desks = deskIds === undefined ? undefined : new Set(deskIds);
    const pred = (b: DeskBooking): boolean => b.date === date && (desks === undefined || desks.has(b.deskId));
    return merge(this.state.bookingsOnDate(date), this.bookings, (b) => b.id, pred).sort(byDateCreated);
  }

  async listBookingsOfPerson(personId: string, from?: IsoDate, to?: IsoDate): Promise<DeskBooking[]> {
    this.check(false);
    const pred = (b: DeskBooking): boolean => b.personId === personId && bookingInRange(b, from, to);
    return merge(this.state.bookingsOfPerson(personId), this.bookings, (b) => b.id, pred).sort(byDateCreated);
  }

  async listBookingsInRange(from: IsoDate, to: IsoDate): Promise<DeskBooking[]> {
    this.check(false);
    const pred = (b: DeskBooking): boolean => bookingInRange(b, from, to);
    return merge(this.state.bookingsInRange(from, to), this.bookings, (b) => b.id, pred).sort(byDateCreated);
  }

  async getSettings(personId: string): Promise<PersonSettings | undefined> {
    this.check(false);
    const p = this.settings.get(personId) ?? this.state.settings.get(personId);
    return p;
  }

  async listAbsencesOfPerson(personId: string, from: IsoDate, to: IsoDate): Promise<Absence[]> {
    this.check(false);
    const pred = (a: Absence): boolean => a.personId === personId && absenceInRange(a, from, to);
    return merge(this.state.absencesOfPerson(personId, from, to), this.absences, (a) => a.id, pred).sort(byDateId);
  }

  async listAbsencesOfEvent(personId: string, eventId: string): Promise<Absence[]> {
    this.check(false);
    const pred = (a: Absence): boolean => a.personId === personId && a.eventId === eventId;
    return merge(this.state.absencesOfEvent(personId, eventId), this.absences, (a) => a.id, pred).sort(byDateId);
  }

  /** Committed subscriptions minus those this tx removed. */
  private liveSubscriptions(committed: readonly CalendarSubscription[]): CalendarSubscription[] {
    return this.removedSubscriptions.size ? committed.filter((sub) => !this.removedSubscriptions.has(sub.id)) : [...committed];
  }

  async getSubscription(id: string): Promise<CalendarSubscription | undefined> {
    this.check(false);
    const own = this.subscriptions.get(id);
    const sub = own ?? (this.removedSubscriptions.has(id) ? undefined : this.state.subscriptions.get(id));
    return sub;
  }

  /** The person's subscription; should there be several, the one that lives longest. */
  async getSubscriptionOfPerson(personId: string): Promise<CalendarSubscription | undefined> {
    this.check(false);
    const pred = (sub: CalendarSubscription): boolean => sub.personId === personId;
    const all = merge(this.liveSubscriptions(this.state.subscriptionsOfPerson(personId)), this.subscriptions, (sub) => sub.id, pred);
    const last = all.sort(byExpiry).at(-1);
    return last;
  }

  async listSubscriptionsExpiringBefore(before: string): Promise<CalendarSubscription[]> {
    this.check(false);
    const limit = Date.parse(before);
    const pred = (sub: CalendarSubscription): boolean => Date.parse(sub.expiresAt) < limit;
    return merge(this.liveSubscriptions(this.state.subscriptionsExpiringBefore(limit)), this.subscriptions, (sub) => sub.id, pred)
      .sort(byExpiry);
  }

  async getVpnDraft(id: string): Promise<VpnDraft | undefined> {
    this.check(false);
    const d = this.vpnDrafts.get(id) ?? this.state.vpnDrafts.get(id);
    return d;
  }

  async getTicket(id: string): Promise<Ticket | undefined> {
    this.check(false);
    const t = this.tickets.get(id) ?? this.state.tickets.get(id);
    return t;
  }

  /** The ticket (own write or committed, not shadowed by an own write) holding `number`. */
  private ticketWithNumber(number: string): Ticket | undefined {
    for (const t of this.tickets.values()) if (t.number === number) return t;
    const committed = this.state.ticketByNumber(number);
    return committed && !this.tickets.has(committed.id) ? committed : undefined;
  }

  async getTicketByNumber(number: string): Promise<Ticket | undefined> {
    this.check(false);
    const t = this.ticketWithNumber(number);
    return t;
  }

  async listTicketsOfReporter(reporterId: string): Promise<Ticket[]> {
    this.check(false);
    const pred = (t: Ticket): boolean => t.reporterId === reporterId;
    return merge(this.state.ticketsOfReporter(reporterId), this.tickets, (t) => t.id, pred).sort(byCreatedDesc);
  }

  async listUnresolvedTickets(): Promise<Ticket[]> {
    this.check(false);
    return merge(this.state.ticketsUnresolved(), this.tickets, (t) => t.id, isUnresolvedTicket).sort(byCreated);
  }

  async listTicketsOfIncident(incidentId: string): Promise<Ticket[]> {
    this.check(false);
    const pred = (t: Ticket): boolean => t.incidentId === incidentId;
    return merge(this.state.ticketsOfIncident(incidentId), this.tickets, (t) => t.id, pred).sort(byCreated);
  }

  async getIncident(id: string): Promise<Incident | undefined> {
    this.check(false);
    const i = this.incidents.get(id) ?? this.state.incidents.get(id);
    return i;
  }

  async listOpenIncidents(): Promise<Incident[]> {
    this.check(false);
    return merge(this.state.incidentsOpen(), this.incidents, (i) => i.id, isOpenIncident).sort(byOpened);
  }

  async listIncidentsOfReporter(reporterId: string): Promise<Incident[]> {
    this.check(false);
    const pred = (i: Incident): boolean => i.linkedReporterIds.includes(reporterId);
    return merge(this.state.incidentsOfReporter(reporterId), this.incidents, (i) => i.id, pred)
      .sort((a, b) => byOpened(b, a))
      ;
  }

  async getVpnRecentReports(): Promise<RecentReport[]> {
    this.check(false);
    return [...(this.recentReports ?? this.state.vpnRecentReports)];
  }

  async getHelpfulness(): Promise<HelpfulnessCounters> {
    this.check(false);
    return this.helpfulness ?? this.state.helpfulness;
  }

  // ---------------------------------------------------------------- writes

  async putVpnDraft(draft: VpnDraft): Promise<void> {
    this.check(true);
    this.vpnDrafts.set(draft.id, frozenCopy(draft));
  }

  async putTicket(ticket: Ticket): Promise<void> {
    this.check(true);
    const holder = this.ticketWithNumber(ticket.number);
    if (holder && holder.id !== ticket.id) {
      throw new StoreConflictError(`ticket number ${ticket.number} is already used by ticket ${holder.id}; ticket ${ticket.id} not stored`);
    }
    this.tickets.set(ticket.id, frozenCopy(ticket));
  }

  async putIncident(incident: Incident): Promise<void> {
    this.check(true);
    this.incidents.set(incident.id, frozenCopy(incident));
  }

  async putVpnRecentReports(reports: readonly RecentReport[]): Promise<void> {
    this.check(true);
    this.recentReports = frozenCopy([...reports]);
  }

  async putHelpfulness(counters: HelpfulnessCounters): Promise<void> {
    this.check(true);
    this.helpfulness = frozenCopy(counters);
  }

  async putAbsence(absence: Absence): Promise<void> {
    this.check(true);
    this.absences.set(absence.id, frozenCopy(absence));
  }

  async putSubscription(subscription: CalendarSubscription): Promise<void> {
    this.check(true);
    this.removedSubscriptions.delete(subscription.id);
    this.subscriptions.set(subscription.id, frozenCopy(subscription));
  }

  /** Deletes a subscription; unknown ids are ignored (the delete is idempotent). */
  async removeSubscription(id: string): Promise<void> {
    this.check(true);
    this.subscriptions.delete(id);
    if (this.state.subscriptions.has(id)) this.removedSubscriptions.add(id);
  }

  async putBooking(booking: DeskBooking): Promise<DeskBooking> {
    this.check(true);
    const current = this.bookings.get(booking.id) ?? this.state.bookings.get(booking.id);
    if (current && current.version !== booking.version) {
      throw new StoreConflictError(
        `booking ${booking.id} was changed meanwhile (stored version ${current.version}, given ${booking.version})`,
      );
    }
    const stored: DeskBooking = frozenCopy({ ...booking, version: booking.version + 1 });
    this.bookings.set(stored.id, stored);
    return stored;
  }

  async putSettings(settings: PersonSettings): Promise<void> {
    this.check(true);
    this.settings.set(settings.personId, frozenCopy(settings));
  }

  /**
   * The store's own guard of the desk invariant, checked on the tx's final writes (so a tx may
   * cancel one booking and book its slot again in any order): no active booking written here may
   * overlap another active booking of the same desk and date. Throws StoreConflictError.
   */
  assertNoDoubleBooking(): void {
    for (const b of this.bookings.values()) {
      if (!isActiveBooking(b)) continue;
      const pred = (o: DeskBooking): boolean =>
        o.id !== b.id && o.deskId === b.deskId && o.date === b.date && isActiveBooking(o) && slotsOverlap(o.slot, b.slot);
      const clash = merge(this.state.bookingsOnDate(b.date), this.bookings, (o) => o.id, pred)[0];
      if (clash) {
        throw new StoreConflictError(
          `desk ${b.deskId} is already booked on ${b.date} (${clash.slot}, booking ${clash.id}); booking ${b.id} (${b.slot}) not stored`,
        );
      }
    }
  }

  async putRequest(request: MobileWorkRequest): Promise<MobileWorkRequest> {
    this.check(true);
    const current = this.requests.get(request.id) ?? this.state.requests.get(request.id);
    if (current && current.version !== request.version) {
      throw new StoreConflictError(
        `request ${request.id} was changed meanwhile (stored version ${current.version}, given ${request.version})`,
      );
    }
    const stored: MobileWorkRequest = frozenCopy({ ...request, version: request.version + 1 });
    this.requests.set(stored.id, stored);
    return stored;
  }

  async putDelegation(delegation: Delegation): Promise<void> {
    this.check(true);
    this.delegations.set(delegation.id, frozenCopy(delegation));
  }

  async putConversation(record: ConversationRecord): Promise<void> {
    this.check(true);
    this.conversations.set(record.userId, frozenCopy(record));
  }

  async enqueue(job: NewOutboxJob): Promise<OutboxJob> {
    this.check(true);
    if (job.dedupeKey !== undefined) {
      const ownId = this.jobIdsByDedupe.get(job.dedupeKey);
      const own = ownId === undefined ? undefined : this.jobs.get(ownId);
      const existing = own ?? this.state.jobByDedupeKey(job.dedupeKey);
      if (existing) return existing;
    }
    const id = job.id ?? randomUUID();
    if (this.jobs.has(id) || this.state.jobs.has(id)) throw new Error(`outbox job ${id} already exists`);
    const now = this.now().toISOString();
    const stored: OutboxJob = {
      id,
      type: job.type,
      payload: frozenCopy(job.payload),
      dueAt: job.dueAt ?? now,
      attempts: 0,
      status: 'pending',
      createdAt: now,
      ...(job.dedupeKey !== undefined ? { dedupeKey: job.dedupeKey } : {}),
    };
    deepFreeze(stored);
    this.jobs.set(id, stored);
    if (job.dedupeKey !== undefined) this.jobIdsByDedupe.set(job.dedupeKey, id);
    return stored;
  }

  async nextSequence(name: string): Promise<number> {
    this.check(true);
    const next = (this.sequences.get(name) ?? this.state.sequences.get(name) ?? 0) + 1;
    this.sequences.set(name, next);
    return next;
  }
}

/**
 * Runs a transaction callback on a buffered tx and returns its result with the changes to commit;
 * when the callback throws, the tx is closed and nothing is returned to commit.
 */
export async function runBuffered<T>(
  tx: BufferedTx,
  fn: (tx: StoreTx) => T | Promise<T>,
): Promise<{ result: T; changes: ChangeSet | undefined }> {
  let result: T;
  try {
    result = await fn(tx);
    tx.assertNoDoubleBooking();
  } catch (e) {
    tx.finish();
    throw e;
  }
  return { result, changes: tx.finish() };
}
