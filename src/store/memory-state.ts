/**
 * The committed state of a store held in memory: maps by id plus secondary indexes, so that the
 * reader queries of the port touch only the records they return (never a scan of all history).
 *
 * Records in these maps are deep-frozen (see `apply`) and never mutated: a change replaces the
 * whole record. That makes a shallow copy of the maps a consistent point-in-time view (used by
 * compaction) and lets readers receive the stored objects themselves, without a copy.
 */
import type { Absence, CalendarSubscription } from '../domain/calendar-model.js';
import { addDays, daysBetween, type IsoDate } from '../domain/dates.js';
import type { BookingSlot, BookingStatus, DeskBooking, PersonSettings } from '../domain/desk-model.js';
import type { Delegation, MobileWorkRequest } from '../domain/model.js';
import type { HelpfulnessCounters } from '../domain/vpn-knowledge-base.js';
import type { Incident, Ticket, VpnDraft } from '../domain/vpn-model.js';
import type { RecentReport } from '../domain/vpn-outage.js';
import { deepFreeze } from './frozen.js';
import type { ConversationRecord, OutboxJob, OutboxStatus, RecordSet, RecordTable } from './store.js';

/** Everything one transaction (or one outbox call) changes: whole records, upserted by id. */
export interface ChangeSet {
  requests?: MobileWorkRequest[];
  delegations?: Delegation[];
  conversations?: ConversationRecord[];
  jobs?: OutboxJob[];
  /** New values of named counters. */
  sequences?: Record<string, number>;
  bookings?: DeskBooking[];
  settings?: PersonSettings[];
  absences?: Absence[];
  subscriptions?: CalendarSubscription[];
  /** Ids of subscriptions deleted. Never also in `subscriptions` of the same change set. */
  removedSubscriptions?: string[];
  vpnDrafts?: VpnDraft[];
  tickets?: Ticket[];
  incidents?: Incident[];
  /** The whole new list (replaces the stored one). */
  vpnRecentReports?: RecentReport[];
  /** All new counters (replace the stored ones). */
  helpfulness?: HelpfulnessCounters;
  /** Records removed by retention or erasure (src/privacy), applied after the upserts. */
  deleted?: DeletedIds;
}

/** Ids of deleted records per table (conversations and settings by person id). */
export interface DeletedIds {
  requests?: string[];
  bookings?: string[];
  tickets?: string[];
  incidents?: string[];
  vpnDrafts?: string[];
  delegations?: string[];
  conversations?: string[];
  absences?: string[];
  subscriptions?: string[];
  jobs?: string[];
  settings?: string[];
}

/** The serialised form of a whole state (the lowdb snapshot body). */
export interface StateData {
  requests: MobileWorkRequest[];
  delegations: Delegation[];
  conversations: ConversationRecord[];
  jobs: OutboxJob[];
  sequences: Record<string, number>;
  /** Optional on input: snapshots written before desk sharing have neither key. */
  bookings?: DeskBooking[];
  settings?: PersonSettings[];
  /** Optional on input: snapshots written before the calendar sync have neither key. */
  absences?: Absence[];
  subscriptions?: CalendarSubscription[];
  /** Optional on input: snapshots written before the VPN problem reports have none of these keys. */
  vpnDrafts?: VpnDraft[];
  tickets?: Ticket[];
  incidents?: Incident[];
  vpnRecentReports?: RecentReport[];
  helpfulness?: HelpfulnessCounters;
}

// ------------------------------------------------------------------ predicates shared with tx

const ACTIVE_DAY = new Set(['pending', 'approved']);

export function hasDayInRange(r: MobileWorkRequest, from?: IsoDate, to?: IsoDate): boolean {
  if (from === undefined && to === undefined) return true;
  return r.days.some((d) => (from === undefined || d.date >= from) && (to === undefined || d.date <= to));
}

export function isActiveInRange(r: MobileWorkRequest, from: IsoDate, to: IsoDate): boolean {
  return r.days.some((d) => ACTIVE_DAY.has(d.status) && d.date >= from && d.date <= to);
}

export function isPendingFor(r: MobileWorkRequest, approvers: ReadonlySet<string>): boolean {
  return r.status === 'pending' && r.approverId !== undefined && approvers.has(r.approverId);
}

export function isPendingCreatedBefore(r: MobileWorkRequest, createdBefore: number): boolean {
  return r.status === 'pending' && r.remindedAt === undefined && Date.parse(r.createdAt) < createdBefore;
}

export function jobMatches(j: OutboxJob, filter?: { status?: OutboxStatus; type?: string }): boolean {
  return (filter?.status === undefined || j.status === filter.status) && (filter?.type === undefined || j.type === filter.type);
}

const ACTIVE_BOOKING: ReadonlySet<BookingStatus> = new Set<BookingStatus>(['booked', 'checked-in']);

/** A booking that occupies its desk (booked or checked in). */
export function isActiveBooking(b: Pick<DeskBooking, 'status'>): boolean {
  return ACTIVE_BOOKING.has(b.status);
}

/** Half days a slot occupies: a 'day' booking occupies both. */
export function slotHalves(slot: BookingSlot): ('morning' | 'afternoon')[] {
  return slot === 'day' ? ['morning', 'afternoon'] : [slot];
}

export function slotsOverlap(a: BookingSlot, b: BookingSlot): boolean {
  return a === 'day' || b === 'day' || a === b;
}

export function absenceInRange(a: Absence, from: IsoDate, to: IsoDate): boolean {
  return a.date >= from && a.date <= to;
}

/** Earlier expiry first, then by id (timestamps compared as instants, whatever their offset). */
export function byExpiry(a: CalendarSubscription, b: CalendarSubscription): number {
  return Date.parse(a.expiresAt) - Date.parse(b.expiresAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function isUnresolvedTicket(t: Pick<Ticket, 'status'>): boolean {
  return t.status !== 'resolved';
}

export function isOpenIncident(i: Pick<Incident, 'status'>): boolean {
  return i.status === 'open';
}

export function bookingInRange(b: DeskBooking, from?: IsoDate, to?: IsoDate): boolean {
  return (from === undefined || b.date >= from) && (to === undefined || b.date <= to);
}

// ------------------------------------------------------------------ index helpers

function addTo<K>(index: Map<K, Set<string>>, key: K, id: string): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(id);
}

function removeFrom<K>(index: Map<K, Set<string>>, key: K, id: string): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) index.delete(key);
}

/** Key of the person+event index (JSON: no separator can collide). */
function personEventKey(personId: string, eventId: string): string {
  return JSON.stringify([personId, eventId]);
}

function pick<T>(map: ReadonlyMap<string, T>, ids: Iterable<string> | undefined): T[] {
  const out: T[] = [];
  if (!ids) return out;
  for (const id of ids) {
    const v = map.get(id);
    if (v !== undefined) out.push(v);
  }
  return out;
}

export class MemoryState {
  readonly requests = new Map<string, MobileWorkRequest>();
  readonly delegations = new Map<string, Delegation>();
  readonly conversations = new Map<string, ConversationRecord>();
  readonly jobs = new Map<string, OutboxJob>();
  readonly sequences = new Map<string, number>();
  readonly bookings = new Map<string, DeskBooking>();
  readonly settings = new Map<string, PersonSettings>();
  readonly absences = new Map<string, Absence>();
  readonly subscriptions = new Map<string, CalendarSubscription>();
  readonly vpnDrafts = new Map<string, VpnDraft>();
  readonly tickets = new Map<string, Ticket>();
  readonly incidents = new Map<string, Incident>();
  /** Replaced as a whole, never mutated (see `apply`). */
  private recentReports: readonly RecentReport[] = [];
  private helpfulnessCounters: HelpfulnessCounters = {};

  private readonly requestsByPerson = new Map<string, Set<string>>();
  private readonly pendingByApprover = new Map<string, Set<string>>();
  private readonly pendingRequests = new Set<string>();
  private readonly activeByDate = new Map<IsoDate, Set<string>>();
  private readonly delegationsByManager = new Map<string, Set<string>>();
  private readonly delegationsByDeputy = new Map<string, Set<string>>();
  private readonly jobsByDedupe = new Map<string, string>();
  private readonly jobsByStatus = new Map<OutboxStatus, Set<string>>();
  private readonly bookingsByDate = new Map<IsoDate, Set<string>>();
  private readonly bookingsByPerson = new Map<string, Set<string>>();
  /** personId -> date -> absence ids. */
  private readonly absencesByPersonDate = new Map<string, Map<IsoDate, Set<string>>>();
  /** personEventKey(personId, eventId) -> absence ids. */
  private readonly absencesByPersonEvent = new Map<string, Set<string>>();
  private readonly subscriptionsByPerson = new Map<string, Set<string>>();
  /** Ticket number -> ticket id (numbers are unique, see BufferedTx.putTicket). */
  private readonly ticketsByNumber = new Map<string, string>();
  private readonly ticketsByReporter = new Map<string, Set<string>>();
  private readonly unresolvedTickets = new Set<string>();
  private readonly ticketsByIncident = new Map<string, Set<string>>();
  private readonly openIncidents = new Set<string>();
  /** Linked reporter id -> incident ids. */
  private readonly incidentsByReporter = new Map<string, Set<string>>();

  static fromData(data: StateData): MemoryState {
    const state = new MemoryState();
    state.apply(data);
    return state;
  }

  toData(): StateData {
    return {
      requests: [...this.requests.values()],
      delegations: [...this.delegations.values()],
      conversations: [...this.conversations.values()],
      jobs: [...this.jobs.values()],
      sequences: Object.fromEntries(this.sequences),
      bookings: [...this.bookings.values()],
      settings: [...this.settings.values()],
      absences: [...this.absences.values()],
      subscriptions: [...this.subscriptions.values()],
      vpnDrafts: [...this.vpnDrafts.values()],
      tickets: [...this.tickets.values()],
      incidents: [...this.incidents.values()],
      vpnRecentReports: [...this.recentReports],
      helpfulness: this.helpfulnessCounters,
    };
  }

  /**
   * Upsert every record of the change set. The records become owned by the state and are
   * deep-frozen here (in place: pass fresh objects, e.g. parsed from the journal, or frozen ones).
   */
  apply(changes: ChangeSet): void {
    for (const r of changes.requests ?? []) this.setRequest(deepFreeze(r));
    for (const d of changes.delegations ?? []) this.setDelegation(deepFreeze(d));
    for (const c of changes.conversations ?? []) this.conversations.set(c.userId, deepFreeze(c));
    for (const j of changes.jobs ?? []) this.setJob(deepFreeze(j));
    for (const [name, value] of Object.entries(changes.sequences ?? {})) this.sequences.set(name, value);
    for (const b of changes.bookings ?? []) this.setBooking(deepFreeze(b));
    for (const p of changes.settings ?? []) this.settings.set(p.personId, deepFreeze(p));
    for (const a of changes.absences ?? []) this.setAbsence(deepFreeze(a));
    for (const sub of changes.subscriptions ?? []) this.setSubscription(deepFreeze(sub));
    for (const id of changes.removedSubscriptions ?? []) this.deleteSubscription(id);
    for (const d of changes.vpnDrafts ?? []) this.vpnDrafts.set(d.id, deepFreeze(d));
    for (const t of changes.tickets ?? []) this.setTicket(deepFreeze(t));
    for (const i of changes.incidents ?? []) this.setIncident(deepFreeze(i));
    if (changes.vpnRecentReports !== undefined) this.recentReports = deepFreeze(changes.vpnRecentReports);
    if (changes.helpfulness !== undefined) this.helpfulnessCounters = deepFreeze(changes.helpfulness);
    if (changes.deleted) this.remove(changes.deleted);
  }

  /** Deletes records by id with their index entries; unknown ids are ignored. */
  private remove(d: DeletedIds): void {
    for (const id of d.requests ?? []) {
      const old = this.requests.get(id);
      if (old) this.unindexRequest(old);
      this.requests.delete(id);
    }
    for (const id of d.bookings ?? []) {
      const old = this.bookings.get(id);
      if (!old) continue;
      removeFrom(this.bookingsByDate, old.date, id);
      removeFrom(this.bookingsByPerson, old.personId, id);
      this.bookings.delete(id);
    }
    for (const id of d.tickets ?? []) {
      const old = this.tickets.get(id);
      if (!old) continue;
      if (this.ticketsByNumber.get(old.number) === id) this.ticketsByNumber.delete(old.number);
      removeFrom(this.ticketsByReporter, old.reporterId, id);
      this.unresolvedTickets.delete(id);
      if (old.incidentId !== undefined) removeFrom(this.ticketsByIncident, old.incidentId, id);
      this.tickets.delete(id);
    }
    for (const id of d.incidents ?? []) {
      const old = this.incidents.get(id);
      if (!old) continue;
      this.openIncidents.delete(id);
      for (const r of old.linkedReporterIds) removeFrom(this.incidentsByReporter, r, id);
      this.incidents.delete(id);
    }
    for (const id of d.vpnDrafts ?? []) this.vpnDrafts.delete(id);
    for (const id of d.delegations ?? []) {
      const old = this.delegations.get(id);
      if (!old) continue;
      removeFrom(this.delegationsByManager, old.managerId, id);
      removeFrom(this.delegationsByDeputy, old.deputyId, id);
      this.delegations.delete(id);
    }
    for (const id of d.conversations ?? []) this.conversations.delete(id);
    for (const id of d.absences ?? []) {
      const old = this.absences.get(id);
      if (!old) continue;
      const dates = this.absencesByPersonDate.get(old.personId);
      if (dates) {
        removeFrom(dates, old.date, id);
        if (dates.size === 0) this.absencesByPersonDate.delete(old.personId);
      }
      removeFrom(this.absencesByPersonEvent, personEventKey(old.personId, old.eventId), id);
      this.absences.delete(id);
    }
    for (const id of d.subscriptions ?? []) this.deleteSubscription(id);
    for (const id of d.jobs ?? []) {
      const old = this.jobs.get(id);
      if (!old) continue;
      removeFrom(this.jobsByStatus, old.status, id);
      if (old.dedupeKey !== undefined && this.jobsByDedupe.get(old.dedupeKey) === id) this.jobsByDedupe.delete(old.dedupeKey);
      this.jobs.delete(id);
    }
    for (const id of d.settings ?? []) this.settings.delete(id);
  }

  // ---------------------------------------------------------------- VPN: tickets

  private setTicket(t: Ticket): void {
    const old = this.tickets.get(t.id);
    if (old) {
      if (this.ticketsByNumber.get(old.number) === old.id) this.ticketsByNumber.delete(old.number);
      removeFrom(this.ticketsByReporter, old.reporterId, old.id);
      this.unresolvedTickets.delete(old.id);
      if (old.incidentId !== undefined) removeFrom(this.ticketsByIncident, old.incidentId, old.id);
    }
    this.tickets.set(t.id, t);
    this.ticketsByNumber.set(t.number, t.id);
    addTo(this.ticketsByReporter, t.reporterId, t.id);
    if (isUnresolvedTicket(t)) this.unresolvedTickets.add(t.id);
    if (t.incidentId !== undefined) addTo(this.ticketsByIncident, t.incidentId, t.id);
  }

  ticketByNumber(number: string): Ticket | undefined {
    const id = this.ticketsByNumber.get(number);
    return id === undefined ? undefined : this.tickets.get(id);
  }

  ticketsOfReporter(reporterId: string): Ticket[] {
    return pick(this.tickets, this.ticketsByReporter.get(reporterId));
  }

  /** Tickets not resolved: a small set (open work), not history. */
  ticketsUnresolved(): Ticket[] {
    return pick(this.tickets, this.unresolvedTickets);
  }

  ticketsOfIncident(incidentId: string): Ticket[] {
    return pick(this.tickets, this.ticketsByIncident.get(incidentId));
  }

  // ---------------------------------------------------------------- VPN: incidents

  private setIncident(i: Incident): void {
    const old = this.incidents.get(i.id);
    if (old) {
      this.openIncidents.delete(old.id);
      for (const r of old.linkedReporterIds) removeFrom(this.incidentsByReporter, r, old.id);
    }
    this.incidents.set(i.id, i);
    if (isOpenIncident(i)) this.openIncidents.add(i.id);
    for (const r of i.linkedReporterIds) addTo(this.incidentsByReporter, r, i.id);
  }

  /** Open incidents: a small set (current outages), not history. */
  incidentsOpen(): Incident[] {
    return pick(this.incidents, this.openIncidents);
  }

  incidentsOfReporter(reporterId: string): Incident[] {
    return pick(this.incidents, this.incidentsByReporter.get(reporterId));
  }

  // ---------------------------------------------------------------- VPN: outage window, helpfulness

  get vpnRecentReports(): readonly RecentReport[] {
    return this.recentReports;
  }

  get helpfulness(): HelpfulnessCounters {
    return this.helpfulnessCounters;
  }

  // ---------------------------------------------------------------- calendar: absences

  private setAbsence(a: Absence): void {
    const old = this.absences.get(a.id);
    if (old) {
      const dates = this.absencesByPersonDate.get(old.personId);
      if (dates) {
        removeFrom(dates, old.date, old.id);
        if (dates.size === 0) this.absencesByPersonDate.delete(old.personId);
      }
      removeFrom(this.absencesByPersonEvent, personEventKey(old.personId, old.eventId), old.id);
    }
    this.absences.set(a.id, a);
    let dates = this.absencesByPersonDate.get(a.personId);
    if (!dates) this.absencesByPersonDate.set(a.personId, (dates = new Map()));
    addTo(dates, a.date, a.id);
    addTo(this.absencesByPersonEvent, personEventKey(a.personId, a.eventId), a.id);
  }

  /** A person's absences with a date in [from, to]; touches only those dates' records. */
  absencesOfPerson(personId: string, from: IsoDate, to: IsoDate): Absence[] {
    const dates = this.absencesByPersonDate.get(personId);
    if (!dates || to < from) return [];
    const out: Absence[] = [];
    const span = daysBetween(from, to) + 1;
    if (span <= dates.size) {
      for (let i = 0, d = from; i < span; i++) {
        out.push(...pick(this.absences, dates.get(d)));
        d = addDays(d, 1);
      }
    } else {
      for (const [date, set] of dates) {
        if (date >= from && date <= to) out.push(...pick(this.absences, set));
      }
    }
    return out;
  }

  absencesOfEvent(personId: string, eventId: string): Absence[] {
    return pick(this.absences, this.absencesByPersonEvent.get(personEventKey(personId, eventId)));
  }

  // ---------------------------------------------------------------- calendar: subscriptions

  private setSubscription(sub: CalendarSubscription): void {
    const old = this.subscriptions.get(sub.id);
    if (old) removeFrom(this.subscriptionsByPerson, old.personId, old.id);
    this.subscriptions.set(sub.id, sub);
    addTo(this.subscriptionsByPerson, sub.personId, sub.id);
  }

  private deleteSubscription(id: string): void {
    const old = this.subscriptions.get(id);
    if (!old) return;
    this.subscriptions.delete(id);
    removeFrom(this.subscriptionsByPerson, old.personId, id);
  }

  subscriptionsOfPerson(personId: string): CalendarSubscription[] {
    return pick(this.subscriptions, this.subscriptionsByPerson.get(personId));
  }

  /**
   * Subscriptions expiring before `before` (ms). A scan of all subscriptions: there is at most
   * about one per person (bounded by the staff, not by history), so no expiry index is kept.
   */
  subscriptionsExpiringBefore(before: number): CalendarSubscription[] {
    const out: CalendarSubscription[] = [];
    for (const sub of this.subscriptions.values()) if (Date.parse(sub.expiresAt) < before) out.push(sub);
    return out;
  }

  // ---------------------------------------------------------------- desk bookings

  private setBooking(b: DeskBooking): void {
    const old = this.bookings.get(b.id);
    if (old) {
      removeFrom(this.bookingsByDate, old.date, old.id);
      removeFrom(this.bookingsByPerson, old.personId, old.id);
    }
    this.bookings.set(b.id, b);
    addTo(this.bookingsByDate, b.date, b.id);
    addTo(this.bookingsByPerson, b.personId, b.id);
  }

  /** Every booking on `date` (any status); touches only that date's records. */
  bookingsOnDate(date: IsoDate): DeskBooking[] {
    return pick(this.bookings, this.bookingsByDate.get(date));
  }

  /** Candidates only (all of the person's bookings); callers filter by date. */
  bookingsOfPerson(personId: string): DeskBooking[] {
    return pick(this.bookings, this.bookingsByPerson.get(personId));
  }

  bookingsInRange(from: IsoDate, to: IsoDate): DeskBooking[] {
    if (to < from) return [];
    const out: DeskBooking[] = [];
    const span = daysBetween(from, to) + 1;
    if (span <= this.bookingsByDate.size) {
      for (let i = 0, d = from; i < span; i++) {
        out.push(...pick(this.bookings, this.bookingsByDate.get(d)));
        d = addDays(d, 1);
      }
    } else {
      for (const [date, set] of this.bookingsByDate) {
        if (date >= from && date <= to) out.push(...pick(this.bookings, set));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- requests

  private setRequest(r: MobileWorkRequest): void {
    const old = this.requests.get(r.id);
    if (old) this.unindexRequest(old);
    this.requests.set(r.id, r);
    addTo(this.requestsByPerson, r.personId, r.id);
    if (r.status === 'pending') {
      this.pendingRequests.add(r.id);
      if (r.approverId !== undefined) addTo(this.pendingByApprover, r.approverId, r.id);
    }
    for (const d of r.days) if (ACTIVE_DAY.has(d.status)) addTo(this.activeByDate, d.date, r.id);
  }

  private unindexRequest(r: MobileWorkRequest): void {
    removeFrom(this.requestsByPerson, r.personId, r.id);
    this.pendingRequests.delete(r.id);
    if (r.approverId !== undefined) removeFrom(this.pendingByApprover, r.approverId, r.id);
    for (const d of r.days) removeFrom(this.activeByDate, d.date, r.id);
  }

  /** Candidates only; callers filter with the predicates above. */
  requestsOfPerson(personId: string): MobileWorkRequest[] {
    return pick(this.requests, this.requestsByPerson.get(personId));
  }

  pendingForApprovers(approvers: Iterable<string>): MobileWorkRequest[] {
    const out: MobileWorkRequest[] = [];
    for (const a of new Set(approvers)) out.push(...pick(this.requests, this.pendingByApprover.get(a)));
    return out;
  }

  pending(): MobileWorkRequest[] {
    return pick(this.requests, this.pendingRequests);
  }

  activeInRange(from: IsoDate, to: IsoDate): MobileWorkRequest[] {
    if (to < from) return [];
    const ids = new Set<string>();
    const span = daysBetween(from, to) + 1;
    if (span <= this.activeByDate.size) {
      for (let i = 0, d = from; i < span; i++) {
        for (const id of this.activeByDate.get(d) ?? []) ids.add(id);
        d = addDays(d, 1);
      }
    } else {
      for (const [date, set] of this.activeByDate) {
        if (date >= from && date <= to) for (const id of set) ids.add(id);
      }
    }
    return pick(this.requests, ids);
  }

  // ---------------------------------------------------------------- delegations

  private setDelegation(d: Delegation): void {
    const old = this.delegations.get(d.id);
    if (old) {
      removeFrom(this.delegationsByManager, old.managerId, old.id);
      removeFrom(this.delegationsByDeputy, old.deputyId, old.id);
    }
    this.delegations.set(d.id, d);
    addTo(this.delegationsByManager, d.managerId, d.id);
    addTo(this.delegationsByDeputy, d.deputyId, d.id);
  }

  delegationsOfManager(managerId: string): Delegation[] {
    return pick(this.delegations, this.delegationsByManager.get(managerId));
  }

  delegationsToDeputy(deputyId: string): Delegation[] {
    return pick(this.delegations, this.delegationsByDeputy.get(deputyId));
  }

  // ---------------------------------------------------------------- outbox jobs

  private setJob(j: OutboxJob): void {
    const old = this.jobs.get(j.id);
    if (old) {
      removeFrom(this.jobsByStatus, old.status, old.id);
      if (old.dedupeKey !== undefined && this.jobsByDedupe.get(old.dedupeKey) === old.id) {
        this.jobsByDedupe.delete(old.dedupeKey);
      }
    }
    this.jobs.set(j.id, j);
    addTo(this.jobsByStatus, j.status, j.id);
    if (j.dedupeKey !== undefined) this.jobsByDedupe.set(j.dedupeKey, j.id);
  }

  jobByDedupeKey(key: string): OutboxJob | undefined {
    const id = this.jobsByDedupe.get(key);
    return id === undefined ? undefined : this.jobs.get(id);
  }

  jobsWithStatus(status?: OutboxStatus): OutboxJob[] {
    if (status === undefined) return [...this.jobs.values()];
    return pick(this.jobs, this.jobsByStatus.get(status));
  }

  /** Removes done jobs finished before `before` (ms). Returns how many were removed. */
  pruneDoneJobs(before: number): number {
    let removed = 0;
    for (const job of this.jobsWithStatus('done')) {
      if (job.doneAt !== undefined && Date.parse(job.doneAt) < before) {
        this.jobs.delete(job.id);
        removeFrom(this.jobsByStatus, 'done', job.id);
        if (job.dedupeKey !== undefined && this.jobsByDedupe.get(job.dedupeKey) === job.id) {
          this.jobsByDedupe.delete(job.dedupeKey);
        }
        removed++;
      }
    }
    return removed;
  }
}

// ------------------------------------------------------------------ record sets (src/privacy)

export const RECORD_TABLES: readonly RecordTable[] = [
  'requests',
  'bookings',
  'tickets',
  'incidents',
  'vpnDrafts',
  'delegations',
  'conversations',
  'absences',
  'subscriptions',
  'jobs',
  'settings',
];

/** A record set with every table empty. */
export function emptyRecordSet(): RecordSet {
  return {
    requests: [],
    bookings: [],
    tickets: [],
    incidents: [],
    vpnDrafts: [],
    delegations: [],
    conversations: [],
    absences: [],
    subscriptions: [],
    jobs: [],
    settings: [],
    vpnRecentReports: [],
  };
}

/** The committed records of `tables` that pass `match` (the state's own objects: do not mutate). */
export function recordSetOf(state: MemoryState, tables: readonly RecordTable[], match: (r: unknown) => boolean): RecordSet {
  const pick = <T>(table: RecordTable, map: ReadonlyMap<string, T>): T[] => (tables.includes(table) ? [...map.values()].filter(match) : []);
  return {
    requests: pick('requests', state.requests),
    bookings: pick('bookings', state.bookings),
    tickets: pick('tickets', state.tickets),
    incidents: pick('incidents', state.incidents),
    vpnDrafts: pick('vpnDrafts', state.vpnDrafts),
    delegations: pick('delegations', state.delegations),
    conversations: pick('conversations', state.conversations),
    absences: pick('absences', state.absences),
    subscriptions: pick('subscriptions', state.subscriptions),
    jobs: pick('jobs', state.jobs),
    settings: pick('settings', state.settings),
    vpnRecentReports: state.vpnRecentReports.filter(match),
  };
}

