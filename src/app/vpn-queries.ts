/**
 * What people may see of VPN reports: reporters their own tickets and the outages they are
 * linked to ("meine Meldungen"); service-desk members every ticket with all details. Anyone else
 * asking for a ticket gets "not found", never a hint that the number exists.
 */
import { DomainError } from '../domain/errors.js';
import type { FanoutProgress } from '../domain/vpn-fanout-progress.js';
import type { Incident, Ticket } from '../domain/vpn-model.js';
import type { AppContext } from './app-context.js';
import type { VpnSettings } from './vpn-context.js';
import { readFanoutProgress } from './vpn-incident-progress.js';

export interface DeskTicketFacts {
  ticket: Ticket;
  /** The viewer belongs to the service desk (sees details, may act while not resolved). */
  member: boolean;
}

export interface DeskIncidentFacts {
  incident: Incident;
  member: boolean;
  /** Tickets opened for the pair before the outage was detected. */
  ticketCount: number;
  /** Once resolved: how many of the linked reporters have been told so far. */
  progress?: FanoutProgress;
}

export class VpnQueries {
  constructor(
    private readonly ctx: AppContext,
    private readonly vpn: VpnSettings,
  ) {}

  async myReports(userId: string): Promise<{ tickets: Ticket[]; incidents: Incident[] }> {
    return this.ctx.store.read(async (r) => ({ tickets: await r.listTicketsOfReporter(userId), incidents: await r.listIncidentsOfReporter(userId) }));
  }

  /** One of the person's own tickets. */
  async ownTicket(userId: string, ticketId: string): Promise<Ticket> {
    const t = await this.ctx.store.read((r) => r.getTicket(ticketId));
    if (!t || t.reporterId !== userId) throw new DomainError('TICKET_NOT_FOUND', 'no such ticket of this person');
    return t;
  }

  /** One of the person's own tickets by its readable number ("VPN-2026-00042"). */
  async ownTicketByNumber(userId: string, number: string): Promise<Ticket> {
    const t = await this.ctx.store.read((r) => r.getTicketByNumber(number.trim().toUpperCase()));
    if (!t || t.reporterId !== userId) throw new DomainError('TICKET_NOT_FOUND', 'no such ticket of this person', { number: number.slice(0, 20) });
    return t;
  }

  /** A ticket as the channel card shows it to `viewerId`. */
  async deskTicket(viewerId: string, ticketId: string): Promise<DeskTicketFacts> {
    const ticket = await this.ctx.store.read((r) => r.getTicket(ticketId));
    if (!ticket) throw new DomainError('TICKET_NOT_FOUND', 'no such ticket');
    return { ticket, member: await this.vpn.serviceDesk.isMember(viewerId) };
  }

  /**
   * Who the channel cards refresh for (Universal Actions `refresh.userIds`, at most `limit`): the
   * Teams id ("29:…") of desk members whose chat the bot knows, else their MRI `8:orgid:<object id>`.
   */
  async deskRefreshIds(limit: number): Promise<string[]> {
    const members = await this.vpn.serviceDesk.memberIds(limit);
    return this.ctx.store.read((r) => Promise.all(members.map(async (id) => (await r.getConversation(id))?.teamsUserId ?? `8:orgid:${id}`)));
  }

  /** The ticket for a job (no viewer): undefined when gone. */
  async ticket(ticketId: string): Promise<Ticket | undefined> {
    return this.ctx.store.read((r) => r.getTicket(ticketId));
  }

  async deskIncident(viewerId: string | undefined, incidentId: string): Promise<DeskIncidentFacts> {
    const found = await this.ctx.store.read(async (r) => {
      const incident = await r.getIncident(incidentId);
      if (!incident) return undefined;
      const progress = await readFanoutProgress(r, incident);
      return { incident, ticketCount: (await r.listTicketsOfIncident(incidentId)).length, ...(progress ? { progress } : {}) };
    });
    if (!found) throw new DomainError('INCIDENT_NOT_FOUND', 'no such incident');
    return { ...found, member: viewerId === undefined ? true : await this.vpn.serviceDesk.isMember(viewerId) };
  }
}
