/**
 * The store port. One interface, several adapters (lowdb embedded default, PostgreSQL later),
 * all passing the same contract tests in `test/store/store-contract.ts`.
 *
 * Every change happens in `transact`: the callback reads and writes through `tx`; when it returns,
 * all its writes (records and outbox jobs) become durable together before the promise resolves;
 * when it throws, none of them happen. Transactions are serialised, so a check followed by a write
 * inside one transaction cannot race with another transaction (quota, capacity, double booking).
 */
import type { IsoDate } from '../domain/dates.js';
import type { Absence, CalendarSubscription } from '../domain/calendar-model.js';
import type { DeskBooking, PersonSettings } from '../domain/desk-model.js';
import type { Delegation, MobileWorkRequest } from '../domain/model.js';
import type { HelpfulnessCounters } from '../domain/vpn-knowledge-base.js';
import type { Incident, Ticket, VpnDraft } from '../domain/vpn-model.js';
import type { RecentReport } from '../domain/vpn-outage.js';
import type { ChangeSet, DeletedIds } from './memory-state.js';

/** A Teams conversation reference of a user's personal chat with the bot (for proactive sends). */
export interface ConversationRecord {
  userId: string; // aadObjectId
  conversationId: string;
  serviceUrl: string;
  tenantId?: string;
  channelId: string;
  botId: string;
  /** Teams user id (29:...) of the user in this conversation. */
  teamsUserId?: string;
  locale?: string;
  updatedAt: string;
}

export type OutboxStatus = 'pending' | 'done' | 'dead';

export interface OutboxJob {
  id: string;
  /** Handler name, e.g. "teams.send", "teams.update", "approval.remind". */
  type: string;
  /** JSON-serialisable payload; handlers parse it with zod. */
  payload: unknown;
  /** Earliest time to run (ISO timestamp). */
  dueAt: string;
  attempts: number;
  status: OutboxStatus;
  lastError?: string;
  createdAt: string;
  /** Jobs with the same key are never enqueued twice (idempotency of the cause). */
  dedupeKey?: string;
  /** While claimed by a worker: until when (ISO); expired claims can be taken again. */
  lockedUntil?: string;
  doneAt?: string;
  /** Result of a successful run, e.g. the activity id a send returned. */
  result?: unknown;
}

/** Job types of one outbox lane: `types` only, or every type except `excludeTypes`. */
export interface JobTypeFilter {
  types?: readonly string[];
  excludeTypes?: readonly string[];
}

/** Whether a job type passes the filter (no filter: every type). */
export function matchesJobType(type: string, filter: JobTypeFilter | undefined): boolean {
  if (!filter) return true;
  if (filter.types && !filter.types.includes(type)) return false;
  if (filter.excludeTypes?.includes(type)) return false;
  return true;
}

export type NewOutboxJob = Pick<OutboxJob, 'type' | 'payload'> &
  Partial<Pick<OutboxJob, 'id' | 'dueAt' | 'dedupeKey'>>;

export interface StoreReader {
  getRequest(id: string): MobileWorkRequest | undefined;
  /** Requests of a person that have at least one day in [from, to] (any status). */
  listRequestsOfPerson(personId: string, from?: IsoDate, to?: IsoDate): MobileWorkRequest[];
  /** Requests with status 'pending' whose approverId is one of `approverIds`. */
  listPendingForApprovers(approverIds: string[]): MobileWorkRequest[];
  /** All requests with a pending or approved day in [from, to] (capacity, team coverage). */
  listActiveRequestsInRange(from: IsoDate, to: IsoDate): MobileWorkRequest[];
  /** Pending requests created before `createdBefore` that have not been reminded. */
  listPendingCreatedBefore(createdBefore: string): MobileWorkRequest[];
  listDelegations(managerId: string): Delegation[];
  /** Delegations naming this person as deputy. */
  listDelegationsToDeputy(deputyId: string): Delegation[];
  getConversation(userId: string): ConversationRecord | undefined;
  getJob(id: string): OutboxJob | undefined;
  listJobs(filter?: { status?: OutboxStatus; type?: string }): OutboxJob[];

  // ---- desk sharing
  getBooking(id: string): DeskBooking | undefined;
  /** Every booking (any status) on one date, optionally only for these desks. Indexed by date. */
  listBookingsOnDate(date: IsoDate, deskIds?: readonly string[]): DeskBooking[];
  /** A person's bookings (any status) with a date in [from, to] (open ends allowed). */
  listBookingsOfPerson(personId: string, from?: IsoDate, to?: IsoDate): DeskBooking[];
  /** Every booking (any status) with a date in [from, to], for reports. */
  listBookingsInRange(from: IsoDate, to: IsoDate): DeskBooking[];
  getSettings(personId: string): PersonSettings | undefined;

  // ---- calendar (Microsoft Graph)
  /** A person's absences (active or not) with a date in [from, to]. */
  listAbsencesOfPerson(personId: string, from: IsoDate, to: IsoDate): Absence[];
  /** Absences (active or not) that come from one calendar event. */
  listAbsencesOfEvent(personId: string, eventId: string): Absence[];
  getSubscription(id: string): CalendarSubscription | undefined;
  getSubscriptionOfPerson(personId: string): CalendarSubscription | undefined;
  /** Subscriptions expiring before `before` (ISO timestamp), for renewal. */
  listSubscriptionsExpiringBefore(before: string): CalendarSubscription[];

  // ---- VPN problem reports
  getVpnDraft(id: string): VpnDraft | undefined;
  getTicket(id: string): Ticket | undefined;
  /** By readable number, e.g. `VPN-2026-00042` (exact, upper case). */
  getTicketByNumber(number: string): Ticket | undefined;
  /** A person's tickets (any status), newest first (createdAt, then id). */
  listTicketsOfReporter(reporterId: string): Ticket[];
  /** Tickets whose status is not `resolved`, oldest first (createdAt, then id). */
  listUnresolvedTickets(): Ticket[];
  /** Tickets linked to an incident (any status), oldest first. */
  listTicketsOfIncident(incidentId: string): Ticket[];
  getIncident(id: string): Incident | undefined;
  /** Incidents with status `open`, oldest first (openedAt, then id). */
  listOpenIncidents(): Incident[];
  /** Incidents (any status) whose `linkedReporterIds` contain the person, newest first. */
  listIncidentsOfReporter(reporterId: string): Incident[];
  /** Reports still counting towards an outage (see domain/vpn-outage.ts); [] when never written. */
  getVpnRecentReports(): RecentReport[];
  /** How often each knowledge-base entry was shown / helped / escalated; {} when never written. */
  getHelpfulness(): HelpfulnessCounters;
}

export interface StoreTx extends StoreReader {
  /** Insert or replace; the store bumps `version` and rejects a stale one (StoreConflictError). */
  putRequest(request: MobileWorkRequest): MobileWorkRequest;
  putDelegation(delegation: Delegation): void;
  putConversation(record: ConversationRecord): void;
  /** Queue a side effect to run after this transaction commits. Returns the job (dedupe → existing). */
  enqueue(job: NewOutboxJob): OutboxJob;
  /** Next value of a named counter (e.g. "request-2026" for readable numbers). */
  nextSequence(name: string): number;
  /** Insert or replace a desk booking; optimistic versioning as for requests (StoreConflictError). */
  putBooking(booking: DeskBooking): DeskBooking;
  putSettings(settings: PersonSettings): void;
  /** Insert or replace an absence (by id). */
  putAbsence(absence: Absence): void;
  /** Insert or replace a subscription (by id); `removeSubscription` deletes one. */
  putSubscription(subscription: CalendarSubscription): void;
  removeSubscription(id: string): void;
  /** Insert or replace (by id). */
  putVpnDraft(draft: VpnDraft): void;
  /** Insert or replace (by id); a `number` already used by another ticket is refused (StoreConflictError). */
  putTicket(ticket: Ticket): void;
  /** Insert or replace (by id). */
  putIncident(incident: Incident): void;
  /** Replace the whole list. */
  putVpnRecentReports(reports: readonly RecentReport[]): void;
  /** Replace all counters. */
  putHelpfulness(counters: HelpfulnessCounters): void;
}

export interface Store {
  transact<T>(fn: (tx: StoreTx) => T | Promise<T>): Promise<T>;
  read<T>(fn: (reader: StoreReader) => T | Promise<T>): Promise<T>;

  /**
   * Outbox worker API. Claim up to `limit` pending jobs due at `now`, locking them until `lockUntil`.
   * With `filter`, only jobs of those types (or of every type but those): one outbox lane's jobs.
   */
  claimDueJobs(now: string, lockUntil: string, limit: number, filter?: JobTypeFilter): Promise<OutboxJob[]>;
  completeJob(id: string, doneAt: string, result?: unknown): Promise<void>;
  /** Record a failure: back to pending with a new dueAt, or 'dead' when `dead` is true. */
  failJob(id: string, error: string, nextDueAt: string, dead: boolean): Promise<void>;
  /** Earliest dueAt of a pending job (of the filter's types, if given), for the worker's sleep. */
  nextDueAt(filter?: JobTypeFilter): Promise<string | undefined>;

  /** Throws when the store cannot be used (readiness probe). */
  ping(): Promise<void>;
  /** Flush everything and release files/connections. Further calls fail. */
  close(): Promise<void>;
}

/** Stored records of every table that can hold personal data, as stored (privacy export, retention). */
export interface RecordSet {
  requests: MobileWorkRequest[];
  bookings: DeskBooking[];
  tickets: Ticket[];
  incidents: Incident[];
  vpnDrafts: VpnDraft[];
  delegations: Delegation[];
  conversations: ConversationRecord[];
  absences: Absence[];
  subscriptions: CalendarSubscription[];
  jobs: OutboxJob[];
  settings: PersonSettings[];
  vpnRecentReports: RecentReport[];
}

export type RecordTable = Exclude<keyof RecordSet, 'vpnRecentReports'>;

/**
 * Which records `rewriteRecords` hands to the plan. An adapter may hand more (the plan decides
 * record by record) but never fewer than those described.
 * - `mentioning`: every record whose stored form contains any of the texts (a person id, their record ids).
 * - `olderThan`: per table, every record whose age date (see src/privacy/retention-rules.ts) is
 *   before the given ISO date; a table not named is not looked at.
 */
export type RecordScope = { mentioning: readonly string[] } | { olderThan: Partial<Record<RecordTable | 'vpnRecentReports', IsoDate>> };

/** What a plan returns: upserts (whole records), deletions by id, and its own result. */
export interface RecordRewrite<C> {
  changes: ChangeSet;
  deleted: DeletedIds;
  result: C;
}

/**
 * Data-protection maintenance (src/privacy): reading and rewriting records beyond any working set.
 * Implemented by both adapters; not part of `Store` so that test doubles of the port stay small.
 */
export interface RecordMaintenance {
  /** Every record whose stored form mentions `text` (e.g. a person id), including old history. */
  findRecords(mentioning: string): Promise<RecordSet>;
  /**
   * Hands the records of `scope` to `plan` (in one or more batches, each its own transaction) and
   * makes each batch's changes durable. lowdb compacts afterwards, so that no journal or
   * snapshot file keeps a removed record's old form. Returns each batch's result.
   */
  rewriteRecords<C>(scope: RecordScope, plan: (records: RecordSet) => RecordRewrite<C>): Promise<C[]>;
}

export type MaintainableStore = Store & RecordMaintenance;

export class StoreConflictError extends Error {
  readonly code = 'STORE_CONFLICT';
  constructor(message: string) {
    super(message);
    this.name = 'StoreConflictError';
  }
}
