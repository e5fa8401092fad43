/**
 * The store port. Asynchronous and split per aggregate: each aggregate's readers and writers are a
 * small interface in `ports/` (requests and days, delegations, bookings and settings,
 * conversations, outbox jobs, VPN, calendar, sequences); `StoreReader` and `StoreTx` compose them.
 * Adapters: lowdb (embedded default) and PostgreSQL, all passing the same contract tests in
 * `test/store/store-contract.ts` (old history included).
 *
 * Records held by a store are immutable: a record is deep-frozen when it is written and reads hand
 * out the frozen object itself (no copy). To change one, copy it (`{ ...r, status }`) and write the
 * copy back with its `put*` method; a mutation of a returned record throws (ES modules are strict).
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
import type { Incident, Ticket, VpnDraft } from '../domain/vpn-model.js';
import type { RecentReport } from '../domain/vpn-outage.js';
import type { ChangeSet, DeletedIds } from './memory-state.js';
import type { BookingReader, BookingWriter } from './ports/bookings-and-settings.js';
import type { CalendarReader, CalendarWriter } from './ports/calendar.js';
import type { ConversationReader, ConversationWriter } from './ports/conversations.js';
import type { DelegationReader, DelegationWriter } from './ports/delegations.js';
import type { OutboxJobReader, OutboxJobWriter } from './ports/outbox-jobs.js';
import type { RequestReader, RequestWriter } from './ports/requests-and-days.js';
import type { SequenceWriter } from './ports/sequences.js';
import type { VpnReader, VpnWriter } from './ports/vpn.js';

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

/** Every reader of the port: the composition of the per-aggregate readers in `ports/`. */
export interface StoreReader
  extends RequestReader,
    DelegationReader,
    ConversationReader,
    OutboxJobReader,
    BookingReader,
    CalendarReader,
    VpnReader {}

/** A transaction: every reader plus every writer of the per-aggregate ports in `ports/`. */
export interface StoreTx
  extends StoreReader,
    RequestWriter,
    DelegationWriter,
    ConversationWriter,
    OutboxJobWriter,
    SequenceWriter,
    BookingWriter,
    CalendarWriter,
    VpnWriter {}

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
