/**
 * Port of the VPN problem reports: drafts, tickets, incidents, the outage window (recent
 * reports) and the knowledge-base helpfulness counters. Returned records are frozen.
 */
import type { HelpfulnessCounters } from '../../domain/vpn-knowledge-base.js';
import type { Incident, Ticket, VpnDraft } from '../../domain/vpn-model.js';
import type { RecentReport } from '../../domain/vpn-outage.js';

export interface VpnReader {
  getVpnDraft(id: string): Promise<VpnDraft | undefined>;
  getTicket(id: string): Promise<Ticket | undefined>;
  /** By readable number, e.g. `VPN-2026-00042` (exact, upper case). */
  getTicketByNumber(number: string): Promise<Ticket | undefined>;
  /** A person's tickets (any status), newest first (createdAt, then id). */
  listTicketsOfReporter(reporterId: string): Promise<Ticket[]>;
  /** Tickets whose status is not `resolved`, oldest first (createdAt, then id). */
  listUnresolvedTickets(): Promise<Ticket[]>;
  /** Tickets linked to an incident (any status), oldest first. */
  listTicketsOfIncident(incidentId: string): Promise<Ticket[]>;
  getIncident(id: string): Promise<Incident | undefined>;
  /** Incidents with status `open`, oldest first (openedAt, then id). */
  listOpenIncidents(): Promise<Incident[]>;
  /** Incidents (any status) whose `linkedReporterIds` contain the person, newest first. */
  listIncidentsOfReporter(reporterId: string): Promise<Incident[]>;
  /** Reports still counting towards an outage (see domain/vpn-outage.ts); [] when never written. */
  getVpnRecentReports(): Promise<RecentReport[]>;
  /** How often each knowledge-base entry was shown / helped / escalated; {} when never written. */
  getHelpfulness(): Promise<HelpfulnessCounters>;
}

export interface VpnWriter {
  /** Insert or replace (by id). */
  putVpnDraft(draft: VpnDraft): Promise<void>;
  /** Insert or replace (by id); a `number` already used by another ticket is refused (StoreConflictError). */
  putTicket(ticket: Ticket): Promise<void>;
  /** Insert or replace (by id). */
  putIncident(incident: Incident): Promise<void>;
  /** Replace the whole list. */
  putVpnRecentReports(reports: readonly RecentReport[]): Promise<void>;
  /** Replace all counters. */
  putHelpfulness(counters: HelpfulnessCounters): Promise<void>;
}
