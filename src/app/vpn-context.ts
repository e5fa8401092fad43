/**
 * What the VPN use cases need besides the AppContext: the knowledge base, who belongs to the
 * service desk, and which hand-overs are configured. Built once at start (composition.ts).
 */
import type { KnowledgeBase } from '../domain/vpn-knowledge-base.js';
import { DomainError } from '../domain/errors.js';
import type { TicketRefusal } from '../domain/vpn-ticket.js';
import { TICKET_TEXT_LIMIT } from '../domain/vpn-ticket.js';

/** Service-desk membership (a configured list and/or an Entra group); never throws. */
export interface ServiceDeskPort {
  isMember(userId: string): Promise<boolean>;
  /** Up to `limit` member ids (for Universal Actions refresh of channel cards). */
  memberIds(limit?: number): Promise<string[]>;
}

export interface VpnSettings {
  knowledgeBase: KnowledgeBase;
  serviceDesk: ServiceDeskPort;
  /** An ITSM tool is configured: tickets are handed over through the outbox. */
  itsm: boolean;
}

/** A refused ticket transition as a domain error with a stable code. */
export function refusalError(code: TicketRefusal): DomainError {
  switch (code) {
    case 'NOT_DESK_MEMBER':
      return new DomainError('NOT_DESK_MEMBER', 'only service-desk members may do this');
    // Not the reporter: answer as if the ticket did not exist (no hint that the number is taken).
    case 'NOT_REPORTER':
      return new DomainError('TICKET_NOT_FOUND', 'not the reporter of this ticket');
    case 'ALREADY_TAKEN':
      return new DomainError('TICKET_ALREADY_TAKEN', 'someone else has taken the ticket');
    case 'WRONG_STATUS':
      return new DomainError('TICKET_WRONG_STATUS', 'not possible in this status');
    case 'EMPTY_TEXT':
      return new DomainError('TEXT_EMPTY', 'empty text');
    case 'TEXT_TOO_LONG':
      return new DomainError('TEXT_TOO_LONG', 'text too long', { max: TICKET_TEXT_LIMIT });
  }
}

/** No knowledge base, nobody in the service desk, no ITSM: for wiring that does not use VPN reports. */
export const NO_VPN_SETTINGS: VpnSettings = {
  knowledgeBase: { entries: [] },
  serviceDesk: { isMember: () => Promise.resolve(false), memberIds: () => Promise.resolve([]) },
  itsm: false,
};
