/**
 * Erasure of one person (Art. 17 DSGVO): the rules for `npm run privacy -- erase <person>`.
 * Pure; used by both store adapters through `planRewrite`.
 *
 * Removed or anonymised: the person's finished requests and past bookings (anonymised, so the
 * aggregated reports keep their counts), resolved VPN tickets (anonymised), VPN drafts, their
 * place in outages (a placeholder keeps the count), ended delegations, absences, calendar
 * subscriptions, settings, the entries of the outage window, finished outbox jobs about the
 * person or their records, and the conversation reference when nothing of theirs is still open.
 *
 * Kept, with the reason (Art. 17 Abs. 3 DSGVO; the CLI prints them):
 * - open processes: pending requests and days still pending or approved from today on, active
 *   bookings from today on, unresolved VPN tickets, current delegations, pending outbox jobs,
 *   and then the conversation reference that tells the person their outcome. Withdraw or cancel
 *   them (or wait), then erase again.
 * - records of other people that name the person in a role (approver or decider of a request,
 *   deputy, assignee of a ticket, author of an answer in someone else's ticket): they document
 *   the other person's process and go with that record's retention period.
 * - the audit trail (who accessed or erased what, with the person id as parameter): proof of
 *   lawful processing (Art. 5 Abs. 2 DSGVO), deleted after the `audit` period.
 */
import type { IsoDate } from '../domain/dates.js';
import type { MobileWorkRequest } from '../domain/model.js';
import type { OutboxJob } from '../store/store.js';
import { anonymiseBooking, anonymiseRequest, anonymiseTicket, withoutReporter } from './anonymise.js';
import { keep, type RecordRules } from './record-rules.js';

export const KEPT_OPEN = 'offener Vorgang (erst zurückziehen/stornieren oder abwarten)';
export const KEPT_OTHER = 'Datensatz einer anderen Person (Rolle als Genehmigende/r, Vertretung oder Bearbeiter/in); gelöscht mit dessen Frist';
export const KEPT_NEEDED = 'für Benachrichtigungen zu offenen Vorgängen nötig';

function isOpenRequest(r: MobileWorkRequest, today: IsoDate): boolean {
  return r.status === 'pending' || r.days.some((d) => (d.status === 'pending' || d.status === 'approved') && d.date >= today);
}

/** Whether the job's payload names the person or one of the given record ids. */
function jobMentions(j: OutboxJob, personId: string, recordIds: ReadonlySet<string>): boolean {
  const payload = j.payload;
  if (payload === null || typeof payload !== 'object') return false;
  return Object.values(payload as Record<string, unknown>).some((v) => typeof v === 'string' && (v === personId || recordIds.has(v)));
}

/**
 * `recordIds`: ids of the person's own requests, bookings and tickets (for the outbox jobs about
 * them); `open`: whether anything of the person stays open (then the conversation is kept).
 */
export function eraseRules(personId: string, today: IsoDate, recordIds: ReadonlySet<string>, open: boolean): RecordRules {
  return {
    request(r) {
      if (r.personId !== personId) {
        return r.approverId === personId || r.decision?.by === personId ? keep('mobileWork', KEPT_OTHER) : keep();
      }
      return isOpenRequest(r, today) ? keep('mobileWork', KEPT_OPEN) : { action: 'replace', record: anonymiseRequest(r), kind: 'mobileWork' };
    },
    booking(b) {
      if (b.personId !== personId) return keep();
      const active = b.status === 'booked' || b.status === 'checked-in';
      return active && b.date >= today ? keep('deskBookings', KEPT_OPEN) : { action: 'replace', record: anonymiseBooking(b), kind: 'deskBookings' };
    },
    ticket(t) {
      if (t.reporterId !== personId) {
        const role = t.assigneeId === personId || t.conversation.some((m) => m.authorId === personId);
        return role ? keep('vpnTickets', KEPT_OTHER) : keep();
      }
      return t.status === 'resolved' ? { action: 'replace', record: anonymiseTicket(t), kind: 'vpnTickets' } : keep('vpnTickets', KEPT_OPEN);
    },
    incident(i) {
      if (i.linkedReporterIds.includes(personId)) {
        return i.status === 'open' ? keep('vpnTickets', KEPT_OPEN) : { action: 'replace', record: withoutReporter(i, personId), kind: 'vpnTickets' };
      }
      return i.resolvedBy === personId ? keep('vpnTickets', KEPT_OTHER) : keep();
    },
    draft: (d) => (d.reporterId === personId ? { action: 'delete', kind: 'vpnTicketTexts' } : keep()),
    delegation(d) {
      if (d.managerId !== personId && d.deputyId !== personId) return keep();
      return d.to < today || d.revoked === true ? { action: 'delete', kind: 'delegations' } : keep('delegations', KEPT_OPEN);
    },
    conversation(c) {
      if (c.userId !== personId) return keep();
      return open ? keep('conversations', KEPT_NEEDED) : { action: 'delete', kind: 'conversations' };
    },
    absence: (a) => (a.personId === personId ? { action: 'delete', kind: 'absences' } : keep()),
    subscription: (s) => (s.personId === personId ? { action: 'delete', kind: 'absences' } : keep()),
    job(j) {
      if (!jobMentions(j, personId, recordIds)) return keep();
      return j.status === 'pending' ? keep('outboxJobs', KEPT_OPEN) : { action: 'delete', kind: 'outboxJobs' };
    },
    settings: (p) => (p.personId === personId ? { action: 'delete', kind: 'settings' } : keep()),
    dropRecentReport: (r) => r.reporterId === personId,
  };
}

/** What `eraseRules` needs to know first: the person's record ids and whether anything stays open. */
export function eraseContext(
  personId: string,
  today: IsoDate,
  own: { requests: readonly MobileWorkRequest[]; bookings: readonly { id: string; personId: string; status: string; date: IsoDate }[]; tickets: readonly { id: string; reporterId: string; status: string }[]; delegations: readonly { managerId: string; deputyId: string; to: IsoDate; revoked?: boolean }[] },
): { recordIds: Set<string>; open: boolean } {
  const requests = own.requests.filter((r) => r.personId === personId);
  const bookings = own.bookings.filter((b) => b.personId === personId);
  const tickets = own.tickets.filter((t) => t.reporterId === personId);
  const recordIds = new Set([...requests.map((r) => r.id), ...bookings.map((b) => b.id), ...tickets.map((t) => t.id)]);
  const open =
    requests.some((r) => isOpenRequest(r, today)) ||
    bookings.some((b) => (b.status === 'booked' || b.status === 'checked-in') && b.date >= today) ||
    tickets.some((t) => t.status !== 'resolved') ||
    own.delegations.some((d) => (d.managerId === personId || d.deputyId === personId) && d.to >= today && d.revoked !== true);
  return { recordIds, open };
}
