/**
 * The retention rules: given the cutoff date of every kind, what happens to each stored record.
 * Pure; used by both store adapters through `planRewrite` (record-rules.ts).
 *
 * | record | age date | past its period |
 * |---|---|---|
 * | request (mobileWork) | last requested day (or end of a standing agreement, or creation) | anonymised; deleted after `statistics` |
 * | desk booking (deskBookings) | booked date | anonymised; deleted after `statistics` |
 * | check-in time (checkIns) | booked date | `checkedInAt` removed |
 * | VPN ticket (vpnTickets) | last change | anonymised; deleted after `statistics` |
 * | ticket texts (vpnTicketTexts) | last change of a resolved ticket | error text, device data, call-back number, conversation, solution text removed |
 * | VPN draft (vpnTicketTexts) | last change | deleted |
 * | outage window entry (vpnTicketTexts) | report time | deleted |
 * | outage (vpnTickets) | resolved at | linked reporters anonymised; deleted after `statistics` |
 * | delegation | last day (`to`) | deleted |
 * | conversation reference | last contact (`updatedAt`) | deleted |
 * | absence | date | deleted |
 * | calendar subscription (absences) | expiry | deleted |
 * | outbox job (outboxJobs), done or dead | done at, else due at | deleted; pending jobs are never touched |
 * | person settings | — | kept while the person uses the bot (erasure removes them) |
 */
import type { MobileWorkRequest } from '../domain/model.js';
import type { OutboxJob } from '../store/store.js';
import {
  anonymiseBooking,
  anonymiseIncident,
  anonymiseRequest,
  anonymiseTicket,
  hasTicketTexts,
  isAnonymousId,
  isAnonymousIncident,
  withoutCheckInTime,
  withoutTicketTexts,
} from './anonymise.js';
import { keep, type RecordRules } from './record-rules.js';
import type { RetentionCutoffs } from '../domain/retention-periods.js';

/** Last date a request concerns (days, a standing agreement's end, else its creation). */
export function requestAgeDate(r: MobileWorkRequest): string {
  let last = r.createdAt.slice(0, 10);
  for (const d of r.days) if (d.date > last) last = d.date;
  if (r.standing && r.standing.validTo > last) last = r.standing.validTo;
  return last;
}

/** Whether an ISO instant lies before the start (00:00 UTC) of `cutoff`. */
export function instantBefore(at: string | undefined, cutoff: string): boolean {
  if (at === undefined) return false;
  const t = Date.parse(at);
  return Number.isFinite(t) && t < Date.parse(`${cutoff}T00:00:00.000Z`);
}

export function jobAgeInstant(j: OutboxJob): string {
  return j.doneAt ?? j.dueAt;
}

export function retentionRules(c: RetentionCutoffs): RecordRules {
  return {
    request(r) {
      const age = requestAgeDate(r);
      if (isAnonymousId(r.personId)) return age < c.statistics ? { action: 'delete', kind: 'statistics' } : keep();
      return age < c.mobileWork ? { action: 'replace', record: anonymiseRequest(r), kind: 'mobileWork' } : keep();
    },
    booking(b) {
      if (isAnonymousId(b.personId)) return b.date < c.statistics ? { action: 'delete', kind: 'statistics' } : keep();
      if (b.date < c.deskBookings) return { action: 'replace', record: anonymiseBooking(b), kind: 'deskBookings' };
      if (b.checkedInAt !== undefined && b.date < c.checkIns) return { action: 'replace', record: withoutCheckInTime(b), kind: 'checkIns' };
      return keep();
    },
    ticket(t) {
      if (isAnonymousId(t.reporterId)) return instantBefore(t.updatedAt, c.statistics) ? { action: 'delete', kind: 'statistics' } : keep();
      if (instantBefore(t.updatedAt, c.vpnTickets)) return { action: 'replace', record: anonymiseTicket(t), kind: 'vpnTickets' };
      if (t.status === 'resolved' && hasTicketTexts(t) && instantBefore(t.updatedAt, c.vpnTicketTexts)) {
        return { action: 'replace', record: withoutTicketTexts(t), kind: 'vpnTicketTexts' };
      }
      return keep();
    },
    incident(i) {
      if (i.status !== 'resolved') return keep();
      const end = i.resolvedAt ?? i.openedAt;
      if (isAnonymousIncident(i)) return instantBefore(end, c.statistics) ? { action: 'delete', kind: 'statistics' } : keep();
      return instantBefore(end, c.vpnTickets) ? { action: 'replace', record: anonymiseIncident(i), kind: 'vpnTickets' } : keep();
    },
    draft: (d) => (instantBefore(d.updatedAt, c.vpnTicketTexts) ? { action: 'delete', kind: 'vpnTicketTexts' } : keep()),
    delegation: (d) => (d.to < c.delegations ? { action: 'delete', kind: 'delegations' } : keep()),
    conversation: (cv) => (instantBefore(cv.updatedAt, c.conversations) ? { action: 'delete', kind: 'conversations' } : keep()),
    absence: (a) => (a.date < c.absences ? { action: 'delete', kind: 'absences' } : keep()),
    subscription: (s) => (instantBefore(s.expiresAt, c.absences) ? { action: 'delete', kind: 'absences' } : keep()),
    job: (j) => (j.status !== 'pending' && instantBefore(jobAgeInstant(j), c.outboxJobs) ? { action: 'delete', kind: 'outboxJobs' } : keep()),
    settings: () => keep(),
    dropRecentReport: (r) => instantBefore(r.at, c.vpnTicketTexts),
  };
}
