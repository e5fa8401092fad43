/**
 * The port's reads inside one PostgreSQL transaction: each method is one indexed query (see
 * migrations.ts for the indexes), so old history is as visible as today's and a read costs what
 * it returns, not what the store holds. Records are the stored JSON documents, deep-frozen;
 * lists are ordered as the port promises (record-order.ts).
 */
import type { Absence, CalendarSubscription } from '../../domain/calendar-model.js';
import { addDays, daysBetween, type IsoDate } from '../../domain/dates.js';
import type { DeskBooking, PersonSettings } from '../../domain/desk-model.js';
import type { Delegation, MobileWorkRequest } from '../../domain/model.js';
import type { HelpfulnessCounters } from '../../domain/vpn-knowledge-base.js';
import type { Incident, Ticket, VpnDraft } from '../../domain/vpn-model.js';
import type { RecentReport } from '../../domain/vpn-outage.js';
import type { ConversationRecord, OutboxJob, OutboxStatus } from '../store.js';
import type { AsyncReader } from './async-port.js';
import { byCreated, byCreatedDesc, byDateCreated, byDateId, byExpiry, byOpened, frozen } from './record-order.js';
import { isConnectionError, isRetryable } from './pg-errors.js';

/** What a session needs of a connection: pg.PoolClient fits. */
export interface Queryable {
  query<R extends object>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
}

/** Names of the single-document rows in `vpn_state`. */
export const RECENT_REPORTS = 'recent-reports';
export const HELPFULNESS = 'helpfulness';

/** Lock names of the days a request range covers (up to two months; a wider read is not a contested check). */
export function requestDayKeys(dates: readonly IsoDate[]): string[] {
  const sorted = [...dates].sort();
  const first = sorted[0];
  const last = sorted.at(-1);
  if (first === undefined || last === undefined || daysBetween(first, last) > 62) return [];
  return Array.from({ length: daysBetween(first, last) + 1 }, (_, i) => `requests:${addDays(first, i)}`);
}

const NO_START = '-infinity';
const NO_END = 'infinity';

export class PgReader implements AsyncReader {
  private finished = false;
  private readonly keys = new Set<string>();
  /** The first error that makes the whole transaction worth running again (or the store unreachable). */
  failure: unknown;

  constructor(
    protected readonly db: Queryable,
    /** The schema, already validated. */
    protected readonly s: string,
    private readonly readOnly: boolean,
  ) {}

  /**
   * Names of the contested things this transaction read or wrote (a booking day, a person, a
   * request day, a sequence, a VPN state doc). After a serialization failure the runner takes
   * them as locks before it runs the transaction again, so that colliding retries queue instead
   * of colliding again (tx-runner.ts).
   */
  contested(): string[] {
    return [...this.keys];
  }

  protected touch(...keys: string[]): void {
    for (const k of keys) this.keys.add(k);
  }

  /** Ends the session: later calls throw. */
  finish(): void {
    this.finished = true;
  }

  protected check(write: boolean): void {
    if (this.finished) throw new Error('Store transaction already finished; use tx only inside its callback');
    if (write && this.readOnly) throw new Error('Store.read is read-only; use Store.transact to write');
  }

  /** One statement; remembers a serialization or connection failure even if the caller swallows it. */
  protected async query<R extends object>(text: string, values: unknown[] = []): Promise<R[]> {
    try {
      return (await this.db.query<R>(text, values)).rows;
    } catch (e) {
      if (this.failure === undefined && (isRetryable(e) || isConnectionError(e))) this.failure = e;
      throw e;
    }
  }

  protected async docs<T>(text: string, values: unknown[] = []): Promise<T[]> {
    return (await this.query<{ doc: T }>(text, values)).map((r) => frozen(r.doc));
  }

  protected async doc<T>(text: string, values: unknown[] = []): Promise<T | undefined> {
    return (await this.docs<T>(text, values))[0];
  }

  // ---------------------------------------------------------------- requests and delegations

  async getRequest(id: string): Promise<MobileWorkRequest | undefined> {
    this.check(false);
    return this.doc(`SELECT doc FROM ${this.s}.requests WHERE id = $1`, [id]);
  }

  async listRequestsOfPerson(personId: string, from?: IsoDate, to?: IsoDate): Promise<MobileWorkRequest[]> {
    this.check(false);
    this.touch(`person:${personId}`);
    const rows =
      from === undefined && to === undefined
        ? await this.docs<MobileWorkRequest>(`SELECT doc FROM ${this.s}.requests WHERE person_id = $1`, [personId])
        : await this.docs<MobileWorkRequest>(
            `SELECT r.doc FROM ${this.s}.requests r WHERE r.person_id = $1 AND EXISTS (
               SELECT 1 FROM ${this.s}.request_days d WHERE d.request_id = r.id AND d.date BETWEEN $2::date AND $3::date)`,
            [personId, from ?? NO_START, to ?? NO_END],
          );
    return rows.sort(byCreated);
  }

  async listPendingForApprovers(approverIds: string[]): Promise<MobileWorkRequest[]> {
    this.check(false);
    if (approverIds.length === 0) return [];
    const rows = await this.docs<MobileWorkRequest>(
      `SELECT doc FROM ${this.s}.requests WHERE status = 'pending' AND approver_id = ANY($1::text[])`,
      [approverIds],
    );
    return rows.sort(byCreated);
  }

  async listActiveRequestsInRange(from: IsoDate, to: IsoDate): Promise<MobileWorkRequest[]> {
    this.check(false);
    this.touch(...requestDayKeys([from, to]));
    const rows = await this.docs<MobileWorkRequest>(
      // The ids first (index-only on request_days_active_date), then the requests by primary key:
      // a hash join would read every request of every year.
      `SELECT r.doc FROM ${this.s}.requests r WHERE r.id = ANY(ARRAY(
         SELECT DISTINCT d.request_id FROM ${this.s}.request_days d
          WHERE d.status IN ('pending', 'approved') AND d.date BETWEEN $1::date AND $2::date))`,
      [from, to],
    );
    return rows.sort(byCreated);
  }

  async listPendingCreatedBefore(createdBefore: string): Promise<MobileWorkRequest[]> {
    this.check(false);
    const limit = Date.parse(createdBefore);
    const rows = await this.docs<MobileWorkRequest>(
      `SELECT doc FROM ${this.s}.requests WHERE status = 'pending' AND created_at < $1::timestamptz AND NOT (doc ? 'remindedAt')`,
      [createdBefore],
    );
    return rows.filter((r) => r.remindedAt === undefined && Date.parse(r.createdAt) < limit).sort(byCreated);
  }

  async listDelegations(managerId: string): Promise<Delegation[]> {
    this.check(false);
    return (await this.docs<Delegation>(`SELECT doc FROM ${this.s}.delegations WHERE manager_id = $1`, [managerId])).sort(byCreated);
  }

  async listDelegationsToDeputy(deputyId: string): Promise<Delegation[]> {
    this.check(false);
    return (await this.docs<Delegation>(`SELECT doc FROM ${this.s}.delegations WHERE deputy_id = $1`, [deputyId])).sort(byCreated);
  }

  async getConversation(userId: string): Promise<ConversationRecord | undefined> {
    this.check(false);
    return this.doc(`SELECT doc FROM ${this.s}.conversations WHERE user_id = $1`, [userId]);
  }

  // ---------------------------------------------------------------- outbox

  async getJob(id: string): Promise<OutboxJob | undefined> {
    this.check(false);
    return this.doc(`SELECT doc FROM ${this.s}.outbox_jobs WHERE id = $1`, [id]);
  }

  async listJobs(filter?: { status?: OutboxStatus; type?: string }): Promise<OutboxJob[]> {
    this.check(false);
    const where: string[] = [];
    const values: unknown[] = [];
    if (filter?.type !== undefined) where.push(`type = $${values.push(filter.type)}`);
    if (filter?.status !== undefined) where.push(`status = $${values.push(filter.status)}`);
    const rows = await this.docs<OutboxJob>(
      `SELECT doc FROM ${this.s}.outbox_jobs${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`,
      values,
    );
    return rows.sort(byCreated);
  }

  // ---------------------------------------------------------------- desk sharing

  async getBooking(id: string): Promise<DeskBooking | undefined> {
    this.check(false);
    return this.doc(`SELECT doc FROM ${this.s}.bookings WHERE id = $1`, [id]);
  }

  async listBookingsOnDate(date: IsoDate, deskIds?: readonly string[]): Promise<DeskBooking[]> {
    this.check(false);
    this.touch(`bookings:${date}`);
    const rows =
      deskIds === undefined
        ? await this.docs<DeskBooking>(`SELECT doc FROM ${this.s}.bookings WHERE date = $1::date`, [date])
        : deskIds.length === 0
          ? []
          : await this.docs<DeskBooking>(`SELECT doc FROM ${this.s}.bookings WHERE date = $1::date AND desk_id = ANY($2::text[])`, [
              date,
              deskIds,
            ]);
    return rows.sort(byDateCreated);
  }

  async listBookingsOfPerson(personId: string, from?: IsoDate, to?: IsoDate): Promise<DeskBooking[]> {
    this.check(false);
    this.touch(`person:${personId}`);
    const rows = await this.docs<DeskBooking>(
      `SELECT doc FROM ${this.s}.bookings WHERE person_id = $1 AND date BETWEEN $2::date AND $3::date`,
      [personId, from ?? NO_START, to ?? NO_END],
    );
    return rows.sort(byDateCreated);
  }

  async listBookingsInRange(from: IsoDate, to: IsoDate): Promise<DeskBooking[]> {
    this.check(false);
    const rows = await this.docs<DeskBooking>(`SELECT doc FROM ${this.s}.bookings WHERE date BETWEEN $1::date AND $2::date`, [from, to]);
    return rows.sort(byDateCreated);
  }

  async getSettings(personId: string): Promise<PersonSettings | undefined> {
    this.check(false);
    return this.doc(`SELECT doc FROM ${this.s}.settings WHERE person_id = $1`, [personId]);
  }

  // ---------------------------------------------------------------- calendar

  async listAbsencesOfPerson(personId: string, from: IsoDate, to: IsoDate): Promise<Absence[]> {
    this.check(false);
    const rows = await this.docs<Absence>(
      `SELECT doc FROM ${this.s}.absences WHERE person_id = $1 AND date BETWEEN $2::date AND $3::date`,
      [personId, from, to],
    );
    return rows.sort(byDateId);
  }

  async listAbsencesOfEvent(personId: string, eventId: string): Promise<Absence[]> {
    this.check(false);
    const rows = await this.docs<Absence>(`SELECT doc FROM ${this.s}.absences WHERE person_id = $1 AND event_id = $2`, [personId, eventId]);
    return rows.sort(byDateId);
  }

  async getSubscription(id: string): Promise<CalendarSubscription | undefined> {
    this.check(false);
    return this.doc(`SELECT doc FROM ${this.s}.subscriptions WHERE id = $1`, [id]);
  }

  /** The person's subscription; should there be several, the one that lives longest. */
  async getSubscriptionOfPerson(personId: string): Promise<CalendarSubscription | undefined> {
    this.check(false);
    const rows = await this.docs<CalendarSubscription>(`SELECT doc FROM ${this.s}.subscriptions WHERE person_id = $1`, [personId]);
    return rows.sort(byExpiry).at(-1);
  }

  async listSubscriptionsExpiringBefore(before: string): Promise<CalendarSubscription[]> {
    this.check(false);
    const limit = Date.parse(before);
    const rows = await this.docs<CalendarSubscription>(`SELECT doc FROM ${this.s}.subscriptions WHERE expires_at < $1::timestamptz`, [before]);
    return rows.filter((sub) => Date.parse(sub.expiresAt) < limit).sort(byExpiry);
  }

  // ---------------------------------------------------------------- VPN problem reports

  async getVpnDraft(id: string): Promise<VpnDraft | undefined> {
    this.check(false);
    return this.doc(`SELECT doc FROM ${this.s}.vpn_drafts WHERE id = $1`, [id]);
  }

  async getTicket(id: string): Promise<Ticket | undefined> {
    this.check(false);
    return this.doc(`SELECT doc FROM ${this.s}.vpn_tickets WHERE id = $1`, [id]);
  }

  async getTicketByNumber(number: string): Promise<Ticket | undefined> {
    this.check(false);
    return this.doc(`SELECT doc FROM ${this.s}.vpn_tickets WHERE number = $1`, [number]);
  }

  async listTicketsOfReporter(reporterId: string): Promise<Ticket[]> {
    this.check(false);
    return (await this.docs<Ticket>(`SELECT doc FROM ${this.s}.vpn_tickets WHERE reporter_id = $1`, [reporterId])).sort(byCreatedDesc);
  }

  async listUnresolvedTickets(): Promise<Ticket[]> {
    this.check(false);
    return (await this.docs<Ticket>(`SELECT doc FROM ${this.s}.vpn_tickets WHERE status <> 'resolved'`)).sort(byCreated);
  }

  async listTicketsOfIncident(incidentId: string): Promise<Ticket[]> {
    this.check(false);
    return (await this.docs<Ticket>(`SELECT doc FROM ${this.s}.vpn_tickets WHERE incident_id = $1`, [incidentId])).sort(byCreated);
  }

  async getIncident(id: string): Promise<Incident | undefined> {
    this.check(false);
    return this.doc(`SELECT doc FROM ${this.s}.vpn_incidents WHERE id = $1`, [id]);
  }

  async listOpenIncidents(): Promise<Incident[]> {
    this.check(false);
    return (await this.docs<Incident>(`SELECT doc FROM ${this.s}.vpn_incidents WHERE status = 'open'`)).sort(byOpened);
  }

  async listIncidentsOfReporter(reporterId: string): Promise<Incident[]> {
    this.check(false);
    const rows = await this.docs<Incident>(`SELECT doc FROM ${this.s}.vpn_incidents WHERE doc -> 'linkedReporterIds' ? $1`, [reporterId]);
    return rows.sort((a, b) => byOpened(b, a));
  }

  async getVpnRecentReports(): Promise<RecentReport[]> {
    this.check(false);
    this.touch(`vpn:${RECENT_REPORTS}`);
    // A new array of frozen reports: the caller may build the next window from it.
    return [...((await this.doc<RecentReport[]>(`SELECT doc FROM ${this.s}.vpn_state WHERE name = $1`, [RECENT_REPORTS])) ?? [])];
  }

  async getHelpfulness(): Promise<HelpfulnessCounters> {
    this.check(false);
    this.touch(`vpn:${HELPFULNESS}`);
    return (await this.doc<HelpfulnessCounters>(`SELECT doc FROM ${this.s}.vpn_state WHERE name = $1`, [HELPFULNESS])) ?? frozen({});
  }
}
