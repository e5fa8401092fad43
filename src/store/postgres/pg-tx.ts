/**
 * The port's writes inside one PostgreSQL transaction: SQL statements run at once (a later read
 * in the same transaction sees them). Contested things are guarded by the database itself:
 * - optimistic versions of requests and bookings: `ON CONFLICT … WHERE version = given`;
 * - a desk half-day: UNIQUE (desk_id, date, half) of `booking_halves`, checked at COMMIT;
 * - a number sequence: `INSERT … ON CONFLICT DO UPDATE … RETURNING` (a row lock);
 * - a ticket number: UNIQUE `vpn_tickets.number`;
 * - everything a use case checked before writing (a person's quota, an org unit's day): the
 *   SERIALIZABLE isolation of the transaction (see pg-store.ts), which aborts one of two
 *   transactions whose reads and writes overlap, and the store runs it again.
 */
import { randomUUID } from 'node:crypto';
import type { Absence, CalendarSubscription } from '../../domain/calendar-model.js';
import type { DeskBooking, PersonSettings } from '../../domain/desk-model.js';
import type { Delegation, MobileWorkRequest } from '../../domain/model.js';
import type { HelpfulnessCounters } from '../../domain/vpn-knowledge-base.js';
import type { Incident, Ticket, VpnDraft } from '../../domain/vpn-model.js';
import type { RecentReport } from '../../domain/vpn-outage.js';
import { StoreConflictError, type ConversationRecord, type NewOutboxJob, type OutboxJob } from '../store.js';
import type { AsyncTx } from './async-port.js';
import { HELPFULNESS, PgReader, RECENT_REPORTS, requestDayKeys, type Queryable } from './pg-reader.js';
import { frozen } from './record-order.js';
import {
  isNewRecordTaken,
  writeAbsence,
  writeBooking,
  writeConversation,
  writeDelegation,
  writeIncident,
  writeRequest,
  writeSettings,
  writeSubscription,
  writeTicket,
  writeVpnDraft,
  writeVpnState,
} from './record-writes.js';

export class PgTx extends PgReader implements AsyncTx {
  constructor(
    db: Queryable,
    s: string,
    private readonly now: () => Date,
    /** `Store.read`: every write throws (the transaction is READ ONLY anyway). */
    readOnly = false,
  ) {
    super(db, s, readOnly);
  }

  /** The statements below go through `query` so that a serialization failure is remembered for the retry. */
  private readonly tracked: Queryable = { query: async (text, values) => ({ rows: await this.query(text, values), rowCount: null }) };

  private async storedVersion(table: 'requests' | 'bookings', id: string): Promise<number | undefined> {
    return (await this.query<{ version: number }>(`SELECT version FROM ${this.s}.${table} WHERE id = $1`, [id]))[0]?.version;
  }

  /** A new record's key was taken: the failed INSERT ended the transaction, every later call says why. */
  private broken: StoreConflictError | undefined;

  protected override check(write: boolean): void {
    if (this.broken) throw this.broken;
    super.check(write);
  }

  /** Runs a record write; a "new" record whose key exists is a conflict (and ends the transaction). */
  private async written(table: 'requests' | 'bookings', id: string, write: () => Promise<boolean>): Promise<boolean> {
    try {
      return await write();
    } catch (e) {
      if (!isNewRecordTaken(e, table)) throw e;
      this.broken = new StoreConflictError(`${table === 'requests' ? 'request' : 'booking'} ${id} already exists (given version 0)`);
      throw this.broken;
    }
  }

  async putRequest(request: MobileWorkRequest): Promise<MobileWorkRequest> {
    this.check(true);
    this.touch(`person:${request.personId}`, ...requestDayKeys(request.days.map((d) => d.date)));
    const stored = frozen({ ...structuredClone(request), version: request.version + 1 });
    if (!(await this.written('requests', request.id, () => writeRequest(this.tracked, this.s, stored, request.version)))) {
      const current = await this.storedVersion('requests', request.id);
      throw new StoreConflictError(`request ${request.id} was changed meanwhile (stored version ${current}, given ${request.version})`);
    }
    return stored;
  }

  async putBooking(booking: DeskBooking): Promise<DeskBooking> {
    this.check(true);
    this.touch(`bookings:${booking.date}`, `person:${booking.personId}`);
    const stored = frozen({ ...structuredClone(booking), version: booking.version + 1 });
    if (!(await this.written('bookings', booking.id, () => writeBooking(this.tracked, this.s, stored, booking.version)))) {
      const current = await this.storedVersion('bookings', booking.id);
      throw new StoreConflictError(`booking ${booking.id} was changed meanwhile (stored version ${current}, given ${booking.version})`);
    }
    return stored;
  }

  async putDelegation(delegation: Delegation): Promise<void> {
    this.check(true);
    await writeDelegation(this.tracked, this.s, delegation);
  }

  async putConversation(record: ConversationRecord): Promise<void> {
    this.check(true);
    await writeConversation(this.tracked, this.s, record);
  }

  async putSettings(settings: PersonSettings): Promise<void> {
    this.check(true);
    await writeSettings(this.tracked, this.s, settings);
  }

  async putAbsence(absence: Absence): Promise<void> {
    this.check(true);
    await writeAbsence(this.tracked, this.s, absence);
  }

  async putSubscription(subscription: CalendarSubscription): Promise<void> {
    this.check(true);
    await writeSubscription(this.tracked, this.s, subscription);
  }

  /** Deletes a subscription; unknown ids are ignored (the delete is idempotent). */
  async removeSubscription(id: string): Promise<void> {
    this.check(true);
    await this.query(`DELETE FROM ${this.s}.subscriptions WHERE id = $1`, [id]);
  }

  async putVpnDraft(draft: VpnDraft): Promise<void> {
    this.check(true);
    await writeVpnDraft(this.tracked, this.s, draft);
  }

  /** A number held by another ticket is refused before anything is written, so the tx stays usable. */
  async putTicket(ticket: Ticket): Promise<void> {
    this.check(true);
    const holder = (await this.query<{ id: string }>(`SELECT id FROM ${this.s}.vpn_tickets WHERE number = $1 AND id <> $2`, [ticket.number, ticket.id]))[0];
    if (holder) {
      throw new StoreConflictError(`ticket number ${ticket.number} is already used by ticket ${holder.id}; ticket ${ticket.id} not stored`);
    }
    await writeTicket(this.tracked, this.s, ticket);
  }

  async putIncident(incident: Incident): Promise<void> {
    this.check(true);
    await writeIncident(this.tracked, this.s, incident);
  }

  async putVpnRecentReports(reports: readonly RecentReport[]): Promise<void> {
    this.check(true);
    this.touch(`vpn:${RECENT_REPORTS}`);
    await writeVpnState(this.tracked, this.s, RECENT_REPORTS, reports);
  }

  async putHelpfulness(counters: HelpfulnessCounters): Promise<void> {
    this.check(true);
    this.touch(`vpn:${HELPFULNESS}`);
    await writeVpnState(this.tracked, this.s, HELPFULNESS, counters);
  }

  /** Inserts the job, or returns the job already holding its dedupe key. */
  async enqueue(job: NewOutboxJob): Promise<OutboxJob> {
    this.check(true);
    const now = this.now().toISOString();
    const stored: OutboxJob = frozen({
      id: job.id ?? randomUUID(),
      type: job.type,
      payload: structuredClone(job.payload),
      dueAt: job.dueAt ?? now,
      attempts: 0,
      status: 'pending',
      createdAt: now,
      ...(job.dedupeKey !== undefined ? { dedupeKey: job.dedupeKey } : {}),
    });
    const inserted = await this.query(
      `INSERT INTO ${this.s}.outbox_jobs (id, type, status, due_at, dedupe_key, created_at, doc)
       VALUES ($1, $2, 'pending', $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
      [stored.id, stored.type, stored.dueAt, stored.dedupeKey ?? null, stored.createdAt, JSON.stringify(stored)],
    );
    if (inserted.length === 1) return stored;
    if (job.dedupeKey !== undefined) {
      const existing = await this.doc<OutboxJob>(`SELECT doc FROM ${this.s}.outbox_jobs WHERE dedupe_key = $1`, [job.dedupeKey]);
      if (existing) return existing;
    }
    throw new Error(`outbox job ${stored.id} already exists`);
  }

  /** Next value of a named counter: the row is locked until this transaction ends. */
  async nextSequence(name: string): Promise<number> {
    this.check(true);
    this.touch(`seq:${name}`);
    const rows = await this.query<{ value: string }>(
      `INSERT INTO ${this.s}.sequences AS t (name, value) VALUES ($1, 1)
       ON CONFLICT (name) DO UPDATE SET value = t.value + 1 RETURNING value`,
      [name],
    );
    return Number(rows[0]!.value);
  }
}
